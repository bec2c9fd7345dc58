//! The directory on paper: groups → agencies (name, address, main number,
//! fax) → a table of units and contacts whose header repeats on every page;
//! the edition date on every page, page numbers. When the history has a
//! previous edition, the pages after the title are 異動一覽: the changes
//! since it, and the table starts on a page of its own.

use std::sync::Arc;

use super::layout::boxes::{Color, PageBox};
use super::layout::flow::{Frame, Slab, in_columns, paginate, tagged};
use super::layout::fonts::{FontBook, Role};
use super::layout::table;
use super::layout::tags::{Kind, NodeId, Tags};
use super::layout::text;
use super::page::{MARGIN_TOP, decorate, frame, kept, line};
use super::writer::Outline;
use crate::calendar::roc_long;
use crate::markdown::{Align, Inline, Table};
use crate::model::{Agency, Change, Directory};
use crate::phone::Phone;

/// Laid-out directory pages, bookmarks (group → agency) and structure
/// tree.
pub struct DirectoryLayout {
    pub pages: Vec<PageBox>,
    pub outline: Vec<Outline>,
    pub tags: Tags,
}

/// Line height of the listing's rows, in ems (documents' tables: 1.5).
const LIST_LEADING: f32 = 1.25;

/// Room between the two columns of the listing.
const GUTTER: f32 = 18.0;

pub fn layout(book: &FontBook, d: &Directory) -> DirectoryLayout {
    let frame = frame();
    let edition = format!("{}版", roc_long(d.updated));
    let changes = d.editions.current_changes().zip(d.editions.list.get(1));
    // The listing runs in two columns when every agency's table fits one
    // with each cell on a line (else in one: a 傳真 column makes five); the
    // title heads the first column, or, with 異動一覽, pages of their own
    // before it at full width.
    let half = (frame.width - GUTTER) / 2.0;
    let tables: Vec<Option<Table>> = d.agencies.iter().map(agency_table).collect();
    let two = tables
        .iter()
        .flatten()
        .all(|t| table::unwrapped_size(book, t, half).is_some());
    let column = Frame {
        width: if two { half } else { frame.width },
        ..frame
    };
    let title_width = if changes.is_some() {
        frame.width
    } else {
        column.width
    };
    let mut tags = Tags::new();
    let title = tags.push(Tags::ROOT, Kind::H(1));
    let mut slabs = tagged(
        line(
            book,
            &d.title,
            Role::Heading,
            16.0,
            0.0,
            title_width,
            Color::BLACK,
        ),
        title,
    );
    let p = tags.push(Tags::ROOT, Kind::P);
    slabs.extend(tagged(
        line(
            book,
            &edition,
            Role::Body,
            11.0,
            0.0,
            title_width,
            Color::GRAY,
        ),
        p,
    ));
    if let Some(note) = &d.note {
        let p = tags.push(Tags::ROOT, Kind::P);
        slabs.extend(tagged(
            line(book, note, Role::Body, 10.5, 0.0, title_width, Color::GRAY),
            p,
        ));
    }
    let mut front = None;
    if let Some((changes, previous)) = changes {
        let sect = tags.push(Tags::ROOT, Kind::Sect);
        slabs.extend(changes_table(
            book,
            changes,
            previous.updated,
            frame.width,
            &mut tags,
            sect,
        ));
        front = Some(std::mem::take(&mut slabs));
    }
    let width = column.width;
    // Anchors: group g → 1000 * (g + 1); agency a → a.
    let mut groups = Vec::new();
    for (gi, g) in d.groups.iter().enumerate() {
        let agencies: Vec<(usize, &Agency)> = d
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| &a.group == g)
            .collect();
        if agencies.is_empty() {
            continue;
        }
        let sect = tags.push(Tags::ROOT, Kind::Sect);
        let h2 = tags.push(sect, Kind::H(2));
        let mut head = tagged(kept(heading(book, g, width), 16.0), h2);
        head[0].anchor = Some(1000 * (gi + 1));
        slabs.extend(head);
        for (ai, a) in &agencies {
            let table = tables[*ai].as_ref();
            slabs.extend(agency(book, a, table, *ai, width, &mut tags, sect));
        }
        groups.push((
            gi,
            g.clone(),
            agencies
                .iter()
                .map(|(i, a)| (*i, a.name.clone()))
                .collect::<Vec<_>>(),
        ));
    }
    let mut paged = paginate(&slabs, column);
    if two {
        paged = in_columns(paged, column.width + GUTTER);
    }
    let mut outline = Vec::new();
    if let Some(front) = front {
        let first = paginate(&front, frame);
        let offset = first.pages.len();
        for landing in paged.anchors.values_mut() {
            landing.page += offset;
        }
        let (page, y) = first
            .anchors
            .get(&CHANGES)
            .map_or((0, MARGIN_TOP), |l| (l.page, l.y));
        outline.push(Outline {
            title: "異動一覽".into(),
            page,
            y,
            children: Vec::new(),
        });
        let mut pages = first.pages;
        pages.append(&mut paged.pages);
        paged.pages = pages;
    }
    let mut pages = paged.pages;
    for (i, p) in pages.iter_mut().enumerate() {
        decorate(book, p, &d.title, &edition, Some(i + 1));
    }
    let at = |key: usize| {
        paged
            .anchors
            .get(&key)
            .map_or((0, MARGIN_TOP), |l| (l.page, l.y))
    };
    outline.extend(groups.into_iter().map(|(gi, name, agencies)| {
        let (page, y) = at(1000 * (gi + 1));
        Outline {
            title: name,
            page,
            y,
            children: agencies
                .into_iter()
                .map(|(ai, title)| {
                    let (page, y) = at(ai);
                    Outline {
                        title,
                        page,
                        y,
                        children: Vec::new(),
                    }
                })
                .collect(),
        }
    }));
    DirectoryLayout {
        pages,
        outline,
        tags,
    }
}

