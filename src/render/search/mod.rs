//! Full-text search of the gazette: an index of plain files under
//! `/search-index/`, searched in the browser by
//! `themes/default/static/search.js` on `/search/`.
//!
//! - `meta.json`: how many documents and bucket files, and a generation
//!   (a hash of the records, from which everything else is made) that the
//!   script puts on every other file's address, so a browser never mixes
//!   files of two builds.
//! - `d/<n>.json`: document `n` as a result shows it (title, links, date,
//!   agency, number, category, issue, year) with its text for the excerpt
//!   and for checking a phrase.
//! - `t<t>/b/<n>.bin`: characters, pairs and other words, each with the
//!   documents that have it ([`index`], [`tokens`]).
//! - `t<t>/g3/` to `t<t>/g8/`: longer runs of Chinese characters, for
//!   phrases found exactly ([`grams`]).
//!
//! The bucket files are in tiers ([`split_tiers`]): the latest year's
//! issues, and all before them, each a whole index of its documents, so
//! that an edit or a new issue in the current year makes only the small
//! tier again. Documents are numbered oldest issue first, and within an
//! issue by date, so "newest first" is the numbers backwards and a new
//! issue only adds numbers. The index is built from the model, not from
//! the pages; a build in which no document changed takes every tier from
//! the build cache (see [`write`]).

mod grams;
mod index;
pub mod tokens;

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::text::IssueText;
use super::urls;
use crate::cache::{Cache, Files, Key, KeyBuilder};
use crate::calendar::roc_long;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::gazette::{Document, Gazette, Issue};
use crate::output::Staging;
use index::Text;
use tokens::{Counts, Words};

/// Where the index goes in the output.
pub const INDEX_DIR: &str = "search-index";

/// Bumped when the files' format or what is indexed changes: old caches
/// miss, and browsers fetch afresh.
const FORMAT: &str = "munipub search index 4";

/// How much a word counts in each field of a document.
const TITLE_WEIGHT: u32 = 10;
const FIELD_WEIGHT: u32 = 1;

/// What the search step did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
    /// How many tiers of bucket files there are ([`split_tiers`]), and
    /// how many were made rather than taken from the build cache.
    pub tiers: usize,
    pub made: usize,
    pub seconds: f64,
}

/// One document as a search result shows it: `d/<n>.json`.
#[derive(Debug, Serialize)]
struct Record<'a> {
    url: String,
    title: &'a str,
    /// The English title, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    title_en: Option<&'a str>,
    category: &'a str,
    /// Every agency joined with `、`.
    agency: String,
    #[serde(skip)]
    agencies: &'a [String],
    number: &'a str,
    /// `中華民國115年2月20日`
    date: String,
    /// 生效日期, `中華民國115年12月1日`.
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
    /// 預告: the last day for comments, `中華民國115年12月20日`.
    #[serde(skip_serializing_if = "Option::is_none")]
    comment_until: Option<String>,
    /// Searched like the title; kept here so that a phrase can be checked.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
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
    generation: String,
    /// Each ROC year of issues with the number of its first document:
    /// documents are numbered in issue order, so a range of years is a
    /// range of numbers, and the date filter needs no other download.
    years: Vec<(i32, usize)>,
    /// Phrases ([`grams`]): beginnings in more documents than this are
    /// extended, up to `longest` characters.
    frequent: u32,
    longest: usize,
    /// The bucket files, oldest documents first ([`split_tiers`]).
    tiers: Vec<Tier>,
}

/// The bucket files of some issues, `t<n>/b/` and `t<n>/g3/`…: each a
/// whole index of those issues' documents, numbered from 0 there and from
/// `first` in the whole.
#[derive(Debug, Serialize, serde::Deserialize)]
struct Tier {
    first: usize,
    documents: usize,
    /// How many bucket files `b/` has.
    buckets: usize,
    /// How many `g3/`, `g4/`, … each have.
    grams: Vec<usize>,
}

