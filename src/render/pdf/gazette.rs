//! The gazette on paper: an issue laid out once (cover, contents with page
//! numbers, the documents run on with a rule between them or each from a
//! new page, running header and page numbers, bookmarks), written whole
//! and as one offprint per document: the issue's pages with only that
//! document on them, so that an offprint's page and line are the issue's.

use std::path::{Path, PathBuf};

use super::layout::blocks::{self, Ctx};
use super::layout::boxes::{Color, Item, PageBox, Target, tag};
use super::layout::flow::{Frame, Landing, Slab, paginate, tagged};
use super::layout::fonts::{FontBook, Role};
use super::layout::tags::{Kind, NodeId, Tags};
use super::layout::text::{self, Styled, TextStyle};
use super::page::{MARGIN_TOP, MARGIN_X, decorate, frame, kept, line, put};
use super::writer::{A4, Label, Outline};
use crate::calendar::roc_long;
use crate::model::{Document, Gazette, Issue, PdfLayout};
use crate::render::geom::{Point, Rect};

/// An issue typeset once.
pub struct IssueLayout {
    pub pages: Vec<PageBox>,
    pub images: Vec<PathBuf>,
    pub outline: Vec<Outline>,
    /// Per document: the pages it is printed on, as indices into `pages`
    /// (start, end exclusive).
    pub documents: Vec<(usize, usize)>,
    /// Index of the page printed as 1 (the first document page).
    pub first_numbered: usize,
    /// Per document: where it starts and where what follows it starts,
    /// pages as indices into `pages`, items as on the page before its
    /// running header was added.
    spans: Vec<(Landing, Landing)>,
    /// Per page: how many items its running header put before the page's
    /// own, and its page number after them.
    furniture: Vec<(usize, usize)>,
    /// The structure tree (tagged PDF) of the whole issue.
    pub tags: Tags,
}

impl IssueLayout {
    /// The page labels of pages `start..` of the issue as a viewer shows
    /// them: 封面, the contents in roman numbers, then the printed page
    /// numbers (an offprint's pages keep their numbers in the issue).
    pub fn labels(&self, start: usize) -> Vec<(usize, Label)> {
        let numbered = self.first_numbered;
        let mut out = Vec::new();
        if start == 0 {
            out.push((0, Label::Text("封面".into())));
        }
        if start < numbered && numbered > 1 {
            let first = start.max(1);
            out.push((first - start, Label::Roman(first)));
        }
        let first = start.max(numbered);
        out.push((first - start, Label::Decimal(first - numbered + 1)));
        out
    }

    /// The printed page numbers of document `i`, `(5, 7)`.
    pub fn printed_pages(&self, i: usize) -> (usize, usize) {
        let (s, e) = self.documents[i];
        (s - self.first_numbered + 1, e - self.first_numbered)
    }

    /// Document `i`'s offprint: its pages of the issue with only its own
    /// text on them (where the issue prints it), the issue's running
    /// header and page numbers, and on the first page where it was
    /// published (`citation`).
    pub fn offprint(&self, book: &FontBook, i: usize, citation: &str) -> Vec<PageBox> {
        let (start, end) = self.spans[i];
        let (s, e) = self.documents[i];
        let mut pages: Vec<PageBox> = (s..e)
            .map(|p| {
                let page = &self.pages[p];
                let (before, after) = self.furniture[p];
                let own = before..page.items.len() - after;
                let from = if p == start.page { start.item } else { 0 };
                let to = if p == end.page { end.item } else { own.len() };
                let items = page.items[..before]
                    .iter()
                    .chain(&page.items[own.start + from.min(to)..own.start + to])
                    .chain(&page.items[own.end..])
                    .cloned()
                    .collect();
                PageBox {
                    items,
                    size: page.size,
                }
            })
            .collect();
        if let Some(first) = pages.first_mut() {
            offprint_note(book, first, citation, self.furniture[s].0);
        }
        pages
    }
}

