//! The inverted index: every word with the documents that have it, spread
//! over bucket files by a hash of the word (see [`super::tokens`]), so a
//! query downloads one small file per word.
//!
//! A bucket file is a run of entries, in word order:
//!
//! ```text
//! varint  length of the word in UTF-8 bytes, then the word
//! varint  n: how many documents have it
//! varint  s: how many of them have it strongly (in the title or
//!         keywords, or ten times or more: weight ≥ STRONG)
//! byte    0: the documents as n varints, each its number minus the
//!            previous one's (the first: its number)
//!         1: the documents as a bitmap: varint f (the first document),
//!            varint m, then m bytes; bit j of byte i is document f + 8i + j
//! then    the s strong documents as varint gaps
//! ```
//!
//! A word in most documents costs at most one bit a document (a bitmap is
//! written when it is smaller than the gaps), so what a query downloads
//! stops growing with the archive where the words are common.
//! `search.js` (`readBucket`) reads it.

use rayon::prelude::*;

use super::grams::Extended;
use rustc_hash::FxHashMap;

use super::tokens::{Words, bucket_of_han, bucket_of_text, han_chars};

/// A document's text as the index reads it: its fields' runs of Chinese
/// characters (as [`super::grams::Runs`] keeps them), each with how much
/// an occurrence counts.
pub type Text<'a> = Vec<(&'a [u32], u32)>;

/// About how many postings (a word in a document) go in one bucket file:
/// a byte or two each, so files of ~10 KB; more buckets would mean more
/// files for little gain per query.
const POSTINGS_PER_BUCKET: usize = 8192;
/// At 100,000 documents (about 70 million postings) this keeps a bucket
/// near 10 KB beside the word a query asked for.
pub const MAX_BUCKETS: usize = 16384;

/// The weight from which a document has a word strongly: a title's (see
/// `TITLE_WEIGHT` in the parent module). Ranking counts these more.
const STRONG: u32 = 10;

/// How many bucket files an index of `postings` postings gets: a power of
/// two, at least one.
pub fn bucket_count(postings: usize) -> u32 {
    (postings / POSTINGS_PER_BUCKET)
        .next_power_of_two()
        .clamp(1, MAX_BUCKETS) as u32
}

/// The most documents an index can number (20 bits of a posting).
pub const MAX_DOCUMENTS: usize = 1 << 20;

/// Bucket files made a batch of documents at a time, each word's postings
/// encoded as they come: memory is about the size of the files, not of
/// every document's words at once (1.7 GB for the 100-year corpus). A
/// word's fine bucket (of [`MAX_BUCKETS`]) is its hash's low bits;
/// [`Builder::finish`] makes as many files as the postings call for
/// ([`bucket_count`]), a file being the fine buckets its number ends. The
/// files are the same bytes however the documents were cut into batches.
///
/// Words are kept in [`GROUPS`] groups by their fine bucket's top bits,
/// each filled in a task of its own and numbering its words in one map.
pub struct Builder {
    groups: Vec<Group>,
    next: u32,
}

/// How many groups words are kept in while an index is made: enough for
/// every core to have a few.
pub(super) const GROUPS: usize = 32;

/// A word's group is its fine bucket's top bits.
pub(super) const GROUP_SHIFT: u32 = MAX_BUCKETS.trailing_zeros() - GROUPS.trailing_zeros();

/// Words as numbers, each with a `T`, in the order they were first met:
/// a word costs a look in one small map, and its `T` sits in a list.
pub(super) struct Numbered<T> {
    index: FxHashMap<u64, u32>,
    pub(super) words: Vec<(u64, T)>,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered {
            index: FxHashMap::default(),
            words: Vec::new(),
        }
    }
}

impl<T: Default> Numbered<T> {
    pub(super) fn with_capacity(n: usize) -> Self {
        Numbered {
            index: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            words: Vec::with_capacity(n),
        }
    }

    /// The place of `word` in `words`, added with a default `T` when it
    /// is first met.
    pub(super) fn slot(&mut self, word: u64) -> usize {
        let Numbered { index, words } = self;
        *index.entry(word).or_insert_with(|| {
            words.push((word, T::default()));
            words.len() as u32 - 1
        }) as usize
    }

    /// The `T` of `word`, added when it is first met.
    pub(super) fn get_mut(&mut self, word: u64) -> &mut T {
        let slot = self.slot(word);
        &mut self.words[slot].1
    }
}

