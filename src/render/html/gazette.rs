//! Gazette pages: archive, years, issues, documents, categories, agencies.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::view::*;
use super::{Html, human_size, link};
use crate::cache::{Key, KeyBuilder};
use crate::calendar::{roc_long, roc_month, roc_short, roc_year};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Document, Gazette, Issue};
use crate::output::Staging;
use crate::render::citation::{self, CrossRef, citation};
use crate::render::text::IssueText;
use crate::render::urls;

/// The gazette's pages other than each issue's own ([`issue`]): the
/// archive, the years, the listings (from the issues' `summaries`) and
/// the consultations.
pub fn render(html: &Html, out: &Staging, summaries: &Summaries) -> Result<(), Diagnostics> {
    let Some(g) = &html.site.gazette else {
        return Ok(());
    };
    let mut errors: Vec<Diagnostic> = Vec::new();
    errors.extend(archive(html, g, out).err());
    errors.extend(years(html, g, out));
    errors.extend(listings(html, g, summaries, out));
    errors.extend(consultations(html, g, out).err());
    if errors.is_empty() {
        Ok(())
    } else {
        let mut d = Diagnostics::new();
        errors.into_iter().for_each(|e| d.push(e));
        Err(d)
    }
}

/// Each document's summary hashed, by its [`by_address`], for the
/// listings: what every issue's pages ([`issue`]) hand on.
pub type Summaries = rustc_hash::FxHashMap<usize, Key>;

/// Issue `index`'s page, its documents' pages (from its `text`, when the
/// cache does not hold them) and their attachment folders; with the
/// hashes of its documents' summaries for the listings.
pub fn issue(
    html: &Html,
    g: &Gazette,
    index: usize,
    out: &Staging,
    text: &IssueText,
) -> (Vec<Diagnostic>, SummaryKeys) {
    let mut e = Vec::new();
    let summaries = issue_pages(html, g, index, out, text).unwrap_or_else(|d| {
        e.push(d);
        Vec::new()
    });
    let issue = &g.issues[index];
    for doc in &issue.documents {
        e.extend(copy_attachment_folder(html, issue, doc, out).err());
    }
    (e, summaries)
}

pub fn issue_summary(html: &Html, issue: &Issue) -> IssueSummary {
    IssueSummary {
        date_iso: issue.key(),
        date_roc: roc_long(issue.date),
        date_short: roc_short(issue.date),
        number: issue.full_number(),
        year_label: format!("{}年", issue.computed_number.roc_year),
        url: urls::issue(issue.date),
        pdf_url: html
            .pdfs
            .and_then(|p| p.issues.get(&issue.key()))
            .map(|p| p.url.clone()),
        note: issue.note.clone(),
        document_count: issue.documents.len(),
    }
}

fn date_view(d: chrono::NaiveDate) -> DateView {
    DateView {
        iso: crate::calendar::iso(d).to_string(),
        roc: roc_long(d),
    }
}

fn cross_link(r: CrossRef) -> CrossLink {
    CrossLink {
        title: r.doc.title.clone(),
        url: r.url,
        citation: r.citation,
    }
}

pub fn document_summary(
    html: &Html,
    g: &Gazette,
    issue: &Issue,
    doc: &Document,
) -> DocumentSummary {
    DocumentSummary {
        title: doc.title.clone(),
        url: urls::document(issue.date, &doc.slug),
        category: doc.category.clone(),
        category_url: urls::category(&doc.category),
        agency: doc.agency_names(),
        agency_url: urls::agency(doc.agency()),
        agencies: doc
            .agencies
            .iter()
            .map(|a| link(a, &urls::agency(a)))
            .collect(),
        doc_number: doc.doc_number.clone(),
        date_roc: roc_long(doc.date),
        date_iso: crate::calendar::iso(doc.date).to_string(),
        issue_number: issue.full_number(),
        issue_url: urls::issue(issue.date),
        issue_date_short: roc_short(issue.date),
        issue_date_iso: issue.key(),
        citation: citation(g, issue, &doc.slug, html.pdfs),
        title_en: doc.title_en.clone(),
        keywords: doc.keywords.clone(),
        effective: doc.effective.map(date_view),
        comment_until: doc.comment_until.map(date_view),
        corrects: citation::corrects(g, doc, html.pdfs).map(cross_link),
        corrected_by: citation::corrected_by(g, doc, html.pdfs)
            .into_iter()
            .map(cross_link)
            .collect(),
    }
}

