//! Markdown parsed once into our own block tree.
//!
//! HTML and PDF both render this tree, so a list is numbered the same way
//! on the web and on paper. Parsing uses pulldown-cmark with GFM tables,
//! footnotes and strikethrough.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A parsed Markdown body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    pub blocks: Vec<Block>,
    /// Numbered in the order they are first referenced.
    pub footnotes: Vec<Footnote>,
    /// Every link and image target with its line, for checking.
    pub targets: Vec<Target>,
    /// The first line where the text nests deeper than [`MAX_LEVELS`]
    /// lists and block quotes (or [`MAX_DEPTH`] elements of any kind);
    /// what lies deeper is kept, flattened into the deepest level allowed,
    /// so that nothing that renders the tree recurses without bound.
    pub too_deep: Option<usize>,
}

/// How many lists and block quotes may lie inside one another. The
/// official numbering has six levels (一、 (一) 1、 (1) 甲、 (甲)); no real
/// document comes near ten.
pub const MAX_LEVELS: usize = 10;

/// How many Markdown elements of any kind (lists, items, emphasis, links,
/// …) may lie inside one another.
pub const MAX_DEPTH: usize = 48;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is `Some` for an ordered list.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    Quote(Vec<Block>),
    Code(String),
    /// Raw HTML, present only when the site allows it.
    Html(String),
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file line the table starts on (0 when made by code), for messages.
    pub line: usize,
    pub align: Vec<Align>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    Image {
        url: String,
        alt: String,
    },
    FootnoteRef {
        label: String,
        number: usize,
    },
    SoftBreak,
    HardBreak,
    /// Raw inline HTML, present only when the site allows it.
    Html(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub label: String,
    pub number: usize,
    pub blocks: Vec<Block>,
}

/// A link or image target and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub url: String,
    pub is_image: bool,
    pub line: usize,
}

impl Inline {
    /// The plain text of inlines, for alt text, titles and search.
    pub fn plain(inlines: &[Inline]) -> String {
        let mut s = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => s.push_str(t),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => {
                    s.push_str(&Inline::plain(c))
                }
                Inline::Link { content, .. } => s.push_str(&Inline::plain(content)),
                Inline::Image { alt, .. } => s.push_str(alt),
                Inline::FootnoteRef { .. } => {}
                Inline::SoftBreak | Inline::HardBreak => s.push(' '),
            }
        }
        s
    }
}

impl Markdown {
    /// The text of the body (footnotes last), a line per block: what the
    /// search index reads and shows excerpts from.
    pub fn plain_text(&self) -> String {
        let mut lines = Vec::new();
        blocks_text(&self.blocks, &mut lines);
        for f in &self.footnotes {
            blocks_text(&f.blocks, &mut lines);
        }
        lines.join("\n")
    }
}

fn blocks_text(blocks: &[Block], lines: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                lines.push(Inline::plain(content))
            }
            Block::List { items, .. } => items.iter().for_each(|i| blocks_text(i, lines)),
            Block::Quote(inner) => blocks_text(inner, lines),
            Block::Table(t) => {
                for row in std::iter::once(&t.head).chain(&t.rows) {
                    let cells: Vec<String> = row.iter().map(|c| Inline::plain(c)).collect();
                    lines.push(cells.join(" "));
                }
            }
            Block::Code(text) | Block::Html(text) => lines.push(text.trim_end().to_string()),
            Block::Rule => {}
        }
    }
}