impl Numbered<Encoded> {
    /// How many postings (a word in a document) the words hold.
    pub(super) fn postings(&self) -> usize {
        self.words.iter().map(|(_, e)| e.count as usize).sum()
    }
}

/// The words of a group, each with its postings: Chinese ones as their
/// [`super::tokens::han`] numbers, and the others.
#[derive(Default)]
struct Group {
    han: Numbered<Encoded>,
    text: FxHashMap<String, Encoded>,
}

/// One word's postings as its entry writes them: the documents as gaps
/// (turned into a bitmap on writing when that is smaller), and the strong
/// ones apart.
#[derive(Default)]
pub(super) struct Encoded {
    count: u32,
    first: u32,
    last: u32,
    gaps: Vec<u8>,
    strong: u32,
    strong_last: u32,
    strong_gaps: Vec<u8>,
}

impl Encoded {
    /// Adds a posting (document << 8 | weight), documents ascending.
    pub(super) fn push(&mut self, posting: u32) {
        let id = posting >> 8;
        if self.count == 0 {
            self.first = id;
        }
        varint(&mut self.gaps, id - self.last);
        self.last = id;
        self.count += 1;
        if posting & 0xFF >= STRONG {
            varint(&mut self.strong_gaps, id - self.strong_last);
            self.strong_last = id;
            self.strong += 1;
        }
    }

    /// How many documents have the word.
    pub(super) fn count(&self) -> u32 {
        self.count
    }

    /// Adds `later`'s postings, whose documents all come after this one's:
    /// the postings of one word made apart for two stretches of documents,
    /// joined. Only the first gap of each list is written again.
    pub(super) fn append(&mut self, later: Encoded) {
        if self.count == 0 {
            *self = later;
            return;
        }
        if later.count == 0 {
            return;
        }
        join_gaps(&mut self.gaps, self.last, &later.gaps);
        self.count += later.count;
        self.last = later.last;
        if later.strong > 0 {
            join_gaps(&mut self.strong_gaps, self.strong_last, &later.strong_gaps);
            self.strong += later.strong;
            self.strong_last = later.strong_last;
        }
    }

    pub(super) fn write(&self, file: &mut Vec<u8>, word: &str) {
        varint(file, word.len() as u32);
        file.extend_from_slice(word.as_bytes());
        varint(file, self.count);
        varint(file, self.strong);
        let bitmap = (self.last - self.first) as usize / 8 + 1;
        if bitmap + 2 * 5 < self.gaps.len() {
            file.push(1);
            varint(file, self.first);
            varint(file, bitmap as u32);
            let start = file.len();
            file.resize(start + bitmap, 0);
            let (mut at, mut id) = (0, 0);
            while let Some(gap) = read_varint(&self.gaps, &mut at) {
                id += gap;
                let bit = (id - self.first) as usize;
                file[start + bit / 8] |= 1 << (bit % 8);
            }
        } else {
            file.push(0);
            file.extend_from_slice(&self.gaps);
        }
        file.extend_from_slice(&self.strong_gaps);
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            groups: (0..GROUPS).map(|_| Group::default()).collect(),
            next: 0,
        }
    }
}

/// One document's words by group: group `g`'s are
/// `words[starts[g]..starts[g + 1]]`.
struct Grouped {
    words: Vec<(String, u8)>,
    starts: [u32; GROUPS + 1],
}

impl Grouped {
    fn of(words: Words) -> Grouped {
        let (words, starts) = by_group(words.text, |(w, _)| bucket_of_text(w, MAX_BUCKETS as u32));
        Grouped { words, starts }
    }
}

/// How many stretches a batch of documents is cut into for each core:
/// one, since each stretch costs its map and a join a word; a batch (64
/// issues) is documents enough for each core's share to be about as long
/// (four a core: the levels took a quarter more time on the 50-year
/// corpus, and no less on the Executive Yuan's uneven documents).
const STRETCHES_PER_CORE: usize = 1;

/// The most words a stretch makes room for before it meets them (under
/// a megabyte).
pub(super) const STRETCH_ROOM: usize = 8192;

