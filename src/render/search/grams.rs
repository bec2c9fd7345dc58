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
//! levels are made one after the other, each over every document.

use std::collections::HashSet;

use super::tokens::{Words, is_han, normalize, sum};

/// Beginnings in more documents than this are extended; a query checks at
/// most this many records for a phrase.
pub const FREQUENT: u32 = 16;

/// The longest phrase kept as a word.
pub const LONGEST: usize = 8;

/// Beginnings (of one length) that are extended.
pub type Extended = HashSet<Box<[char]>>;

/// One document's words of `len` characters (3 to [`LONGEST`]): every run
/// of that many Chinese characters whose first `len - 1` are `extended`,
/// from `fields` (text and how much each occurrence counts).
pub fn words(fields: &[(&str, u32)], len: usize, extended: &Extended) -> Words {
    let mut found: Vec<(String, u32)> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    for &(text, weight) in fields {
        for c in text.chars().map(normalize).chain([' ']) {
            if is_han(c) {
                run.push(c);
                continue;
            }
            for gram in run.windows(len) {
                if extended.contains(&gram[..len - 1]) {
                    found.push((gram.iter().collect(), weight));
                }
            }
            run.clear();
        }
    }
    Words {
        han: Vec::new(),
        text: sum(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> Extended {
        words.iter().map(|w| w.chars().collect()).collect()
    }

    #[test]
    fn only_extended_beginnings_grow_and_runs_end_at_punctuation() {
        let extended = set(&["公共", "安全"]);
        let w = words(
            &[("公共安全巡檢", 10), ("公共工程、安全。ＡＢ公共設施", 1)],
            3,
            &extended,
        );
        let got: Vec<(&str, u8)> = w.text.iter().map(|(s, n)| (s.as_str(), *n)).collect();
        // 共安 is not extended; 安全、 ends its run, so 安全 grows only once.
        assert_eq!(
            got,
            vec![("公共安", 10), ("公共工", 1), ("公共設", 1), ("安全巡", 10)]
        );
        assert!(w.han.is_empty());
    }
}
