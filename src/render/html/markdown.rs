//! The Markdown block tree as HTML, with the official list numbering of
//! Taiwanese public documents as real text.

use crate::calendar::list_marker;
use crate::markdown::{Align, Block, Inline, Markdown, Table};

/// Cells of at most this many characters are kept on one line.
const SHORT_CELL: usize = 10;

/// Renders a body. Headings are shifted so the highest one is `<h2>`: the
/// page's own title is the `<h1>`.
pub fn to_html(md: &Markdown) -> String {
    let top = min_heading(&md.blocks).unwrap_or(2);
    let mut w = Writer {
        out: String::new(),
        shift: 2 - top.min(2) as i32,
    };
    w.blocks(&md.blocks, 0);
    if !md.footnotes.is_empty() {
        w.out.push_str("<section class=\"footnotes\" aria-label=\"註釋\"><h2 class=\"visually-hidden\">註釋</h2><ol>");
        for f in &md.footnotes {
            let n = f.number;
            w.out.push_str(&format!(
                "<li id=\"fn-{n}\"><span class=\"marker\">註{n}</span>"
            ));
            w.blocks(&f.blocks, 0);
            w.out.push_str(&format!(
                " <a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"回到註{n}引用處\">↩</a></li>"
            ));
        }
        w.out.push_str("</ol></section>");
    }
    w.out
}

fn min_heading(blocks: &[Block]) -> Option<u8> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            Block::Quote(inner) => min_heading(inner),
            _ => None,
        })
        .min()
}

struct Writer {
    out: String,
    shift: i32,
}

impl Writer {
    /// `depth` is the number of ordered lists around these blocks.
    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for b in blocks {
            self.block(b, depth);
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        match b {
            Block::Heading { level, content } => {
                let l = (*level as i32 + self.shift).clamp(2, 6);
                self.out.push_str(&format!("<h{l}>"));
                self.inlines(content);
                self.out.push_str(&format!("</h{l}>"));
            }
            Block::Paragraph(content) => {
                self.out.push_str("<p>");
                self.inlines(content);
                self.out.push_str("</p>");
            }
            Block::List {
                start: Some(start),
                items,
            } => {
                self.out
                    .push_str(&format!("<ol class=\"official depth-{}\">", depth.min(5)));
                for (i, item) in items.iter().enumerate() {
                    let n = (*start as u32).saturating_add(i as u32);
                    self.out.push_str("<li><span class=\"marker\">");
                    self.out.push_str(&list_marker(depth, n));
                    self.out.push_str("</span><div class=\"item\">");
                    self.blocks(item, depth + 1);
                    self.out.push_str("</div></li>");
                }
                self.out.push_str("</ol>");
            }
            Block::List { start: None, items } => {
                self.out.push_str("<ul>");
                for item in items {
                    self.out.push_str("<li>");
                    self.blocks(item, depth);
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul>");
            }
            Block::Table(t) => self.table(t),
            Block::Quote(inner) => {
                self.out.push_str("<blockquote>");
                self.blocks(inner, depth);
                self.out.push_str("</blockquote>");
            }
            Block::Code(code) => {
                self.out.push_str("<pre><code>");
                escape_into(&mut self.out, code);
                self.out.push_str("</code></pre>");
            }
            Block::Html(html) => self.out.push_str(html),
            Block::Rule => self.out.push_str("<hr>"),
        }
    }

    fn table(&mut self, t: &Table) {
        // Short cells (names, dates, amounts) never wrap: on a phone the
        // table scrolls sideways instead of splitting 陳怡/君 or 115.1/0.16.
        let attrs = |i: usize, cell: &[Inline]| {
            let mut classes = Vec::new();
            match t.align.get(i) {
                Some(Align::Right) => classes.push("align-right"),
                Some(Align::Center) => classes.push("align-center"),
                Some(Align::Left) => classes.push("align-left"),
                _ => {}
            }
            if Inline::plain(cell).chars().count() <= SHORT_CELL {
                classes.push("nowrap");
            }
            if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", classes.join(" "))
            }
        };
        self.out.push_str("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table><thead><tr>");
        for (i, cell) in t.head.iter().enumerate() {
            self.out
                .push_str(&format!("<th scope=\"col\"{}>", attrs(i, cell)));
            self.inlines(cell);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead><tbody>");
        for row in &t.rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                self.out.push_str(&format!("<td{}>", attrs(i, cell)));
                self.inlines(cell);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>");
        }
        self.out.push_str("</tbody></table></div>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => escape_into(&mut self.out, t),
            Inline::Code(t) => {
                self.out.push_str("<code>");
                escape_into(&mut self.out, t);
                self.out.push_str("</code>");
            }
            Inline::Emphasis(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Strike(c) => self.wrap("del", c),
            // `check` refuses unsafe links; should one come here all the
            // same, its text is shown without the link.
            Inline::Link { url, content } if !crate::links::is_safe(url) => self.inlines(content),
            Inline::Link { url, content } => {
                self.out.push_str("<a href=\"");
                escape_into(&mut self.out, url);
                self.out.push_str("\">");
                self.inlines(content);
                self.out.push_str("</a>");
            }
            Inline::Image { url, alt } if !crate::links::is_safe(url) => escape_into(&mut self.out, alt),
            Inline::Image { url, alt } => {
                self.out.push_str("<img src=\"");
                escape_into(&mut self.out, url);
                self.out.push_str("\" alt=\"");
                escape_into(&mut self.out, alt);
                self.out.push_str("\" loading=\"lazy\">");
            }
            Inline::FootnoteRef { number, .. } => self.out.push_str(&format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"fnref-{number}\" aria-label=\"註{number}\">[{number}]</a></sup>"
            )),
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("<br>"),
            Inline::Html(h) => self.out.push_str(h),
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{tag}>"));
    }
}

/// Text made safe for HTML (and XML) text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// HTML-escapes text into `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn official_markers_by_depth() {
        let html = to_html(&parse(
            "1. 甲\n   1. 乙\n      1. 丙\n         1. 丁\n2. 戊\n",
            1,
            false,
        ));
        for marker in ["一、", "（一）", "1、", "（1）", "二、"] {
            assert!(
                html.contains(&format!("<span class=\"marker\">{marker}</span>")),
                "{marker} in {html}"
            );
        }
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html(&parse(
            "<script>alert(1)</script>\n\n文字<b>粗</b>\n",
            1,
            false,
        ));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&lt;b&gt;"));
    }

    #[test]
    fn unsafe_links_are_written_as_text() {
        let html = to_html(&parse(
            "[按此](javascript://x%0aalert(1)) ![圖](data:image/png;base64,AA==) [網站](https://a.tw/)\n",
            1,
            false,
        ));
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("按此") && html.contains("圖"));
        assert!(html.contains("<a href=\"https://a.tw/\">網站</a>"));
    }

    #[test]
    fn tables_have_header_cells() {
        let html = to_html(&parse(
            "| 姓名 | 職稱 |\n| --- | --- |\n| 王 | 科長 |\n",
            1,
            false,
        ));
        assert!(html.contains("<th scope=\"col\" class=\"nowrap\">姓名</th>"));
        assert!(html.contains("<td class=\"nowrap\">王</td>"));
    }

    #[test]
    fn headings_start_at_h2() {
        let html = to_html(&parse("# 說明\n\n## 細節\n", 1, false));
        assert!(html.contains("<h2>說明</h2>") && html.contains("<h3>細節</h3>"));
    }
}
