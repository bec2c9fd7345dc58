//! Phrases: longer runs of Chinese characters as words of their own, for
//! the beginnings that many documents have, so that a phrase is found
//! exactly and what a query downloads does not grow with the archive.
//!
//! The bucket files of `b/` hold every character and pair
//! ([`super::index::Builder::add`]).
//! A pair that more than [`FREQUENT`] documents have is *extended*: every
//! three characters that begin with it, wherever they occur, are words of
//! `g3/`; a three of `g3/` in more than FREQUENT documents is extended into
//! fours (`g4/`), and so on up to [`LONGEST`] characters. So for a phrase of
//! up to LONGEST characters, `search.js` finds either
//!
//! - the phrase itself as a word: every beginning of it was extended, and
//!   the word's documents are exactly those having the phrase; or
//! - a beginning of it in at most FREQUENT documents, not extended: it
//!   checks those few documents' records for the phrase; or
//! - an extended beginning without the next character: no document has
//!   the phrase.
//!
//! A longer phrase is found by its pieces of LONGEST characters; documents
//! having every piece are checked against their records when there are at
//! most FREQUENT of them (docs/architecture.md, "Search").
//!
//! Which beginnings are extended depends on the whole archive, so the
//! lengths are made one after the other ([`Level`]), each over every
//! document. Runs are numbers here, 18 bits a character (every Chinese
//! character is below U+40000, see [`super::tokens::is_han`]), as
//! [`super::tokens::han`] numbers pairs.

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::index::{
    Encoded, GROUP_SHIFT, GROUPS, MAX_BUCKETS, Numbered, STRETCH_ROOM, Summed, Text, bucket_count,
    finished_by_group, in_stretches,
};
use super::tokens::is_han;

/// Beginnings in more documents than this are extended; a query checks at
/// most this many records for a phrase.
pub const FREQUENT: u32 = 16;

/// The longest phrase kept as a word.
pub const LONGEST: usize = 8;

/// Which UTF-16 units runs may hold by themselves, a bit each: 0 and the
/// Chinese characters of the first plane (not a surrogate).
static BMP_RUNS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut u = 0;
    while u < 0x1_0000 {
        let runs = match char::from_u32(u) {
            Some(c) => u == 0 || is_han(c),
            None => false,
        };
        if runs {
            bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
        u += 1;
    }
    bits
};

/// Whether the unit `u` (below 0x1_0000) may stand in runs by itself.
fn in_bmp_runs(u: u32) -> bool {
    let u = u as usize;
    BMP_RUNS[(u >> 6) & 1023] >> (u & 63) & 1 == 1
}

/// A text as its runs of Chinese characters: their code points, with a 0
/// wherever anything else stood between two runs. Every length is made
/// from these, so the text is read as UTF-8 and sorted into characters
/// once rather than once a length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runs(Vec<u32>);

impl Runs {
    pub fn of(text: &str) -> Runs {
        let mut runs = Vec::new();
        for c in text.chars() {
            if is_han(c) {
                runs.push(c as u32);
            } else if runs.last().is_some_and(|&l| l != 0) {
                runs.push(0);
            }
        }
        Runs(runs)
    }

    /// The runs as UTF-16 units (little-endian), as the build cache keeps
    /// them (most Chinese characters take one unit, the rest two: half the
    /// bytes of their code points); how many units.
    pub fn write_utf16(&self, out: &mut Vec<u8>) -> u32 {
        let mut units = [0u16; 2];
        let mut len = 0;
        for &c in &self.0 {
            // Runs hold characters and 0s only (`of`, `from_utf16`).
            let c = char::from_u32(c).unwrap_or('\0');
            for u in c.encode_utf16(&mut units) {
                out.extend_from_slice(&u.to_le_bytes());
                len += 1;
            }
        }
        len
    }

    /// Runs kept by [`Runs::write_utf16`]; `None` unless each unit is a
    /// Chinese character or 0 (a lone surrogate included). Read back at
    /// every length of phrase.
    pub fn from_utf16(bytes: &[u8]) -> Option<Runs> {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units: Vec<u32> = bytes
            .chunks_exact(2)
            .map(|u| u32::from(u16::from_le_bytes([u[0], u[1]])))
            .collect();
        // Most fields have no character outside the first plane: kept as
        // they are after one look in a table at each unit (no branch, no
        // early exit); the others are read a character at a time.
        if units.iter().fold(true, |all, &u| all & in_bmp_runs(u)) {
            return Some(Runs(units));
        }
        let han = |c: u32| char::from_u32(c).is_some_and(is_han).then_some(c);
        let mut runs = Vec::with_capacity(units.len());
        let mut units = units.into_iter();
        while let Some(u) = units.next() {
            runs.push(match u {
                0xD800..=0xDBFF => {
                    let low = units.next().filter(|l| (0xDC00..=0xDFFF).contains(l))?;
                    han(0x1_0000 + ((u - 0xD800) << 10) + (low - 0xDC00))?
                }
                _ if in_bmp_runs(u) => u,
                _ => return None,
            });
        }
        Some(Runs(runs))
    }

