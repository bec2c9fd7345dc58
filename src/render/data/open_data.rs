//! Open data: the gazette's issues and documents as JSON and CSV, the
//! directory as CSV and JSON (ODS in `ods.rs`). Columns and fields are
//! documented in docs/open-data.md.

use rayon::prelude::*;
use serde::Serialize;

use super::csv::{self, csv};
use super::ods::Sheet;
use crate::calendar::roc_long;
use crate::diag::Diagnostic;
use crate::model::{Directory, Gazette, Issue};
use crate::phone::Phone;
use crate::render::citation::{self, CrossRef};
use crate::render::html::absolute;
use crate::render::pdf::PdfIndex;
use crate::render::urls;

#[derive(Serialize)]
struct GazetteIndex<'a> {
    name: &'a str,
    publisher: &'a str,
    issues: Vec<IssueEntry>,
}

#[derive(Serialize)]
struct IssueEntry {
    date: String,
    number: String,
    url: String,
    pdf_url: Option<String>,
    document_count: usize,
    note: Option<String>,
}

#[derive(Serialize)]
struct IssueDetail<'a> {
    #[serde(flatten)]
    issue: IssueEntry,
    gazette: &'a str,
    documents: Vec<DocumentEntry>,
}

#[derive(Serialize)]
struct DocumentEntry {
    title: String,
    title_en: Option<String>,
    category: String,
    /// Every agency joined with `、`.
    agency: String,
    /// Each agency; several for a joint document (會銜), the first leads.
    agencies: Vec<String>,
    doc_number: String,
    date: String,
    effective: Option<String>,
    comment_until: Option<String>,
    keywords: Vec<String>,
    citation: String,
    corrects: Option<CrossEntry>,
    corrected_by: Vec<CrossEntry>,
    issue_date: String,
    issue_number: String,
    url: String,
    pdf_url: Option<String>,
    /// First and last page in the issue PDF.
    pages: Option<[usize; 2]>,
    attachments: Vec<AttachmentEntry>,
}

/// Another document, for a correction and what it corrects.
#[derive(Serialize)]
struct CrossEntry {
    url: String,
    title: String,
    citation: String,
}

#[derive(Serialize)]
struct AttachmentEntry {
    title: String,
    url: String,
    bytes: u64,
}

/// Every file of the gazette's open data: (path, bytes).
pub fn gazette(g: &Gazette, base: &str, pdfs: Option<&PdfIndex>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let index = GazetteIndex {
        name: &g.name,
        publisher: &g.publisher,
        issues: g
            .issues
            .iter()
            .rev()
            .map(|i| issue_entry(i, base, pdfs))
            .collect(),
    };
    files.push(("gazette/index.json".to_string(), json(&index)));
    // Each issue's file and rows made in parallel (at 100,000 documents,
    // 0.8 s one after the other), in the order they are listed.
    let per_issue: Vec<IssueData> = g
        .issues
        .par_iter()
        .rev()
        .map(|issue| issue_data(g, issue, base, pdfs))
        .collect();
    let header = [
        "刊期日期",
        "期別",
        "類別",
        "標題",
        "發文機關",
        "發文字號",
        "發文日期",
        "頁次",
        "網址",
        "PDF網址",
        "生效日期",
        "預告截止日期",
        "關鍵詞",
        "英文標題",
        "引用",
        "更正之文件網址",
        "更正之文件引用",
        "更正本則之文件網址",
        "更正本則之文件引用",
    ];
    let mut table = csv::head(&header);
    for (file, lines) in per_issue {
        files.push(file);
        table.push_str(&lines);
    }
    files.push(("gazette/documents.csv".to_string(), table.into_bytes()));
    files
}

fn issue_entry(i: &Issue, base: &str, pdfs: Option<&PdfIndex>) -> IssueEntry {
    let abs = |u: &str| absolute(base, u);
    IssueEntry {
        date: i.key(),
        number: i.full_number(),
        url: abs(&urls::issue(i.date)),
        pdf_url: pdfs
            .and_then(|p| p.issues.get(&i.key()))
            .map(|p| abs(&p.url)),
        document_count: i.documents.len(),
        note: i.note.clone(),
    }
}

/// An issue's `gazette/<date>/index.json` (path, bytes), and its
/// documents' lines of `documents.csv`.
type IssueData = ((String, Vec<u8>), String);

