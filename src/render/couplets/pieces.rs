//! A couplet set's pieces (上聯, 下聯, 橫批, 斗方) laid out once at true
//! size: where each character sits, its ink and the point that copies its
//! text, the red paper or the cut line, and the 斗方 turned on its side for
//! home printing. The print files ([`super::files`]) and the preview
//! ([`super::preview`]) both draw from here.

use std::path::PathBuf;

use crate::model::couplets::{BannerDirection, PieceScans};
use crate::model::{CoupletSet, CoupletSettings};
use crate::render::geom::{PT_PER_CM, Point, Rect, Size};
use crate::render::pdf::layout::boxes::{Color, CopyText, Item, PageBox, PlacedGlyph, Turn};
use crate::render::pdf::layout::fonts::{FontBook, Role};

/// One centimetre in points.
pub const CM: f32 = PT_PER_CM;
/// Paper beyond the trim on each side of a print-shop page: 3 mm, as
/// print shops ask.
pub const BLEED: f32 = 3.0 * 72.0 / 25.4;

/// The red of couplet paper, in the printer's inks (M 100, Y 85, K 10:
/// the deep red of 春聯 paper).
pub const RED: Color = Color::Cmyk(0.0, 1.0, 0.85, 0.1);

/// The cut line of an ink-only piece.
pub(super) const OUTLINE: Color = Color::Gray(0.6);

/// Characters of strips and the banner: at most this share of the
/// piece's width (height for the banner)…
pub(super) const EM_OF_WIDTH: f32 = 0.78;
/// …and of their cell along the line, so that neighbours keep apart.
pub(super) const EM_OF_CELL: f32 = 0.97;
/// The 斗方's character: this share of the diamond's half-diagonal (the
/// side of the largest upright square inside it).
pub(super) const EM_OF_SQUARE: f32 = 1.1;
/// How the 斗方's character is turned on its square for home printing:
/// hung by a corner, the square turned 45° clockwise shows it upright.
pub(super) const SQUARE_TURN: f32 = -45.0;
/// The size of the invisible upright copy of a turned character: small,
/// so that it stays on its sheet.
pub(super) const COPY_SIZE: f32 = 24.0;

/// The pieces of a set, in the order of the files' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    Upper,
    Lower,
    Banner,
    Square,
}

impl PieceKind {
    pub const ALL: [PieceKind; 4] = [
        PieceKind::Upper,
        PieceKind::Lower,
        PieceKind::Banner,
        PieceKind::Square,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PieceKind::Upper => "上聯",
            PieceKind::Lower => "下聯",
            PieceKind::Banner => "橫批",
            PieceKind::Square => "斗方",
        }
    }

    pub(super) fn scan(self, s: &PieceScans) -> Option<&PathBuf> {
        match self {
            PieceKind::Upper => s.upper.as_ref(),
            PieceKind::Lower => s.lower.as_ref(),
            PieceKind::Banner => s.banner.as_ref(),
            PieceKind::Square => s.square.as_ref(),
        }
    }

    pub(super) fn text(self, set: &CoupletSet) -> &str {
        match self {
            PieceKind::Upper => &set.upper,
            PieceKind::Lower => &set.lower,
            PieceKind::Banner => &set.banner,
            PieceKind::Square => &set.square,
        }
    }
}

/// One piece's characters where the print files put them, at true size
/// in points from the piece's top left: what the preview draws, so that
/// it shows the pieces as printed.
pub struct PiecePlacement {
    pub kind: PieceKind,
    /// The piece's page (the 斗方: its diamond's bounding square).
    pub size: Size,
    /// Each character: (character, face, em size, the left end of its
    /// baseline).
    pub chars: Vec<(char, usize, f32, Point)>,
}

/// Where the characters of `set` go on its four pieces, as printed.
pub fn placements(
    book: &FontBook,
    settings: &CoupletSettings,
    set: &CoupletSet,
) -> Vec<PiecePlacement> {
    let rtl = settings.banner_direction == BannerDirection::Rtl;
    PieceKind::ALL
        .iter()
        .map(|&kind| {
            let piece = print_piece(book, settings, kind, kind.text(set), rtl);
            PiecePlacement {
                kind,
                size: piece.size,
                chars: piece
                    .chars
                    .iter()
                    .map(|c| (c.ch, c.face, c.size, c.at))
                    .collect(),
            }
        })
        .collect()
}

/// A piece at true size as the print shop gets it.
pub(super) fn print_piece(
    book: &FontBook,
    settings: &CoupletSettings,
    kind: PieceKind,
    text: &str,
    rtl: bool,
) -> Piece {
    match kind {
        PieceKind::Upper | PieceKind::Lower => {
            strip(book, kind, text, Size::from_cm(settings.strip_cm))
        }
        PieceKind::Banner => banner(book, text, Size::from_cm(settings.banner_cm), rtl),
        PieceKind::Square => square(book, text, Size::from_cm(settings.square_cm)),
    }
}

