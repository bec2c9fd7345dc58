//! The Markdown block tree as slabs: headings, paragraphs, official
//! numbered lists with hanging indents, tables, quotes, images, rules and
//! footnotes.

use std::path::{Path, PathBuf};

use super::boxes::{Color, Item, Target, tag};
use super::flow::Slab;
use super::fonts::{FontBook, Role};
use super::table;
use super::tags::{Kind, NodeId, Tags};
use super::text::{self, Styled, TextStyle};
use crate::calendar::list_marker;
use crate::markdown::{Block, Inline, Markdown};
use crate::render::geom::{Point, Rect};

/// Sizes in points.
pub const BODY: f32 = 12.0;
pub const LEADING: f32 = 1.7;
const PARAGRAPH_SPACE: f32 = 6.0;

/// What block layout needs besides the blocks.
pub struct Ctx<'a> {
    pub book: &'a FontBook,
    /// Where relative image paths are found (the document's attachment folder).
    pub files: Option<&'a Path>,
    /// Images placed so far; `Item::Image` indexes into it.
    pub images: &'a mut Vec<PathBuf>,
    /// The structure tree the blocks' elements go into.
    pub tags: &'a mut Tags,
}

/// Where a block goes: its left edge, width, list depth and parent element.
#[derive(Debug, Clone, Copy)]
struct At {
    x: f32,
    width: f32,
    depth: usize,
    parent: NodeId,
    /// The element level (`H2`…) of each Markdown heading level.
    levels: [u8; 7],
}

/// Lays out a whole body under `parent`, footnotes (`Note` elements) at
/// the end.
pub fn body(ctx: &mut Ctx, md: &Markdown, width: f32, parent: NodeId) -> Vec<Slab> {
    let mut out = Vec::new();
    let at = At {
        x: 0.0,
        width,
        depth: 0,
        parent,
        levels: heading_levels(&md.blocks),
    };
    blocks(ctx, &md.blocks, at, &mut out);
    if !md.footnotes.is_empty() {
        // The rule stays with the first note.
        out.push(Slab {
            keep_with_next: true,
            ..rule(0.0, width / 3.0, PARAGRAPH_SPACE * 2.0)
        });
        for f in &md.footnotes {
            let marker = format!("註{}：", f.number);
            let note = ctx.tags.push(parent, Kind::Note);
            let label = ctx.tags.push(note, Kind::Lbl);
            list_item(
                ctx,
                &marker,
                &f.blocks,
                (label, note),
                at,
                BODY * 0.85,
                &mut out,
            );
        }
    }
    out
}

fn blocks(ctx: &mut Ctx, blocks: &[Block], at: At, out: &mut Vec<Slab>) {
    for b in blocks {
        block(ctx, b, at, out);
    }
}