/// One issue's part of the index: its documents are numbered from `first`.
struct Part<'a> {
    issue: &'a Issue,
    first: usize,
    /// What the part is made from: the issue's inputs, and `first`.
    key: Key,
}

/// The index of every gazette document, planned: each issue's part,
/// numbered. A site without a gazette gets none (the search page then
/// says the search is unavailable).
///
/// Each issue's records, and the words read from them, are kept in the
/// build cache under the hash of the issue's inputs
/// ([`super::inputs::issues`]) by [`Plan::write_part`], and the buckets
/// under the hashes of all issues by [`Plan::write`]: a build in which no
/// document changed links everything back, and a build after an edit
/// reads again only the edited issue.
pub struct Plan<'a> {
    g: &'a Gazette,
    parts: Vec<Part<'a>>,
    documents: usize,
}

/// Numbers every issue's documents, oldest issue first.
pub fn plan<'a>(g: &'a Gazette, issue_inputs: &[Key]) -> Result<Plan<'a>, Diagnostics> {
    let mut parts = Vec::with_capacity(g.issues.len());
    let mut documents = 0;
    for (issue, inputs) in g.issues.iter().zip(issue_inputs) {
        let mut key = KeyBuilder::new("search-part");
        key.bytes(FORMAT.as_bytes())
            .key(inputs)
            .bytes(&(documents as u64).to_le_bytes());
        parts.push(Part {
            issue,
            first: documents,
            key: key.finish(),
        });
        documents += issue.documents.len();
    }
    if documents > index::MAX_DOCUMENTS {
        return Err(fail(format!(
            "{documents} documents are more than the search index can number ({})",
            index::MAX_DOCUMENTS
        )));
    }
    Ok(Plan {
        g,
        parts,
        documents,
    })
}

/// A problem of the index as a whole.
fn fail(msg: String) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(format!("{INDEX_DIR}/"), msg))
}

impl Plan<'_> {
    /// Writes the records of issue `i` (the gazette's `i`th), from the
    /// cache when its inputs have not changed, and returns the hash of
    /// their bytes. When they are made, from the issue's `text`, its words
    /// and texts are kept too, so that the buckets need not read the
    /// bodies again.
    pub fn write_part(
        &self,
        i: usize,
        cache: &Cache,
        out: &Staging,
        text: &IssueText,
    ) -> Result<String, Diagnostic> {
        let part = &self.parts[i];
        let name = format!("search/records/{}", part.issue.key());
        cache.get_or_make(
            &name,
            &part.key,
            out,
            || {
                let records = records(self.g, text.full()?);
                keep_words_and_texts(part, &records, cache);
                let mut hash = Xxh3::new();
                let files: Files = records
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let json = serde_json::to_vec(r).unwrap_or_default();
                        hash.update(&(json.len() as u64).to_le_bytes());
                        hash.update(&json);
                        (format!("{INDEX_DIR}/d/{}.json", part.first + i), json)
                    })
                    .collect();
                Ok((files, format!("{:016x}", hash.digest())))
            },
            |e| Diagnostic::cannot_write(format!("{INDEX_DIR}/"), e),
        )
    }

    /// Writes the bucket files and `meta.json`, after every issue's
    /// records ([`Plan::write_part`], whose hashes are `hashes`, in the
    /// order of the issues).
    pub fn write(
        self,
        site: &Site,
        cache: &Cache,
        out: &Staging,
        hashes: &[String],
    ) -> Result<Stats, Diagnostics> {
        let started = Instant::now();
        let (g, parts, documents) = (self.g, &self.parts, self.documents);
        // Each issue's Chinese words, and its texts as code points, kept until
        // 2026-12: the words are made from the texts now, kept as UTF-16.
        cache.discard("search/words");
        cache.discard("search/texts");
        let mut stats = Stats {
            documents,
            files: documents,
            ..Stats::default()
        };
        let mut tiers = Vec::new();
        for (t, tier_parts) in split_tiers(parts).into_iter().enumerate() {
            let (tier, files, made) = write_tier(site, g, t, tier_parts, cache, out)?;
            stats.files += files;
            stats.made += usize::from(made);
            tiers.push(tier);
        }
        stats.tiers = tiers.len();
        // Content only (no machine's binary in it): the same on any machine.
        let mut generation = Xxh3::new();
        generation.update(FORMAT.as_bytes());
        hashes.iter().for_each(|h| generation.update(h.as_bytes()));
        let mut years: Vec<(i32, usize)> = Vec::new();
        for p in parts {
            let year = p.issue.computed_number.roc_year;
            if years.last().is_none_or(|(y, _)| *y != year) {
                years.push((year, p.first));
            }
        }
        let meta = Meta {
            format: FORMAT,
            documents,
            generation: format!("{:016x}", generation.digest()),
            years,
            frequent: grams::FREQUENT,
            longest: grams::LONGEST,
            tiers,
        };
        let path = format!("{INDEX_DIR}/meta.json");
        out.write(&path, &serde_json::to_vec(&meta).unwrap_or_default())
            .map_err(|e| Diagnostics::from(Diagnostic::cannot_write(&path, e)))?;
        stats.files += 1;
        stats.seconds = started.elapsed().as_secs_f64();
        Ok(stats)
    }
}

