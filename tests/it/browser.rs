//! The pages in a real browser: the valid fixture built (without PDFs),
//! served on 127.0.0.1 by a tiny static server, and driven in the system's
//! Chromium by the playwright-core scripts in `tests/browser/`: the search
//! page (munipub's own index, Chinese words, filters, excerpts) and the phone
//! directory's filter.
//!
//! Needs Node.js, `npm ci --prefix tests/browser` and Debian's `chromium`
//! (`.ci/run` installs them); without them these tests fail and say so.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use common::static_server::StaticServer;
use common::{build, copy_dir, fixture};

const PARKING: &str = "/gazette/2026-02-28/01-parking-fee-rules/";
const LANTERN: &str = "/gazette/2026-02-28/02-lantern-traffic/";
const VENUE: &str = "/gazette/2026-11-15/03-venue-rules-crlf/";
const FUNERAL: &str = "/gazette/2026-11-15/01-funeral-fees/";
const PERSONNEL: &str = "/gazette/2026-11-15/02-personnel/";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Fails with what to install when Node.js, playwright-core or Chromium is
/// missing: CI installs them, so a missing one is a broken setup, not a skip.
fn check_tools() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "the browser tests need Node.js (>= 20) on the PATH: apt-get install nodejs npm, \
         then npm ci --prefix tests/browser ({node:?})"
    );
    assert!(
        browser_dir()
            .join("node_modules/playwright-core/package.json")
            .is_file(),
        "the browser tests need playwright-core: run `npm ci --prefix tests/browser`"
    );
    let chromium = std::env::var("MUNIPUB_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "the browser tests need Chromium at {chromium}: apt-get install chromium \
         (or set MUNIPUB_CHROMIUM)"
    );
}

/// The valid fixture built with `extra` arguments into a fixed folder under
/// Cargo's test temp folder (rebuilt on each test run), and served.
fn serve_site(name: &str, extra: &[&str], prefix: &str) -> StaticServer {
    serve_edited_site(name, extra, prefix, |_| {})
}

/// [`serve_site`] of the valid fixture after `edit` of its folder.
fn serve_edited_site(
    name: &str,
    extra: &[&str],
    prefix: &str,
    edit: impl FnOnce(&Path),
) -> StaticServer {
    check_tools();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let root = dir.join("site");
    copy_dir(&fixture("valid"), &root);
    edit(&root);
    let out = dir.join("public");
    let mut args = vec!["--no-pdf"];
    args.extend_from_slice(extra);
    let run = build(&root, &out, &args);
    assert_eq!(run.code, 0, "the valid site builds:\n{}", run.stderr);
    StaticServer::start(&out, prefix)
}

/// The valid fixture at the root of its host, built once for all tests.
fn site() -> &'static StaticServer {
    static SITE: OnceLock<StaticServer> = OnceLock::new();
    SITE.get_or_init(|| serve_site("root", &[], "/"))
}

/// Runs `node tests/browser/SCRIPT URL ARGS…`; its JSON, with no page
/// errors (script errors, failed requests, HTTP errors).
fn node(script: &str, url: &str, args: &[&str]) -> Vec<Value> {
    let output = Command::new("node")
        .arg(browser_dir().join(script))
        .arg(url)
        .args(args)
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "node {script} {url} {args:?} failed:\n{stderr}"
    );
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("node {script} prints JSON ({e}):\n{stderr}"));
    let errors = json["errors"].as_array().cloned().unwrap_or_default();
    assert!(
        errors.is_empty(),
        "the page had errors during {args:?}:\n{errors:#?}"
    );
    json["snapshots"].as_array().cloned().unwrap_or_default()
}

/// Searches: `steps` for tests/browser/search.mjs.
fn search(server: &StaticServer, steps: &[&str]) -> Vec<Value> {
    node("search.mjs", &server.url, steps)
}

/// The result links of a snapshot.
fn hrefs(snapshot: &Value) -> Vec<String> {
    results(snapshot)
        .iter()
        .map(|r| r["href"].as_str().unwrap_or("").to_string())
        .collect()
}

