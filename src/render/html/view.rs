//! The data every HTML template sees: plain, already-formatted strings.
//!
//! Templates never compute dates, numbers or URLs; everything is prepared
//! here so that a theme author only arranges it. Each page template gets a
//! [`Page`] as `page` plus its own view under a name given in the
//! template's doc comment in `themes/default/templates/`.

use serde::Serialize;

/// A link with its visible text.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A main navigation entry; it is current when `section == page.section`.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub section: String,
}

/// What every page template receives as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    /// Absolute, ends with `/`.
    pub base_url: String,
    pub publisher: String,
    pub gazette_name: String,
    pub directory_title: String,
    /// Site-wide navigation: home, gazette, directory, couplets, search.
    pub nav: Vec<NavItem>,
    /// Pages from `content/pages/`, for the footer.
    pub footer_links: Vec<Link>,
    pub feed_url: String,
}

/// What every page template receives as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The `<title>` text (without the site title).
    pub title: String,
    /// Root-relative URL of this page, e.g. `/gazette/2026-11-15/`.
    pub url: String,
    /// Absolute URL for `<link rel="canonical">`.
    pub canonical: String,
    /// Which nav entry is current: `home`, `gazette`, `directory`, `couplets`, `search`, `pages`.
    pub section: String,
    /// From the home page down to the parent of this page.
    pub breadcrumbs: Vec<Link>,
    pub description: String,
    /// `<meta name="keywords">`, when the page has keywords.
    pub keywords: Option<String>,
    /// Atom feeds of this page's own subject (a category, an agency),
    /// besides the site's feed: `<link rel="alternate">`.
    pub feeds: Vec<Link>,
}

/// One issue as listed in archives and headers.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct IssueSummary {
    /// `2026-11-15`
    pub date_iso: String,
    /// `中華民國115年11月15日`
    pub date_roc: String,
    /// `115.11.15`
    pub date_short: String,
    /// `115年冬字第3期`
    pub number: String,
    /// `115年`: the ROC year, the search's year filter.
    pub year_label: String,
    pub url: String,
    /// The whole-issue PDF, when PDFs are built.
    pub pdf_url: Option<String>,
    pub note: Option<String>,
    pub document_count: usize,
}

/// One document as listed in an issue, a category or an agency page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct DocumentSummary {
    pub title: String,
    pub url: String,
    pub category: String,
    pub category_url: String,
    /// Every agency joined with `、` (the one agency, usually).
    pub agency: String,
    /// The leading agency's listing.
    pub agency_url: String,
    /// Each agency with its listing; several for a joint document (會銜).
    pub agencies: Vec<Link>,
    pub doc_number: String,
    /// The document's own date, `中華民國115年11月10日`.
    pub date_roc: String,
    pub date_iso: String,
    pub issue_number: String,
    pub issue_url: String,
    pub issue_date_short: String,
    pub issue_date_iso: String,
    /// `臺中市政府公報115年冬字第3期第5頁` (pages when PDFs are built).
    pub citation: String,
    pub title_en: Option<String>,
    pub keywords: Vec<String>,
    /// 生效／施行日期.
    pub effective: Option<DateView>,
    /// 預告: comments accepted until this day.
    pub comment_until: Option<DateView>,
    /// The earlier document this one corrects (更正).
    pub corrects: Option<CrossLink>,
    /// The later documents correcting this one, oldest first.
    pub corrected_by: Vec<CrossLink>,
}

/// A date, as a machine reads it and as it is printed.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct DateView {
    /// `2026-12-20`
    pub iso: String,
    /// `中華民國115年12月20日`
    pub roc: String,
}

/// Another document, linked with its citation.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct CrossLink {
    pub title: String,
    pub url: String,
    pub citation: String,
}

/// Documents under one heading (a category within an issue, a year in a listing).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct DocumentGroup {
    pub heading: String,
    /// HTML id for in-page links, ASCII.
    pub anchor: String,
    pub documents: Vec<DocumentSummary>,
}

/// `home.html`: `home`.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub latest: Option<IssueView>,
    pub recent_issues: Vec<IssueSummary>,
    pub couplets_latest: Option<Link>,
}

