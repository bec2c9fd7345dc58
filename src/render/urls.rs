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
pub const CONSULTATIONS: &str = "/gazette/consultations/";
pub const DIRECTORY_FEED: &str = "/feeds/directory.xml";
pub const DIRECTORY_EDITIONS: &str = "/directory/editions/";
pub const DIRECTORY_CHANGES_CSV: &str = "/directory/changes.csv";
pub const DIRECTORY_CHANGES_JSON: &str = "/directory/changes.json";

/// An edition on the editions page.
pub fn directory_edition(updated: NaiveDate) -> String {
    format!(
        "{DIRECTORY_EDITIONS}#edition-{}",
        crate::calendar::iso(updated)
    )
}

/// An earlier edition's table as CSV.
pub fn directory_edition_csv(updated: NaiveDate) -> String {
    format!("{DIRECTORY_EDITIONS}{}.csv", crate::calendar::iso(updated))
}

/// The id of a row of the directory's table: an agency (`secretariat`),
/// a unit (`secretariat-2`) or a unit's contact (`secretariat-2-1`).
pub fn directory_row_id(agency: &str, row: Option<(usize, Option<usize>)>) -> String {
    match row {
        None => agency.to_string(),
        Some((u, None)) => format!("{agency}-{}", u + 1),
        Some((u, Some(c))) => format!("{agency}-{}-{}", u + 1, c + 1),
    }
}

/// Where a change is shown in the current table, if it still is.
pub fn directory_change(c: &crate::model::Change) -> Option<String> {
    let id = c.agency_id.as_deref()?;
    Some(format!("{DIRECTORY}#{}", directory_row_id(id, c.row)))
}

pub fn year(y: i32) -> String {
    format!("/gazette/{y}/")
}

pub fn issue(date: NaiveDate) -> String {
    format!("/gazette/{}/", crate::calendar::iso(date))
}

pub fn document(date: NaiveDate, slug: &str) -> String {
    format!("/gazette/{}/{slug}/", crate::calendar::iso(date))
}

/// The whole issue as one PDF.
pub fn issue_pdf(date: NaiveDate) -> String {
    let d = crate::calendar::iso(date);
    format!("/gazette/{d}/gazette-{d}.pdf")
}

/// One document's offprint.
pub fn document_pdf(date: NaiveDate, slug: &str) -> String {
    format!("/gazette/{}/{slug}.pdf", crate::calendar::iso(date))
}

/// A file in the issue's folder, by name (a sealed PDF keeps the name it
/// was sealed with).
pub fn issue_file(date: NaiveDate, name: &str) -> String {
    format!("/gazette/{}/{name}", crate::calendar::iso(date))
}

/// The SHA-256 of every PDF of the issue, for `sha256sum -c`.
pub fn sha256sums(date: NaiveDate) -> String {
    issue_file(date, "SHA256SUMS")
}

pub fn attachment(date: NaiveDate, slug: &str, file: &str) -> String {
    format!("/gazette/{}/{slug}/{file}", crate::calendar::iso(date))
}

pub fn category(name: &str) -> String {
    format!("{CATEGORIES}{}/", path_segment(name))
}

pub fn agency(name: &str) -> String {
    format!("{AGENCIES}{}/", path_segment(name))
}

/// The Atom feed of one category.
pub fn category_feed(name: &str) -> String {
    format!("/feeds/categories/{}.xml", path_segment(name))
}

/// The Atom feed of one agency (joint documents are in each agency's).
pub fn agency_feed(name: &str) -> String {
    format!("/feeds/agencies/{}.xml", path_segment(name))
}

pub fn couplet_year(y: i32) -> String {
    format!("/couplets/{y}/")
}

/// A couplet set's preview as hung on a door (SVG). The set's print files
/// are named by `couplets::files` and listed in the render index.
pub fn couplet_preview_svg(y: i32, id: &str) -> String {
    format!("{}{id}-preview.svg", couplet_year(y))
}

/// Its PNG thumbnail.
pub fn couplet_preview_png(y: i32, id: &str) -> String {
    format!("{}{id}-preview.png", couplet_year(y))
}

pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// The output file for a page URL: `/a/b/` → `a/b/index.html`.
pub fn index_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// The longest path segment made from a name, in bytes: well under the
/// 255 bytes file systems allow, with room for `.xml`.
pub const MAX_SEGMENT: usize = 100;

/// A name (a category, an agency) as one path segment of its pages and
/// feeds. Characters that would change a URL's meaning become `-`. The
/// segment stays the name itself when that is safe; otherwise, when the
/// name had to be changed (`a/b`, which would meet a real `a-b`), is too
/// long (a joint document of 27 agencies names 300 bytes and more) or is
/// empty or dots only, it is a readable prefix cut on a character boundary
/// plus `-` and eight hex digits of a hash of the whole name: stable from
/// build to build, and different for different names.
pub fn path_segment(name: &str) -> String {
    let name = name.trim();
    let clean: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '?' | '#' | '%' | ':' | '"' | '<' | '>' | '|' | '*' => '-',
            c if c.is_whitespace() || c.is_control() => '-',
            c => c,
        })
        .collect();
    let only_dots = clean.chars().all(|c| c == '.');
    if clean == name && clean.len() <= MAX_SEGMENT && !only_dots {
        return clean;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(name.as_bytes()) as u32;
    let suffix = format!("-{hash:08x}");
    let room = MAX_SEGMENT - suffix.len();
    let mut cut = clean.len().min(room);
    while !clean.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = clean[..cut].trim_end_matches(['-', '.']);
    let prefix = if prefix.chars().all(|c| c == '.') {
        "x"
    } else {
        prefix
    };
    format!("{prefix}{suffix}")
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
            agency("臺中市政府交通局"),
            "/gazette/agencies/臺中市政府交通局/"
        );
        assert_eq!(
            agency_feed("臺中市政府交通局"),
            "/feeds/agencies/臺中市政府交通局.xml"
        );
    }

    #[test]
    fn segments_are_bounded_unique_and_stable() {
        // Changed names get a hash, so `a/b` and `a-b` stay apart.
        let changed = path_segment("臺中市政府 交通局/停管處");
        assert!(
            changed.starts_with("臺中市政府-交通局-停管處-"),
            "{changed}"
        );
        assert_ne!(path_segment("a/b"), path_segment("a-b"));
        assert_eq!(path_segment("a-b"), "a-b");
        // Long names: a prefix and a hash, at most MAX_SEGMENT bytes.
        let long: String = (1..=27)
            .map(|i| format!("臺中市政府第{i}局"))
            .collect::<Vec<_>>()
            .join("、");
        assert!(long.len() > 300);
        let seg = path_segment(&long);
        assert!(seg.len() <= MAX_SEGMENT, "{} bytes", seg.len());
        assert!(seg.starts_with("臺中市政府第1局、"), "{seg}");
        assert_eq!(seg, path_segment(&long), "stable");
        let other = format!("{long}、臺中市政府第28局");
        assert_ne!(path_segment(&other), seg, "unique");
        // Nothing that would leave the folder.
        for bad in ["..", ".", "", "  "] {
            let s = path_segment(bad);
            assert!(
                !s.is_empty() && s != ".." && s != "." && !s.contains('/'),
                "{s}"
            );
        }
    }
}
