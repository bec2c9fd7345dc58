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
//! The bundle is cached in `.munipub-cache/search/` (see [`write`]).

use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::urls;
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
const CACHE_VERSION: &str = "munipub search cache 1, pagefind 1.6";

/// What the search step did, for the timing log.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// The bundle came from `.munipub-cache/search/` (no document changed).
    pub cached: bool,
    pub seconds: f64,
}

/// Indexes every document page already written to `out` and writes the
/// bundle under `/pagefind/`. A site without a gazette gets no bundle (the
/// search page then says the search is unavailable).
///
/// Indexing a large gazette takes a while (BENCHMARKS.md, "Search"), so the
/// bundle is kept in `.munipub-cache/search/` under the site root, keyed by
/// the bytes of every document page: a build in which no document page
/// changed reuses it.
pub fn write(site: &Site, out: &Staging) -> Result<Stats, Diagnostics> {
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
    let mut pages: Vec<(String, String)> = Vec::new();
    for issue in &g.issues {
        for doc in &issue.documents {
            let url = urls::document(issue.date, &doc.slug);
            let file = urls::index_file(&url);
            let html = out
                .read(&file)
                .map_err(|e| fail(format!("cannot read {file} to index it: {e}")))?;
            let html = String::from_utf8(html)
                .map_err(|_| fail(format!("{file} is not UTF-8, cannot index it")))?;
            pages.push((url, html));
        }
    }
    let mut stats = Stats {
        pages: pages.len(),
        ..Stats::default()
    };
    let cache = Cache::new(&site.root, &pages);
    let files = match cache.load() {
        Some(files) => {
            stats.cached = true;
            files
        }
        None => {
            let files = index(pages).map_err(fail)?;
            cache.store(&files);
            files
        }
    };
    // Distinct files, written in parallel; most are unchanged from the
    // build before last when no document changed.
    files
        .par_iter()
        .try_for_each(|(name, bytes)| {
            let path = format!("{BUNDLE_DIR}/{name}");
            out.write_if_changed(&path, bytes)
                .map_err(|e| format!("cannot write {path}: {e}"))
        })
        .map_err(fail)?;
    stats.files = files.len();
    stats.bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    stats.seconds = started.elapsed().as_secs_f64();
    if std::env::var_os("MUNIPUB_TIMINGS").is_some() {
        eprintln!(
            "search: {} {} pages into {} files ({:.1} KB) in {:.2} s",
            if stats.cached {
                "reused the index of"
            } else {
                "indexed"
            },
            stats.pages,
            stats.files,
            stats.bytes as f64 / 1024.0,
            stats.seconds
        );
    }
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

/// The last bundle built, in one file: `.munipub-cache/search/bundle`
/// (a header line with the key, then each file as name length, name, data
/// length, data). Deleting it is always safe; a damaged one is rebuilt.
struct Cache {
    path: std::path::PathBuf,
    key: String,
}

const CACHE_MAGIC: &str = "munipub-search-bundle";

impl Cache {
    fn new(root: &std::path::Path, pages: &[(String, String)]) -> Cache {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        // Pagefind reads its chunk size from the environment.
        let chunk_size = std::env::var("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE").ok();
        (CACHE_VERSION, UNUSED, chunk_size, pages).hash(&mut h);
        Cache {
            path: root.join(".munipub-cache/search/bundle"),
            key: format!("{CACHE_MAGIC} {:016x} {}\n", h.finish(), pages.len()),
        }
    }

    fn load(&self) -> Option<Vec<(String, Vec<u8>)>> {
        let bytes = std::fs::read(&self.path).ok()?;
        let mut rest = bytes.strip_prefix(self.key.as_bytes())?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let count = u32::from_le_bytes(take(4)?.try_into().ok()?);
        let mut files = Vec::new();
        for _ in 0..count {
            let name_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
            let name = String::from_utf8(take(name_len)?.to_vec()).ok()?;
            let data_len = u64::from_le_bytes(take(8)?.try_into().ok()?) as usize;
            files.push((name, take(data_len)?.to_vec()));
        }
        // All of it, or it was cut short.
        (rest.is_empty() && !files.is_empty()).then_some(files)
    }

    /// Best effort: a build does not fail for want of a cache.
    fn store(&self, files: &[(String, Vec<u8>)]) {
        let mut bytes = self.key.as_bytes().to_vec();
        bytes.extend_from_slice(&(files.len() as u32).to_le_bytes());
        for (name, data) in files {
            bytes.extend_from_slice(&(name.len() as u32).to_le_bytes());
            bytes.extend_from_slice(name.as_bytes());
            bytes.extend_from_slice(&(data.len() as u64).to_le_bytes());
            bytes.extend_from_slice(data);
        }
        let Some(dir) = self.path.parent() else {
            return;
        };
        let tmp = self.path.with_extension("tmp");
        let _ = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(&tmp, &bytes))
            .and_then(|_| std::fs::rename(&tmp, &self.path));
    }
}
