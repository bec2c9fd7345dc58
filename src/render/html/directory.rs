//! The directory page.

use super::view::*;
use std::collections::HashSet;

use super::{Html, human_size, link};
use crate::calendar::roc_long;
use crate::diag::Diagnostics;
use crate::model::{Agency, Change, Directory};
use crate::output::Staging;
use crate::phone::Phone;
use crate::render::{Downloads, urls};

pub fn render(html: &Html, out: &Staging) -> Result<(), Diagnostics> {
    let Some(d) = &html.site.directory else {
        return Ok(());
    };
    let page = html.page_meta(&d.title, urls::DIRECTORY, "directory", Vec::new());
    html.write(
        out,
        "directory.html",
        &page,
        "directory",
        &directory_view(d, html.downloads),
    )?;
    if d.editions.list.is_empty() {
        return Ok(());
    }
    let title = format!("{}：歷次版本及異動", d.title);
    let page = html.page_meta(
        &title,
        urls::DIRECTORY_EDITIONS,
        "directory",
        vec![link(&d.title, urls::DIRECTORY)],
    );
    html.write(
        out,
        "directory_editions.html",
        &page,
        "editions",
        &editions_view(d, &title),
    )
    .map_err(Diagnostics::from)
}

/// A change as the page shows it.
pub fn change_view(c: &Change) -> ChangeView {
    let or_none = |s: &str| {
        if s.is_empty() {
            "（無）".to_string()
        } else {
            s.to_string()
        }
    };
    ChangeView {
        label: c.kind.label().to_string(),
        kind: c.kind.code().to_string(),
        subject: c.subject(),
        values: c.kind.has_values(),
        old: or_none(&c.old),
        new: or_none(&c.new),
        text: c.describe(),
        url: urls::directory_change(c),
    }
}

/// 本次異動, when there is a previous edition.
fn changes_view(d: &Directory, downloads: &Downloads) -> Option<ChangesView> {
    let changes = d.editions.current_changes()?;
    let previous = d.editions.list.get(1)?.updated;
    let files = [
        (urls::DIRECTORY_CHANGES_CSV, "異動清單 CSV"),
        (urls::DIRECTORY_CHANGES_JSON, "異動清單 JSON"),
        (urls::DIRECTORY_FEED, "版次訂閱（Atom）"),
    ];
    Some(ChangesView {
        previous_roc: roc_long(previous),
        previous_iso: crate::calendar::iso(previous).to_string(),
        items: changes.iter().map(change_view).collect(),
        downloads: files
            .iter()
            .filter_map(|(url, title)| {
                downloads.get(*url).map(|size| Link {
                    title: format!("{title}，{}", human_size(*size)),
                    url: url.to_string(),
                })
            })
            .collect(),
    })
}

fn editions_view(d: &Directory, title: &str) -> EditionsView {
    EditionsView {
        title: title.to_string(),
        directory_url: urls::DIRECTORY.to_string(),
        feed_url: urls::DIRECTORY_FEED.to_string(),
        editions: d
            .editions
            .list
            .iter()
            .enumerate()
            .map(|(i, e)| EditionView {
                updated_roc: roc_long(e.updated),
                updated_iso: crate::calendar::iso(e.updated).to_string(),
                anchor: format!("edition-{}", crate::calendar::iso(e.updated)),
                current: i == 0,
                first: e.first,
                changes: e
                    .changes
                    .iter()
                    .map(|c| {
                        let mut v = change_view(c);
                        // Rows of earlier tables are not on the page.
                        if i > 0 {
                            v.url = None;
                        }
                        v
                    })
                    .collect(),
                csv: e.directory.as_ref().map(|_| Link {
                    title: format!("{}版 CSV", roc_long(e.updated)),
                    url: urls::directory_edition_csv(e.updated),
                }),
            })
            .collect(),
    }
}

pub fn phone_view(p: &Phone) -> PhoneView {
    PhoneView {
        text: p.display(),
        tel: p.tel_uri(),
    }
}