/// The documents on the body pages (before the cover and contents).
struct Body {
    pages: Vec<PageBox>,
    /// Per document: where its first line landed, and where what follows
    /// it begins (the next document, or the end of the last page).
    spans: Vec<(Landing, Landing)>,
}

pub fn layout_issue(
    book: &FontBook,
    root: &Path,
    base_url: &str,
    g: &Gazette,
    issue: &Issue,
) -> IssueLayout {
    let frame = frame();
    let mut images = Vec::new();
    let mut tags = Tags::new();
    // The cover and the contents come first in the tree, laid out last.
    let cover_node = tags.push(Tags::ROOT, Kind::Sect);
    let contents_node = tags.push(Tags::ROOT, Kind::Sect);
    // Documents first: their pages do not depend on the contents' length.
    let flows: Vec<Vec<Slab>> = issue
        .documents
        .iter()
        .map(|doc| {
            let files = root.join(doc.source.with_extension(""));
            let sect = tags.push(Tags::ROOT, Kind::Sect);
            let mut slabs = document_head(book, g, doc, frame.width, &mut tags, sect);
            let mut ctx = Ctx {
                book,
                files: Some(&files),
                images: &mut images,
                tags: &mut tags,
            };
            slabs.extend(blocks::body(&mut ctx, &doc.body, frame.width, sect));
            let base = format!("{}{}", base_url, issue_url_path(issue, doc));
            slabs.extend(attachments(book, doc, &base, frame.width, &mut tags, sect));
            slabs
        })
        .collect();
    let body = match g.print.layout {
        PdfLayout::RunOn => run_on(flows, frame),
        PdfLayout::NewPage => new_page(&flows, frame),
    };
    // Contents, with links to body pages shifted once its length is known.
    let starts: Vec<(usize, f32)> = body.spans.iter().map(|(s, _)| (s.page, s.y)).collect();
    let contents_slabs = contents(
        book,
        g,
        issue,
        &starts,
        frame.width,
        &mut tags,
        contents_node,
    );
    let contents = paginate(&contents_slabs, frame);
    let first_numbered = 1 + contents.pages.len();
    let mut pages = vec![cover(book, g, issue, &mut tags, cover_node)];
    for mut p in contents.pages {
        shift_page_links(&mut p.items, first_numbered);
        pages.push(p);
    }
    let spans: Vec<(Landing, Landing)> = body
        .spans
        .iter()
        .map(|(s, e)| {
            let shift = |l: &Landing| Landing {
                page: l.page + first_numbered,
                ..*l
            };
            (shift(s), shift(e))
        })
        .collect();
    let documents: Vec<(usize, usize)> = spans
        .iter()
        .map(|(s, e)| {
            let last = if e.item == 0 { e.page } else { e.page + 1 };
            (s.page, last.max(s.page + 1))
        })
        .collect();
    pages.extend(body.pages);
    if g.print.has_colophon() {
        pages.push(colophon(book, g, issue, &mut tags));
    }
    let running = format!("{}　{}", g.name, issue.full_number());
    let date = roc_long(issue.date);
    let mut furniture = vec![(0, 0)];
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        let number = (i >= first_numbered).then(|| i - first_numbered + 1);
        furniture.push(decorate(book, page, &running, &date, number));
    }
    let outline = outline(g, issue, &documents, &starts, first_numbered);
    IssueLayout {
        pages,
        images,
        outline,
        documents,
        first_numbered,
        spans,
        furniture,
        tags,
    }
}

/// Links to pages in `items` (tagged ones too) moved `by` pages on.
fn shift_page_links(items: &mut [Item], by: usize) {
    for it in items {
        match it {
            Item::Link {
                target: Target::Page(page, _),
                ..
            } => *page += by,
            Item::Tagged { items, .. } => shift_page_links(items, by),
            _ => {}
        }
    }
}

/// A document's folder URL without the leading `/` (its attachments are
/// there), for absolute links from `base_url`.
fn issue_url_path(issue: &Issue, doc: &Document) -> String {
    crate::render::urls::attachment(issue.date, &doc.slug, "")
        .trim_start_matches('/')
        .to_string()
}

