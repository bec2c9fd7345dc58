//! Atom 1.0 feeds: `/feeds/gazette.xml` (the latest issues and their
//! documents) and `/feeds/directory.xml` (the directory's editions and
//! their changes), written by one writer ([`atom`]).

use std::fmt::Write;

use chrono::NaiveDate;

use super::xml_escape;
use crate::calendar::roc_long;
use crate::model::{Directory, Gazette};
use crate::render::html::absolute;
use crate::render::urls;

/// How many of the latest issues the feed carries.
pub const ISSUES: usize = 10;

/// A feed, its URLs root-relative.
struct Feed {
    title: String,
    subtitle: String,
    /// The feed's own URL (also its id).
    url: &'static str,
    /// The page it follows.
    alternate: &'static str,
    author: String,
    entries: Vec<Entry>,
}

struct Entry {
    title: String,
    /// Its page (also its id).
    url: String,
    date: NaiveDate,
    category: Option<String>,
    summary: String,
    /// Lines of text, written as an HTML list in `<content>`.
    content: Vec<String>,
}

/// Dates are content dates at midnight Taiwan time, so the output depends
/// on content only.
fn stamp(d: NaiveDate) -> String {
    format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"))
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
        abs(f.url),
        abs(f.url),
        abs(f.alternate),
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

/// `/feeds/gazette.xml`.
pub fn feed(g: &Gazette, base_url: &str) -> String {
    let mut entries = Vec::new();
    for issue in g.issues.iter().rev().take(ISSUES) {
        let titles: Vec<&str> = issue.documents.iter().map(|d| d.title.as_str()).collect();
        entries.push(Entry {
            title: format!("{}{}", g.name, issue.full_number()),
            url: urls::issue(issue.date),
            date: issue.date,
            category: None,
            summary: format!(
                "{}出刊，共{}則：{}",
                roc_long(issue.date),
                issue.documents.len(),
                titles.join("；")
            ),
            content: Vec::new(),
        });
        for doc in &issue.documents {
            entries.push(Entry {
                title: doc.title.clone(),
                url: urls::document(issue.date, &doc.slug),
                date: issue.date,
                category: Some(doc.category.clone()),
                summary: format!(
                    "{}・{}・{}（{}{}）",
                    doc.category,
                    doc.agency,
                    doc.doc_number,
                    g.name,
                    issue.full_number()
                ),
                content: Vec::new(),
            });
        }
    }
    atom(
        &Feed {
            title: g.name.clone(),
            subtitle: format!("{}出版之市政府公報", g.publisher),
            url: urls::FEED,
            alternate: urls::GAZETTE,
            author: g.publisher.clone(),
            entries,
        },
        base_url,
    )
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
        })
        .collect();
    Some(atom(
        &Feed {
            title: d.title.clone(),
            subtitle: format!("{}：各版次及異動", d.title),
            url: urls::DIRECTORY_FEED,
            alternate: urls::DIRECTORY,
            author: publisher.to_string(),
            entries,
        },
        base_url,
    ))
}