enum Frame {
    Blocks(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
    Table {
        table: Table,
        row: Vec<Vec<Inline>>,
    },
    Inlines {
        kind: InlineKind,
        content: Vec<Inline>,
    },
    Code(String),
    Html(String),
}

impl Frame {
    /// Gives back the room its list grew beyond what it holds: most
    /// paragraphs hold one text, in a list grown for four, and a large
    /// archive's bodies took twice their size in such room.
    fn shrink(&mut self) {
        match self {
            Frame::Blocks(blocks) | Frame::Footnote { blocks, .. } => blocks.shrink_to_fit(),
            Frame::List { items, .. } => items.shrink_to_fit(),
            Frame::Inlines { content, .. } => content.shrink_to_fit(),
            Frame::Table { .. } | Frame::Code(_) | Frame::Html(_) => {}
        }
    }
}

#[derive(Clone)]
enum InlineKind {
    Paragraph,
    /// Text directly inside a tight list item.
    Implicit,
    Heading(u8),
    Cell,
    Emphasis,
    Strong,
    Strike,
    Link(String),
    Image(String),
}

/// Parses `text`; `first_line` is the file line the text starts on.
pub fn parse(text: &str, first_line: usize, allow_html: bool) -> Markdown {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        stack: vec![Frame::Blocks(Vec::new())],
        footnotes: Vec::new(),
        numbers: HashMap::new(),
        targets: Vec::new(),
        depth: 0,
        levels: 0,
        too_deep: None,
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = first_line + line_starts.partition_point(|&s| s <= range.start) - 1;
        b.event(event, line, allow_html);
    }
    while b.stack.len() > 1 {
        b.close();
    }
    let blocks = match b.stack.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    };
    let mut footnotes = b.footnotes;
    for f in &mut footnotes {
        f.number = *b.numbers.entry(f.label.clone()).or_insert(0);
    }
    let mut next = b.numbers.len() + 1;
    for f in &mut footnotes {
        if f.number == 0 {
            f.number = next;
            next += 1;
        }
    }
    footnotes.sort_by_key(|f| f.number);
    let mut blocks = blocks;
    blocks.shrink_to_fit();
    Markdown {
        blocks,
        footnotes,
        targets: b.targets,
        too_deep: b.too_deep,
    }
}

