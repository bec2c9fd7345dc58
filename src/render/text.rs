//! An issue's documents with their bodies, read once for everything made
//! from them: its pages, its national-format XML and its search records
//! ([`super::issue_outputs`]). Each of these first looks in the build
//! cache and asks for the text only when it makes its files, so an issue
//! none of them needs is never read, and one all three need is read and
//! parsed once rather than three times. Its bodies as HTML are made once
//! too, for the document pages and the XML's `HTMLContent`.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::diag::Diagnostic;
use crate::model::{Issue, Site};

/// One issue, its bodies read when first asked for. Lives on one thread
/// for one issue's outputs, and is dropped with them.
pub struct IssueText<'a> {
    site: &'a Site,
    issue: &'a Issue,
    full: OnceCell<Result<Cow<'a, Issue>, Diagnostic>>,
    bodies_html: OnceCell<Vec<String>>,
}

impl<'a> IssueText<'a> {
    pub fn new(site: &'a Site, issue: &'a Issue) -> IssueText<'a> {
        IssueText {
            site,
            issue,
            full: OnceCell::new(),
            bodies_html: OnceCell::new(),
        }
    }

    /// The issue with its documents' bodies ([`crate::content::with_bodies`]),
    /// read the first time it is asked for.
    pub fn full(&self) -> Result<&Issue, Diagnostic> {
        match self
            .full
            .get_or_init(|| crate::content::with_bodies(self.site, self.issue))
        {
            Ok(issue) => Ok(issue),
            Err(d) => Err(d.clone()),
        }
    }

    /// Each document's body as HTML, in the issue's order, made the first
    /// time it is asked for.
    pub fn bodies_html(&self) -> Result<&[String], Diagnostic> {
        let issue = self.full()?;
        Ok(self.bodies_html.get_or_init(|| bodies_html(issue)))
    }

    /// Whether the bodies have been read.
    #[cfg(test)]
    pub fn was_read(&self) -> bool {
        self.full.get().is_some()
    }
}

/// Each of `issue`'s documents' bodies as HTML, in order.
pub fn bodies_html(issue: &Issue) -> Vec<String> {
    issue
        .documents
        .iter()
        .map(|d| crate::render::html::markdown::to_html(&d.body))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_is_read_once_and_only_when_asked_for() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, diags) = crate::content::load_with(root, crate::model::Bodies::Dropped, None);
        let site = site.unwrap_or_else(|| panic!("the example site loads: {diags:?}"));
        let issue = &site.gazette.as_ref().expect("a gazette").issues[0];
        assert!(issue.documents.iter().all(|d| d.body.blocks.is_empty()));
        let text = IssueText::new(&site, issue);
        assert!(!text.was_read(), "nothing read before it is asked for");
        let first: *const Issue = text.full().expect("the bodies");
        assert!(!text.full().unwrap().documents[0].body.blocks.is_empty());
        let second: *const Issue = text.full().unwrap();
        assert_eq!(first, second, "read once: the same issue both times");
        let html = text.bodies_html().expect("the bodies as HTML");
        assert_eq!(html.len(), issue.documents.len());
        assert!(html[0].starts_with('<'), "{}", html[0]);
        assert!(std::ptr::eq(html, text.bodies_html().unwrap()), "made once");
    }
}
