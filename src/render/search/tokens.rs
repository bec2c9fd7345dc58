//! How text becomes the index's words. `themes/default/static/search.js`
//! splits a query by the same rules (its `queryTerms` and `bucketOf`), so
//! the two must change together.
//!
//! - Full-width ASCII (`１１５`, `ＡＢＣ`) counts as half-width, and Latin
//!   letters as lower case.
//! - A run of Chinese characters gives every character and every pair of
//!   adjacent characters (`收費標準` → 收 費 標 準 收費 費標 標準), and
//!   longer runs where many documents share a beginning ([`super::grams`]).
//!   A query of two or more characters asks for them as a phrase; of one,
//!   for the character. Punctuation and spaces end a run.
//! - A run of other letters and digits (`1150012345`, `covid`) is one word,
//!   found by any query word it starts with (three characters or more) or
//!   equals.
//! - Filters are words no text can make: `#c` + category, `#a` + agency,
//!   `#y` + year label.

use rustc_hash::FxHashMap;

/// A Chinese character or pair of characters (`second` none) as one
/// number of 36 bits (every Chinese character is below U+40000, see
/// [`is_han`]): most of the index, kept small.
pub fn han(first: char, second: Option<char>) -> u64 {
    ((first as u64) << 18) | second.map_or(0, |c| c as u64)
}

/// The characters of a [`han`] number.
pub fn han_chars(code: u64) -> impl Iterator<Item = char> {
    [code >> 18, code & 0x3_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
}

/// The text of a [`han`] number.
pub fn han_text(code: u64) -> String {
    han_chars(code).collect()
}

/// Which bucket file holds a word, of `buckets` (a power of two): by its
/// text, or for a word of three or more letters or digits by its first
/// three, so that a query word finds every word it begins.
pub fn bucket_of_han(code: u64, buckets: u32) -> u32 {
    let mut h = Fnv::new();
    han_chars(code).for_each(|c| h.char(c));
    h.0 & (buckets - 1)
}

/// See [`bucket_of_han`]; filters (`#…`) by their whole text.
pub fn bucket_of_text(word: &str, buckets: u32) -> u32 {
    let mut h = Fnv::new();
    if word.starts_with('#') {
        h.str(word);
    } else {
        word.chars().take(3).for_each(|c| h.char(c));
    }
    h.0 & (buckets - 1)
}

/// 32-bit FNV-1a over UTF-8, as `search.js` computes it.
struct Fnv(u32);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0x811c_9dc5)
    }
    fn char(&mut self, c: char) {
        let mut buf = [0; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            self.0 = (self.0 ^ b as u32).wrapping_mul(0x0100_0193);
        }
    }
    fn str(&mut self, s: &str) {
        s.chars().for_each(|c| self.char(c));
    }
}

/// Chinese characters, as `search.js`'s `HAN` class: CJK radicals, 々 〇
/// and the Suzhou numerals, the unified ideographs and their extensions,
/// compatibility ideographs.
pub const fn is_han(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}'
        | '\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Full-width ASCII as half-width, Latin capitals as small letters: one
/// character for one, so positions in the text stay put.
pub fn normalize(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Longest word of letters and digits kept whole; longer runs are cut
/// (nobody types them, and they would swell the index).
const MAX_WORD: usize = 32;

/// Occurrences of words, as they are met.
#[derive(Debug, Default)]
pub struct Counts {
    /// [`han`] number << 8 | weight.
    han: Vec<u64>,
    text: Vec<(String, u32)>,
}

/// One document's words with how much each counts (occurrences, capped to
/// a byte): the Chinese ones in no set order (the index sorts each bucket
/// file's words), the others sorted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Words {
    /// [`han`] number << 8 | weight.
    pub han: Vec<u64>,
    pub text: Vec<(String, u8)>,
}

impl Counts {
    /// Counts every word of `text`, each occurrence as `weight`.
    pub fn add(&mut self, text: &str, weight: u32) {
        self.add_other(text, weight);
        let runs: Vec<u32> = text
            .chars()
            .map(|c| if is_han(c) { c as u32 } else { 0 })
            .collect();
        self.add_runs(&runs, weight);
    }

    /// Counts the words of `text` that are not Chinese: runs of letters
    /// and digits.
    pub fn add_other(&mut self, text: &str, weight: u32) {
        let mut word = String::new();
        let mut word_len = 0;
        for c in text.chars().map(normalize) {
            if !is_han(c) && c.is_alphanumeric() {
                if word_len < MAX_WORD {
                    word.push(c);
                }
                word_len += 1;
            } else {
                self.word(&mut word, &mut word_len, weight);
            }
        }
        self.word(&mut word, &mut word_len, weight);
    }

    /// Counts the Chinese characters and pairs of a text given as its
    /// characters' code points, 0 for anything else (as
    /// [`super::grams::Runs`] keeps it: [`normalize`] changes no Chinese
    /// character and makes none).
    pub fn add_runs(&mut self, runs: &[u32], weight: u32) {
        let w = weight.min(255) as u64;
        let mut prev = 0u32;
        for &c in runs {
            if c != 0 {
                let code = (c as u64) << 18;
                self.han.push(code << 8 | w);
                if prev != 0 {
                    self.han.push(((prev as u64) << 18 | c as u64) << 8 | w);
                }
            }
            prev = c;
        }
    }

    /// A filter value, as a word no text makes (`#c公告`).
    pub fn filter(&mut self, kind: char, value: &str) {
        self.text.push((format!("#{kind}{value}"), 1));
    }

    fn word(&mut self, word: &mut String, len: &mut usize, weight: u32) {
        if !word.is_empty() {
            self.text.push((std::mem::take(word), weight));
        }
        *len = 0;
    }