/// 附件: the document's attachments by title, each a link to the file on
/// the site (`base`: the document's folder URL). They are listed, not
/// embedded: PDF/A-2 embeds only PDF/A files (see docs/pdf.md).
fn attachments(
    book: &FontBook,
    doc: &Document,
    base: &str,
    width: f32,
    tags: &mut Tags,
    parent: NodeId,
) -> Vec<Slab> {
    if doc.attachments.is_empty() {
        return Vec::new();
    }
    let heading = tags.push(parent, Kind::H(2));
    let mut out = tagged(
        kept(
            line(book, "附件", Role::Heading, 13.0, 0.0, width, Color::BLACK),
            18.0,
        ),
        heading,
    );
    let list = tags.push(parent, Kind::L);
    for (i, a) in doc.attachments.iter().enumerate() {
        let li = tags.push(list, Kind::LI);
        let lbl = tags.push(li, Kind::Lbl);
        let body = tags.push(li, Kind::LBody);
        let marker = crate::calendar::list_marker(0, (i + 1) as u32);
        let text_of = format!("{}（{}）", a.title, a.file);
        let url = crate::render::data::uri(&format!("{base}{}", a.file));
        let link = tags.push(
            body,
            Kind::Link {
                text: format!("附件{}：{}", i + 1, a.title),
            },
        );
        let mut t = Styled::default();
        t.push(&marker, TextStyle::new(Role::Body, 11.0));
        let marker_w = text::width(book, &marker, Role::Body, 11.0);
        let mut lines = {
            let mut body_text = Styled::default();
            body_text.push(
                &text_of,
                TextStyle {
                    color: Color::LINK,
                    link: Some(Target::Uri(url)),
                    tag: Some(link),
                    ..TextStyle::new(Role::Body, 11.0)
                },
            );
            text::lines(book, &body_text, marker_w, width - marker_w, 0.0, 1.6)
        };
        let marker_items = text::lines(book, &t, 0.0, marker_w + 11.0, 0.0, 1.6)
            .into_iter()
            .flat_map(|l| l.items);
        if let Some(first) = lines.first_mut() {
            first.items.splice(0..0, tag(marker_items.collect(), lbl));
            first.space_before = 4.0;
        }
        out.extend(lines);
    }
    out
}

/// Keys of the anchors a run-on flow sets.
const fn doc_anchor(i: usize) -> usize {
    2 * i
}
const fn rule_anchor(i: usize) -> usize {
    2 * i + 1
}

/// The documents one after the other, a rule between two of them (left
/// out where it would start a page).
fn run_on(flows: Vec<Vec<Slab>>, frame: Frame) -> Body {
    let n = flows.len();
    let mut all = Vec::new();
    for (i, mut slabs) in flows.into_iter().enumerate() {
        if i > 0 {
            all.push(Slab {
                height: 20.0,
                space_before: 10.0,
                anchor: Some(rule_anchor(i)),
                skip_at_top: true,
                items: vec![Item::Rule {
                    from: Point::pt(frame.width * 0.3, 10.0),
                    to: Point::pt(frame.width * 0.7, 10.0),
                    width: 0.6,
                    color: Color::GRAY,
                }],
                ..Slab::default()
            });
        }
        if let Some(first) = slabs.first_mut() {
            first.anchor = Some(doc_anchor(i));
        } else {
            slabs.push(Slab {
                anchor: Some(doc_anchor(i)),
                ..Slab::default()
            });
        }
        all.extend(slabs);
    }
    let paged = paginate(&all, frame);
    let end = Landing {
        page: paged.pages.len(),
        y: frame.top,
        item: 0,
    };
    let at = |key: usize| paged.anchors.get(&key).copied();
    let spans = (0..n)
        .map(|i| {
            let start = at(doc_anchor(i)).unwrap_or(end);
            let next = at(rule_anchor(i + 1))
                .or_else(|| at(doc_anchor(i + 1)))
                .unwrap_or(end);
            (start, next)
        })
        .collect();
    Body {
        pages: paged.pages,
        spans,
    }
}