fn block(ctx: &mut Ctx, b: &Block, at: At, out: &mut Vec<Slab>) {
    let At {
        x, width, depth, ..
    } = at;
    match b {
        Block::Heading { level, content } => {
            let size = match level {
                1 => 16.0,
                2 => 14.0,
                _ => 13.0,
            };
            let h = at.levels[(*level as usize).min(6)];
            let node = ctx.tags.push(at.parent, Kind::H(h));
            let mut t = Styled::default();
            inlines(
                ctx.tags,
                node,
                &mut t,
                content,
                &TextStyle::new(Role::Heading, size),
            );
            push_lines(
                ctx,
                &t,
                (x, width, 0.0),
                PARAGRAPH_SPACE * 2.0,
                true,
                node,
                out,
            );
        }
        Block::Paragraph(content) => {
            let node = ctx.tags.push(at.parent, Kind::P);
            let mut t = Styled::default();
            inlines(
                ctx.tags,
                node,
                &mut t,
                content,
                &TextStyle::new(Role::Body, BODY),
            );
            if is_signature(&t) {
                signature(ctx, &t, x, width, node, out);
                return;
            }
            // 主旨：… hangs after its label, as official documents print it.
            let hang = official_label(&t).map_or(0.0, |label| {
                text::width(ctx.book, label, Role::Body, BODY).min(width / 3.0)
            });
            push_lines(
                ctx,
                &t,
                (x + hang, width - hang, -hang),
                PARAGRAPH_SPACE,
                false,
                node,
                out,
            );
        }
        Block::List { start, items } => {
            let list = ctx.tags.push(at.parent, Kind::L);
            for (i, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(s) => list_marker(depth, (*s as u32).saturating_add(i as u32)),
                    None => "・".to_string(),
                };
                let d = if start.is_some() { depth + 1 } else { depth };
                let li = ctx.tags.push(list, Kind::LI);
                let lbl = ctx.tags.push(li, Kind::Lbl);
                let body = ctx.tags.push(li, Kind::LBody);
                let at = At { depth: d, ..at };
                list_item(ctx, &marker, item, (lbl, body), at, BODY, out);
            }
        }
        Block::Table(t) => out.extend(table::layout(ctx.book, t, x, width, ctx.tags, at.parent)),
        Block::Quote(inner) => {
            let first = out.len();
            let quote = ctx.tags.push(at.parent, Kind::BlockQuote);
            let inner_at = At {
                x: x + BODY * 1.5,
                width: width - BODY * 1.5,
                depth,
                parent: quote,
                ..at
            };
            blocks(ctx, inner, inner_at, out);
            for s in &mut out[first..] {
                s.items.push(Item::Rule {
                    from: Point::pt(x + 4.0, 0.0),
                    to: Point::pt(x + 4.0, s.height),
                    width: 2.0,
                    color: Color::GRAY,
                });
            }
        }
        Block::Code(code) => {
            let node = ctx.tags.push(at.parent, Kind::P);
            for line in code.lines() {
                let mut t = Styled::default();
                t.push(line, TextStyle::new(Role::Body, BODY * 0.9));
                push_lines(
                    ctx,
                    &t,
                    (x + BODY, width - BODY, 0.0),
                    0.0,
                    false,
                    node,
                    out,
                );
            }
        }
        Block::Html(html) => {
            let node = ctx.tags.push(at.parent, Kind::P);
            let mut t = Styled::default();
            t.push(html, TextStyle::new(Role::Body, BODY));
            push_lines(ctx, &t, (x, width, 0.0), PARAGRAPH_SPACE, false, node, out);
        }
        Block::Rule => out.push(rule(x, width, PARAGRAPH_SPACE)),
    }
    // Images are blocks of their own on paper.
    if let Block::Paragraph(content) = b {
        for i in content {
            if let Inline::Image { url, alt } = i {
                image(ctx, url, alt, at, out);
            }
        }
    }
}

/// The structure level of each Markdown heading level used in `blocks`:
/// the title is the `H1`, so the highest heading is an `H2`, the next
/// level used an `H3`, and so on, none skipped (PDF/UA asks it).
fn heading_levels(blocks: &[Block]) -> [u8; 7] {
    fn used(blocks: &[Block], seen: &mut [bool; 7]) {
        for b in blocks {
            match b {
                Block::Heading { level, .. } => seen[(*level as usize).min(6)] = true,
                Block::Quote(inner) => used(inner, seen),
                Block::List { items, .. } => items.iter().for_each(|i| used(i, seen)),
                _ => {}
            }
        }
    }
    let mut seen = [false; 7];
    used(blocks, &mut seen);
    let mut levels = [2; 7];
    let mut next = 2;
    for (level, s) in seen.iter().enumerate() {
        levels[level] = next.min(6);
        if *s {
            next += 1;
        }
    }
    levels
}

/// A list item (or a footnote): the marker hangs in the margin of the
/// item's first line; every line of the item starts after it. The marker
/// is content of `label`, the blocks of `body` (`Lbl` and `LBody` of a
/// list item; a footnote's `Lbl` and `Note`).
fn list_item(
    ctx: &mut Ctx,
    marker: &str,
    item: &[Block],
    (label, body): (NodeId, NodeId),
    at: At,
    size: f32,
    out: &mut Vec<Slab>,
) {
    let marker_w = text::width(ctx.book, marker, Role::Body, size);
    let first = out.len();
    let inner = At {
        x: at.x + marker_w,
        width: at.width - marker_w,
        parent: body,
        ..at
    };
    blocks(ctx, item, inner, out);
    let mut t = Styled::default();
    t.push(marker, TextStyle::new(Role::Body, size));
    let marker_slab = text::lines(ctx.book, &t, at.x, marker_w + size, 0.0, LEADING)
        .into_iter()
        .next()
        .map(|m| Slab {
            items: tag(m.items, label),
            ..m
        });
    // The marker goes first in the content stream, so that extracted text
    // reads 一、臺中市… rather than the line and then its marker.
    match (out.get_mut(first), marker_slab) {
        (Some(slab), Some(m)) => {
            slab.items.splice(0..0, m.items);
        }
        (None, Some(m)) => out.push(m),
        _ => {}
    }
    if let Some(s) = out.get_mut(first) {
        s.space_before = s.space_before.min(PARAGRAPH_SPACE / 2.0);
    }
}

