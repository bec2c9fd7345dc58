//! Rendering: the model into output files, one room per output format.

pub mod citation;
pub mod couplets;
pub mod data;
pub mod geom;
pub mod html;
pub mod inputs;
pub mod pdf;
pub mod search;
pub mod text;
pub mod urls;

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;
use crate::progress::Progress;
use crate::theme::Theme;

/// The data files and the directory's PDF this build wrote, by URL, with
/// their sizes: the pages that offer them for download learn of them only
/// from here (and from the PDF index), never by looking in the output.
pub type Downloads = BTreeMap<String, u64>;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip PDFs (quick previews, and the HTML-only benchmark).
    pub no_pdf: bool,
    /// Take nothing from the build cache (`build --clean`).
    pub clean: bool,
    pub progress: Progress,
}

/// Renders the whole site into `out`.
pub fn render(
    site: &Site,
    theme: &Theme,
    out: &Staging,
    options: &Options,
) -> Result<(), Diagnostics> {
    let progress = &options.progress;
    let cache = Cache::open(&site.root, !options.clean);
    let issue_inputs = inputs::issues(site);
    let pdfs = if options.no_pdf {
        progress.stage("drawing couplet previews", None);
        couplets::preview::write_all(site, theme, None, &cache, out)?;
        None
    } else {
        progress.stage("reading fonts", None);
        let fonts = pdf::fonts::Fonts::load(site, theme)?;
        let missing = pdf::coverage::check_cached(site, &fonts, &cache, &issue_inputs);
        if missing.has_errors() {
            return Err(missing);
        }
        progress.stage("drawing couplet previews", None);
        couplets::preview::write_all(site, theme, Some(&fonts.book), &cache, out)?;
        Some(pdf::render(
            site,
            &fonts,
            &cache,
            out,
            &issue_inputs,
            progress,
        )?)
    };
    progress.stage(
        "writing feeds, open data and pages; indexing for search",
        None,
    );
    let downloads = feeds_and_data(site, out, pdfs.as_ref())?;
    let html = html::Html::new(site, theme, pdfs.as_ref(), &downloads)?.with_cache(
        theme,
        &cache,
        &issue_inputs,
    );
    let Some(g) = &site.gazette else {
        html::render(&html, theme, out, &Default::default())?;
        return sitemap(site, out);
    };
    let plan = search::plan(g, &issue_inputs)?;
    let made = match issue_outputs(site, g, &html, &plan, &cache, out, &issue_inputs) {
        Ok(made) => made,
        Err(mut d) => {
            // The other pages' problems are told with the issues': the
            // years' XML and the search's buckets need every issue.
            if let Err(more) = html::render(&html, theme, out, &Default::default()) {
                d.extend(more);
            }
            return Err(d);
        }
    };
    // The listings beside the search's buckets: each has stretches where
    // one core works alone (the biggest listings, the latest tier), which
    // the other fills.
    let (written, indexed) = rayon::join(
        || -> Result<(), Diagnostics> {
            data::ey_xml::years(site, g, &cache, out, &issue_inputs)?;
            html::render(&html, theme, out, &made.summaries)
        },
        || plan.write(site, &cache, out, &made.search_hashes),
    );
    let stats = match (written, indexed) {
        (Ok(()), Ok(stats)) => stats,
        (written, indexed) => {
            let mut d = Diagnostics::new();
            written.err().into_iter().for_each(|e| d.extend(e));
            indexed.err().into_iter().for_each(|e| d.extend(e));
            return Err(d);
        }
    };
    progress.note(&format!(
        "search: {} documents, {} files, {} in {:.2} s",
        stats.documents,
        stats.files,
        match stats.made {
            0 => "from the cache".to_string(),
            n if n < stats.tiers => format!("updated ({n} of {} tiers made)", stats.tiers),
            _ => "indexed".to_string(),
        },
        stats.seconds
    ));
    // Last: the sitemap lists every page written before it.
    sitemap(site, out)
}