/// Each document from a new page.
fn new_page(flows: &[Vec<Slab>], frame: Frame) -> Body {
    let mut pages = Vec::new();
    let mut spans = Vec::new();
    let landing = |page| Landing {
        page,
        y: frame.top,
        item: 0,
    };
    for slabs in flows {
        let start = landing(pages.len());
        pages.extend(paginate(slabs, frame).pages);
        spans.push((start, landing(pages.len())));
    }
    Body { pages, spans }
}

/// 刊登於…: what an offprint's first page says of where it was published,
/// under the running header (its first `header` items), flush right.
fn offprint_note(book: &FontBook, page: &mut PageBox, citation: &str, header: usize) {
    let w = page.size.unwrap_or(A4).w.0;
    let note = format!("本件刊登於{citation}");
    let nw = text::width(book, &note, Role::Body, 8.0);
    let items = put(book, &note, 8.0, Color::GRAY, w - MARGIN_X - nw, 60.0);
    page.items.splice(header..header, items);
}

/// The metadata block's lines: every agency of a joint document, the
/// legal dates, and the document a correction corrects.
fn head_fields(g: &Gazette, doc: &Document) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("發文機關", doc.agency_names()),
        ("發文字號", doc.doc_number.clone()),
        ("發文日期", roc_long(doc.date)),
    ];
    if let Some(d) = doc.effective {
        fields.push(("生效日期", roc_long(d)));
    }
    if let Some(d) = doc.comment_until {
        fields.push(("預告期間", format!("陳述意見至{}止", roc_long(d))));
    }
    if let Some((issue, target)) = doc.corrects.as_ref().and_then(|r| g.find(r)) {
        fields.push((
            "更正",
            format!("{}{}「{}」", g.name, issue.full_number(), target.title),
        ));
    }
    fields
}

/// Title (the document's `H1`), metadata block (a paragraph a line) and a
/// rule.
fn document_head(
    book: &FontBook,
    g: &Gazette,
    doc: &Document,
    width: f32,
    tags: &mut Tags,
    sect: NodeId,
) -> Vec<Slab> {
    let h1 = tags.push(sect, Kind::H(1));
    let title = line(
        book,
        &doc.title,
        Role::Heading,
        16.0,
        0.0,
        width,
        Color::BLACK,
    );
    let mut out = tagged(kept(title, 0.0), h1);
    if let Some(en) = &doc.title_en {
        let p = tags.push(sect, Kind::P);
        tags.set_lang(p, "en");
        out.extend(tagged(
            kept(
                line(book, en, Role::Body, 10.5, 0.0, width, Color::GRAY),
                2.0,
            ),
            p,
        ));
    }
    for (label, value) in head_fields(g, doc) {
        let mut t = Styled::default();
        t.push(
            &format!("{label}："),
            TextStyle {
                color: Color::GRAY,
                ..TextStyle::new(Role::Heading, 10.5)
            },
        );
        t.push(&value, TextStyle::new(Role::Body, 10.5));
        let p = tags.push(sect, Kind::P);
        out.extend(tagged(
            kept(text::lines(book, &t, 0.0, width, 0.0, 1.6), 2.0),
            p,
        ));
    }
    // The block and its rule stay with the body's first lines.
    out.push(Slab {
        height: 14.0,
        keep_with_next: true,
        items: vec![Item::Rule {
            from: Point::pt(0.0, 7.0),
            to: Point::pt(width, 7.0),
            width: 0.8,
            color: Color::BLACK,
        }],
        ..Slab::default()
    });
    out
}

