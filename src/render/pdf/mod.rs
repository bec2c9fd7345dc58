//! PDFs: a layout engine of our own (`layout`) and a small writer over
//! printpdf (`writer`); one file per publication.

pub mod archival;
pub mod content;
pub mod coverage;
pub mod directory;
pub mod draw;
pub mod embed;
pub mod error;
pub mod fonts;
pub mod gazette;
pub mod layout;
pub mod objects;
pub mod page;
pub mod seal;
pub mod tagged;
pub mod writer;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cache::{Cache, Files, Key};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Directory, Gazette, Issue, Site};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::urls;
use layout::fonts::FontBook;
use writer::{A4, Doc, Meta};

/// What the HTML pages need to know of the PDFs: their URLs and the pages
/// each document occupies in its issue.
#[derive(Debug, Default)]
pub struct PdfIndex {
    /// By issue key (`2026-11-15`).
    pub issues: HashMap<String, IssuePdf>,
    /// The directory's PDF and its size, when there is a directory.
    pub directory: Option<(String, u64)>,
    /// Each couplet set's downloads, by (year, set id).
    pub couplets: crate::render::couplets::CoupletFiles,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct IssuePdf {
    pub url: String,
    /// By document slug: (offprint URL, first and last printed page).
    pub documents: BTreeMap<String, (String, (usize, usize))>,
    /// The SHA-256 of every PDF of the issue, by its name in the issue's
    /// folder (`01-parking-fees.pdf`).
    #[serde(default)]
    pub sha256: BTreeMap<String, String>,
    /// Published from its seal, not typeset.
    #[serde(default)]
    pub sealed: bool,
}

impl IssuePdf {
    /// The SHA-256 of the PDF at `url`.
    pub fn sha256_of(&self, url: &str) -> Option<&String> {
        self.sha256.get(file_name(url))
    }

