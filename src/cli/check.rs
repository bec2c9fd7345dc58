//! `munipub check`: load everything and compile the templates.

use std::path::Path;
use std::process::ExitCode;

use crate::content;
use crate::diag::Diagnostics;
use crate::render::html::Html;
use crate::theme::Theme;

pub fn run(root: &Path) -> ExitCode {
    let diags = check(root);
    super::report(&diags);
    eprintln!("check: {}", super::counts(&diags));
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every problem of the site: content, then templates.
pub fn check(root: &Path) -> Diagnostics {
    let (site, mut diags) = content::load(root);
    match Theme::load(root) {
        Err(d) => diags.extend(d),
        Ok(theme) => {
            if let Some(Err(d)) = site.as_ref().map(|s| Html::new(s, &theme, None)) {
                diags.extend(d);
            }
        }
    }
    diags
}
