//! Items onto a page: each kind of [`Item`] as content-stream operators
//! (one function per kind), and links as printpdf annotations. Layout
//! measures `y` from the top of the page; PDF from the bottom: every
//! function here flips it with the page height.

use printpdf::{Actions, BorderArray, ColorArray, Destination, LinkAnnotation, Op, Pt, Rect};

use super::content::{Content, Properties, Shown};
use super::embed::Subsets;
use super::layout::boxes::{Color, CopyText, Item, PlacedGlyph, Target, Turn};
use super::layout::fonts::FontBook;
use crate::render::geom::{self, Point};

/// What drawing needs besides the item.
pub struct Context<'a> {
    pub book: &'a FontBook,
    pub subsets: &'a Subsets,
    /// Page height: boxes measure y from the top, PDF from the bottom.
    pub ph: f32,
}

/// A page being drawn: its content stream and its link annotations, in
/// the order the items come (the structure tree refers to them by index).
#[derive(Default)]
pub struct Canvas {
    pub content: Content,
    pub links: Vec<Op>,
}

/// Draws one item.
pub fn item(c: &mut Canvas, it: &Item, ctx: &Context) {
    match it {
        Item::Text {
            at,
            size,
            glyphs,
            color,
        } => text(&mut c.content, *at, *size, glyphs, *color, ctx),
        Item::Rule {
            from,
            to,
            width,
            color,
        } => {
            c.content
                .stroke_color(*color)
                .line_width(*width)
                .move_to(from.x.0, ctx.ph - from.y.0)
                .line_to(to.x.0, ctx.ph - to.y.0)
                .stroke();
        }
        Item::Rect { rect: r, fill } => {
            c.content
                .fill(*fill)
                .rect(r.x.0, ctx.ph - r.y.0 - r.h.0, r.w.0, r.h.0)
                .fill_path();
        }
        Item::Image { rect: r, image } => {
            // The image is one unit square: scaled to its box.
            c.content
                .save()
                .transform([r.w.0, 0.0, 0.0, r.h.0, r.x.0, ctx.ph - r.y.0 - r.h.0])
                .x_object(&format!("Im{image}"))
                .restore();
        }
        Item::Link { rect, target } => c.links.push(link(rect, target, ctx)),
        Item::Polygon { points, fill } => polygon(&mut c.content, points, *fill, ctx),
        Item::Group {
            clip,
            turn,
            copy,
            items,
        } => group(c, clip.as_ref(), turn.as_ref(), *copy, items, ctx),
        // Marked by `tagged::mark_page` when the PDF is tagged.
        Item::Tagged { items, .. } | Item::Furniture { items, .. } => {
            for it in items {
                item(c, it, ctx);
            }
        }
    }
}

/// One text object per run of glyphs from the same face; a run of
/// characters whose glyph copies out as another character (⼀ drawn with
/// 一's glyph) inside a span saying what they are.
fn text(
    c: &mut Content,
    at: Point,
    size: f32,
    glyphs: &[PlacedGlyph],
    color: Color,
    ctx: &Context,
) {
    c.fill(color);
    // Each glyph's code, and whether it copies out as another character.
    let looked: Vec<(u16, bool)> = glyphs
        .iter()
        .map(|g| ctx.subsets.code_and_copy(ctx.book, g.face, g.ch))
        .collect();
    let mut i = 0;
    while i < glyphs.len() {
        let (face, actual) = (glyphs[i].face, looked[i].1);
        let mut j = i;
        while j < glyphs.len() && glyphs[j].face == face && looked[j].1 == actual {
            j += 1;
        }
        let run = &glyphs[i..j];
        if actual {
            let text: String = run.iter().map(|g| g.ch).collect();
            actual_text(c, &text);
        }
        c.begin_text()
            .font(&Subsets::resource_name(face), size)
            .text_at(at.x.0 + run[0].x, ctx.ph - at.y.0)
            .show(&shown(run, &looked[i..j], size, ctx))
            .end_text();
        if actual {
            c.end_marked();
        }
        i = j;
    }
}

