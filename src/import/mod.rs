//! `munipub import ey`: records of the Executive Yuan Gazette's open-data
//! XML ([`ey`]) into gazette documents, one Markdown file per record.
//!
//! - **Issue**: a file is one day (`104-01-05.xml` is ROC 104-01-05,
//!   2015-01-05); its records go into the first scheduled issue on or after
//!   that day, and the import says which.
//! - **File**: `content/gazette/<issue>/ey-<MetaId>.md`, so a record always
//!   gets the same name and importing a file again changes nothing.
//! - **Fields**: see [`document`]; what cannot be carried over as it is
//!   (a missing 發文字號, a number used twice, private-use characters,
//!   compatibility characters mapped to their unified form) is reported per
//!   record with the XML file and line, and flagged in the written file.

pub mod explain;
pub mod ey;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::calendar::{IssueNumber, parse_roc_long, parse_roc_short};
use crate::content::rules::{self, GazetteRules, SETTINGS};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use ey::Record;

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Add categories missing from `_gazette.yaml` instead of reporting them.
    pub add_categories: bool,
    /// Replace imported files that differ from what the import would write.
    pub overwrite: bool,
}

/// What an import did: lines to print (issues chosen, counts) and every
/// problem found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub notes: Vec<String>,
    pub diags: Diagnostics,
    pub written: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

/// One record made into a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub slug: String,
    pub issue: NaiveDate,
    pub category: String,
    pub doc_number: String,
    /// The whole `.md` file.
    pub text: String,
}

/// Imports `files` into the site at `root`.
pub fn import_ey(root: &Path, files: &[PathBuf], options: &Options) -> Outcome {
    let mut out = Outcome::default();
    let rules = match rules::read(root) {
        Ok(r) => r,
        Err(d) => {
            out.diags.push(d);
            return out;
        }
    };
    let mut batches: Vec<(&PathBuf, NaiveDate, NaiveDate, Vec<Record>)> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let Some(day) = publication_day(file) else {
            out.diags.push(
                Diagnostic::error(file, "cannot tell the publication day from the file name")
                    .help("the national gazette names its daily files by the ROC date, e.g. 104-01-05.xml; rename the file so"),
            );
            continue;
        };
        let xml = match std::fs::read(file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    out.diags
                        .push(Diagnostic::error(file, "not UTF-8 text").help(
                            "the national gazette's files are UTF-8; convert this one first",
                        ));
                    continue;
                }
            },
            Err(e) => {
                out.diags.push(Diagnostic::cannot_read(file, e));
                continue;
            }
        };
        let records = match ey::read(&xml) {
            Ok(r) => r,
            Err(e) => {
                out.diags.push(e.in_file(file));
                continue;
            }
        };
        let issue = rules.schedule.on_or_after(day);
        out.notes.push(format!(
            "{shown}: {} records of {day} (ROC {}) → issue {issue} ({})",
            records.len(),
            crate::calendar::roc_short(day),
            IssueNumber::compute(issue, &rules.schedule, rules.numbering).full(),
        ));
        batches.push((file, day, issue, records));
    }
    // The numbers of the files these records would write are theirs, not
    // another document's.
    let slugs: BTreeSet<String> = batches
        .iter()
        .flat_map(|b| &b.3)
        .filter_map(|r| slug_of(r.get("MetaId").trim()))
        .collect();
    let existing = Existing::scan(root, &slugs);
    let mut numbers = existing.numbers.clone();
    let mut new_categories: BTreeSet<String> = BTreeSet::new();
    let mut category_order: Vec<String> = Vec::new();
    let mut docs: Vec<(Imported, PathBuf)> = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (file, day, issue, records) in &batches {
        for record in records {
            if let Some(slug) = slug_of(record.get("MetaId").trim())
                && let Some(first) = seen.get(&slug)
            {
                out.skipped += 1;
                out.diags.push(
                    Diagnostic::warning(
                        *file,
                        format!(
                            "record {} is also in {}; imported from there",
                            record.get("MetaId").trim(),
                            first.display()
                        ),
                    )
                    .at(Pos::new(record.line, 0))
                    .help("the same record in two files is imported once"),
                );
                continue;
            }
            let mut notes = Vec::new();
            let doc = document(record, *issue, *day, &mut numbers, &mut notes);
            for n in notes {
                out.diags.push(n.into_diagnostic(file, record));
            }
            let Some(doc) = doc else {
                out.skipped += 1;
                continue;
            };
            seen.insert(doc.slug.clone(), (*file).clone());
            if !rules.categories.contains(&doc.category)
                && new_categories.insert(doc.category.clone())
            {
                category_order.push(doc.category.clone());
            }
            docs.push((doc, (*file).clone()));
        }
    }
    categories(root, &rules, &category_order, options, &mut out);
    for (doc, file) in docs {
        write(root, &existing, &doc, &file, options, &mut out);
    }
    out
}