/// `archive.html` (all years) and `year.html` (one year): `archive`.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveView {
    pub years: Vec<ArchiveYear>,
    /// Links to every year page, newest first (for year navigation).
    pub year_links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveYear {
    pub year: i32,
    /// `115年`
    pub label: String,
    pub url: String,
    pub months: Vec<ArchiveMonth>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveMonth {
    /// `115年11月`
    pub label: String,
    pub anchor: String,
    pub issues: Vec<IssueSummary>,
}

/// `issue.html`: `issue`.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct IssueView {
    pub summary: IssueSummary,
    pub gazette_name: String,
    pub publisher: String,
    /// Sealed by `munipub seal`: its PDFs and page numbers never change.
    pub sealed: bool,
    /// The SHA-256 of the whole-issue PDF, when PDFs are built.
    pub pdf_sha256: Option<String>,
    /// `/gazette/<date>/SHA256SUMS`, when PDFs are built.
    pub sha256sums_url: Option<String>,
    /// Non-empty categories in the gazette's category order.
    pub sections: Vec<DocumentGroup>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

/// `document.html`: `document`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub summary: DocumentSummary,
    pub issue: IssueSummary,
    /// The rendered Markdown body, footnotes included; already safe HTML.
    pub body_html: String,
    pub attachments: Vec<AttachmentView>,
    pub pdf_url: Option<String>,
    /// The SHA-256 of the document's PDF, when PDFs are built.
    pub pdf_sha256: Option<String>,
    /// `臺中市政府公報115年冬字第3期`, followed by the pages when known.
    pub citation: String,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    pub title: String,
    pub file: String,
    pub url: String,
    /// `12.3 KB`
    pub size: String,
    /// Upper-case file type, `PDF`, `PNG`.
    pub kind: String,
}

/// `consultations.html` (drafts open for comment, 預告): `consultations`.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationsView {
    pub heading: String,
    /// Every document with `comment_until`, newest first.
    pub documents: Vec<DocumentSummary>,
}

/// `listing.html` (one category or agency): `listing`.
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    /// This listing's Atom feed.
    pub feed_url: String,
    pub heading: String,
    /// `類別` or `機關`
    pub kind: String,
    pub groups: Vec<DocumentGroup>,
    pub total: usize,
    /// The index of all categories or agencies.
    pub index: Link,
}

/// `listing_index.html` (all categories, all agencies): `listing_index`.
#[derive(Debug, Clone, Serialize)]
pub struct ListingIndexView {
    pub heading: String,
    pub items: Vec<ListingItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListingItem {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A telephone number ready to print and dial.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneView {
    /// `04-2228-9111`
    pub text: String,
    /// `tel:+886-4-2228-9111`
    pub tel: String,
}

/// `directory.html`: `directory`.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    pub title: String,
    /// `中華民國115年11月1日`
    pub updated_roc: String,
    pub updated_iso: String,
    pub note: Option<String>,
    pub groups: Vec<DirectoryGroup>,
    /// Download links (PDF, CSV, JSON, ODS) when built.
    pub downloads: Vec<Link>,
    pub agency_count: usize,
    /// 本次異動: the changes since the previous edition, when the history
    /// has one.
    pub changes: Option<ChangesView>,
    /// The editions page, when the history was read.
    pub editions_url: Option<String>,
}

/// The changes of one edition against the one before it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// The previous edition, `中華民國115年11月1日`.
    pub previous_roc: String,
    pub previous_iso: String,
    pub items: Vec<ChangeView>,
    /// changes.csv, changes.json, the feed (on /directory/ only).
    pub downloads: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `電話異動`
    pub label: String,
    /// `agency-added`, … (docs/open-data.md)
    pub kind: String,
    /// The agency and the unit.
    pub subject: String,
    /// Whether the change has values to show as `old → new` (a rename, a
    /// move, a number); then an empty one reads `（無）`.
    pub values: bool,
    pub old: String,
    pub new: String,
    /// The whole change in one line.
    pub text: String,
    /// The row in the current table (`/directory/#secretariat-2`), if it is there.
    pub url: Option<String>,
}

