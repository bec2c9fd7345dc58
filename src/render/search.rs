//! Full-text search: every gazette document page indexed with Pagefind (as a
//! library) into `/pagefind/`, searched in the browser by
//! `themes/default/static/search.js` on `/search/`.
//!
//! What is indexed is marked in `document.html`: `data-pagefind-body` on the
//! document, `data-pagefind-filter` (category, agency, year),
//! `data-pagefind-meta` (issue, date, document number) and
//! `data-pagefind-sort` (date). The pages are read back from the staging
//! folder as written, so the index sees exactly what citizens see, links
//! already under a sub-path `base_url`. Pagefind's `extended` feature
//! segments the Chinese text into words (ICU4X dictionary) and also indexes
//! every pair of adjacent characters, so that any two or more characters of
//! a document find it whatever the segmenter made of them.
//!
//! The bundle is kept in the build cache (see [`write`]).

use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::urls;
use crate::cache::{Cache, Files, KeyBuilder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;

/// Where the bundle goes in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Files of Pagefind's bundle that our own search page does not load (its
/// ready-made interfaces, the highlighting script, and the web worker, as
/// search.js runs Pagefind with `noWorker`): left out of the output.
const UNUSED: &[&str] = &[
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Bumped when what is indexed or how changes, so that old caches miss.
const CACHE_VERSION: &str = "munipub search 1, pagefind 1.6";

/// What the search step did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    /// The bundle came from the build cache (no document page changed).
    pub cached: bool,
    pub seconds: f64,
}

/// Indexes every document page already written to `out` and writes the
/// bundle under `/pagefind/`. A site without a gazette gets no bundle (the
/// search page then says the search is unavailable).
///
/// Indexing a large gazette takes a while (BENCHMARKS.md, "Search"), so the
/// bundle is kept in the build cache, keyed by the bytes of every document
/// page: a build in which no document page changed links it back. With
/// `stale_ok`, the last bundle is linked back even if pages changed.
pub fn write(
    site: &Site,
    cache: &Cache,
    out: &Staging,
    stale_ok: bool,
) -> Result<Stats, Diagnostics> {
    let started = Instant::now();
    let Some(g) = &site.gazette else {
        return Ok(Stats::default());
    };
    let fail = |msg: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(format!("{BUNDLE_DIR}/"), msg));
        d
    };
    // In the model's order (oldest issue first, documents in category
    // order): Pagefind numbers pages in the order they are added, so the
    // same content gives the same bundle.
    let mut key = KeyBuilder::new("search");
    key.bytes(CACHE_VERSION.as_bytes());
    // Pagefind reads its chunk size from the environment.
    let chunk_size = std::env::var("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE").unwrap_or_default();
    key.bytes(chunk_size.as_bytes());
    let urls: Vec<String> = g
        .issues
        .iter()
        .flat_map(|i| i.documents.iter().map(|d| urls::document(i.date, &d.slug)))
        .collect();
    // Read back in parallel (most builds only hash them), hashed in order.
    let pages: Vec<(String, String)> = urls
        .into_par_iter()
        .map(|url| {
            let file = urls::index_file(&url);
            let html = out
                .read(&file)
                .map_err(|e| format!("cannot read {file} to index it: {e}"))?;
            let html = String::from_utf8(html)
                .map_err(|_| format!("{file} is not UTF-8, cannot index it"))?;
            Ok((url, html))
        })
        .collect::<Result<_, String>>()
        .map_err(fail)?;
    for (url, html) in &pages {
        key.bytes(url.as_bytes()).bytes(html.as_bytes());
    }
    let key = key.finish();
    let mut stats = Stats {
        pages: pages.len(),
        ..Stats::default()
    };
    let kept = match cache.restore("search", &key, out) {
        None if stale_ok => cache.restore_any("search", out),
        kept => kept,
    };
    match kept {
        Some(meta) => {
            stats.cached = true;
            stats.files = meta.as_u64().unwrap_or(0) as usize;
        }
        None => {
            let files: Files = index(pages)
                .map_err(fail)?
                .into_iter()
                .map(|(name, bytes)| (format!("{BUNDLE_DIR}/{name}"), bytes))
                .collect();
            stats.files = files.len();
            cache
                .store("search", &key, &files, files.len().into(), out)
                .map_err(|e| fail(format!("cannot write the search index: {e}")))?;
        }
    }
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

/// Runs Pagefind over `pages` (URL, HTML); the bundle's files by name,
/// sorted, without the ones we do not serve.
fn index(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("search indexer: {e}"))?;
    let files = runtime.block_on(async {
        for (url, html) in pages {
            let file = urls::index_file(&url);
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| format!("cannot index {file}: {e}"))?;
        }
        index
            .get_files()
            .await
            .map_err(|e| format!("cannot build the search index: {e}"))
    })?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(name, _)| !UNUSED.contains(&name.as_str()) && !name.starts_with("playground/"))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}
