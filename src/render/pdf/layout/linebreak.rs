//! Breaking a paragraph into lines: UAX #14 break opportunities
//! (`unicode-linebreak`), the Chinese rules for punctuation (kinsoku), Latin
//! words kept whole, and justification of Chinese lines to both margins.
//!
//! Font-agnostic: widths come from a [`Measure`].

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that never start a line.
pub const NO_LINE_START: &str = "，。、；：？！」』）〕】》…‥,.;:?!)]}〉｝％";
/// Characters that never end a line.
pub const NO_LINE_END: &str = "「『（〔【《([{〈｛";

/// The most space justification may add between two characters, in ems:
/// more reads as letter-spacing, and text extraction (poppler counts a gap
/// over 0.1 em as a space) copies it out with spaces between characters.
pub const MAX_STRETCH: f32 = 0.08;

/// Gives the advance width of a character in a style, in points.
pub trait Measure {
    fn advance(&self, ch: char, style: usize) -> f32;
}

/// A piece of a paragraph in one style (an index into the caller's styles).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: usize,
}

/// A glyph placed on a line, `x` from the line's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub style: usize,
    pub x: f32,
    pub advance: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Glyph>,
    /// The width the glyphs take after justification.
    pub width: f32,
}

impl Line {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// Whether a character is set on the square CJK grid (space may be added
/// beside it when justifying).
pub fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Breaks `runs` into lines no wider than `width` (the first line may be
/// narrower or wider by `first_indent`). Every line but the last and those
/// ended by a hard break is justified, unless that would stretch it too far.
pub fn break_lines(runs: &[Run], width: f32, first_indent: f32, m: &dyn Measure) -> Vec<Line> {
    break_lines_with(runs, width, first_indent, m, true)
}

/// [`break_lines`], justified or set ragged (table cells: never
/// letter-spaced).
pub fn break_lines_with(
    runs: &[Run],
    width: f32,
    first_indent: f32,
    m: &dyn Measure,
    justify: bool,
) -> Vec<Line> {
    // Flatten to (char, style) with byte offsets into one string.
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let mut styles = Vec::with_capacity(text.len());
    for r in runs {
        styles.extend(std::iter::repeat_n(r.style, r.text.len()));
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let style_at = |byte: usize| styles.get(byte).copied().unwrap_or(0);
    let (allowed, mandatory) = opportunities(&text, &chars);

    let adv: Vec<f32> = chars
        .iter()
        .map(|(b, c)| {
            if *c == '\n' {
                0.0
            } else {
                m.advance(*c, style_at(*b))
            }
        })
        .collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let limit = if lines.is_empty() {
            width - first_indent
        } else {
            width
        };
        // Find the furthest break point that fits.
        let mut w = 0.0;
        let mut last_fit: Option<usize> = None;
        let mut end = start;
        let mut hard = false;
        while end < chars.len() {
            if chars[end].1 == '\n' {
                hard = true;
                break;
            }
            let trailing_space = chars[end].1 == ' ';
            if w + adv[end] > limit + 0.01 && !trailing_space {
                break;
            }
            w += adv[end];
            end += 1;
            if mandatory[end] && end < chars.len() && chars[end - 1].1 != '\n' {
                // Mandatory breaks other than our newlines (e.g. U+2028).
                hard = true;
                break;
            }
            if allowed[end] || end == chars.len() {
                last_fit = Some(end);
            }
        }
        let stop = if hard || end == chars.len() {
            end
        } else {
            match last_fit {
                Some(f) if f > start => f,
                // Nothing fits whole: cut the long word where the line ends.
                _ => end.max(start + 1),
            }
        };
        let last = hard || stop >= chars.len();
        lines.push(place(
            &chars[start..stop],
            &adv[start..stop],
            &styles_of(&chars[start..stop], &style_at),
            limit,
            justify && !last,
        ));
        start = stop;
        if chars.get(start).is_some_and(|(_, c)| *c == '\n') {
            start += 1;
        }
        while chars.get(start).is_some_and(|(_, c)| *c == ' ') {
            start += 1;
        }
    }
    lines
}

/// Break opportunities before each char index (`chars.len() + 1` entries):
/// UAX #14 made stricter by kinsoku, plus breaks inside web addresses.
fn opportunities(text: &str, chars: &[(usize, char)]) -> (Vec<bool>, Vec<bool>) {
    let mut allowed = vec![false; chars.len() + 1];
    let mut mandatory = vec![false; chars.len() + 1];
    let byte_to_char = |b: usize| chars.partition_point(|(i, _)| *i < b);
    for (b, op) in linebreaks(text) {
        let i = byte_to_char(b);
        match op {
            BreakOpportunity::Mandatory => mandatory[i] = true,
            BreakOpportunity::Allowed => allowed[i] = true,
        }
    }
    url_breaks(chars, &mut allowed);
    for i in 1..chars.len() {
        if NO_LINE_START.contains(chars[i].1) || NO_LINE_END.contains(chars[i - 1].1) {
            allowed[i] = false;
        }
    }
    (allowed, mandatory)
}

/// A web address (`http://`, `https://`, `www.`) may break after `/ . ? &`
/// (not inside `//`, not before its last character): a long address then
/// fills the line instead of leaving a gap stretched wide before it.
fn url_breaks(chars: &[(usize, char)], allowed: &mut [bool]) {
    let starts_at = |i: usize, p: &str| {
        p.chars().enumerate().all(|(k, c)| {
            chars
                .get(i + k)
                .is_some_and(|(_, d)| d.eq_ignore_ascii_case(&c))
        })
    };
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].1.is_ascii_graphic();
        if !(word_start
            && ["http://", "https://", "www."]
                .iter()
                .any(|p| starts_at(i, p)))
        {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && chars[end].1.is_ascii_graphic() {
            end += 1;
        }
        for k in i..end.saturating_sub(2) {
            let (c, next) = (chars[k].1, chars[k + 1].1);
            if matches!(c, '/' | '.' | '?' | '&') && next != '/' {
                allowed[k + 1] = true;
            }
        }
        i = end;
    }
}

/// The width of the widest piece of `runs` that no line break may split (a
/// number such as `1,104,729`, a Latin word, one Chinese character): the
/// narrowest a column can be without cutting a word.
pub fn min_content(runs: &[Run], m: &dyn Measure) -> f32 {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let mut styles = Vec::with_capacity(text.len());
    for r in runs {
        styles.extend(std::iter::repeat_n(r.style, r.text.len()));
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (allowed, mandatory) = opportunities(&text, &chars);
    let (mut widest, mut piece, mut spaces) = (0.0f32, 0.0f32, 0.0f32);
    for (i, (b, c)) in chars.iter().enumerate() {
        if allowed[i] || mandatory[i] {
            piece = 0.0;
            spaces = 0.0;
        }
        if c.is_whitespace() {
            // Trailing spaces take no room; inner ones (after a no-break) do.
            spaces += if *c == '\n' {
                0.0
            } else {
                m.advance(*c, styles[*b])
            };
            continue;
        }
        piece += spaces + m.advance(*c, styles[*b]);
        spaces = 0.0;
        widest = widest.max(piece);
    }
    widest
}

/// The width of the widest line of `runs` set without wrapping (hard
/// breaks still break).
pub fn max_content(runs: &[Run], m: &dyn Measure) -> f32 {
    let mut widest = 0.0f32;
    let mut line = 0.0f32;
    for r in runs {
        for c in r.text.chars() {
            if c == '\n' {
                line = 0.0;
            } else {
                line += m.advance(c, r.style);
                widest = widest.max(line);
            }
        }
    }
    widest
}

fn styles_of(chars: &[(usize, char)], style_at: &dyn Fn(usize) -> usize) -> Vec<usize> {
    chars.iter().map(|(b, _)| style_at(*b)).collect()
}

/// Positions glyphs; with `justify`, spreads the free space over the gaps
/// beside wide characters and over spaces.
fn place(
    chars: &[(usize, char)],
    adv: &[f32],
    styles: &[usize],
    width: f32,
    justify: bool,
) -> Line {
    let mut n = chars.len();
    while n > 0 && chars[n - 1].1 == ' ' {
        n -= 1; // trailing spaces take no room
    }
    let natural: f32 = adv[..n].iter().sum();
    let gaps: Vec<bool> = (1..n)
        .map(|i| {
            let (a, b) = (chars[i - 1].1, chars[i].1);
            a == ' ' || is_wide(a) || is_wide(b)
        })
        .collect();
    let count = gaps.iter().filter(|g| **g).count();
    let free = width - natural;
    // The widest glyph stands for the em: a line that would open gaps wider
    // than MAX_STRETCH of it is set ragged instead of letter-spaced.
    let em = adv[..n].iter().copied().fold(0.0, f32::max);
    let extra = if justify && count > 0 && free > 0.0 {
        free / count as f32
    } else {
        0.0
    };
    let extra = if extra > MAX_STRETCH * em { 0.0 } else { extra };
    let mut x = 0.0;
    let mut glyphs = Vec::with_capacity(n);
    for i in 0..n {
        if i > 0 && gaps[i - 1] {
            x += extra;
        }
        glyphs.push(Glyph {
            ch: chars[i].1,
            style: styles[i],
            x,
            advance: adv[i],
        });
        x += adv[i];
    }
    Line { glyphs, width: x }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wide characters 10 pt, others 5 pt.
    struct Grid;
    impl Measure for Grid {
        fn advance(&self, ch: char, _: usize) -> f32 {
            if is_wide(ch) { 10.0 } else { 5.0 }
        }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        let runs = [Run {
            text: text.into(),
            style: 0,
        }];
        break_lines(&runs, width, 0.0, &Grid)
            .iter()
            .map(Line::text)
            .collect()
    }

    #[test]
    fn chinese_breaks_between_any_characters() {
        assert_eq!(lines("一二三四五六七", 30.0), ["一二三", "四五六", "七"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 「三」 would start line two with 。 — it moves down with 三.
        let l = lines("一二三。四五", 30.0);
        assert!(l.iter().all(|s| !s.starts_with('。')), "{l:?}");
        assert_eq!(l[0], "一二");
        assert_eq!(l[1], "三。四");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let l = lines("一二「三四」", 30.0);
        assert!(l.iter().all(|s| !s.ends_with('「')), "{l:?}");
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let l = lines("依據2026臺中燈會ABC辦理", 60.0);
        assert!(l.iter().any(|s| s.contains("2026")), "{l:?}");
        let l = lines("第1150012345號", 50.0);
        assert!(l.iter().any(|s| s.contains("1150012345")), "{l:?}");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let l = lines("abcdefghij", 20.0);
        assert_eq!(l, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn chinese_lines_are_justified_but_not_the_last() {
        // 九 moves down with 。 (kinsoku): 11 pt over 17 gaps.
        let runs = [Run {
            text: "一二三四五六七八九十一二三四五六七八九。一二".into(),
            style: 0,
        }];
        let ls = break_lines(&runs, 191.0, 0.0, &Grid);
        assert_eq!(ls[0].glyphs.len(), 18);
        assert!((ls[0].width - 191.0).abs() < 0.01, "{:?}", ls[0]);
        let last = ls.last().unwrap();
        assert!(last.width < 191.0);
    }

    #[test]
    fn newlines_are_hard_breaks() {
        assert_eq!(lines("一二\n三", 100.0), ["一二", "三"]);
    }

    #[test]
    fn first_line_indent_narrows_the_first_line() {
        let runs = [Run {
            text: "一二三四五六".into(),
            style: 0,
        }];
        let ls = break_lines(&runs, 30.0, 10.0, &Grid);
        assert_eq!(ls[0].text(), "一二");
    }

    fn min(text: &str) -> f32 {
        min_content(
            &[Run {
                text: text.into(),
                style: 0,
            }],
            &Grid,
        )
    }

    #[test]
    fn a_grouped_number_is_one_piece() {
        // 1,104,729: nine characters of 5 pt that no break may split.
        assert_eq!(min("預算數1,104,729元"), 45.0);
        assert_eq!(min("第一類"), 10.0, "Chinese breaks between any characters");
        assert_eq!(min("ab cd"), 10.0, "spaces separate words");
    }

    #[test]
    fn a_web_address_breaks_after_its_slashes_and_dots() {
        let l = lines("請見https://www.example.gov.tw/a/b?x=1&y=2", 70.0);
        assert!(l.len() > 1, "{l:?}");
        assert!(
            l.iter().all(|s| s.chars().count() <= 14),
            "no line is cut past its width: {l:?}"
        );
        assert!(
            l.iter()
                .skip(1)
                .all(|s| !s.starts_with(['/', '.', '?', '&'])),
            "breaks come after / . ? &, not before: {l:?}"
        );
        assert_eq!(l.concat(), "請見https://www.example.gov.tw/a/b?x=1&y=2");
        // Not inside `//`.
        assert!(l.iter().all(|s| !s.ends_with("https:/")), "{l:?}");
    }

    #[test]
    fn a_line_that_would_stretch_too_far_is_set_ragged() {
        // Six characters then a word that must go to the next line: the
        // 60 pt line would spread 40 pt over five gaps, 0.8 em each.
        let runs = [Run {
            text: "一二三四五六abcdefghi".into(),
            style: 0,
        }];
        let ls = break_lines(&runs, 100.0, 0.0, &Grid);
        assert_eq!(ls[0].text(), "一二三四五六");
        assert_eq!(ls[0].glyphs[1].x, 10.0, "no gap opened: {:?}", ls[0]);
    }

    #[test]
    fn ragged_lines_are_never_stretched() {
        let runs = [Run {
            text: "一二三。四五六七八九".into(),
            style: 0,
        }];
        let ls = break_lines_with(&runs, 35.0, 0.0, &Grid, false);
        assert_eq!(ls[0].width, 20.0, "{:?}", ls[0]);
    }
}
