//! `/feeds/gazette.xml`: Atom 1.0, the latest issues and their documents.

use std::fmt::Write;

use super::xml_escape;
use crate::calendar::roc_long;
use crate::model::Gazette;
use crate::render::html::absolute;
use crate::render::urls;

/// How many of the latest issues the feed carries.
pub const ISSUES: usize = 10;

/// The feed; dates are the issue dates at midnight Taiwan time, so the
/// output depends on content only.
pub fn feed(g: &Gazette, base_url: &str) -> String {
    let abs = |u: &str| xml_escape(&absolute(base_url, u));
    let stamp = |d: chrono::NaiveDate| format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"));
    let latest: Vec<_> = g.issues.iter().rev().take(ISSUES).collect();
    let updated = latest
        .first()
        .map(|i| stamp(i.date))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hant-TW\">\n\
<title>{}</title>\n<subtitle>{}出版之市政府公報</subtitle>\n<id>{}</id>\n<updated>{updated}</updated>\n\
<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
<author><name>{}</name></author>\n",
        xml_escape(&g.name),
        xml_escape(&g.publisher),
        abs(urls::FEED),
        abs(urls::FEED),
        abs(urls::GAZETTE),
        xml_escape(&g.publisher),
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
            let url = urls::document(issue.date, &doc.slug);
            let _ = write!(
                x,
                "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<category term=\"{}\"/>\n<summary>{}・{}・{}（{}{}）</summary>\n</entry>\n",
                xml_escape(&doc.title),
                abs(&url),
                stamp(issue.date),
                abs(&url),
                xml_escape(&doc.category),
                xml_escape(&doc.category),
                xml_escape(&doc.agency),
                xml_escape(&doc.doc_number),
                xml_escape(&g.name),
                xml_escape(&issue.full_number()),
            );
        }
    }
    x.push_str("</feed>\n");
    x
}