/// Words' postings made from `docs` (numbered from `first`) cut into
/// stretches, one task each: `stretch` (given a stretch's first number)
/// numbers its words in a map of its own and sums each document's
/// occurrences of a word as they come, so that an occurrence costs a look
/// in a small map on the core that found it, and gives its words by group
/// ([`finished_by_group`]). They are then joined, the stretches in order,
/// into `groups` (a group's in one task): a look a word and stretch
/// rather than an occurrence.
pub(super) fn in_stretches<'g, D: Sync>(
    docs: &[D],
    first: u32,
    groups: impl IndexedParallelIterator<Item = &'g mut Numbered<Encoded>>,
    stretch: impl Fn(u32, &[D]) -> Vec<Vec<(u64, Encoded)>> + Sync,
) {
    let per = docs
        .len()
        .div_ceil(rayon::current_num_threads() * STRETCHES_PER_CORE)
        .max(1);
    let stretches: Vec<Vec<Vec<(u64, Encoded)>>> = docs
        .par_chunks(per)
        .enumerate()
        .map(|(i, chunk)| stretch(first + (i * per) as u32, chunk))
        .collect();
    // Each group's words of every stretch, the stretches in order.
    let mut pieces: Vec<Vec<Vec<(u64, Encoded)>>> = (0..GROUPS).map(|_| Vec::new()).collect();
    for stretch in stretches {
        for (g, words) in stretch.into_iter().enumerate() {
            pieces[g].push(words);
        }
    }
    groups.zip(pieces).for_each(|(group, pieces)| {
        for (word, later) in pieces.into_iter().flatten() {
            group.get_mut(word).append(later);
        }
    });
}

/// A stretch's words, their postings finished, by group (`group_of`).
pub(super) fn finished_by_group(
    words: Numbered<Summed>,
    group_of: impl Fn(u64) -> usize,
) -> Vec<Vec<(u64, Encoded)>> {
    let mut groups: Vec<Vec<(u64, Encoded)>> = (0..GROUPS).map(|_| Vec::new()).collect();
    for (word, summed) in words.words {
        groups[group_of(word)].push((word, summed.finish()));
    }
    groups
}

/// Each Chinese character and pair of adjacent ones in a document's
/// text, as a [`super::tokens::han`] number, with its field's weight.
fn chars_and_pairs(text: &Text, mut found: impl FnMut(u64, u32)) {
    for &(runs, weight) in text {
        let mut prev = 0u32;
        for &c in runs {
            if c != 0 {
                found(u64::from(c) << 18, weight);
                if prev != 0 {
                    found(u64::from(prev) << 18 | u64::from(c), weight);
                }
            }
            prev = c;
        }
    }
}

/// `items` in the order of their groups (by their fine bucket,
/// `bucket`), each group's in the order they came, and where each
/// group's begin.
fn by_group<T: Default>(items: Vec<T>, bucket: impl Fn(&T) -> u32) -> (Vec<T>, [u32; GROUPS + 1]) {
    let groups: Vec<u8> = items
        .iter()
        .map(|i| (bucket(i) as usize >> GROUP_SHIFT) as u8)
        .collect();
    let mut starts = [0u32; GROUPS + 1];
    for &g in &groups {
        starts[g as usize + 1] += 1;
    }
    for g in 0..GROUPS {
        starts[g + 1] += starts[g];
    }
    let mut sorted: Vec<T> = (0..items.len()).map(|_| T::default()).collect();
    let mut at = starts;
    for (item, g) in items.into_iter().zip(groups) {
        sorted[at[g as usize] as usize] = item;
        at[g as usize] += 1;
    }
    (sorted, starts)
}

impl Builder {
    /// Adds documents, numbered on from the last ones added: each its
    /// words other than Chinese ones, and its text, whose every Chinese
    /// character and pair is a word. `words` and `texts` are of the same
    /// documents, in the same order.
    pub fn add(&mut self, mut words: Vec<Words>, texts: &[Text]) {
        debug_assert_eq!(words.len(), texts.len());
        // Never numbered apart, whatever a caller gives.
        let texts = &texts[..texts.len().min(words.len())];
        words.truncate(texts.len());
        let first = self.next;
        self.next += texts.len() as u32;
        let han = self.groups.par_iter_mut().map(|g| &mut g.han);
        in_stretches(texts, first, han, |first, texts| {
            let mut words: Numbered<Summed> = Numbered::with_capacity(STRETCH_ROOM);
            for (id, text) in (first..).zip(texts) {
                chars_and_pairs(text, |code, weight| words.get_mut(code).add(id, weight));
            }
            finished_by_group(words, |code| {
                bucket_of_han(code, MAX_BUCKETS as u32) as usize >> GROUP_SHIFT
            })
        });
        let grouped: Vec<Grouped> = words.into_par_iter().map(Grouped::of).collect();
        self.groups
            .par_iter_mut()
            .enumerate()
            .for_each(|(g, group)| {
                for (id, doc) in (first..).zip(&grouped) {
                    let range = doc.starts[g] as usize..doc.starts[g + 1] as usize;
                    for (word, weight) in &doc.words[range] {
                        let posting = id << 8 | *weight as u32;
                        match group.text.get_mut(word.as_str()) {
                            Some(e) => e.push(posting),
                            None => {
                                let mut e = Encoded::default();
                                e.push(posting);
                                group.text.insert(word.clone(), e);
                            }
                        }
                    }
                }
            });
    }

