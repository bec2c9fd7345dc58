//! Page furniture shared by every publication: A4 margins, the content
//! frame, single lines of text, running header and page number.

use super::layout::boxes::{Color, Furniture, Item, PageBox};
use super::layout::flow::{Frame, Slab};
use super::layout::fonts::{FontBook, Role};
use super::layout::text::{self, Styled, TextStyle};
use super::writer::A4;
use crate::render::geom::Point;

pub const MARGIN_X: f32 = 64.0;
pub const MARGIN_TOP: f32 = 80.0;
pub const MARGIN_BOTTOM: f32 = 72.0;

pub fn frame() -> Frame {
    Frame {
        left: MARGIN_X,
        top: MARGIN_TOP,
        width: A4.w.0 - 2.0 * MARGIN_X,
        height: A4.h.0 - MARGIN_TOP - MARGIN_BOTTOM,
    }
}

/// One short text as line slabs.
pub fn line(
    book: &FontBook,
    s: &str,
    role: Role,
    size: f32,
    x: f32,
    width: f32,
    color: Color,
) -> Vec<Slab> {
    let mut t = Styled::default();
    t.push(
        s,
        TextStyle {
            color,
            ..TextStyle::new(role, size)
        },
    );
    text::lines(book, &t, x, width, 0.0, 1.6)
}

/// Running header and page number (each one `Item::Furniture`); how many
/// items they added before the page's own and after them.
pub fn decorate(
    book: &FontBook,
    page: &mut PageBox,
    running: &str,
    date: &str,
    number: Option<usize>,
) -> (usize, usize) {
    let paper = page.size.unwrap_or(A4);
    let (w, h) = (paper.w.0, paper.h.0);
    let size = 9.0;
    let gray = Color::GRAY;
    let put = |s: &str, x: f32, y: f32| put(book, s, size, gray, x, y);
    // The header goes first in the content stream (extracted text reads in
    // page order), the page number last.
    let dw = text::width(book, date, Role::Body, size);
    let mut header = put(running, MARGIN_X, 40.0);
    header.extend(put(date, w - MARGIN_X - dw, 40.0));
    header.push(Item::Rule {
        from: Point::pt(MARGIN_X, 58.0),
        to: Point::pt(w - MARGIN_X, 58.0),
        width: 0.5,
        color: gray,
    });
    page.items.insert(
        0,
        Item::Furniture {
            kind: Furniture::Header,
            items: header,
        },
    );
    let len = page.items.len();
    if let Some(n) = number {
        let s = n.to_string();
        let nw = text::width(book, &s, Role::Body, 10.0);
        page.items.push(Item::Furniture {
            kind: Furniture::Footer,
            items: line(book, &s, Role::Body, 10.0, 0.0, 100.0, gray)
                .into_iter()
                .flat_map(|l| l.items)
                .map(|it| it.shifted((w - nw) / 2.0, h - 48.0))
                .collect(),
        });
    }
    (1, page.items.len() - len)
}

/// One line of text at `(x, y)`: the top of its line box.
pub fn put(book: &FontBook, s: &str, size: f32, color: Color, x: f32, y: f32) -> Vec<Item> {
    line(book, s, Role::Body, size, 0.0, A4.w.0, color)
        .into_iter()
        .flat_map(|l| l.items)
        .map(|it| it.shifted(x, y))
        .collect()
}

/// Lines that stay with what follows them (headings, metadata blocks), with
/// `space` above the first line only.
pub fn kept(mut slabs: Vec<Slab>, space: f32) -> Vec<Slab> {
    for s in &mut slabs {
        s.keep_with_next = true;
    }
    if let Some(first) = slabs.first_mut() {
        first.space_before = space;
    }
    slabs
}
