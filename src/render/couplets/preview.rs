//! Preview images of the Spring couplets: each set as hung on a door
//! (上聯 on the right, 下聯 on the left, 橫批 above, 斗方 on the door),
//! drawn from the Kai face's glyph outlines so the SVG looks the same in
//! every browser without web fonts, and a PNG thumbnail rasterised from it.
//!
//! The pieces keep the proportions of their true sizes in
//! `_couplets.yaml`; the scene is in centimetres (one SVG unit = 1 cm).
//! Each distinct glyph is one `<path>` in `<defs>` (font units, y flipped,
//! relative commands on the font's integer grid), placed by `<use>`.
//! Numbers are written with a fixed precision, so the same content and
//! fonts give the same bytes on every run.

use crate::render::html::markdown::escape;
use std::collections::{BTreeMap, HashMap};
use std::f32::consts::SQRT_2;
use std::fmt::Write as _;

use rayon::prelude::*;

use std::path::Path;
use std::sync::OnceLock;

use super::{CM, PieceKind, placements};
use crate::cache::{Cache, KeyBuilder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::couplets::{CoupletSet, CoupletSettings};
use crate::output::Staging;
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::layout::fonts::FontBook;
use crate::render::urls;
use crate::theme::Theme;

/// Width of the PNG thumbnails written by [`write_all`], in pixels.
pub const PNG_WIDTH: u32 = 480;

/// Pixels per centimetre of the SVG's own `width`/`height`.
const SVG_PX_PER_CM: f32 = 4.0;

const RED: &str = "#c8102e";
const INK: &str = "#141010";
const WALL: &str = "#e9e3d8";
const FRAME: &str = "#4d2e1a";
const DOOR: &str = "#7b4a27";
const PANEL: &str = "#653b1e";
const BRASS: &str = "#c9a04a";

/// Where the pieces of a set go, in centimetres.
struct Scene {
    width: f32,
    height: f32,
    /// Left, top, width, height.
    banner: [f32; 4],
    upper: [f32; 4],
    lower: [f32; 4],
    /// The door opening (both leaves): left, top, width, height.
    door: [f32; 4],
    /// Frame posts' width and lintel height.
    post: f32,
    lintel: f32,
    /// Centre of the 斗方 and the half-diagonals of the turned square.
    diamond: [f32; 4],
}

impl Scene {
    fn new(settings: &CoupletSettings) -> Scene {
        let size = |v: [f32; 2]| [v[0].max(1.0), v[1].max(1.0)];
        let [sw, sh] = size(settings.strip_cm);
        let [bw, bh] = size(settings.banner_cm);
        let [qw, qh] = size(settings.square_cm);
        // The square turned 45°: its bounding box is (w + h) / √2 both ways.
        let diag = (qw + qh) / SQRT_2;
        let margin = 10.0;
        let post = 6.0;
        let lintel = 8.0;
        let gap = 3.0; // wall between the frame and a strip
        let door_w = (diag + 14.0).max(bw - 2.0 * post);
        let inner = 2.0 * (sw + gap + post) + door_w;
        let width = inner.max(bw) + 2.0 * margin;
        let cx = width / 2.0;
        let banner = [cx - bw / 2.0, margin, bw, bh];
        let frame_top = margin + bh + 4.0;
        let strips_bottom = frame_top + sh;
        let height = strips_bottom + margin + 4.0;
        let door_left = cx - door_w / 2.0;
        let door_top = frame_top + lintel;
        let lower = [door_left - post - gap - sw, frame_top, sw, sh];
        let upper = [door_left + door_w + post + gap, frame_top, sw, sh];
        let door = [door_left, door_top, door_w, height - door_top];
        let dy = door_top + (diag / 2.0 + 6.0).max((strips_bottom - door_top) * 0.4);
        let diamond = [cx, dy, qw, qh];
        Scene {
            width,
            height,
            banner,
            upper,
            lower,
            door,
            post,
            lintel,
            diamond,
        }
    }

    /// The four corners of the turned square, clockwise from the top.
    fn diamond_corners(&self) -> [(f32, f32); 4] {
        let [cx, cy, w, h] = self.diamond;
        // The square's corners (±w/2, ±h/2) turned by 45°.
        let turn = |x: f32, y: f32| (cx + (x - y) / SQRT_2, cy + (x + y) / SQRT_2);
        [
            turn(-w / 2.0, -h / 2.0),
            turn(w / 2.0, -h / 2.0),
            turn(w / 2.0, h / 2.0),
            turn(-w / 2.0, h / 2.0),
        ]
    }
}

/// The SVG preview of `set` as hung on a door.
pub fn svg(set: &CoupletSet, settings: &CoupletSettings, book: &FontBook) -> String {
    let scene = Scene::new(settings);
    let mut glyphs = Glyphs::new(book);
    let mut ink = String::new();

    // The characters where the print files put them: each piece's page
    // (points at true size) mapped onto its place in the scene (cm).
    for piece in placements(book, settings, set) {
        let (pw, ph) = (piece.size.w.0 / CM, piece.size.h.0 / CM);
        let (left, top) = match piece.kind {
            PieceKind::Upper => (scene.upper[0], scene.upper[1]),
            PieceKind::Lower => (scene.lower[0], scene.lower[1]),
            PieceKind::Banner => (scene.banner[0], scene.banner[1]),
            // The diamond's bounding square, centred where the scene hangs it.
            PieceKind::Square => (scene.diamond[0] - pw / 2.0, scene.diamond[1] - ph / 2.0),
        };
        for (ch, face, size, at) in piece.chars {
            let (x, y) = (at.x.0, at.y.0);
            glyphs.draw(face, ch, left + x / CM, top + y / CM, size / CM, &mut ink);
        }
    }

    let text = escape(&set.full_text());
    let mut s = String::with_capacity(64 * 1024);
    let (w, h) = (scene.width, scene.height);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{text}">"#,
        n1(w),
        n1(h),
        (w * SVG_PX_PER_CM).round(),
        (h * SVG_PX_PER_CM).round(),
    );
    let _ = write!(s, "<title>{text}</title><defs>");
    for (id, d) in &glyphs.defs {
        let _ = write!(s, r#"<path id="{id}" d="{d}"/>"#);
    }
    s.push_str("</defs>");
    door(&mut s, &scene);
    paper(&mut s, &scene);
    let _ = write!(s, r#"<g fill="{INK}">{ink}</g></svg>"#);
    s.push('\n');
    s
}

/// The wall, the door frame and the two door leaves with their panels and
/// ring pulls.
fn door(s: &mut String, scene: &Scene) {
    let [dx, dy, dw, dh] = scene.door;
    let (post, lintel) = (scene.post, scene.lintel);
    rect(s, [0.0, 0.0, scene.width, scene.height], WALL, "");
    // A shadow line where the wall meets the frame.
    rect(
        s,
        [
            dx - post - 0.6,
            dy - lintel - 0.6,
            dw + 2.0 * post + 1.2,
            dh + lintel + 0.6,
        ],
        "#c9c0b1",
        "",
    );
    rect(
        s,
        [dx - post, dy - lintel, dw + 2.0 * post, dh + lintel],
        FRAME,
        "",
    );
    rect(s, [dx, dy, dw, dh], DOOR, "");
    // Two leaves: a seam in the middle, two sunk panels on each.
    let leaf = dw / 2.0;
    let _ = write!(s, r#"<g fill="none" stroke="{PANEL}" stroke-width="0.6">"#);
    let inset = (leaf * 0.16).min(8.0);
    let panels_h = dh - 2.0 * inset;
    for k in 0..2 {
        let lx = dx + leaf * k as f32 + inset;
        let pw = leaf - 2.0 * inset;
        let upper_h = panels_h * 0.55;
        rect(s, [lx, dy + inset, pw, upper_h], "none", "");
        rect(
            s,
            [
                lx,
                dy + 2.0 * inset + upper_h,
                pw,
                panels_h - upper_h - inset,
            ],
            "none",
            "",
        );
    }
    s.push_str("</g>");
    let _ = write!(
        s,
        r#"<path d="M{} {}V{}" stroke="{FRAME}" stroke-width="0.8"/>"#,
        n1(dx + leaf),
        n1(dy),
        n1(dy + dh)
    );
    // Ring pulls below the 斗方.
    let [_, cy, w, h] = scene.diamond;
    let ring_y = (cy + (w + h) / (2.0 * SQRT_2) + 10.0).min(dy + dh - 6.0);
    let _ = write!(s, r#"<g fill="none" stroke="{BRASS}" stroke-width="0.9">"#);
    for side in [-1.0, 1.0] {
        let x = dx + leaf + side * 5.0;
        let _ = write!(s, r#"<circle cx="{}" cy="{}" r="3.2"/>"#, n1(x), n1(ring_y));
    }
    s.push_str("</g>");
    let _ = write!(s, r#"<g fill="{BRASS}">"#);
    for side in [-1.0, 1.0] {
        let x = dx + leaf + side * 5.0;
        let _ = write!(
            s,
            r#"<circle cx="{}" cy="{}" r="1.4"/>"#,
            n1(x),
            n1(ring_y - 3.2)
        );
    }
    s.push_str("</g>");
}

/// The red paper of the four pieces, each with a soft shadow.
fn paper(s: &mut String, scene: &Scene) {
    let corners = scene.diamond_corners();
    let polygon = |s: &mut String, dx: f32, dy: f32, attrs: &str| {
        let points: Vec<String> = corners
            .iter()
            .map(|(x, y)| format!("{},{}", n1(x + dx), n1(y + dy)))
            .collect();
        let _ = write!(s, r#"<polygon points="{}"{attrs}/>"#, points.join(" "));
    };
    let shadow = (0.5, 0.8);
    let pieces = [scene.banner, scene.upper, scene.lower];
    s.push_str(r##"<g fill="#000" fill-opacity="0.28">"##);
    for [x, y, w, h] in pieces {
        rect(s, [x + shadow.0, y + shadow.1, w, h], "", "");
    }
    polygon(s, shadow.0, shadow.1, "");
    s.push_str("</g>");
    let _ = write!(s, r#"<g fill="{RED}">"#);
    for r in pieces {
        rect(s, r, "", "");
    }
    polygon(s, 0.0, 0.0, "");
    s.push_str("</g>");
    // A thin darker line inside the edge, as printed couplet paper has.
    s.push_str(r##"<g fill="none" stroke="#9e0b22" stroke-width="0.3">"##);
    for [x, y, w, h] in pieces {
        let i = (w.min(h) * 0.05).min(1.5);
        rect(s, [x + i, y + i, w - 2.0 * i, h - 2.0 * i], "", "");
    }
    s.push_str("</g>");
}

fn rect(s: &mut String, [x, y, w, h]: [f32; 4], fill: &str, attrs: &str) {
    let fill = if fill.is_empty() {
        String::new()
    } else {
        format!(r#" fill="{fill}""#)
    };
    let _ = write!(
        s,
        r#"<rect x="{}" y="{}" width="{}" height="{}"{fill}{attrs}/>"#,
        n1(x),
        n1(y),
        n1(w),
        n1(h)
    );
}

/// The glyphs of one preview: outlines once each, by face and glyph id.
struct Glyphs<'a> {
    book: &'a FontBook,
    faces: HashMap<usize, Option<Outlines<'a>>>,
    /// `g<face>-<glyph>` → path data.
    defs: BTreeMap<String, String>,
}

struct Outlines<'a> {
    face: ttf_parser::Face<'a>,
    units_per_em: f32,
}

impl<'a> Glyphs<'a> {
    fn new(book: &'a FontBook) -> Glyphs<'a> {
        Glyphs {
            book,
            faces: HashMap::new(),
            defs: BTreeMap::new(),
        }
    }

    /// Draws `ch` of face `fi` at `size` cm, the left of its advance at
    /// `x` and its baseline at `y`: where the print files put it.
    fn draw(&mut self, fi: usize, ch: char, x: f32, y: f32, size: f32, out: &mut String) {
        let book = self.book;
        let Some(gid) = book.faces[fi].glyph(ch) else {
            return;
        };
        let outlines = self.faces.entry(fi).or_insert_with(|| {
            let f = &book.faces[fi];
            let face = ttf_parser::Face::parse(&f.data, f.index).ok()?;
            Some(Outlines {
                face,
                units_per_em: f.units_per_em,
            })
        });
        let Some(o) = outlines else {
            return;
        };
        let id = format!("g{fi}-{gid}");
        if !self.defs.contains_key(&id) {
            let mut path = PathWriter::default();
            if o.face
                .outline_glyph(ttf_parser::GlyphId(gid), &mut path)
                .is_none()
            {
                return;
            }
            self.defs.insert(id.clone(), path.d);
        }
        let scale = size / o.units_per_em;
        let _ = write!(
            out,
            r##"<use href="#{id}" transform="translate({} {}) scale({})"/>"##,
            n1(x),
            n1(y),
            n5(scale)
        );
    }
}

/// Writes an outline as SVG path data: y flipped, coordinates rounded to
/// whole font units, relative commands (smaller numbers), repeated command
/// letters left out.
#[derive(Default)]
struct PathWriter {
    d: String,
    /// Current point and the subpath's start, in whole font units.
    cur: (i32, i32),
    start: (i32, i32),
    last: char,
    /// Whether a number was just written (the next one needs a separator
    /// unless it starts with `-`).
    after_number: bool,
}

impl PathWriter {
    fn cmd(&mut self, c: char) {
        if self.last != c || c == 'm' || c == 'z' {
            self.d.push(c);
            self.after_number = false;
        }
        self.last = c;
    }

    fn num(&mut self, v: i32) {
        if self.after_number && v >= 0 {
            self.d.push(' ');
        }
        let _ = write!(self.d, "{v}");
        self.after_number = true;
    }

    /// Writes the point relative to the current point; returns it absolute.
    fn rel(&mut self, x: f32, y: f32) -> (i32, i32) {
        let p = (x.round() as i32, (-y).round() as i32);
        self.num(p.0 - self.cur.0);
        self.num(p.1 - self.cur.1);
        p
    }
}

impl ttf_parser::OutlineBuilder for PathWriter {
    fn move_to(&mut self, x: f32, y: f32) {
        self.cmd('m');
        let p = self.rel(x, y);
        self.cur = p;
        self.start = p;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = (x.round() as i32, (-y).round() as i32);
        if p == self.cur {
            return;
        }
        self.cmd('l');
        self.rel(x, y);
        self.cur = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.cmd('q');
        let base = self.cur;
        let c = (x1.round() as i32, (-y1).round() as i32);
        self.num(c.0 - base.0);
        self.num(c.1 - base.1);
        self.cur = self.rel(x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.cmd('c');
        let base = self.cur;
        for (px, py) in [(x1, y1), (x2, y2)] {
            let c = (px.round() as i32, (-py).round() as i32);
            self.num(c.0 - base.0);
            self.num(c.1 - base.1);
        }
        self.cur = self.rel(x, y);
    }

    fn close(&mut self) {
        self.cmd('z');
        self.cur = self.start;
    }
}

/// One decimal, without a trailing `.0` and without `-0`.
fn n1(v: f32) -> String {
    trim(format!("{:.1}", v))
}

/// Five decimals, trailing zeros trimmed (glyph scales).
fn n5(v: f32) -> String {
    trim(format!("{:.5}", v))
}

fn trim(s: String) -> String {
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".to_string() } else { s }
}

/// Rasterises an SVG (paths only: no text, no images) to a PNG
/// `width_px` wide, opaque RGB, the height in proportion.
pub fn png(svg: &str, width_px: u32) -> Result<Vec<u8>, PngError> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(PngError::Svg)?;
    let size = tree.size();
    let width_px = width_px.max(1);
    let scale = width_px as f32 / size.width();
    let height_px = ((size.height() * scale).round() as u32).max(1);
    let mut pixmap =
        tiny_skia::Pixmap::new(width_px, height_px).ok_or(PngError::Size(width_px, height_px))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// Why a preview PNG could not be made.
#[derive(Debug)]
pub enum PngError {
    /// The SVG could not be read.
    Svg(resvg::usvg::Error),
    /// No image of that many pixels (width, height).
    Size(u32, u32),
    /// The PNG could not be encoded (what the encoder said).
    Encode(String),
}

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PngError::Svg(e) => write!(f, "cannot read the preview SVG: {e}"),
            PngError::Size(w, h) => write!(f, "cannot make a {w}×{h} image"),
            PngError::Encode(e) => write!(f, "cannot encode the preview PNG: {e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// Writes the SVG preview and PNG thumbnail of every set of every year:
/// `couplets/<year>/<id>-preview.svg` and `…-preview.png`, from `cache`
/// when the couplet files and the theme's fonts have not changed. `book` is
/// the build's fonts; builds without PDFs pass none, and the fonts are read
/// only if some preview must be drawn.
pub fn write_all(
    site: &Site,
    theme: &Theme,
    book: Option<&FontBook>,
    cache: &Cache,
    out: &Staging,
) -> Result<(), Diagnostics> {
    let jobs: Vec<(i32, &CoupletSet)> = site
        .couplets
        .iter()
        .flat_map(|y| y.sets.iter().map(move |s| (y.year, s)))
        .collect();
    if jobs.is_empty() {
        return Ok(());
    }
    let mut base = KeyBuilder::new("couplet-preview");
    base.file(&site.root, Path::new("site.yaml"))
        .tree(&site.root, Path::new("content/couplets"))
        .tree(&site.root, Path::new("themes/default/fonts"));
    let loaded: OnceLock<Result<FontBook, Diagnostics>> = OnceLock::new();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .flat_map_iter(|&(year, set)| {
            let key = base
                .clone()
                .bytes(&year.to_le_bytes())
                .bytes(set.id.as_bytes())
                .finish();
            let name = format!("couplet-previews/{year}/{}", set.id);
            let made = cache.get_or_make(
                &name,
                &key,
                out,
                || {
                    let book = match book {
                        Some(b) => b,
                        None => match loaded.get_or_init(|| Fonts::book(site, theme)) {
                            Ok(b) => b,
                            Err(d) => return Err(d.sorted().into_iter().cloned().collect()),
                        },
                    };
                    let svg = svg(set, &site.couplet_settings, book);
                    let png = png(&svg, PNG_WIDTH).map_err(|e| {
                        vec![Diagnostic::error(
                            format!("content/couplets/{year}.yaml"),
                            format!("set {}: {e}", set.id),
                        )]
                    })?;
                    let files = vec![
                        (urls::couplet_preview_svg(year, &set.id), svg.into_bytes()),
                        (urls::couplet_preview_png(year, &set.id), png),
                    ];
                    Ok((files, ()))
                },
                |e| vec![Diagnostic::cannot_write(&name, e)],
            );
            made.err().unwrap_or_default()
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        let mut diags = Diagnostics::new();
        for e in errors {
            diags.push(e);
        }
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use super::*;
    use crate::model::couplets::BannerDirection;
    use crate::render::pdf::layout::fonts::{Face, Role};

    fn book() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let path = format!(
                "{}/themes/default/fonts/ukai-tw.ttf",
                env!("CARGO_MANIFEST_DIR")
            );
            let data = Arc::new(std::fs::read(path).unwrap().into());
            let mut book = FontBook::default();
            let kai = book.add(Face::parse("fonts/ukai-tw.ttf", data, 0).unwrap());
            book.set_chain(Role::Kai, vec![kai]);
            book
        })
    }

    fn horse() -> CoupletSet {
        CoupletSet {
            id: "horse-1".into(),
            calligrapher: "陳聰明".into(),
            upper: "駿馬奔騰迎盛世".into(),
            lower: "春風浩蕩展新程".into(),
            banner: "馬到成功".into(),
            square: "春".into(),
            scan: None,
            scans: Default::default(),
        }
    }

    #[test]
    fn one_use_per_character_and_each_glyph_defined_once() {
        let set = horse();
        let s = svg(&set, &CoupletSettings::default(), book());
        let chars = [&set.upper, &set.lower, &set.banner, &set.square]
            .iter()
            .map(|t| t.chars().count())
            .sum::<usize>();
        assert_eq!(s.matches("<use ").count(), chars);
        let distinct: std::collections::BTreeSet<char> =
            [&set.upper, &set.lower, &set.banner, &set.square]
                .iter()
                .flat_map(|t| t.chars())
                .collect();
        assert_eq!(s.matches("<path id=").count(), distinct.len());
    }

    #[test]
    fn carries_the_text_and_red_paper() {
        let s = svg(&horse(), &CoupletSettings::default(), book());
        let text = "上聯：駿馬奔騰迎盛世；下聯：春風浩蕩展新程；橫批：馬到成功；斗方：春";
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(s.contains(&format!("<title>{text}</title>")));
        assert!(s.contains(&format!("role=\"img\" aria-label=\"{text}\"")));
        assert!(s.contains(&format!("<g fill=\"{RED}\"><rect ")));
        assert!(s.contains("<polygon points="));
        assert!(!s.contains("<text"), "no text: everything is outlines");
    }

    /// x of the `n`-th `<use>`'s translation.
    fn use_x(s: &str, n: usize) -> f32 {
        let u = s.split("<use ").nth(n + 1).unwrap();
        let t = u.split("translate(").nth(1).unwrap();
        t.split(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn banner_reads_right_to_left_unless_told_otherwise() {
        let set = horse();
        let first = set.upper.chars().count() * 2; // the banner's first character
        let rtl = svg(&set, &CoupletSettings::default(), book());
        assert!(use_x(&rtl, first) > use_x(&rtl, first + 3));
        let settings = CoupletSettings {
            banner_direction: BannerDirection::Ltr,
            ..CoupletSettings::default()
        };
        let ltr = svg(&set, &settings, book());
        assert!(use_x(&ltr, first) < use_x(&ltr, first + 3));
        // 上聯 hangs right of 下聯.
        assert!(use_x(&rtl, 0) > use_x(&rtl, set.upper.chars().count()));
    }

    #[test]
    fn png_is_a_png_of_the_asked_width_and_the_same_every_time() {
        let s = svg(&horse(), &CoupletSettings::default(), book());
        let a = png(&s, 480).unwrap();
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&a[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(a[16..20].try_into().unwrap()), 480);
        let h = u32::from_be_bytes(a[20..24].try_into().unwrap());
        assert!(h > 400 && h < 700, "height {h}");
        let again = svg(&horse(), &CoupletSettings::default(), book());
        assert_eq!(s, again);
        assert_eq!(a, png(&again, 480).unwrap());
    }

    #[test]
    fn numbers_have_a_fixed_precision() {
        assert_eq!(n1(12.04), "12");
        assert_eq!(n1(-0.01), "0");
        assert_eq!(n1(3.25), "3.2");
        assert_eq!(n5(0.0160156), "0.01602");
        assert_eq!(escape("a&<\""), "a&amp;&lt;&quot;");
    }
}