    /// The pairs of Chinese characters in more than `min` documents, as
    /// [`super::tokens::han`] numbers.
    pub fn frequent_pairs(&self, min: u32) -> Extended {
        self.groups
            .iter()
            .flat_map(|g| &g.han.words)
            .filter(|(code, e)| *code & 0x3_FFFF != 0 && e.count > min)
            .map(|(code, _)| *code as u128)
            .collect()
    }

    /// The bucket files, and how many postings they hold. Each word's
    /// postings are dropped as soon as they are written to their file.
    pub fn finish(self) -> (Vec<Vec<u8>>, usize) {
        let postings = self
            .groups
            .iter()
            .map(|g| g.han.postings() + g.text.values().map(|e| e.count as usize).sum::<usize>())
            .sum();
        (self.files(bucket_count(postings)), postings)
    }

    /// The `n` bucket files (a power of two, at most [`MAX_BUCKETS`]).
    fn files(self, n: u32) -> Vec<Vec<u8>> {
        let mut files: Vec<FileWords> = (0..n).map(|_| Default::default()).collect();
        for group in self.groups {
            for (code, e) in group.han.words {
                files[bucket_of_han(code, n) as usize].0.push((code, e));
            }
            for (word, e) in group.text {
                files[bucket_of_text(&word, n) as usize].1.push((word, e));
            }
        }
        files
            .into_par_iter()
            .map(|(mut han, mut text)| {
                han.sort_unstable_by_key(|(code, _)| *code);
                text.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let mut file = Vec::new();
                for (code, e) in han {
                    e.write(&mut file, &han_chars(code).collect::<String>());
                }
                for (word, e) in text {
                    e.write(&mut file, &word);
                }
                file
            })
            .collect()
    }
}

/// The words of a bucket file: Chinese ones by their numbers, others.
type FileWords = (Vec<(u64, Encoded)>, Vec<(String, Encoded)>);

/// A word's postings, each document's occurrences summed before it is
/// encoded: the documents come in order, so a document's occurrences of a
/// word are next to each other.
/// A weight is any u32 (one kept in the build cache too); a document's
/// weight of a word is capped to a byte here, and only here.
#[derive(Default)]
pub(super) struct Summed {
    encoded: Encoded,
    /// The last document met and its weight so far, until the next
    /// document comes.
    last: Option<(u32, u32)>,
}

impl Summed {
    pub(super) fn add(&mut self, id: u32, weight: u32) {
        match &mut self.last {
            Some((last, w)) if *last == id => *w = w.saturating_add(weight).min(255),
            _ => {
                self.flush();
                self.last = Some((id, weight.min(255)));
            }
        }
    }

    fn flush(&mut self) {
        if let Some((id, weight)) = self.last.take() {
            self.encoded.push(id << 8 | weight);
        }
    }

    pub(super) fn finish(mut self) -> Encoded {
        self.flush();
        self.encoded
    }
}

/// One word's entry of a bucket file, read back.
#[cfg(test)]
struct Entry<'a> {
    word: &'a str,
    /// Document << 8 | weight, ascending.
    postings: Vec<u32>,
}

/// Reads a bucket file back: (word, [(document, weight)]), the weight
/// 1, or [`STRONG`] for a strong document.
#[cfg(test)]
pub(super) fn decoded(file: &[u8]) -> Vec<(String, Vec<(u32, u8)>)> {
    entries(file)
        .expect("a bucket file")
        .into_iter()
        .map(|e| {
            let docs = e.postings.iter().map(|p| (p >> 8, *p as u8)).collect();
            (e.word.to_string(), docs)
        })
        .collect()
}

