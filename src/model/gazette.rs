//! The municipal gazette: issues on a schedule, documents in categories.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{IssueNumber, Numbering, Schedule};
use crate::diag::Pos;
use crate::markdown::Markdown;

#[derive(Debug, Clone)]
pub struct Gazette {
    pub name: String,
    pub publisher: String,
    pub schedule: Schedule,
    pub numbering: Numbering,
    /// The order of sections in every issue.
    pub categories: Vec<String>,
    /// How issues are printed.
    pub print: Print,
    /// Oldest first.
    pub issues: Vec<Issue>,
}

/// How an issue's PDF is laid out and what its cover and 版權頁 say
/// (optional settings of `_gazette.yaml`).
#[derive(Debug, Clone, Default)]
pub struct Print {
    pub layout: PdfLayout,
    /// 統一編號 (GPN) of the 政府出版品 registry: ten digits.
    pub gpn: Option<String>,
    /// ISSN, `1234-5679`.
    pub issn: Option<String>,
    /// Lines of the 版權頁 after what munipub writes itself (address,
    /// telephone, sales outlets…).
    pub colophon: Vec<String>,
}

impl Print {
    /// Whether the issue ends with a 版權頁.
    pub fn has_colophon(&self) -> bool {
        self.gpn.is_some() || self.issn.is_some() || !self.colophon.is_empty()
    }
}

/// How documents follow each other in the issue PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfLayout {
    /// One after the other with a rule between them (節能減紙).
    #[default]
    RunOn,
    /// Each document from a new page.
    NewPage,
}

impl Gazette {
    /// The issue and document a reference names.
    pub fn find(&self, r: &DocRef) -> Option<(&Issue, &Document)> {
        let issue = self.issues.iter().find(|i| i.date == r.issue)?;
        let doc = issue.documents.iter().find(|d| d.slug == r.slug)?;
        Some((issue, doc))
    }
}

/// A document named by its issue's date and its slug: `2026-11-15/01-parking-fees`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocRef {
    pub issue: NaiveDate,
    pub slug: String,
}

impl DocRef {
    /// Parses `<YYYY-MM-DD>/<slug>`; `None` when it has not that form.
    pub fn parse(text: &str) -> Option<DocRef> {
        let (date, slug) = text.trim().split_once('/')?;
        let issue = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let slug = slug.trim_end_matches(".md");
        crate::content::is_slug(slug).then(|| DocRef {
            issue,
            slug: slug.to_string(),
        })
    }
}

impl std::fmt::Display for DocRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", crate::calendar::iso(self.issue), self.slug)
    }
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub date: NaiveDate,
    pub computed_number: IssueNumber,
    /// `issue.yaml`'s `number:`, replacing the computed label.
    pub number_override: Option<String>,
    pub note: Option<String>,
    /// `issue.yaml`'s `extra: true`: an extra issue (號外) off the schedule.
    pub extra: bool,
    /// In category order, then by slug within a category.
    pub documents: Vec<Document>,
    /// What `munipub seal` recorded, when the issue is sealed.
    pub seal: Option<Seal>,
    /// Whether its documents hold their bodies.
    pub bodies: Bodies,
    /// Every file of the issue's folder as the loader listed them (from
    /// the site's root, in name order, hidden files left out): what the
    /// issue is made from, and its documents' attachment folders, without
    /// looking at the folder again.
    pub files: Vec<std::path::PathBuf>,
}

/// Whether a loaded issue's documents hold their bodies. A build loads the
/// archive with bodies [`Bodies::Dropped`]: each is parsed and checked,
/// then let go, and a renderer that needs an issue's text reads it again
/// (`content::with_bodies`), so that the model of a whole archive holds
/// none (at 100,000 documents the bodies were 0.7 GB of a 0.8 GB model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bodies {
    #[default]
    Held,
    Dropped,
}

/// A sealed issue as published: its number and PDFs never change again.
#[derive(Debug, Clone)]
pub struct Seal {
    /// The gazette's name as printed on the sealed issue.
    pub name: String,
    /// `115年冬字第3期`, as printed.
    pub number: String,
    /// The whole issue.
    pub issue_pdf: SealedPdf,
    /// By document slug: its offprint and its printed pages in the issue.
    pub documents: BTreeMap<String, (SealedPdf, (usize, usize))>,
}

/// One PDF of a sealed issue.
#[derive(Debug, Clone)]
pub struct SealedPdf {
    /// Its name in the issue's output folder (`gazette-2026-11-15.pdf`).
    pub file: String,
    /// The sealed copy, relative to the site root.
    pub path: PathBuf,
    /// Lower-case hex.
    pub sha256: String,
}

impl Issue {
    /// `2026-11-15`, the folder and URL name.
    pub fn key(&self) -> String {
        crate::calendar::iso(self.date).to_string()
    }

    /// `冬字第3期`, or the override.
    pub fn label(&self) -> String {
        self.number_override
            .clone()
            .unwrap_or_else(|| self.computed_number.label())
    }

    /// `115年冬字第3期`; a sealed issue's as sealed.
    pub fn full_number(&self) -> String {
        match &self.seal {
            Some(seal) => seal.number.clone(),
            None => format!("{}年{}", self.computed_number.roc_year, self.label()),
        }
    }

    /// The gazette's name for this issue's citations: as sealed, else the
    /// gazette's current name.
    pub fn gazette_name<'a>(&'a self, g: &'a Gazette) -> &'a str {
        self.seal.as_ref().map_or(&g.name, |s| &s.name)
    }
}

/// Serialised only as the loader keeps it in the build cache: without its
/// body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub slug: String,
    pub title: String,
    pub category: String,
    /// The issuing agencies: one, or several for a joint document (會銜);
    /// the first leads. Never empty.
    pub agencies: Vec<String>,
    pub doc_number: String,
    pub date: NaiveDate,
    /// `corrects:`: the earlier document this one corrects (更正), checked
    /// to exist in an earlier issue.
    pub corrects: Option<DocRef>,
    /// Where `corrects:` is written, for the cross-document checks.
    pub corrects_pos: Pos,
    /// The later documents that correct this one, oldest first (filled in
    /// once every issue is loaded).
    pub corrected_by: Vec<DocRef>,
    /// `effective:` (生效／施行日期).
    pub effective: Option<NaiveDate>,
    /// `comment_until:`: a draft (預告) open for comments until this day.
    pub comment_until: Option<NaiveDate>,
    pub keywords: Vec<String>,
    pub title_en: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Empty when its issue was loaded with [`Bodies::Dropped`].
    #[serde(skip)]
    pub body: Markdown,
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The hash of its bytes ([`crate::content::source::SourceFile::hash`]).
    pub source_hash: u128,
}

impl Document {
    /// The leading agency.
    pub fn agency(&self) -> &str {
        self.agencies.first().map(String::as_str).unwrap_or("")
    }

    /// Every agency, joined with `、` as printed.
    pub fn agency_names(&self) -> String {
        self.agencies.join("、")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    /// File name inside the document's attachment folder.
    pub file: String,
    pub title: String,
    pub size: u64,
    /// Absolute path to copy from.
    pub path: PathBuf,
}