/// The anchor of 異動一覽 (groups are 1000 × (g + 1), agencies their index).
const CHANGES: usize = usize::MAX;

/// 異動一覽: a heading and a table of the changes since `previous`.
fn changes_table(
    book: &FontBook,
    changes: &[Change],
    previous: chrono::NaiveDate,
    width: f32,
    tags: &mut Tags,
    sect: NodeId,
) -> Vec<Slab> {
    let h2 = tags.push(sect, Kind::H(2));
    let mut out = tagged(kept(heading(book, "異動一覽", width), 16.0), h2);
    out[0].anchor = Some(CHANGES);
    let intro = if changes.is_empty() {
        format!("與前版（{}版）比較，沒有異動。", roc_long(previous))
    } else {
        format!(
            "與前版（{}版）比較，共{}項異動：",
            roc_long(previous),
            changes.len()
        )
    };
    let p = tags.push(sect, Kind::P);
    out.extend(tagged(
        kept(
            line(book, &intro, Role::Body, 10.0, 0.0, width, Color::GRAY),
            0.0,
        ),
        p,
    ));
    if changes.is_empty() {
        return out;
    }
    let cell = |s: &str| vec![Inline::Text(s.to_string())];
    let rows = changes
        .iter()
        .map(|c| {
            let (old, new) = if c.kind.has_values() {
                let or_none = |s: &str| {
                    if s.is_empty() {
                        "（無）".to_string()
                    } else {
                        s.to_string()
                    }
                };
                (or_none(&c.old), or_none(&c.new))
            } else {
                (c.old.clone(), c.new.clone())
            };
            vec![
                cell(c.kind.label()),
                cell(&c.subject()),
                cell(&old),
                cell(&new),
            ]
        })
        .collect();
    let t = Table {
        line: 0,
        align: vec![Align::Left; 4],
        head: ["異動類型", "機關／單位", "原內容", "新內容"]
            .iter()
            .map(|h| cell(h))
            .collect(),
        rows,
    };
    out.extend(table::layout(book, &t, 0.0, width, tags, sect));
    out
}