/// The downloads of the directory, in the order the page lists them.
const DOWNLOADS: &[(&str, &str)] = &[
    ("directory.pdf", "PDF（列印用）"),
    ("directory.csv", "CSV（試算表、開放資料）"),
    ("directory.ods", "ODS（開放文件格式試算表）"),
    ("directory.json", "JSON（開放資料）"),
];

pub fn directory_view(d: &Directory, downloads: &Downloads) -> DirectoryView {
    // The ids of the rows (and agencies) this edition changed.
    let changed: HashSet<String> = d
        .editions
        .current_changes()
        .unwrap_or_default()
        .iter()
        .filter_map(|c| {
            let id = c.agency_id.as_deref()?;
            Some(urls::directory_row_id(id, c.row))
        })
        .collect();
    let groups = d
        .groups
        .iter()
        .enumerate()
        .filter_map(|(gi, g)| {
            let agencies: Vec<AgencyView> = d
                .agencies
                .iter()
                .filter(|a| &a.group == g)
                .map(|a| agency_view(a, &changed))
                .collect();
            (!agencies.is_empty()).then(|| DirectoryGroup {
                name: g.clone(),
                anchor: format!("group-{}", gi + 1),
                agencies,
            })
        })
        .collect();
    DirectoryView {
        title: d.title.clone(),
        updated_roc: roc_long(d.updated),
        updated_iso: crate::calendar::iso(d.updated).to_string(),
        note: d.note.clone(),
        groups,
        downloads: DOWNLOADS
            .iter()
            .map(|(file, title)| (format!("{}{file}", urls::DIRECTORY), title))
            .filter_map(|(url, title)| {
                downloads.get(&url).map(|size| Link {
                    title: format!("{title}，{}", human_size(*size)),
                    url,
                })
            })
            .collect(),
        agency_count: d.agencies.len(),
        changes: changes_view(d, downloads),
        editions_url: (!d.editions.list.is_empty()).then(|| urls::DIRECTORY_EDITIONS.to_string()),
    }
}

fn agency_view(a: &Agency, changed: &HashSet<String>) -> AgencyView {
    let mut rows = Vec::new();
    let search = |parts: &[&str]| parts.join(" ").to_lowercase();
    for (ui, u) in a.units.iter().enumerate() {
        let id = urls::directory_row_id(&a.id, Some((ui, None)));
        let phone = u.phone.as_ref().map(phone_view);
        let fax = u.fax.as_ref().map(phone_view);
        rows.push(DirectoryRow {
            unit: u.name.clone(),
            title: String::new(),
            is_contact: false,
            search_text: search(&[
                &a.name,
                &u.name,
                phone.as_ref().map_or("", |p| &p.text),
                &digits(phone.as_ref()),
                u.ext.as_deref().unwrap_or(""),
                fax.as_ref().map_or("", |p| &p.text),
            ]),
            phone,
            ext: u.ext.clone(),
            fax,
            changed: changed.contains(&id),
            id,
        });
        for (ci, c) in u.contacts.iter().enumerate() {
            let id = urls::directory_row_id(&a.id, Some((ui, Some(ci))));
            let phone = c.phone.as_ref().or(u.phone.as_ref()).map(phone_view);
            rows.push(DirectoryRow {
                unit: u.name.clone(),
                title: c.title.clone(),
                is_contact: true,
                search_text: search(&[
                    &a.name,
                    &u.name,
                    &c.title,
                    phone.as_ref().map_or("", |p| &p.text),
                    &digits(phone.as_ref()),
                    c.ext.as_deref().unwrap_or(""),
                ]),
                phone,
                ext: c.ext.clone(),
                fax: None,
                changed: changed.contains(&id),
                id,
            });
        }
    }
    AgencyView {
        name: a.name.clone(),
        anchor: a.id.clone(),
        address: a.address.clone(),
        website: a.website.clone(),
        phone: a.phone.as_ref().map(phone_view),
        fax: a.fax.as_ref().map(phone_view),
        changed: changed.contains(&a.id),
        rows,
    }
}

/// The number without separators, so that typing `22289111` finds `04-2228-9111`.
fn digits(p: Option<&PhoneView>) -> String {
    p.map(|p| p.text.chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}