    pub fn as_slice(&self) -> &[u32] {
        &self.0
    }
}

/// Extended beginnings of one length, as numbers.
pub type Extended = FxHashSet<u128>;

/// A word of a level, as the number of its beginning (among the level's
/// extended beginnings) and its last character: `number << 18 | last`.
type Word = u64;

/// The extended beginnings of a level, numbered, with what each word made
/// from them needs: its characters, and the bucket hash of its beginning
/// (FNV-1a goes a character at a time, so a word's hash is one more step).
struct Beginnings {
    number: Numbers,
    code: Vec<u128>,
    hash: Vec<u32>,
}

impl Beginnings {
    fn new(len: usize, extended: Extended) -> Beginnings {
        // Numbered in code order, so that the numbers (and the order of
        // everything made from them) do not depend on the set's order.
        let mut code: Vec<u128> = extended.into_iter().collect();
        code.sort_unstable();
        let hash = code
            .iter()
            .map(|&start| code_points(len - 1, start).fold(FNV_OFFSET, fnv))
            .collect();
        let number = Numbers::new(&code);
        Beginnings { number, code, hash }
    }

    /// A word's fine bucket: one FNV step from its beginning's hash.
    fn bucket(&self, word: Word) -> u32 {
        fnv(self.hash[(word >> 18) as usize], (word & 0x3_FFFF) as u32) & (MAX_BUCKETS as u32 - 1)
    }

    /// A word's beginning and last character as a level's word.
    fn code(&self, word: Word) -> (u128, u32) {
        (self.code[(word >> 18) as usize], (word & 0x3_FFFF) as u32)
    }
}

/// The numbers of a level's extended beginnings, by open addressing: the
/// look made at every position of every text, kept to two plain arrays a
/// few times the beginnings' size, so that it stays in the cache.
struct Numbers {
    keys: Vec<u128>,
    numbers: Vec<u32>,
    shift: u32,
}

impl Numbers {
    /// `code[i]` numbered `i`; no code is 0 (a beginning has characters).
    fn new(code: &[u128]) -> Numbers {
        let size = (code.len() * 4).next_power_of_two().max(16);
        let mut n = Numbers {
            keys: vec![0; size],
            numbers: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        };
        for (i, &c) in code.iter().enumerate() {
            let mut at = n.slot(c);
            while n.keys[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            n.keys[at] = c;
            n.numbers[at] = i as u32;
        }
        n
    }

    fn slot(&self, code: u128) -> usize {
        let mixed = (code as u64) ^ ((code >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed.wrapping_mul(0xf135_7aea_2e62_a9c5) >> self.shift) as usize
    }

    fn get(&self, code: u128) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut at = self.slot(code);
        loop {
            match self.keys[at] {
                0 => return None,
                k if k == code => return Some(self.numbers[at]),
                _ => at = (at + 1) & mask,
            }
        }
    }
}

/// The words of one length (3 to [`LONGEST`]), made a batch of documents
/// at a time, in stretches ([`in_stretches`]), as
/// [`super::index::Builder`] makes `b/`'s Chinese words: kept in
/// [`GROUPS`] groups of fine buckets.
pub struct Level {
    len: usize,
    beginnings: Beginnings,
    groups: Vec<Group>,
    next: u32,
}

/// The words of a group of fine buckets, each with its postings.
type Group = Numbered<Encoded>;

/// The words of a stretch of documents, each with its postings.
struct Stretch {
    words: Numbered<Summed>,
    /// By beginning, its word met last (`u64::MAX` for none) and its
    /// place: a beginning is mostly followed by the character it was
    /// followed by last, so most occurrences need no look in the map.
    recent: Vec<(Word, usize)>,
}

impl Stretch {
    fn new(beginnings: usize) -> Stretch {
        // Room for about a word a beginning from the start (bounded, for
        // text with very many beginnings): grown from nothing, a stretch's
        // map and list cost a few percent of a length.
        Stretch {
            words: Numbered::with_capacity(beginnings.min(STRETCH_ROOM)),
            recent: vec![(u64::MAX, 0); beginnings],
        }
    }