/// The entries of a bucket file; `None` if it is not one.
#[cfg(test)]
fn entries(file: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < file.len() {
        let len = read_varint(file, &mut at)? as usize;
        let word = std::str::from_utf8(file.get(at..at.checked_add(len)?)?).ok()?;
        at += len;
        let count = read_varint(file, &mut at)? as usize;
        let strong = read_varint(file, &mut at)? as usize;
        let mut postings = Vec::with_capacity(count.min(MAX_DOCUMENTS));
        let kind = *file.get(at)?;
        at += 1;
        match kind {
            0 => {
                let mut id: u32 = 0;
                for _ in 0..count {
                    id = id.checked_add(read_varint(file, &mut at)?)?;
                    postings.push(id);
                }
            }
            1 => {
                let first = read_varint(file, &mut at)?;
                let len = read_varint(file, &mut at)? as usize;
                let bits = file.get(at..at.checked_add(len)?)?;
                at += len;
                for (i, byte) in bits.iter().enumerate() {
                    for j in 0..8 {
                        if byte & (1 << j) != 0 {
                            postings.push(first.checked_add((i * 8 + j) as u32)?);
                        }
                    }
                }
            }
            _ => return None,
        }
        if postings.len() != count
            || postings
                .last()
                .is_some_and(|&id| id as usize >= MAX_DOCUMENTS)
        {
            return None;
        }
        let mut postings: Vec<u32> = postings.into_iter().map(|id| id << 8 | 1).collect();
        let mut gaps = (0..strong).map(|_| read_varint(file, &mut at));
        mark_strong(&mut postings, &mut gaps)?;
        out.push(Entry { word, postings });
    }
    Some(out)
}

/// Gives the strong documents (as gaps, `None` for a number cut short)
/// their weight among `postings` (document << 8 | 1); both ascending.
/// `None` if one is not among them or cannot be read.
#[cfg(test)]
fn mark_strong(postings: &mut [u32], gaps: &mut dyn Iterator<Item = Option<u32>>) -> Option<()> {
    let (mut id, mut from) = (0u32, 0);
    for gap in gaps {
        id = id.checked_add(gap?)?;
        let i = from + postings[from..].iter().position(|p| p >> 8 == id)?;
        postings[i] = id << 8 | STRONG;
        from = i + 1;
    }
    Some(())
}

