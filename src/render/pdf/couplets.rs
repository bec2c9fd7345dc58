//! The Spring couplets on paper. Every set's four pieces (上聯, 下聯, 橫批,
//! 斗方) are laid out once at true size, then written four ways: one page per
//! piece for a print shop, tiled across home-printer sheets, and both again
//! without the red paper (ink only, for people who print on red paper), plus
//! a ZIP of the four. See docs/pdf.md, "Couplets".

mod tiling;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use tiling::{Rect, Tiling};

use super::fonts::Fonts;
use super::layout::boxes::{Clip, Color, CopyText, Item, PageBox, PlacedGlyph, Turn};
use super::layout::fonts::{FontBook, Role};
use super::page::line;
use super::writer::{self, Doc, Meta, Outline};
use crate::cache::{Cache, Files};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::couplets::{BannerDirection, PieceScans};
use crate::model::{CoupletSet, CoupletSettings, CoupletYear, Site};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::urls;

/// One centimetre in points.
pub const CM: f32 = 72.0 / 2.54;
/// Paper beyond the trim on each side of a print-shop page: 3 mm, as
/// print shops ask.
pub const BLEED: f32 = 3.0 * 72.0 / 25.4;

/// The red of couplet paper, in the printer's inks (M 100, Y 85, K 10:
/// the deep red of 春聯 paper).
pub const RED: Color = Color::Cmyk(0.0, 1.0, 0.85, 0.1);
/// The cut line of an ink-only piece.
const OUTLINE: Color = Color::Gray(0.6);
/// The glue band: how much neighbouring home-printer sheets overlap.
pub const OVERLAP: f32 = CM;
/// White around a sheet's share of the piece: home printers cannot print
/// to the edge, and the marks and the label go there.
pub const SHEET_MARGIN: f32 = 1.0 * CM;
/// Characters of strips and the banner: at most this share of the
/// piece's width (height for the banner)…
const EM_OF_WIDTH: f32 = 0.78;
/// …and of their cell along the line, so that neighbours keep apart.
const EM_OF_CELL: f32 = 0.97;
/// The 斗方's character: this share of the diamond's half-diagonal (the
/// side of the largest upright square inside it).
const EM_OF_SQUARE: f32 = 1.1;
/// How the 斗方's character is turned on its square for home printing:
/// hung by a corner, the square turned 45° clockwise shows it upright.
const SQUARE_TURN: f32 = -45.0;
/// The size of the invisible upright copy of a turned character: small,
/// so that it stays on its sheet.
const COPY_SIZE: f32 = 24.0;

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

    fn scan(self, s: &PieceScans) -> Option<&PathBuf> {
        match self {
            PieceKind::Upper => s.upper.as_ref(),
            PieceKind::Lower => s.lower.as_ref(),
            PieceKind::Banner => s.banner.as_ref(),
            PieceKind::Square => s.square.as_ref(),
        }
    }

    fn text(self, set: &CoupletSet) -> &str {
        match self {
            PieceKind::Upper => &set.upper,
            PieceKind::Lower => &set.lower,
            PieceKind::Banner => &set.banner,
            PieceKind::Square => &set.square,
        }
    }
}

/// One of a set's downloads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoupletFile {
    /// `/couplets/2026/horse-1-print-shop.pdf`.
    pub url: String,
    /// `horse-1-print-shop.pdf`.
    pub name: String,
    /// What it is for: `印刷廠原寸`, `A4 家用印表機`, each with
    /// `・紅紙專用（僅墨色）` for the ink-only variant, or `全部檔案（ZIP）`.
    pub what: String,
    pub bytes: u64,
}

/// The four PDFs of a set, in the ZIP's (sorted) order of their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Variant {
    home: bool,
    red: bool,
}

const VARIANTS: [Variant; 4] = [
    Variant {
        home: true,
        red: false,
    },
    Variant {
        home: true,
        red: true,
    },
    Variant {
        home: false,
        red: false,
    },
    Variant {
        home: false,
        red: true,
    },
];

impl Variant {
    /// `horse-1-home-a4-ink.pdf`.
    fn file_name(self, id: &str, paper: &str) -> String {
        let kind = if self.home {
            format!("home-{}", paper.to_ascii_lowercase())
        } else {
            "print-shop".to_string()
        };
        let ink = if self.red { "" } else { "-ink" };
        format!("{id}-{kind}{ink}.pdf")
    }