    fn add(&mut self, word: Word, id: u32, weight: u32) {
        let recent = &mut self.recent[(word >> 18) as usize];
        if recent.0 != word {
            *recent = (word, self.words.slot(word));
        }
        self.words.words[recent.1].1.add(id, weight);
    }

    /// The stretch's words by group, their postings finished.
    fn into_groups(self, b: &Beginnings) -> Vec<Vec<(Word, Encoded)>> {
        finished_by_group(self.words, |word| (b.bucket(word) >> GROUP_SHIFT) as usize)
    }
}

impl Level {
    /// The words of `len` characters that begin with one of `extended`
    /// (of `len - 1`).
    pub fn new(len: usize, extended: Extended) -> Level {
        Level {
            len,
            beginnings: Beginnings::new(len, extended),
            groups: (0..GROUPS).map(|_| Group::default()).collect(),
            next: 0,
        }
    }

    /// Adds documents' texts, numbered on from the last ones added.
    pub fn add(&mut self, docs: &[Text]) {
        let first = self.next;
        self.next += docs.len() as u32;
        let (len, b) = (self.len, &self.beginnings);
        in_stretches(docs, first, self.groups.par_iter_mut(), |first, docs| {
            let mut stretch = Stretch::new(b.code.len());
            for (id, fields) in (first..).zip(docs) {
                grams(len, b, fields, |word, weight| stretch.add(word, id, weight));
            }
            stretch.into_groups(b)
        });
    }

    /// The words in more than [`FREQUENT`] documents: the next length's
    /// extended beginnings.
    pub fn extended(&self) -> Extended {
        self.groups
            .iter()
            .flat_map(|g| &g.words)
            .filter(|(_, e)| e.count() > FREQUENT)
            .map(|&(word, _)| {
                let (start, last) = self.beginnings.code(word);
                start << 18 | last as u128
            })
            .collect()
    }

    /// The bucket files, each word's postings dropped once written.
    pub fn files(self) -> Vec<Vec<u8>> {
        let postings = self.groups.iter().map(Numbered::postings).sum();
        let n = bucket_count(postings);
        self.sorted_files(n)
            .into_par_iter()
            .map(|words| {
                let mut file = Vec::new();
                for (word, e) in words {
                    e.write(&mut file, &word);
                }
                file
            })
            .collect()
    }

    /// The words of each of `n` bucket files (a file holds the fine buckets
    /// its number ends), in the file's order.
    fn sorted_files(self, n: u32) -> Vec<Vec<(String, Encoded)>> {
        let len = self.len;
        let b = &self.beginnings;
        let mut files: Vec<Vec<(Word, Encoded)>> = (0..n).map(|_| Vec::new()).collect();
        for group in self.groups {
            for (word, encoded) in group.words {
                // n divides MAX_BUCKETS: the file is the fine bucket's end.
                files[(b.bucket(word) & (n - 1)) as usize].push((word, encoded));
            }
        }
        files
            .into_par_iter()
            .map(|mut words| {
                // Words of one length sort as their code points do.
                words.sort_unstable_by_key(|&(word, _)| b.code(word));
                words
                    .into_iter()
                    .map(|(word, e)| (chars(len, b.code(word)).collect(), e))
                    .collect()
            })
            .collect()
    }
}

/// Each occurrence in a document's fields of a word of `len` characters
/// (beginning with one of `b`), with its field's weight, to `found`.
fn grams(len: usize, b: &Beginnings, fields: &Text, mut found: impl FnMut(Word, u32)) {
    let mask = (1u128 << (18 * (len - 1))) - 1;
    for &(runs, weight) in fields {
        let (mut start, mut run) = (0u128, 0);
        for &c in runs {
            if c == 0 {
                run = 0;
                continue;
            }
            if run + 1 >= len
                && let Some(n) = b.number.get(start)
            {
                found(u64::from(n) << 18 | u64::from(c), weight);
            }
            start = (start << 18 | c as u128) & mask;
            run += 1;
        }
    }
}

const FNV_OFFSET: u32 = 0x811c_9dc5;

/// One step of the hash that puts a word in its bucket file (the low
/// bits): 32-bit FNV-1a over its code points, a character at a time
/// (`phraseBucket` in `search.js`).
fn fnv(h: u32, c: u32) -> u32 {
    (h ^ c).wrapping_mul(0x0100_0193)
}

/// The whole hash of a word of `len` characters.
#[cfg(test)]
fn bucket_of(len: usize, (start, last): (u128, u32)) -> u32 {
    chars(len, (start, last))
        .map(|c| c as u32)
        .fold(FNV_OFFSET, fnv)
}

/// The characters of a word of `len` characters.
fn chars(len: usize, (start, last): (u128, u32)) -> impl Iterator<Item = char> {
    code_points(len - 1, start)
        .chain([last])
        .filter_map(char::from_u32)
}

/// The `n` code points of a beginning, first to last.
fn code_points(n: usize, start: u128) -> impl Iterator<Item = u32> {
    (0..n).map(move |i| (start >> (18 * (n - 1 - i))) as u32 & 0x3_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::tokens::han;

    fn pairs(words: &[&str]) -> Extended {
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                han(c.next().unwrap(), c.next()) as u128
            })
            .collect()
    }

