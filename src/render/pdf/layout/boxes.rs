//! What the layout engine produces: items positioned on pages, in points,
//! `y` measured downwards from the top of the page. The writer turns them
//! into PDF operations.

use super::linebreak::Glyph;

/// A colour as RGB in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    pub const BLACK: Color = Color(0.0, 0.0, 0.0);
    pub const GRAY: Color = Color(0.35, 0.35, 0.35);
    pub const LIGHT: Color = Color(0.92, 0.93, 0.95);
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
        x: f32,
        /// The baseline.
        y: f32,
        size: f32,
        glyphs: Vec<PlacedGlyph>,
        color: Color,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Color,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// Index into the document's images.
        image: usize,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: Target,
    },
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
    /// The same item moved down by `dy` and right by `dx`.
    pub fn shifted(&self, dx: f32, dy: f32) -> Item {
        let mut it = self.clone();
        match &mut it {
            Item::Text { x, y, .. }
            | Item::Rect { x, y, .. }
            | Item::Image { x, y, .. }
            | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Rule { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
        it
    }
}

/// A page of positioned items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageBox {
    pub items: Vec<Item>,
    /// Width and height in points, when the page differs from its
    /// document's size (the pieces of a couplet set).
    pub size: Option<(f32, f32)>,
}
