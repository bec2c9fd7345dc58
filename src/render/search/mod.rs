//! Full-text search of the gazette: an index of plain files under
//! `/search-index/`, searched in the browser by
//! `themes/default/static/search.js` on `/search/`.
//!
//! - `meta.json`: how many documents and bucket files, and a generation
//!   (a hash of the index's content) that the script puts on every other
//!   file's address, so a browser never mixes files of two builds.
//! - `d/<n>.json`: document `n` as a result shows it (title, links, date,
//!   agency, number, category, issue, year) with its text for the excerpt.
//! - `b/<n>.bin`: the words, each with the documents that have it
//!   ([`index`]); a query reads one bucket per word ([`tokens`]).
//!
//! Documents are numbered oldest issue first, and within an issue by date,
//! so "newest first" is the numbers backwards and a new issue only adds
//! numbers. The index is built from the model, not from the pages, in a
//! fraction of a second; the buckets are a build cache entry all the same
//! (a build where no document changed links them back).

mod index;
pub mod tokens;

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::urls;
use crate::cache::{Cache, Files, KeyBuilder};
use crate::calendar::roc_long;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::gazette::{Document, Gazette, Issue};
use crate::output::Staging;
use tokens::{Counts, Words};

/// Where the index goes in the output.
pub const INDEX_DIR: &str = "search-index";

/// Bumped when the files' format or what is indexed changes: old caches
/// miss, and browsers fetch afresh.
const FORMAT: &str = "munipub search index 1";

/// How much a word counts in each field of a document.
const TITLE_WEIGHT: u32 = 10;
const FIELD_WEIGHT: u32 = 1;

/// What the search step did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
    /// The buckets came from the build cache (no document changed).
    pub cached: bool,
    pub seconds: f64,
}

/// One document as a search result shows it: `d/<n>.json`.
#[derive(Debug, Serialize)]
struct Record<'a> {
    url: String,
    title: &'a str,
    category: &'a str,
    agency: &'a str,
    number: &'a str,
    /// `中華民國115年2月20日`
    date: String,
    /// `臺中市政府公報115年春字第4期`
    issue: String,
    issue_url: String,
    /// `115年`, the year filter's value.
    year: String,
    /// The body and the attachments' titles, a line per block.
    text: String,
}

/// `meta.json`.
#[derive(Debug, Serialize)]
struct Meta {
    format: &'static str,
    documents: usize,
    buckets: usize,
    generation: String,
}

/// Writes the index of every gazette document. A site without a gazette
/// gets none (the search page then says the search is unavailable).
pub fn write(site: &Site, cache: &Cache, out: &Staging) -> Result<Stats, Diagnostics> {
    let started = Instant::now();
    let Some(g) = &site.gazette else {
        return Ok(Stats::default());
    };
    let fail = |msg: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(format!("{INDEX_DIR}/"), msg));
        d
    };
    let t = |what: &str| {
        if std::env::var_os("T").is_some() {
            eprintln!("{:.3} {what}", started.elapsed().as_secs_f64())
        }
    };
    let docs = numbered(g);
    if docs.len() > index::MAX_DOCUMENTS {
        return Err(fail(format!(
            "{} documents are more than the search index can number ({})",
            docs.len(),
            index::MAX_DOCUMENTS
        )));
    }
    let records: Vec<(Record, Vec<u8>)> = docs
        .par_iter()
        .map(|&(issue, doc)| {
            let r = record(g, issue, doc);
            let json = serde_json::to_vec(&r).unwrap_or_default();
            (r, json)
        })
        .collect();
    t("records");
    records
        .par_iter()
        .enumerate()
        .try_for_each(|(n, (_, json))| out.write(&format!("{INDEX_DIR}/d/{n}.json"), json))
        .map_err(|e| fail(format!("cannot write the search index: {e}")))?;

    t("written");
    // Everything the buckets are made from is in the records.
    let mut generation = Xxh3::new();
    generation.update(FORMAT.as_bytes());
    for (_, json) in &records {
        generation.update(&(json.len() as u64).to_le_bytes());
        generation.update(json);
    }
    let generation = format!("{:016x}", generation.digest());
    let key = KeyBuilder::new("search")
        .bytes(generation.as_bytes())
        .finish();
    let mut stats = Stats {
        documents: records.len(),
        files: records.len(),
        ..Stats::default()
    };
    if let Some(meta) = cache.restore("search", &key, out) {
        stats.cached = true;
        stats.files += meta.as_u64().unwrap_or(0) as usize;
    } else {
        let words = issues_words(&docs, &records, cache);
        t("words");
        let buckets = index::buckets(words);
        t("buckets");
        let meta = Meta {
            format: FORMAT,
            documents: records.len(),
            buckets: buckets.len(),
            generation,
        };
        let mut files: Files = vec![(
            format!("{INDEX_DIR}/meta.json"),
            serde_json::to_vec(&meta).unwrap_or_default(),
        )];
        files.extend(
            buckets
                .into_iter()
                .enumerate()
                .map(|(n, bytes)| (format!("{INDEX_DIR}/b/{n}.bin"), bytes)),
        );
        stats.files += files.len();
        cache
            .store("search", &key, &files, files.len().into(), out)
            .map_err(|e| fail(format!("cannot write the search index: {e}")))?;
    }
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