/// An agency: a section of its own (`H3`, a paragraph of its addresses
/// and numbers, its table from [`agency_table`]).
fn agency(
    book: &FontBook,
    a: &Agency,
    table: Option<&Table>,
    anchor: usize,
    width: f32,
    tags: &mut Tags,
    parent: NodeId,
) -> Vec<Slab> {
    let sect = tags.push(parent, Kind::Sect);
    let h3 = tags.push(sect, Kind::H(3));
    let mut out = tagged(
        kept(
            line(book, &a.name, Role::Heading, 12.5, 0.0, width, Color::BLACK),
            10.0,
        ),
        h3,
    );
    out[0].anchor = Some(anchor);
    let mut info = Vec::new();
    if let Some(addr) = &a.address {
        info.push(format!("地址：{addr}"));
    }
    if let Some(p) = &a.phone {
        info.push(format!("總機：{}", p.display()));
    }
    if let Some(p) = &a.fax {
        info.push(format!("傳真：{}", p.display_number()));
    }
    if let Some(w) = &a.website {
        info.push(format!("網站：{w}"));
    }
    // Address, numbers and website: as many whole items a line as fit, so
    // that a number is never cut from its label.
    let mut lines: Vec<String> = Vec::new();
    for part in info {
        match lines.last_mut() {
            Some(l) if text::width(book, &format!("{l}　{part}"), Role::Body, 9.5) <= width => {
                l.push('　');
                l.push_str(&part);
            }
            _ => lines.push(part),
        }
    }
    let p = tags.push(sect, Kind::P);
    for l in lines {
        out.extend(tagged(
            kept(
                line(book, &l, Role::Body, 9.5, 0.0, width, Color::GRAY),
                0.0,
            ),
            p,
        ));
    }
    let Some(t) = table else {
        return out;
    };
    let continued = line(
        book,
        &format!("{}（續）", a.name),
        Role::Heading,
        10.0,
        0.0,
        width,
        Color::GRAY,
    );
    out.extend(with_continued(
        table::layout_list(book, t, width, LIST_LEADING, tags, sect),
        continued,
    ));
    out
}

/// An agency's units and contacts as a table (none without units): 單位,
/// 職稱, 電話, 分機, 傳真, without the columns no row fills (傳真 of units
/// without fax).
fn agency_table(a: &Agency) -> Option<Table> {
    let num = |p: &Option<Phone>| p.as_ref().map(Phone::display_number).unwrap_or_default();
    let mut rows: Vec<[String; 5]> = Vec::new();
    for u in &a.units {
        rows.push([
            u.name.clone(),
            String::new(),
            num(&u.phone),
            u.ext.clone().unwrap_or_default(),
            num(&u.fax),
        ]);
        for c in &u.contacts {
            rows.push([
                String::new(),
                c.title.clone(),
                num(&c.phone),
                c.ext.clone().unwrap_or_default(),
                String::new(),
            ]);
        }
    }
    if rows.is_empty() {
        return None;
    }
    let head = ["單位", "職稱", "電話", "分機", "傳真"];
    let shown: Vec<usize> = (0..head.len())
        .filter(|&i| i == 0 || rows.iter().any(|r| !r[i].is_empty()))
        .collect();
    let cell = |s: &str| vec![Inline::Text(s.to_string())];
    Some(Table {
        line: 0,
        align: vec![Align::Left; shown.len()],
        head: shown.iter().map(|&i| cell(head[i])).collect(),
        rows: rows
            .iter()
            .map(|r| shown.iter().map(|&i| cell(&r[i])).collect())
            .collect(),
    })
}

/// The table's rows, whose repeated header row on a new page or column is
/// led by `continued`: the agency's name with （續）.
fn with_continued(mut slabs: Vec<Slab>, continued: Vec<Slab>) -> Vec<Slab> {
    let Some(header) = slabs.iter().find_map(|s| s.repeat_header.clone()) else {
        return slabs;
    };
    let mut lead = Slab::default();
    for l in continued {
        let h = lead.height;
        lead.items
            .extend(l.items.iter().map(|it| it.shifted(0.0, h)));
        lead.height += l.height;
    }
    let h = lead.height;
    lead.items
        .extend(header.items.iter().map(|it| it.shifted(0.0, h)));
    lead.height += header.height;
    lead.keep_with_next = true;
    let lead = Arc::new(lead);
    for s in &mut slabs {
        if s.repeat_header.is_some() {
            s.repeat_header = Some(lead.clone());
        }
    }
    slabs
}

/// A section heading of the directory PDF: a group, or 異動一覽.
fn heading(book: &FontBook, text: &str, width: f32) -> Vec<Slab> {
    line(book, text, Role::Heading, 15.0, 0.0, width, Color::NAVY)
}