/// The cover: the gazette's name (an `H1`), and a paragraph a line.
fn cover(book: &FontBook, g: &Gazette, issue: &Issue, tags: &mut Tags, sect: NodeId) -> PageBox {
    let w = A4.w.0;
    let mut centred = |s: &str, role: Role, size: f32, y: f32| -> Vec<Item> {
        let tw = text::width(book, s, role, size);
        let mut t = Styled::default();
        t.push(s, TextStyle::new(role, size));
        let kind = if size >= 40.0 { Kind::H(1) } else { Kind::P };
        let node = tags.push(sect, kind);
        let items = text::lines(book, &t, 0.0, tw + size, 0.0, 1.0)
            .into_iter()
            .flat_map(|l| l.items)
            .map(|it| it.shifted((w - tw) / 2.0, y))
            .collect();
        tag(items, node)
    };
    let mut items = vec![
        Item::Rect {
            rect: Rect::pt(MARGIN_X, 200.0, w - 2.0 * MARGIN_X, 6.0),
            fill: Color::NAVY,
        },
        Item::Rule {
            from: Point::pt(MARGIN_X, 214.0),
            to: Point::pt(w - MARGIN_X, 214.0),
            width: 1.0,
            color: Color::NAVY,
        },
    ];
    items.extend(centred(&g.name, Role::Heading, 40.0, 250.0));
    items.extend(centred(&issue.full_number(), Role::Heading, 24.0, 330.0));
    items.extend(centred(
        &format!("{}出刊", roc_long(issue.date)),
        Role::Body,
        15.0,
        390.0,
    ));
    if let Some(note) = &issue.note {
        items.extend(centred(note, Role::Body, 14.0, 425.0));
    }
    items.push(Item::Rule {
        from: Point::pt(MARGIN_X, 470.0),
        to: Point::pt(w - MARGIN_X, 470.0),
        width: 1.0,
        color: Color::NAVY,
    });
    items.extend(centred(
        &format!("發行機關：{}", g.publisher),
        Role::Body,
        14.0,
        700.0,
    ));
    let ids = identifiers(g);
    if !ids.is_empty() {
        items.extend(centred(&ids.join("　"), Role::Body, 10.0, 740.0));
    }
    PageBox { items, size: None }
}

/// `GPN：…` and `ISSN …`, as the cover and the 版權頁 print them.
fn identifiers(g: &Gazette) -> Vec<String> {
    let gpn = g.print.gpn.iter().map(|n| format!("GPN：{n}"));
    let issn = g.print.issn.iter().map(|n| format!("ISSN：{n}"));
    gpn.chain(issn).collect()
}

/// 版權頁: the last page of an issue that has a GPN, an ISSN or colophon
/// lines, as the rules for government publications expect: title,
/// frequency, publisher, date, the editor's lines, the identifiers.
fn colophon(book: &FontBook, g: &Gazette, issue: &Issue, tags: &mut Tags) -> PageBox {
    let days: Vec<String> = g.schedule.days().iter().map(|d| format!("{d}日")).collect();
    let mut lines = vec![
        format!("刊　　名：{}", issue.gazette_name(g)),
        format!("期　　別：{}", issue.full_number()),
        format!("出刊日期：{}", roc_long(issue.date)),
        format!("刊期頻率：每月{}出刊", days.join("、")),
        format!("出版機關：{}", g.publisher),
    ];
    lines.extend(g.print.colophon.iter().cloned());
    lines.extend(identifiers(g));
    let frame = frame();
    let size = 11.0;
    let step = size * 2.0;
    let top = frame.top + frame.height - step * lines.len() as f32 - 24.0;
    let sect = tags.push(Tags::ROOT, Kind::Sect);
    let h1 = tags.push(sect, Kind::H(1));
    let mut items = tag(put_heading(book, "版權頁", frame.left, top - 40.0), h1);
    items.push(Item::Rule {
        from: Point::pt(frame.left, top - 10.0),
        to: Point::pt(frame.left + frame.width, top - 10.0),
        width: 0.8,
        color: Color::BLACK,
    });
    let mut y = top;
    for l in &lines {
        let mut t = Styled::default();
        t.push(l, TextStyle::new(Role::Body, size));
        let p = tags.push(sect, Kind::P);
        for slab in text::lines(book, &t, 0.0, frame.width, 0.0, 1.6) {
            let placed = slab.items.iter().map(|it| it.shifted(frame.left, y));
            items.extend(tag(placed.collect(), p));
            y += slab.height;
        }
        y += step - size * 1.6;
    }
    PageBox { items, size: None }
}