/// The issues whose bucket files are made together: those of the latest
/// issue's ROC year, and (when there are any) all before them. A new
/// issue or an edit in the current year makes only the small tier again
/// and links the other from the build cache; an edit further back makes
/// the older tier again (and the newer when it moves its numbers), and
/// the first issue of a year makes both. A query reads each tier's bucket of
/// its word, so the split costs a download per word and tier.
fn split_tiers<'p, 'a>(parts: &'p [Part<'a>]) -> Vec<&'p [Part<'a>]> {
    let latest = parts.last().map(|p| p.issue.computed_number.roc_year);
    let cut = parts
        .iter()
        .position(|p| Some(p.issue.computed_number.roc_year) == latest)
        .unwrap_or(0);
    [&parts[..cut], &parts[cut..]]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect()
}

/// Writes tier `t`'s bucket files under `search-index/t<t>/`, from the
/// build cache when its issues are those it was made from (their keys say
/// where their numbers start too); what `meta.json` says of it, how many
/// files, and whether it was made.
fn write_tier(
    site: &Site,
    g: &Gazette,
    t: usize,
    parts: &[Part],
    cache: &Cache,
    out: &Staging,
) -> Result<(Tier, usize, bool), Diagnostic> {
    let mut key = KeyBuilder::new("search-tier");
    key.bytes(FORMAT.as_bytes());
    parts.iter().for_each(|p| {
        key.key(&p.key);
    });
    let key = key.finish();
    let name = format!("search/tier{t}");
    if let Some(tier) = cache
        .restore(&name, &key, out)
        .and_then(|meta| serde_json::from_value::<Tier>(meta).ok())
    {
        let files = tier.buckets + tier.grams.iter().sum::<usize>();
        return Ok((tier, files, false));
    }
    let (buckets, levels) = bucket_files(site, g, parts, cache)?;
    let first = parts.first().map_or(0, |p| p.first);
    let tier = Tier {
        first,
        documents: parts.iter().map(|p| p.issue.documents.len()).sum(),
        buckets: buckets.len(),
        grams: levels.iter().map(Vec::len).collect(),
    };
    let dirs = std::iter::once(("b".to_string(), buckets)).chain(
        levels
            .into_iter()
            .enumerate()
            .map(|(i, files)| (format!("g{}", i + 3), files)),
    );
    let mut files: Files = Vec::new();
    for (dir, buckets) in dirs {
        files.extend(
            buckets
                .into_iter()
                .enumerate()
                .map(|(n, bytes)| (format!("{INDEX_DIR}/t{t}/{dir}/{n}.bin"), bytes)),
        );
    }
    cache
        .store(
            &name,
            &key,
            &files,
            serde_json::to_value(&tier).unwrap_or_default(),
            out,
        )
        .map_err(|e| Diagnostic::cannot_write(format!("{INDEX_DIR}/t{t}/"), e))?;
    Ok((tier, files.len(), true))
}