fn results(snapshot: &Value) -> Vec<Value> {
    snapshot["results"].as_array().cloned().unwrap_or_default()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

#[test]
fn search_finds_documents_by_any_chinese_words_they_contain() {
    let cases: &[(&str, &[&str])] = &[
        ("停車", &[PARKING]),
        ("領標", &[VENUE]),
        ("燈會", &[LANTERN]),
        ("巡檢", &[FUNERAL]),
        // Latin digits and Chinese in one query.
        ("2026臺中燈會", &[LANTERN]),
        // The number of a document number, and the whole document number.
        ("1150012345", &[PARKING]),
        ("府授交停字第1150012345號", &[PARKING]),
        // Two characters the segmenter puts in different words
        // (臺中市|立場|館).
        ("市立", &[VENUE]),
        // The agency.
        ("運動局", &[VENUE]),
        // Both words, in either document.
        ("收費", &[FUNERAL, PARKING]),
        ("殯葬 巡檢", &[FUNERAL]),
        // The phrase, not its words apart: 收費 is in both documents,
        // 收費標準 in one.
        ("收費標準", &[PARKING]),
        // Full-width digits as typed with a Chinese input method.
        ("１１５００１２３４５", &[PARKING]),
        // Words in no document find nothing, though their first character
        // is in some (a search by single characters would answer 停 for 停電).
        ("停電", &[]),
        ("不存在的詞彙", &[]),
    ];
    let mut steps = vec!["open".to_string()];
    steps.extend(cases.iter().map(|(q, _)| format!("type:{q}")));
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let snaps = search(site(), &steps);
    assert!(
        snaps[0]["filters_visible"].as_bool().unwrap_or(false),
        "the filters show once the index is loaded"
    );
    for ((query, expected), snap) in cases.iter().zip(&snaps[1..]) {
        let mut got = hrefs(snap);
        got.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(
            got,
            want,
            "«{query}» finds {want:?}; status: {}",
            text(snap, "status")
        );
        if expected.is_empty() {
            assert!(
                text(snap, "status").contains("找不到"),
                "«{query}»: the status says nothing was found: {}",
                text(snap, "status")
            );
        } else {
            assert!(
                text(snap, "status").contains(&format!("共找到 {} 則", expected.len())),
                "«{query}»: the status counts the results: {}",
                text(snap, "status")
            );
        }
    }
}

#[test]
fn search_finds_phrases_exactly_common_rare_and_long() {
    // An issue of 24 documents in 2027 (the index's newest tier, alone): 18
    // have 公共安全巡檢作業要點 (so the tier keeps 公共安全巡檢 as a word of
    // its own: more than 16 documents have each of its beginnings), 4 have
    // 公共安全 and 安全巡檢 apart, and one has every pair of 收費標準 but not
    // the phrase. And an issue in 2026 (the older tier, with the fixture's
    // documents and 收費標準) whose 3 documents have the phrase: too few to
    // be a word there, so they are checked against their records.
    let server = serve_edited_site("phrases", &[], "/", |root| {
        let older = root.join("content/gazette/2026-12-15");
        std::fs::create_dir_all(&older).unwrap();
        for i in 0..3 {
            let doc = format!(
                "---\ntitle: 舊公告第{i}號\ncategory: 公告\nagency: 臺中市政府秘書處\n\
                 doc_number: 府授秘字第11400{i:05}號\ndate: 2026-12-10\n---\n\
                 主旨：修正公共安全巡檢作業要點。\n"
            );
            std::fs::write(older.join(format!("{i:02}-old.md")), doc).unwrap();
        }
        let issue = root.join("content/gazette/2027-01-15");
        std::fs::create_dir_all(&issue).unwrap();
        for i in 0..24 {
            let body = match i {
                0..18 => "主旨：訂定公共安全巡檢作業要點，自即日起實施。",
                18..22 => "主旨：加強公共安全宣導；另定期辦理設備安全巡檢。",
                22 => "主旨：停車收費標示與經費標列，一併公告。",
                _ => LONG_RUN,
            };
            let doc = format!(
                "---\ntitle: 公告事項第{i}號\ncategory: 公告\nagency: 臺中市政府秘書處\n\
                 doc_number: 府授秘字第11500{i:05}號\ndate: 2026-12-10\n---\n{body}\n"
            );
            std::fs::write(issue.join(format!("{i:02}-notice.md")), doc).unwrap();
        }
    });
    let snaps = search(
        &server,
        &[
            "open",
            "type:公共安全巡檢",
            "type:公共安全巡檢作業要點",
            "type:收費標準",
            "type:安全巡檢",
            "type:設備安全巡檢",
            "open",
            &format!("type:{LONG_RUN}"),
        ],
    );
    let status = |i: usize| text(&snaps[i], "status").to_string();
    assert!(status(1).contains("共找到 21 則"), "{}", status(1));
    assert!(status(2).contains("共找到 21 則"), "{}", status(2));
    assert_eq!(hrefs(&snaps[3]), [PARKING], "收費標準: {}", status(3));
    assert!(status(4).contains("共找到 25 則"), "{}", status(4));
    assert!(status(5).contains("共找到 4 則"), "{}", status(5));
    // The common phrase is one word of the newest tier's g6/: its bucket,
    // the older tier's few candidates and the ten records shown, not every
    // pair's documents.
    let files: Vec<&str> = snaps[1]["index_bytes"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(files.iter().any(|f| f.contains("/t1/g6/")), "{files:?}");
    assert!(files.iter().any(|f| f.contains("/t0/b/")), "{files:?}");
    let records = files.iter().filter(|f| f.contains("/d/")).count();
    assert!((10..=16).contains(&records), "{records}: {files:?}");
    // A pasted sentence of 54 characters (8 pieces): found exactly, from
    // its first piece's buckets (up to 7 a tier) and the few documents
    // having it, checked for the whole sentence. (How much this saves
    // shows on a large index only: BENCHMARKS.md.)
    assert!(status(7).contains("共找到 1 則"), "{}", status(7));
    let buckets = snaps[7]["index_bytes"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|f| f.contains("/t0/") || f.contains("/t1/"))
        .count();
    assert!(buckets <= 14, "{buckets} bucket files for one sentence");
}

/// One run of 54 Chinese characters, no punctuation: a pasted sentence.
const LONG_RUN: &str = "本府為提升市民生活環境品質並落實各項服務措施之推動特訂定本辦法以資遵循並請各機關學校配合辦理相關事宜以利執行";

#[test]
fn search_results_show_title_issue_date_and_highlighted_excerpt() {
    let snaps = search(site(), &["open", "type:停車"]);
    let result = &results(&snaps[1])[0];
    assert_eq!(
        text(result, "title"),
        "修正「臺中市公有路外停車場收費標準」第三條"
    );
    assert_eq!(text(result, "href"), PARKING);
    let meta = text(result, "meta");
    for part in [
        "臺中市政府公報115年春字第4期",
        "中華民國115年2月20日",
        "臺中市政府交通局",
        "府授交停字第1150012345號",
        "法規",
    ] {
        assert!(meta.contains(part), "the result line shows {part}: {meta}");
    }
    let excerpt = text(result, "excerpt_html");
    assert!(
        excerpt.contains("<mark>"),
        "the excerpt highlights the match: {excerpt}"
    );
    let marks: Vec<&str> = result["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m.contains("停車")),
        "the highlighted words are the match: {marks:?}"
    );
    assert!(
        !excerpt.contains('\u{200b}'),
        "no zero-width spaces in the excerpt"
    );
}

#[test]
fn search_filters_narrow_the_results() {
    let snaps = search(
        site(),
        &[
            "open",
            "type:收費",
            "filter:category=公告",
            "filter:category=",
            "filter:agency=臺中市政府交通局",
            "filter:agency=",
            "filter:from=115",
            "sort:newest",
            "filter:from=",
            // A filter alone, without words, lists its documents.
            "type:",
            "filter:category=人事",
            "filter:category=",
            // A range of years alone: every document of those years.
            "filter:to=115",
        ],
    );
    let options = &snaps[0]["filter_options"];
    let values = |k: &str| -> Vec<String> {
        options[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let mut categories = values("category");
    categories.sort();
    assert_eq!(
        categories,
        ["人事", "令", "公告", "法規"],
        "used categories"
    );
    assert_eq!(values("from"), ["115"], "the years of issues");
    assert_eq!(values("to"), ["115"]);
    assert_eq!(values("agency").len(), 4, "{:?}", values("agency"));

    assert_eq!(hrefs(&snaps[1]).len(), 2, "收費 alone");
    assert_eq!(hrefs(&snaps[2]), [FUNERAL], "收費 in 公告");
    assert!(
        text(&snaps[2], "address").contains("category="),
        "the filter is kept in the address: {}",
        text(&snaps[2], "address")
    );
    assert_eq!(hrefs(&snaps[3]).len(), 2, "all categories again");
    assert_eq!(hrefs(&snaps[4]), [PARKING], "收費 from the 交通局");
    assert_eq!(hrefs(&snaps[6]).len(), 2, "收費 from 115年 on");
    assert!(
        text(&snaps[6], "address").contains("from=115"),
        "the range is kept in the address"
    );
    let downloaded = snaps[6]["index_bytes"]["files"].as_array().unwrap();
    assert!(
        downloaded.is_empty(),
        "the range of years costs no download: {downloaded:?}"
    );
    assert_eq!(
        hrefs(&snaps[7]),
        [FUNERAL, PARKING],
        "newest first: 115.11.09 before 115.02.20"
    );
    assert!(
        hrefs(&snaps[9]).is_empty(),
        "no words, no filter: no results"
    );
    assert_eq!(hrefs(&snaps[10]), [PERSONNEL], "人事 alone");
    let all = hrefs(&snaps[12]);
    assert!(
        all.len() >= 5 && all.contains(&PERSONNEL.to_string()),
        "up to 115年: every document, newest first: {all:?}"
    );
}

#[test]
fn search_reads_the_query_from_the_address() {
    // The header and home page search boxes submit to /search/?q=….
    let snaps = search(site(), &["open:?q=燈會", "open:?q=收費&category=法規"]);
    assert_eq!(text(&snaps[0], "query"), "燈會", "the box shows the query");
    assert_eq!(hrefs(&snaps[0]), [LANTERN]);
    assert_eq!(hrefs(&snaps[1]), [PARKING], "the filter from the address");
}

#[test]
fn search_works_under_a_sub_path() {
    let server = serve_site(
        "sub",
        &["--base-url", "https://x.example/publications/"],
        "/publications/",
    );
    let snaps = search(&server, &["open", "type:燈會"]);
    assert_eq!(
        hrefs(&snaps[1]),
        [format!("/publications{LANTERN}")],
        "results link under the sub-path"
    );
    let files = snaps[0]["index_bytes"]["files"].as_array().unwrap();
    assert!(
        files.iter().any(|f| f
            .as_str()
            .unwrap()
            .starts_with("/publications/search-index/")),
        "the index loads from under the sub-path: {files:?}"
    );
}

#[test]
fn directory_filter_narrows_rows_as_you_type() {
    let snaps = node(
        "directory.mjs",
        &site().url,
        &["巡檢", "1999", "中區", "22289111", "沒有這個單位"],
    );
    let rows = |i: usize| -> Vec<String> {
        snaps[i]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    let all = rows(0).len();
    assert!(
        snaps[0]["filter_box_visible"].as_bool().unwrap(),
        "the filter box shows with JavaScript"
    );
    assert!(all >= 6, "every row shows before typing: {all}");
    assert!(
        text(&snaps[0], "status").contains(&all.to_string()),
        "the status counts the rows: {}",
        text(&snaps[0], "status")
    );

    let patrol = rows(1);
    assert!(
        patrol.iter().any(|r| r.contains("公共安全巡檢值班")) && patrol.len() < all,
        "巡檢 shows the patrol contact (and its unit): {patrol:?}"
    );
    assert!(
        patrol.iter().any(|r| r.contains("事務管理科")),
        "the contact's unit row stays for context: {patrol:?}"
    );
    let hotline = rows(2);
    assert!(
        hotline.iter().any(|r| r.contains("市民當家熱線")) && hotline.len() < all,
        "1999 finds the hotline: {hotline:?}"
    );
    let district: Vec<String> = snaps[3]["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(district.len(), 1, "中區 leaves one agency: {district:?}");
    assert!(district[0].contains("中區區公所"), "{district:?}");
    assert!(
        !rows(4).is_empty() && rows(4).len() < all,
        "a number without dashes finds 04-2228-9111: {:?}",
        rows(4)
    );
    assert!(rows(5).is_empty(), "nothing matches: {:?}", rows(5));
    assert!(
        snaps[5]["empty_notice"].as_bool().unwrap(),
        "the nothing-found notice shows"
    );
}
