//! Home-printer sheets: a set laid out once ([`SetLayout`]), each piece
//! tiled across sheets ([`super::tiling`]) with crop and glue marks and a
//! label saying where the sheet goes, and the print shop's one page per
//! piece.

use std::path::PathBuf;

use super::pieces::{CM, Piece, PieceKind, print_piece, scan_placement};
use super::tiling::{self, Tiling};
use crate::model::couplets::BannerDirection;
use crate::model::{CoupletSet, CoupletSettings, Site};
use crate::render::geom::{Point, Rect, Size};
use crate::render::pdf::layout::boxes::{Color, CopyText, Item, PageBox};
use crate::render::pdf::layout::fonts::{FontBook, Role};
use crate::render::pdf::page::line;
use crate::render::pdf::writer::{self, Outline};

/// The glue band: how much neighbouring home-printer sheets overlap.
pub const OVERLAP: f32 = CM;
/// White around a sheet's share of the piece: home printers cannot print
/// to the edge, and the marks and the label go there.
pub const SHEET_MARGIN: f32 = 1.0 * CM;

/// The size of home-printer paper, upright, in points.
pub fn paper_size(name: &str) -> Size {
    match name {
        "A3" => Size::pt(841.8898, 1190.5512),
        "Letter" => Size::pt(612.0, 792.0),
        _ => writer::A4,
    }
}

/// A piece as the print shop gets it, as home sheets show it (the same,
/// but for the 斗方: on its side), and its home tiles.
pub(super) struct PieceLayout {
    pub(super) print: Piece,
    pub(super) home: Piece,
    pub(super) tiling: Tiling,
}

/// A set laid out once, shared by its four files.
pub(super) struct SetLayout {
    pub(super) id: String,
    pub(super) pieces: Vec<PieceLayout>,
    pub(super) images: Vec<PathBuf>,
    pub(super) paper: Size,
    pub(super) rtl: bool,
}

impl SetLayout {
    pub(super) fn new(
        book: &FontBook,
        site: &Site,
        settings: &CoupletSettings,
        set: &CoupletSet,
    ) -> Self {
        let rtl = settings.banner_direction == BannerDirection::Rtl;
        let paper = paper_size(&settings.home_paper);
        let area = Size::pt(
            paper.w.0 - 2.0 * SHEET_MARGIN,
            paper.h.0 - 2.0 * SHEET_MARGIN,
        );
        let mut images = Vec::new();
        let pieces = PieceKind::ALL
            .iter()
            .map(|&kind| {
                let text = kind.text(set);
                let mut print = print_piece(book, settings, kind, text, rtl);
                if let Some(path) = kind.scan(&set.scans).map(|p| site.root.join(p))
                    && let Some(r) = scan_placement(&path, print.size)
                {
                    print.scan = Some((images.len(), r));
                    images.push(path);
                }
                let home = match kind {
                    PieceKind::Square => print.on_its_side(Size::from_cm(settings.square_cm)),
                    _ => print.clone(),
                };
                let tiling = tiling::tile(
                    home.size,
                    area,
                    OVERLAP,
                    &home.ink_boxes(),
                    &|r| home.touches(r),
                    kind == PieceKind::Banner && rtl,
                );
                PieceLayout {
                    print,
                    home,
                    tiling,
                }
            })
            .collect();
        SetLayout {
            id: set.id.clone(),
            pieces,
            images,
            paper,
            rtl,
        }
    }

    /// One page per piece, and a bookmark for each.
    pub(super) fn print_shop_pages(&self, red: bool) -> (Vec<PageBox>, Vec<Outline>) {
        let pages = self
            .pieces
            .iter()
            .map(|p| p.print.true_size_page(red))
            .collect();
        let outline = self
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| bookmark(p.print.kind.name(), i))
            .collect();
        (pages, outline)
    }

    /// Every piece's tiles, one sheet each, and a bookmark per piece.
    pub(super) fn home_pages(&self, book: &FontBook, red: bool) -> (Vec<PageBox>, Vec<Outline>) {
        let mut pages = Vec::new();
        let mut outline = Vec::new();
        for PieceLayout { home, tiling, .. } in &self.pieces {
            outline.push(bookmark(home.kind.name(), pages.len()));
            let owners = owners(home, tiling);
            for i in 0..tiling.tiles.len() {
                let sheet = Sheet {
                    piece: home,
                    tiling,
                    index: i,
                    paper: self.paper,
                };
                let label = sheet.label(&self.id, self.rtl);
                pages.push(sheet.page(book, red, &owners, &label));
            }
        }
        (pages, outline)
    }
}

pub(super) fn bookmark(title: &str, page: usize) -> Outline {
    Outline {
        title: title.to_string(),
        page,
        y: 0.0,
        children: Vec::new(),
    }
}

/// For each character, the tile that gives its text on copy: the first,
/// in gluing order, that holds its anchor (another tile showing part of
/// it draws it without its text, so the text is not doubled).
pub(super) fn owners(piece: &Piece, tiling: &Tiling) -> Vec<usize> {
    piece
        .chars
        .iter()
        .map(|c| {
            tiling
                .tiles
                .iter()
                .position(|t| t.rect.contains(c.anchor))
                .unwrap_or(0)
        })
        .collect()
}

/// One home-printer sheet: a tile of a piece.
pub(super) struct Sheet<'a> {
    pub(super) piece: &'a Piece,
    pub(super) tiling: &'a Tiling,
    pub(super) index: usize,
    /// Upright paper size.
    pub(super) paper: Size,
}