    /// `SHA256SUMS`: one line per PDF, as `sha256sum` prints and
    /// `sha256sum -c` reads them (hash, two spaces, the file's name).
    pub fn sha256sums(&self) -> String {
        self.sha256
            .iter()
            .map(|(file, hash)| format!("{hash}  {file}\n"))
            .collect()
    }
}

/// The last segment of a URL: a file's name in its folder.
fn file_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// Typesets one issue: its PDF, and the layout its offprints reuse.
pub fn issue_pdf(
    site: &Site,
    book: &FontBook,
    g: &Gazette,
    issue: &Issue,
) -> Result<(Vec<u8>, gazette::IssueLayout), Diagnostic> {
    let issue = &*crate::content::with_bodies(site, issue)?;
    let layout = gazette::layout_issue(book, &site.root, &site.settings.base_url, g, issue);
    let meta = Meta {
        title: format!("{}{}", g.name, issue.full_number()),
        author: g.publisher.clone(),
        subject: format!("{}出刊", crate::calendar::roc_long(issue.date)),
        date: issue.date,
    };
    let labels = layout.labels(0);
    let whole = Doc {
        pages: &layout.pages,
        images: &layout.images,
        outline: &layout.outline,
        meta: &meta,
        size: A4,
        bleed: 0.0,
        tags: Some(&layout.tags),
        labels: &labels,
    };
    let bytes = writer::write(&whole, book)
        .map_err(|e| e.in_file(format!("content/gazette/{}", issue.key())))?;
    Ok((bytes, layout))
}

/// Typesets and writes every PDF, taking from `cache` what was made from
/// the same inputs before.
pub fn render(
    site: &Site,
    fonts: &fonts::Fonts,
    cache: &Cache,
    out: &Staging,
    issue_inputs: &[Key],
    progress: &Progress,
) -> Result<PdfIndex, Diagnostics> {
    let mut index = PdfIndex::default();
    let issues = site.gazette.as_ref().map_or(0, |g| g.issues.len());
    let sets: usize = site.couplets.iter().map(|y| y.sets.len()).sum();
    let jobs = issues + sets + usize::from(site.directory.is_some());
    progress.stage("typesetting PDFs", Some(jobs as u64));
    let made = AtomicUsize::new(0);
    if let Some(d) = &site.directory {
        // 異動一覽 comes from the history, not from the files.
        let changes = format!(
            "{:?}",
            (
                d.editions.list.get(1).map(|e| e.updated),
                d.editions.current_changes()
            )
        );
        let key = fonts
            .key("directory-pdf")
            .file(&site.root, Path::new("site.yaml"))
            .tree(&site.root, Path::new("content/directory"))
            .bytes(changes.as_bytes())
            .finish();
        let url = urls::DIRECTORY_PDF;
        let size = match cache.restore("directory", &key, out) {
            Some(kept) => kept["bytes"].as_u64().unwrap_or_default(),
            None => {
                made.fetch_add(1, Ordering::Relaxed);
                let bytes = directory_pdf(site, &fonts.book, d)?;
                let size = bytes.len() as u64;
                let kept = serde_json::json!({ "bytes": size });
                cache
                    .store("directory", &key, &[(url.into(), bytes)], kept, out)
                    .map_err(|e| Diagnostics::from(Diagnostic::cannot_write(url, e)))?;
                size
            }
        };
        index.directory = Some((url.to_string(), size));
        progress.inc();
    }
    index.couplets = crate::render::couplets::render(site, fonts, cache, out, progress, &made)?;
    let Some(g) = &site.gazette else {
        return Ok(index);
    };
    let results: Vec<Result<(String, IssuePdf), Diagnostic>> = g
        .issues
        .par_iter()
        .zip(issue_inputs)
        .map(|(issue, inputs)| {
            let pdf = match &issue.seal {
                Some(sealed) => seal::publish(site, issue, sealed, cache, out)?,
                None => issue_pdfs(site, fonts, g, issue, inputs, cache, out, &made)?,
            };
            let sums = urls::sha256sums(issue.date);
            out.write(&sums, pdf.sha256sums().as_bytes())
                .map_err(|e| Diagnostic::cannot_write(&sums, e))?;
            progress.inc();
            Ok((issue.key(), pdf))
        })
        .collect();
    let made = made.into_inner();
    progress.note(&format!(
        "PDFs: {made} of {jobs} issues, couplet sets and directory made, {} from the cache",
        jobs - made
    ));
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok((k, v)) => {
                index.issues.insert(k, v);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.or_ok(index)
}

/// An unsealed issue's PDFs: from the cache when made from the same inputs
/// before, else typeset (and kept).
#[allow(clippy::too_many_arguments)]
fn issue_pdfs(
    site: &Site,
    fonts: &fonts::Fonts,
    g: &Gazette,
    issue: &Issue,
    inputs: &Key,
    cache: &Cache,
    out: &Staging,
    made: &AtomicUsize,
) -> Result<IssuePdf, Diagnostic> {
    // The attachments' links in the PDFs are absolute: the site's address
    // is an input too.
    let key = fonts
        .key("issue-pdf")
        .key(inputs)
        .bytes(site.settings.base_url.as_bytes())
        .finish();
    let name = format!("gazette/{}", issue.key());
    cache.get_or_make(
        &name,
        &key,
        out,
        || {
            made.fetch_add(1, Ordering::Relaxed);
            issue_files(site, &fonts.book, g, issue).map(|(pdf, files)| (files, pdf))
        },
        |e| Diagnostic::cannot_write(urls::issue_pdf(issue.date), e),
    )
}

/// The directory's PDF.
fn directory_pdf(site: &Site, book: &FontBook, d: &Directory) -> Result<Vec<u8>, Diagnostics> {
    let layout = directory::layout(book, d);
    let meta = Meta {
        title: d.title.clone(),
        author: site.settings.publisher.clone(),
        subject: format!("{}版", crate::calendar::roc_long(d.updated)),
        date: d.updated,
    };
    let doc = Doc {
        pages: &layout.pages,
        images: &[],
        outline: &layout.outline,
        meta: &meta,
        size: A4,
        bleed: 0.0,
        tags: Some(&layout.tags),
        labels: &[(0, writer::Label::Decimal(1))],
    };
    writer::write(&doc, book).map_err(|e| Diagnostics::from(e.in_file("content/directory")))
}

/// An issue's PDF and its offprints (output path, bytes), which reuse the
/// issue's layout: each document's pages as they are.
pub(crate) fn issue_files(
    site: &Site,
    book: &FontBook,
    g: &Gazette,
    issue: &Issue,
) -> Result<(IssuePdf, Files), Diagnostic> {
    let (bytes, layout) = issue_pdf(site, book, g, issue)?;
    let title = format!("{}{}", g.name, issue.full_number());
    let mut pdf = IssuePdf {
        url: urls::issue_pdf(issue.date),
        documents: BTreeMap::new(),
        sha256: BTreeMap::new(),
        sealed: false,
    };
    let mut files = vec![(pdf.url.clone(), bytes)];
    // (slug, output path, bytes)
    type Offprint = (String, String, Vec<u8>);
    let offprints: Vec<Result<Offprint, Diagnostic>> = issue
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let doc_meta = Meta {
                title: doc.title.clone(),
                author: doc.agency_names(),
                subject: format!("{title} {}", doc.doc_number),
                date: issue.date,
            };
            let labels = layout.labels(layout.documents[i].0);
            let offprint = Doc {
                pages: &layout.offprint(
                    book,
                    i,
                    &crate::render::citation::cite(g, issue, Some(layout.printed_pages(i))),
                ),
                images: &layout.images,
                outline: &[],
                meta: &doc_meta,
                size: A4,
                bleed: 0.0,
                tags: Some(&layout.tags),
                labels: &labels,
            };
            let bytes = writer::write(&offprint, book).map_err(|e| e.in_file(&doc.source))?;
            Ok((
                doc.slug.clone(),
                urls::document_pdf(issue.date, &doc.slug),
                bytes,
            ))
        })
        .collect();
    for (i, o) in offprints.into_iter().enumerate() {
        let (slug, url, bytes) = o?;
        pdf.documents
            .insert(slug, (url.clone(), layout.printed_pages(i)));
        files.push((url, bytes));
    }
    pdf.sha256 = files
        .par_iter()
        .map(|(url, bytes)| {
            (
                file_name(url).to_string(),
                crate::content::seal::sha256_hex(bytes),
            )
        })
        .collect();
    Ok((pdf, files))
}
