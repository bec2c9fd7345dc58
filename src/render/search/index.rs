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

use super::tokens::{Words, bucket_of_han, bucket_of_text, han, han_chars, is_han};

/// About how many postings (a word in a document) go in one bucket file:
/// ~2 bytes each, so files of ~20 KB; more buckets would mean more files
/// for little gain per query.
const POSTINGS_PER_BUCKET: usize = 8192;
pub const MAX_BUCKETS: usize = 4096;

/// How many bucket files an index of `postings` postings gets: a power of
/// two, at least one.
pub fn bucket_count(postings: usize) -> u32 {
    (postings / POSTINGS_PER_BUCKET)
        .next_power_of_two()
        .clamp(1, MAX_BUCKETS) as u32
}

/// The most documents an index can number (20 bits of a posting).
pub const MAX_DOCUMENTS: usize = 1 << 20;

/// How many postings (a word in a document) `docs` hold.
pub fn postings(docs: &[Words]) -> usize {
    docs.iter().map(|d| d.han.len() + d.text.len()).sum()
}

/// The `n` bucket files, in bucket order, for documents numbered by their
/// place in `docs` (fewer than [`MAX_DOCUMENTS`]).
#[cfg(test)]
pub fn build(docs: Vec<Words>, n: u32) -> Vec<Vec<u8>> {
    update((0..n).map(|_| Vec::new()).collect(), 0, docs)
}

/// Bucket files made a batch of documents at a time, each word's postings
/// encoded as they come: memory is about the size of the files, not of
/// every document's words at once (1.7 GB for the 100-year corpus). Words
/// go to [`MAX_BUCKETS`] fine buckets; [`Builder::finish`] joins them into
/// as many files as the postings call for ([`bucket_count`]), a file
/// being the fine buckets its number ends (a word's bucket is its hash's
/// low bits). The files are the bytes [`build`] makes.
pub struct Builder {
    fine: Vec<FineBucket>,
    next: u32,
    postings: usize,
}

#[derive(Default)]
struct FineBucket {
    han: std::collections::BTreeMap<u64, Encoded>,
    text: std::collections::BTreeMap<String, Encoded>,
}

/// One word's postings as its entry writes them.
#[derive(Default)]
struct Encoded {
    count: u32,
    last: u32,
    bytes: Vec<u8>,
}

impl Encoded {
    fn push(&mut self, posting: u32) {
        let id = posting >> 8;
        varint(&mut self.bytes, id - self.last);
        self.bytes.push(posting as u8);
        self.last = id;
        self.count += 1;
    }

    fn write(&self, file: &mut Vec<u8>, word: &str) {
        varint(file, word.len() as u32);
        file.extend_from_slice(word.as_bytes());
        varint(file, self.count);
        file.extend_from_slice(&self.bytes);
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            fine: (0..MAX_BUCKETS).map(|_| FineBucket::default()).collect(),
            next: 0,
            postings: 0,
        }
    }
}

impl Builder {
    /// Adds documents, numbered on from the last ones added.
    pub fn add(&mut self, docs: Vec<Words>) {
        self.postings += postings(&docs);
        let count = docs.len() as u32;
        let (han, text) = scatter(docs, self.next, MAX_BUCKETS as u32);
        self.next += count;
        self.fine
            .par_iter_mut()
            .zip(han.into_par_iter().zip(text.into_par_iter()))
            .for_each(|(b, (han, text))| {
                for p in han {
                    b.han
                        .entry(p >> 28)
                        .or_default()
                        .push((p & 0xFFF_FFFF) as u32);
                }
                for (word, p) in text {
                    b.text.entry(word).or_default().push(p);
                }
            });
    }

