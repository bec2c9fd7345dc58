//! Atom 1.0 feeds, written by one writer ([`atom`]): `/feeds/gazette.xml`
//! (the latest issues and their documents), one per category and per
//! agency (`/feeds/categories/<c>.xml`, `/feeds/agencies/<a>.xml`; a joint
//! document is in each of its agencies' feeds), so that a citizen can
//! subscribe to what concerns them, and `/feeds/directory.xml` (the
//! directory's editions and their changes). Corrections and the documents
//! they correct link to each other (`rel="related"`) with their citations.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;

use super::xml_escape;
use crate::calendar::roc_long;
use crate::model::{Directory, Document, Gazette, Issue};
use crate::render::citation::{self, citation};
use crate::render::html::absolute;
use crate::render::pdf::PdfIndex;
use crate::render::urls;

/// How many of the latest issues the feed carries.
pub const ISSUES: usize = 10;

/// How many of the latest documents a category's or agency's feed carries.
pub const DOCUMENTS: usize = 50;

/// A feed, its URLs root-relative.
struct Feed {
    title: String,
    subtitle: String,
    /// The feed's own URL (also its id).
    url: String,
    /// The page it follows.
    alternate: String,
    author: String,
    entries: Vec<Entry>,
}

#[derive(Default)]
struct Entry {
    title: String,
    /// Its page (also its id).
    url: String,
    date: NaiveDate,
    category: Option<String>,
    summary: String,
    /// Lines of text, written as an HTML list in `<content>`.
    content: Vec<String>,
    /// The entry's own authors (a joint document's agencies), if not the
    /// feed's.
    authors: Vec<String>,
    /// Related pages: (URL, title).
    related: Vec<(String, String)>,
}

/// Dates are content dates at midnight Taiwan time, so the output depends
/// on content only.
fn stamp(d: NaiveDate) -> String {
    format!("{}T00:00:00+08:00", crate::calendar::iso(d))
}

