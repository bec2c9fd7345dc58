//! The inverted index: every word with the documents that have it, spread
//! over bucket files by a hash of the word (see [`super::tokens`]), so a
//! query downloads one small file per word.
//!
//! A bucket file is a run of entries, in word order:
//!
//! ```text
//! varint  length of the word in UTF-8 bytes, then the word
//! varint  how many documents have it
//! then per document: varint  its number minus the previous one's
//!                              (the first: its number)
//!                    byte    the word's weight in it
//! ```
//!
//! `search.js` (`readBucket`) reads it.

use rayon::prelude::*;

use super::tokens::{Words, bucket_of_han, bucket_of_text, han_chars};

/// About how many postings (a word in a document) go in one bucket file:
/// ~2 bytes each, so files of ~20 KB; more buckets would mean more files
/// for little gain per query.
const POSTINGS_PER_BUCKET: usize = 8192;
const MAX_BUCKETS: usize = 4096;

/// How many bucket files an index of `postings` postings gets: a power of
/// two, at least one.
pub fn bucket_count(postings: usize) -> u32 {
    (postings / POSTINGS_PER_BUCKET)
        .next_power_of_two()
        .clamp(1, MAX_BUCKETS) as u32
}

/// The most documents an index can number (20 bits of a posting).
pub const MAX_DOCUMENTS: usize = 1 << 20;

/// The bucket files, in bucket order, for documents numbered by their
/// place in `docs` (fewer than [`MAX_DOCUMENTS`]).
pub fn buckets(docs: Vec<Words>) -> Vec<Vec<u8>> {
    let postings: usize = docs.iter().map(|d| d.han.len() + d.text.len()).sum();
    let n = bucket_count(postings);
    // Each bucket's postings as one number, Chinese word << 28 | document
    // << 8 | weight: sorting the numbers sorts by word, then document.
    let bucket_ids: Vec<Vec<u16>> = docs
        .par_iter()
        .map(|d| {
            d.han
                .iter()
                .map(|c| bucket_of_han(c >> 8, n) as u16)
                .collect()
        })
        .collect();
    let mut han: Vec<Vec<u64>> = vec![Vec::new(); n as usize];
    let mut text: Vec<Vec<(String, u32)>> = vec![Vec::new(); n as usize];
    for (id, (doc, ids)) in docs.into_iter().zip(bucket_ids).enumerate() {
        let id = id as u64;
        for (c, b) in doc.han.into_iter().zip(ids) {
            han[b as usize].push((c >> 8) << 28 | id << 8 | (c & 0xFF));
        }
        for (word, weight) in doc.text {
            let b = bucket_of_text(&word, n) as usize;
            text[b].push((word, (id as u32) << 8 | weight as u32));
        }
    }
    han.into_par_iter()
        .zip(text.into_par_iter())
        .map(|(mut han, mut text)| {
            han.sort_unstable();
            text.sort_by(|a, b| a.0.cmp(&b.0));
            let mut file = Vec::new();
            let mut word = String::new();
            for group in han.chunk_by(|a, b| a >> 28 == b >> 28) {
                word.clear();
                word.extend(han_chars(group[0] >> 28));
                let postings = group.iter().map(|p| (p & 0xFFF_FFFF) as u32);
                entry(&mut file, &word, postings);
            }
            for group in text.chunk_by(|a, b| a.0 == b.0) {
                entry(&mut file, &group[0].0, group.iter().map(|p| p.1));
            }
            file
        })
        .collect()
}

/// One word's entry; `postings` are document number << 8 | weight,
/// ascending.
fn entry(file: &mut Vec<u8>, word: &str, postings: impl ExactSizeIterator<Item = u32>) {
    varint(file, word.len() as u32);
    file.extend_from_slice(word.as_bytes());
    varint(file, postings.len() as u32);
    let mut last = 0;
    for p in postings {
        let id = p >> 8;
        varint(file, id - last);
        file.push(p as u8);
        last = id;
    }
}

/// LEB128: seven bits a byte, low first, high bit set on all but the last.
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
    use crate::render::search::tokens::{Counts, han};

    fn words(text: &str) -> Words {
        let mut c = Counts::default();
        c.add(text, 1);
        c.words()
    }

    /// Reads a bucket file back: (word, [(document, weight)]).
    fn read(file: &[u8]) -> Vec<(String, Vec<(u32, u8)>)> {
        fn varint(file: &[u8], at: &mut usize) -> u32 {
            let (mut v, mut shift) = (0u32, 0);
            loop {
                let b = file[*at];
                *at += 1;
                v |= ((b & 0x7f) as u32) << shift;
                if b < 0x80 {
                    return v;
                }
                shift += 7;
            }
        }
        let (mut at, mut out) = (0, Vec::new());
        while at < file.len() {
            let len = varint(file, &mut at) as usize;
            let word = String::from_utf8(file[at..at + len].to_vec()).unwrap();
            at += len;
            let n = varint(file, &mut at);
            let (mut id, mut docs) = (0, Vec::new());
            for _ in 0..n {
                id += varint(file, &mut at);
                docs.push((id, file[at]));
                at += 1;
            }
            out.push((word, docs));
        }
        out
    }

    #[test]
    fn every_word_lists_its_documents_in_its_bucket() {
        let docs: Vec<Words> = ["停車收費", "收費標準 1150012345", "停車"]
            .iter()
            .map(|t| words(t))
            .collect();
        let files = buckets(docs);
        assert_eq!(files.len(), 1, "a small index is one file");
        let entries = read(&files[0]);
        let find = |w: &str| entries.iter().find(|e| e.0 == w).map(|e| e.1.clone());
        assert_eq!(find("停車"), Some(vec![(0, 1), (2, 1)]));
        assert_eq!(find("收費"), Some(vec![(0, 1), (1, 1)]));
        assert_eq!(find("1150012345"), Some(vec![(1, 1)]));
        assert_eq!(find("停電"), None);
    }

    #[test]
    fn large_indexes_spread_over_buckets_by_word() {
        assert_eq!(bucket_count(0), 1);
        assert_eq!(bucket_count(8_600_000), 2048);
        assert_eq!(bucket_count(usize::MAX / 2), 4096);
        // 20,000 documents with a word each: several buckets, and each
        // word in the one its hash names.
        let docs: Vec<Words> = (0..20000)
            .map(|i| Words {
                han: vec![han(char::from_u32(0x4E00 + i).unwrap(), None) << 8 | 1],
                text: vec![],
            })
            .collect();
        let files = buckets(docs);
        assert_eq!(files.len(), 2);
        for (b, file) in files.iter().enumerate() {
            for (word, _) in read(file) {
                let code = han(word.chars().next().unwrap(), None);
                assert_eq!(bucket_of_han(code, 2) as usize, b, "{word}");
            }
        }
    }
}
