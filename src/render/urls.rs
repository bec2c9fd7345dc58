//! Every output URL in one place, root-relative, ending in `/` for pages.

use chrono::NaiveDate;

pub const HOME: &str = "/";
pub const GAZETTE: &str = "/gazette/";
pub const CATEGORIES: &str = "/gazette/categories/";
pub const AGENCIES: &str = "/gazette/agencies/";
pub const DIRECTORY: &str = "/directory/";
pub const DIRECTORY_PDF: &str = "/directory/directory.pdf";
pub const COUPLETS: &str = "/couplets/";
pub const SEARCH: &str = "/search/";
pub const FEED: &str = "/feeds/gazette.xml";

pub fn year(y: i32) -> String {
    format!("/gazette/{y}/")
}

pub fn issue(date: NaiveDate) -> String {
    format!("/gazette/{}/", date.format("%Y-%m-%d"))
}

pub fn document(date: NaiveDate, slug: &str) -> String {
    format!("/gazette/{}/{slug}/", date.format("%Y-%m-%d"))
}

/// The whole issue as one PDF.
pub fn issue_pdf(date: NaiveDate) -> String {
    let d = date.format("%Y-%m-%d");
    format!("/gazette/{d}/gazette-{d}.pdf")
}

/// One document's offprint.
pub fn document_pdf(date: NaiveDate, slug: &str) -> String {
    format!("/gazette/{}/{slug}.pdf", date.format("%Y-%m-%d"))
}

/// A file in the issue's folder, by name (a sealed PDF keeps the name it
/// was sealed with).
pub fn issue_file(date: NaiveDate, name: &str) -> String {
    format!("/gazette/{}/{name}", date.format("%Y-%m-%d"))
}

/// The SHA-256 of every PDF of the issue, for `sha256sum -c`.
pub fn sha256sums(date: NaiveDate) -> String {
    issue_file(date, "SHA256SUMS")
}

pub fn attachment(date: NaiveDate, slug: &str, file: &str) -> String {
    format!("/gazette/{}/{slug}/{file}", date.format("%Y-%m-%d"))
}

pub fn category(name: &str) -> String {
    format!("{CATEGORIES}{}/", path_segment(name))
}

pub fn agency(name: &str) -> String {
    format!("{AGENCIES}{}/", path_segment(name))
}

pub fn couplet_year(y: i32) -> String {
    format!("/couplets/{y}/")
}

pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// The output file for a page URL: `/a/b/` → `a/b/index.html`.
pub fn index_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// A name usable as one path segment: characters that would change the
/// URL's meaning become `-`.
pub fn path_segment(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | '?' | '#' | '%' | ':' | '"' | '<' | '>' | '|' | '*' => '-',
            c if c.is_whitespace() || c.is_control() => '-',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        assert_eq!(document(d, "03-parking"), "/gazette/2026-11-15/03-parking/");
        assert_eq!(
            index_file(&document(d, "a")),
            "gazette/2026-11-15/a/index.html"
        );
        assert_eq!(
            agency("臺中市政府 交通局/停管處"),
            "/gazette/agencies/臺中市政府-交通局-停管處/"
        );
    }
}