    /// The bucket files, and how many postings they hold. Each word's
    /// postings are dropped as soon as they are written to their file.
    pub fn finish(self) -> (Vec<Vec<u8>>, usize) {
        let n = bucket_count(self.postings) as usize;
        let mut groups: Vec<Vec<FineBucket>> = (0..n).map(|_| Vec::new()).collect();
        for (f, bucket) in self.fine.into_iter().enumerate() {
            groups[f % n].push(bucket);
        }
        let files = groups
            .into_par_iter()
            .map(|group| {
                let mut han: Vec<(u64, Encoded)> = Vec::new();
                let mut text: Vec<(String, Encoded)> = Vec::new();
                for f in group {
                    han.extend(f.han);
                    text.extend(f.text);
                }
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
            .collect();
        (files, self.postings)
    }
}

/// [`update`] of the bucket files at `old` (as [`build`] made them), each
/// read only while its bucket is merged: the old index is never all in
/// memory at once (at 100 years its parsed postings took about 0.5 GB).
/// `None` if a file cannot be read or is not a bucket file (a damaged
/// build cache).
pub fn update_files(
    old: &[std::path::PathBuf],
    cut: u32,
    tail: Vec<Words>,
) -> Option<Vec<Vec<u8>>> {
    let n = old.len() as u32;
    let (han, text) = scatter(tail, cut, n);
    old.par_iter()
        .zip(han.into_par_iter().zip(text.into_par_iter()))
        .map(|(path, (han, text))| {
            let bytes = std::fs::read(path).ok()?;
            Some(merge(entries(&bytes)?, cut, &han, &text))
        })
        .collect()
}

/// The entries of bucket files as [`build`] made them; `None` if one is
/// not (a damaged build cache).
#[cfg(test)]
pub fn read(files: &[Vec<u8>]) -> Option<Vec<Vec<Entry<'_>>>> {
    files.par_iter().map(|f| entries(f)).collect()
}

/// The bucket files of `old` ([`read`]) with every document numbered `cut`
/// or more replaced by `tail`, numbered from `cut`: the same bytes as
/// [`build`] of all documents, made without going through the documents
/// before `cut` (a new issue, or an edit in the latest one).
#[cfg(test)]
pub fn update(old: Vec<Vec<Entry>>, cut: u32, tail: Vec<Words>) -> Vec<Vec<u8>> {
    let n = old.len() as u32;
    let (han, text) = scatter(tail, cut, n);
    old.into_par_iter()
        .zip(han.into_par_iter().zip(text.into_par_iter()))
        .map(|(old, (han, text))| merge(old, cut, &han, &text))
        .collect()
}

/// Each bucket's postings, sorted: Chinese words as one number, word << 28
/// | document << 8 | weight (sorting the numbers sorts by word, then
/// document); other words as (word, document << 8 | weight).
type Scattered = (Vec<Vec<u64>>, Vec<Vec<(String, u32)>>);

fn scatter(docs: Vec<Words>, first: u32, n: u32) -> Scattered {
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
    for (i, (doc, ids)) in docs.into_iter().zip(bucket_ids).enumerate() {
        let id = first as u64 + i as u64;
        for (c, b) in doc.han.into_iter().zip(ids) {
            han[b as usize].push((c >> 8) << 28 | id << 8 | (c & 0xFF));
        }
        for (word, weight) in doc.text {
            let b = bucket_of_text(&word, n) as usize;
            text[b].push((word, (id as u32) << 8 | weight as u32));
        }
    }
    han.par_iter_mut().for_each(|h| h.sort_unstable());
    text.par_iter_mut().for_each(|t| t.sort_unstable());
    (han, text)
}

/// One word's entry of an old bucket file.
pub struct Entry<'a> {
    word: &'a str,
    /// Document << 8 | weight, ascending.
    postings: Vec<u32>,
}

/// The entries of a bucket file; `None` if it is not one.
fn entries(file: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < file.len() {
        let len = read_varint(file, &mut at)? as usize;
        let word = std::str::from_utf8(file.get(at..at.checked_add(len)?)?).ok()?;
        at += len;
        let count = read_varint(file, &mut at)? as usize;
        let mut id: u32 = 0;
        let mut postings = Vec::with_capacity(count.min(file.len() - at));
        for _ in 0..count {
            id = id.checked_add(read_varint(file, &mut at)?)?;
            if id as usize >= MAX_DOCUMENTS {
                return None;
            }
            postings.push(id << 8 | *file.get(at)? as u32);
            at += 1;
        }
        out.push(Entry { word, postings });
    }
    Some(out)
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

/// Where a word goes in a bucket file: Chinese words first, by number,
/// then the others by text.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Order<'a> {
    Han(u64),
    Text(&'a str),
}

fn order(word: &str) -> Order<'_> {
    let mut chars = word.chars();
    match chars.next() {
        Some(a) if is_han(a) => Order::Han(han(a, chars.next())),
        _ => Order::Text(word),
    }
}

/// A bucket file: the old file's postings of documents before `cut`, with
/// the new postings (`han`, `text`, all `cut` or more) after them.
fn merge(old: Vec<Entry>, cut: u32, han: &[u64], text: &[(String, u32)]) -> Vec<u8> {
    let mut new: Vec<(Order, String, Vec<u32>)> = Vec::new();
    for group in han.chunk_by(|a, b| a >> 28 == b >> 28) {
        let code = group[0] >> 28;
        let postings = group.iter().map(|p| (p & 0xFFF_FFFF) as u32).collect();
        new.push((Order::Han(code), han_chars(code).collect(), postings));
    }
    for group in text.chunk_by(|a, b| a.0 == b.0) {
        let postings = group.iter().map(|p| p.1).collect();
        new.push((Order::Text(&group[0].0), group[0].0.clone(), postings));
    }
    let mut file = Vec::with_capacity(han.len() * 3);
    let mut old = old.into_iter().peekable();
    let mut new = new.into_iter().peekable();
    loop {
        let which = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(o), Some(n)) => order(o.word).cmp(&n.0),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        let (word, mut postings) = match which {
            std::cmp::Ordering::Greater => {
                let (_, word, postings) = new.next().unwrap_or_else(|| unreachable!());
                (word, postings)
            }
            _ => {
                let o = old.next().unwrap_or_else(|| unreachable!());
                let mut kept: Vec<u32> = o
                    .postings
                    .into_iter()
                    .take_while(|p| p >> 8 < cut)
                    .collect();
                if which == std::cmp::Ordering::Equal {
                    kept.extend(new.next().map(|n| n.2).unwrap_or_default());
                }
                (o.word.to_string(), kept)
            }
        };
        if !postings.is_empty() {
            entry(&mut file, &word, postings.drain(..));
        }
    }
    file
}

