//! The directory page.

use super::view::*;
use super::{Html, human_size};
use crate::calendar::roc_long;
use crate::diag::Diagnostics;
use crate::model::{Agency, Directory};
use crate::output::Staging;
use crate::phone::Phone;
use crate::render::urls;

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
        &directory_view(d, out),
    )
    .map_err(Diagnostics::from)
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

pub fn directory_view(d: &Directory, out: &Staging) -> DirectoryView {
    let groups = d
        .groups
        .iter()
        .enumerate()
        .filter_map(|(gi, g)| {
            let agencies: Vec<AgencyView> = d
                .agencies
                .iter()
                .filter(|a| &a.group == g)
                .map(agency_view)
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
        updated_iso: d.updated.format("%Y-%m-%d").to_string(),
        note: d.note.clone(),
        groups,
        downloads: DOWNLOADS
            .iter()
            .map(|(file, title)| (format!("{}{file}", urls::DIRECTORY), title))
            .filter_map(|(url, title)| {
                out.size_of(&url).map(|size| Link {
                    title: format!("{title}，{}", human_size(size)),
                    url,
                })
            })
            .collect(),
        agency_count: d.agencies.len(),
    }
}

fn agency_view(a: &Agency) -> AgencyView {
    let mut rows = Vec::new();
    let search = |parts: &[&str]| parts.join(" ").to_lowercase();
    for u in &a.units {
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
        });
        for c in &u.contacts {
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
        rows,
    }
}

/// The number without separators, so that typing `22289111` finds `04-2228-9111`.
fn digits(p: Option<&PhoneView>) -> String {
    p.map(|p| p.text.chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}
