//! Cutting a couplet piece that is larger than the paper into overlapping
//! tiles, one per sheet, so that a family can print it at home and glue the
//! sheets together.
//!
//! Each axis is split on its own (the tiles form a grid). A split is chosen
//! by dynamic programming over the possible tile ends on a 2 mm grid,
//! minimising, in this order:
//! 1. sheets plus seams through the middle half of a character (the glue
//!    band of 1 cm crossing it): one more sheet is worth keeping a seam
//!    off a character's middle, two are not;
//! 2. seams through the middle of a character;
//! 3. seams through a character at all;
//! 4. how deep into a character, or how close to one, the seams run;
//! 5. unequal tiles (the sum of squared tile lengths).
//!
//! The paper is tried upright and turned (landscape); the better grid wins,
//! upright on a tie. A strip 24 cm wide does not fit across A4 upright
//! (19 cm printable) and would be cut down the middle of every character;
//! turned, it needs one column and fewer sheets.

use crate::render::geom::{PT_PER_MM, Rect, Size};

/// One millimetre in points.
pub const MM: f32 = PT_PER_MM;
/// The grid tile ends are chosen on: fine enough for scissors.
const GRID: f32 = 2.0 * MM;

/// How good a split is; smaller is better (see `key`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub sheets: u32,
    /// Seams whose glue band crosses the middle half of a character (a
    /// seam across a strip's every character counts each).
    pub middle_cuts: u32,
    /// Seams whose glue band crosses a character's ink box at all.
    pub ink_cuts: u32,
    /// How deep into characters seams run, or how close to them they
    /// pass (within 1 cm), in tenths of a point.
    pub closeness: u64,
    /// Sum of squared tile lengths (in points): prefers even tiles.
    pub spread: u64,
}

impl Cost {
    /// What is compared: a seam through the middle of a character is as
    /// bad as one more sheet; then fewer such seams, seams through
    /// characters at all, how close they run, and even tiles.
    fn key(&self) -> (u32, u32, u32, u64, u64) {
        (
            self.sheets + self.middle_cuts,
            self.middle_cuts,
            self.ink_cuts,
            self.closeness,
            self.spread,
        )
    }
}

impl Ord for Cost {
    fn cmp(&self, o: &Cost) -> std::cmp::Ordering {
        self.key().cmp(&o.key())
    }
}

impl PartialOrd for Cost {
    fn partial_cmp(&self, o: &Cost) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            middle_cuts: self.middle_cuts + o.middle_cuts,
            sheets: self.sheets + o.sheets,
            ink_cuts: self.ink_cuts + o.ink_cuts,
            closeness: self.closeness + o.closeness,
            spread: self.spread + o.spread,
        }
    }
}

/// Segments `(start, end)` of one axis, in order, and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub segments: Vec<(f32, f32)>,
    pub cost: Cost,
}

/// The fewest segments of at most `max` overlapping by `overlap` that
/// can cover `length`.
pub fn fewest(length: f32, max: f32, overlap: f32) -> usize {
    if length <= max + 0.01 || max <= 2.0 * overlap {
        1
    } else {
        ((length - overlap) / (max - overlap)).ceil() as usize
    }
}

/// One segment for the whole length.
fn whole(length: f32) -> Split {
    Split {
        segments: vec![(0.0, length)],
        cost: segment_cost(length),
    }
}

fn segment_cost(len: f32) -> Cost {
    Cost {
        sheets: 1,
        spread: (len as f64 * len as f64) as u64,
        ..Cost::default()
    }
}

