//! The municipal gazette: issues on a schedule, documents in categories.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::{IssueNumber, Numbering, Schedule};
use crate::markdown::Markdown;

#[derive(Debug, Clone)]
pub struct Gazette {
    pub name: String,
    pub publisher: String,
    pub schedule: Schedule,
    pub numbering: Numbering,
    /// The order of sections in every issue.
    pub categories: Vec<String>,
    /// Oldest first.
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub date: NaiveDate,
    pub computed_number: IssueNumber,
    /// `issue.yaml`'s `number:`, replacing the computed label.
    pub number_override: Option<String>,
    pub note: Option<String>,
    /// In category order, then by slug within a category.
    pub documents: Vec<Document>,
    /// What `munipub seal` recorded, when the issue is sealed.
    pub seal: Option<Seal>,
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
        self.date.format("%Y-%m-%d").to_string()
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

#[derive(Debug, Clone)]
pub struct Document {
    pub slug: String,
    pub title: String,
    pub category: String,
    pub agency: String,
    pub doc_number: String,
    pub date: NaiveDate,
    pub attachments: Vec<Attachment>,
    pub body: Markdown,
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The hash of its bytes ([`crate::content::source::SourceFile::hash`]).
    pub source_hash: u128,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// File name inside the document's attachment folder.
    pub file: String,
    pub title: String,
    pub size: u64,
    /// Absolute path to copy from.
    pub path: PathBuf,
}