/// The [`IssueData`] of `issue`.
fn issue_data(g: &Gazette, issue: &Issue, base: &str, pdfs: Option<&PdfIndex>) -> IssueData {
    let abs = |u: &str| absolute(base, u);
    let pdf = pdfs.and_then(|p| p.issues.get(&issue.key()));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let documents: Vec<DocumentEntry> = issue
        .documents
        .iter()
        .map(|d| {
            let offprint = pdf.and_then(|p| p.documents.get(&d.slug));
            let cross = |c: CrossRef| CrossEntry {
                url: abs(&c.url),
                title: c.doc.title.clone(),
                citation: c.citation,
            };
            let iso = |d: chrono::NaiveDate| crate::calendar::iso(d).to_string();
            DocumentEntry {
                title: d.title.clone(),
                title_en: d.title_en.clone(),
                category: d.category.clone(),
                agency: d.agency_names(),
                agencies: d.agencies.clone(),
                doc_number: d.doc_number.clone(),
                date: iso(d.date),
                effective: d.effective.map(iso),
                comment_until: d.comment_until.map(iso),
                keywords: d.keywords.clone(),
                citation: citation::citation(g, issue, &d.slug, pdfs),
                corrects: citation::corrects(g, d, pdfs).map(cross),
                corrected_by: citation::corrected_by(g, d, pdfs)
                    .into_iter()
                    .map(cross)
                    .collect(),
                issue_date: issue.key(),
                issue_number: issue.full_number(),
                url: abs(&urls::document(issue.date, &d.slug)),
                pdf_url: offprint.map(|(u, _)| abs(u)),
                pages: offprint.map(|(_, (a, b))| [*a, *b]),
                attachments: d
                    .attachments
                    .iter()
                    .map(|a| AttachmentEntry {
                        title: a.title.clone(),
                        url: abs(&urls::attachment(issue.date, &d.slug, &a.file)),
                        bytes: a.size,
                    })
                    .collect(),
            }
        })
        .collect();
    for d in &documents {
        rows.push(vec![
            d.issue_date.clone(),
            d.issue_number.clone(),
            d.category.clone(),
            d.title.clone(),
            d.agency.clone(),
            d.doc_number.clone(),
            d.date.clone(),
            d.pages
                .map(|p| format!("{}-{}", p[0], p[1]))
                .unwrap_or_default(),
            d.url.clone(),
            d.pdf_url.clone().unwrap_or_default(),
            d.effective.clone().unwrap_or_default(),
            d.comment_until.clone().unwrap_or_default(),
            d.keywords.join("、"),
            d.title_en.clone().unwrap_or_default(),
            d.citation.clone(),
            d.corrects
                .as_ref()
                .map(|c| c.url.clone())
                .unwrap_or_default(),
            d.corrects
                .as_ref()
                .map(|c| c.citation.clone())
                .unwrap_or_default(),
            d.corrected_by
                .iter()
                .map(|c| c.url.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            d.corrected_by
                .iter()
                .map(|c| c.citation.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        ]);
    }
    let detail = IssueDetail {
        issue: issue_entry(issue, base, pdfs),
        gazette: &g.name,
        documents,
    };
    let file = (format!("gazette/{}/index.json", issue.key()), json(&detail));
    (file, csv::lines(&rows))
}

/// One line of the directory's table, as in the PDF.
#[derive(Serialize)]
pub struct DirectoryLine {
    pub group: String,
    pub agency: String,
    pub unit: String,
    pub title: String,
    pub phone: String,
    pub extension: String,
    pub fax: String,
    pub address: String,
}

#[derive(Serialize)]
struct DirectoryJson<'a> {
    title: &'a str,
    updated: String,
    updated_roc: String,
    note: Option<&'a str>,
    lines: &'a [DirectoryLine],
}

/// Column titles of the directory's CSV and ODS.
pub const DIRECTORY_COLUMNS: [&str; 8] = [
    "機關分類",
    "機關",
    "單位",
    "職稱",
    "電話",
    "分機",
    "傳真",
    "地址",
];

/// Every line of the directory: a row per agency's main number, per unit
/// and per named contact.
pub fn directory_lines(d: &Directory) -> Vec<DirectoryLine> {
    let num = |p: &Option<Phone>| p.as_ref().map(Phone::display_number).unwrap_or_default();
    let ext = |p: &Option<Phone>, e: &Option<String>| {
        e.clone()
            .or_else(|| p.as_ref().and_then(|p| p.ext.clone()))
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for a in &d.agencies {
        let line = |unit: &str, title: &str, phone: String, extension: String, fax: String| {
            DirectoryLine {
                group: a.group.clone(),
                agency: a.name.clone(),
                unit: unit.to_string(),
                title: title.to_string(),
                phone,
                extension,
                fax,
                address: a.address.clone().unwrap_or_default(),
            }
        };
        lines.push(line(
            "",
            "總機",
            num(&a.phone),
            ext(&a.phone, &None),
            num(&a.fax),
        ));
        for u in &a.units {
            lines.push(line(
                &u.name,
                "",
                num(&u.phone),
                ext(&u.phone, &u.ext),
                num(&u.fax),
            ));
            for c in &u.contacts {
                let phone = if c.phone.is_some() {
                    num(&c.phone)
                } else {
                    num(&u.phone)
                };
                lines.push(line(
                    &u.name,
                    &c.title,
                    phone,
                    ext(&c.phone, &c.ext),
                    String::new(),
                ));
            }
        }
    }
    lines
}

/// The directory's CSV rows.
fn directory_rows(d: &Directory) -> Vec<Vec<String>> {
    line_rows(&directory_lines(d))
}

fn line_rows(lines: &[DirectoryLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            vec![
                l.group.clone(),
                l.agency.clone(),
                l.unit.clone(),
                l.title.clone(),
                l.phone.clone(),
                l.extension.clone(),
                l.fax.clone(),
                l.address.clone(),
            ]
        })
        .collect()
}

/// `directory.csv`, `directory.ods` and `directory.json`.
pub fn directory(d: &Directory) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let lines = directory_lines(d);
    let rows = line_rows(&lines);
    let doc = DirectoryJson {
        title: &d.title,
        updated: crate::calendar::iso(d.updated).to_string(),
        updated_roc: roc_long(d.updated),
        note: d.note.as_deref(),
        lines: &lines,
    };
    let ods = super::ods::spreadsheet(&Sheet {
        title: &d.title,
        name: &d.title,
        date: d.updated,
        description: d.note.as_deref(),
        header: &DIRECTORY_COLUMNS,
        rows: &rows,
    })
    .map_err(|e| Diagnostic::cannot_write("directory/directory.ods", e))?;
    Ok(vec![
        (
            "directory/directory.csv".into(),
            csv(&DIRECTORY_COLUMNS, &rows).into_bytes(),
        ),
        ("directory/directory.ods".into(), ods),
        ("directory/directory.json".into(), json(&doc)),
    ])
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Column titles of `changes.csv`.
pub const CHANGE_COLUMNS: [&str; 8] = [
    "版次日期",
    "前版日期",
    "異動類型",
    "機關",
    "單位",
    "原內容",
    "新內容",
    "網址",
];

#[derive(Serialize)]
struct ChangesJson<'a> {
    title: &'a str,
    updated: String,
    updated_roc: String,
    /// The previous edition's date; `None` for the first edition.
    previous: Option<String>,
    changes: Vec<ChangeEntry>,
}

