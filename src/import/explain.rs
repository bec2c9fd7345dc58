//! Plain text with the official list markers written out (一、 （一） 1、
//! （1） 甲、 （甲）, as the national gazette's `Explain` holds it) into
//! Markdown nested ordered lists, which munipub numbers with the same
//! markers again ([`crate::calendar::list_marker`]).
//!
//! A marked line becomes a list item only where Markdown would number it
//! the same way: its marker is the style of its depth (一、 at the top,
//! （一） inside it, …) and its number follows the previous item's (or,
//! for a list inside an item, is 1). Any other line keeps its marker as
//! text: nothing is renumbered, nothing is lost.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::calendar::chinese_numeral;

/// Labels that start a top-level paragraph of an official document
/// (`公告事項：`), closing any list before them.
const LABELS: [&str; 10] = [
    "主旨",
    "說明",
    "依據",
    "公告事項",
    "附件",
    "附註",
    "備註",
    "辦法",
    "擬辦",
    "注意事項",
];

/// Whether a line starts with one of the official labels and a colon.
pub fn starts_with_label(line: &str) -> bool {
    let line = line.trim_start();
    LABELS.iter().any(|l| {
        line.strip_prefix(l)
            .is_some_and(|rest| rest.starts_with('：') || rest.starts_with(':'))
    })
}

/// The Markdown of `text` (lines separated by `\n`): top-level lines as
/// paragraphs, marked lines as nested lists, other lines inside a list
/// as further lines (hard breaks) of the item above.
pub fn to_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // Per open depth: the next number expected and the item's content indent.
    let mut open: Vec<(u32, usize)> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim_matches(|c| c == ' ' || c == '\t');
        if line.is_empty() {
            continue;
        }
        let label = starts_with_label(line);
        if label {
            open.clear();
        }
        if let Some((level, n, rest)) = marker(line).filter(|_| !label) {
            // The next item of an open list, or the first of a new one
            // (a nested list starts at 1: Markdown would not nest another).
            let continues = level < open.len() && open[level].0 == n;
            let starts = level == open.len() && (level == 0 || n == 1);
            let item_at = (continues || starts).then_some(level);
            if let Some(depth) = item_at {
                if depth == 0 && open.is_empty() {
                    out.push(String::new());
                }
                open.truncate(depth);
                let indent = open.last().map(|o| o.1).unwrap_or(0);
                let number = format!("{n}. ");
                out.push(format!(
                    "{}{number}{}",
                    " ".repeat(indent),
                    escape_line(rest.trim_start_matches([' ', '\t']))
                ));
                open.push((n + 1, indent + number.len()));
                continue;
            }
        }
        match open.last() {
            Some(&(_, indent)) => {
                if let Some(last) = out.last_mut() {
                    last.push('\\');
                }
                out.push(format!("{}{}", " ".repeat(indent), escape_line(line)));
            }
            None => {
                out.push(String::new());
                out.push(escape_line(line));
            }
        }
    }
    let mut md = out.join("\n");
    md = md.trim_start_matches('\n').to_string();
    md
}