/// The bytes of a folder's bucket files, by number.
type Buckets = Vec<Vec<u8>>;

/// The bucket files of `b/` (characters, pairs, other words, filters),
/// and of each length of phrase (`g3/` to `g8/`, [`grams`]), of some
/// issues, their documents numbered from 0. Made a few issues at a time
/// ([`index::Builder`]): `b/` from each issue's other words and texts
/// (kept in the build cache), then each length of phrase from the texts
/// and the beginnings the length before extended.
fn bucket_files(
    site: &Site,
    g: &Gazette,
    parts: &[Part],
    cache: &Cache,
) -> Result<(Buckets, Vec<Buckets>), Diagnostic> {
    // A batch: enough issues to keep both cores busy, few enough that
    // their words are small beside the index.
    const BATCH: usize = 64;
    let mut builder = index::Builder::default();
    for batch in parts.chunks(BATCH) {
        let (words, texts): (Vec<Vec<Words>>, Vec<Texts>) = batch
            .par_iter()
            .map(|p| part_words(site, g, p, cache))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .unzip();
        let texts: Vec<Text> = texts.iter().flat_map(borrowed).collect();
        builder.add(words.into_iter().flatten().collect(), &texts);
    }
    let mut extended = builder.frequent_pairs(grams::FREQUENT);
    let buckets = builder.finish().0;
    let mut levels = Vec::new();
    for len in 3..=grams::LONGEST {
        let mut level = grams::Level::new(len, extended);
        for batch in parts.chunks(BATCH) {
            let texts: Vec<Texts> = batch
                .par_iter()
                .map(|p| part_texts(site, g, p, cache))
                .collect::<Result<_, _>>()?;
            let texts: Vec<Text> = texts.iter().flat_map(borrowed).collect();
            level.add(&texts);
        }
        extended = level.extended();
        levels.push(level.files());
    }
    Ok((buckets, levels))
}

/// Each document's fields ([`fields`]) as [`grams::Runs`] with their
/// weights: what the longer words are made from, read back from the build
/// cache a batch of issues at a time for each length rather than held for
/// the whole archive.
type Texts = Vec<Vec<(grams::Runs, u32)>>;

/// What the index takes for each document of `texts`.
fn borrowed(texts: &Texts) -> Vec<Text<'_>> {
    texts
        .iter()
        .map(|doc| doc.iter().map(|(t, w)| (t.as_slice(), *w)).collect())
        .collect()
}

/// Texts as bytes for the build cache: per document its number of
/// fields, then each field's weight, its length in UTF-16 units and the
/// units (most Chinese characters take one, the rest two; half the bytes
/// of their code points, read back once for each length of phrase).
fn encode_texts(texts: &Texts) -> Vec<u8> {
    let mut out = Vec::new();
    for doc in texts {
        out.extend_from_slice(&(doc.len() as u32).to_le_bytes());
        for (runs, weight) in doc {
            out.extend_from_slice(&weight.to_le_bytes());
            let at = out.len();
            out.extend_from_slice(&0u32.to_le_bytes());
            let len = runs.write_utf16(&mut out);
            out[at..at + 4].copy_from_slice(&len.to_le_bytes());
        }
    }
    out
}