/// The feed's XML; its `updated` is its first entry's.
fn atom(f: &Feed, base_url: &str) -> String {
    let abs = |u: &str| xml_escape(&absolute(base_url, u));
    let updated = f
        .entries
        .first()
        .map(|e| stamp(e.date))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hant-TW\">\n\
<title>{}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n<updated>{updated}</updated>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
<author><name>{}</name></author>\n",
        xml_escape(&f.title),
        xml_escape(&f.subtitle),
        abs(&f.url),
        abs(&f.url),
        abs(&f.alternate),
        xml_escape(&f.author),
    );
    for e in &f.entries {
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&e.title),
            abs(&e.url),
            stamp(e.date),
            abs(&e.url),
        );
        for (url, title) in &e.related {
            let _ = writeln!(
                x,
                "<link rel=\"related\" type=\"text/html\" href=\"{}\" title=\"{}\"/>",
                abs(url),
                xml_escape(title)
            );
        }
        for a in &e.authors {
            let _ = writeln!(x, "<author><name>{}</name></author>", xml_escape(a));
        }
        if let Some(c) = &e.category {
            let _ = writeln!(x, "<category term=\"{}\"/>", xml_escape(c));
        }
        let _ = writeln!(x, "<summary>{}</summary>", xml_escape(&e.summary));
        if !e.content.is_empty() {
            let items: String = e
                .content
                .iter()
                .map(|l| format!("<li>{}</li>", xml_escape(l)))
                .collect();
            let _ = writeln!(
                x,
                "<content type=\"html\">{}</content>",
                xml_escape(&format!("<ul>{items}</ul>"))
            );
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// A gazette feed with these entries.
fn gazette_feed(
    g: &Gazette,
    title: String,
    url: String,
    alternate: String,
    entries: Vec<Entry>,
) -> Feed {
    Feed {
        title,
        subtitle: format!("{}出版之市政府公報", g.publisher),
        url,
        alternate,
        author: g.publisher.clone(),
        entries,
    }
}

/// One document's entry.
fn document_entry(g: &Gazette, issue: &Issue, doc: &Document, pdfs: Option<&PdfIndex>) -> Entry {
    let mut summary = format!(
        "{}・{}・{}（{}）",
        doc.category,
        doc.agency_names(),
        doc.doc_number,
        citation(g, issue, &doc.slug, pdfs)
    );
    let mut related = Vec::new();
    if let Some(c) = citation::corrects(g, doc, pdfs) {
        let _ = write!(summary, "；更正{}「{}」", c.citation, c.doc.title);
        related.push((c.url.clone(), format!("更正：{}", c.citation)));
    }
    for c in citation::corrected_by(g, doc, pdfs) {
        let _ = write!(summary, "；本則已於{}更正", c.citation);
        related.push((c.url.clone(), format!("本則已於{}更正", c.citation)));
    }
    if let Some(d) = doc.effective {
        let _ = write!(summary, "；生效日期：{}", roc_long(d));
    }
    if let Some(d) = doc.comment_until {
        let _ = write!(summary, "；預告，意見陳述至{}", roc_long(d));
    }
    Entry {
        title: doc.title.clone(),
        url: urls::document(issue.date, &doc.slug),
        date: issue.date,
        category: Some(doc.category.clone()),
        summary,
        authors: doc.agencies.clone(),
        related,
        ..Entry::default()
    }
}

/// `/feeds/gazette.xml`.
pub fn feed(g: &Gazette, base_url: &str, pdfs: Option<&PdfIndex>) -> String {
    let mut entries = Vec::new();
    for issue in g.issues.iter().rev().take(ISSUES) {
        let titles: Vec<&str> = issue.documents.iter().map(|d| d.title.as_str()).collect();
        entries.push(Entry {
            title: format!("{}{}", g.name, issue.full_number()),
            url: urls::issue(issue.date),
            date: issue.date,
            summary: format!(
                "{}出刊，共{}則：{}",
                roc_long(issue.date),
                issue.documents.len(),
                titles.join("；")
            ),
            ..Entry::default()
        });
        for doc in &issue.documents {
            entries.push(document_entry(g, issue, doc, pdfs));
        }
    }
    atom(
        &gazette_feed(
            g,
            g.name.clone(),
            urls::FEED.into(),
            urls::GAZETTE.into(),
            entries,
        ),
        base_url,
    )
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
            let entries = docs
                .iter()
                .take(DOCUMENTS)
                .map(|(issue, doc)| document_entry(g, issue, doc, pdfs))
                .collect();
            let feed = gazette_feed(
                g,
                format!("{}：{name}", g.name),
                self_url.clone(),
                page_url(name),
                entries,
            );
            out.push((
                self_url.trim_start_matches('/').to_string(),
                atom(&feed, base_url),
            ));
        }
    }
    out
}

/// `/feeds/directory.xml`: an entry per edition, newest first, with its
/// changes (the same lines as the editions page), or `None` without
/// history.
pub fn directory_feed(d: &Directory, publisher: &str, base_url: &str) -> Option<String> {
    if d.editions.list.is_empty() {
        return None;
    }
    let entries = d
        .editions
        .list
        .iter()
        .map(|e| Entry {
            title: format!("{}　{}版", d.title, roc_long(e.updated)),
            url: urls::directory_edition(e.updated),
            date: e.updated,
            category: None,
            summary: if e.first {
                format!("{}版", roc_long(e.updated))
            } else {
                format!("{}版，共{}項異動", roc_long(e.updated), e.changes.len())
            },
            content: e.changes.iter().map(|c| c.describe()).collect(),
            ..Entry::default()
        })
        .collect();
    Some(atom(
        &Feed {
            title: d.title.clone(),
            subtitle: format!("{}：各版次及異動", d.title),
            url: urls::DIRECTORY_FEED.into(),
            alternate: urls::DIRECTORY.into(),
            author: publisher.to_string(),
            entries,
        },
        base_url,
    ))
}
