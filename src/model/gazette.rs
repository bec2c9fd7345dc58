//! The municipal gazette: issues on a schedule, documents in categories.

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

    /// `115年冬字第3期`.
    pub fn full_number(&self) -> String {
        format!("{}年{}", self.computed_number.roc_year, self.label())
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