impl Sheet<'_> {
    pub(super) fn page_size(&self) -> Size {
        if self.tiling.landscape {
            self.paper.turned()
        } else {
            self.paper
        }
    }

    /// `horse-1 上聯 2/8 — 由上而下黏貼`.
    pub(super) fn label(&self, id: &str, rtl: bool) -> String {
        let t = &self.tiling;
        let tile = t.tiles[self.index];
        let mut s = format!(
            "{id}　{} {}/{}",
            self.piece.kind.name(),
            self.index + 1,
            t.tiles.len()
        );
        let right_to_left = rtl && self.piece.kind == PieceKind::Banner;
        if t.rows > 1 && t.cols > 1 {
            let col = if right_to_left {
                format!("右起第{}張", t.cols - tile.col)
            } else {
                format!("左起第{}張", tile.col + 1)
            };
            s.push_str(&format!("（第{}排，{col}）", tile.row + 1));
        }
        let across = if right_to_left {
            "由右而左"
        } else {
            "由左而右"
        };
        let how = match (t.rows > 1, t.cols > 1) {
            (true, true) => format!("由上而下、{across}"),
            (true, false) => "由上而下".to_string(),
            (false, true) => across.to_string(),
            (false, false) => String::new(),
        };
        if !how.is_empty() {
            s.push_str(&format!(" — {how}黏貼"));
        }
        if self.piece.turn != 0.0 {
            s.push_str("，完成後以一角朝上懸掛");
        }
        s
    }

    pub(super) fn page(
        &self,
        book: &FontBook,
        red: bool,
        owners: &[usize],
        label: &str,
    ) -> PageBox {
        let tile = self.tiling.tiles[self.index].rect;
        let page_size = self.page_size();
        let (pw, ph) = (page_size.w.0, page_size.h.0);
        // The tile in the middle of the sheet.
        let (ox, oy) = ((pw - tile.w.0) / 2.0, (ph - tile.h.0) / 2.0);
        let (dx, dy) = (ox - tile.x.0, oy - tile.y.0);
        // Where the tile goes on the sheet.
        let area = Rect::pt(ox, oy, tile.w.0, tile.h.0);
        let mut inside = self.piece.paper(red);
        inside.extend(
            self.piece
                .ink(|c| c.ink.intersects(&tile), |i| owners[i] == self.index, pw),
        );
        let mut items = vec![Item::Group {
            clip: Some(area),
            turn: None,
            copy: CopyText::Normal,
            items: inside.iter().map(|it| it.shifted(dx, dy)).collect(),
        }];
        items.extend(crop_marks(&area));
        items.extend(self.glue_marks(&area));
        items.extend(
            line(book, label, Role::Body, 9.0, 0.0, pw, Color::GRAY)
                .into_iter()
                .flat_map(|l| l.items)
                .map(|it| it.shifted(ox + 0.5 * CM, oy - 0.9 * CM)),
        );
        PageBox {
            items,
            size: Some(page_size),
        }
    }

    /// Short gray ticks outside the tile where the glue band on each side
    /// with a neighbour begins.
    pub(super) fn glue_marks(&self, area: &Rect) -> Vec<Item> {
        let t = self.tiling.tiles[self.index];
        let has = |row: usize, col: usize| {
            self.tiling
                .tiles
                .iter()
                .any(|o| o.row == row && o.col == col)
        };
        let (gap, len) = (0.2 * CM, 0.35 * CM);
        let mut items = Vec::new();
        let tick = |x1, y1, x2, y2| Item::hairline(Point::pt(x1, y1), Point::pt(x2, y2));
        let (left, top, right, bottom) = (area.x.0, area.y.0, area.right().0, area.bottom().0);
        let horizontal = |y: f32| {
            [
                tick(left - gap - len, y, left - gap, y),
                tick(right + gap, y, right + gap + len, y),
            ]
        };
        let vertical = |x: f32| {
            [
                tick(x, top - gap - len, x, top - gap),
                tick(x, bottom + gap, x, bottom + gap + len),
            ]
        };
        if t.row > 0 && has(t.row - 1, t.col) {
            items.extend(horizontal(top + OVERLAP));
        }
        if has(t.row + 1, t.col) {
            items.extend(horizontal(bottom - OVERLAP));
        }
        if t.col > 0 && has(t.row, t.col - 1) {
            items.extend(vertical(left + OVERLAP));
        }
        if has(t.row, t.col + 1) {
            items.extend(vertical(right - OVERLAP));
        }
        items
    }
}

/// Crop marks at the corners of a sheet's tile, in the white margin.
pub(super) fn crop_marks(area: &Rect) -> Vec<Item> {
    let (gap, len) = (0.2 * CM, 0.4 * CM);
    let mut items = Vec::new();
    for (x, sx) in [(area.x.0, -1.0), (area.right().0, 1.0)] {
        for (y, sy) in [(area.y.0, -1.0), (area.bottom().0, 1.0)] {
            let rule = |x1: f32, y1: f32, x2: f32, y2: f32| Item::Rule {
                from: Point::pt(x1, y1),
                to: Point::pt(x2, y2),
                width: 0.5,
                color: Color::BLACK,
            };
            items.push(rule(x + sx * gap, y, x + sx * (gap + len), y));
            items.push(rule(x, y + sy * gap, x, y + sy * (gap + len)));
        }
    }
    items
}