/// Every document's words, an issue at a time: taken from the build cache
/// for an issue whose records have not changed (most issues of most
/// builds), else read from its records and kept.
fn issues_words(
    docs: &[(&Issue, &Document)],
    records: &[(Record, Vec<u8>)],
    cache: &Cache,
) -> Vec<Words> {
    let mut issues = Vec::new();
    let mut start = 0;
    for group in docs.chunk_by(|a, b| std::ptr::eq(a.0, b.0)) {
        issues.push((group[0].0, start..start + group.len()));
        start += group.len();
    }
    issues
        .into_par_iter()
        .flat_map_iter(|(issue, range)| {
            let records = &records[range];
            let mut key = KeyBuilder::new("search-words");
            key.bytes(FORMAT.as_bytes());
            records.iter().for_each(|(_, json)| {
                key.bytes(json);
            });
            let key = key.finish();
            let name = format!("search-words/{}", issue.key());
            let kept = cache.load(&name, &key).and_then(|b| Words::decode(&b));
            kept.filter(|w| w.len() == records.len())
                .unwrap_or_else(|| {
                    let made: Vec<Words> = records.iter().map(|(r, _)| words(r)).collect();
                    // A cache that cannot be written only makes the next build slower.
                    let _ = cache.save(&name, &key, &Words::encode(&made));
                    made
                })
        })
        .collect()
}

/// Every document with its issue, in the index's numbering: oldest issue
/// first, within an issue by date (then as the issue lists them).
fn numbered(g: &Gazette) -> Vec<(&Issue, &Document)> {
    g.issues
        .iter()
        .flat_map(|issue| {
            let mut docs: Vec<&Document> = issue.documents.iter().collect();
            docs.sort_by_key(|d| d.date);
            docs.into_iter().map(move |d| (issue, d))
        })
        .collect()
}

fn record<'a>(g: &Gazette, issue: &Issue, doc: &'a Document) -> Record<'a> {
    let mut text = doc.body.plain_text();
    for a in &doc.attachments {
        text.push('\n');
        text.push_str(&a.title);
    }
    Record {
        url: urls::document(issue.date, &doc.slug),
        title: &doc.title,
        category: &doc.category,
        agency: &doc.agency,
        number: &doc.doc_number,
        date: roc_long(doc.date),
        issue: format!("{}{}", g.name, issue.full_number()),
        issue_url: urls::issue(issue.date),
        year: format!("{}年", issue.computed_number.roc_year),
        text,
    }
}

/// The words a document is found by: its title (counting most), agency,
/// number and text, and its filters' values.
fn words(r: &Record) -> Words {
    let mut counts = Counts::default();
    counts.add(r.title, TITLE_WEIGHT);
    counts.add(r.agency, FIELD_WEIGHT);
    counts.add(r.number, FIELD_WEIGHT);
    counts.add(&r.text, FIELD_WEIGHT);
    counts.filter('c', r.category);
    counts.filter('a', r.agency);
    counts.filter('y', &r.year);
    counts.words()
}