    #[test]
    fn only_extended_beginnings_grow_and_runs_end_at_punctuation() {
        let level = Level::new(3, pairs(&["公共", "安全"]));
        let (title, text) = (
            Runs::of("公共安全巡檢"),
            Runs::of("公共工程、安全。AB公共設施公共安"),
        );
        let mut level = level;
        level.add(&[vec![(title.as_slice(), 10), (text.as_slice(), 1)]]);
        for (g, group) in level.groups.iter().enumerate() {
            for (word, _) in &group.words {
                // Each word is in the group of its bucket, the hash of
                // all its characters.
                let bucket =
                    bucket_of(3, level.beginnings.code(*word)) as usize & (MAX_BUCKETS - 1);
                assert_eq!(bucket >> GROUP_SHIFT, g);
            }
        }
        let mut got: Vec<(String, Vec<(u32, u8)>)> = level
            .files()
            .iter()
            .flat_map(|f| super::super::index::decoded(f))
            .collect();
        // 共安 is not extended; 安全。 ends its run, so 安全 grows only
        // once; 公共安 twice, its weights added (1 + 10: strong).
        let want = [("公共安", 10), ("公共工", 1), ("公共設", 1), ("安全巡", 10)];
        got.sort();
        assert_eq!(
            got,
            want.iter()
                .map(|(s, w)| (s.to_string(), vec![(0, *w)]))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn runs_keep_chinese_characters_and_mark_the_breaks() {
        let runs = Runs::of("AB公共、安全。。C1");
        let code = |c: char| c as u32;
        assert_eq!(
            runs.as_slice(),
            [code('公'), code('共'), 0, code('安'), code('全'), 0]
        );
        assert!(Runs::of("ABC").as_slice().is_empty());
        // What the build cache gave back is refused unless it could be runs.
        let mut kept = Vec::new();
        assert_eq!(runs.write_utf16(&mut kept), 6);
        assert_eq!(Runs::from_utf16(&kept), Some(runs));
        let mut astral = Vec::new();
        let two = Runs::of("𠀋、〇");
        assert_eq!(two.write_utf16(&mut astral), 4, "a surrogate pair, 0, 〇");
        assert_eq!(Runs::from_utf16(&astral), Some(two));
        let bmp = Runs::of("〇豈㐀⺀");
        let mut kept = Vec::new();
        assert_eq!(bmp.write_utf16(&mut kept), 4);
        assert_eq!(Runs::from_utf16(&kept), Some(bmp), "beyond U+4E00–U+9FFF");
        for u in 0..=0xFFFF_u32 {
            let runs = u == 0 || char::from_u32(u).is_some_and(is_han);
            assert_eq!(in_bmp_runs(u), runs, "{u:x}");
        }
        let odd = [0x2c, 0x51, 0x00];
        for refused in [
            &[0x41, 0][..],
            &[0x40, 0xd8],
            &[0x00, 0xdc],
            &[0x00, 0xe0],
            &odd,
        ] {
            assert_eq!(Runs::from_utf16(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn words_in_more_than_sixteen_documents_extend_the_next_length() {
        let mut level = Level::new(3, pairs(&["公共"]));
        let (a, b) = (Runs::of("公共安全"), Runs::of("公共設施"));
        let docs: Vec<Vec<(&[u32], u32)>> = (0..20)
            .map(|i| vec![(if i < 17 { a.as_slice() } else { b.as_slice() }, 1)])
            .collect();
        level.add(&docs);
        let next = level.extended();
        let code = |s: &str| s.chars().fold(0u128, |k, c| k << 18 | c as u128);
        assert_eq!(next, [code("公共安")].into_iter().collect());
        let files = level.files();
        assert!(files.len() == 1 && !files[0].is_empty());
    }

    #[test]
    fn a_documents_occurrences_are_summed_and_batches_number_on() {
        let mut level = Level::new(3, pairs(&["公共"]));
        let (title, text) = (Runs::of("公共安全"), Runs::of("公共安、公共設施公共安"));
        let (other, again) = (Runs::of("公共設施"), Runs::of("公共安公共安"));
        level.add(&[
            vec![(title.as_slice(), 10), (text.as_slice(), 1)],
            vec![(other.as_slice(), 1)],
        ]);
        level.add(&[vec![(again.as_slice(), 1)]]);
        let files = level.files();
        assert_eq!(files.len(), 1);
        // 公共安 in document 0 weighs 10 + 1 + 1 (strong), in document 2
        // 1 + 1; the second batch's document is numbered 2.
        // An occurrence that counts nothing still finds its document.
        let mut zero = Level::new(3, pairs(&["公共"]));
        zero.add(&[vec![(other.as_slice(), 0)]]);
        let found = super::super::index::decoded(&zero.files()[0]);
        assert_eq!(found, vec![("公共設".to_string(), vec![(0, 1)])]);
        let strong = super::super::index::decoded(&files[0]);
        assert_eq!(
            strong,
            vec![
                ("公共安".to_string(), vec![(0, 10), (2, 1)]),
                ("公共設".to_string(), vec![(0, 1), (1, 1)]),
            ]
        );
    }

    #[test]
    fn documents_added_at_once_in_stretches_make_the_files_of_one_at_a_time() {
        // Enough documents for a batch to be cut into many stretches, a
        // word in documents on both sides of every cut, strong in some.
        let texts: Vec<(Runs, u32)> = (0..300)
            .map(|i| {
                let text = ["公共安全巡檢", "公共設施", "公共安全", "公共工程"][i % 4];
                (Runs::of(text), if i % 7 == 0 { 10 } else { 1 })
            })
            .collect();
        let docs: Vec<Vec<(&[u32], u32)>> = texts
            .iter()
            .map(|(runs, weight)| vec![(runs.as_slice(), *weight)])
            .collect();
        let mut at_once = Level::new(3, pairs(&["公共", "安全"]));
        // Three cores, so that the batch is cut however many this machine
        // has.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        pool.install(|| at_once.add(&docs));
        let mut one_by_one = Level::new(3, pairs(&["公共", "安全"]));
        docs.iter()
            .for_each(|d| one_by_one.add(std::slice::from_ref(d)));
        assert_eq!(at_once.extended(), one_by_one.extended());
        let files = at_once.files();
        assert_eq!(files, one_by_one.files());
        let found = super::super::index::decoded(&files[0]);
        let docs_of = |w: &str| found.iter().find(|e| e.0 == w).map(|e| e.1.len());
        assert_eq!(docs_of("公共安"), Some(150));
        assert_eq!(docs_of("安全巡"), Some(75));
        // Ten weak occurrences in one document make it strong, nine do
        // not; a weight beyond a byte counts as 255.
        let (ten, nine) = (
            Runs::of(&"公共安、".repeat(10)),
            Runs::of(&"公共安、".repeat(9)),
        );
        let mut level = Level::new(3, pairs(&["公共"]));
        level.add(&[
            vec![(ten.as_slice(), 1)],
            vec![(nine.as_slice(), 1)],
            vec![(nine.as_slice(), u32::MAX)],
        ]);
        assert_eq!(
            super::super::index::decoded(&level.files()[0]),
            vec![("公共安".to_string(), vec![(0, 10), (1, 1), (2, 10)])]
        );
    }

    #[test]
    fn every_beginning_is_found_by_its_code_and_nothing_else_is() {
        // Codes that differ only in their high or low half, and many more
        // than fit without two wanting one slot.
        let code: Vec<u128> = (1..=3000u128)
            .flat_map(|i| [i, i << 64, i << 100 | i])
            .collect();
        let numbers = Numbers::new(&code);
        for (i, &c) in code.iter().enumerate() {
            assert_eq!(numbers.get(c), Some(i as u32));
        }
        for c in [0, 3001, 3001 << 64, 1 << 100, u128::MAX] {
            assert_eq!(numbers.get(c), None, "{c:x}");
        }
    }
}