/// The day a daily file was published, from its name (`104-01-05.xml`,
/// the national gazette's) or, for munipub's own export
/// (`gazette/2015-01-15/gazette.xml`), its folder's.
pub fn publication_day(file: &Path) -> Option<NaiveDate> {
    let stem = file.file_stem()?.to_string_lossy();
    let iso = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    parse_roc_short(&stem).or_else(|| iso(&stem)).or_else(|| {
        let folder = file.parent()?.file_name()?.to_string_lossy().to_string();
        iso(&folder)
    })
}

/// A problem of one record, located when the record's file is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub error: bool,
    pub field: &'static str,
    pub message: String,
    pub help: String,
}

impl Note {
    fn into_diagnostic(self, file: &Path, record: &Record) -> Diagnostic {
        let message = format!(
            "record {} ({}): {}",
            record.get("MetaId"),
            self.field,
            self.message
        );
        let d = if self.error {
            Diagnostic::error(file, message)
        } else {
            Diagnostic::warning(file, message)
        };
        d.at(Pos::new(record.line, 0)).help(self.help)
    }
}

/// The document of one record, or None when it cannot be made at all (no
/// usable MetaId, or the same document as one already there: same
/// 發文字號, same title). `numbers` holds the 發文字號 already used (number
/// → where, title), and gets this record's.
///
/// Front matter: `title` (Title), `category` (Doc_Style_LName), `agency`
/// (PubGovName, a list for a joint document), `doc_number` (GazetteId, the
/// numbers of a joint document joined by `、`), `date` (Date_Created, from
/// the ROC form), `keywords` (Keyword), `title_en` (TitleEnglish). Body:
/// `主旨：` ThemeSubject, `說明：` and Explain with its markers made into
/// lists ([`explain`]), and the signatories (Officer_name), a line each.
pub fn document(
    record: &Record,
    issue: NaiveDate,
    day: NaiveDate,
    numbers: &mut Numbers,
    notes: &mut Vec<Note>,
) -> Option<Imported> {
    let meta_id = record.get("MetaId").trim();
    let Some(slug) = slug_of(meta_id) else {
        notes.push(Note {
            error: true,
            field: "MetaId",
            message: format!("\"{meta_id}\" gives no file name; the record was not imported"),
            help: "every record needs a MetaId of digits (the national gazette's serial) or a munipub document's slug".into(),
        });
        return None;
    };
    let mut field = |name: &'static str| text::clean(record.get(name), name, notes);
    let title = field("Title");
    let category = field("Doc_Style_LName");
    let mut agencies = split_list(&field("PubGovName"));
    if agencies.is_empty() {
        agencies = split_list(&field("PubGov"));
    }
    let numbers_field = split_list(&field("GazetteId"));
    let date_created = record.get("Date_Created").trim().to_string();
    let keywords = split_list(&field("Keyword"));
    let title_en = field("TitleEnglish").trim().to_string();
    let subject = field("ThemeSubject");
    let explain_text = field("Explain");
    let officers = split_list(&field("Officer_name"));

    let mut flags: Vec<String> = Vec::new();
    let need = |notes: &mut Vec<Note>, field: &'static str, message: String, help: &str| {
        notes.push(Note {
            error: true,
            field,
            message,
            help: help.to_string(),
        })
    };
    if title.trim().is_empty() {
        need(
            notes,
            "Title",
            "no title".into(),
            "write the document's title into `title:`",
        );
    }
    if category.trim().is_empty() {
        need(
            notes,
            "Doc_Style_LName",
            "no category".into(),
            "write one of the gazette's categories into `category:`",
        );
    }
    if agencies.is_empty() {
        need(
            notes,
            "PubGovName",
            "no agency".into(),
            "write the issuing agency into `agency:`",
        );
    }
    let date = match parse_roc_long(&date_created) {
        Some(d) => d,
        None => {
            notes.push(Note {
                error: false,
                field: "Date_Created",
                message: format!("\"{date_created}\" is not a date like 中華民國103年12月31日; the publication day {day} was written instead"),
                help: "put the document's own date (發文日期) into `date:`".into(),
            });
            flags.push(format!(
                "發文日期不明（原為「{date_created}」），暫以刊登日 {day} 代之。"
            ));
            day
        }
    };
    let doc_number = if numbers_field.is_empty() {
        let placeholder = format!("無發文字號（MetaId {meta_id}）");
        notes.push(Note {
            error: false,
            field: "GazetteId",
            message: format!("no 發文字號; wrote doc_number: {placeholder}"),
            help: "documents without a number (院會紀錄, 專載) keep this placeholder; if the document has a number, write it into `doc_number:`".into(),
        });
        flags.push("原紀錄無發文字號，以 MetaId 代之。".into());
        placeholder
    } else {
        numbers_field.join("、")
    };
    if let Some((first, first_title)) = numbers.get(&doc_number) {
        if first_title == title.trim() {
            notes.push(Note {
                error: false,
                field: "GazetteId",
                message: format!("the same document as {first} (發文字號 {doc_number}, same title), published again; imported once"),
                help: "nothing to do, unless the two differ in their text".into(),
            });
            return None;
        }
        need(
            notes,
            "GazetteId",
            format!("發文字號 {doc_number} is also the number of {first}"),
            "`check` will refuse the second document with this number: if it is the same document published again, remove one; if not, correct `doc_number:`",
        );
        flags.push(format!("發文字號與 {first} 相同，請確認。"));
    } else {
        numbers.insert(
            doc_number.clone(),
            (format!("record {meta_id}"), title.trim().to_string()),
        );
    }

    let mut fm = String::from("---\n");
    for flag in &flags {
        fm.push_str(&format!("# 匯入注意：{flag}\n"));
    }
    fm.push_str(&format!("title: {}\n", text::yaml_scalar(title.trim())));
    fm.push_str(&format!(
        "category: {}\n",
        text::yaml_scalar(category.trim())
    ));
    fm.push_str(&format!(
        "agency: {}\n",
        text::yaml_list_or_scalar(&agencies)
    ));
    fm.push_str(&format!("doc_number: {}\n", text::yaml_scalar(&doc_number)));
    fm.push_str(&format!("date: {}\n", crate::calendar::iso(date)));
    if !keywords.is_empty() {
        let mut seen = BTreeSet::new();
        let unique: Vec<String> = keywords
            .into_iter()
            .filter(|k| seen.insert(k.clone()))
            .collect();
        fm.push_str(&format!("keywords: {}\n", text::yaml_list(&unique)));
    }
    if !title_en.is_empty() {
        fm.push_str(&format!("title_en: {}\n", text::yaml_scalar(&title_en)));
    }
    fm.push_str("---\n");
    let body = body(&subject, &explain_text, &officers);
    Some(Imported {
        slug,
        issue,
        category: category.trim().to_string(),
        doc_number,
        text: format!("{fm}{body}"),
    })
}