/// A line's list marker: its depth in the official numbering (0 for 一、,
/// 1 for （一）, 2 for 1、, 3 for （1）, 4 for 甲、, 5 for （甲）), its number
/// and the text after it.
pub fn marker(line: &str) -> Option<(usize, u32, &str)> {
    let (open, inner) = match line.strip_prefix(['(', '（']) {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let end = inner.find([')', '）', '、', '.', '．'])?;
    let (word, after) = inner.split_at(end);
    let close = after.chars().next()?;
    let rest = &after[close.len_utf8()..];
    let closes = matches!(close, ')' | '）');
    if open != closes {
        return None;
    }
    if matches!(close, '.' | '．') && (open || rest.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let (style, n) = if let Some(n) = chinese_value(word) {
        (0, n)
    } else if !word.is_empty()
        && word.len() <= 3
        && !word.starts_with('0')
        && word.bytes().all(|b| b.is_ascii_digit())
    {
        (2, word.parse().ok().filter(|n| *n > 0)?)
    } else if let Some(n) = stem_value(word) {
        (4, n)
    } else {
        return None;
    };
    if matches!(close, '.' | '．') && style != 2 {
        return None;
    }
    Some((style + usize::from(open), n, rest))
}

/// 一 … 一百九十九 (as [`chinese_numeral`] writes them) to their value.
fn chinese_value(word: &str) -> Option<u32> {
    static TABLE: OnceLock<HashMap<String, u32>> = OnceLock::new();
    TABLE
        .get_or_init(|| (1..200).map(|n| (chinese_numeral(n), n)).collect())
        .get(word)
        .copied()
}

fn stem_value(word: &str) -> Option<u32> {
    const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    STEMS.iter().position(|s| *s == word).map(|i| i as u32 + 1)
}

/// Text as Markdown that reads back as the same text: characters Markdown
/// gives a meaning escaped with `\`, and a line start that would open a
/// heading, quote, list or rule escaped too.
pub fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    let starts = |p: &[char]| out.starts_with(p);
    if starts(&['#', '+', '-', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{self, Block, Inline};

    /// The real 說明 of record 73392 (104-01-05.xml).
    const PREVIEW: &str = "一、修正機關：經濟部。\n二、修正依據：臺灣地區與大陸地區人民關係條例第七十三條第三項。\n三、大陸地區人民來臺投資許可辦法第八條修正草案如附件。本案另載於本部投資審議委員會全球資訊網站（網址：http://www.moeaic.gov.tw.），「最新消息」網頁。\n四、對公告內容有任何意見或修正建議者，請於本公告刊登公報隔日起7日內陳述意見或洽詢：\n(一)承辦單位：經濟部投資審議委員會第四組  \n(二)地址：臺北市中正區羅斯福路一段7號8樓\n(三)電話：02-33435700 \n(四)傳真：23938829\n(五)電子郵件：serve@moeaic.gov.tw";

    fn lists(md: &str) -> Vec<Block> {
        markdown::parse(md, 1, false).blocks
    }

    #[test]
    fn markers_by_depth() {
        assert_eq!(marker("一、修正機關"), Some((0, 1, "修正機關")));
        assert_eq!(marker("十一、甲"), Some((0, 11, "甲")));
        assert_eq!(marker("(二)地址"), Some((1, 2, "地址")));
        assert_eq!(marker("（五）電子郵件"), Some((1, 5, "電子郵件")));
        assert_eq!(marker("12、款"), Some((2, 12, "款")));
        assert_eq!(marker("(3)目"), Some((3, 3, "目")));
        assert_eq!(marker("乙、x"), Some((4, 2, "x")));
        assert_eq!(marker("（丙）x"), Some((5, 3, "x")));
        assert_eq!(marker("1.5公尺"), None);
        assert_eq!(marker("(02)8770-2536"), None);
        assert_eq!(marker("修正機關、經濟部"), None);
        assert_eq!(marker("(一、x"), None);
        assert_eq!(marker("十分、x"), None);
    }

    #[test]
    fn real_explain_becomes_nested_lists() {
        let md = to_markdown(PREVIEW);
        let blocks = lists(&md);
        assert_eq!(blocks.len(), 1, "{md}");
        let Block::List { start, items } = &blocks[0] else {
            panic!("not a list: {md}");
        };
        assert_eq!(*start, Some(1));
        assert_eq!(items.len(), 4);
        let Some(Block::List { items: inner, .. }) = items[3].last() else {
            panic!("no nested list in 四: {md}");
        };
        assert_eq!(inner.len(), 5);
        let text = markdown::parse(&md, 1, false).plain_text();
        assert!(text.contains("serve@moeaic.gov.tw"), "{text}");
        assert!(text.contains("http://www.moeaic.gov.tw."), "{text}");
    }

    #[test]
    fn labels_and_plain_lines_are_paragraphs() {
        let md = to_markdown(
            "依據：罕見疾病防治及藥物法第三條。\n公告事項：新增認定「Elosulfase alfa（N-acetyl*）」（Injection；1mg/ml）。",
        );
        let blocks = lists(&md);
        assert_eq!(blocks.len(), 2, "{md}");
        assert!(
            matches!(&blocks[1], Block::Paragraph(p) if Inline::plain(p).contains("N-acetyl*"))
        );
    }

    #[test]
    fn out_of_order_markers_stay_text() {
        // 三、 after 一、: Markdown would number it 二、, so it stays a line of 一、.
        let md = to_markdown("一、甲\n三、乙\n(二)丙\n1、丁");
        let blocks = lists(&md);
        let Block::List { items, .. } = &blocks[0] else {
            panic!("{md}");
        };
        assert_eq!(items.len(), 1, "{md}");
        let text = markdown::parse(&md, 1, false).plain_text();
        assert!(text.contains("三、乙") && text.contains("(二)丙") && text.contains("1、丁"));
    }

    #[test]
    fn continuation_lines_stay_in_their_item() {
        let md = to_markdown("一、第一項\n接續的一行\n二、第二項");
        let Block::List { items, .. } = &lists(&md)[0] else {
            panic!("{md}");
        };
        assert_eq!(items.len(), 2, "{md}");
        let Block::Paragraph(p) = &items[0][0] else {
            panic!("{md}");
        };
        assert!(p.contains(&Inline::HardBreak), "{md}");
    }

    #[test]
    fn escaped_text_reads_back_the_same() {
        for text in [
            "2015. 年",
            "# 不是標題",
            "- 不是清單",
            "a*b*_c_ [x](y) <b>&amp; `c` ~~d~~ | e \\ f !",
            "10) x",
            "= y",
        ] {
            let md = escape_line(text);
            let parsed = markdown::parse(&md, 1, false);
            assert_eq!(parsed.plain_text(), text, "{md}");
        }
    }
}
