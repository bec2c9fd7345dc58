//! Loading: `site.yaml` and `content/` into the checked [`Site`] model,
//! with every problem collected as a [`Diagnostic`].

mod body;
mod couplets;
mod directory;
mod fields;
mod gazette;
mod history;
mod legal;
mod pages;
mod print;
pub mod rules;
pub mod schema;
pub mod seal;
mod settings;
pub mod source;
mod tree;

use std::borrow::Cow;
use std::path::Path;

use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Bodies, Issue, Site};
use crate::stamp::ContentStamps;

pub use fields::{is_slug, parse_date};
pub use history::state as history_state;
pub use settings::normalise_base_url;

/// Loads what typesetting issue `key` (`2026-11-15`) needs and nothing
/// more: `site.yaml`, the gazette's settings, that issue's documents and
/// those they correct, and of the other issues only whether they are extra
/// issues (for numbering). The model has no directory, couplets or pages,
/// and the other issues have no documents. `munipub pdf` uses it, so that
/// proofing one issue does not read a whole archive.
pub fn load_issue(root: &Path, key: &str) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let settings = settings::load(root, &mut diags);
    let allow_html = settings.as_ref().is_some_and(|s| s.allow_html);
    let mut also: Vec<String> = Vec::new();
    let gazette = loop {
        let mut d = Diagnostics::new();
        let files = tree::list_issue(root, key, &also, &mut d);
        let g = gazette::load(root, &files, allow_html, (Bodies::Held, None), &mut d);
        // The issues its documents correct, read whole on a second pass.
        let targets: Vec<String> = g
            .iter()
            .flat_map(|g| &g.issues)
            .filter(|i| i.key() == key)
            .flat_map(|i| &i.documents)
            .filter_map(|doc| doc.corrects.as_ref())
            .map(|r| crate::calendar::iso(r.issue).to_string())
            .filter(|t| t != key && !also.contains(t))
            .collect();
        if targets.is_empty() {
            diags.extend(d);
            break g;
        }
        also.extend(targets);
    };
    let site = settings.map(|settings| Site {
        root: root.to_path_buf(),
        settings,
        gazette,
        directory: None,
        couplets: Vec::new(),
        couplet_settings: Default::default(),
        pages: Vec::new(),
    });
    finish(site, diags)
}

/// Loads and checks the whole site. Returns the model when no error was
/// found (warnings allowed), and every diagnostic either way.
pub fn load(root: &Path) -> (Option<Site>, Diagnostics) {
    load_with(root, Bodies::Held, None)
}

/// [`load`], the gazette's documents holding their bodies or not
/// ([`Bodies`]): `build` and `check` drop them and read an issue's again
/// with [`with_bodies`] where they need its text. A build passes its cache
/// (`kept`), which keeps each issue's loaded documents for the next build,
/// with its input files' stamps, which key them.
pub fn load_with(
    root: &Path,
    bodies: Bodies,
    kept: Option<(&Cache, &ContentStamps)>,
) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let settings = settings::load(root, &mut diags);
    let files = tree::list(root, &mut diags);
    let allow_html = settings.as_ref().is_some_and(|s| s.allow_html);
    let gazette = gazette::load(root, &files, allow_html, (bodies, kept), &mut diags);
    let directory = directory::load(root, &files, &mut diags);
    let (couplets, couplet_settings) = couplets::load(root, &files, &mut diags);
    let pages = pages::load(root, &files, allow_html, &mut diags);
    let site = settings.map(|settings| Site {
        root: root.to_path_buf(),
        settings,
        gazette,
        directory,
        couplets,
        couplet_settings,
        pages,
    });
    finish(site, diags)
}

/// `issue` with its documents' bodies: itself when it holds them, else a
/// copy with each body read again from its file (which must not have
/// changed since it was loaded).
pub fn with_bodies<'a>(site: &Site, issue: &'a Issue) -> Result<Cow<'a, Issue>, Diagnostic> {
    if issue.bodies == Bodies::Held {
        return Ok(Cow::Borrowed(issue));
    }
    let mut full = issue.clone();
    for doc in &mut full.documents {
        doc.body = gazette::read_body(&site.root, doc, site.settings.allow_html)?;
    }
    full.bodies = Bodies::Held;
    Ok(Cow::Owned(full))
}

/// The loaded site when nothing was wrong (the publisher defaulting to the
/// gazette's, else the site's title), and every diagnostic either way.
fn finish(site: Option<Site>, diags: Diagnostics) -> (Option<Site>, Diagnostics) {
    let site = site.map(|mut site| {
        if site.settings.publisher.is_empty() {
            site.settings.publisher = site
                .gazette
                .as_ref()
                .map(|g| g.publisher.clone())
                .unwrap_or_else(|| site.settings.title.clone());
        }
        site
    });
    if diags.has_errors() {
        (None, diags)
    } else {
        (site, diags)
    }
}