/// The Markdown body: 主旨, 說明 (unless Explain starts with its own label,
/// as 依據： or 公告事項：) and the signatories.
pub fn body(subject: &str, explain_text: &str, officers: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let subject_lines: Vec<&str> = subject
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !subject_lines.is_empty() {
        let escaped: Vec<String> = subject_lines
            .iter()
            .map(|l| explain::escape_line(l))
            .collect();
        parts.push(format!("主旨：{}", escaped.join("\\\n")));
    }
    let first = explain_text.lines().map(str::trim).find(|l| !l.is_empty());
    if let Some(first) = first {
        if !explain::starts_with_label(first) {
            parts.push("說明：".to_string());
        }
        parts.push(explain::to_markdown(explain_text));
    }
    if !officers.is_empty() {
        let lines: Vec<String> = officers
            .iter()
            .map(|o| explain::escape_line(&signatory(o)))
            .collect();
        parts.push(lines.join("\\\n"));
    }
    let mut text = parts.join("\n\n");
    text.push('\n');
    text
}

/// `部長 陳威仁` → `部長　陳威仁`: title and name apart by one full-width
/// space, the form the export recognises as a signatory line.
pub fn signatory(officer: &str) -> String {
    officer
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("\u{3000}")
}

/// `ey-73387` for the national gazette's serial; a munipub export's
/// MetaId (`2026-11-15/03-parking-fees`) gives its slug back.
pub fn slug_of(meta_id: &str) -> Option<String> {
    if !meta_id.is_empty() && meta_id.len() <= 20 && meta_id.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("ey-{meta_id}"));
    }
    let last = meta_id.rsplit('/').next()?;
    (last.len() <= 100 && crate::content::is_slug(last)).then(|| last.to_string())
}