/// For each count of segments up to `most` (index 0 is unused), the best
/// split of `[0, length]` into exactly that many (ends on the grid), if
/// there is one.
pub fn splits(
    length: f32,
    max: f32,
    overlap: f32,
    ink: &[(f32, f32)],
    most: usize,
) -> Vec<Option<Split>> {
    let mut out = vec![None; most + 1];
    if most >= 1 && length <= max + 0.01 {
        out[1] = Some(whole(length));
    }
    // A tile must show more than the glue band it shares.
    let min_len = 2.0 * overlap;
    if most < 2 || max <= min_len {
        return out;
    }
    let n = (length / GRID).ceil() as usize;
    let pos = |k: usize| if k >= n { length } else { k as f32 * GRID };
    let seams: Vec<Cost> = (0..n)
        .map(|k| seam_cost((pos(k) - overlap, pos(k)), ink))
        .collect();
    let step = max - overlap;
    // layers[c][k]: the cheapest cover of [0, pos(k)] by c + 1 tiles, the
    // last ending at pos(k), and the end of the tile before it. Only ends
    // that c + 1 tiles can reach and from which the rest can still reach
    // the end are worked out.
    type Layer = Vec<Option<(Cost, usize)>>;
    let first: Layer = (0..=n)
        .map(|k| {
            let end = pos(k);
            (k > 0 && end <= max + 0.01 && end >= min_len).then(|| (segment_cost(end), 0))
        })
        .collect();
    let mut layers: Vec<Layer> = vec![first];
    for c in 1..most {
        let prev = &layers[c - 1];
        let reach = max + c as f32 * step + 0.01;
        let needed = length - (most - 1 - c) as f32 * step - 0.01;
        let layer: Layer = (0..=n)
            .map(|k| {
                let end = pos(k);
                if end > reach || end < needed {
                    return None;
                }
                // The tile starts at pos(p) - overlap.
                let lowest = ((end - max + overlap) / GRID).ceil().max(1.0) as usize;
                let highest = ((end - min_len + overlap) / GRID).floor() as usize;
                (lowest..=highest.min(k.saturating_sub(1)))
                    .filter_map(|p| {
                        let (c, _) = prev[p]?;
                        let len = end - (pos(p) - overlap);
                        (len <= max + 0.01 && len >= min_len - 0.01)
                            .then(|| (c + seams[p] + segment_cost(len), p))
                    })
                    .min_by(|a, b| a.0.cmp(&b.0))
            })
            .collect();
        layers.push(layer);
    }
    for count in 2..=most {
        out[count] = trace(&layers[..count], n, pos, overlap);
    }
    out
}

/// The split whose last tile ends at `n` in the last of `layers`.
fn trace(
    layers: &[Vec<Option<(Cost, usize)>>],
    n: usize,
    pos: impl Fn(usize) -> f32,
    overlap: f32,
) -> Option<Split> {
    let (cost, _) = layers.last()?[n]?;
    let mut ends = vec![n];
    for layer in layers[1..].iter().rev() {
        let (_, p) = layer[*ends.last()?]?;
        ends.push(p);
    }
    ends.reverse();
    let segments = ends
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            let start = if i == 0 {
                0.0
            } else {
                pos(ends[i - 1]) - overlap
            };
            (start, pos(k))
        })
        .collect();
    Some(Split { segments, cost })
}

/// What a glue band `(from, to)` costs against the characters' extents.
fn seam_cost(band: (f32, f32), ink: &[(f32, f32)]) -> Cost {
    const NEAR: f32 = 10.0 * MM;
    let mut c = Cost::default();
    for &(a, b) in ink {
        let quarter = (b - a) / 4.0;
        if band.0 < b - quarter && band.1 > a + quarter {
            c.middle_cuts += 1;
        }
        let depth = if band.0 < b && band.1 > a {
            c.ink_cuts += 1;
            (band.1 - a).min(b - band.0) + NEAR
        } else {
            let gap = if band.1 <= a { a - band.1 } else { band.0 - b };
            (NEAR - gap).max(0.0)
        };
        c.closeness += (depth * 10.0) as u64;
    }
    c
}

/// One sheet's share of a piece, in the piece's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tile {
    pub rect: Rect,
    /// 0-based, from the top.
    pub row: usize,
    /// 0-based, from the left.
    pub col: usize,
}

/// A piece cut into tiles, in the order they are printed and glued.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiling {
    pub tiles: Vec<Tile>,
    pub rows: usize,
    pub cols: usize,
    /// Whether the paper is turned (landscape).
    pub landscape: bool,
    pub cost: Cost,
}