/// One word's entry; `postings` are document << 8 | weight, ascending.
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
    fn decoded(file: &[u8]) -> Vec<(String, Vec<(u32, u8)>)> {
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
        let files = build(docs, 1);
        let entries = decoded(&files[0]);
        let find = |w: &str| entries.iter().find(|e| e.0 == w).map(|e| e.1.clone());
        assert_eq!(find("停車"), Some(vec![(0, 1), (2, 1)]));
        assert_eq!(find("收費"), Some(vec![(0, 1), (1, 1)]));
        assert_eq!(find("1150012345"), Some(vec![(1, 1)]));
        assert_eq!(find("停電"), None);
    }

    #[test]
    fn an_update_gives_the_bytes_of_a_build_of_all_documents() {
        let before = [
            "停車收費 abc",
            "收費標準 1150012345",
            "停車 abd",
            "臺中燈會 abc",
        ];
        let after = ["停車收費 abc", "收費標準 1150012345", "停電 xyz"];
        for n in [1, 4] {
            let old = build(before.iter().map(|t| words(t)).collect(), n);
            let entries = read(&old).expect("bucket files as build makes them");
            let updated = update(entries, 2, after[2..].iter().map(|t| words(t)).collect());
            let fresh = build(after.iter().map(|t| words(t)).collect(), n);
            assert_eq!(updated, fresh, "{n} buckets");
            let all: Vec<String> = fresh.iter().flat_map(|f| decoded(f)).map(|e| e.0).collect();
            assert!(all.contains(&"停電".to_string()) && !all.contains(&"燈會".to_string()));
        }
    }

    #[test]
    fn the_builder_makes_the_bytes_of_a_build_batch_by_batch() {
        let texts = [
            "停車收費 abc",
            "收費標準 1150012345",
            "停車 abd",
            "臺中燈會 abc",
        ];
        let docs = || texts.iter().map(|t| words(t)).collect::<Vec<_>>();
        let mut builder = Builder::default();
        let mut all = docs();
        let rest = all.split_off(1);
        builder.add(all);
        builder.add(rest);
        let (files, n) = builder.finish();
        assert_eq!(n, postings(&docs()));
        assert_eq!(files, build(docs(), bucket_count(n)));
        // Many buckets: each file the fine buckets its number ends.
        let many: Vec<Words> = (0..40000)
            .map(|i| Words {
                han: vec![han(char::from_u32(0x4E00 + i % 20000).unwrap(), None) << 8 | 1],
                text: vec![(format!("w{}", i % 7000), 2)],
            })
            .collect();
        let mut builder = Builder::default();
        builder.add(many.clone());
        let (files, n) = builder.finish();
        assert!(files.len() > 1);
        assert_eq!(files, build(many, bucket_count(n)));
    }

    #[test]
    fn an_update_of_files_on_disk_is_the_update_of_them_read() {
        let dir = std::env::temp_dir().join(format!("munipub-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let before = ["停車收費 abc", "收費標準 1150012345", "停車 abd"];
        let old = build(before.iter().map(|t| words(t)).collect(), 4);
        let paths: Vec<_> = old
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let p = dir.join(format!("{i}.bin"));
                std::fs::write(&p, f).unwrap();
                p
            })
            .collect();
        let tail = || vec![words("停電 xyz")];
        let expected = update(read(&old).unwrap(), 2, tail());
        assert_eq!(update_files(&paths, 2, tail()), Some(expected));
        std::fs::write(&paths[1], [0xFF; 9]).unwrap();
        assert_eq!(update_files(&paths, 2, tail()), None, "a damaged file");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damaged_bucket_files_are_refused_not_read() {
        let good = build(vec![words("停車收費 1150012345")], 1);
        assert!(read(&good).is_some());
        for cut in [1, good[0].len() / 2, good[0].len() - 1] {
            let damaged = vec![good[0][..cut].to_vec()];
            assert!(read(&damaged).is_none(), "cut at {cut}");
        }
        assert!(read(&[vec![0xFF; 9]]).is_none(), "an endless number");
        assert!(
            read(&[vec![2, 0xC3, 0x28, 0]]).is_none(),
            "a word not UTF-8"
        );
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
        let n = bucket_count(postings(&docs));
        assert_eq!(n, 2);
        let files = build(docs, n);
        for (b, file) in files.iter().enumerate() {
            for (word, _) in decoded(file) {
                let code = han(word.chars().next().unwrap(), None);
                assert_eq!(bucket_of_han(code, 2) as usize, b, "{word}");
            }
        }
    }
}