    /// The counts summed per word.
    pub fn words(self) -> Words {
        Words {
            han: sum_han(self.han),
            text: sum(self.text),
        }
    }
}

impl Words {
    /// Documents' words as bytes, for the build cache.
    pub fn encode(docs: &[Words]) -> Vec<u8> {
        let mut out = Vec::new();
        for d in docs {
            out.extend_from_slice(&(d.han.len() as u32).to_le_bytes());
            d.han
                .iter()
                .for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
            out.extend_from_slice(&(d.text.len() as u32).to_le_bytes());
            for (word, weight) in &d.text {
                out.push(*weight);
                out.extend_from_slice(&(word.len() as u32).to_le_bytes());
                out.extend_from_slice(word.as_bytes());
            }
        }
        out
    }

    /// What [`Words::encode`] wrote; `None` for anything else.
    pub fn decode(mut bytes: &[u8]) -> Option<Vec<Words>> {
        let mut docs = Vec::new();
        while !bytes.is_empty() {
            let n = u32_(&mut bytes)?;
            let han = take(&mut bytes, n.checked_mul(8)?)?
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect();
            let n = u32_(&mut bytes)?;
            let mut text = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                let weight = take(&mut bytes, 1)?[0];
                let len = u32_(&mut bytes)?;
                let word = std::str::from_utf8(take(&mut bytes, len)?).ok()?;
                text.push((word.to_string(), weight));
            }
            docs.push(Words { han, text });
        }
        Some(docs)
    }
}

/// The next `n` bytes of `bytes`, taken off it.
pub(super) fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = bytes.split_at_checked(n)?;
    *bytes = rest;
    Some(head)
}

/// The next little-endian `u32` of `bytes`, taken off it.
pub(super) fn u32_(bytes: &mut &[u8]) -> Option<usize> {
    Some(u32::from_le_bytes(take(bytes, 4)?.try_into().ok()?) as usize)
}

fn sum_han(counts: Vec<u64>) -> Vec<u64> {
    // Summed in a map: a document's text repeats most of its characters
    // and pairs many times. Not sorted: no one needs their order.
    let mut summed: FxHashMap<u64, u64> = FxHashMap::default();
    summed.reserve(counts.len() / 2);
    for c in counts {
        let w = summed.entry(c >> 8).or_default();
        *w = (*w + (c & 0xFF)).min(255);
    }
    summed.into_iter().map(|(n, w)| n << 8 | w).collect()
}

pub(super) fn sum<W: Ord>(mut counts: Vec<(W, u32)>) -> Vec<(W, u8)> {
    counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(W, u8)> = Vec::with_capacity(counts.len() / 2);
    for (word, n) in counts {
        match out.last_mut() {
            Some((last, w)) if *last == word => *w = (*w as u32 + n).min(255) as u8,
            _ => out.push((word, n.min(255) as u8)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut counts = Counts::default();
        counts.add(text, 1);
        let w = counts.words();
        let mut han = w.han;
        han.sort_unstable();
        let mut all: Vec<String> = han.iter().map(|c| han_text(c >> 8)).collect();
        all.extend(w.text.into_iter().map(|(t, _)| t));
        all
    }

    #[test]
    fn chinese_runs_give_characters_and_pairs_and_punctuation_ends_them() {
        assert_eq!(
            words("收費、標準"),
            ["收", "收費", "標", "標準", "準", "費"]
        );
    }

    #[test]
    fn letters_and_digits_are_whole_words_full_width_and_capitals_folded() {
        assert_eq!(
            words("字第１１５００１２號 COVID-19"),
            ["字", "字第", "第", "號", "1150012", "19", "covid"]
        );
    }

    #[test]
    fn words_come_back_from_their_bytes() {
        let docs: Vec<Words> = ["停車收費 A12", "", "１１５年"]
            .iter()
            .map(|t| {
                let mut c = Counts::default();
                c.add(t, 2);
                c.filter('y', "115年");
                c.words()
            })
            .collect();
        let bytes = Words::encode(&docs);
        assert_eq!(Words::decode(&bytes), Some(docs));
        assert_eq!(Words::decode(&bytes[..bytes.len() - 1]), None, "cut short");
        assert_eq!(Words::decode(&[]), Some(vec![]));
    }

    #[test]
    fn repeated_words_add_up_to_a_byte() {
        let mut counts = Counts::default();
        counts.add(&"停車".repeat(300), 1);
        counts.add("停車", 10);
        let words = counts.words();
        let weight = |code: u64| words.han.iter().find(|c| *c >> 8 == code).map(|c| c & 0xFF);
        assert_eq!(weight(han('停', Some('車'))), Some(255));
        assert_eq!(weight(han('停', None)), Some(255));
    }

    #[test]
    fn buckets_follow_the_first_three_letters_of_words() {
        assert_eq!(
            bucket_of_text("1150012345", 1024),
            bucket_of_text("115", 1024)
        );
        // FNV-1a of "停車" (e5 81 9c e8 bb 8a), as search.js computes it.
        assert_eq!(
            bucket_of_han(han('停', Some('車')), 1 << 31),
            0x2886_e262 & 0x7fff_ffff
        );
    }

    #[test]
    fn chinese_words_from_kept_runs_are_those_of_the_text() {
        let text = "公告：臺中市１１５年度ＡＢＣ停車收費、𠀋字 第12號。停車";
        let mut whole = Counts::default();
        whole.add(text, 3);
        let mut parts = Counts::default();
        parts.add_other(text, 3);
        parts.add_runs(crate::render::search::grams::Runs::of(text).as_slice(), 3);
        // Chinese words come in no set order.
        let sorted = |mut w: Words| {
            w.han.sort_unstable();
            w
        };
        assert_eq!(sorted(parts.words()), sorted(whole.words()));
    }
}
