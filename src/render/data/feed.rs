//! Atom 1.0 feeds: `/feeds/gazette.xml` (the latest issues and their
//! documents) and one per category and per agency
//! (`/feeds/categories/<c>.xml`, `/feeds/agencies/<a>.xml`; a joint
//! document is in each of its agencies' feeds), so that a citizen can
//! subscribe to what concerns them. Corrections and the documents they
//! correct link to each other (`rel="related"`) with their citations.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::xml_escape;
use crate::calendar::roc_long;
use crate::model::{Document, Gazette, Issue};
use crate::render::citation::{self, citation};
use crate::render::html::absolute;
use crate::render::pdf::PdfIndex;
use crate::render::urls;

/// How many of the latest issues the feed carries.
pub const ISSUES: usize = 10;

/// How many of the latest documents a category's or agency's feed carries.
pub const DOCUMENTS: usize = 50;

fn stamp(d: chrono::NaiveDate) -> String {
    format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"))
}

/// The feed's head; dates are issue dates at midnight Taiwan time, so the
/// output depends on content only.
fn head(
    x: &mut String,
    title: &str,
    publisher: &str,
    base: &str,
    self_url: &str,
    html_url: &str,
    updated: Option<chrono::NaiveDate>,
) {
    let abs = |u: &str| xml_escape(&absolute(base, u));
    let updated = updated
        .map(stamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hant-TW\">\n\
<title>{}</title>\n<subtitle>{}出版之市政府公報</subtitle>\n<id>{}</id>\n<updated>{updated}</updated>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
<author><name>{}</name></author>\n",
        xml_escape(title),
        xml_escape(publisher),
        abs(self_url),
        abs(self_url),
        abs(html_url),
        xml_escape(publisher),
    );
}

/// One document's entry.
fn document_entry(
    x: &mut String,
    g: &Gazette,
    issue: &Issue,
    doc: &Document,
    base: &str,
    pdfs: Option<&PdfIndex>,
) {
    let abs = |u: &str| xml_escape(&absolute(base, u));
    let url = urls::document(issue.date, &doc.slug);
    let mut summary = format!(
        "{}・{}・{}（{}）",
        doc.category,
        doc.agency_names(),
        doc.doc_number,
        citation(g, issue, &doc.slug, pdfs)
    );
    let mut related = String::new();
    if let Some(c) = citation::corrects(g, doc, pdfs) {
        let _ = write!(summary, "；更正{}「{}」", c.citation, c.doc.title);
        let _ = write!(
            related,
            "<link rel=\"related\" type=\"text/html\" href=\"{}\" title=\"{}\"/>\n",
            abs(&c.url),
            xml_escape(&format!("更正：{}", c.citation))
        );
    }
    for c in citation::corrected_by(g, doc, pdfs) {
        let _ = write!(summary, "；本則已於{}更正", c.citation);
        let _ = write!(
            related,
            "<link rel=\"related\" type=\"text/html\" href=\"{}\" title=\"{}\"/>\n",
            abs(&c.url),
            xml_escape(&format!("本則已於{}更正", c.citation))
        );
    }
    if let Some(d) = doc.effective {
        let _ = write!(summary, "；生效日期：{}", roc_long(d));
    }
    if let Some(d) = doc.comment_until {
        let _ = write!(summary, "；預告，意見陳述至{}", roc_long(d));
    }
    let authors: String = doc
        .agencies
        .iter()
        .map(|a| format!("<author><name>{}</name></author>\n", xml_escape(a)))
        .collect();
    let _ = write!(
        x,
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n{related}{authors}<category term=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
        xml_escape(&doc.title),
        abs(&url),
        stamp(issue.date),
        abs(&url),
        xml_escape(&doc.category),
        xml_escape(&summary),
    );
}

/// `/feeds/gazette.xml`.
pub fn feed(g: &Gazette, base_url: &str, pdfs: Option<&PdfIndex>) -> String {
    let abs = |u: &str| xml_escape(&absolute(base_url, u));
    let latest: Vec<_> = g.issues.iter().rev().take(ISSUES).collect();
    let mut x = String::new();
    head(
        &mut x,
        &g.name,
        &g.publisher,
        base_url,
        urls::FEED,
        urls::GAZETTE,
        latest.first().map(|i| i.date),
    );
    for issue in latest {
        let url = urls::issue(issue.date);
        let titles: Vec<&str> = issue.documents.iter().map(|d| d.title.as_str()).collect();
        let _ = write!(
            x,
            "<entry>\n<title>{}{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<summary>{}出刊，共{}則：{}</summary>\n</entry>\n",
            xml_escape(&g.name),
            xml_escape(&issue.full_number()),
            abs(&url),
            stamp(issue.date),
            abs(&url),
            roc_long(issue.date),
            issue.documents.len(),
            xml_escape(&titles.join("；")),
        );
        for doc in &issue.documents {
            document_entry(&mut x, g, issue, doc, base_url, pdfs);
        }
    }
    x.push_str("</feed>\n");
    x
}

/// Every category's and agency's feed: (output path, text).
pub fn listing_feeds(
    g: &Gazette,
    base_url: &str,
    pdfs: Option<&PdfIndex>,
) -> Vec<(String, String)> {
    let mut by_category: BTreeMap<&str, Vec<(&Issue, &Document)>> = BTreeMap::new();
    let mut by_agency: BTreeMap<&str, Vec<(&Issue, &Document)>> = BTreeMap::new();
    for issue in g.issues.iter().rev() {
        for doc in &issue.documents {
            by_category
                .entry(&doc.category)
                .or_default()
                .push((issue, doc));
            for a in &doc.agencies {
                by_agency.entry(a).or_default().push((issue, doc));
            }
        }
    }
    let mut out = Vec::new();
    let lists = [
        (
            by_category,
            urls::category_feed as fn(&str) -> String,
            urls::category as fn(&str) -> String,
        ),
        (by_agency, urls::agency_feed, urls::agency),
    ];
    for (lists, feed_url, page_url) in lists {
        for (name, docs) in lists {
            let self_url = feed_url(name);
            let mut x = String::new();
            head(
                &mut x,
                &format!("{}：{name}", g.name),
                &g.publisher,
                base_url,
                &self_url,
                &page_url(name),
                docs.first().map(|(i, _)| i.date),
            );
            for (issue, doc) in docs.iter().take(DOCUMENTS) {
                document_entry(&mut x, g, issue, doc, base_url, pdfs);
            }
            x.push_str("</feed>\n");
            out.push((self_url.trim_start_matches('/').to_string(), x));
        }
    }
    out
}
