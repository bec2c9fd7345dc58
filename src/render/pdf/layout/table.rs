//! GFM tables: column widths from content, wrapped cells set ragged, the
//! header row repeated on every page the table continues onto.
//!
//! Widths: a column is never narrower than its widest unbreakable piece (a
//! number such as `1,104,729`, a Latin word, a short header label); short
//! columns get their natural width first and the long ones share the rest.
//! A table whose pieces do not fit is set smaller, down to [`MIN_UPRIGHT`],
//! then on landscape pages down to [`MIN_SIZE`]; beyond that it cannot be
//! printed legibly and `check` says so ([`plan`] gives [`TooWide`]).
//!
//! Rows: each row is a run of strips one line high, kept together when the
//! row fits on a page and split between lines when it does not, so a cell
//! longer than a page (a 修正條文對照表) continues on the next page under
//! the repeated header row instead of running off the bottom.

use std::sync::Arc;

use super::boxes::{Color, Item, tag, untag};
use super::flow::{Frame, Slab};
use super::fonts::{FontBook, Role};
use super::linebreak::{max_content, min_content};
use super::tags::{Kind, NodeId, Tags};
use super::text::{self, Styled, Styler, TextStyle};
use crate::markdown::{Align, Inline, Table};
use crate::render::geom::{Point, Rect};

/// The type size of tables that fit.
pub const SIZE: f32 = 10.5;
/// The smallest size on an upright page; smaller tables turn to landscape.
pub const MIN_UPRIGHT: f32 = 9.0;
/// The smallest size at all: below it a table is not printed.
pub const MIN_SIZE: f32 = 7.0;
/// Cell padding, in ems of the table's size (4 pt at 10.5 pt).
const PAD: f32 = 4.0 / 10.5;
const LEADING: f32 = 1.5;
/// Rows taller than this (points) are made of strips one line high, so
/// that they can be split across pages.
const SPLIT_ABOVE: f32 = 300.0;
/// A header label up to this many ems is never broken inside.
const SHORT_LABEL: f32 = 6.0;

/// How a table is set: its size, orientation and column widths (points).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub size: f32,
    pub landscape: bool,
    pub widths: Vec<f32>,
    /// Line height in ems.
    pub leading: f32,
}

/// A table that cannot be printed legibly: even on a landscape page at
/// [`MIN_SIZE`], its columns' unbreakable pieces need `needed` points of the
/// `available` width.
#[derive(Debug, Clone, PartialEq)]
pub struct TooWide {
    pub columns: usize,
    pub needed: f32,
    pub available: f32,
}

/// The table's cells in a size: header first.
fn cells(t: &Table, size: f32) -> (Vec<Styled>, Vec<Vec<Styled>>) {
    let row = |r: &[Vec<Inline>], role: Role| -> Vec<Styled> {
        r.iter()
            .map(|c| {
                let mut s = Styled {
                    ragged: true,
                    ..Styled::default()
                };
                s.push(&Inline::plain(c), TextStyle::new(role, size));
                s
            })
            .collect()
    };
    (
        row(&t.head, Role::Heading),
        t.rows.iter().map(|r| row(r, Role::Body)).collect(),
    )
}

/// Each column's narrowest and natural width in ems, padding included.
fn measures(book: &FontBook, t: &Table) -> (Vec<f32>, Vec<f32>) {
    let n = t.head.len();
    let (head, rows) = cells(t, 1.0);
    let mut min = vec![2.0 * PAD; n];
    let mut max = vec![2.0 * PAD; n];
    for (r, row) in std::iter::once(&head).chain(&rows).enumerate() {
        for (i, cell) in row.iter().enumerate().take(n) {
            let m = Styler::new(book, cell);
            let natural = max_content(&cell.runs, &m);
            let narrowest = if r == 0 && natural <= SHORT_LABEL {
                natural
            } else {
                min_content(&cell.runs, &m)
            };
            min[i] = min[i].max(narrowest + 2.0 * PAD);
            max[i] = max[i].max(natural + 2.0 * PAD);
        }
    }
    (min, max)
}