/// The sitemap, of every page written.
fn sitemap(site: &Site, out: &Staging) -> Result<(), Diagnostics> {
    out.write(
        "sitemap.xml",
        data::sitemap(&out.written(), &site.settings.base_url).as_bytes(),
    )
    .map_err(|e| Diagnostic::cannot_write("sitemap.xml", e))?;
    Ok(())
}

/// What each issue's outputs hand on: its documents' summary keys for the
/// listings, its search records' hash (in the order of the issues).
struct IssueOutputs {
    summaries: html::gazette::Summaries,
    search_hashes: Vec<String>,
}

/// Each issue's outputs made from its documents' text, on every core: its
/// pages, its XML and its search records, from one reading of its
/// bodies ([`text::IssueText`]), and none where the cache holds them all.
fn issue_outputs(
    site: &Site,
    g: &crate::model::Gazette,
    html: &html::Html,
    plan: &search::Plan,
    cache: &Cache,
    out: &Staging,
    issue_inputs: &[crate::cache::Key],
) -> Result<IssueOutputs, Diagnostics> {
    let per_issue: Vec<_> = g
        .issues
        .par_iter()
        .enumerate()
        .map(|(i, issue)| {
            let text = text::IssueText::new(site, issue);
            let (mut errors, summaries) = html::gazette::issue(html, g, i, out, &text);
            errors.extend(
                data::ey_xml::issue(site, issue, &issue_inputs[i], cache, out, &text).err(),
            );
            let hash = plan
                .write_part(i, cache, out, &text)
                .map_err(|e| errors.push(e))
                .ok();
            // A body that cannot be read is one problem, not one per output.
            let mut distinct: Vec<Diagnostic> = Vec::with_capacity(errors.len());
            for e in errors {
                if !distinct.contains(&e) {
                    distinct.push(e);
                }
            }
            (distinct, summaries, hash)
        })
        .collect();
    let mut errors = Diagnostics::new();
    let mut made = IssueOutputs {
        summaries: Default::default(),
        search_hashes: Vec::with_capacity(per_issue.len()),
    };
    for (e, summaries, hash) in per_issue {
        e.into_iter().for_each(|e| errors.push(e));
        made.summaries.extend(summaries);
        made.search_hashes.extend(hash);
    }
    errors.or_ok(made)
}

/// The feeds and the open data (not the national-format XML, made with
/// each issue's pages from its text), and the sizes of the files the
/// pages offer for download.
fn feeds_and_data(
    site: &Site,
    out: &Staging,
    pdfs: Option<&pdf::PdfIndex>,
) -> Result<Downloads, Diagnostics> {
    let base = &site.settings.base_url;
    // Each kind written as soon as it is made and then dropped: ten years
    // of documents' full text in every form at once took 300 MB.
    let mut downloads = Downloads::new();
    let mut write = |files: Vec<(String, Vec<u8>)>| -> Result<(), Diagnostic> {
        // In parallel: an issue's open data is a file each.
        files.par_iter().try_for_each(|(path, bytes)| {
            out.write(path, bytes)
                .map_err(|e| Diagnostic::cannot_write(path, e))
        })?;
        for (path, bytes) in &files {
            downloads.insert(format!("/{path}"), bytes.len() as u64);
        }
        Ok(())
    };
    write(vec![("robots.txt".into(), data::robots(base).into_bytes())])?;
    if let Some(g) = &site.gazette {
        write(vec![(
            "feeds/gazette.xml".into(),
            data::feed(g, base, pdfs).into_bytes(),
        )])?;
        write(
            data::listing_feeds(g, base, pdfs)
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes()))
                .collect(),
        )?;
        write(data::open_data::gazette(g, base, pdfs))?;
    }
    if let Some(d) = &site.directory {
        write(data::open_data::directory(d)?)?;
        write(data::open_data::directory_changes(d, base))?;
        if let Some(feed) = data::directory_feed(d, &site.settings.publisher, base) {
            write(vec![("feeds/directory.xml".into(), feed.into_bytes())])?;
        }
    }
    if let Some((url, bytes)) = pdfs.and_then(|p| p.directory.clone()) {
        downloads.insert(url, bytes);
    }
    Ok(downloads)
}
