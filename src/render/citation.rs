//! How a document is cited (`臺中市政府公報115年冬字第3期第5頁`) and the
//! corrections between documents, as every output shows them: pages,
//! feeds and open data.

use crate::model::{DocRef, Document, Gazette, Issue};
use crate::render::pdf::PdfIndex;
use crate::render::urls;

/// The gazette, the issue's number and, when the PDFs were built, the
/// document's printed pages. Without PDFs (`build --no-pdf`) the pages
/// are left out. A sealed issue is cited as printed, under the gazette's
/// name then.
pub fn citation(g: &Gazette, issue: &Issue, slug: &str, pdfs: Option<&PdfIndex>) -> String {
    let pages = pdfs
        .and_then(|p| p.issues.get(&issue.key()))
        .and_then(|p| p.documents.get(slug))
        .map(|(_, pages)| *pages);
    cite(g, issue, pages)
}

/// The citation of printed pages `(first, last)` of `issue`, or of the
/// issue alone.
pub fn cite(g: &Gazette, issue: &Issue, pages: Option<(usize, usize)>) -> String {
    let base = format!("{}{}", issue.gazette_name(g), issue.full_number());
    match pages {
        Some((first, last)) if first == last => format!("{base}第{first}頁"),
        Some((first, last)) => format!("{base}第{first}-{last}頁"),
        None => base,
    }
}

/// Another document as a document's page, feed entry or record names it.
pub struct CrossRef<'a> {
    pub issue: &'a Issue,
    pub doc: &'a Document,
    /// Root-relative URL of its page.
    pub url: String,
    pub citation: String,
}

fn cross<'a>(g: &'a Gazette, r: &DocRef, pdfs: Option<&PdfIndex>) -> Option<CrossRef<'a>> {
    let (issue, doc) = g.find(r)?;
    Some(CrossRef {
        issue,
        doc,
        url: urls::document(issue.date, &doc.slug),
        citation: citation(g, issue, &doc.slug, pdfs),
    })
}

/// The earlier document `doc` corrects.
pub fn corrects<'a>(
    g: &'a Gazette,
    doc: &Document,
    pdfs: Option<&PdfIndex>,
) -> Option<CrossRef<'a>> {
    doc.corrects.as_ref().and_then(|r| cross(g, r, pdfs))
}

/// The later documents that correct `doc`, oldest first.
pub fn corrected_by<'a>(
    g: &'a Gazette,
    doc: &Document,
    pdfs: Option<&PdfIndex>,
) -> Vec<CrossRef<'a>> {
    doc.corrected_by
        .iter()
        .filter_map(|r| cross(g, r, pdfs))
        .collect()
}
