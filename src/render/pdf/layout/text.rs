//! Styled text into line slabs: runs in styles, broken into lines, each
//! glyph drawn by the first face of its style's chain that has it.

use super::boxes::{Color, Item, PlacedGlyph, Target};
use super::flow::Slab;
use super::fonts::{FontBook, Role};
use super::linebreak::{Line, Measure, Run, break_lines_with};
use super::tags::NodeId;
use crate::render::geom::{Point, Rect};

/// How a run of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub role: Role,
    pub size: f32,
    /// Raise above the baseline (superscripts), in points.
    pub rise: f32,
    pub color: Color,
    pub link: Option<Target>,
    /// The structure element this text belongs to when not its
    /// paragraph's (a link inside a paragraph).
    pub tag: Option<NodeId>,
}

impl TextStyle {
    pub fn new(role: Role, size: f32) -> Self {
        TextStyle {
            role,
            size,
            rise: 0.0,
            color: Color::BLACK,
            link: None,
            tag: None,
        }
    }
}

/// A paragraph being assembled: text in styles.
#[derive(Debug, Clone, Default)]
pub struct Styled {
    pub runs: Vec<Run>,
    pub styles: Vec<TextStyle>,
    /// Lines set ragged, never justified (table cells).
    pub ragged: bool,
}

impl Styled {
    pub fn push(&mut self, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        let index = match self.styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        match self.runs.last_mut() {
            Some(r) if r.style == index => r.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_string(),
                style: index,
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }

    /// The largest size used, for line height.
    pub fn max_size(&self) -> f32 {
        self.styles.iter().map(|s| s.size).fold(0.0, f32::max)
    }
}

/// Measures characters in a paragraph's styles.
pub struct Styler<'a> {
    book: &'a FontBook,
    styles: &'a [TextStyle],
}

impl<'a> Styler<'a> {
    pub fn new(book: &'a FontBook, text: &'a Styled) -> Self {
        Styler {
            book,
            styles: &text.styles,
        }
    }
}

impl Measure for Styler<'_> {
    fn advance(&self, ch: char, style: usize) -> f32 {
        let s = &self.styles[style];
        self.book.advance(s.role, ch, s.size)
    }
}

/// Lays out `text` in lines of `width`, the first line's text starting
/// `first_indent` further right. Returns one slab per line (so paragraphs
/// break across pages between lines), positioned from `x`.
pub fn lines(
    book: &FontBook,
    text: &Styled,
    x: f32,
    width: f32,
    first_indent: f32,
    leading: f32,
) -> Vec<Slab> {
    let styler = Styler::new(book, text);
    let size = text.max_size();
    let line_height = size * leading;
    break_lines_with(&text.runs, width, first_indent, &styler, !text.ragged)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let indent = if i == 0 { first_indent } else { 0.0 };
            let baseline = (line_height - size) / 2.0 + size * 0.88;
            Slab {
                height: line_height,
                items: line_items(book, &text.styles, line, x + indent, baseline, line_height),
                ..Slab::default()
            }
        })
        .collect()
}

/// The items of one line: a text item per run of one style, and link
/// areas over linked glyphs; a style's items inside its tag, if it has one.
pub fn line_items(
    book: &FontBook,
    styles: &[TextStyle],
    line: &Line,
    x: f32,
    baseline: f32,
    height: f32,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    let g = &line.glyphs;
    while i < g.len() {
        let style = g[i].style;
        let mut j = i;
        while j < g.len() && g[j].style == style {
            j += 1;
        }
        let s = &styles[style];
        let x0 = g[i].x;
        let first = items.len();
        let glyphs: Vec<PlacedGlyph> = g[i..j]
            .iter()
            .filter(|gl| !gl.ch.is_whitespace())
            .map(|gl| {
                let face = book.face_for(s.role, gl.ch).unwrap_or(0);
                PlacedGlyph {
                    ch: gl.ch,
                    face,
                    x: gl.x - x0,
                }
            })
            .collect();
        if !glyphs.is_empty() {
            items.push(Item::Text {
                at: Point::pt(x + x0, baseline - s.rise),
                size: s.size,
                glyphs,
                color: s.color,
            });
        }
        if let Some(target) = &s.link {
            let end = g[j - 1].x + g[j - 1].advance;
            items.push(Item::Link {
                rect: Rect::pt(x + x0, 0.0, end - x0, height),
                target: target.clone(),
            });
        }
        if let Some(node) = s.tag
            && items.len() > first
        {
            let run = items.split_off(first);
            items.push(Item::Tagged { node, items: run });
        }
        i = j;
    }
    items
}

/// The width of a single-line text in a style.
pub fn width(book: &FontBook, text: &str, role: Role, size: f32) -> f32 {
    text.chars().map(|c| book.advance(role, c, size)).sum()
}