fn read_varint(file: &[u8], at: &mut usize) -> Option<u32> {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let b = *file.get(*at)?;
        *at += 1;
        if shift > 28 {
            return None;
        }
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// `later`'s gaps (the first from 0) after `gaps`, whose last document is
/// `last`: its first gap is from `last` instead.
fn join_gaps(gaps: &mut Vec<u8>, last: u32, later: &[u8]) {
    debug_assert!(!later.is_empty(), "joined only when it has documents");
    let mut at = 0;
    let first = read_varint(later, &mut at).unwrap_or(last);
    varint(gaps, first - last);
    gaps.extend_from_slice(&later[at..]);
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::grams::Runs;
    use crate::render::search::tokens::Counts;

    /// A document: its other words and its text's fields.
    type Doc = (Words, Vec<(Runs, u32)>);

    /// A document of one field, each occurrence counting `weight`.
    fn weighed(text: &str, weight: u32) -> Doc {
        let mut c = Counts::default();
        c.add_other(text, weight);
        (c.words(), vec![(Runs::of(text), weight)])
    }

    fn doc(text: &str) -> Doc {
        weighed(text, 1)
    }

    fn add(builder: &mut Builder, docs: &[Doc]) {
        let texts: Vec<Text> = docs
            .iter()
            .map(|(_, t)| t.iter().map(|(r, w)| (r.as_slice(), *w)).collect())
            .collect();
        builder.add(docs.iter().map(|(w, _)| w.clone()).collect(), &texts);
    }

    /// The `n` bucket files of `docs`, added at once.
    fn build(docs: &[Doc], n: u32) -> Vec<Vec<u8>> {
        let mut builder = Builder::default();
        add(&mut builder, docs);
        builder.files(n)
    }

    fn words_of(files: &[Vec<u8>]) -> Vec<String> {
        let mut words: Vec<String> = files.iter().flat_map(|f| decoded(f)).map(|e| e.0).collect();
        words.sort();
        words
    }

    #[test]
    fn chinese_runs_give_characters_and_pairs_and_punctuation_ends_them() {
        assert_eq!(
            words_of(&build(&[doc("收費、標準 ab")], 1)),
            ["ab", "收", "收費", "標", "標準", "準", "費"]
        );
    }

    #[test]
    fn a_documents_occurrences_add_up_and_cap_at_a_byte() {
        let strong = |docs: &[Doc], word: &str| {
            let files = build(docs, 1);
            let entries = decoded(&files[0]);
            let e = entries.iter().find(|e| e.0 == word).expect(word).1.clone();
            e.iter()
                .map(|&(_, w)| w as u32 == STRONG)
                .collect::<Vec<_>>()
        };
        // Nine weak occurrences, in two fields, are weak; ten are strong.
        let nine = (
            Words::default(),
            vec![
                (Runs::of(&"停車、".repeat(4)), 1),
                (Runs::of(&"停車、".repeat(5)), 1),
            ],
        );
        assert_eq!(strong(&[nine], "停車"), [false]);
        assert_eq!(strong(&[doc(&"停車、".repeat(10))], "停車"), [true]);
        // A weight past a byte (read back from a damaged cache) is capped,
        // never wrapped round to a weak one.
        let huge = (
            Words::default(),
            vec![(Runs::of("停"), 1), (Runs::of("停車"), u32::MAX)],
        );
        assert_eq!(strong(&[huge, doc("停車")], "停"), [true, false]);
    }

    #[test]
    fn fields_are_apart_and_documents_without_text_keep_their_numbers() {
        let files = build(
            &[
                (
                    Words::default(),
                    vec![(Runs::of("停"), 10), (Runs::of("車"), 1)],
                ),
                (Words::default(), vec![]),
                doc("停車 abc"),
                doc(""),
                doc("abc停"),
            ],
            1,
        );
        let entries = decoded(&files[0]);
        let docs_of = |w: &str| {
            let e = entries.iter().find(|e| e.0 == w);
            e.map(|e| e.1.iter().map(|d| d.0).collect::<Vec<_>>())
        };
        assert_eq!(docs_of("停車"), Some(vec![2]), "no pair across two fields");
        assert_eq!(docs_of("停"), Some(vec![0, 2, 4]));
        assert_eq!(docs_of("abc"), Some(vec![2, 4]));
    }

    #[test]
    fn every_word_lists_its_documents_in_its_bucket() {
        let docs: Vec<Doc> = ["停車收費", "收費標準 1150012345", "停車"]
            .iter()
            .map(|t| doc(t))
            .collect();
        let files = build(&docs, 1);
        let entries = decoded(&files[0]);
        let find = |w: &str| entries.iter().find(|e| e.0 == w).map(|e| e.1.clone());
        assert_eq!(find("停車"), Some(vec![(0, 1), (2, 1)]));
        assert_eq!(find("收費"), Some(vec![(0, 1), (1, 1)]));
        assert_eq!(find("1150012345"), Some(vec![(1, 1)]));
        assert_eq!(find("停電"), None);
    }

    #[test]
    fn a_word_in_most_documents_costs_a_bit_a_document() {
        // 4,000 documents: 停車 in all, 市 in three of four, in the title
        // of every hundredth.
        let docs: Vec<Doc> = (0..4000)
            .map(|i| {
                let mut text = vec![(Runs::of("停車"), 1)];
                if i % 4 != 0 {
                    text.push((Runs::of("市"), if i % 100 == 1 { STRONG } else { 1 }));
                }
                (Words::default(), text)
            })
            .collect();
        let files = build(&docs, 1);
        // Four bitmaps (停車 停 車 市) of 500 bytes, not 4 × ~4,000 gaps.
        assert!(files[0].len() < 2200, "{} bytes", files[0].len());
        let entries = decoded(&files[0]);
        let shi = &entries.iter().find(|e| e.0 == "市").expect("市").1;
        assert_eq!(shi.len(), 3000);
        assert!(shi.iter().all(|(d, _)| d % 4 != 0));
        let strong: Vec<u32> = shi
            .iter()
            .filter(|(_, w)| *w as u32 == STRONG)
            .map(|d| d.0)
            .collect();
        assert_eq!(strong, (0..40).map(|k| 1 + 100 * k).collect::<Vec<_>>());
    }

    #[test]
    fn postings_made_in_two_stretches_and_joined_are_those_made_at_once() {
        // Documents far apart (gaps of several bytes), strong ones on both
        // sides of the cut, and stretches with none or no strong one.
        let postings: Vec<u32> = [(3, 10), (200, 1), (70_000, 12), (70_001, 1), (900_000, 10)]
            .iter()
            .map(|&(id, w)| id << 8 | w)
            .collect();
        let encoded = |p: &[u32]| {
            let mut e = Encoded::default();
            p.iter().for_each(|&p| e.push(p));
            e
        };
        let written = |e: &Encoded| {
            let mut file = Vec::new();
            e.write(&mut file, "w");
            file
        };
        let whole = written(&encoded(&postings));
        for cut in 0..=postings.len() {
            let mut joined = encoded(&postings[..cut]);
            joined.append(encoded(&postings[cut..]));
            assert_eq!(joined.count(), postings.len() as u32);
            assert_eq!(written(&joined), whole, "cut at {cut}");
        }
        let mut weak = encoded(&postings[..1]);
        weak.append(encoded(&[5 << 8 | 1, 6 << 8 | 1]));
        assert_eq!(
            weak.strong, 1,
            "a stretch without a strong document adds none"
        );
        assert_eq!(
            decoded(&written(&weak)),
            vec![("w".to_string(), vec![(3, 10), (5, 1), (6, 1)])]
        );
    }

    #[test]
    fn the_builder_makes_the_bytes_of_a_build_batch_by_batch() {
        let texts = [
            "停車收費 abc",
            "收費標準 1150012345",
            "停車 abd",
            "臺中燈會 abc",
        ];
        let docs: Vec<Doc> = texts.iter().map(|t| doc(t)).collect();
        let mut builder = Builder::default();
        add(&mut builder, &docs[..1]);
        add(&mut builder, &docs[1..]);
        let (files, n) = builder.finish();
        // 停 車 收 費 停車 車收 收費 abc; 收 費 標 準 收費 費標 標準
        // 1150012345; 停 車 停車 abd; 臺 中 燈 會 臺中 中燈 燈會 abc.
        assert_eq!(n, 8 + 8 + 4 + 8);
        assert_eq!(files, build(&docs, bucket_count(n)));
        // The second batch's documents are numbered on from the first's.
        let entries = decoded(&files[0]);
        let find = |w: &str| entries.iter().find(|e| e.0 == w).map(|e| e.1.clone());
        assert_eq!(find("停車"), Some(vec![(0, 1), (2, 1)]));
        assert_eq!(find("abc"), Some(vec![(0, 1), (3, 1)]));
        // Many buckets: each file the fine buckets its number ends.
        // Many buckets and many stretches: each file the fine buckets its
        // number ends, whatever the batches.
        let many: Vec<Doc> = (0..40000)
            .map(|i| {
                let c = char::from_u32(0x4E00 + i % 20000).unwrap();
                let words = Words {
                    text: vec![(format!("w{}", i % 7000), 2)],
                };
                (words, vec![(Runs::of(&c.to_string()), 1)])
            })
            .collect();
        // Three cores, so that every batch is cut however many this
        // machine has.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let (files, n) = pool.install(|| {
            let mut builder = Builder::default();
            for batch in many.chunks(3000) {
                add(&mut builder, batch);
            }
            builder.finish()
        });
        assert!(files.len() > 1);
        assert_eq!(files, build(&many, bucket_count(n)));
    }

    #[test]
    fn large_indexes_spread_over_buckets_by_word() {
        assert_eq!(bucket_count(0), 1);
        assert_eq!(bucket_count(8_600_000), 2048);
        assert_eq!(bucket_count(usize::MAX / 2), 16384);
        // 20,000 documents with a word each: several buckets, and each
        // word in the one its hash names.
        let docs: Vec<Doc> = (0..20000)
            .map(|i| doc(&char::from_u32(0x4E00 + i).unwrap().to_string()))
            .collect();
        let mut builder = Builder::default();
        add(&mut builder, &docs);
        let (files, postings) = builder.finish();
        assert_eq!((postings, files.len()), (20000, 2));
        for (b, file) in files.iter().enumerate() {
            for (word, _) in decoded(file) {
                let code = crate::render::search::tokens::han(word.chars().next().unwrap(), None);
                assert_eq!(bucket_of_han(code, 2) as usize, b, "{word}");
            }
        }
    }
}