/// A paragraph's lines, content of `node`: set from `x` in `width`, the
/// first line `indent` further right (a hanging label: negative).
fn push_lines(
    ctx: &Ctx,
    t: &Styled,
    (x, width, indent): (f32, f32, f32),
    space: f32,
    keep: bool,
    node: NodeId,
    out: &mut Vec<Slab>,
) {
    if t.is_empty() {
        return;
    }
    let mut lines = text::lines(ctx.book, t, x, width, indent, LEADING);
    let n = lines.len();
    for (i, l) in lines.iter_mut().enumerate() {
        l.items = tag(std::mem::take(&mut l.items), node);
        if i == 0 {
            l.space_before = space;
        }
        // Keep a heading's lines together and with what follows; keep a
        // paragraph's first two lines together (no orphan) and its last
        // two (no widow).
        l.keep_with_next = keep || (n > 2 && (i == 0 || i + 2 == n));
    }
    out.extend(lines);
}

/// The labels of an official document's paragraphs (公文程式): the text
/// after them hangs under the text, not under the label.
const LABELS: [&str; 8] = [
    "主旨：",
    "說明：",
    "依據：",
    "辦法：",
    "公告事項：",
    "附件：",
    "正本：",
    "副本：",
];

/// The label a paragraph starts with, when text follows it.
fn official_label(t: &Styled) -> Option<&'static str> {
    let first = t.runs.first()?;
    LABELS
        .into_iter()
        .find(|l| first.text.starts_with(l) && (first.text.len() > l.len() || t.runs.len() > 1))
}

/// Signatories: every line `職稱　姓名`, short, title and name apart by an
/// ideographic space (`部長　陳威仁`), as the documents end.
fn is_signature(t: &Styled) -> bool {
    let text: String = t.runs.iter().map(|r| r.text.as_str()).collect();
    !text.is_empty()
        && text.split('\n').all(|l| {
            let parts: Vec<&str> = l.split('\u{3000}').filter(|p| !p.is_empty()).collect();
            parts.len() == 2 && l.chars().count() <= 16 && !l.contains(['：', '，', '。'])
        })
}

/// Signature lines: set apart in the right half, a size larger, kept
/// together and never stretched.
fn signature(ctx: &Ctx, t: &Styled, x: f32, width: f32, node: NodeId, out: &mut Vec<Slab>) {
    let text: String = t.runs.iter().map(|r| r.text.as_str()).collect();
    let size = BODY * 1.2;
    let lines: Vec<&str> = text.split('\n').collect();
    let n = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        let mut s = Styled {
            ragged: true,
            ..Styled::default()
        };
        s.push(l, TextStyle::new(Role::Body, size));
        for mut slab in text::lines(ctx.book, &s, x + width / 2.0, width / 2.0, 0.0, LEADING) {
            slab.keep_with_next = i + 1 < n;
            slab.space_before = if i == 0 { PARAGRAPH_SPACE * 3.0 } else { 0.0 };
            out.push(slab.tagged(node));
        }
    }
}

