//! GFM tables: column widths from content, wrapped cells, one slab per row
//! with the header row repeated on every page the table continues onto.

use std::sync::Arc;

use super::boxes::{Color, Item};
use super::flow::Slab;
use super::fonts::{FontBook, Role};
use super::linebreak::{Run, break_lines};
use super::text::{self, Styled, TextStyle};
use crate::markdown::{Align, Inline, Table};

const SIZE: f32 = 10.5;
const PAD: f32 = 4.0;
const LEADING: f32 = 1.5;

/// The whole table as slabs: header first, then one per row.
pub fn layout(book: &FontBook, t: &Table, x: f32, width: f32) -> Vec<Slab> {
    let cells = |row: &[Vec<Inline>], role: Role| -> Vec<Styled> {
        row.iter()
            .map(|c| {
                let mut s = Styled::default();
                s.push(&Inline::plain(c), TextStyle::new(role, SIZE));
                s
            })
            .collect()
    };
    let head = cells(&t.head, Role::Heading);
    let rows: Vec<Vec<Styled>> = t.rows.iter().map(|r| cells(r, Role::Body)).collect();
    let widths = column_widths(book, &head, &rows, t.head.len(), width);
    let header = Arc::new(Slab {
        keep_with_next: true,
        ..row_slab(book, &head, &widths, &t.align, x, Some(Color::LIGHT))
    });
    let mut out = vec![Slab {
        space_before: 6.0,
        ..(*header).clone()
    }];
    for r in &rows {
        out.push(Slab {
            repeat_header: Some(header.clone()),
            ..row_slab(book, r, &widths, &t.align, x, None)
        });
    }
    if let Some(last) = out.last_mut() {
        last.height += 6.0; // room after the table
    }
    out
}

/// Widths like a browser's automatic table layout: each column gets its
/// unwrapped width if all fit; otherwise at least its longest unbreakable
/// piece and a share of the rest in proportion to its unwrapped width.
fn column_widths(
    book: &FontBook,
    head: &[Styled],
    rows: &[Vec<Styled>],
    n: usize,
    width: f32,
) -> Vec<f32> {
    let mut max = vec![0.0f32; n];
    let mut min = vec![0.0f32; n];
    for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        for (i, cell) in row.iter().enumerate().take(n) {
            let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
            let role = cell.styles.first().map_or(Role::Body, |s| s.role);
            max[i] = max[i].max(text::width(book, &text, role, SIZE) + 2.0 * PAD);
            min[i] = min[i].max(longest_piece(book, &text, role) + 2.0 * PAD);
        }
    }
    let total_max: f32 = max.iter().sum();
    if total_max <= width {
        let extra = (width - total_max) / n.max(1) as f32;
        return max.iter().map(|m| m + extra).collect();
    }
    let total_min: f32 = min.iter().sum();
    if total_min >= width {
        return min.iter().map(|m| m * width / total_min).collect();
    }
    let flex: f32 = max.iter().zip(&min).map(|(a, b)| a - b).sum();
    max.iter()
        .zip(&min)
        .map(|(a, b)| b + (width - total_min) * (a - b) / flex.max(0.01))
        .collect()
}

/// The widest piece that cannot be broken (a Latin word, a number).
fn longest_piece(book: &FontBook, text: &str, role: Role) -> f32 {
    struct W<'a>(&'a FontBook, Role);
    impl super::linebreak::Measure for W<'_> {
        fn advance(&self, ch: char, _: usize) -> f32 {
            self.0.advance(self.1, ch, SIZE)
        }
    }
    let runs = [Run {
        text: text.to_string(),
        style: 0,
    }];
    break_lines(&runs, 0.1, 0.0, &W(book, role))
        .iter()
        .map(|l| l.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0, f32::max)
}

fn row_slab(
    book: &FontBook,
    row: &[Styled],
    widths: &[f32],
    align: &[Align],
    x: f32,
    fill: Option<Color>,
) -> Slab {
    let mut items = Vec::new();
    let mut height: f32 = SIZE * LEADING + 2.0 * PAD;
    let mut cx = x;
    let mut cell_items = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        let Some(cell) = row.get(i) else {
            cx += w;
            continue;
        };
        let inner = w - 2.0 * PAD;
        let lines = text::lines(book, cell, 0.0, inner, 0.0, LEADING);
        let mut y = PAD;
        for line in lines {
            let used = line_width(&line.items);
            let dx = match align.get(i) {
                Some(Align::Right) => inner - used,
                Some(Align::Center) => (inner - used) / 2.0,
                _ => 0.0,
            };
            cell_items.extend(
                line.items
                    .iter()
                    .map(|it| it.shifted(cx + PAD + dx.max(0.0), y)),
            );
            y += line.height;
        }
        height = height.max(y + PAD);
        cx += w;
    }
    if let Some(c) = fill {
        items.push(Item::Rect {
            x,
            y: 0.0,
            w: cx - x,
            h: height,
            fill: c,
        });
    }
    items.extend(cell_items);
    // Borders: top, bottom, and one between and around every column.
    let border = Item::hairline;
    items.push(border(x, 0.0, cx, 0.0));
    items.push(border(x, height, cx, height));
    let mut bx = x;
    items.push(border(bx, 0.0, bx, height));
    for w in widths {
        bx += w;
        items.push(border(bx, 0.0, bx, height));
    }
    Slab {
        height,
        items,
        ..Slab::default()
    }
}

fn line_width(items: &[Item]) -> f32 {
    items
        .iter()
        .filter_map(|it| match it {
            Item::Text {
                x, glyphs, size, ..
            } => glyphs.last().map(|g| x + g.x + size),
            _ => None,
        })
        .fold(0.0, f32::max)
        .max(0.0)
}
