//! Phrases: longer runs of Chinese characters as words of their own, for
//! the beginnings that many documents have, so that a phrase is found
//! exactly and what a query downloads does not grow with the archive.
//!
//! The bucket files of `b/` hold every character and pair ([`super::tokens`]).
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
use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{Encoded, MAX_BUCKETS, bucket_count};
use super::tokens::is_han;

/// Beginnings in more documents than this are extended; a query checks at
/// most this many records for a phrase.
pub const FREQUENT: u32 = 16;

/// The longest phrase kept as a word.
pub const LONGEST: usize = 8;

/// Extended beginnings of one length, as numbers.
pub type Extended = FxHashSet<u128>;

/// A run of a level's length: its beginning (all but the last character)
/// as a number, and its last character.
type Gram = (u128, u32);

/// The words of one length (3 to [`LONGEST`]), made a batch of documents
/// at a time, as [`super::index::Builder`] makes `b/`.
pub struct Level {
    len: usize,
    extended: Extended,
    fine: Vec<FxHashMap<Gram, Encoded>>,
    next: u32,
    postings: usize,
}

impl Level {
    /// The words of `len` characters that begin with one of `extended`
    /// (of `len - 1`).
    pub fn new(len: usize, extended: Extended) -> Level {
        Level {
            len,
            extended,
            fine: (0..MAX_BUCKETS).map(|_| FxHashMap::default()).collect(),
            next: 0,
            postings: 0,
        }
    }

    /// Adds documents (each its fields: text, and how much an occurrence
    /// counts), numbered on from the last ones added; how many postings
    /// each had.
    pub fn add(&mut self, docs: &[Vec<(&str, u32)>]) -> Vec<usize> {
        // Each word's fine bucket found in parallel with the words, and a
        // document's words sorted by it, so that each thread below finds
        // its range by halving rather than looking at every word.
        let found: Vec<Vec<(Gram, u32, u16)>> = docs.par_iter().map(|f| self.grams(f)).collect();
        let first = self.next;
        self.next += docs.len() as u32;
        let counts: Vec<usize> = found.iter().map(Vec::len).collect();
        self.postings += counts.iter().sum::<usize>();
        // Each thread takes a range of fine buckets and the words that fall
        // in it (copying every posting into its bucket first took longer).
        let per = MAX_BUCKETS.div_ceil(rayon::current_num_threads() * 4);
        self.fine
            .par_chunks_mut(per)
            .enumerate()
            .for_each(|(chunk, fine)| {
                let range = (chunk * per) as u16..(chunk * per + fine.len()) as u16;
                for (i, grams) in found.iter().enumerate() {
                    let id = first + i as u32;
                    let from = grams.partition_point(|g| g.2 < range.start);
                    let to = grams.partition_point(|g| g.2 < range.end);
                    for &(gram, weight, b) in &grams[from..to] {
                        let map = &mut fine[(b - range.start) as usize];
                        map.entry(gram).or_default().push(id << 8 | weight);
                    }
                }
            });
        counts
    }

    /// One document's words, each once with its weight (capped to a byte)
    /// and its fine bucket, in bucket order.
    fn grams(&self, fields: &[(&str, u32)]) -> Vec<(Gram, u32, u16)> {
        let mask = (1u128 << (18 * (self.len - 1))) - 1;
        let mut found: Vec<(Gram, u32, u16)> = Vec::new();
        for &(text, weight) in fields {
            let (mut start, mut run) = (0u128, 0);
            for c in text.chars() {
                if !is_han(c) {
                    run = 0;
                    continue;
                }
                if run + 1 >= self.len && self.extended.contains(&start) {
                    let gram = (start, c as u32);
                    let b = bucket_of(self.len, gram) & (MAX_BUCKETS as u32 - 1);
                    found.push((gram, weight.min(255), b as u16));
                }
                start = (start << 18 | c as u128) & mask;
                run += 1;
            }
        }
        // One sort for both: a word is always in the same bucket, so its
        // occurrences are next to each other.
        found.sort_unstable_by_key(|g| (g.2, g.0));
        found.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 = (a.1 + b.1).min(255);
            }
            same
        });
        found
    }

    /// The words in more than [`FREQUENT`] documents: the next length's
    /// extended beginnings.
    pub fn extended(&self) -> Extended {
        self.fine
            .iter()
            .flat_map(|f| f.iter())
            .filter(|(_, e)| e.count() > FREQUENT)
            .map(|((start, last), _)| start << 18 | *last as u128)
            .collect()
    }

    /// The bucket files, each word's postings dropped once written.
    pub fn files(self) -> Vec<Vec<u8>> {
        let n = bucket_count(self.postings);
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
        let n = n as usize;
        let len = self.len;
        let mut groups: Vec<Vec<FxHashMap<Gram, Encoded>>> = (0..n).map(|_| Vec::new()).collect();
        for (f, fine) in self.fine.into_iter().enumerate() {
            groups[f % n].push(fine);
        }
        groups
            .into_par_iter()
            .map(|group| {
                let mut words: Vec<(String, Encoded)> = group
                    .into_iter()
                    .flatten()
                    .map(|(gram, e)| (chars(len, gram).collect(), e))
                    .collect();
                words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                words
            })
            .collect()
    }
}

/// The hash that puts a word of `len` characters in its bucket file (the
/// low bits): 32-bit FNV-1a over its code points, one step a character
/// (`phraseBucket` in `search.js`).
fn bucket_of(len: usize, gram: Gram) -> u32 {
    let n = len - 1;
    (0..n)
        .map(|i| (gram.0 >> (18 * (n - 1 - i))) as u32 & 0x3_FFFF)
        .chain([gram.1])
        .fold(0x811c_9dc5u32, |h, c| (h ^ c).wrapping_mul(0x0100_0193))
}

/// The characters of a word of `len` characters.
fn chars(len: usize, (start, last): Gram) -> impl Iterator<Item = char> {
    let n = len - 1;
    (0..n)
        .map(move |i| (start >> (18 * (n - 1 - i))) as u32 & 0x3_FFFF)
        .chain([last])
        .filter_map(char::from_u32)
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
        let found = level.grams(&[
            ("公共安全巡檢", 10),
            ("公共工程、安全。AB公共設施公共安", 1),
        ]);
        let got: Vec<(String, u32)> = found
            .into_iter()
            .map(|(g, w, _)| (chars(3, g).collect(), w))
            .collect();
        // 共安 is not extended; 安全。 ends its run, so 安全 grows only
        // once; 公共安 twice, its weights added.
        let want = [("公共安", 11), ("公共工", 1), ("公共設", 1), ("安全巡", 10)];
        let mut got = got;
        got.sort();
        assert_eq!(
            got,
            want.iter()
                .map(|(s, w)| (s.to_string(), *w))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn words_in_more_than_sixteen_documents_extend_the_next_length() {
        let mut level = Level::new(3, pairs(&["公共"]));
        let docs: Vec<Vec<(&str, u32)>> = (0..20)
            .map(|i| {
                vec![(
                    if i < 17 {
                        "公共安全"
                    } else {
                        "公共設施"
                    },
                    1,
                )]
            })
            .collect();
        level.add(&docs);
        let next = level.extended();
        let code = |s: &str| s.chars().fold(0u128, |k, c| k << 18 | c as u128);
        assert_eq!(next, [code("公共安")].into_iter().collect());
        let files = level.files();
        assert!(files.len() == 1 && !files[0].is_empty());
    }
}
