//! `content/gazette/`: settings, issue folders and documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::fields::{date_field, is_contained, is_slug, parse_date, require_text, suggest_slug};
use super::legal::{self, TextOrList};
use super::print;
use super::seal;
use super::source::{KeyIndex, SourceFile, closest, parse_yaml};
use super::tree::Files;
use crate::cache::{Cache, Key, KeyBuilder};
use crate::calendar::{IssueNumber, Numbering, Schedule};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::markdown;
use crate::model::{Attachment, Bodies, Document, Gazette, Issue, Print};
use crate::output::file_stamp;
use crate::stamp::ContentStamps;

const DIR: &str = "content/gazette";
const SETTINGS: &str = "content/gazette/_gazette.yaml";

/// The longest name (in UTF-8 bytes) that becomes one output path segment:
/// file systems allow 255 bytes, less room for `.xml` of a feed.
const MAX_NAME_BYTES: usize = 240;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGazette {
    name: String,
    publisher: String,
    schedule: Vec<u32>,
    numbering: String,
    categories: Vec<String>,
    #[serde(default)]
    pdf_layout: Option<String>,
    #[serde(default)]
    gpn: Option<String>,
    #[serde(default)]
    issn: Option<String>,
    #[serde(default)]
    colophon: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIssue {
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    extra: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocument {
    title: String,
    category: String,
    agency: TextOrList,
    doc_number: String,
    date: String,
    #[serde(default)]
    corrects: Option<String>,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    comment_until: Option<String>,
    #[serde(default)]
    keywords: Option<TextOrList>,
    #[serde(default)]
    title_en: Option<String>,
    #[serde(default)]
    attachments: Vec<RawAttachment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttachment {
    file: String,
    title: String,
}

/// The settings every document is checked against.
struct Rules<'c> {
    schedule: Schedule,
    numbering: Numbering,
    categories: Vec<String>,
    allow_html: bool,
    bodies: Bodies,
    /// Where a build keeps each issue's loaded documents
    /// ([`load_documents`]), and its input files' stamps, which key them.
    kept: Option<(&'c Cache, &'c ContentStamps)>,
}

pub fn load(
    root: &Path,
    files: &Files,
    allow_html: bool,
    (bodies, kept): (Bodies, Option<(&Cache, &ContentStamps)>),
    diags: &mut Diagnostics,
) -> Option<Gazette> {
    let dir = Path::new(DIR);
    if !files.below(dir).any(|_| true) {
        return None;
    }
    let settings = load_settings(root, diags);
    let rules = settings
        .as_ref()
        .map(|(raw, schedule, numbering, _)| Rules {
            schedule: schedule.clone(),
            numbering: *numbering,
            categories: raw.categories.clone(),
            allow_html,
            bodies,
            kept,
        });

    // Group files by issue folder.
    let mut folders: Vec<(PathBuf, Vec<&PathBuf>)> = Vec::new();
    for path in files.below(dir) {
        let Ok(rest) = path.strip_prefix(dir) else {
            continue;
        };
        let mut parts = rest.components();
        let first = parts.next();
        if parts.next().is_none() {
            if path != Path::new(SETTINGS) {
                diags.push(
                    Diagnostic::error(path, "unexpected file in content/gazette/")
                        .help("documents go into an issue folder named by its date, e.g. content/gazette/2026-11-15/"),
                );
            }
            continue;
        }
        let folder = dir.join(first.map(|c| c.as_os_str()).unwrap_or_default());
        match folders.last_mut() {
            Some((f, list)) if *f == folder => list.push(path),
            _ => folders.push((folder, vec![path])),
        }
    }

    let results: Vec<(Option<Issue>, Diagnostics)> = folders
        .par_iter()
        .map(|(folder, paths)| {
            let mut d = Diagnostics::new();
            let issue = rules
                .as_ref()
                .and_then(|r| load_issue(root, folder, paths, r, &mut d));
            (issue, d)
        })
        .collect();
    let mut issues = Vec::new();
    for (issue, d) in results {
        diags.extend(d);
        issues.extend(issue);
    }
    check_unique_doc_numbers(root, &issues, diags);
    issues.sort_by_key(|i| i.date);
    legal::number_extra_issues(&mut issues);
    legal::link_corrections(root, &mut issues, diags);
    let (raw, schedule, numbering, print) = settings?;
    Some(Gazette {
        name: raw.name,
        publisher: raw.publisher,
        schedule,
        numbering,
        categories: raw.categories,
        print,
        issues,
    })
}

/// The gazette's categories, when its settings load (for `munipub schema`).
pub(super) fn categories(root: &Path, diags: &mut Diagnostics) -> Option<Vec<String>> {
    load_settings(root, diags).map(|(raw, ..)| raw.categories)
}

fn load_settings(
    root: &Path,
    diags: &mut Diagnostics,
) -> Option<(RawGazette, Schedule, Numbering, Print)> {
    let rel = Path::new(SETTINGS);
    if !root.join(rel).is_file() {
        diags.push(
            Diagnostic::error(rel, "the gazette settings file is missing")
                .help("create it with name:, publisher:, schedule: [15, 30], numbering: season and categories: [...]"),
        );
        return None;
    }
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    let raw: RawGazette = parse_yaml(rel, &file.text, 1)
        .map_err(|d| diags.push(d))
        .ok()?;
    let keys = KeyIndex::build(&file.text, 1);
    let mut errors = Vec::new();
    require_text(rel, &keys, "name", &raw.name, &mut errors);
    require_text(rel, &keys, "publisher", &raw.publisher, &mut errors);
    let schedule = Schedule::new(&raw.schedule).map_err(|e| {
        errors.push(
            Diagnostic::error(rel, format!("schedule: {}", e.message))
                .at(keys.pos("schedule"))
                .help(e.help),
        )
    });
    let numbering = match raw.numbering.as_str() {
        "season" => Some(Numbering::Season),
        "year" => Some(Numbering::Year),
        other => {
            errors.push(
                Diagnostic::error(rel, format!("numbering: unknown numbering \"{other}\""))
                    .at(keys.pos("numbering"))
                    .help("write `season` (春/夏/秋/冬字第N期) or `year` (第N期)"),
            );
            None
        }
    };
    if raw.categories.is_empty() {
        errors.push(
            Diagnostic::error(rel, "categories: the list is empty")
                .at(keys.pos("categories"))
                .help(
                    "list the sections of an issue in order, e.g. [法規, 令, 公告, 函, 人事, 其他]",
                ),
        );
    }
    for (i, c) in raw.categories.iter().enumerate() {
        let segment = crate::render::urls::path_segment(c).len();
        if segment > MAX_NAME_BYTES {
            errors.push(
                Diagnostic::error(
                    rel,
                    format!("categories: \"{c}\" is {segment} bytes long, too long for a folder name"),
                )
                .at(keys.pos(&format!("categories.{i}")))
                .help(format!(
                    "a category is a folder of the output (/gazette/categories/<name>/), and file systems allow {MAX_NAME_BYTES} bytes (about {} Chinese characters); shorten it",
                    MAX_NAME_BYTES / 3
                )),
            );
        }
        if raw.categories[..i].contains(c) {
            errors.push(
                Diagnostic::error(rel, format!("categories: \"{c}\" is listed twice"))
                    .at(keys.pos(&format!("categories.{i}"))),
            );
        }
    }
    let print = print::settings(
        rel,
        &keys,
        print::Raw {
            layout: raw.pdf_layout.as_deref(),
            gpn: raw.gpn.as_deref(),
            issn: raw.issn.as_deref(),
            colophon: &raw.colophon,
        },
        &mut errors,
    );
    let failed = !errors.is_empty();
    for e in errors {
        diags.push(e);
    }
    match (schedule, numbering) {
        (Ok(s), Some(n)) if !failed => Some((raw, s, n, print)),
        _ => None,
    }
}

fn load_issue(
    root: &Path,
    folder: &Path,
    paths: &[&PathBuf],
    rules: &Rules,
    diags: &mut Diagnostics,
) -> Option<Issue> {
    let name = folder.file_name()?.to_string_lossy().to_string();
    let date = match parse_date(&name) {
        Ok(d) => d,
        Err(p) => {
            diags.push(
                Diagnostic::error(folder, format!("issue folder name: {}", p.message))
                    .help(format!("name issue folders by their date: {}", p.help)),
            );
            return None;
        }
    };
    let sealed = paths.iter().any(|p| {
        p.strip_prefix(folder)
            .is_ok_and(|r| r == Path::new(seal::MANIFEST))
    });
    let (raw_issue, extra_pos) = read_issue_yaml(root, folder, paths, diags);
    let extra = raw_issue.extra == Some(true);
    let scheduled = rules.schedule.is_scheduled(date);
    if extra && scheduled {
        diags.push(
            Diagnostic::error(
                folder.join("issue.yaml"),
                format!("extra: true, but {date} is a scheduled issue date"),
            )
            .at(extra_pos)
            .help(format!(
                "an extra issue (號外) is dated off the schedule {:?}; remove `extra: true` for a regular issue, or move the extra issue to its own date",
                rules.schedule.days()
            )),
        );
        return None;
    }
    // A sealed issue keeps its date and number whatever the schedule says now.
    if !sealed && !scheduled && !extra {
        let nearest = rules.schedule.nearest(date);
        diags.push(
            Diagnostic::error(
                folder,
                format!(
                    "{date} is not an issue date of the schedule {:?}",
                    rules.schedule.days()
                ),
            )
            .help(format!(
                "did you mean {nearest}? rename the folder to content/gazette/{nearest}/; or, for an extra issue (號外) on {date}, write `extra: true` in its issue.yaml"
            )),
        );
        return None;
    }

    let mut seal_errors = Vec::new();
    let seal = if sealed {
        seal::verify(root, folder, date, paths, &mut seal_errors)
    } else {
        None
    };
    let seal_failed = !seal_errors.is_empty();
    seal_errors.into_iter().for_each(|e| diags.push(e));
    let (seal_files, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths
        .iter()
        .copied()
        .partition(|p| p.strip_prefix(folder).is_ok_and(seal::is_seal_file));
    if !sealed && let Some(stray) = seal_files.first() {
        diags.push(
            Diagnostic::warning(
                *stray,
                "a sealed issue's file, but the issue has no seal.yaml",
            )
            .help(format!(
                "an interrupted munipub seal leaves {}/ behind: remove it and seal again",
                seal::PDF_DIR
            )),
        );
    }
    let paths = paths.as_slice();
    let mut documents = Vec::new();
    let mut md_files = Vec::new();
    for path in paths {
        let depth = path
            .strip_prefix(folder)
            .map(|p| p.components().count())
            .unwrap_or(0);
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        if depth > 1 {
            continue; // attachments, checked with their documents
        }
        if file_name == "issue.yaml" {
            continue; // read above
        }
        if path.extension().is_some_and(|e| e == "md") {
            md_files.push(*path);
        } else {
            diags.push(Diagnostic::warning(*path, "not a document: ignored").help(
                "documents are .md files; attachments go into a folder named like the document",
            ));
        }
    }
    let md_stems: Vec<String> = md_files
        .iter()
        .filter_map(|p| p.file_stem())
        .map(|s| s.to_string_lossy().to_string())
        .collect();
    for (doc, errors) in load_documents(root, date, &md_files, paths, rules) {
        documents.extend(doc);
        errors.into_iter().for_each(|e| diags.push(e));
    }
    // Attachment folders without a document.
    for path in paths {
        let rest = path.strip_prefix(folder).unwrap_or(path);
        let mut parts = rest.components();
        let (Some(first), Some(_)) = (parts.next(), parts.next()) else {
            continue;
        };
        let first = first.as_os_str().to_string_lossy();
        if !md_stems.iter().any(|s| *s == first) {
            diags.push(
                Diagnostic::warning(
                    *path,
                    format!("attachment folder \"{first}\" belongs to no document"),
                )
                .help(format!(
                    "name the folder like its document's file without .md, or add {first}.md"
                )),
            );
        }
    }
    let order = |c: &str| {
        rules
            .categories
            .iter()
            .position(|x| x == c)
            .unwrap_or(usize::MAX)
    };
    documents.sort_by(|a, b| (order(&a.category), &a.slug).cmp(&(order(&b.category), &b.slug)));
    if let Some(seal) = &seal {
        check_sealed_documents(folder, seal, &documents, diags);
    }
    if sealed && (seal.is_none() || seal_failed) {
        return None;
    }
    Some(Issue {
        date,
        computed_number: IssueNumber::compute(date, &rules.schedule, rules.numbering),
        number_override: raw_issue.number.filter(|n| !n.trim().is_empty()),
        note: raw_issue.note.filter(|n| !n.trim().is_empty()),
        extra,
        documents,
        seal,
        bodies: rules.bodies,
        files: paths.iter().map(|p| p.to_path_buf()).collect(),
    })
}

/// The issue folder's `issue.yaml` (all defaults when there is none), and
/// where its `extra:` is written.
fn read_issue_yaml(
    root: &Path,
    folder: &Path,
    paths: &[&PathBuf],
    diags: &mut Diagnostics,
) -> (RawIssue, Pos) {
    let rel = folder.join("issue.yaml");
    if !paths.iter().any(|p| **p == rel) {
        return (RawIssue::default(), Pos::new(1, 1));
    }
    match SourceFile::read(root, &rel).and_then(|f| {
        parse_yaml::<RawIssue>(&rel, &f.text, 1).map(|r| (r, KeyIndex::build(&f.text, 1)))
    }) {
        Ok((raw, keys)) => (raw, keys.pos("extra")),
        Err(d) => {
            diags.push(d);
            (RawIssue::default(), Pos::new(1, 1))
        }
    }
}

/// Every document of a sealed issue has its sealed offprint, and every
/// sealed offprint its document.
fn check_sealed_documents(
    folder: &Path,
    seal: &crate::model::Seal,
    documents: &[Document],
    diags: &mut Diagnostics,
) {
    let manifest = folder.join(seal::MANIFEST);
    for d in documents {
        if !seal.documents.contains_key(&d.slug) {
            diags.push(
                Diagnostic::error(&manifest, format!("pdfs: no sealed PDF of {}", d.slug))
                    .help("seal.yaml is written by munipub seal; restore it from git"),
            );
        }
    }
    for slug in seal.documents.keys() {
        if !documents.iter().any(|d| &d.slug == slug) {
            diags.push(
                Diagnostic::error(
                    &manifest,
                    format!("pdfs: the sealed document {slug} is not in the issue"),
                )
                .help("seal.yaml is written by munipub seal; restore it from git"),
            );
        }
    }
}

/// A document as [`load_document`] gives it, with its problems.
type Loaded = (Option<Document>, Vec<Diagnostic>);

/// The documents `md_files` of the issue of `date`, each with its
/// problems. A build keeps them in the build cache under the size,
/// modification time and inode of every file of the folder (`paths`, its
/// attachments too), as the build stamp and `make` tell a changed file: a
/// rebuild after one edit parses that issue's documents rather than the
/// archive's (at 100,000 documents, 1.5 s of 2 s). Only documents loaded
/// without their bodies are kept; `check` keeps none and reads every file.
fn load_documents(
    root: &Path,
    date: chrono::NaiveDate,
    md_files: &[&PathBuf],
    paths: &[&PathBuf],
    rules: &Rules,
) -> Vec<Loaded> {
    let load = || -> Vec<Loaded> {
        md_files
            .iter()
            .map(|path| {
                let mut errors = Vec::new();
                let doc = load_document(root, path, date, rules, &mut errors);
                (doc, errors)
            })
            .collect()
    };
    let Some((cache, stamps)) = rules.kept.filter(|_| rules.bodies == Bodies::Dropped) else {
        return load();
    };
    let Some(key) = folder_key(root, date, paths, rules, stamps) else {
        return load();
    };
    let name = format!("content/{}", crate::calendar::iso(date));
    if let Some(loaded) = cache
        .load(&name, &key)
        .and_then(|bytes| crate::cache::decode::<Vec<Loaded>>(&bytes))
    {
        return loaded;
    }
    let loaded = load();
    if let Some(bytes) = crate::cache::encode(&loaded) {
        // A cache that cannot be written only makes the next build slower.
        let _ = cache.save(&name, &key, &bytes);
    }
    loaded
}

/// What an issue folder's documents are loaded from: the site's place (an
/// attachment's path is absolute), the issue's date, the categories and
/// whether HTML is allowed, and each file's [`file_stamp`] (as the build's
/// stamp saw it, else looked at now: a symbolic link's target); `None`
/// when a file cannot be looked at.
fn folder_key(
    root: &Path,
    date: chrono::NaiveDate,
    paths: &[&PathBuf],
    rules: &Rules,
    stamps: &ContentStamps,
) -> Option<Key> {
    let mut key = KeyBuilder::new("issue-documents");
    key.bytes(root.as_os_str().as_encoded_bytes()).serialized(&(
        date,
        &rules.categories,
        rules.allow_html,
    ));
    for path in paths {
        let stamp = match stamps.get(path) {
            Some(stamp) => stamp,
            None => file_stamp(
                &path.to_string_lossy(),
                &std::fs::metadata(root.join(path)).ok()?,
            ),
        };
        key.bytes(&stamp.to_le_bytes());
    }
    Some(key.finish())
}

fn load_document(
    root: &Path,
    rel: &Path,
    issue_date: chrono::NaiveDate,
    rules: &Rules,
    errors: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let slug = rel.file_stem()?.to_string_lossy().to_string();
    if !is_slug(&slug) {
        errors.push(
            Diagnostic::error(rel, format!("\"{slug}\" is not a valid document file name")).help(
                format!(
                    "use lowercase ASCII letters, digits and hyphens, e.g. {}.md",
                    suggest_slug(&slug)
                ),
            ),
        );
    }
    let file = SourceFile::read(root, rel)
        .map_err(|d| errors.push(d))
        .ok()?;
    let fm = file.front_matter().map_err(|d| errors.push(d)).ok()?;
    let raw: RawDocument = parse_yaml(rel, fm.yaml, fm.yaml_first_line)
        .map_err(|d| errors.push(d))
        .ok()?;
    let keys = KeyIndex::build(fm.yaml, fm.yaml_first_line);
    let before = errors.len();
    require_text(rel, &keys, "title", &raw.title, errors);
    let agencies = match raw.agency.0.as_slice() {
        [] => {
            require_text(rel, &keys, "agency", "", errors);
            Vec::new()
        }
        [one] if one.trim().is_empty() => {
            require_text(rel, &keys, "agency", one, errors);
            Vec::new()
        }
        _ => legal::text_list(rel, &keys, "agency", &raw.agency, errors),
    };
    require_text(rel, &keys, "doc_number", &raw.doc_number, errors);
    if !rules.categories.contains(&raw.category) {
        let mut d = Diagnostic::error(rel, format!("unknown category \"{}\"", raw.category))
            .at(keys.pos("category"));
        let expected = rules.categories.join(", ");
        d = match closest(&raw.category, rules.categories.iter().map(String::as_str)) {
            Some(best) => d.help(format!(
                "did you mean \"{best}\"? expected one of {expected}"
            )),
            None => d.help(format!("expected one of {expected}")),
        };
        errors.push(d);
    }
    let date = date_field(rel, &keys, "date", &raw.date)
        .map_err(|d| errors.push(d))
        .ok();
    if let Some(d) = date.filter(|d| *d > issue_date) {
        errors.push(
            Diagnostic::warning(
                rel,
                format!("date: the document is dated {d}, after its issue of {issue_date}"),
            )
            .at(keys.pos("date"))
            .help("a document is dated on or before the issue that publishes it"),
        );
    }
    let legal = legal::fields(
        rel,
        &keys,
        raw.corrects.as_deref(),
        raw.effective.as_deref(),
        raw.comment_until.as_deref(),
        date,
        errors,
    );
    let keywords = raw
        .keywords
        .as_ref()
        .map(|k| legal::text_list(rel, &keys, "keywords", k, errors))
        .unwrap_or_default();
    let attach_dir = rel.with_extension("");
    let mut attachments = Vec::new();
    for (i, a) in raw.attachments.iter().enumerate() {
        let path = format!("attachments.{i}.file");
        if !is_contained(&a.file) {
            errors.push(
                Diagnostic::error(
                    rel,
                    format!("attachment \"{}\" leaves the document's folder", a.file),
                )
                .at(keys.pos(&path))
                .help(format!(
                    "put the file into {}/ and write only its name",
                    attach_dir.display()
                )),
            );
            continue;
        }
        let abs = root.join(&attach_dir).join(&a.file);
        match std::fs::metadata(&abs) {
            Ok(m) if m.is_file() => attachments.push(Attachment {
                file: a.file.clone(),
                title: if a.title.trim().is_empty() {
                    a.file.clone()
                } else {
                    a.title.clone()
                },
                size: m.len(),
                path: abs,
            }),
            _ => errors.push(
                Diagnostic::error(rel, format!("attachment \"{}\" not found", a.file))
                    .at(keys.pos(&path))
                    .help(format!(
                        "put the file at {}/{}",
                        attach_dir.display(),
                        a.file
                    )),
            ),
        }
    }
    let body = markdown::parse(fm.body, fm.body_first_line, rules.allow_html);
    super::body::check(rel, &body, errors);
    for t in body
        .targets
        .iter()
        .filter(|t| crate::links::is_safe(&t.url))
    {
        check_target(root, rel, &attach_dir, t, errors);
    }
    if errors.len() > before
        && errors[before..]
            .iter()
            .any(|e| e.severity == crate::diag::Severity::Error)
    {
        return None;
    }
    Some(Document {
        slug,
        title: raw.title.trim().to_string(),
        category: raw.category,
        agencies,
        doc_number: raw.doc_number.trim().to_string(),
        date: date?,
        corrects: legal.corrects,
        corrects_pos: keys.pos("corrects"),
        corrected_by: Vec::new(),
        effective: legal.effective,
        comment_until: legal.comment_until,
        keywords,
        title_en: raw
            .title_en
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        attachments,
        body: match rules.bodies {
            Bodies::Held => body,
            Bodies::Dropped => markdown::Markdown::default(),
        },
        source: rel.to_path_buf(),
        source_hash: file.hash,
    })
}

/// A document's body read again, as [`load_document`] parsed it: its
/// file must still be what was loaded (the same hash), or the build would
/// publish text that was never checked.
pub(super) fn read_body(
    root: &Path,
    doc: &Document,
    allow_html: bool,
) -> Result<markdown::Markdown, Diagnostic> {
    let file = SourceFile::read(root, &doc.source)?;
    if file.hash != doc.source_hash {
        return Err(Diagnostic::error(
            &doc.source,
            "the file changed while the site was being built",
        )
        .help("build again once the file is saved: a build publishes only what it checked"));
    }
    let fm = file.front_matter()?;
    Ok(markdown::parse(fm.body, fm.body_first_line, allow_html))
}

/// Images and relative links must point at files in the attachment folder.
fn check_target(
    root: &Path,
    rel: &Path,
    attach_dir: &Path,
    t: &markdown::Target,
    errors: &mut Vec<Diagnostic>,
) {
    let url = t.url.as_str();
    if crate::links::is_external(url)
        || url.starts_with('#')
        || (url.starts_with('/') && !t.is_image)
    {
        return;
    }
    let what = if t.is_image { "image" } else { "link" };
    if url.starts_with('/') || !is_contained(url.split(['#', '?']).next().unwrap_or(url)) {
        errors.push(
            Diagnostic::error(
                rel,
                format!("{what} \"{url}\" leaves the document's attachment folder"),
            )
            .at(Pos::new(t.line, 0))
            .help(format!(
                "put the file into {}/ and write only its name",
                attach_dir.display()
            )),
        );
        return;
    }
    let file = url.split(['#', '?']).next().unwrap_or(url);
    if !root.join(attach_dir).join(file).is_file() {
        errors.push(
            Diagnostic::error(rel, format!("{what} \"{url}\" not found"))
                .at(Pos::new(t.line, 0))
                .help(format!("put the file at {}/{file}", attach_dir.display())),
        );
    } else if t.is_image {
        check_image(&root.join(attach_dir).join(file), rel, t, errors);
    }
}

/// An image must be one the PDF can show (PNG or JPEG, whole): what the
/// build would fail on or leave out is an error here, at the image's line.
fn check_image(path: &Path, rel: &Path, t: &markdown::Target, errors: &mut Vec<Diagnostic>) {
    let problem = match std::fs::read(path) {
        Ok(bytes) => crate::render::pdf::writer::image_problem(&bytes),
        Err(e) => Some(format!("cannot be read: {e}")),
    };
    if let Some(problem) = problem {
        errors.push(
            Diagnostic::error(rel, format!("image \"{}\" {problem}", t.url))
                .at(Pos::new(t.line, 0))
                .help("save the picture as PNG (drawings, screenshots) or JPEG (photos) and link that file; link other files as downloads instead, with [title](file)"),
        );
    }
}

fn check_unique_doc_numbers(root: &Path, issues: &[Issue], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Document> = HashMap::new();
    // In the order of their files' paths, compared as bytes: every
    // document is at content/gazette/<date>/<file>.md, so this is the
    // paths' own order, without comparing 96,000 paths a name at a time
    // (0.1 s of a rebuild at 100 years, on one core).
    let mut all: Vec<&Document> = issues.iter().flat_map(|i| &i.documents).collect();
    all.sort_unstable_by_key(|d| d.source.as_os_str().as_encoded_bytes());
    for doc in all {
        if let Some(first) = seen.get(doc.doc_number.as_str()) {
            diags.push(
                Diagnostic::error(
                    &doc.source,
                    format!("doc_number \"{}\" is already used", doc.doc_number),
                )
                .at(doc_number_pos(root, doc))
                .help(format!(
                    "{} has the same number; every document number is unique in the gazette",
                    first.source.display()
                )),
            );
        } else {
            seen.insert(&doc.doc_number, doc);
        }
    }
}

/// Where `doc_number:` is written, found again from the source for the
/// rare duplicate message.
fn doc_number_pos(root: &Path, doc: &Document) -> Pos {
    std::fs::read_to_string(root.join(&doc.source))
        .ok()
        .and_then(|t| {
            t.lines().enumerate().find_map(|(i, l)| {
                l.strip_prefix("doc_number:")
                    .map(|v| Pos::new(i + 1, 12 + v.chars().take_while(|c| *c == ' ').count()))
            })
        })
        .unwrap_or(Pos::new(1, 1))
}