#[derive(Serialize)]
struct ChangeEntry {
    kind: &'static str,
    kind_label: &'static str,
    agency: String,
    unit: String,
    old: String,
    new: String,
    /// The row on `/directory/`; `None` for what was removed.
    url: Option<String>,
}

/// `changes.csv` and `changes.json` (the current edition's changes
/// against the previous one) and each earlier edition's table as
/// `editions/<date>.csv`; nothing without history.
pub fn directory_changes(d: &Directory, base: &str) -> Vec<(String, Vec<u8>)> {
    let Some(current) = d.editions.list.first() else {
        return Vec::new();
    };
    let iso = |date: chrono::NaiveDate| crate::calendar::iso(date).to_string();
    let previous = d.editions.list.get(1).map(|e| iso(e.updated));
    let entries: Vec<ChangeEntry> = current
        .changes
        .iter()
        .map(|c| ChangeEntry {
            kind: c.kind.code(),
            kind_label: c.kind.label(),
            agency: c.agency.clone(),
            unit: c.unit.clone(),
            old: c.old.clone(),
            new: c.new.clone(),
            url: urls::directory_change(c).map(|u| absolute(base, &u)),
        })
        .collect();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                iso(d.updated),
                previous.clone().unwrap_or_default(),
                e.kind_label.to_string(),
                e.agency.clone(),
                e.unit.clone(),
                e.old.clone(),
                e.new.clone(),
                e.url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let doc = ChangesJson {
        title: &d.title,
        updated: iso(d.updated),
        updated_roc: roc_long(d.updated),
        previous,
        changes: entries,
    };
    let mut files = vec![
        (
            "directory/changes.csv".to_string(),
            csv(&CHANGE_COLUMNS, &rows).into_bytes(),
        ),
        ("directory/changes.json".to_string(), json(&doc)),
    ];
    for e in &d.editions.list {
        if let Some(old) = &e.directory {
            let rows = directory_rows(old);
            files.push((
                urls::directory_edition_csv(e.updated)
                    .trim_start_matches('/')
                    .to_string(),
                csv(&DIRECTORY_COLUMNS, &rows).into_bytes(),
            ));
        }
    }
    files
}
