//! `content/pages/`: plain Markdown pages served at `/<slug>/`.

use std::path::Path;

use serde::Deserialize;

use super::fields::{is_slug, require_text, suggest_slug};
use super::source::{KeyIndex, SourceFile, parse_yaml};
use super::tree::Files;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::model::Page;

/// Top-level paths munipub writes itself; a page may not take them.
pub const RESERVED: &[&str] = &[
    "gazette",
    "directory",
    "couplets",
    "search",
    "feeds",
    "static",
    "search-index",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPage {
    title: String,
}

pub fn load(root: &Path, files: &Files, allow_html: bool, diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for rel in files.below(Path::new("content/pages")) {
        if rel.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let slug = rel
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !is_slug(&slug) || RESERVED.contains(&slug.as_str()) {
            diags.push(
                Diagnostic::error(rel, format!("\"{slug}\" cannot be a page name")).help(format!(
                    "use lowercase ASCII letters, digits and hyphens, other than {}; e.g. {}.md",
                    RESERVED.join(", "),
                    suggest_slug(&slug)
                )),
            );
            continue;
        }
        let Ok(file) = SourceFile::read(root, rel).map_err(|d| diags.push(d)) else {
            continue;
        };
        let Ok(fm) = file.front_matter().map_err(|d| diags.push(d)) else {
            continue;
        };
        let Ok(raw) =
            parse_yaml::<RawPage>(rel, fm.yaml, fm.yaml_first_line).map_err(|d| diags.push(d))
        else {
            continue;
        };
        let mut errors = Vec::new();
        let keys = KeyIndex::build(fm.yaml, fm.yaml_first_line);
        require_text(rel, &keys, "title", &raw.title, &mut errors);
        if !errors.is_empty() {
            errors.into_iter().for_each(|e| diags.push(e));
            continue;
        }
        let body = markdown::parse(fm.body, fm.body_first_line, allow_html);
        let mut errors = Vec::new();
        super::body::check(rel, &body, &mut errors);
        if !errors.is_empty() {
            errors.into_iter().for_each(|e| diags.push(e));
            continue;
        }
        pages.push(Page {
            slug,
            title: raw.title.trim().to_string(),
            body,
        });
    }
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}