/// Flattens inlines into styled text; a link gets a `Link` element
/// under `parent`.
fn inlines(tags: &mut Tags, parent: NodeId, t: &mut Styled, content: &[Inline], style: &TextStyle) {
    for i in content {
        match i {
            Inline::Text(s) | Inline::Code(s) | Inline::Html(s) => t.push(s, style.clone()),
            Inline::Emphasis(c) | Inline::Strike(c) => inlines(tags, parent, t, c, style),
            Inline::Strong(c) => inlines(
                tags,
                parent,
                t,
                c,
                &TextStyle {
                    role: Role::Heading,
                    ..style.clone()
                },
            ),
            Inline::Link { url, content } => {
                // Only whole addresses become PDF links (`/URI`), and only
                // the schemes a page may link to.
                let target = if crate::links::scheme(url).is_some() && crate::links::is_safe(url) {
                    Some(Target::Uri(url.clone()))
                } else {
                    None
                };
                let tag = target.is_some().then(|| {
                    let text = Inline::plain(content);
                    tags.push(parent, Kind::Link { text })
                });
                let linked = TextStyle {
                    color: if target.is_some() {
                        Color::LINK
                    } else {
                        style.color
                    },
                    link: target,
                    tag: tag.or(style.tag),
                    ..style.clone()
                };
                inlines(tags, parent, t, content, &linked);
            }
            Inline::Image { .. } => {}
            Inline::FootnoteRef { number, .. } => t.push(
                &format!("[註{number}]"),
                TextStyle {
                    size: style.size * 0.7,
                    rise: style.size * 0.35,
                    ..style.clone()
                },
            ),
            Inline::SoftBreak => t.push(" ", style.clone()),
            Inline::HardBreak => t.push("\n", style.clone()),
        }
    }
    // A soft break between two Chinese characters is no space.
    for r in &mut t.runs {
        if r.text.contains(' ') {
            r.text = join_soft_breaks(&r.text);
        }
    }
}

fn join_soft_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        let wide = |c: Option<&char>| c.is_some_and(|c| super::linebreak::is_wide(*c));
        if *c == ' ' && wide(i.checked_sub(1).and_then(|p| chars.get(p))) && wide(chars.get(i + 1))
        {
            continue;
        }
        out.push(*c);
    }
    out
}

fn rule(x: f32, width: f32, space: f32) -> Slab {
    Slab {
        height: 8.0,
        space_before: space,
        items: vec![Item::Rule {
            from: Point::pt(x, 4.0),
            to: Point::pt(x + width, 4.0),
            width: 0.5,
            color: Color::GRAY,
        }],
        ..Slab::default()
    }
}

/// An image from the attachment folder, scaled to the width and to at most
/// 40% of a page's height: a `Figure` whose `/Alt` is the Markdown's alt
/// text, printed below it as its caption (kept with it).
fn image(ctx: &mut Ctx, url: &str, alt: &str, at: At, out: &mut Vec<Slab>) {
    let Some(path) = ctx.files.map(|f| f.join(url)) else {
        return;
    };
    let Ok(size) = imagesize::size(&path) else {
        return;
    };
    let (w, h) = (size.width as f32 * 0.75, size.height as f32 * 0.75); // 96 dpi
    let scale = (at.width / w).min(300.0 / h).min(1.0);
    ctx.images.push(path);
    let alt = alt.trim();
    // A figure needs a text alternative: the file's name when the
    // Markdown gives none.
    let figure_alt = if alt.is_empty() { url } else { alt };
    let figure = ctx.tags.push(
        at.parent,
        Kind::Figure {
            alt: figure_alt.to_string(),
        },
    );
    out.push(Slab {
        height: h * scale + PARAGRAPH_SPACE,
        space_before: PARAGRAPH_SPACE,
        keep_with_next: !alt.is_empty(),
        items: vec![Item::Tagged {
            node: figure,
            items: vec![Item::Image {
                rect: Rect::pt(at.x, 0.0, w * scale, h * scale),
                image: ctx.images.len() - 1,
            }],
        }],
        ..Slab::default()
    });
    if !alt.is_empty() {
        let caption = ctx.tags.push(at.parent, Kind::Caption);
        let mut t = Styled::default();
        t.push(
            alt,
            TextStyle {
                color: Color::GRAY,
                ..TextStyle::new(Role::Body, CAPTION)
            },
        );
        let mut lines = text::lines(ctx.book, &t, at.x, at.width, 0.0, LEADING);
        for l in &mut lines {
            l.items = tag(std::mem::take(&mut l.items), caption);
        }
        if let Some(last) = lines.last_mut() {
            last.height += PARAGRAPH_SPACE;
        }
        out.extend(lines);
    }
}

/// The size of an image's caption.
const CAPTION: f32 = 10.5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn headings_become_h2_and_on_without_skipping_a_level() {
        let md = parse("### a\n\n##### b\n\n### c\n", 1, false);
        let l = heading_levels(&md.blocks);
        assert_eq!((l[3], l[5]), (2, 3));
        let md = parse("# a\n\n## b\n", 1, false);
        let l = heading_levels(&md.blocks);
        assert_eq!((l[1], l[2]), (2, 3));
    }
}
