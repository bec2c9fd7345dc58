//! The gazette's schedule, numbering and categories, read from
//! `_gazette.yaml` alone (for `munipub new` and `munipub import`; `check`
//! reads them with everything else in `gazette.rs`).

use std::path::Path;

use crate::calendar::{Numbering, Schedule};
use crate::diag::Diagnostic;

/// Where the gazette's settings are.
pub const SETTINGS: &str = "content/gazette/_gazette.yaml";

/// The gazette settings `new` and `import` need, read without loading
/// every document.
pub struct GazetteRules {
    pub schedule: Schedule,
    pub numbering: Numbering,
    pub categories: Vec<String>,
}

pub fn read(root: &Path) -> Result<GazetteRules, Diagnostic> {
    let rel = Path::new(SETTINGS);
    #[derive(serde::Deserialize)]
    struct Raw {
        schedule: Vec<u32>,
        numbering: String,
        categories: Vec<String>,
    }
    let file = super::source::SourceFile::read(root, rel)?;
    let value: serde_yaml::Value = super::source::parse_yaml(rel, &file.text, 1)?;
    let raw: Raw = serde_yaml::from_value(value).map_err(|e| {
        Diagnostic::error(rel, e.to_string()).help("run `munipub check` for details")
    })?;
    let schedule = Schedule::new(&raw.schedule)
        .map_err(|e| Diagnostic::error(rel, format!("schedule: {}", e.message)).help(e.help))?;
    let numbering = if raw.numbering == "year" {
        Numbering::Year
    } else {
        Numbering::Season
    };
    Ok(GazetteRules {
        schedule,
        numbering,
        categories: raw.categories,
    })
}