fn put_heading(book: &FontBook, s: &str, x: f32, y: f32) -> Vec<Item> {
    line(book, s, Role::Heading, 13.0, 0.0, A4.w.0, Color::BLACK)
        .into_iter()
        .flat_map(|l| l.items)
        .map(|it| it.shifted(x, y))
        .collect()
}

/// 目錄: categories in order, each document with its first page number
/// and a link to it. Link targets are body page indices. Tagged as an
/// `H1`, and per category an `H2` and a `TOC` of `TOCI`s holding a `Link`.
fn contents(
    book: &FontBook,
    g: &Gazette,
    issue: &Issue,
    starts: &[(usize, f32)],
    width: f32,
    tags: &mut Tags,
    sect: NodeId,
) -> Vec<Slab> {
    let h1 = tags.push(sect, Kind::H(1));
    let mut out = tagged(
        line(
            book,
            "目　錄",
            Role::Heading,
            18.0,
            0.0,
            width,
            Color::BLACK,
        ),
        h1,
    );
    let number_w = 40.0;
    for c in &g.categories {
        let docs: Vec<(usize, &Document)> = issue
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| &d.category == c)
            .collect();
        if docs.is_empty() {
            continue;
        }
        let h2 = tags.push(sect, Kind::H(2));
        out.extend(tagged(
            kept(
                line(book, c, Role::Heading, 13.0, 0.0, width, Color::BLACK),
                10.0,
            ),
            h2,
        ));
        let toc = tags.push(sect, Kind::TOC);
        for (i, doc) in docs {
            let (page, top) = starts[i];
            let toci = tags.push(toc, Kind::TOCI);
            let link = tags.push(
                toci,
                Kind::Link {
                    text: doc.title.clone(),
                },
            );
            let mut entry = line(
                book,
                &doc.title,
                Role::Body,
                11.0,
                12.0,
                width - number_w - 12.0,
                Color::BLACK,
            );
            let n = entry.len();
            // An entry's lines stay on one page with their page number.
            for s in entry.iter_mut().take(n.saturating_sub(1)) {
                s.keep_with_next = true;
            }
            let target = Target::Page(page, top);
            for (k, s) in entry.iter_mut().enumerate() {
                s.items.push(Item::Link {
                    rect: Rect::pt(0.0, 0.0, width, s.height),
                    target: target.clone(),
                });
                if k + 1 == n {
                    let num = (page + 1).to_string();
                    let nw = text::width(book, &num, Role::Body, 11.0);
                    let numbers = line(
                        book,
                        &num,
                        Role::Body,
                        11.0,
                        width - nw,
                        nw + 11.0,
                        Color::BLACK,
                    );
                    s.items.extend(numbers.into_iter().flat_map(|l| l.items));
                }
            }
            out.extend(tagged(entry, link));
        }
    }
    out
}

fn outline(
    g: &Gazette,
    issue: &Issue,
    docs: &[(usize, usize)],
    starts: &[(usize, f32)],
    first_numbered: usize,
) -> Vec<Outline> {
    let mut out = vec![Outline {
        title: "封面".into(),
        page: 0,
        y: 0.0,
        children: Vec::new(),
    }];
    if first_numbered > 1 {
        out.push(Outline {
            title: "目錄".into(),
            page: 1,
            y: MARGIN_TOP,
            children: Vec::new(),
        });
    }
    for c in &g.categories {
        let children: Vec<Outline> = issue
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| &d.category == c)
            .map(|(i, d)| Outline {
                title: d.title.clone(),
                page: docs[i].0,
                y: starts[i].1,
                children: Vec::new(),
            })
            .collect();
        if let Some(first) = children.first() {
            out.push(Outline {
                title: c.clone(),
                page: first.page,
                y: first.y,
                children,
            });
        }
    }
    out
}
