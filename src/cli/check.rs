//! `munipub check`: load everything and compile the templates.

use std::path::Path;
use std::process::ExitCode;

use crate::content;
use crate::diag::Diagnostics;
use crate::render::html::Html;
use crate::render::pdf::coverage;
use crate::render::pdf::fonts::Fonts;
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
    let (site, mut diags) = content::load_with(root, crate::model::Bodies::Dropped, None);
    match Theme::load(root) {
        Err(d) => diags.extend(d),
        Ok(theme) => {
            if let Some(site) = &site {
                if let Err(d) = Html::new(site, &theme, None, &Default::default()) {
                    diags.extend(d);
                }
                match Fonts::book(site, &theme) {
                    Ok(book) => diags.extend(coverage::check(site, &book)),
                    Err(d) => diags.extend(d),
                }
            }
        }
    }
    diags
}