/// An issue's documents under each category that has any, in the
/// gazette's category order (by the category's place in it): the issue
/// view's sections, and the order [`issue_pages`] reads them back in.
fn by_category<'a>(g: &Gazette, issue: &'a Issue) -> Vec<(usize, Vec<&'a Document>)> {
    g.categories
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let docs = issue.documents.iter().filter(|d| &d.category == c);
            (ci, docs.collect::<Vec<_>>())
        })
        .filter(|(_, docs)| !docs.is_empty())
        .collect()
}

/// An issue with its contents by category, for the issue page and the home page.
pub fn issue_view(html: &Html, g: &Gazette, index: usize) -> IssueView {
    let issue = &g.issues[index];
    let sections = by_category(g, issue)
        .into_iter()
        .map(|(ci, docs)| DocumentGroup {
            heading: g.categories[ci].clone(),
            anchor: format!("category-{}", ci + 1),
            documents: docs
                .into_iter()
                .map(|d| document_summary(html, g, issue, d))
                .collect(),
        })
        .collect();
    let neighbour = |i: usize| {
        g.issues.get(i).map(|x| {
            link(
                &format!("{}（{}）", x.full_number(), roc_short(x.date)),
                &urls::issue(x.date),
            )
        })
    };
    let pdf = html.pdfs.and_then(|p| p.issues.get(&issue.key()));
    IssueView {
        summary: issue_summary(html, issue),
        gazette_name: issue.gazette_name(g).to_string(),
        sealed: issue.seal.is_some(),
        pdf_sha256: pdf.and_then(|p| p.sha256_of(&p.url).cloned()),
        sha256sums_url: pdf.map(|_| urls::sha256sums(issue.date)),
        publisher: g.publisher.clone(),
        sections,
        previous: index.checked_sub(1).and_then(neighbour),
        next: neighbour(index + 1),
    }
}