/// The TJ array of a run of one face (`looked`: each glyph's code, as
/// [`Subsets::code_and_copy`] gave it): glyph codes, with an adjustment
/// (1/1000 em, negative moves right) wherever the layout placed the next
/// glyph off its natural advance (justification).
fn shown(run: &[PlacedGlyph], looked: &[(u16, bool)], size: f32, ctx: &Context) -> Vec<Shown> {
    let f = &ctx.book.faces[run[0].face];
    let mut pieces = Vec::new();
    let mut codes = Vec::with_capacity(run.len());
    for (k, (g, (code, _))) in run.iter().zip(looked).enumerate() {
        codes.push(*code);
        let advance = f.advance_em(g.ch).unwrap_or(1.0) * size;
        let offset = run
            .get(k + 1)
            .map_or(0.0, |next| -(next.x - g.x - advance) * 1000.0 / size);
        // Two decimals of 1/1000 em are far below what a printer resolves.
        let offset = (offset * 100.0).round() / 100.0;
        if offset != 0.0 && k + 1 < run.len() {
            pieces.push(Shown::Codes(std::mem::take(&mut codes)));
            pieces.push(Shown::Adjust(offset));
        }
    }
    if !codes.is_empty() {
        pieces.push(Shown::Codes(codes));
    }
    pieces
}

/// Begins a span whose text copies out as `text` whatever its glyphs'
/// ToUnicode entries say; "" copies nothing. Ended by `EMC`.
fn actual_text(c: &mut Content, text: &str) {
    c.begin_marked_with("Span", &Properties::new().text("ActualText", text));
}

/// A filled closed polygon.
fn polygon(c: &mut Content, points: &[Point], fill: Color, ctx: &Context) {
    let Some((p0, rest)) = points.split_first() else {
        return;
    };
    c.fill(fill).move_to(p0.x.0, ctx.ph - p0.y.0);
    for p in rest {
        c.line_to(p.x.0, ctx.ph - p.y.0);
    }
    c.close_path().fill_path();
}

/// Items drawn together: clipped, turned, their text copied as itself, not
/// at all, or invisibly.
fn group(
    c: &mut Canvas,
    clip: Option<&geom::Rect>,
    turn: Option<&Turn>,
    copy: CopyText,
    items: &[Item],
    ctx: &Context,
) {
    let ph = ctx.ph;
    c.content.save();
    if let Some(r) = clip {
        c.content
            .rect(r.x.0, ph - r.y.0 - r.h.0, r.w.0, r.h.0)
            .clip();
    }
    if let Some(t) = turn {
        // Clockwise as seen is clockwise in PDF's upward y too: a negative
        // angle about the centre.
        let (px, py) = (t.center.x.0, ph - t.center.y.0);
        let (sin, cos) = (-t.degrees.to_radians()).sin_cos();
        c.content.transform([
            cos,
            sin,
            -sin,
            cos,
            px - px * cos + py * sin,
            py - px * sin - py * cos,
        ]);
    }
    match copy {
        CopyText::Normal => {}
        // An empty /ActualText replaces the group's text with nothing.
        CopyText::Never => actual_text(&mut c.content, ""),
        CopyText::Invisible => {
            c.content.invisible_text();
        }
    }
    for it in items {
        item(c, it, ctx);
    }
    if copy == CopyText::Never {
        c.content.end_marked();
    }
    c.content.restore();
}

/// A link annotation: printpdf writes it into the page's `/Annots`.
fn link(r: &geom::Rect, target: &Target, ctx: &Context) -> Op {
    let action = match target {
        Target::Uri(u) => Actions::uri(u.clone()),
        Target::Page(p, ty) => Actions::go_to(Destination::Xyz {
            page: p + 1,
            left: Some(0.0),
            top: Some(ctx.ph - ty),
            zoom: None,
        }),
    };
    Op::LinkAnnotation {
        link: LinkAnnotation::new(
            Rect {
                x: Pt(r.x.0),
                y: Pt(ctx.ph - r.y.0 - r.h.0),
                width: Pt(r.w.0),
                height: Pt(r.h.0),
                mode: None,
                winding_order: None,
            },
            action,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            None,
        ),
    }
}