struct Builder {
    stack: Vec<Frame>,
    footnotes: Vec<Footnote>,
    numbers: HashMap<String, usize>,
    targets: Vec<Target>,
    /// Elements open around the current event, and how many of them are
    /// lists or block quotes; an element deeper than the limits is not
    /// made (its content goes to the element around it).
    depth: usize,
    levels: usize,
    too_deep: Option<usize>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, line: usize, allow_html: bool) {
        match event {
            Event::Start(tag) => {
                self.depth += 1;
                self.levels += usize::from(matches!(tag, Tag::List(_) | Tag::BlockQuote(_)));
                if self.beyond_limits() {
                    self.too_deep.get_or_insert(line);
                } else {
                    self.start(tag, line)
                }
            }
            Event::End(tag) => {
                if !self.beyond_limits() {
                    self.end(tag);
                }
                self.depth -= 1;
                self.levels -= usize::from(matches!(tag, TagEnd::List(_) | TagEnd::BlockQuote(_)));
            }
            Event::Text(t) => match self.stack.last_mut() {
                Some(Frame::Code(s)) | Some(Frame::Html(s)) => s.push_str(&t),
                _ => self.inline(Inline::Text(t.into_string())),
            },
            Event::Code(t) => self.inline(Inline::Code(t.into_string())),
            Event::SoftBreak => self.inline(Inline::SoftBreak),
            Event::HardBreak => self.inline(Inline::HardBreak),
            Event::FootnoteReference(label) => {
                let n = self.numbers.len() + 1;
                let number = *self.numbers.entry(label.to_string()).or_insert(n);
                self.inline(Inline::FootnoteRef {
                    label: label.into_string(),
                    number,
                });
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(Frame::Html(s)) = self.stack.last_mut() {
                    s.push_str(&h);
                } else if allow_html {
                    self.inline(Inline::Html(h.into_string()));
                } else {
                    self.inline(Inline::Text(h.into_string()));
                }
            }
            Event::Rule => {
                self.end_implicit();
                self.block(Block::Rule);
            }
            Event::TaskListMarker(done) => {
                self.inline(Inline::Text(if done { "☑ " } else { "☐ " }.into()))
            }
            _ => {}
        }
        if !allow_html && let Some(Frame::Html(s)) = self.stack.last_mut() {
            // Escaped raw HTML is shown as text in a paragraph.
            let text = std::mem::take(s);
            self.stack.pop();
            self.stack.push(Frame::Inlines {
                kind: InlineKind::Paragraph,
                content: vec![Inline::Text(text)],
            });
        }
    }

    /// Whether the element just opened (or about to close) lies deeper than
    /// [`MAX_LEVELS`] or [`MAX_DEPTH`]. Events come well nested, so an end
    /// is judged as its start was.
    fn beyond_limits(&self) -> bool {
        self.depth > MAX_DEPTH || self.levels > MAX_LEVELS
    }

    fn start(&mut self, tag: Tag<'_>, line: usize) {
        let inline_kind = match &tag {
            Tag::Emphasis => Some(InlineKind::Emphasis),
            Tag::Strong => Some(InlineKind::Strong),
            Tag::Strikethrough => Some(InlineKind::Strike),
            Tag::Link { dest_url, .. } => Some(InlineKind::Link(dest_url.to_string())),
            Tag::Image { dest_url, .. } => Some(InlineKind::Image(dest_url.to_string())),
            _ => None,
        };
        if let Some(kind) = inline_kind {
            if let InlineKind::Link(url) | InlineKind::Image(url) = &kind {
                self.targets.push(Target {
                    url: url.clone(),
                    is_image: matches!(kind, InlineKind::Image(_)),
                    line,
                });
            }
            self.ensure_inline();
            self.stack.push(Frame::Inlines {
                kind,
                content: Vec::new(),
            });
            return;
        }
        self.end_implicit();
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines {
                kind: InlineKind::Paragraph,
                content: Vec::new(),
            },
            Tag::Heading { level, .. } => Frame::Inlines {
                kind: InlineKind::Heading(heading_level(level)),
                content: Vec::new(),
            },
            Tag::BlockQuote(_) | Tag::Item => Frame::Blocks(Vec::new()),
            Tag::CodeBlock(_kind @ (CodeBlockKind::Indented | CodeBlockKind::Fenced(_))) => {
                Frame::Code(String::new())
            }
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::List(start) => Frame::List {
                start,
                items: Vec::new(),
            },
            Tag::FootnoteDefinition(label) => Frame::Footnote {
                label: label.into_string(),
                blocks: Vec::new(),
            },
            Tag::Table(align) => Frame::Table {
                table: Table {
                    line,
                    align: align.into_iter().map(convert_align).collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                },
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines {
                kind: InlineKind::Cell,
                content: Vec::new(),
            },
            _ => Frame::Blocks(Vec::new()),
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table { table, row }) = self.stack.last_mut() {
                    table.head = std::mem::take(row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { table, row }) = self.stack.last_mut() {
                    table.rows.push(std::mem::take(row));
                }
            }
            TagEnd::BlockQuote(_) => {
                self.end_implicit();
                if let Some(Frame::Blocks(blocks)) = self.stack.pop() {
                    self.block(Block::Quote(blocks));
                }
            }
            _ => {
                self.end_implicit();
                self.close();
            }
        }
    }

    /// Pops the top frame and attaches what it built to its parent.
    fn close(&mut self) {
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        frame.shrink();
        match frame {
            Frame::Blocks(blocks) => match self.stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => self.block(Block::Quote(blocks)),
            },
            Frame::List { start, items } => self.block(Block::List { start, items }),
            Frame::Footnote { label, blocks } => self.footnotes.push(Footnote {
                label,
                number: 0,
                blocks,
            }),
            Frame::Table { table, .. } => self.block(Block::Table(table)),
            Frame::Code(code) => self.block(Block::Code(code)),
            Frame::Html(html) => self.block(Block::Html(html)),
            Frame::Inlines { kind, content } => match kind {
                InlineKind::Paragraph | InlineKind::Implicit => {
                    self.block(Block::Paragraph(content))
                }
                InlineKind::Heading(level) => self.block(Block::Heading { level, content }),
                InlineKind::Cell => {
                    if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                        row.push(content);
                    }
                }
                InlineKind::Emphasis => self.inline(Inline::Emphasis(content)),
                InlineKind::Strong => self.inline(Inline::Strong(content)),
                InlineKind::Strike => self.inline(Inline::Strike(content)),
                InlineKind::Link(url) => self.inline(Inline::Link { url, content }),
                InlineKind::Image(url) => self.inline(Inline::Image {
                    url,
                    alt: Inline::plain(&content),
                }),
            },
        }
    }

    fn block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(blocks)) | Some(Frame::Footnote { blocks, .. }) => {
                blocks.push(block)
            }
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            _ => {
                self.stack.push(Frame::Blocks(vec![block]));
            }
        }
    }

    fn inline(&mut self, inline: Inline) {
        self.ensure_inline();
        if let Some(Frame::Inlines { content, .. }) = self.stack.last_mut() {
            content.push(inline);
        }
    }

    /// Text straight inside a list item or footnote opens an implicit paragraph.
    fn ensure_inline(&mut self) {
        if !matches!(self.stack.last(), Some(Frame::Inlines { .. })) {
            self.stack.push(Frame::Inlines {
                kind: InlineKind::Implicit,
                content: Vec::new(),
            });
        }
    }

    fn end_implicit(&mut self) {
        if matches!(
            self.stack.last(),
            Some(Frame::Inlines {
                kind: InlineKind::Implicit,
                ..
            })
        ) {
            self.close();
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn convert_align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn nested_ordered_lists_keep_their_structure() {
        let md = parse("1. 甲\n   1. 乙\n      1. 丙\n2. 丁\n", 1, false);
        let Block::List { start, items } = &md.blocks[0] else {
            panic!("{:?}", md.blocks)
        };
        assert_eq!(*start, Some(1));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0][0], Block::Paragraph(vec![text("甲")]));
        let Block::List { items: inner, .. } = &items[0][1] else {
            panic!("{:?}", items[0])
        };
        assert!(matches!(inner[0][1], Block::List { .. }));
    }

    #[test]
    fn tables_have_head_and_rows() {
        let md = parse(
            "| a | b |\n| --- | ---: |\n| 1 | 2 |\n| 3 | 4 |\n",
            1,
            false,
        );
        let Block::Table(t) = &md.blocks[0] else {
            panic!()
        };
        assert_eq!(t.head, vec![vec![text("a")], vec![text("b")]]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.align, vec![Align::None, Align::Right]);
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let md = parse("甲[^b]乙[^a]\n\n[^a]: A\n[^b]: B\n", 1, false);
        assert_eq!(md.footnotes[0].label, "b");
        assert_eq!(md.footnotes[0].number, 1);
        assert_eq!(md.footnotes[1].number, 2);
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let md = parse("a <b>x</b>\n\n<div>y</div>\n", 1, false);
        assert!(!format!("{md:?}").contains("Html("));
        let md = parse("a <b>x</b>\n\n<div>y</div>\n", 1, true);
        assert!(format!("{md:?}").contains("Html("));
    }

    /// The depth of the deepest block in `blocks`, walked without recursion.
    fn deepest(blocks: &[Block]) -> usize {
        let mut todo: Vec<(&Block, usize)> = blocks.iter().map(|b| (b, 1)).collect();
        let mut max = 0;
        while let Some((b, d)) = todo.pop() {
            max = max.max(d);
            match b {
                Block::Quote(inner) => todo.extend(inner.iter().map(|b| (b, d + 1))),
                Block::List { items, .. } => {
                    todo.extend(items.iter().flatten().map(|b| (b, d + 1)))
                }
                _ => {}
            }
        }
        max
    }

    #[test]
    fn deep_nesting_is_cut_and_its_line_reported() {
        let quotes = format!("甲\n\n{}乙\n", ">".repeat(5000));
        let md = parse(&quotes, 7, false);
        assert_eq!(md.too_deep, Some(9));
        assert!(deepest(&md.blocks) <= MAX_LEVELS + 1);
        assert!(md.plain_text().contains('乙'), "the text is kept");

        let lists = format!("前\n\n{}項\n", "1. ".repeat(10_000));
        let md = parse(&lists, 1, false);
        assert_eq!(md.too_deep, Some(3));
        assert!(deepest(&md.blocks) <= 2 * MAX_LEVELS + 1);
        assert!(md.plain_text().contains('項'));
        // Rendering and dropping the tree do not overflow the stack.
        assert!(crate::render::html::markdown::to_html(&md).contains('項'));

        let md = parse("1. 一\n   1. 二\n      1. 三\n\n> > > 引\n", 1, false);
        assert_eq!(md.too_deep, None, "ordinary nesting is fine");
    }

    #[test]
    fn targets_have_lines() {
        let md = parse("x\n\n![圖](a.png)\n", 10, false);
        assert_eq!(md.targets[0].line, 12);
        assert!(md.targets[0].is_image);
    }
}
