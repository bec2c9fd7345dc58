//! How text becomes the index's words. `themes/default/static/search.js`
//! splits a query by the same rules (its `queryTerms` and `bucketOf`), so
//! the two must change together, and with the Chinese characters and
//! pairs that [`super::index::Builder::add`] reads from the texts.
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

/// Occurrences of words other than Chinese ones, as they are met (the
/// index reads Chinese characters and pairs from the texts as
/// [`super::grams::Runs`] keeps them: [`super::index::Builder::add`]).
#[derive(Debug, Default)]
pub struct Counts {
    text: Vec<(String, u32)>,
}

/// One document's words other than Chinese ones, sorted, with how much
/// each counts (occurrences, capped to a byte).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Words {
    pub text: Vec<(String, u8)>,
}

impl Counts {
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
            text: sum(self.text),
        }
    }
}

impl Words {
    /// Documents' words as bytes, for the build cache.
    pub fn encode(docs: &[Words]) -> Vec<u8> {
        let mut out = Vec::new();
        for d in docs {
            out.extend_from_slice(&(d.text.len() as u32).to_le_bytes());
            for (word, weight) in &d.text {
                out.push(*weight);
                out.extend_from_slice(&(word.len() as u32).to_le_bytes());
                out.extend_from_slice(word.as_bytes());
            }
        }
        out
    }

    /// What [`Words::encode`] wrote; `None` for anything else. (Kept
    /// words of the format before, with a count of Chinese words first,
    /// read as twice the documents: the count refuses them and its
    /// words are made again, `part_kept`.)
    pub fn decode(mut bytes: &[u8]) -> Option<Vec<Words>> {
        let mut docs = Vec::new();
        while !bytes.is_empty() {
            let n = u32_(&mut bytes)?;
            let mut text = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                let weight = take(&mut bytes, 1)?[0];
                let len = u32_(&mut bytes)?;
                let word = std::str::from_utf8(take(&mut bytes, len)?).ok()?;
                text.push((word.to_string(), weight));
            }
            docs.push(Words { text });
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
        counts.add_other(text, 1);
        counts.words().text.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn letters_and_digits_are_whole_words_full_width_and_capitals_folded() {
        assert_eq!(
            words("字第１１５００１２號 COVID-19"),
            ["1150012", "19", "covid"]
        );
    }

    #[test]
    fn words_come_back_from_their_bytes() {
        let docs: Vec<Words> = ["停車收費 A12", "", "１１５年"]
            .iter()
            .map(|t| {
                let mut c = Counts::default();
                c.add_other(t, 2);
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
        counts.add_other(&"abc ".repeat(300), 1);
        counts.add_other("abc", 10);
        assert_eq!(counts.words().text, [("abc".to_string(), 255)]);
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
}