/// How `t` is set in `width` points, or on a landscape page `turned`
/// points wide when it must be.
pub fn plan(book: &FontBook, t: &Table, width: f32, turned: f32) -> Result<Plan, TooWide> {
    let (min, max) = measures(book, t);
    let total: f32 = min.iter().sum();
    let fitting = |w: f32| fitting_size(w, total);
    let set = |size: f32, landscape: bool, w: f32| sized(&min, &max, size, landscape, w);
    if fitting(width) >= MIN_UPRIGHT {
        return Ok(set(fitting(width), false, width));
    }
    if fitting(turned) >= MIN_SIZE {
        return Ok(set(fitting(turned), true, turned));
    }
    Err(TooWide {
        columns: min.len(),
        needed: total * MIN_SIZE,
        available: turned,
    })
}

/// Column widths filling `width`: every column its natural width when all
/// fit; otherwise short columns (natural width within a fair share) their
/// natural width first, and the others their narrowest plus a share of
/// what is left in proportion to how much more they would take. When even
/// the narrowest widths do not fit, they are squeezed in proportion.
fn distribute(min: &[f32], max: &[f32], width: f32) -> Vec<f32> {
    let n = min.len().max(1);
    let total_max: f32 = max.iter().sum();
    if total_max <= width {
        let extra = (width - total_max) / n as f32;
        return max.iter().map(|m| m + extra).collect();
    }
    let total_min: f32 = min.iter().sum();
    if total_min >= width {
        return min.iter().map(|m| m * width / total_min).collect();
    }
    let mut fixed = vec![false; min.len()];
    loop {
        let left = width
            - (0..min.len())
                .filter(|i| fixed[*i])
                .map(|i| max[i])
                .sum::<f32>();
        let open: Vec<usize> = (0..min.len()).filter(|i| !fixed[*i]).collect();
        let share = left / open.len().max(1) as f32;
        let mut open_min: f32 = open.iter().map(|i| min[*i]).sum();
        let mut short: Vec<usize> = open.iter().copied().filter(|i| max[*i] <= share).collect();
        short.sort_by(|a, b| max[*a].total_cmp(&max[*b]).then(a.cmp(b)));
        let mut room = left;
        let mut changed = false;
        for i in short {
            // Natural width only while the other columns keep their narrowest.
            if room - max[i] >= open_min - min[i] {
                fixed[i] = true;
                room -= max[i];
                open_min -= min[i];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let left = width
        - (0..min.len())
            .filter(|i| fixed[*i])
            .map(|i| max[i])
            .sum::<f32>();
    let open: Vec<usize> = (0..min.len()).filter(|i| !fixed[*i]).collect();
    let open_min: f32 = open.iter().map(|i| min[*i]).sum();
    let flex: f32 = open.iter().map(|i| max[*i] - min[*i]).sum();
    (0..min.len())
        .map(|i| {
            if fixed[i] {
                max[i]
            } else if flex > 0.01 {
                min[i] + (left - open_min) * (max[i] - min[i]) / flex
            } else {
                min[i] + (left - open_min) / open.len() as f32
            }
        })
        .collect()
}

/// The whole table as slabs: the header row, then each row as strips of
/// one line; a `Table` element under `parent` with a header row of `TH`
/// (column scope) and rows of `TD`. The header row repeated on later pages
/// is an artifact. `x` is where the table sits in the upright frame.
pub fn layout(
    book: &FontBook,
    t: &Table,
    x: f32,
    width: f32,
    tags: &mut Tags,
    parent: NodeId,
) -> Vec<Slab> {
    layout_with(book, t, x, width, LEADING, None, tags, parent)
}

/// The size at which every cell of `t` fits on one line in `width`
/// points (at most the tables' size, at least [`MIN_UPRIGHT`]), if any.
pub fn unwrapped_size(book: &FontBook, t: &Table, width: f32) -> Option<f32> {
    unwrapped_plan(book, t, width).map(|p| p.size)
}

/// The plan of [`unwrapped_size`]: every column its natural width.
fn unwrapped_plan(book: &FontBook, t: &Table, width: f32) -> Option<Plan> {
    let (min, max) = measures(book, t);
    let size = fitting_size(width, max.iter().sum());
    (size >= MIN_UPRIGHT).then(|| sized(&min, &max, size, false, width))
}

/// The largest size (at most [`SIZE`]) at which columns of `total` ems fit
/// `width` points, in half points rounded down: the same table always gets
/// the same size.
fn fitting_size(width: f32, total: f32) -> f32 {
    ((width / total.max(0.01)).min(SIZE) * 2.0).floor() / 2.0
}

/// Columns of `min`/`max` ems at `size` points, filling `width`.
fn sized(min: &[f32], max: &[f32], size: f32, landscape: bool, width: f32) -> Plan {
    let scaled = |v: &[f32]| v.iter().map(|e| e * size).collect::<Vec<_>>();
    Plan {
        size,
        landscape,
        widths: distribute(&scaled(min), &scaled(max), width),
        leading: LEADING,
    }
}

/// A list (the directory's): lines `leading` ems high, denser than a
/// document's tables, and set a little smaller (down to 9 pt) rather than
/// wrapped when that keeps every cell on one line.
pub fn layout_list(
    book: &FontBook,
    t: &Table,
    width: f32,
    leading: f32,
    tags: &mut Tags,
    parent: NodeId,
) -> Vec<Slab> {
    let plan = unwrapped_plan(book, t, width);
    layout_with(book, t, 0.0, width, leading, plan, tags, parent)
}

/// A table with lines `leading` ems high, set as `unwrapped` says when
/// given (see [`unwrapped_size`]), else as [`plan`] chooses.
#[allow(clippy::too_many_arguments)]
fn layout_with(
    book: &FontBook,
    t: &Table,
    x: f32,
    width: f32,
    leading: f32,
    unwrapped: Option<Plan>,
    tags: &mut Tags,
    parent: NodeId,
) -> Vec<Slab> {
    if t.head.is_empty() {
        return Vec::new();
    }
    let turned = width + Frame::TURN_GAIN;
    let plan = unwrapped.map_or_else(|| plan(book, t, width, turned), Ok);
    let plan = plan.unwrap_or_else(|too| {
        // `check` refuses such a table; should one get here, squeeze it.
        let (min, _) = measures(book, t);
        let scale = too.available / too.needed;
        Plan {
            size: MIN_SIZE,
            landscape: true,
            widths: min.iter().map(|m| m * MIN_SIZE * scale).collect(),
            leading: LEADING,
        }
    });
    let plan = Plan { leading, ..plan };
    let (head, rows) = cells(t, plan.size);
    let table = tags.push(parent, Kind::Table);
    let columns = plan.widths.len();
    let row_of = |tags: &mut Tags, group: NodeId, cell: Kind| -> Vec<NodeId> {
        let tr = tags.push(group, Kind::TR);
        (0..columns).map(|_| tags.push(tr, cell.clone())).collect()
    };
    let thead = tags.push(table, Kind::THead);
    let th = row_of(tags, thead, Kind::TH);
    let header = row_slabs(book, &head, &plan, &t.align, x, Some(Color::LIGHT), &th)
        .into_iter()
        .next()
        .unwrap_or_default();
    let repeated = Arc::new(Slab {
        keep_with_next: true,
        items: untag(&header.items),
        ..header.clone()
    });
    let mut out = vec![Slab {
        space_before: 6.0,
        keep_with_next: true,
        ..header
    }];
    let tbody = tags.push(table, Kind::TBody);
    for r in &rows {
        let td = row_of(tags, tbody, Kind::TD);
        let slabs = row_slabs(book, r, &plan, &t.align, x, None, &td);
        out.extend(slabs.into_iter().map(|s| Slab {
            repeat_header: Some(repeated.clone()),
            ..s
        }));
    }
    if let Some(last) = out.last_mut() {
        last.height += 6.0; // room after the table
    }
    out
}

/// A row's cells as lines, each line's items placed at the cell's left
/// (plus alignment) and at the line's top, content of the cell's element.
type CellLines = Vec<Vec<Vec<Item>>>;

fn cell_lines(
    book: &FontBook,
    row: &[Styled],
    plan: &Plan,
    align: &[Align],
    x: f32,
    cells: &[NodeId],
) -> CellLines {
    let pad = PAD * plan.size;
    let mut cx = x;
    let mut columns = Vec::new();
    for (i, w) in plan.widths.iter().enumerate() {
        let inner = w - 2.0 * pad;
        let lines = row.get(i).map_or_else(Vec::new, |cell| {
            text::lines(book, cell, 0.0, inner, 0.0, plan.leading)
                .into_iter()
                .map(|line| {
                    let used = line_width(&line.items);
                    let dx = match align.get(i) {
                        Some(Align::Right) => inner - used,
                        Some(Align::Center) => (inner - used) / 2.0,
                        _ => 0.0,
                    };
                    let items = line
                        .items
                        .iter()
                        .map(|it| it.shifted(cx + pad + dx.max(0.0), 0.0))
                        .collect();
                    tag(items, cells[i])
                })
                .collect()
        });
        columns.push(lines);
        cx += w;
    }
    columns
}

/// The borders of a row part `height` high: the verticals, and the top
/// and bottom when asked.
fn borders(plan: &Plan, x: f32, height: f32, top: bool, bottom: bool) -> Vec<Item> {
    let right = x + plan.widths.iter().sum::<f32>();
    let border = |x1, y1, x2, y2| Item::hairline(Point::pt(x1, y1), Point::pt(x2, y2));
    let mut items = Vec::new();
    if top {
        items.push(border(x, 0.0, right, 0.0));
    }
    if bottom {
        items.push(border(x, height, right, height));
    }
    items.push(border(x, 0.0, x, height));
    let mut bx = x;
    for w in &plan.widths {
        bx += w;
        items.push(border(bx, 0.0, bx, height));
    }
    items
}

/// A row as slabs: one slab when it is short (its text in cell order, so
/// that each cell copies out whole), or strips one line high when it is
/// taller than [`SPLIT_ABOVE`]: kept together when the row fits on a page,
/// split between lines when it does not, a bottom border drawn where a
/// page ends inside it.
fn row_slabs(
    book: &FontBook,
    row: &[Styled],
    plan: &Plan,
    align: &[Align],
    x: f32,
    fill: Option<Color>,
    cells: &[NodeId],
) -> Vec<Slab> {
    let pad = PAD * plan.size;
    let line_height = plan.size * plan.leading;
    let columns = cell_lines(book, row, plan, align, x, cells);
    let count = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let whole = 2.0 * pad + count as f32 * line_height;
    if whole <= SPLIT_ABOVE || fill.is_some() {
        let mut items = Vec::new();
        if let Some(fill) = fill {
            items.push(Item::Rect {
                rect: Rect::pt(x, 0.0, plan.widths.iter().sum(), whole),
                fill,
            });
        }
        for lines in &columns {
            for (k, line) in lines.iter().enumerate() {
                let y = pad + k as f32 * line_height;
                items.extend(line.iter().map(|it| it.shifted(0.0, y)));
            }
        }
        items.extend(borders(plan, x, whole, true, true));
        return vec![Slab {
            height: whole,
            items,
            landscape: plan.landscape,
            ..Slab::default()
        }];
    }
    (0..count)
        .map(|k| {
            let (first, last) = (k == 0, k + 1 == count);
            let top = if first { pad } else { 0.0 };
            let height = top + line_height + if last { pad } else { 0.0 };
            let mut items: Vec<Item> = columns
                .iter()
                .filter_map(|lines| lines.get(k))
                .flat_map(|l| l.iter().map(|it| it.shifted(0.0, top)))
                .collect();
            items.extend(borders(plan, x, height, first, last));
            let right = x + plan.widths.iter().sum::<f32>();
            Slab {
                height,
                items,
                keep_with_next: !last,
                break_after: if last {
                    Vec::new()
                } else {
                    vec![Item::hairline(
                        Point::pt(x, height),
                        Point::pt(right, height),
                    )]
                },
                landscape: plan.landscape,
                ..Slab::default()
            }
        })
        .collect()
}

fn line_width(items: &[Item]) -> f32 {
    items
        .iter()
        .filter_map(|it| match it {
            Item::Text {
                at, glyphs, size, ..
            } => glyphs.last().map(|g| at.x.0 + g.x + size),
            _ => None,
        })
        .fold(0.0, f32::max)
        .max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_columns_get_their_natural_width_first() {
        // 第一類 (3 em), a long text column, an amount.
        let (min, max) = (vec![1.0, 1.0, 7.0], vec![3.0, 200.0, 7.0]);
        let w = distribute(&min, &max, 40.0);
        assert_eq!(w[0], 3.0, "{w:?}");
        assert_eq!(w[2], 7.0, "{w:?}");
        assert!((w.iter().sum::<f32>() - 40.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn no_column_is_narrower_than_its_narrowest() {
        let min = vec![7.0; 10];
        let max = vec![30.0; 10];
        let w = distribute(&min, &max, 80.0);
        assert!(w.iter().all(|w| *w >= 7.0), "{w:?}");
    }
}