/// `directory_editions.html`: `editions`.
#[derive(Debug, Clone, Serialize)]
pub struct EditionsView {
    pub title: String,
    pub directory_url: String,
    pub feed_url: String,
    /// Newest first.
    pub editions: Vec<EditionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    pub updated_roc: String,
    pub updated_iso: String,
    /// `edition-2026-11-01`
    pub anchor: String,
    pub current: bool,
    /// The oldest edition found: no changes to show.
    pub first: bool,
    pub changes: Vec<ChangeView>,
    /// An earlier edition's table as CSV (none for the current one).
    pub csv: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectoryGroup {
    pub name: String,
    pub anchor: String,
    pub agencies: Vec<AgencyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyView {
    pub name: String,
    /// ASCII id from the file name, for `#anchor` links.
    pub anchor: String,
    pub address: Option<String>,
    pub website: Option<String>,
    pub phone: Option<PhoneView>,
    pub fax: Option<PhoneView>,
    /// Its name, address, main number, fax or website changed in this edition.
    pub changed: bool,
    /// One row per unit and per named contact under it, in order.
    pub rows: Vec<DirectoryRow>,
}

/// One row of an agency's table.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryRow {
    /// The unit's name; on a contact row, the unit it belongs to.
    pub unit: String,
    /// The contact's title (`導覽預約`); empty on a unit's own row.
    pub title: String,
    pub is_contact: bool,
    pub phone: Option<PhoneView>,
    /// Extension digits, `11230`.
    pub ext: Option<String>,
    pub fax: Option<PhoneView>,
    /// The row's id, for links from 本次異動 (`secretariat-2`).
    pub id: String,
    /// Added, renamed, moved or renumbered in this edition.
    pub changed: bool,
    /// Lower-cased text of the whole row (agency, unit, title, numbers) for the filter script.
    pub search_text: String,
}

/// `couplets_index.html`: `couplets`.
#[derive(Debug, Clone, Serialize)]
pub struct CoupletsIndexView {
    pub years: Vec<CoupletYearSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoupletYearSummary {
    pub year: i32,
    pub title: String,
    pub url: String,
    /// `丙午`
    pub sexagenary: String,
    /// `馬`
    pub zodiac: String,
    pub set_count: usize,
}

/// `couplet_year.html`: `couplets`.
#[derive(Debug, Clone, Serialize)]
pub struct CoupletYearView {
    pub summary: CoupletYearSummary,
    pub released_roc: String,
    pub sets: Vec<CoupletSetView>,
    /// `rtl` or `ltr`
    pub banner_direction: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoupletSetView {
    pub id: String,
    pub calligrapher: String,
    /// 上聯, read top to bottom.
    pub upper: String,
    /// Characters of 上聯, one per element, for vertical layout.
    pub upper_chars: Vec<String>,
    pub lower: String,
    pub lower_chars: Vec<String>,
    /// 橫批 in reading order.
    pub banner: String,
    /// 橫批 as it is written on the paper, left to right on screen (reversed when `rtl`).
    pub banner_as_written: String,
    pub square: String,
    /// The full text for `alt` and screen readers.
    pub full_text: String,
    /// The set as hung on a door, drawn from the Kai font's outlines.
    pub preview_svg: Option<String>,
    pub preview_png: Option<String>,
    /// Print-ready files, when built.
    pub downloads: Vec<DownloadView>,
}

/// A file to download, with what it is for.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    /// `A4 家用印表機`
    pub title: String,
    /// One sentence on when to use it.
    pub purpose: String,
    pub url: String,
    /// `PDF`, `ZIP`
    pub kind: String,
    /// `1.2 MB`
    pub size: String,
}

/// `page.html` (Markdown pages), `404.html`: `content`.
#[derive(Debug, Clone, Serialize)]
pub struct ContentView {
    pub heading: String,
    pub body_html: String,
}

/// `search.html`: `search`. The filters' choices are written into the page
/// (no index download needed to show them); the values are those the index
/// files carry (`Counts::filter` in `src/render/search/tokens.rs`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    pub heading: String,
    /// Help text; already safe HTML.
    pub body_html: String,
    /// The gazette's categories that have documents, in the gazette's order.
    pub categories: Vec<String>,
    /// Agencies with documents, sorted as on the agency index.
    pub agencies: Vec<String>,
    /// ROC years of issues, newest first: the date filter's choices
    /// (`meta.json`'s `years` maps each to its documents).
    pub years: Vec<i32>,
}