    fn what(self, paper: &str) -> String {
        let kind = if self.home {
            format!("{paper} 家用印表機")
        } else {
            "印刷廠原寸".to_string()
        };
        if self.red {
            kind
        } else {
            format!("{kind}・紅紙專用（僅墨色）")
        }
    }
}

/// The size of home-printer paper, upright, in points.
pub fn paper_size(name: &str) -> (f32, f32) {
    match name {
        "A3" => (841.8898, 1190.5512),
        "Letter" => (612.0, 792.0),
        _ => writer::A4,
    }
}

/// Each set's downloads by (year, set id).
pub type CoupletFiles = HashMap<(i32, String), Vec<CoupletFile>>;

/// Writes every set's files (from `cache` when made from the same
/// couplet files and fonts before); returns them by (year, set id).
pub fn render(
    site: &Site,
    fonts: &Fonts,
    cache: &Cache,
    out: &Staging,
    progress: &Progress,
    made: &AtomicUsize,
) -> Result<CoupletFiles, Diagnostics> {
    let sets: Vec<(&CoupletYear, &CoupletSet)> = site
        .couplets
        .iter()
        .flat_map(|y| y.sets.iter().map(move |s| (y, s)))
        .collect();
    type SetFiles = ((i32, String), Vec<CoupletFile>);
    let mut base = fonts.key("couplet-set");
    base.file(&site.root, Path::new("site.yaml"))
        .tree(&site.root, Path::new("content/couplets"));
    let results: Vec<Result<SetFiles, Diagnostic>> = sets
        .par_iter()
        .map(|(y, s)| {
            let key = base
                .clone()
                .bytes(&y.year.to_le_bytes())
                .bytes(s.id.as_bytes())
                .finish();
            let name = format!("couplets/{}/{}", y.year, s.id);
            let files = cache.get_or_make(
                &name,
                &key,
                out,
                || {
                    made.fetch_add(1, Ordering::Relaxed);
                    render_set(site, fonts, y, s).map(|(files, bytes)| (bytes, files))
                },
                |e| Diagnostic::error(&name, format!("cannot write output: {e}")),
            )?;
            progress.inc();
            Ok(((y.year, s.id.clone()), files))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut index = HashMap::new();
    for r in results {
        match r {
            Ok((k, v)) => {
                index.insert(k, v);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(index)
    }
}

/// A set's four PDFs and its ZIP: what the page lists, and the files.
fn render_set(
    site: &Site,
    fonts: &Fonts,
    year: &CoupletYear,
    set: &CoupletSet,
) -> Result<(Vec<CoupletFile>, Files), Diagnostic> {
    let settings = &site.couplet_settings;
    let source = format!("content/couplets/{}.yaml", year.year);
    let layout = SetLayout::new(&fonts.book, site, settings, set);
    let meta = |what: &str| Meta {
        title: format!("{}　{}書　{what}", year.title, set.calligrapher),
        author: set.calligrapher.clone(),
        subject: set.full_text(),
        date: year.released,
    };
    let paper = settings.home_paper.as_str();
    let pdfs: Vec<Result<(Variant, Vec<u8>), Diagnostic>> = VARIANTS
        .par_iter()
        .map(|&v| {
            let (pages, outline) = if v.home {
                layout.home_pages(&fonts.book, v.red)
            } else {
                layout.print_shop_pages(v.red)
            };
            let meta = meta(&v.what(paper));
            let doc = Doc {
                pages: &pages,
                images: &layout.images,
                outline: &outline,
                meta: &meta,
                size: pages[0].size.unwrap_or(writer::A4),
                bleed: if v.home { 0.0 } else { BLEED },
                tags: None,
                labels: &[],
            };
            let bytes =
                writer::write(&doc, &fonts.book).map_err(|e| Diagnostic::error(&source, e))?;
            Ok((v, bytes))
        })
        .collect();
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for r in pdfs {
        let (v, bytes) = r?;
        let name = v.file_name(&set.id, paper);
        files.push(listed(year.year, &name, v.what(paper), &bytes));
        entries.push((name, bytes));
    }
    let zip = zip_files(&entries, year.released)
        .map_err(|e| Diagnostic::error(&source, format!("cannot write the ZIP: {e}")))?;
    let name = format!("{}.zip", set.id);
    files.push(listed(year.year, &name, "全部檔案（ZIP）".into(), &zip));
    entries.push((name, zip));
    let bytes = entries
        .into_iter()
        .map(|(name, b)| (format!("{}{name}", urls::couplet_year(year.year)), b))
        .collect();
    Ok((files, bytes))
}

/// How the couplet page lists a file.
fn listed(year: i32, name: &str, what: String, bytes: &[u8]) -> CoupletFile {
    CoupletFile {
        url: format!("{}{name}", urls::couplet_year(year)),
        name: name.to_string(),
        what,
        bytes: bytes.len() as u64,
    }
}

/// A ZIP of `(name, bytes)` in the given (sorted) order, every entry dated
/// `date` at midnight: the same files give the same bytes.
pub fn zip_files(
    entries: &[(String, Vec<u8>)],
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, String> {
    use chrono::Datelike;
    use zip::write::SimpleFileOptions;
    let time = zip::DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .map_err(|e| e.to_string())?;
    // The PDFs are deflated already: the fastest level loses nothing.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut sorted: Vec<&(String, Vec<u8>)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in sorted {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// One piece's characters where the print files put them, at true size
/// in points from the piece's top left: what the preview draws, so that
/// it shows the pieces as printed.
pub struct PiecePlacement {
    pub kind: PieceKind,
    /// The piece's page (the 斗方: its diamond's bounding square).
    pub size: (f32, f32),
    /// Each character: (character, face, em size, left of its advance,
    /// baseline).
    pub chars: Vec<(char, usize, f32, f32, f32)>,
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
                    .map(|c| (c.ch, c.face, c.size, c.x, c.y))
                    .collect(),
            }
        })
        .collect()
}

/// A piece at true size as the print shop gets it.
fn print_piece(
    book: &FontBook,
    settings: &CoupletSettings,
    kind: PieceKind,
    text: &str,
    rtl: bool,
) -> Piece {
    match kind {
        PieceKind::Upper | PieceKind::Lower => strip(book, kind, text, cm(settings.strip_cm)),
        PieceKind::Banner => banner(book, text, cm(settings.banner_cm), rtl),
        PieceKind::Square => square(book, text, cm(settings.square_cm)),
    }
}

/// A character placed on a piece.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    ch: char,
    face: usize,
    size: f32,
    /// The left of its advance.
    x: f32,
    /// Its baseline.
    y: f32,
    /// Its glyph's outline box (the em box when the font has no outline).
    ink: Rect,
    /// The point whose tile gives the character's text: its origin (the
    /// left end of its baseline; text extraction keeps a character only
    /// when that is on the page), or on a turned piece the middle of its
    /// glyph.
    anchor: (f32, f32),
}

impl Placed {
    /// The character small and upright at its anchor, for copying only.
    fn copy_at_anchor(&self) -> Item {
        let mut it = self.item();
        if let Item::Text { x, y, size, .. } = &mut it {
            (*x, *y, *size) = (self.anchor.0, self.anchor.1, COPY_SIZE);
        }
        it
    }

    fn item(&self) -> Item {
        Item::Text {
            x: self.x,
            y: self.y,
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
enum Shape {
    Rect,
    /// The 斗方: a square turned 45°, corners at the middles of the page's
    /// sides.
    Diamond,
}

/// A piece laid out at true size on its own page, `(0, 0)` at the top left.
#[derive(Debug, Clone)]
struct Piece {
    kind: PieceKind,
    size: (f32, f32),
    shape: Shape,
    /// In reading order.
    chars: Vec<Placed>,
    /// The calligrapher's scan drawn instead of the characters: an index
    /// into the set's images and where it goes.
    scan: Option<(usize, Rect)>,
    /// The characters and the scan turned about the piece's centre, in
    /// degrees clockwise: the 斗方 on its square, for home printing.
    turn: f32,
}

impl Piece {
    /// The corners of the piece's outline, clockwise from the top (left).
    fn corners(&self) -> Vec<(f32, f32)> {
        let (w, h) = self.size;
        match self.shape {
            Shape::Rect => vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)],
            Shape::Diamond => vec![(w / 2.0, 0.0), (w, h / 2.0), (w / 2.0, h), (0.0, h / 2.0)],
        }
    }

    /// The red paper, or for ink only, a thin gray line to cut along.
    fn paper(&self, red: bool) -> Vec<Item> {
        if red {
            return vec![match self.shape {
                Shape::Rect => Item::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: self.size.0,
                    h: self.size.1,
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
        let (w, h) = self.size;
        let inset = |(x, y): (f32, f32)| {
            let towards = |v: f32, mid: f32| v + (mid - v).signum() * width / 2.0;
            (towards(x, w / 2.0), towards(y, h / 2.0))
        };
        let c: Vec<(f32, f32)> = self.corners().into_iter().map(inset).collect();
        (0..c.len())
            .map(|i| {
                let (a, b) = (c[i], c[(i + 1) % c.len()]);
                Item::Rule {
                    x1: a.0,
                    y1: a.1,
                    x2: b.0,
                    y2: b.1,
                    width,
                    color: OUTLINE,
                }
            })
            .collect()
    }

    /// Whether any of the piece lies in `r`.
    fn touches(&self, r: &Rect) -> bool {
        let (w, h) = self.size;
        match self.shape {
            Shape::Rect => r.intersects(&Rect {
                x: 0.0,
                y: 0.0,
                w,
                h,
            }),
            // |x - cx| / (w/2) + |y - cy| / (h/2) <= 1 at the point of `r`
            // nearest the centre.
            Shape::Diamond => {
                let nx = (w / 2.0).clamp(r.x, r.right());
                let ny = (h / 2.0).clamp(r.y, r.bottom());
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
    fn ink(
        &self,
        shown: impl Fn(&Placed) -> bool,
        copied: impl Fn(usize) -> bool,
        page_width: f32,
    ) -> Vec<Item> {
        let turned = self.turn != 0.0;
        let mut drawn = Vec::new();
        let mut invisible = Vec::new();
        if let Some((image, r)) = self.scan {
            drawn.push(Item::Image {
                x: r.x,
                y: r.y,
                w: r.w,
                h: r.h,
                image,
            });
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
                    cx: self.size.0 / 2.0,
                    cy: self.size.1 / 2.0,
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
    fn on_its_side(&self, (w, h): (f32, f32)) -> Piece {
        let (dx, dy) = ((w - self.size.0) / 2.0, (h - self.size.1) / 2.0);
        let (cx, cy) = (w / 2.0, h / 2.0);
        let chars = self
            .chars
            .iter()
            .map(|c| {
                let ink = Rect {
                    x: c.ink.x + dx,
                    y: c.ink.y + dy,
                    ..c.ink
                };
                Placed {
                    x: c.x + dx,
                    y: c.y + dy,
                    ink: turned_box(&ink, (cx, cy), SQUARE_TURN),
                    anchor: center(&turned_box(&ink, (cx, cy), SQUARE_TURN)),
                    ..*c
                }
            })
            .collect();
        Piece {
            kind: self.kind,
            size: (w, h),
            shape: Shape::Rect,
            chars,
            scan: self.scan.map(|(i, r)| {
                (
                    i,
                    Rect {
                        x: r.x + dx,
                        y: r.y + dy,
                        ..r
                    },
                )
            }),
            turn: SQUARE_TURN,
        }
    }

    /// The print shop's page: the piece alone at true size, with
    /// [`BLEED`] of paper round it (red to the page's edge) that the
    /// shop trims off.
    fn true_size_page(&self, red: bool) -> PageBox {
        let (w, h) = self.size;
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
            size: Some((w + 2.0 * BLEED, h + 2.0 * BLEED)),
        }
    }

    /// The red paper grown by [`BLEED`] beyond every edge, on a page
    /// that much larger.
    fn bleed_paper(&self) -> Vec<Item> {
        let (w, h) = self.size;
        let fill = RED;
        match self.shape {
            Shape::Rect => vec![Item::Rect {
                x: 0.0,
                y: 0.0,
                w: w + 2.0 * BLEED,
                h: h + 2.0 * BLEED,
                fill,
            }],
            // Each edge of the diamond moves out by BLEED: its corners by
            // BLEED × √2 (cut off by the page, beyond the trim anyway).
            Shape::Diamond => {
                let d = BLEED * std::f32::consts::SQRT_2;
                let (cx, cy) = (w / 2.0 + BLEED, h / 2.0 + BLEED);
                vec![Item::Polygon {
                    points: vec![
                        (cx, cy - h / 2.0 - d),
                        (cx + w / 2.0 + d, cy),
                        (cx, cy + h / 2.0 + d),
                        (cx - w / 2.0 - d, cy),
                    ],
                    fill,
                }]
            }
        }
    }

    /// Each character's box, for choosing where to cut.
    fn ink_boxes(&self) -> Vec<Rect> {
        self.chars.iter().map(|c| c.ink).collect()
    }
}

/// A piece as the print shop gets it, as home sheets show it (the same,
/// but for the 斗方: on its side), and its home tiles.
struct PieceLayout {
    print: Piece,
    home: Piece,
    tiling: Tiling,
}

/// A set laid out once, shared by its four files.
struct SetLayout {
    id: String,
    pieces: Vec<PieceLayout>,
    images: Vec<PathBuf>,
    paper: (f32, f32),
    rtl: bool,
}

impl SetLayout {
    fn new(book: &FontBook, site: &Site, settings: &CoupletSettings, set: &CoupletSet) -> Self {
        let rtl = settings.banner_direction == BannerDirection::Rtl;
        let paper = paper_size(&settings.home_paper);
        let area = (paper.0 - 2.0 * SHEET_MARGIN, paper.1 - 2.0 * SHEET_MARGIN);
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
                    PieceKind::Square => print.on_its_side(cm(settings.square_cm)),
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
    fn print_shop_pages(&self, red: bool) -> (Vec<PageBox>, Vec<Outline>) {
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
    fn home_pages(&self, book: &FontBook, red: bool) -> (Vec<PageBox>, Vec<Outline>) {
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

fn group(copy: CopyText, items: Vec<Item>) -> Item {
    Item::Group {
        clip: None,
        turn: None,
        copy,
        items,
    }
}

fn center(r: &Rect) -> (f32, f32) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// The point `p` turned `degrees` clockwise (as seen, `y` downwards)
/// about `c`.
fn turned((x, y): (f32, f32), (cx, cy): (f32, f32), degrees: f32) -> (f32, f32) {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (ux, uy) = (x - cx, y - cy);
    (cx + ux * cos - uy * sin, cy + ux * sin + uy * cos)
}

/// The box around `r` turned `degrees` clockwise about `c`.
fn turned_box(r: &Rect, c: (f32, f32), degrees: f32) -> Rect {
    let corners = [
        (r.x, r.y),
        (r.right(), r.y),
        (r.right(), r.bottom()),
        (r.x, r.bottom()),
    ]
    .map(|p| turned(p, c, degrees));
    let (x0, x1, y0, y1) = corners.iter().fold(
        (f32::MAX, f32::MIN, f32::MAX, f32::MIN),
        |(x0, x1, y0, y1), &(x, y)| (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
    );
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

fn bookmark(title: &str, page: usize) -> Outline {
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
fn owners(piece: &Piece, tiling: &Tiling) -> Vec<usize> {
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
struct Sheet<'a> {
    piece: &'a Piece,
    tiling: &'a Tiling,
    index: usize,
    /// Upright paper size.
    paper: (f32, f32),
}

impl Sheet<'_> {
    fn page_size(&self) -> (f32, f32) {
        if self.tiling.landscape {
            (self.paper.1, self.paper.0)
        } else {
            self.paper
        }
    }

    /// `horse-1 上聯 2/8 — 由上而下黏貼`.
    fn label(&self, id: &str, rtl: bool) -> String {
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

    fn page(&self, book: &FontBook, red: bool, owners: &[usize], label: &str) -> PageBox {
        let tile = self.tiling.tiles[self.index].rect;
        let (pw, ph) = self.page_size();
        // The tile in the middle of the sheet.
        let (ox, oy) = ((pw - tile.w) / 2.0, (ph - tile.h) / 2.0);
        let (dx, dy) = (ox - tile.x, oy - tile.y);
        let mut inside = self.piece.paper(red);
        inside.extend(
            self.piece
                .ink(|c| c.ink.intersects(&tile), |i| owners[i] == self.index, pw),
        );
        let mut items = vec![Item::Group {
            clip: Some(Clip {
                x: ox,
                y: oy,
                w: tile.w,
                h: tile.h,
            }),
            turn: None,
            copy: CopyText::Normal,
            items: inside.iter().map(|it| it.shifted(dx, dy)).collect(),
        }];
        let area = Rect {
            x: ox,
            y: oy,
            w: tile.w,
            h: tile.h,
        };
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
            size: Some((pw, ph)),
        }
    }

    /// Short gray ticks outside the tile where the glue band on each side
    /// with a neighbour begins.
    fn glue_marks(&self, area: &Rect) -> Vec<Item> {
        let t = self.tiling.tiles[self.index];
        let has = |row: usize, col: usize| {
            self.tiling
                .tiles
                .iter()
                .any(|o| o.row == row && o.col == col)
        };
        let (gap, len) = (0.2 * CM, 0.35 * CM);
        let mut items = Vec::new();
        let tick = Item::hairline;
        let horizontal = |y: f32| {
            [
                tick(area.x - gap - len, y, area.x - gap, y),
                tick(area.right() + gap, y, area.right() + gap + len, y),
            ]
        };
        let vertical = |x: f32| {
            [
                tick(x, area.y - gap - len, x, area.y - gap),
                tick(x, area.bottom() + gap, x, area.bottom() + gap + len),
            ]
        };
        if t.row > 0 && has(t.row - 1, t.col) {
            items.extend(horizontal(area.y + OVERLAP));
        }
        if has(t.row + 1, t.col) {
            items.extend(horizontal(area.bottom() - OVERLAP));
        }
        if t.col > 0 && has(t.row, t.col - 1) {
            items.extend(vertical(area.x + OVERLAP));
        }
        if has(t.row, t.col + 1) {
            items.extend(vertical(area.right() - OVERLAP));
        }
        items
    }
}

/// Crop marks at the corners of a sheet's tile, in the white margin.
fn crop_marks(area: &Rect) -> Vec<Item> {
    let (gap, len) = (0.2 * CM, 0.4 * CM);
    let mut items = Vec::new();
    for (x, sx) in [(area.x, -1.0), (area.right(), 1.0)] {
        for (y, sy) in [(area.y, -1.0), (area.bottom(), 1.0)] {
            let rule = |x1: f32, y1: f32, x2: f32, y2: f32| Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width: 0.5,
                color: Color::BLACK,
            };
            items.push(rule(x + sx * gap, y, x + sx * (gap + len), y));
            items.push(rule(x, y + sy * gap, x, y + sy * (gap + len)));
        }
    }
    items
}

fn cm([w, h]: [f32; 2]) -> (f32, f32) {
    (w * CM, h * CM)
}

/// 上聯 or 下聯: characters down the middle, evenly spaced.
fn strip(book: &FontBook, kind: PieceKind, text: &str, (w, h): (f32, f32)) -> Piece {
    let chars: Vec<char> = text.chars().collect();
    let pad = (1.0 - EM_OF_WIDTH) / 2.0 * w;
    let cell = (h - 2.0 * pad) / chars.len().max(1) as f32;
    let size = (EM_OF_WIDTH * w).min(EM_OF_CELL * cell);
    Piece {
        kind,
        size: (w, h),
        shape: Shape::Rect,
        chars: chars
            .iter()
            .enumerate()
            .filter_map(|(i, &ch)| place(book, ch, size, (w / 2.0, pad + (i as f32 + 0.5) * cell)))
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// 橫批: characters across, the first at the right when right to left.
fn banner(book: &FontBook, text: &str, (w, h): (f32, f32), rtl: bool) -> Piece {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    let pad = (1.0 - EM_OF_WIDTH) / 2.0 * h;
    let cell = (w - 2.0 * pad) / n as f32;
    let size = (EM_OF_WIDTH * h).min(EM_OF_CELL * cell);
    Piece {
        kind: PieceKind::Banner,
        size: (w, h),
        shape: Shape::Rect,
        chars: chars
            .iter()
            .enumerate()
            .filter_map(|(i, &ch)| {
                let slot = if rtl { n - 1 - i } else { i };
                place(book, ch, size, (pad + (slot as f32 + 0.5) * cell, h / 2.0))
            })
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// 斗方: the square turned into a diamond on a page of its diagonal, the
/// character upright in the middle.
fn square(book: &FontBook, text: &str, (w, h): (f32, f32)) -> Piece {
    // A square from the settings; an oblong one is turned all the same.
    let d = (w * w + h * h).sqrt();
    let side = d / 2.0;
    Piece {
        kind: PieceKind::Square,
        size: (d, d),
        shape: Shape::Diamond,
        chars: text
            .chars()
            .filter_map(|ch| place(book, ch, EM_OF_SQUARE * side, (d / 2.0, d / 2.0)))
            .collect(),
        scan: None,
        turn: 0.0,
    }
}

/// `ch` at `size` with its em box centred on `center`.
fn place(book: &FontBook, ch: char, size: f32, (cx, cy): (f32, f32)) -> Option<Placed> {
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
            Rect {
                x,
                y: y - asc * scale,
                w: advance,
                h: (asc - desc) * scale,
            },
            |b| Rect {
                x: x + b.x_min as f32 * scale,
                y: y - b.y_max as f32 * scale,
                w: (b.x_max - b.x_min) as f32 * scale,
                h: (b.y_max - b.y_min) as f32 * scale,
            },
        );
    Some(Placed {
        ch,
        face: face_index,
        size,
        x,
        y,
        ink,
        anchor: (x, y),
    })
}

/// Where a scan goes on its piece: as large as fits, centred (a scan of
/// other proportions leaves paper showing at two sides).
fn scan_placement(path: &std::path::Path, (w, h): (f32, f32)) -> Option<Rect> {
    let px = imagesize::size(path).ok()?;
    let (iw, ih) = (px.width as f32, px.height as f32);
    if iw <= 0.0 || ih <= 0.0 {
        return None;
    }
    let scale = (w / iw).min(h / ih);
    let (sw, sh) = (iw * scale, ih * scale);
    Some(Rect {
        x: (w - sw) / 2.0,
        y: (h - sh) / 2.0,
        w: sw,
        h: sh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::fonts::Face;
    use std::sync::Arc;

    fn kai() -> FontBook {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/fonts/ukai-tw.ttf"
        );
        let mut book = FontBook::default();
        let f =
            book.add(Face::parse("kai", Arc::new(std::fs::read(path).unwrap().into()), 0).unwrap());
        book.set_chain(Role::Kai, vec![f]);
        book
    }

    fn near(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn strip_characters_are_centred_evenly_spaced_and_large() {
        let book = kai();
        let (w, h) = (24.0 * CM, 135.0 * CM);
        let p = strip(&book, PieceKind::Upper, "駿馬奔騰迎盛世", (w, h));
        assert_eq!(
            p.chars.iter().map(|c| c.ch).collect::<String>(),
            "駿馬奔騰迎盛世"
        );
        let size = p.chars[0].size;
        assert!(size >= 0.7 * w && size <= EM_OF_WIDTH * w + 0.01, "{size}");
        for c in &p.chars {
            assert!(near(c.x + size / 2.0, w / 2.0), "centred across");
            assert!(c.ink.x >= 0.0 && c.ink.right() <= w && c.ink.y >= 0.0 && c.ink.bottom() <= h);
        }
        let steps: Vec<f32> = p.chars.windows(2).map(|c| c[1].y - c[0].y).collect();
        assert!(steps.iter().all(|s| near(*s, steps[0])), "even: {steps:?}");
        // About as much red above the first character as below the last.
        let (top, bottom) = (p.chars[0].ink.y, h - p.chars[6].ink.bottom());
        assert!((top - bottom).abs() < 2.0 * CM, "{top} {bottom}");
    }

    #[test]
    fn a_right_to_left_banner_starts_at_the_right() {
        let book = kai();
        let rtl = banner(&book, "馬到成功", (90.0 * CM, 24.0 * CM), true);
        let xs: Vec<f32> = rtl.chars.iter().map(|c| c.x).collect();
        assert!(xs.windows(2).all(|w| w[0] > w[1]), "{xs:?}");
        assert_eq!(rtl.chars[0].ch, '馬', "reading order is kept");
        let ltr = banner(&book, "馬到成功", (90.0 * CM, 24.0 * CM), false);
        assert!(ltr.chars.windows(2).all(|w| w[0].x < w[1].x));
    }

    #[test]
    fn the_square_is_a_diamond_on_a_page_of_its_diagonal() {
        let book = kai();
        let p = square(&book, "春", (45.0 * CM, 45.0 * CM));
        let d = 45.0 * CM * std::f32::consts::SQRT_2;
        assert!(near(p.size.0, d) && near(p.size.1, d));
        assert_eq!(p.corners()[0], (d / 2.0, 0.0));
        let c = &p.chars[0];
        // Upright in the middle, its ink inside the diamond.
        assert_eq!(p.turn, 0.0);
        let (cx, cy) = center(&c.ink);
        assert!((cx - d / 2.0).abs() < 0.05 * d && (cy - d / 2.0).abs() < 0.05 * d);
        assert!(p.touches(&c.ink));
        for corner in [(c.ink.x, c.ink.y), (c.ink.right(), c.ink.bottom())] {
            let inside = (corner.0 - d / 2.0).abs() + (corner.1 - d / 2.0).abs() <= d / 2.0 * 1.05;
            assert!(inside, "ink corner {corner:?} about inside the diamond");
        }
        // For home printing: the 45 cm square, the character turned.
        let home = p.on_its_side((45.0 * CM, 45.0 * CM));
        assert_eq!(home.turn, SQUARE_TURN);
        assert!(near(home.size.0, 45.0 * CM));
        let (hx, hy) = home.chars[0].anchor;
        assert!(near(hx, 22.5 * CM) || (hx - 22.5 * CM).abs() < 0.05 * d);
        assert!((hy - 22.5 * CM).abs() < 0.05 * d);
    }

    #[test]
    fn each_character_is_copied_from_one_tile() {
        let book = kai();
        let p = strip(
            &book,
            PieceKind::Upper,
            "駿馬奔騰迎盛世",
            (24.0 * CM, 135.0 * CM),
        );
        let area = (
            writer::A4.0 - 2.0 * SHEET_MARGIN,
            writer::A4.1 - 2.0 * SHEET_MARGIN,
        );
        let t = tiling::tile(p.size, area, OVERLAP, &p.ink_boxes(), &|_| true, false);
        let owners = owners(&p, &t);
        assert!(owners.windows(2).all(|w| w[0] <= w[1]), "in reading order");
        for (c, &o) in p.chars.iter().zip(&owners) {
            assert!(t.tiles[o].rect.contains(c.anchor));
        }
    }

    #[test]
    fn labels_say_which_sheet_and_how_to_glue() {
        let book = kai();
        let area = (
            writer::A4.0 - 2.0 * SHEET_MARGIN,
            writer::A4.1 - 2.0 * SHEET_MARGIN,
        );
        let label = |p: &Piece, i: usize| {
            let t = tiling::tile(p.size, area, OVERLAP, &p.ink_boxes(), &|_| true, true);
            let s = Sheet {
                piece: p,
                tiling: &t,
                index: i,
                paper: writer::A4,
            };
            (s.label("horse-1", true), t.tiles.len())
        };
        let up = strip(
            &book,
            PieceKind::Upper,
            "駿馬奔騰迎盛世",
            (24.0 * CM, 135.0 * CM),
        );
        let (l, n) = label(&up, 1);
        assert_eq!(l, format!("horse-1　上聯 2/{n} — 由上而下黏貼"));
        let b = banner(&book, "馬到成功", (90.0 * CM, 24.0 * CM), true);
        assert!(label(&b, 0).0.ends_with("由右而左黏貼"));
        let sq = square(&book, "春", (45.0 * CM, 45.0 * CM)).on_its_side((45.0 * CM, 45.0 * CM));
        let (l, n) = label(&sq, 0);
        assert_eq!(n, 6, "a 45 cm square on 6 A4 sheets");
        assert!(l.contains("第1排") && l.contains("一角朝上"), "{l}");
    }

    #[test]
    fn file_names_and_what_they_are_for() {
        let names: Vec<String> = VARIANTS
            .iter()
            .map(|v| v.file_name("horse-1", "A4"))
            .collect();
        assert_eq!(
            names,
            [
                "horse-1-home-a4-ink.pdf",
                "horse-1-home-a4.pdf",
                "horse-1-print-shop-ink.pdf",
                "horse-1-print-shop.pdf"
            ]
        );
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "the ZIP's order");
        assert_eq!(VARIANTS[3].what("A4"), "印刷廠原寸");
        assert_eq!(VARIANTS[1].what("A3"), "A3 家用印表機");
        assert_eq!(VARIANTS[0].what("A4"), "A4 家用印表機・紅紙專用（僅墨色）");
        assert_eq!(paper_size("Letter"), (612.0, 792.0));
    }

    #[test]
    fn zips_are_the_same_bytes_every_time() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
        let files = vec![
            ("b.pdf".to_string(), vec![1u8; 100]),
            ("a.pdf".to_string(), b"%PDF".to_vec()),
        ];
        let a = zip_files(&files, date).unwrap();
        let b = zip_files(&files, date).unwrap();
        assert_eq!(a, b);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        assert_eq!(z.len(), 2);
        assert_eq!(z.by_index(0).unwrap().name().unwrap(), "a.pdf", "sorted");
        let t = z.by_index(1).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2026, 1, 20));
    }
}
