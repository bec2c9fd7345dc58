//! The gazette on paper: an issue laid out once (cover, contents with page
//! numbers, every document from a new page with running header and page
//! numbers, bookmarks), written whole and as one offprint per document.

use std::path::{Path, PathBuf};

use super::layout::blocks::{self, Ctx};
use super::layout::boxes::{Color, Item, PageBox, Target};
use super::layout::flow::{Slab, paginate};
use super::layout::fonts::{FontBook, Role};
use super::layout::text::{self, Styled, TextStyle};
use super::page::{MARGIN_TOP, MARGIN_X, decorate, frame, kept, line};
use super::writer::{A4, Outline};
use crate::calendar::roc_long;
use crate::model::{Document, Gazette, Issue};

/// An issue typeset once.
pub struct IssueLayout {
    pub pages: Vec<PageBox>,
    pub images: Vec<PathBuf>,
    pub outline: Vec<Outline>,
    /// Per document: its pages as indices into `pages` (start, end exclusive).
    pub documents: Vec<(usize, usize)>,
    /// Index of the page printed as 1 (the first document page).
    pub first_numbered: usize,
}

impl IssueLayout {
    /// The printed page numbers of document `i`, `(5, 7)`.
    pub fn printed_pages(&self, i: usize) -> (usize, usize) {
        let (s, e) = self.documents[i];
        (s - self.first_numbered + 1, e - self.first_numbered)
    }
}

pub fn layout_issue(book: &FontBook, root: &Path, g: &Gazette, issue: &Issue) -> IssueLayout {
    let frame = frame();
    let mut images = Vec::new();
    // Documents first: their pages do not depend on the contents' length.
    let mut body_pages: Vec<PageBox> = Vec::new();
    let mut doc_ranges = Vec::new();
    let mut doc_tops = Vec::new();
    for doc in &issue.documents {
        let files = root.join(doc.source.with_extension(""));
        let mut ctx = Ctx {
            book,
            files: Some(&files),
            images: &mut images,
        };
        let mut slabs = document_head(book, g, doc, frame.width);
        slabs.extend(blocks::body(&mut ctx, &doc.body, frame.width));
        let paged = paginate(&slabs, frame);
        let start = body_pages.len();
        body_pages.extend(paged.pages);
        doc_ranges.push((start, body_pages.len()));
        doc_tops.push(frame.top);
    }
    // Contents, with links to body pages shifted once its length is known.
    let contents_slabs = contents(book, g, issue, &doc_ranges, frame.width);
    let contents = paginate(&contents_slabs, frame);
    let first_numbered = 1 + contents.pages.len();
    let mut pages = vec![cover(book, g, issue)];
    for mut p in contents.pages {
        for it in &mut p.items {
            if let Item::Link {
                target: Target::Page(page, _),
                ..
            } = it
            {
                *page += first_numbered;
            }
        }
        pages.push(p);
    }
    pages.extend(body_pages);
    let running = format!("{}　{}", g.name, issue.full_number());
    let date = roc_long(issue.date);
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        let number = (i >= first_numbered).then(|| i - first_numbered + 1);
        decorate(book, page, &running, &date, number);
    }
    let documents: Vec<(usize, usize)> = doc_ranges
        .iter()
        .map(|(s, e)| (s + first_numbered, e + first_numbered))
        .collect();
    let outline = outline(g, issue, &documents, frame.top);
    IssueLayout {
        pages,
        images,
        outline,
        documents,
        first_numbered,
    }
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

/// Title, metadata block and a rule.
fn document_head(book: &FontBook, g: &Gazette, doc: &Document, width: f32) -> Vec<Slab> {
    let title = line(
        book,
        &doc.title,
        Role::Heading,
        16.0,
        0.0,
        width,
        Color::BLACK,
    );
    let mut out = kept(title, 0.0);
    if let Some(en) = &doc.title_en {
        out.extend(kept(
            line(book, en, Role::Body, 10.5, 0.0, width, Color::GRAY),
            2.0,
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
        out.extend(kept(text::lines(book, &t, 0.0, width, 0.0, 1.6), 2.0));
    }
    out.push(Slab {
        height: 14.0,
        items: vec![Item::Rule {
            x1: 0.0,
            y1: 7.0,
            x2: width,
            y2: 7.0,
            width: 0.8,
            color: Color::BLACK,
        }],
        ..Slab::default()
    });
    out
}

fn cover(book: &FontBook, g: &Gazette, issue: &Issue) -> PageBox {
    let w = A4.0;
    let centred = |s: &str, role: Role, size: f32, y: f32| -> Vec<Item> {
        let tw = text::width(book, s, role, size);
        let mut t = Styled::default();
        t.push(s, TextStyle::new(role, size));
        text::lines(book, &t, 0.0, tw + size, 0.0, 1.0)
            .into_iter()
            .flat_map(|l| l.items)
            .map(|it| it.shifted((w - tw) / 2.0, y))
            .collect()
    };
    let mut items = vec![
        Item::Rect {
            x: MARGIN_X,
            y: 200.0,
            w: w - 2.0 * MARGIN_X,
            h: 6.0,
            fill: Color(0.05, 0.15, 0.35),
        },
        Item::Rule {
            x1: MARGIN_X,
            y1: 214.0,
            x2: w - MARGIN_X,
            y2: 214.0,
            width: 1.0,
            color: Color(0.05, 0.15, 0.35),
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
        x1: MARGIN_X,
        y1: 470.0,
        x2: w - MARGIN_X,
        y2: 470.0,
        width: 1.0,
        color: Color(0.05, 0.15, 0.35),
    });
    items.extend(centred(
        &format!("發行機關：{}", g.publisher),
        Role::Body,
        14.0,
        700.0,
    ));
    PageBox { items, size: None }
}

/// 目錄: categories in order, each document with its first page number
/// and a link to it. Link targets are body page indices.
fn contents(
    book: &FontBook,
    g: &Gazette,
    issue: &Issue,
    ranges: &[(usize, usize)],
    width: f32,
) -> Vec<Slab> {
    let mut out = line(
        book,
        "目　錄",
        Role::Heading,
        18.0,
        0.0,
        width,
        Color::BLACK,
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
        out.extend(kept(
            line(book, c, Role::Heading, 13.0, 0.0, width, Color::BLACK),
            10.0,
        ));
        for (i, doc) in docs {
            let page = ranges[i].0;
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
            let target = Target::Page(page, MARGIN_TOP);
            for (k, s) in entry.iter_mut().enumerate() {
                s.items.push(Item::Link {
                    x: 0.0,
                    y: 0.0,
                    w: width,
                    h: s.height,
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
            out.extend(entry);
        }
    }
    out
}

fn outline(g: &Gazette, issue: &Issue, docs: &[(usize, usize)], top: f32) -> Vec<Outline> {
    let mut out = vec![Outline {
        title: "封面".into(),
        page: 0,
        y: 0.0,
        children: Vec::new(),
    }];
    if docs.first().is_some_and(|d| d.0 > 1) {
        out.push(Outline {
            title: "目錄".into(),
            page: 1,
            y: top,
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
                y: top,
                children: Vec::new(),
            })
            .collect();
        if let Some(first) = children.first() {
            out.push(Outline {
                title: c.clone(),
                page: first.page,
                y: top,
                children,
            });
        }
    }
    out
}
