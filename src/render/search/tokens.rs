//! How text becomes the index's words. `themes/default/static/search.js`
//! splits a query by the same rules (its `queryTerms` and `bucketOf`), so
//! the two must change together.
//!
//! - Full-width ASCII (`１１５`, `ＡＢＣ`) counts as half-width, and Latin
//!   letters as lower case.
//! - A run of Chinese characters gives every character and every pair of
//!   adjacent characters (`收費標準` → 收 費 標 準 收費 費標 標準). A query of
//!   two or more characters asks for all its pairs; of one, for the
//!   character. Punctuation and spaces end a run.
//! - A run of other letters and digits (`1150012345`, `covid`) is one word,
//!   found by any query word it starts with (three characters or more) or
//!   equals.
//! - Filters are words no text can make: `#c` + category, `#a` + agency,
//!   `#y` + year label.

/// A pair of Chinese characters (or one, `second` 0) as one number:
/// most of the index, kept small.
pub fn han(first: char, second: Option<char>) -> u64 {
    ((first as u64) << 21) | second.map_or(0, |c| c as u64)
}

/// The text of [`han`]'s number.
pub fn han_text(code: u64) -> String {
    [code >> 21, code & 0x1F_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// Which bucket file holds a word, of `buckets` (a power of two): by its
/// text, or for a word of three or more letters or digits by its first
/// three, so that a query word finds every word it begins.
pub fn bucket_of_han(code: u64, buckets: u32) -> u32 {
    let mut h = Fnv::new();
    h.str(&han_text(code));
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
pub fn is_han(c: char) -> bool {
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
    han: Vec<(u64, u32)>,
    text: Vec<(String, u32)>,
}

/// One document's words with how much each counts (occurrences, capped to
/// a byte), sorted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Words {
    pub han: Vec<(u64, u8)>,
    pub text: Vec<(String, u8)>,
}

impl Counts {
    /// Counts every word of `text`, each occurrence as `weight`.
    pub fn add(&mut self, text: &str, weight: u32) {
        let mut prev_han: Option<char> = None;
        let mut word = String::new();
        let mut word_len = 0;
        for c in text.chars().map(normalize) {
            if is_han(c) {
                self.word(&mut word, &mut word_len, weight);
                self.han.push((han(c, None), weight));
                if let Some(p) = prev_han {
                    self.han.push((han(p, Some(c)), weight));
                }
                prev_han = Some(c);
            } else {
                prev_han = None;
                if c.is_alphanumeric() {
                    if word_len < MAX_WORD {
                        word.push(c);
                    }
                    word_len += 1;
                } else {
                    self.word(&mut word, &mut word_len, weight);
                }
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
            han: sum(self.han),
            text: sum(self.text),
        }
    }
}

fn sum<W: Ord>(mut counts: Vec<(W, u32)>) -> Vec<(W, u8)> {
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
        let mut all: Vec<String> = w.han.iter().map(|(c, _)| han_text(*c)).collect();
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
    fn repeated_words_add_up_to_a_byte() {
        let mut counts = Counts::default();
        counts.add(&"停車".repeat(300), 1);
        counts.add("停車", 10);
        let words = counts.words();
        let pair = words.han.iter().find(|(c, _)| *c == han('停', Some('車')));
        assert_eq!(pair.unwrap().1, 255);
        let one = words.han.iter().find(|(c, _)| *c == han('停', None));
        assert_eq!(one.unwrap().1, 255);
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