fn archive_years(html: &Html, g: &Gazette, only: Option<i32>) -> Vec<ArchiveYear> {
    let mut by_year: BTreeMap<i32, BTreeMap<u32, Vec<&Issue>>> = BTreeMap::new();
    for issue in &g.issues {
        use chrono::Datelike;
        let (y, m) = (issue.date.year(), issue.date.month());
        if only.is_none_or(|o| o == y) {
            by_year
                .entry(y)
                .or_default()
                .entry(m)
                .or_default()
                .push(issue);
        }
    }
    by_year
        .into_iter()
        .rev()
        .map(|(y, months)| ArchiveYear {
            year: y,
            label: format!("{}年", roc_year(y)),
            url: urls::year(y),
            months: months
                .into_iter()
                .rev()
                .map(|(m, issues)| ArchiveMonth {
                    label: roc_month(y, m),
                    anchor: format!("m{y}-{m:02}"),
                    issues: issues
                        .iter()
                        .rev()
                        .map(|i| issue_summary(html, i))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn year_links(html: &Html, g: &Gazette) -> Vec<Link> {
    archive_years(html, g, None)
        .iter()
        .map(|y| link(&format!("{}（{}）", y.label, y.year), &y.url))
        .collect()
}

fn archive(html: &Html, g: &Gazette, out: &Staging) -> Result<(), Diagnostic> {
    let page = html.page_meta(&g.name, urls::GAZETTE, "gazette", Vec::new());
    let view = ArchiveView {
        years: archive_years(html, g, None),
        year_links: year_links(html, g),
    };
    html.write(out, "archive.html", &page, "archive", &view)
}

fn years(html: &Html, g: &Gazette, out: &Staging) -> Vec<Diagnostic> {
    let links = year_links(html, g);
    archive_years(html, g, None)
        .into_iter()
        .filter_map(|y| {
            let title = format!("{} {}", g.name, y.label);
            let page = html.page_meta(
                &title,
                &y.url,
                "gazette",
                vec![link(&g.name, urls::GAZETTE)],
            );
            let view = ArchiveView {
                years: vec![y],
                year_links: links.clone(),
            };
            html.write(out, "year.html", &page, "archive", &view).err()
        })
        .collect()
}

fn issue_crumbs(g: &Gazette, issue: &Issue) -> Vec<Link> {
    use chrono::Datelike;
    vec![
        link(&g.name, urls::GAZETTE),
        link(
            &format!("{}年", roc_year(issue.date.year())),
            &urls::year(issue.date.year()),
        ),
    ]
}

/// Each document's summary hashed, by its [`by_address`].
pub type SummaryKeys = Vec<(usize, Key)>;

/// An issue's page and its documents' pages: linked from the build cache
/// when nothing they are made from changed, else rendered (and kept).
/// Gives the hash of each document's summary, by its [`by_address`], for
/// the listings (none without a build cache, where nothing is kept).
fn issue_pages(
    html: &Html,
    g: &Gazette,
    index: usize,
    out: &Staging,
    text: &IssueText,
) -> Result<SummaryKeys, Diagnostic> {
    let issue = &g.issues[index];
    let view = issue_view(html, g, index);
    let cached = html.issue_cache(index).map(|(cache, mut key)| {
        let pdfs = html.pdfs.and_then(|p| p.issues.get(&issue.key()));
        key.serialized(&pdfs).hashed(&view);
        (cache, key.finish())
    });
    let summaries = cached
        .as_ref()
        .map(|_| {
            let in_sections = by_category(g, issue).into_iter().flat_map(|(_, d)| d);
            let listed = view.sections.iter().flat_map(|s| &s.documents);
            in_sections
                .zip(listed)
                .map(|(doc, summary)| {
                    debug_assert_eq!(summary.url, urls::document(issue.date, &doc.slug));
                    let key = KeyBuilder::new("document-summary").hashed(summary).finish();
                    (by_address(doc), key)
                })
                .collect()
        })
        .unwrap_or_default();
    let name = format!("html/{}", issue.key());
    if let Some((cache, key)) = &cached
        && cache.restore(&name, key, out).is_some()
    {
        return Ok(summaries);
    }
    let mut files = vec![issue_page(html, g, issue, &view)?];
    let issue = text.full()?;
    let bodies = text.bodies_html()?;
    for (j, (doc, body_html)) in issue.documents.iter().zip(bodies).enumerate() {
        files.push(document_page(html, g, issue, j, doc, body_html)?);
    }
    let written = match &cached {
        Some((cache, key)) => cache.store(&name, key, &files, serde_json::Value::Null, out),
        None => files
            .iter()
            .try_for_each(|(path, bytes)| out.write(path, bytes)),
    };
    written.map_err(|e| Diagnostic::cannot_write(urls::issue(issue.date), e))?;
    Ok(summaries)
}

/// A page's output path and bytes.
type PageFile = (String, Vec<u8>);

fn issue_page(
    html: &Html,
    g: &Gazette,
    issue: &Issue,
    view: &IssueView,
) -> Result<PageFile, Diagnostic> {
    let title = format!("{}{}", issue.gazette_name(g), issue.full_number());
    let page = html.page_meta(
        &title,
        &urls::issue(issue.date),
        "gazette",
        issue_crumbs(g, issue),
    );
    let text = html.page("issue.html", &page, "issue", view)?;
    Ok((urls::index_file(&page.url), text))
}

fn document_page(
    html: &Html,
    g: &Gazette,
    issue: &Issue,
    index: usize,
    doc: &Document,
    body_html: &str,
) -> Result<PageFile, Diagnostic> {
    let summary = document_summary(html, g, issue, doc);
    let mut crumbs = issue_crumbs(g, issue);
    crumbs.push(link(&issue.full_number(), &urls::issue(issue.date)));
    let mut page = html.page_meta(&doc.title, &summary.url, "gazette", crumbs);
    if !doc.keywords.is_empty() {
        page.keywords = Some(doc.keywords.join(","));
    }
    let neighbour = |i: usize| {
        issue
            .documents
            .get(i)
            .map(|d| link(&d.title, &urls::document(issue.date, &d.slug)))
    };
    let attachments = doc
        .attachments
        .iter()
        .map(|a| AttachmentView {
            title: a.title.clone(),
            file: a.file.clone(),
            url: urls::attachment(issue.date, &doc.slug, &a.file),
            size: human_size(a.size),
            kind: a
                .file
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_uppercase())
                .unwrap_or_default(),
        })
        .collect();
    let issue_pdf = html.pdfs.and_then(|p| p.issues.get(&issue.key()));
    let pdf = issue_pdf.and_then(|p| p.documents.get(&doc.slug));
    let citation = summary.citation.clone();
    let view = DocumentView {
        summary,
        issue: issue_summary(html, issue),
        body_html: body_html.to_string(),
        attachments,
        pdf_url: pdf.map(|(url, _)| url.clone()),
        pdf_sha256: pdf.and_then(|(url, _)| issue_pdf?.sha256_of(url).cloned()),
        citation,
        previous: index.checked_sub(1).and_then(neighbour),
        next: neighbour(index + 1),
    };
    let text = html.page("document.html", &page, "document", &view)?;
    Ok((urls::index_file(&page.url), text))
}

/// Copies the document's attachment folder beside its page, so that
/// attachments and images in the body resolve relative to it: the files
/// the loader listed in it (not a look at every document's folder).
fn copy_attachment_folder(
    html: &Html,
    issue: &Issue,
    doc: &Document,
    out: &Staging,
) -> Result<(), Diagnostic> {
    let folder = doc.source.with_extension("");
    // As bytes: `Path::starts_with` goes component by component, and each
    // of an issue's documents asks it of each of the issue's files.
    let mut prefix = folder.as_os_str().as_encoded_bytes().to_vec();
    prefix.push(std::path::MAIN_SEPARATOR as u8);
    let inside = |p: &&std::path::PathBuf| p.as_os_str().as_encoded_bytes().starts_with(&prefix);
    for path in issue.files.iter().filter(inside) {
        let Ok(rel) = path.strip_prefix(&folder) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let url = urls::attachment(issue.date, &doc.slug, &rel);
        out.copy(&url, &html.site.root.join(path)).map_err(|e| {
            Diagnostic::error(&doc.source, format!("cannot copy attachment {rel}: {e}"))
        })?;
    }
    Ok(())
}

/// A category or agency: its name, URL, feed URL and documents, newest first.
type Listing<'a> = (String, String, String, Vec<(&'a Issue, &'a Document)>);

/// Category and agency pages, and their indexes.
/// `summaries`: each document's summary hashed once (it is in its issue,
/// its category's listing and each of its agencies'): a listing whose
/// documents' summaries and years are the same is kept without making its
/// view. Without a build cache nothing is kept, and there are none.
fn listings(html: &Html, g: &Gazette, summaries: &Summaries, out: &Staging) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut by_category: BTreeMap<usize, Vec<(&Issue, &Document)>> = BTreeMap::new();
    let mut by_agency: BTreeMap<&str, Vec<(&Issue, &Document)>> = BTreeMap::new();
    for issue in g.issues.iter().rev() {
        for doc in &issue.documents {
            let ci = g
                .categories
                .iter()
                .position(|c| *c == doc.category)
                .unwrap_or(0);
            by_category.entry(ci).or_default().push((issue, doc));
            for a in &doc.agencies {
                by_agency.entry(a.as_str()).or_default().push((issue, doc));
            }
        }
    }
    // A document its issue did not hash (none today) is hashed here, so
    // that a listing is never kept for want of one.
    let summary_key = |issue: &Issue, doc: &Document| -> Option<Cow<str>> {
        match summaries.get(&by_address(doc)) {
            Some(key) => Some(Cow::Borrowed(key.as_str())),
            None => html.cache.is_some().then(|| {
                let summary = document_summary(html, g, issue, doc);
                let key = KeyBuilder::new("document-summary")
                    .hashed(&summary)
                    .finish();
                Cow::Owned(key.as_str().to_string())
            }),
        }
    };
    let gazette_crumb = link(&g.name, urls::GAZETTE);
    let categories: Vec<Listing> = by_category
        .into_iter()
        .map(|(ci, docs)| {
            let name = g.categories[ci].clone();
            let (url, feed) = (urls::category(&name), urls::category_feed(&name));
            (name, url, feed, docs)
        })
        .collect();
    let agencies: Vec<Listing> = by_agency
        .into_iter()
        .map(|(a, docs)| (a.to_string(), urls::agency(a), urls::agency_feed(a), docs))
        .collect();
    for (kind, index_title, index_url, items) in [
        ("類別", "公報類別", urls::CATEGORIES, &categories),
        ("機關", "發文機關", urls::AGENCIES, &agencies),
    ] {
        let index_link = link(index_title, index_url);
        let index = ListingIndexView {
            heading: format!("{}：{}", g.name, index_title),
            items: items
                .iter()
                .map(|(name, url, _, docs)| ListingItem {
                    name: name.clone(),
                    url: url.clone(),
                    count: docs.len(),
                })
                .collect(),
        };
        let page = html.page_meta(
            index_title,
            index_url,
            "gazette",
            vec![gazette_crumb.clone()],
        );
        errors.extend(
            html.write_kept(out, "listing_index.html", &page, "listing_index", &index)
                .err(),
        );
        let pages: Vec<Diagnostic> = items
            .par_iter()
            .filter_map(|(name, url, feed, docs)| {
                let mut page = html.page_meta(
                    name,
                    url,
                    "gazette",
                    vec![gazette_crumb.clone(), index_link.clone()],
                );
                page.feeds = vec![link(&format!("訂閱「{name}」（Atom）"), feed)];
                // What the view is made of, its documents as their
                // summaries' hashes.
                let stands_for = (
                    feed,
                    name,
                    kind,
                    &index_link,
                    docs.iter()
                        .map(|(issue, doc)| (issue.date, summary_key(issue, doc)))
                        .collect::<Vec<_>>(),
                );
                let make = || ListingView {
                    feed_url: feed.clone(),
                    heading: name.clone(),
                    kind: kind.to_string(),
                    groups: group_by_year(html, g, docs),
                    total: docs.len(),
                    index: index_link.clone(),
                };
                html.write_kept_as(out, ("listing.html", &page, "listing"), &stands_for, make)
                    .err()
            })
            .collect();
        errors.extend(pages);
    }
    errors
}

/// A document's place in memory, as a key for what is computed of it once
/// in a build.
fn by_address(doc: &Document) -> usize {
    std::ptr::from_ref(doc) as usize
}

fn group_by_year(html: &Html, gz: &Gazette, docs: &[(&Issue, &Document)]) -> Vec<DocumentGroup> {
    use chrono::Datelike;
    let mut groups: Vec<DocumentGroup> = Vec::new();
    for (issue, doc) in docs {
        let y = issue.date.year();
        let heading = format!("{}年", roc_year(y));
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(DocumentGroup {
                heading,
                anchor: format!("y{y}"),
                documents: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.documents.push(document_summary(html, gz, issue, doc));
        }
    }
    groups
}

/// `/gazette/consultations/`: drafts with a comment period (預告), newest
/// first. Whether a deadline has passed is the page script's business, so
/// the page is the same whatever day it is built.
fn consultations(html: &Html, g: &Gazette, out: &Staging) -> Result<(), Diagnostic> {
    let mut documents = Vec::new();
    for issue in g.issues.iter().rev() {
        let mut docs: Vec<&Document> = issue
            .documents
            .iter()
            .filter(|d| d.comment_until.is_some())
            .collect();
        docs.sort_by_key(|d| std::cmp::Reverse(d.date));
        documents.extend(
            docs.into_iter()
                .map(|d| document_summary(html, g, issue, d)),
        );
    }
    let title = "預告中的草案";
    let page = html.page_meta(
        title,
        urls::CONSULTATIONS,
        "gazette",
        vec![link(&g.name, urls::GAZETTE)],
    );
    let view = ConsultationsView {
        heading: format!("{}：{title}", g.name),
        documents,
    };
    html.write(out, "consultations.html", &page, "consultations", &view)
}