/// A character placed on a piece.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placed {
    pub(super) ch: char,
    pub(super) face: usize,
    pub(super) size: f32,
    /// The left end of its baseline (the left of its advance).
    pub(super) at: Point,
    /// Its glyph's outline box (the em box when the font has no outline).
    pub(super) ink: Rect,
    /// The point whose tile gives the character's text: its origin (the
    /// left end of its baseline; text extraction keeps a character only
    /// when that is on the page), or on a turned piece the middle of its
    /// glyph.
    pub(super) anchor: Point,
}

impl Placed {
    /// The character small and upright at its anchor, for copying only.
    pub(super) fn copy_at_anchor(&self) -> Item {
        let mut it = self.item();
        if let Item::Text { at, size, .. } = &mut it {
            (*at, *size) = (self.anchor, COPY_SIZE);
        }
        it
    }

    pub(super) fn item(&self) -> Item {
        Item::Text {
            at: self.at,
            size: self.size,
            glyphs: vec![PlacedGlyph {
                ch: self.ch,
                face: self.face,
                x: 0.0,
            }],
            color: Color::BLACK,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shape {
    Rect,
    /// The 斗方: a square turned 45°, corners at the middles of the page's
    /// sides.
    Diamond,
}

/// A piece laid out at true size on its own page, `(0, 0)` at the top left.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) kind: PieceKind,
    pub(super) size: Size,
    pub(super) shape: Shape,
    /// In reading order.
    pub(super) chars: Vec<Placed>,
    /// The calligrapher's scan drawn instead of the characters: an index
    /// into the set's images and where it goes.
    pub(super) scan: Option<(usize, Rect)>,
    /// The characters and the scan turned about the piece's centre, in
    /// degrees clockwise: the 斗方 on its square, for home printing.
    pub(super) turn: f32,
}

impl Piece {
    /// The corners of the piece's outline, clockwise from the top (left).
    pub(super) fn corners(&self) -> Vec<Point> {
        let (w, h) = (self.size.w.0, self.size.h.0);
        let p = Point::pt;
        match self.shape {
            Shape::Rect => vec![p(0.0, 0.0), p(w, 0.0), p(w, h), p(0.0, h)],
            Shape::Diamond => vec![
                p(w / 2.0, 0.0),
                p(w, h / 2.0),
                p(w / 2.0, h),
                p(0.0, h / 2.0),
            ],
        }
    }

    /// The red paper, or for ink only, a thin gray line to cut along.
    pub(super) fn paper(&self, red: bool) -> Vec<Item> {
        if red {
            return vec![match self.shape {
                Shape::Rect => Item::Rect {
                    rect: Rect::new(Point::default(), self.size),
                    fill: RED,
                },
                Shape::Diamond => Item::Polygon {
                    points: self.corners(),
                    fill: RED,
                },
            }];
        }
        let width = 0.75;
        // Inset by half the line, so that a page-sized outline is whole.
        let (w, h) = (self.size.w.0, self.size.h.0);
        let inset = |p: Point| {
            let towards = |v: f32, mid: f32| v + (mid - v).signum() * width / 2.0;
            Point::pt(towards(p.x.0, w / 2.0), towards(p.y.0, h / 2.0))
        };
        let c: Vec<Point> = self.corners().into_iter().map(inset).collect();
        (0..c.len())
            .map(|i| {
                let (a, b) = (c[i], c[(i + 1) % c.len()]);
                Item::Rule {
                    from: a,
                    to: b,
                    width,
                    color: OUTLINE,
                }
            })
            .collect()
    }

    /// Whether any of the piece lies in `r`.
    pub(super) fn touches(&self, r: &Rect) -> bool {
        let (w, h) = (self.size.w.0, self.size.h.0);
        match self.shape {
            Shape::Rect => r.intersects(&Rect::new(Point::default(), self.size)),
            // |x - cx| / (w/2) + |y - cy| / (h/2) <= 1 at the point of `r`
            // nearest the centre.
            Shape::Diamond => {
                let nx = (w / 2.0).clamp(r.x.0, r.right().0);
                let ny = (h / 2.0).clamp(r.y.0, r.bottom().0);
                (nx - w / 2.0).abs() / (w / 2.0) + (ny - h / 2.0).abs() / (h / 2.0) < 1.0
            }
        }
    }

    /// The characters as drawn (typeset, or the scan) and as copied.
    /// `copied(i)` says whether character `i` gives its text on this page;
    /// a character drawn but not copied here is marked so. Over a scan the
    /// copied text is invisible; on a turned piece, or for a character
    /// wider than `page_width`, it is an invisible small upright copy
    /// (text extraction drops a glyph whose advance leaves the page or is
    /// wider than it).
    pub(super) fn ink(
        &self,
        shown: impl Fn(&Placed) -> bool,
        copied: impl Fn(usize) -> bool,
        page_width: f32,
    ) -> Vec<Item> {
        let turned = self.turn != 0.0;
        let mut drawn = Vec::new();
        let mut invisible = Vec::new();
        if let Some((image, r)) = self.scan {
            drawn.push(Item::Image { rect: r, image });
        }
        for (i, c) in self.chars.iter().enumerate() {
            let copy = copied(i);
            let aside = turned || c.size > page_width;
            if self.scan.is_none() && (copy || shown(c)) {
                drawn.push(if copy && !aside {
                    c.item()
                } else {
                    group(CopyText::Never, vec![c.item()])
                });
            }
            if copy && aside {
                invisible.push(c.copy_at_anchor());
            } else if copy && self.scan.is_some() {
                invisible.push(c.item());
            }
        }
        let mut items = if turned && !drawn.is_empty() {
            vec![Item::Group {
                clip: None,
                turn: Some(Turn {
                    center: Point::new(self.size.w / 2.0, self.size.h / 2.0),
                    degrees: self.turn,
                }),
                copy: CopyText::Normal,
                items: drawn,
            }]
        } else {
            drawn
        };
        if !invisible.is_empty() {
            items.push(group(CopyText::Invisible, invisible));
        }
        items
    }

    /// The 斗方 as a square on its side for home printing, from its
    /// diamond: the same character (or scan) turned, so that the square
    /// hung by a corner shows it upright. Tiles the square's 45 cm instead
    /// of the diamond's 64 cm: 6 A4 sheets instead of 12.
    pub(super) fn on_its_side(&self, size: Size) -> Piece {
        let (dx, dy) = ((size.w - self.size.w) / 2.0, (size.h - self.size.h) / 2.0);
        let c = Point::new(size.w / 2.0, size.h / 2.0);
        let chars = self
            .chars
            .iter()
            .map(|ch| {
                let ink = ch.ink.shifted(dx, dy).turned_box(c, SQUARE_TURN);
                Placed {
                    at: ch.at.shifted(dx, dy),
                    ink,
                    anchor: ink.center(),
                    ..*ch
                }
            })
            .collect();
        Piece {
            kind: self.kind,
            size,
            shape: Shape::Rect,
            chars,
            scan: self.scan.map(|(i, r)| (i, r.shifted(dx, dy))),
            turn: SQUARE_TURN,
        }
    }

    /// The print shop's page: the piece alone at true size, with
    /// [`BLEED`] of paper round it (red to the page's edge) that the
    /// shop trims off.
    pub(super) fn true_size_page(&self, red: bool) -> PageBox {
        let (w, h) = (self.size.w.0, self.size.h.0);
        let mut items = if red {
            self.bleed_paper()
        } else {
            self.paper(false)
                .iter()
                .map(|it| it.shifted(BLEED, BLEED))
                .collect()
        };
        items.extend(
            self.ink(|_| true, |_| true, w)
                .iter()
                .map(|it| it.shifted(BLEED, BLEED)),
        );
        PageBox {
            items,
            size: Some(Size::pt(w + 2.0 * BLEED, h + 2.0 * BLEED)),
        }
    }

    /// The red paper grown by [`BLEED`] beyond every edge, on a page
    /// that much larger.
    pub(super) fn bleed_paper(&self) -> Vec<Item> {
        let (w, h) = (self.size.w.0, self.size.h.0);
        let fill = RED;
        match self.shape {
            Shape::Rect => vec![Item::Rect {
                rect: Rect::pt(0.0, 0.0, w + 2.0 * BLEED, h + 2.0 * BLEED),
                fill,
            }],
            // Each edge of the diamond moves out by BLEED: its corners by
            // BLEED × √2 (cut off by the page, beyond the trim anyway).
            Shape::Diamond => {
                let d = BLEED * std::f32::consts::SQRT_2;
                let (cx, cy) = (w / 2.0 + BLEED, h / 2.0 + BLEED);
                vec![Item::Polygon {
                    points: vec![
                        Point::pt(cx, cy - h / 2.0 - d),
                        Point::pt(cx + w / 2.0 + d, cy),
                        Point::pt(cx, cy + h / 2.0 + d),
                        Point::pt(cx - w / 2.0 - d, cy),
                    ],
                    fill,
                }]
            }
        }
    }

    /// Each character's box, for choosing where to cut.
    pub(super) fn ink_boxes(&self) -> Vec<Rect> {
        self.chars.iter().map(|c| c.ink).collect()
    }
}

pub(super) fn group(copy: CopyText, items: Vec<Item>) -> Item {
    Item::Group {
        clip: None,
        turn: None,
        copy,
        items,
    }
}

/// 上聯 or 下聯: characters down the middle, evenly spaced.
pub(super) fn strip(book: &FontBook, kind: PieceKind, text: &str, size: Size) -> Piece {
    let (w, h) = (size.w.0, size.h.0);
    let chars: Vec<char> = text.chars().collect();
    let pad = (1.0 - EM_OF_WIDTH) / 2.0 * w;
    let cell = (h - 2.0 * pad) / chars.len().max(1) as f32;
    let em = (EM_OF_WIDTH * w).min(EM_OF_CELL * cell);
    Piece {
        kind,
        size,
        shape: Shape::Rect,
        chars: chars
            .iter()
            .enumerate()
            .filter_map(|(i, &ch)| {
                place(
                    book,
                    ch,
                    em,
                    Point::pt(w / 2.0, pad + (i as f32 + 0.5) * cell),
                )
            })
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// 橫批: characters across, the first at the right when right to left.
pub(super) fn banner(book: &FontBook, text: &str, size: Size, rtl: bool) -> Piece {
    let (w, h) = (size.w.0, size.h.0);
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    let pad = (1.0 - EM_OF_WIDTH) / 2.0 * h;
    let cell = (w - 2.0 * pad) / n as f32;
    let em = (EM_OF_WIDTH * h).min(EM_OF_CELL * cell);
    Piece {
        kind: PieceKind::Banner,
        size,
        shape: Shape::Rect,
        chars: chars
            .iter()
            .enumerate()
            .filter_map(|(i, &ch)| {
                let slot = if rtl { n - 1 - i } else { i };
                place(
                    book,
                    ch,
                    em,
                    Point::pt(pad + (slot as f32 + 0.5) * cell, h / 2.0),
                )
            })
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// 斗方: the square turned into a diamond on a page of its diagonal, the
/// character upright in the middle.
pub(super) fn square(book: &FontBook, text: &str, size: Size) -> Piece {
    let (w, h) = (size.w.0, size.h.0);
    // A square from the settings; an oblong one is turned all the same.
    let d = (w * w + h * h).sqrt();
    let side = d / 2.0;
    Piece {
        kind: PieceKind::Square,
        size: Size::pt(d, d),
        shape: Shape::Diamond,
        chars: text
            .chars()
            .filter_map(|ch| place(book, ch, EM_OF_SQUARE * side, Point::pt(d / 2.0, d / 2.0)))
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// `ch` at `size` with its em box centred on `center`.
pub(super) fn place(book: &FontBook, ch: char, size: f32, center: Point) -> Option<Placed> {
    let (cx, cy) = (center.x.0, center.y.0);
    let face_index = book
        .face_for(Role::Kai, ch)
        .or_else(|| book.chain(Role::Kai).first().copied())?;
    let face = &book.faces[face_index];
    let parsed = ttf_parser::Face::parse(&face.data, face.index).ok();
    let upm = face.units_per_em;
    let advance = face.advance_em(ch).unwrap_or(1.0) * size;
    // The em box's middle above the baseline: from the typographic
    // ascender and descender (the ideographic em box) when there are.
    let (asc, desc) = parsed
        .as_ref()
        .and_then(|f| Some((f.typographic_ascender()?, f.typographic_descender()?)))
        .map_or((face.ascender, face.descender), |(a, d)| {
            (a as f32, d as f32)
        });
    let middle = (asc + desc) / 2.0 / upm * size;
    let x = cx - advance / 2.0;
    let y = cy + middle;
    let scale = size / upm;
    let ink = parsed
        .as_ref()
        .zip(face.glyph(ch))
        .and_then(|(f, g)| f.glyph_bounding_box(ttf_parser::GlyphId(g)))
        .map_or(
            Rect::pt(x, y - asc * scale, advance, (asc - desc) * scale),
            |b| {
                Rect::pt(
                    x + b.x_min as f32 * scale,
                    y - b.y_max as f32 * scale,
                    (b.x_max - b.x_min) as f32 * scale,
                    (b.y_max - b.y_min) as f32 * scale,
                )
            },
        );
    Some(Placed {
        ch,
        face: face_index,
        size,
        at: Point::pt(x, y),
        ink,
        anchor: Point::pt(x, y),
    })
}

/// Where a scan goes on its piece: as large as fits, centred (a scan of
/// other proportions leaves paper showing at two sides).
pub(super) fn scan_placement(path: &std::path::Path, size: Size) -> Option<Rect> {
    let (w, h) = (size.w.0, size.h.0);
    let px = imagesize::size(path).ok()?;
    let (iw, ih) = (px.width as f32, px.height as f32);
    if iw <= 0.0 || ih <= 0.0 {
        return None;
    }
    let scale = (w / iw).min(h / ih);
    let (sw, sh) = (iw * scale, ih * scale);
    Some(Rect::pt((w - sw) / 2.0, (h - sh) / 2.0, sw, sh))
}