/// Tiles a piece of `size` on paper whose printable area is `area`
/// (upright), overlapping by `overlap`. `ink` holds each character's box;
/// `keep` drops tiles with nothing of the piece on them (the corners
/// around the 斗方's diamond). Tiles go row by row from the top, each row
/// from the left, or from the right when `right_to_left`.
pub fn tile(
    size: Size,
    area: Size,
    overlap: f32,
    ink: &[Rect],
    keep: &dyn Fn(&Rect) -> bool,
    right_to_left: bool,
) -> Tiling {
    let xs: Vec<(f32, f32)> = ink.iter().map(|r| (r.x.0, r.right().0)).collect();
    let ys: Vec<(f32, f32)> = ink.iter().map(|r| (r.y.0, r.bottom().0)).collect();
    let (width, height) = (size.w.0, size.h.0);
    let grid = |landscape: bool, cols: &Split, rows: &Split| {
        let mut tiles = Vec::new();
        for (row, &(y0, y1)) in rows.segments.iter().enumerate() {
            let mut line: Vec<Tile> = cols
                .segments
                .iter()
                .enumerate()
                .map(|(col, &(x0, x1))| Tile {
                    rect: Rect::pt(x0, y0, x1 - x0, y1 - y0),
                    row,
                    col,
                })
                .filter(|t| keep(&t.rect))
                .collect();
            if right_to_left {
                line.reverse();
            }
            tiles.extend(line);
        }
        let cost = Cost {
            sheets: tiles.len() as u32,
            ..cols.cost + rows.cost
        };
        Tiling {
            tiles,
            rows: rows.segments.len(),
            cols: cols.segments.len(),
            landscape,
            cost,
        }
    };
    let mut best: Option<Tiling> = None;
    for landscape in [false, true] {
        let paper = if landscape { area.turned() } else { area };
        let (aw, ah) = (paper.w.0, paper.h.0);
        let (nc, nr) = (fewest(width, aw, overlap), fewest(height, ah, overlap));
        let cols = splits(width, aw, overlap, &xs, nc + 1);
        let rows = splits(height, ah, overlap, &ys, nr + 1);
        // The fewest columns and rows, or one more of either (or of both,
        // when the grid cannot be laid with the fewest).
        for (c, r) in [(nc, nr), (nc + 1, nr), (nc, nr + 1), (nc + 1, nr + 1)] {
            let (Some(cols), Some(rows)) = (&cols[c], &rows[r]) else {
                continue;
            };
            let t = grid(landscape, cols, rows);
            if best.as_ref().is_none_or(|b| t.cost < b.cost) {
                best = Some(t);
            }
        }
    }
    best.unwrap_or_else(|| grid(false, &whole(width), &whole(height)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::geom::Point;

    const CM: f32 = 10.0 * MM;

    /// One axis as `tile` splits it: the fewest segments or one more,
    /// whichever costs less.
    fn split(length: f32, max: f32, overlap: f32, ink: &[(f32, f32)]) -> Split {
        let n = fewest(length, max, overlap);
        splits(length, max, overlap, ink, n + 2)
            .into_iter()
            .flatten()
            .take(2)
            .min_by(|a, b| a.cost.cmp(&b.cost))
            .unwrap_or_else(|| whole(length))
    }

    /// Every point of `[0, length]` is in a segment, consecutive segments
    /// overlap by exactly `overlap`, none is longer than `max`.
    fn assert_covers(s: &Split, length: f32, max: f32, overlap: f32) {
        let segs = &s.segments;
        assert!(segs[0].0.abs() < 1e-3, "starts at 0: {segs:?}");
        assert!(
            (segs.last().unwrap().1 - length).abs() < 1e-3,
            "ends at the length: {segs:?}"
        );
        for (a, b) in segs {
            assert!(b - a <= max + 0.02, "tile {a}..{b} longer than {max}");
            assert!(b > a);
        }
        for w in segs.windows(2) {
            assert!(
                (w[0].1 - w[1].0 - overlap).abs() < 1e-3,
                "overlap of {:?} and {:?} is {}, not {overlap}",
                w[0],
                w[1],
                w[0].1 - w[1].0
            );
        }
    }

    /// Characters of a 135 cm strip of 7, as typeset: em 17.4 cm, ink
    /// about 93% of it, evenly spaced.
    fn strip_ink(n: usize, length: f32, em: f32) -> Vec<(f32, f32)> {
        let pad = 0.11 * 24.0 * CM;
        let cell = (length - 2.0 * pad) / n as f32;
        (0..n)
            .map(|i| {
                let c = pad + (i as f32 + 0.5) * cell;
                (c - 0.465 * em, c + 0.465 * em)
            })
            .collect()
    }

    #[test]
    fn a_piece_that_fits_is_one_tile() {
        let s = split(50.0 * CM, 60.0 * CM, CM, &[]);
        assert_eq!(s.segments, vec![(0.0, 50.0 * CM)]);
    }

    #[test]
    fn without_characters_the_fewest_even_tiles() {
        let (length, max) = (135.0 * CM, 27.3 * CM);
        let s = split(length, max, CM, &[]);
        assert_covers(&s, length, max, CM);
        // 5 tiles cover 5 * 27.3 - 4 = 132.5 cm < 135: 6 are needed.
        assert_eq!(s.segments.len(), 6);
        let lens: Vec<f32> = s.segments.iter().map(|(a, b)| b - a).collect();
        let (lo, hi) = lens
            .iter()
            .fold((f32::MAX, 0f32), |(l, h), x| (l.min(*x), h.max(*x)));
        assert!(hi - lo <= 2.0 * GRID, "tiles are even: {lens:?}");
    }

    #[test]
    fn seams_fall_between_the_characters_of_a_strip() {
        // 7 characters on 135 cm, sheets of 21 cm: 7 sheets at least, and
        // with 7 every seam can fall between two characters.
        let (length, max) = (135.0 * CM, 21.0 * CM);
        let ink = strip_ink(7, length, 17.4 * CM);
        let s = split(length, max, CM, &ink);
        assert_covers(&s, length, max, CM);
        assert_eq!(s.segments.len(), 7);
        assert_eq!(s.cost.ink_cuts, 0, "no seam crosses a character: {s:?}");
        for w in s.segments.windows(2) {
            let band = (w[1].0, w[0].1);
            for &(a, b) in &ink {
                assert!(band.1 <= a || band.0 >= b, "band {band:?} cuts {a}..{b}");
            }
        }
    }

    #[test]
    fn one_more_sheet_keeps_seams_off_the_middles() {
        // Upright A4 (27.3 cm): 6 sheets would cut a character through
        // its middle, 7 need not.
        let (length, max) = (135.0 * CM, 27.3 * CM);
        let ink = strip_ink(7, length, 17.4 * CM);
        let six = splits(length, max, CM, &ink, 6)[6].clone().unwrap();
        assert!(six.cost.middle_cuts > 0, "{six:?}");
        let s = split(length, max, CM, &ink);
        assert_covers(&s, length, max, CM);
        assert_eq!(s.segments.len(), 7);
        assert_eq!(s.cost.middle_cuts, 0);
    }

    #[test]
    fn exact_counts() {
        let (length, max) = (135.0 * CM, 27.3 * CM);
        assert_eq!(fewest(length, max, CM), 6);
        let all = splits(length, max, CM, &[], 8);
        assert!(all[5].is_none());
        for (n, s) in all.iter().enumerate().skip(6) {
            let s = s.clone().unwrap();
            assert_eq!(s.segments.len(), n);
            assert_covers(&s, length, max, CM);
        }
    }

    #[test]
    fn a_seam_that_cannot_avoid_ink_avoids_the_middle() {
        // Two sheets needed; the seam must fall in 23.7..27.3 cm, across
        // the character at 20..48 cm: at its edge, not its middle.
        let (length, max) = (50.0 * CM, 27.3 * CM);
        let ink = [(20.0 * CM, 48.0 * CM)];
        let s = split(length, max, CM, &ink);
        assert_covers(&s, length, max, CM);
        assert_eq!(s.segments.len(), 2);
        assert_eq!(s.cost.middle_cuts, 0, "{s:?}");
        assert_eq!(s.cost.ink_cuts, 1);
    }

    #[test]
    fn grids_cover_the_piece_with_the_overlap() {
        let a4 = Size::pt(186.0 * MM, 273.0 * MM);
        for (size, ink_rects) in [
            (Size::pt(24.0 * CM, 135.0 * CM), vec![]),
            (Size::pt(90.0 * CM, 24.0 * CM), vec![]),
            (Size::pt(63.64 * CM, 63.64 * CM), vec![]),
            (Size::pt(500.0 * CM, 3.0 * CM), vec![]),
        ] {
            let t = tile(size, a4, CM, &ink_rects, &|_| true, false);
            assert_eq!(t.tiles.len(), t.rows * t.cols);
            let paper = if t.landscape { a4.turned() } else { a4 };
            for tl in &t.tiles {
                assert!(tl.rect.w.0 <= paper.w.0 + 0.02 && tl.rect.h.0 <= paper.h.0 + 0.02);
            }
            // Sample points on a 5 mm grid: each is on some tile.
            let mut y = 0.0;
            while y <= size.h.0 {
                let mut x = 0.0;
                while x <= size.w.0 {
                    assert!(
                        t.tiles.iter().any(|tl| tl.rect.contains(Point::pt(x, y))),
                        "{x},{y} of {size:?} is on no tile"
                    );
                    x += 5.0 * MM;
                }
                y += 5.0 * MM;
            }
            // Neighbours overlap by exactly 1 cm.
            for a in &t.tiles {
                for b in &t.tiles {
                    if a.row == b.row && b.col == a.col + 1 {
                        assert!(((a.rect.right() - b.rect.x).0 - CM).abs() < 1e-3);
                    }
                    if a.col == b.col && b.row == a.row + 1 {
                        assert!(((a.rect.bottom() - b.rect.y).0 - CM).abs() < 1e-3);
                    }
                }
            }
        }
    }

    #[test]
    fn a_strip_is_tiled_on_turned_paper_and_a_banner_upright() {
        let a4 = Size::pt(186.0 * MM, 273.0 * MM);
        let strip = tile(
            Size::pt(24.0 * CM, 135.0 * CM),
            a4,
            CM,
            &[],
            &|_| true,
            false,
        );
        assert!(strip.landscape, "24 cm does not fit across upright A4");
        assert_eq!(strip.cols, 1);
        let banner = tile(
            Size::pt(90.0 * CM, 24.0 * CM),
            a4,
            CM,
            &[],
            &|_| true,
            false,
        );
        assert!(!banner.landscape);
        assert_eq!(banner.rows, 1);
    }

    #[test]
    fn right_to_left_rows_start_at_the_right() {
        let a4 = Size::pt(186.0 * MM, 273.0 * MM);
        let t = tile(Size::pt(90.0 * CM, 24.0 * CM), a4, CM, &[], &|_| true, true);
        let xs: Vec<f32> = t.tiles.iter().map(|t| t.rect.x.0).collect();
        assert!(xs.windows(2).all(|w| w[0] > w[1]), "{xs:?}");
    }

    #[test]
    fn tiles_without_the_piece_are_dropped() {
        let a4 = Size::pt(186.0 * MM, 273.0 * MM);
        let side = 100.0 * CM;
        // Only the top left corner is kept.
        let keep = |r: &Rect| (r.x + r.y).0 < side * 0.5;
        let t = tile(Size::pt(side, side), a4, CM, &[], &keep, false);
        assert!(t.tiles.len() < t.rows * t.cols);
        assert!(t.tiles.iter().all(|tl| keep(&tl.rect)));
        assert_eq!(t.cost.sheets as usize, t.tiles.len());
    }
}