/// `a;b; c` → [a, b, c] (empty parts left out).
fn split_list(text: &str) -> Vec<String> {
    text.split([';', '；'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// What is in `content/gazette/` already: imported files by slug, and
/// every document's number.
struct Existing {
    by_slug: BTreeMap<String, PathBuf>,
    numbers: Numbers,
}

/// The 發文字號 in use: number → (where, title).
pub type Numbers = BTreeMap<String, (String, String)>;

impl Existing {
    /// Everything under `content/gazette/`; the numbers of the files named
    /// in `importing` are left out (they are the records' own).
    fn scan(root: &Path, importing: &BTreeSet<String>) -> Existing {
        let mut by_slug = BTreeMap::new();
        let mut numbers = BTreeMap::new();
        let dir = root.join("content/gazette");
        let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            files.sort();
            for path in files {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let slug = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                if !importing.contains(&slug)
                    && let Ok(text) = std::fs::read_to_string(&path)
                    && let Some(n) = text::front_matter_value(&text, "doc_number")
                {
                    let title = text::front_matter_value(&text, "title").unwrap_or_default();
                    numbers
                        .entry(n)
                        .or_insert_with(|| (rel.display().to_string(), title));
                }
                by_slug.insert(slug, rel);
            }
        }
        Existing { by_slug, numbers }
    }
}

/// Reports categories missing from `_gazette.yaml`, or adds them.
fn categories(
    root: &Path,
    rules: &GazetteRules,
    missing: &[String],
    options: &Options,
    out: &mut Outcome,
) {
    if missing.is_empty() {
        return;
    }
    let all: Vec<String> = rules.categories.iter().chain(missing).cloned().collect();
    let line = format!("categories: {}", text::yaml_list(&all));
    if !options.add_categories {
        out.diags.push(
            Diagnostic::error(
                SETTINGS,
                format!(
                    "categories not in the gazette's settings: {}",
                    missing.join(", ")
                ),
            )
            .help(format!(
                "the imported documents need them: write `{line}` in {SETTINGS}, or import again with --add-categories"
            )),
        );
        return;
    }
    let path = root.join(SETTINGS);
    let result = std::fs::read_to_string(&path).and_then(|t| {
        let replaced = text::replace_categories(&t, &line).ok_or_else(|| {
            std::io::Error::other("its categories: is not one line `categories: [...]`")
        })?;
        std::fs::write(&path, replaced)
    });
    match result {
        Ok(()) => out.notes.push(format!(
            "{SETTINGS}: added categories {}",
            missing.join(", ")
        )),
        Err(e) => out.diags.push(
            Diagnostic::error(SETTINGS, format!("cannot add the categories: {e}"))
                .help(format!("write `{line}` by hand")),
        ),
    }
}

fn write(
    root: &Path,
    existing: &Existing,
    doc: &Imported,
    file: &Path,
    options: &Options,
    out: &mut Outcome,
) {
    let rel = PathBuf::from(format!(
        "content/gazette/{}/{}.md",
        crate::calendar::iso(doc.issue),
        doc.slug
    ));
    if let Some(there) = existing.by_slug.get(&doc.slug).filter(|p| **p != rel) {
        out.skipped += 1;
        out.diags.push(
            Diagnostic::warning(
                file,
                format!(
                    "{} is already imported, as {}; left there",
                    doc.slug,
                    there.display()
                ),
            )
            .help(
                "a record is imported once; move or delete that file to import it into this issue",
            ),
        );
        return;
    }
    let path = root.join(&rel);
    match std::fs::read(&path) {
        Ok(old) if old == doc.text.as_bytes() => {
            out.unchanged += 1;
            return;
        }
        Ok(_) if !options.overwrite => {
            out.skipped += 1;
            out.diags.push(
                Diagnostic::warning(
                    &rel,
                    "differs from what the import would write (edited since?); left as it is",
                )
                .help("import with --overwrite to replace it"),
            );
            return;
        }
        _ => {}
    }
    let result = std::fs::create_dir_all(path.parent().unwrap_or(root))
        .and_then(|()| std::fs::write(&path, &doc.text));
    match result {
        Ok(()) => out.written += 1,
        Err(e) => out.diags.push(Diagnostic::cannot_save(&rel, e)),
    }
}

#[cfg(test)]
mod tests;