/// What [`encode_texts`] wrote; `None` for anything else.
fn decode_texts(mut bytes: &[u8]) -> Option<Texts> {
    use tokens::{take, u32_};
    let mut texts = Vec::new();
    while !bytes.is_empty() {
        let n = u32_(&mut bytes)?;
        let mut doc = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let weight = u32_(&mut bytes)? as u32;
            let len = u32_(&mut bytes)?;
            let units = take(&mut bytes, len.checked_mul(2)?)?;
            doc.push((grams::Runs::from_utf16(units)?, weight));
        }
        texts.push(doc);
    }
    Some(texts)
}

/// Where an issue's kept words or texts are in the build cache.
fn kept_name(kind: &str, part: &Part) -> String {
    format!("search/{kind}/{}", part.issue.key())
}

/// Keeps an issue's words and texts made from its records: of the words,
/// only those that are not Chinese ([`other_words`]), since the Chinese
/// ones are read from the texts ([`index::Builder::add`]) at a fraction
/// of the bytes. A cache that cannot be written only makes the buckets read
/// the bodies again.
fn keep_words_and_texts(part: &Part, records: &[Record], cache: &Cache) -> (Vec<Words>, Texts) {
    let words: Vec<Words> = records.iter().map(other_words).collect();
    let texts: Texts = records
        .iter()
        .map(|r| {
            fields(r)
                .into_iter()
                .map(|(t, w)| (grams::Runs::of(t), w))
                .collect()
        })
        .collect();
    let _ = cache.save(
        &kept_name("other-words", part),
        &part.key,
        &Words::encode(&words),
    );
    let _ = cache.save(&kept_name("runs", part), &part.key, &encode_texts(&texts));
    (words, texts)
}

/// An issue's kept words or texts (`kind`, read by `decode`): kept by
/// [`Plan::write_part`] in this build or, when its inputs have not changed, an
/// earlier one; else made again from the issue's bodies (`pick` takes
/// the kind from what is made).
fn part_kept<T>(
    (site, g, part, cache): (&Site, &Gazette, &Part, &Cache),
    kind: &str,
    decode: fn(&[u8]) -> Option<Vec<T>>,
    pick: fn((Vec<Words>, Texts)) -> Vec<T>,
) -> Result<Vec<T>, Diagnostic> {
    match cache
        .load_made(&kept_name(kind, part), &part.key)
        .and_then(|b| decode(&b))
    {
        Some(kept) if kept.len() == part.issue.documents.len() => Ok(kept),
        _ => {
            let issue = crate::content::with_bodies(site, part.issue)?;
            Ok(pick(keep_words_and_texts(part, &records(g, &issue), cache)))
        }
    }
}

/// An issue's documents' words other than Chinese ones, and their texts
/// ([`part_kept`]).
fn part_words(
    site: &Site,
    g: &Gazette,
    part: &Part,
    cache: &Cache,
) -> Result<(Vec<Words>, Texts), Diagnostic> {
    let other = part_kept((site, g, part, cache), "other-words", Words::decode, |m| {
        m.0
    })?;
    Ok((other, part_texts(site, g, part, cache)?))
}

/// An issue's documents' texts ([`part_kept`]).
fn part_texts(site: &Site, g: &Gazette, part: &Part, cache: &Cache) -> Result<Texts, Diagnostic> {
    part_kept((site, g, part, cache), "runs", decode_texts, |m| m.1)
}

/// An issue's records, in the index's order: by date, then as the issue
/// lists them.
fn records<'a>(g: &Gazette, issue: &'a Issue) -> Vec<Record<'a>> {
    let mut docs: Vec<&Document> = issue.documents.iter().collect();
    docs.sort_by_key(|d| d.date);
    docs.into_iter().map(|d| record(g, issue, d)).collect()
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
        title_en: doc.title_en.as_deref(),
        category: &doc.category,
        agency: doc.agency_names(),
        agencies: &doc.agencies,
        number: &doc.doc_number,
        date: roc_long(doc.date),
        effective: doc.effective.map(roc_long),
        comment_until: doc.comment_until.map(roc_long),
        keywords: &doc.keywords,
        issue: format!("{}{}", g.name, issue.full_number()),
        issue_url: urls::issue(issue.date),
        year: format!("{}年", issue.computed_number.roc_year),
        text,
    }
}

