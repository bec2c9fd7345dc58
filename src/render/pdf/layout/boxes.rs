//! What the layout engine produces: items positioned on pages, in points,
//! `y` measured downwards from the top of the page. The writer turns them
//! into PDF operations.

use super::linebreak::Glyph;
use super::tags::NodeId;
use crate::render::geom::{Point, Pt, Rect, Size};

/// A4 paper, upright, in points.
pub const A4: Size = Size {
    w: Pt(595.2756),
    h: Pt(841.8898),
};

/// A colour, components in 0..=1, in the space a press needs: text black
/// and grays as gray (printed with black ink only, not four inks that
/// would blur in misregistration), the couplets' red as CMYK (the printer's
/// inks, not a conversion the print shop's software guesses), the rest RGB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    Gray(f32),
    Rgb(f32, f32, f32),
    Cmyk(f32, f32, f32, f32),
}

impl Color {
    /// Pure K: 100% black ink only.
    pub const BLACK: Color = Color::Gray(0.0);
    pub const GRAY: Color = Color::Gray(0.35);
    pub const LIGHT: Color = Color::Rgb(0.92, 0.93, 0.95);
    /// The deep blue of the gazette's cover and headings.
    pub const NAVY: Color = Color::Rgb(0.05, 0.15, 0.35);
    /// Links in text.
    pub const LINK: Color = Color::Rgb(0.0, 0.2, 0.55);
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Uri(String),
    /// A page of the same PDF (0-based) and a `y` on it.
    Page(usize, f32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; each glyph names its face (per-character fallback).
    Text {
        /// The left end of the baseline.
        at: Point,
        size: f32,
        glyphs: Vec<PlacedGlyph>,
        color: Color,
    },
    Rule {
        from: Point,
        to: Point,
        width: f32,
        color: Color,
    },
    Rect {
        rect: Rect,
        fill: Color,
    },
    Image {
        rect: Rect,
        /// Index into the document's images.
        image: usize,
    },
    Link {
        rect: Rect,
        target: Target,
    },
    /// A filled closed polygon (the 斗方's diamond).
    Polygon {
        points: Vec<Point>,
        fill: Color,
    },
    /// Items drawn together: only inside `clip` when given (a tile's share
    /// of a couplet piece), turned when `turn` says (the 斗方's character on
    /// its square), and with their text copied as `copy` says.
    Group {
        clip: Option<Rect>,
        turn: Option<Turn>,
        copy: CopyText,
        items: Vec<Item>,
    },
    /// Content of a structure element (tagged PDF): text, images and links
    /// that belong to `node`. Items outside any are artifacts.
    Tagged {
        node: NodeId,
        items: Vec<Item>,
    },
    /// Page furniture: an artifact of pagination (tagged PDF says which).
    Furniture {
        kind: Furniture,
        items: Vec<Item>,
    },
}

/// What a piece of page furniture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// The running header and its rule.
    Header,
    /// The page number.
    Footer,
}

/// A rotation about `center`, clockwise as seen, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Turn {
    pub center: Point,
    pub degrees: f32,
}

/// What copy-paste (and `pdftotext`) gets from a group's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyText {
    /// Drawn and copied as usual.
    Normal,
    /// Drawn but not copied: a glyph cut across two tiles is copied from
    /// one of them only (an empty `/ActualText`).
    Never,
    /// Copied but not drawn: the text over a calligrapher's scan.
    Invisible,
}

/// A glyph with the face that draws it, `x` from the line's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub ch: char,
    pub face: usize,
    pub x: f32,
}

impl PlacedGlyph {
    pub fn from_glyph(g: &Glyph, face: usize) -> Self {
        PlacedGlyph {
            ch: g.ch,
            face,
            x: g.x,
        }
    }
}

impl Item {
    /// A thin gray line: table borders, crop marks.
    pub fn hairline(from: Point, to: Point) -> Item {
        Item::Rule {
            from,
            to,
            width: 0.5,
            color: Color::GRAY,
        }
    }

    /// The same item moved down by `dy` and right by `dx`.
    pub fn shifted(&self, dx: f32, dy: f32) -> Item {
        let (dx, dy) = (Pt(dx), Pt(dy));
        let mut it = self.clone();
        match &mut it {
            Item::Text { at, .. } => *at = at.shifted(dx, dy),
            Item::Rect { rect, .. } | Item::Image { rect, .. } | Item::Link { rect, .. } => {
                *rect = rect.shifted(dx, dy);
            }
            Item::Rule { from, to, .. } => {
                *from = from.shifted(dx, dy);
                *to = to.shifted(dx, dy);
            }
            Item::Polygon { points, .. } => {
                for p in points {
                    *p = p.shifted(dx, dy);
                }
            }
            Item::Tagged { items, .. } | Item::Furniture { items, .. } => {
                for i in items {
                    *i = i.shifted(dx.0, dy.0);
                }
            }
            Item::Group {
                clip, turn, items, ..
            } => {
                if let Some(c) = clip {
                    *c = c.shifted(dx, dy);
                }
                if let Some(t) = turn {
                    t.center = t.center.shifted(dx, dy);
                }
                for i in items {
                    *i = i.shifted(dx.0, dy.0);
                }
            }
        }
        it
    }

    /// This item and, for a group, everything in it, depth first.
    pub fn leaves(&self) -> Vec<&Item> {
        match self {
            Item::Group { items, .. }
            | Item::Tagged { items, .. }
            | Item::Furniture { items, .. } => items.iter().flat_map(Item::leaves).collect(),
            it => vec![it],
        }
    }

    /// Text, images and links: what a reader reads (the rest, rules and
    /// fills, is decoration).
    pub fn is_content(&self) -> bool {
        matches!(
            self,
            Item::Text { .. } | Item::Image { .. } | Item::Link { .. } | Item::Tagged { .. }
        )
    }
}

/// `items` with each run of untagged content items made content of
/// `node`; decoration stays outside, in its place in drawing order.
pub fn tag(items: Vec<Item>, node: NodeId) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for it in items {
        let content = it.is_content() && !matches!(it, Item::Tagged { .. });
        match out.last_mut() {
            Some(Item::Tagged { node: n, items }) if content && *n == node => items.push(it),
            _ if content => out.push(Item::Tagged {
                node,
                items: vec![it],
            }),
            _ => out.push(it),
        }
    }
    out
}

/// `items` with every tag taken off: a copy drawn again (a table's header
/// row repeated on the next page) is an artifact.
pub fn untag(items: &[Item]) -> Vec<Item> {
    items
        .iter()
        .flat_map(|it| match it {
            Item::Tagged { items, .. } => untag(items),
            it => vec![it.clone()],
        })
        .collect()
}

/// A page of positioned items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageBox {
    pub items: Vec<Item>,
    /// The page's size, when it differs from its document's (the pieces
    /// of a couplet set).
    pub size: Option<Size>,
}
