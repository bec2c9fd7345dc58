//! The validated model of a site: the one source of truth every renderer
//! reads. Loading (`crate::content`) builds it; nothing here reads files.

pub mod changes;
pub mod couplets;
pub mod directory;
pub mod gazette;

use std::path::PathBuf;

use crate::markdown::Markdown;

pub use couplets::{CoupletSet, CoupletSettings, CoupletYear};
pub use directory::{Agency, Change, ChangeKind, Contact, Directory, Edition, Editions, Unit};
pub use gazette::{
    Attachment, Bodies, DocRef, Document, Gazette, Issue, PdfLayout, Print, Seal, SealedPdf,
};

/// Everything `content/` and `site.yaml` say, checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub settings: Settings,
    pub gazette: Option<Gazette>,
    pub directory: Option<Directory>,
    pub couplets: Vec<CoupletYear>,
    pub couplet_settings: CoupletSettings,
    pub pages: Vec<Page>,
}

/// `site.yaml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub publisher: String,
    pub allow_html: bool,
    pub fonts: Fonts,
}

/// Font fallback chains, paths relative to the theme (`fonts/x.ttc#3`).
#[derive(Debug, Clone, Default)]
pub struct Fonts {
    pub body: Vec<String>,
    pub heading: Vec<String>,
    pub kai: Vec<String>,
}

/// A plain Markdown page from `content/pages/`, served at `/<slug>/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub body: Markdown,
}