/// The text a document is found by, with how much each occurrence counts:
/// its title and English title and keywords (most), agencies, number and
/// text.
fn fields<'a>(r: &'a Record) -> Vec<(&'a str, u32)> {
    let mut fields = vec![(r.title, TITLE_WEIGHT)];
    fields.extend(r.title_en.map(|en| (en, TITLE_WEIGHT)));
    fields.extend(r.keywords.iter().map(|k| (k.as_str(), TITLE_WEIGHT)));
    fields.push((&r.agency, FIELD_WEIGHT));
    fields.push((r.number, FIELD_WEIGHT));
    fields.push((&r.text, FIELD_WEIGHT));
    fields
}

/// The words a document is found by ([`fields`]) other than Chinese
/// characters and pairs, and its filters' values (its category, each
/// agency of a joint document). Years need no words: `meta.json` maps
/// them to ranges of document numbers.
fn other_words(r: &Record) -> Words {
    let mut counts = Counts::default();
    for (text, weight) in fields(r) {
        counts.add_other(text, weight);
    }
    counts.filter('c', r.category);
    for a in r.agencies {
        counts.filter('a', a);
    }
    counts.words()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_titles_keywords_and_every_agency_are_words() {
        let agencies = vec![
            "臺中市政府民政局".to_string(),
            "臺中市政府警察局".to_string(),
        ];
        let keywords = vec!["停車".to_string()];
        let r = Record {
            url: "/gazette/2026-11-15/a/".into(),
            title: "公告",
            title_en: Some("Amendment to the Parking Fee Standards"),
            category: "公告",
            agency: agencies.join("、"),
            agencies: &agencies,
            number: "府授字第1號",
            date: "中華民國115年11月10日".into(),
            effective: None,
            comment_until: Some("中華民國115年12月20日".into()),
            keywords: &keywords,
            issue: "臺中市政府公報115年冬字第3期".into(),
            issue_url: "/gazette/2026-11-15/".into(),
            year: "115年".into(),
            text: String::new(),
        };
        let w = other_words(&r);
        let has = |word: &str| w.text.iter().any(|(t, _)| t == word);
        assert!(has("amendment") && has("parking"), "{:?}", w.text);
        assert!(has("#a臺中市政府民政局") && has("#a臺中市政府警察局"));
        // Chinese words come from the fields' texts: the keyword, as strong
        // as a title.
        assert!(fields(&r).contains(&("停車", TITLE_WEIGHT)));
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"comment_until\":\"中華民國115年12月20日\""));
        assert!(json.contains("\"title_en\":\"Amendment"));
        assert!(!json.contains("effective"), "absent dates are left out");
    }

    #[test]
    fn kept_texts_come_back_from_their_bytes_and_nothing_else_does() {
        let texts: Texts = vec![
            vec![
                (grams::Runs::of("公告：停車𠀋收費"), 10),
                (grams::Runs::of(""), 1),
            ],
            vec![],
            vec![(grams::Runs::of("ABC、臺中"), 1)],
        ];
        let bytes = encode_texts(&texts);
        assert_eq!(decode_texts(&bytes), Some(texts));
        assert_eq!(decode_texts(&bytes[..bytes.len() - 1]), None, "cut short");
        // A lone surrogate, and a character that is not Chinese, are refused.
        let one = |unit: u16| {
            let mut b = vec![1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];
            b.extend_from_slice(&unit.to_le_bytes());
            b
        };
        assert!(decode_texts(&one(0x516c)).is_some(), "公");
        assert_eq!(decode_texts(&one(0xd840)), None);
        assert_eq!(decode_texts(&one(0xdc00)), None);
        assert_eq!(decode_texts(&one(u16::from(b'A'))), None);
    }
}
