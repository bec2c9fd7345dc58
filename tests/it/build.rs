//! `munipub build` on the valid fixture, asserting what a citizen or an
//! editor would notice in the output; and `munipub new`.

use crate::common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::{TempSite, assert_same_tree, attr_values, build, h1, munipub, text_of, tree};

/// A copy of the valid fixture built into `public/` beside it.
struct Built {
    site: TempSite,
    out: PathBuf,
}

impl Built {
    fn new() -> Built {
        Built::with_args(&[])
    }

    fn with_args(extra: &[&str]) -> Built {
        Built::of("valid", extra)
    }

    /// The fixture `tests/fixtures/<fixture>` built with `extra` arguments.
    fn of(fixture: &str, extra: &[&str]) -> Built {
        let site = TempSite::copy_of(fixture);
        let out = site.out("public");
        let run = build(&site.root, &out, extra);
        assert_eq!(run.code, 0, "the {fixture} site builds:\n{}", run.stderr);
        Built { site, out }
    }

    /// An output file as text, e.g. `gazette/2026-11-15/index.html`.
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel))
            .unwrap_or_else(|e| panic!("{rel} is in the output: {e}"))
    }

    /// The HTML of the page at `url` (`/gazette/2026-11-15/`).
    fn page(&self, url: &str) -> String {
        self.read(&format!("{}index.html", url.trim_start_matches('/')))
    }

    fn has(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }

    /// Links and image sources of every page that do not lead to a file of
    /// the output, for a site deployed at `base_path` (`/` or `/sub/`):
    /// one line per URL, with the number of pages linking to it.
    fn broken_links(&self, base_path: &str) -> Vec<String> {
        let mut broken: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, html) in self.html_files() {
            let dir = Path::new(&path)
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf();
            for url in ["href", "src", "action"]
                .iter()
                .flat_map(|a| attr_values(&html, a))
            {
                if url.contains(':') || url.starts_with('#') || url.starts_with("//") {
                    continue; // other sites, tel:, in-page links
                }
                let url = url.split(['#', '?']).next().unwrap_or(url);
                let decoded = common::static_server::percent_decode(url);
                let target = if decoded.starts_with('/') {
                    match decoded.strip_prefix(base_path) {
                        Some(rest) => PathBuf::from(rest),
                        None => PathBuf::from("../outside-the-site"),
                    }
                } else {
                    dir.join(&decoded)
                };
                let file = if decoded.ends_with('/') || decoded.is_empty() {
                    target.join("index.html")
                } else {
                    target
                };
                if !self.out.join(&file).is_file() {
                    let pages = broken.entry(url.to_string()).or_default();
                    if !pages.contains(&path) {
                        pages.push(path.clone());
                    }
                }
            }
        }
        broken
            .iter()
            .map(|(url, pages)| format!("{url} (on {} pages, e.g. {})", pages.len(), pages[0]))
            .collect()
    }

    /// Every HTML file of the output, by relative path.
    fn html_files(&self) -> Vec<(String, String)> {
        tree(&self.out)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b).expect("HTML is UTF-8")))
            .collect()
    }
}

const FEB_ISSUE: &str = "/gazette/2026-02-28/";
const NOV_ISSUE: &str = "/gazette/2026-11-15/";
const RULES_DOC: &str = "/gazette/2026-02-28/01-parking-fee-rules/";
const SCRIPT_DOC: &str = "/gazette/2026-02-28/02-lantern-traffic/";
const CRLF_DOC: &str = "/gazette/2026-11-15/03-venue-rules-crlf/";
const CRLF_SOURCE: &str = "content/gazette/2026-11-15/03-venue-rules-crlf.md";

/// The text of the document body, as a reader sees (and copies) it.
fn body_text(html: &str) -> String {
    let start = html.find("<main").expect("the page has a <main> element");
    let end = html.find("</main>").expect("<main> is closed");
    text_of(&html[start..end])
}

#[test]
fn the_crlf_fixture_keeps_its_bom_and_crlf() {
    let bytes = std::fs::read(common::fixture(&format!("valid/{CRLF_SOURCE}"))).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "{CRLF_SOURCE} starts with a UTF-8 BOM (check tests/.gitattributes)"
    );
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "{CRLF_SOURCE} has CRLF line ends (check tests/.gitattributes)"
    );
}

#[test]
fn issue_pages_show_the_issue_number_and_roc_date() {
    let b = Built::new();
    let feb = b.page(FEB_ISSUE);
    assert!(
        h1(&feb).contains("115年春字第4期"),
        "2026-02-28 is 115年春字第4期 (the 30th falls on February's last day): {}",
        h1(&feb)
    );
    assert!(
        feb.contains("中華民國115年2月28日"),
        "the February issue shows its ROC date"
    );
    let nov = b.page(NOV_ISSUE);
    assert!(
        h1(&nov).contains("115年冬字第3期"),
        "2026-11-15 is 115年冬字第3期: {}",
        h1(&nov)
    );
    assert!(
        nov.contains("中華民國115年11月15日"),
        "the November issue shows 中華民國115年11月15日"
    );
}

#[test]
fn issue_page_lists_its_documents_by_category() {
    let b = Built::new();
    let html = b.page(NOV_ISSUE);
    let headings: Vec<String> = html
        .split("<h2")
        .skip(1)
        .filter_map(|h| {
            Some(
                text_of(&h[h.find('>')? + 1..h.find("</h2>")?])
                    .trim()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        headings,
        ["令", "公告", "人事"],
        "the issue's sections follow the categories' order"
    );
    let nov = body_text(&html);
    for title in [
        "訂定「臺中市立場館使用管理要點」",
        "公告本市殯葬設施使用收費基準",
        "本府人事任免令",
    ] {
        assert!(nov.contains(title), "the issue page lists {title}");
    }
}

#[test]
fn document_page_uses_the_official_list_markers_as_text() {
    let b = Built::new();
    let text = body_text(&b.page(RULES_DOC));
    for (marker, item) in [
        ("一、", "修正條文如下"),
        ("二、", "收費時段如下表"),
        ("（一）", "小型車每小時收費"),
        ("（二）", "機車每次收費"),
        ("1、", "未滿半小時者"),
        ("2、", "逾半小時未滿一小時者"),
    ] {
        let expected = format!("{marker}{item}");
        let found = text.contains(&expected)
            || text.contains(&format!("{marker} {item}"))
            || text.contains(&format!("{marker}\n{item}"));
        assert!(found, "the item reads 「{expected}」 as text");
    }
}

#[test]
fn document_page_has_the_table_with_header_cells() {
    let b = Built::new();
    let html = b.page(RULES_DOC);
    assert!(
        html.contains("<th scope=\"col\""),
        "table headers are <th scope=\"col\">"
    );
    let text = body_text(&html);
    for cell in ["停車場", "收費時段", "市政停車場", "30 元"] {
        assert!(text.contains(cell), "the table shows {cell}");
    }
}

#[test]
fn document_page_has_the_footnote() {
    let b = Built::new();
    let html = b.page(RULES_DOC);
    let text = body_text(&html);
    assert!(
        text.contains("本標準於中華民國115年2月20日修正發布"),
        "the footnote's text is on the page"
    );
    assert!(
        !text.contains("[^1]"),
        "the footnote syntax does not leak into the page"
    );
}

#[test]
fn document_image_is_copied_beside_the_page() {
    let b = Built::new();
    let html = b.page(RULES_DOC);
    let img = attr_values(&html, "src")
        .into_iter()
        .find(|s| s.ends_with("map.png"))
        .expect("the page shows the image map.png");
    let dir = b.out.join(RULES_DOC.trim_start_matches('/'));
    let file = if let Some(abs) = img.strip_prefix('/') {
        b.out.join(abs)
    } else {
        dir.join(img)
    };
    let source = b
        .site
        .path("content/gazette/2026-02-28/01-parking-fee-rules/map.png");
    assert_eq!(
        std::fs::read(&file).unwrap_or_default(),
        std::fs::read(source).unwrap(),
        "the image {img} resolves to a copy of the attachment"
    );
    assert!(
        b.has("gazette/2026-02-28/01-parking-fee-rules/map.png"),
        "the image sits beside the page"
    );
    assert!(
        html.contains("alt=\"市政停車場位置圖\""),
        "the image keeps its alt text"
    );
    assert!(
        body_text(&html).contains("停車場位置圖"),
        "the attachment is listed by its title"
    );
}

/// An attachment that is a link to another file inside content/ (which
/// `check` accepts) is published as a copy of that file: it used to be
/// left out, so the page showed a broken image.
#[cfg(unix)]
#[test]
fn an_attachment_linked_inside_the_content_is_published_as_a_copy() {
    let site = TempSite::copy_of("valid");
    let folder = site.path("content/gazette/2026-02-28/01-parking-fee-rules");
    std::fs::rename(folder.join("map.png"), folder.join("map-original.png")).unwrap();
    std::os::unix::fs::symlink("map-original.png", folder.join("map.png")).unwrap();
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = out.join("gazette/2026-02-28/01-parking-fee-rules/map.png");
    let meta = std::fs::symlink_metadata(&published).expect("map.png is published");
    assert!(meta.is_file(), "a regular file, not a link: {meta:?}");
    assert_eq!(
        std::fs::read(&published).unwrap(),
        std::fs::read(folder.join("map-original.png")).unwrap(),
        "with the linked file's bytes"
    );
}

#[test]
fn raw_html_in_markdown_is_escaped() {
    let b = Built::new();
    let html = b.page(SCRIPT_DOC);
    assert!(
        !html.contains("<script>alert"),
        "the <script> of the document body is not executed"
    );
    assert!(
        html.contains("&lt;script&gt;"),
        "the <script> shows as text"
    );
    assert!(
        body_text(&html).contains("市民當家熱線 1999"),
        "the text after it is kept"
    );
}

#[test]
fn bom_and_crlf_document_renders_cleanly() {
    let b = Built::new();
    let html = b.page(CRLF_DOC);
    assert_eq!(
        h1(&html),
        "訂定「臺中市立場館使用管理要點」",
        "the title is read despite the BOM"
    );
    assert!(!html.contains('\u{feff}'), "no BOM character in the page");
    assert!(!html.contains('\r'), "no carriage return in the page");
    let text = body_text(&html);
    assert!(
        text.contains("一、場館開放時間") && text.contains("（一）平日上午八時"),
        "its nested list is numbered officially"
    );
    assert!(
        text.contains("中華民國115年11月12日"),
        "its date is read from the CRLF front matter"
    );
}

#[test]
fn directory_page_has_tel_links() {
    let b = Built::new();
    let html = b.page("/directory/");
    let tels: Vec<&str> = attr_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("tel:"))
        .collect();
    assert!(!tels.is_empty(), "numbers are tel: links");
    for tel in [
        "tel:1999",
        "tel:0800-022-128",
        "tel:+886-912-345-678",
        "tel:+886-4-2228-9111",
    ] {
        assert!(
            tels.contains(&tel),
            "the directory links {tel}; has {tels:?}"
        );
    }
    let text = body_text(&html);
    for shown in ["1999", "0800-022-128", "0912-345-678", "11230", "11237"] {
        assert!(text.contains(shown), "the directory shows {shown}");
    }
    for agency in ["臺中市政府秘書處", "臺中市中區區公所"] {
        assert!(text.contains(agency), "the directory lists {agency}");
    }
}

#[test]
fn couplets_page_shows_the_year_and_zodiac() {
    let b = Built::new();
    let html = b.page("/couplets/2026/");
    let text = body_text(&html);
    assert!(text.contains("丙午"), "2026 is 丙午");
    assert!(text.contains("馬"), "2026 is the year of the horse 馬");
    for line in ["駿馬奔騰迎盛世", "春風浩蕩展新程", "馬到成功"] {
        assert!(
            text.contains(line),
            "the couplet text {line} is on the page"
        );
    }
}

#[test]
fn every_page_is_accessible_chinese() {
    let b = Built::new();
    let pages = b.html_files();
    assert!(pages.len() >= 10, "the site has its pages: {}", pages.len());
    for (path, html) in &pages {
        assert!(
            html.contains("<html lang=\"zh-Hant-TW\""),
            "{path}: lang=\"zh-Hant-TW\""
        );
        let body = &html[html.find("<body").unwrap_or(0)..];
        let first_link = attr_values(body, "href").first().copied();
        assert_eq!(
            first_link,
            Some("#main"),
            "{path}: the first link is the skip link to #main"
        );
        assert!(html.contains("id=\"main\""), "{path}: #main exists");
        for key in ["U", "C", "Z"] {
            assert!(
                html.contains(&format!("accesskey=\"{key}\"")),
                "{path}: accesskey=\"{key}\""
            );
        }
    }
}

#[test]
fn in_page_links_point_at_existing_ids() {
    let b = Built::new();
    for (path, html) in b.html_files() {
        let ids = attr_values(&html, "id");
        for href in attr_values(&html, "href") {
            if let Some(id) = href.strip_prefix('#') {
                assert!(ids.contains(&id), "{path}: the link to #{id} has a target");
            }
        }
    }
}

#[test]
fn site_links_point_at_existing_files() {
    let b = Built::new();
    let broken = b.broken_links("/");
    assert!(
        broken.is_empty(),
        "links to missing files:\n{}",
        broken.join("\n")
    );
}

#[test]
fn category_agency_and_plain_pages_exist() {
    let b = Built::new();
    let category = body_text(&b.page("/gazette/categories/公告/"));
    for title in [
        "公告「2026臺中燈會」活動期間交通管制措施",
        "公告本市殯葬設施使用收費基準",
    ] {
        assert!(category.contains(title), "the 公告 page lists {title}");
    }
    assert!(
        !category.contains("本府人事任免令"),
        "the 公告 page does not list the 人事 document"
    );
    let agency = body_text(&b.page("/gazette/agencies/臺中市政府交通局/"));
    assert!(
        agency.contains("修正「臺中市公有路外停車場收費標準」第三條"),
        "the 交通局 page lists its documents"
    );
    assert!(b.has("gazette/index.html"), "the archive exists");
    assert!(b.has("gazette/2026/index.html"), "the 2026 archive exists");
    assert!(
        h1(&b.page("/about/")).contains("關於本站"),
        "pages/about.md is served at /about/"
    );
    assert!(b.has("index.html"), "the home page exists");
}

#[test]
fn search_index_holds_every_document_and_nothing_else() {
    let b = Built::new();
    let meta: serde_json::Value =
        serde_json::from_str(&b.read("search-index/meta.json")).expect("meta.json is JSON");
    assert_eq!(
        meta["documents"], 5,
        "the 5 documents, no other page: {meta}"
    );
    // The fixture's issues are all of one year: one tier.
    let tiers = meta["tiers"].as_array().expect("tiers");
    assert_eq!(tiers.len(), 1, "{meta}");
    assert_eq!(tiers[0]["documents"], 5, "{meta}");
    let buckets = tiers[0]["buckets"].as_u64().expect("a bucket count");
    assert!(buckets >= 1 && buckets.is_power_of_two(), "{meta}");
    for n in 0..buckets {
        assert!(
            b.has(&format!("search-index/t0/b/{n}.bin")),
            "bucket {n} is there"
        );
    }
    let generation = meta["generation"].as_str().unwrap_or_default();
    assert_eq!(
        generation.len(),
        16,
        "a generation for cache busting: {meta}"
    );

    // Each document's record: what a result shows, and its text.
    let records: Vec<serde_json::Value> = (0..5)
        .map(|n| {
            let json = b.read(&format!("search-index/d/{n}.json"));
            serde_json::from_str(&json).expect("a record is JSON")
        })
        .collect();
    assert!(
        !b.has("search-index/d/5.json"),
        "no record past the last document"
    );
    let rules = records
        .iter()
        .find(|r| r["url"] == RULES_DOC)
        .expect("the rules document has a record");
    for field in [
        "title",
        "category",
        "agency",
        "number",
        "date",
        "issue",
        "issue_url",
        "year",
        "text",
    ] {
        assert!(
            rules[field].as_str().is_some_and(|v| !v.is_empty()),
            "the record has {field}: {rules}"
        );
    }
    assert_eq!(rules["year"], "115年", "the year filter's value");
    assert!(
        rules["issue"]
            .as_str()
            .unwrap()
            .starts_with("臺中市政府公報115年"),
        "the issue as the document page names it: {rules}"
    );
    assert!(
        !rules["text"].as_str().unwrap().contains('<'),
        "the text is plain, no HTML: {rules}"
    );
    // Numbered oldest issue first: "newest first" is the numbers backwards.
    let issues: Vec<&str> = records
        .iter()
        .map(|r| r["issue_url"].as_str().unwrap())
        .collect();
    let mut sorted = issues.clone();
    sorted.sort();
    assert_eq!(issues, sorted, "records in issue order");

    let sitemap = b.read("sitemap.xml");
    assert!(
        !sitemap.contains("search-index"),
        "the index is not in the sitemap"
    );
    let search = b.page("/search/");
    assert!(
        search.contains("<script src=\"/static/search.js\" defer></script>"),
        "the search page loads its script"
    );
    assert!(
        search.contains("<noscript>"),
        "and says it needs JavaScript"
    );
}

/// The files of the search index in an output folder.
fn search_bundle(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(&out.join("search-index"))
}

#[test]
fn search_index_is_reused_only_while_no_document_changes() {
    let b = Built::new();
    let entry = b.site.path(".munipub-cache/v1/search/tier0/entry.bin");
    assert!(entry.is_file(), "the index is kept for the next build");
    let first = search_bundle(&b.out);
    let says = |run: &common::Run, what: &str| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("search: "))
            .unwrap_or_default();
        assert!(
            line.contains(what),
            "--verbose says the index was {what}: {}",
            run.stderr
        );
    };
    // Saved again unchanged: the build runs (see the next test), the index
    // comes from the cache.
    let touch = |rel: &str| {
        let path = b.site.path(rel);
        let text = std::fs::read(&path).unwrap();
        std::fs::write(&path, text).unwrap();
    };

    touch("site.yaml");
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    says(&run, "from the cache");
    assert_same_tree(&first, &search_bundle(&b.out), "the reused index");

    // A damaged cache entry is rebuilt, to the same bytes.
    std::fs::write(&entry, b"damaged").unwrap();
    touch("site.yaml");
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    says(&run, "indexed");
    assert_same_tree(&first, &search_bundle(&b.out), "the rebuilt index");

    // A changed document changes the index (its one tier made again), as a
    // build without cache does.
    let doc = b.site.path("content/gazette/2026-11-15/02-personnel.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("{text}\n另派李小華為本府秘書處專員。\n")).unwrap();
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    says(&run, "indexed");
    let changed = search_bundle(&b.out);
    assert!(changed != first, "the index follows the document");
    let fresh = b.site.out("fresh");
    let run = build(&b.site.root, &fresh, &["--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(
        &changed,
        &search_bundle(&fresh),
        "the index after a change, and built afresh",
    );

    // A kept bucket cut short (a full disk): the next build makes the
    // index from the documents instead of linking the damaged one.
    let bucket = b.site.path(".munipub-cache/v1/search/tier0/1");
    let bytes = std::fs::read(&bucket).unwrap();
    std::fs::write(&bucket, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&doc, format!("{text}\n另派王大明為本府秘書處科員。\n")).unwrap();
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    says(&run, "indexed");
    let run = build(&b.site.root, &fresh, &["--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(
        &search_bundle(&b.out),
        &search_bundle(&fresh),
        "the index after a damaged cache, and built afresh",
    );
}

#[test]
fn search_phrases_updated_after_an_edit_equal_a_clean_build() {
    // A new issue of 24 documents in 2027, 18 with 公共安全巡檢作業要點:
    // more than 16 documents begin alike, so its tier's g3/ to g8/ hold
    // words; the fixture's 2026 issues are the older tier.
    let b = Built::with_args(&["--no-pdf"]);
    let issue = b.site.path("content/gazette/2027-01-15");
    std::fs::create_dir_all(&issue).unwrap();
    let doc = |i: usize, body: &str| {
        format!(
            "---\ntitle: 公告事項第{i}號\ncategory: 公告\nagency: 臺中市政府秘書處\n\
             doc_number: 府授秘字第11500{i:05}號\ndate: 2026-12-10\n---\n{body}\n"
        )
    };
    for i in 0..24 {
        let body = if i < 18 {
            "主旨：訂定公共安全巡檢作業要點，自即日起實施。"
        } else {
            "主旨：本府人事異動。"
        };
        std::fs::write(issue.join(format!("{i:02}-notice.md")), doc(i, body)).unwrap();
    }
    let run = build(&b.site.root, &b.out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let phrases = |out: &Path| {
        search_bundle(out)
            .into_iter()
            .filter(|(k, v)| k.starts_with("t1/g8/") && !v.is_empty())
            .count()
    };
    assert!(phrases(&b.out) > 0, "8-character words are made");
    // An edit in the latest year: only its tier is made again, and the
    // index is the bytes of a clean build.
    let older: BTreeMap<String, Vec<u8>> = search_bundle(&b.out)
        .into_iter()
        .filter(|(k, _)| k.starts_with("t0/"))
        .collect();
    assert!(!older.is_empty(), "the 2026 issues are a tier of their own");
    std::fs::write(
        issue.join("20-notice.md"),
        doc(20, "主旨：修正公共安全巡檢作業要點。"),
    )
    .unwrap();
    let run = build(&b.site.root, &b.out, &["--no-pdf", "--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("search: ") && l.contains("updated (1 of 2 tiers made)")),
        "{}",
        run.stderr
    );
    let fresh = b.site.out("fresh");
    let run = build(&b.site.root, &fresh, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(
        &search_bundle(&b.out),
        &search_bundle(&fresh),
        "the phrases updated after an edit, and made afresh",
    );
    let still: BTreeMap<String, Vec<u8>> = search_bundle(&b.out)
        .into_iter()
        .filter(|(k, _)| k.starts_with("t0/"))
        .collect();
    assert_same_tree(&older, &still, "the older tier, left as it was");
}

/// `build --clean` writes into the staging folder as any build does
/// (emptying it first took minutes at 100,000 documents): what is stale
/// there, a stray file, a page spoilt to the same length, a file where a
/// folder goes and a folder where a file goes, is not published and does
/// not stop the build.
#[test]
fn a_clean_build_over_a_spoilt_staging_folder_publishes_only_what_it_made() {
    let b = Built::with_args(&["--no-pdf"]);
    // A second build: the first output becomes the staging folder.
    let run = build(&b.site.root, &b.out, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let staging = b.out.with_file_name(".public.staging");
    assert!(
        staging.join("index.html").is_file(),
        "{}",
        staging.display()
    );
    std::fs::write(staging.join("stray.html"), "not munipub's").unwrap();
    let page = staging.join("gazette/index.html");
    let len = std::fs::metadata(&page).unwrap().len() as usize;
    std::fs::write(&page, "x".repeat(len)).unwrap();
    std::fs::remove_dir_all(staging.join("gazette/2026")).unwrap();
    std::fs::write(staging.join("gazette/2026"), "a file where a folder goes").unwrap();
    std::fs::remove_file(staging.join("robots.txt")).unwrap();
    std::fs::create_dir_all(staging.join("robots.txt/x")).unwrap();
    // A link in place of a folder the build writes into.
    let outside = b.site.out("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("index.html"), "someone's own page").unwrap();
    let linked = staging.join("gazette/2026-11-15/03-venue-rules-crlf");
    std::fs::remove_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink(&outside, &linked).unwrap();
    let run = build(&b.site.root, &b.out, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(outside.join("index.html")).unwrap(),
        "someone's own page",
        "nothing is written through a link"
    );
    let fresh = b.site.out("fresh");
    let run = build(&b.site.root, &fresh, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(
        &tree(&fresh),
        &tree(&b.out),
        "a clean build over a spoilt staging folder",
    );
}

/// Every folder under `dir`, by relative path (empty ones too).
fn folders(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    found.sort();
    found
}

#[test]
fn a_staging_folder_pruned_from_its_list_publishes_only_what_the_build_made() {
    // Builds into the folders A, B, A, B, A: a folder's list says what it
    // held at its build's commit, and folders untouched since then are not
    // read. The pause parts the first build's folders in time from the
    // third build's commit, on a file system keeping times to the second.
    let b = Built::with_args(&["--no-pdf"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let edited = b.site.path("content/gazette/2026-11-15/01-funeral-fees.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    for round in 0..3 {
        std::fs::write(&edited, format!("{text}\n補充說明第{round}句。\n")).unwrap();
        let run = build(&b.site.root, &b.out, &["--no-pdf", "--verbose"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stderr.contains("known from the list"),
            round > 0,
            "a folder without a list is read whole: {}",
            run.stderr
        );
    }
    let staging = b.out.with_file_name(".public.staging");
    let doc = "gazette/2026-02-28/02-lantern-traffic";
    assert!(staging.join(doc).join("index.html").is_file());
    // By hand: a file at the top, a file and a folder of files deep in
    // folders this build does not write to, a file where a folder goes
    // and a folder where a file goes.
    std::fs::write(staging.join("stray.html"), "not munipub's").unwrap();
    std::fs::write(
        staging.join("gazette/2026-02-28/01-parking-fee-rules/stray.html"),
        "x",
    )
    .unwrap();
    std::fs::create_dir_all(staging.join("gazette/2026-02-28/stray/deeper")).unwrap();
    std::fs::write(staging.join("gazette/2026-02-28/stray/deeper/x.html"), "x").unwrap();
    std::fs::remove_file(staging.join("robots.txt")).unwrap();
    std::fs::create_dir_all(staging.join("robots.txt/x")).unwrap();
    // A link in place of a folder the build writes into: the build must
    // not write or remove anything through it.
    let outside = b.site.out("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("index.html"), "someone's own page").unwrap();
    std::fs::write(outside.join("keep.txt"), "someone's own file").unwrap();
    let linked = staging.join("gazette/2026-11-15/03-venue-rules-crlf");
    std::fs::remove_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink(&outside, &linked).unwrap();
    // A document taken out: the build does not touch its pages' folder,
    // and only the list says what is in it.
    std::fs::remove_file(b.site.path(&format!("content/{doc}.md"))).unwrap();
    let run = build(&b.site.root, &b.out, &["--no-pdf", "--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = run
        .stderr
        .lines()
        .find(|l| l.contains("known from the list"))
        .unwrap_or_else(|| panic!("the list is used: {}", run.stderr));
    let counts: Vec<usize> = said
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        counts.len() == 2 && counts[0] < counts[1],
        "some folders are not read: {said}"
    );
    assert!(!b.out.join(doc).exists(), "the document's pages are gone");
    assert_eq!(
        std::fs::read_to_string(outside.join("index.html")).unwrap(),
        "someone's own page",
        "nothing is written through a link"
    );
    assert!(
        outside.join("keep.txt").is_file(),
        "nothing is removed through a link"
    );
    let fresh = b.site.out("fresh");
    let run = build(&b.site.root, &fresh, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(&tree(&fresh), &tree(&b.out), "known from the list");
    assert_eq!(folders(&fresh), folders(&b.out), "the same folders");
}

#[test]
fn a_build_with_nothing_changed_says_so_and_leaves_the_output() {
    let b = Built::new();
    let before = tree(&b.out);
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing changed since the last build"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("reading content"),
        "no content read: {}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&b.out), "the output");

    // An edit, the output folder removed, or --clean: a build again.
    let doc = b.site.path("content/gazette/2026-11-15/02-personnel.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("{text}\n另派李小華為本府秘書處專員。\n")).unwrap();
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    assert!(run.stderr.contains("reading content"), "{}", run.stderr);
    let edited = tree(&b.out);
    assert!(edited != before, "the edit is published");
    std::fs::remove_dir_all(&b.out).unwrap();
    let run = build(&b.site.root, &b.out, &["--verbose"]);
    assert!(run.stderr.contains("reading content"), "{}", run.stderr);
    assert_same_tree(&edited, &tree(&b.out), "the output rebuilt");
    let run = build(&b.site.root, &b.out, &["--verbose", "--clean"]);
    assert!(run.stderr.contains("reading content"), "{}", run.stderr);
}

#[test]
fn building_twice_gives_identical_output() {
    // Two copies at different paths, as on two machines.
    let first = Built::new();
    let second = Built::new();
    let a = tree(&first.out);
    assert!(!a.is_empty(), "the build wrote files");
    assert_same_tree(&a, &tree(&second.out), "two builds of the same content");

    // Building again into the same folder changes nothing either.
    let run = build(&first.site.root, &first.out, &[]);
    assert_eq!(run.code, 0, "the rebuild succeeds:\n{}", run.stderr);
    assert_same_tree(&a, &tree(&first.out), "a rebuild into the same folder");
}

/// Builds, breaks the site with `breakage`, builds again: the second build
/// fails and the first output is untouched, with nothing else left beside it
/// but the hidden staging folder munipub reuses.
fn failed_build_keeps_output(breakage: impl FnOnce(&TempSite), expected: &str) {
    let b = Built::new();
    let before = tree(&b.out);
    breakage(&b.site);
    let run = build(&b.site.root, &b.out, &[]);
    assert_eq!(run.code, 1, "the broken build fails:\n{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "the failure says {expected}:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&b.out), "the output after a failed build");
    let beside: Vec<String> = std::fs::read_dir(b.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "public" && n != ".public.staging")
        .collect();
    assert!(
        beside.is_empty(),
        "nothing but the hidden staging folder beside the output: {beside:?}"
    );
}

/// The staging folder is prepared while the content is read; a first
/// build that stops at the content (an error in it, a bad --base-url)
/// leaves nothing beside the output folder, not even a staging folder.
#[test]
fn a_first_build_stopped_by_the_content_leaves_nothing_beside_the_output() {
    let cases = [
        ("invalid/unknown-category", &[][..]),
        ("valid", &["--base-url", "ftp://example.gov.tw/"][..]),
    ];
    for (fixture, extra) in cases {
        let site = TempSite::copy_of(fixture);
        let out = site.out("public");
        let run = build(&site.root, &out, extra);
        assert_eq!(run.code, 1, "the build fails:\n{}", run.stderr);
        let beside: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "site")
            .collect();
        assert!(
            beside.is_empty(),
            "{fixture} {extra:?}: left beside the output: {beside:?}"
        );
    }
}

#[test]
fn failed_build_leaves_the_previous_output_as_it_was() {
    failed_build_keeps_output(
        |site| {
            let doc = site.path("content/gazette/2026-11-15/01-funeral-fees.md");
            let text = std::fs::read_to_string(&doc).unwrap();
            std::fs::write(&doc, text.replace("category: 公告", "category: 法令")).unwrap();
        },
        "unknown category",
    );
}

#[test]
fn failed_template_leaves_the_previous_output_as_it_was() {
    failed_build_keeps_output(
        |site| {
            site.write(
                "themes/default/templates/home.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ site.title }</h1>\n{% endblock content %}\n",
            );
        },
        "themes/default/templates/home.html",
    );
}

#[test]
fn base_url_changes_the_canonical_links() {
    let b = Built::with_args(&["--base-url", "https://x.example/sub/"]);
    let nov = b.page(NOV_ISSUE);
    assert!(
        nov.contains("<link rel=\"canonical\" href=\"https://x.example/sub/gazette/2026-11-15/\">"),
        "the issue's canonical link is under https://x.example/sub/"
    );
    for (path, html) in b.html_files() {
        let canonical = html
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next());
        if path == "404.html" && canonical.is_none() {
            continue;
        }
        let canonical = canonical.unwrap_or_else(|| panic!("{path} has a canonical link"));
        assert!(
            canonical.starts_with("https://x.example/sub/"),
            "{path}: the canonical link {canonical} is under --base-url"
        );
    }
    // Without the trailing slash it means the same.
    let c = Built::with_args(&["--base-url", "https://x.example/sub"]);
    assert!(
        c.page(NOV_ISSUE)
            .contains("href=\"https://x.example/sub/gazette/2026-11-15/\""),
        "--base-url without a trailing slash is normalised"
    );
}

#[test]
fn base_url_with_a_path_keeps_site_links_under_it() {
    // Deployed at https://x.example/sub/, a link to /static/style.css would
    // load https://x.example/static/style.css: outside the site.
    let b = Built::with_args(&["--base-url", "https://x.example/sub/"]);
    let broken = b.broken_links("/sub/");
    assert!(
        broken.is_empty(),
        "links that miss the site deployed at /sub/:\n{}",
        broken.join("\n")
    );
}

#[test]
fn bad_base_url_is_refused() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    let run = build(&site.root, &out, &["--base-url", "www.example.gov.tw"]);
    assert_eq!(run.code, 1, "a base URL without https:// fails");
    assert!(
        run.stderr.contains("--base-url"),
        "the message names --base-url:\n{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written");
}

// `munipub new`

/// `munipub new ARGS --root SITE`.
fn new(site: &TempSite, args: &[&str]) -> common::Run {
    let mut all: Vec<&OsStr> = vec![OsStr::new("new")];
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("--root"), site.root.as_os_str()]);
    munipub(&all)
}

#[test]
fn new_issue_creates_the_next_scheduled_issue() {
    let site = TempSite::copy_of("valid");
    let run = new(&site, &["issue"]);
    assert_eq!(run.code, 0, "new issue succeeds:\n{}", run.stderr);
    assert!(
        site.path("content/gazette/2026-11-30").is_dir(),
        "the issue after 2026-11-15 is 2026-11-30"
    );
    assert!(
        run.stdout.contains("2026-11-30") && run.stdout.contains("115年冬字第4期"),
        "it says what it created, with the number: {}",
        run.stdout
    );
    let check = common::check(&site.root);
    assert_eq!(check.code, 0, "the site still checks:\n{}", check.stderr);

    let run = new(&site, &["issue"]);
    assert_eq!(run.code, 0, "a second new issue succeeds:\n{}", run.stderr);
    assert!(
        site.path("content/gazette/2026-12-15").is_dir(),
        "the issue after 2026-11-30 is 2026-12-15"
    );
}

#[test]
fn new_issue_follows_the_schedule_over_february_the_year_and_quarters() {
    let site = TempSite::copy_of("valid");
    let expect = |args: &[&str], folder: &str, number: &str| {
        let run = new(&site, args);
        assert_eq!(run.code, 0, "new {args:?} succeeds:\n{}", run.stderr);
        assert!(
            site.path(&format!("content/gazette/{folder}")).is_dir()
                && run.stdout.contains(folder)
                && run.stdout.contains(number),
            "new {args:?} makes {folder} ({number}): {}",
            run.stdout
        );
    };
    expect(
        &["issue", "--date", "2026-12-30"],
        "2026-12-30",
        "115年冬字第6期",
    );
    expect(&["issue"], "2027-01-15", "116年春字第1期");
    expect(
        &["issue", "--date", "2027-02-15"],
        "2027-02-15",
        "116年春字第3期",
    );
    // February has no 30th: its second issue is on its last day.
    expect(&["issue"], "2027-02-28", "116年春字第4期");
    expect(&["issue"], "2027-03-15", "116年春字第5期");
    expect(
        &["issue", "--date", "2027-03-30"],
        "2027-03-30",
        "116年春字第6期",
    );
    expect(&["issue"], "2027-04-15", "116年夏字第1期");
    let check = common::check(&site.root);
    assert_eq!(check.code, 0, "the site still checks:\n{}", check.stderr);
}

#[test]
fn new_issue_refuses_to_overwrite() {
    let site = TempSite::copy_of("valid");
    let before = tree(&site.root);
    let run = new(&site, &["issue", "--date", "2026-11-15"]);
    assert_eq!(run.code, 1, "an existing issue is refused");
    assert!(
        run.stderr.contains("content/gazette/2026-11-15") && run.stderr.contains("exists"),
        "the message names the existing folder:\n{}",
        run.stderr
    );
    assert_same_tree(
        &before,
        &tree(&site.root),
        "the site after a refused new issue",
    );
}

#[test]
fn new_issue_on_a_date() {
    let site = TempSite::copy_of("valid");
    let run = new(&site, &["issue", "--date", "2026-02-15"]);
    assert_eq!(run.code, 0, "new issue --date succeeds:\n{}", run.stderr);
    assert!(
        run.stdout.contains("115年春字第3期"),
        "2026-02-15 is 115年春字第3期: {}",
        run.stdout
    );
    let run = new(&site, &["issue", "--date", "2026-11-14"]);
    assert_eq!(run.code, 1, "an unscheduled date is refused");
    assert!(
        run.stderr.contains("2026-11-15"),
        "the message suggests 2026-11-15:\n{}",
        run.stderr
    );
    assert!(
        !site.path("content/gazette/2026-11-14").exists(),
        "no folder is made for an unscheduled date"
    );
}

#[test]
fn new_document_creates_a_skeleton_that_checks() {
    let site = TempSite::copy_of("valid");
    let rel = "content/gazette/2026-11-15/04-parking-notice.md";
    let run = new(&site, &["document", "2026-11-15", "04-parking-notice"]);
    assert_eq!(run.code, 0, "new document succeeds:\n{}", run.stderr);
    let text = std::fs::read_to_string(site.path(rel)).expect("the document is created");
    for field in [
        "title:",
        "category:",
        "agency:",
        "doc_number:",
        "date:",
        "attachments:",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(field)),
            "the skeleton has {field}"
        );
    }
    let check = common::check(&site.root);
    assert_eq!(check.code, 0, "the skeleton checks:\n{}", check.stderr);

    // Refuses to overwrite the editor's work.
    site.write(rel, "編輯中");
    let run = new(&site, &["document", "2026-11-15", "04-parking-notice"]);
    assert_eq!(run.code, 1, "an existing document is refused");
    assert_eq!(
        std::fs::read_to_string(site.path(rel)).unwrap(),
        "編輯中",
        "the existing document is unchanged"
    );
}

#[test]
fn new_document_skeleton_shows_both_list_levels() {
    // The skeleton's own example says the nested item shows as 「（一）」.
    let site = TempSite::copy_of("valid");
    let run = new(&site, &["document", "2026-11-15", "04-parking-notice"]);
    assert_eq!(run.code, 0, "new document succeeds:\n{}", run.stderr);
    let out = site.out("public");
    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 0, "the site builds:\n{}", run.stderr);
    let html = std::fs::read_to_string(out.join("gazette/2026-11-15/04-parking-notice/index.html"))
        .unwrap();
    let text = body_text(&html);
    assert!(
        text.contains("一、第一項") && text.contains("（一）第一款"),
        "the skeleton's second item is nested: 「（一）第一款」"
    );
}

#[test]
fn new_document_refuses_bad_names_and_missing_issues() {
    let site = TempSite::copy_of("valid");
    let before = tree(&site.root);
    let run = new(&site, &["document", "2026-11-15", "04_Parking"]);
    assert_eq!(run.code, 1, "a bad slug is refused");
    assert!(
        run.stderr.contains("04_Parking"),
        "the message quotes the name:\n{}",
        run.stderr
    );
    let run = new(&site, &["document", "2026-11-30", "01-notice"]);
    assert_eq!(run.code, 1, "a missing issue is refused");
    assert!(
        run.stderr.contains("new issue"),
        "the help says to create the issue first:\n{}",
        run.stderr
    );
    assert_same_tree(
        &before,
        &tree(&site.root),
        "the site after refused commands",
    );
}

// The gazette as a legal record (tests/fixtures/legal): corrections, legal
// dates, joint documents, extra issues, keywords and English titles,
// per-category and per-agency feeds.

const CORRECTED: &str = "/gazette/2026-11-15/01-parking-fees/";
const CORRECTION: &str = "/gazette/2026-11-30/01-parking-fees-correction/";
const DRAFT: &str = "/gazette/2026-11-15/02-market-draft/";
const JOINT: &str = "/gazette/2026-11-30/02-joint-disaster-plan/";

#[test]
fn corrections_and_corrected_documents_link_to_each_other_with_citations() {
    let b = Built::of("legal", &[]);
    let corrected = b.page(CORRECTED);
    let notice_at = corrected
        .find("本則已於臺中市政府公報115年冬字第4期第")
        .expect("the corrected page says where it was corrected, with the page");
    assert!(
        notice_at < corrected.find("<h1").unwrap(),
        "the notice is at the top, before the title"
    );
    assert!(corrected.contains(&format!("href=\"{CORRECTION}\"")));
    let correction = b.page(CORRECTION);
    assert!(correction.contains(&format!("href=\"{CORRECTED}\"")));
    assert!(
        body_text(&correction).contains("臺中市政府公報115年冬字第3期第1頁"),
        "the correction cites the corrected document with its page: {}",
        body_text(&correction)
    );
    // Issue pages mark both.
    let nov15 = body_text(&b.page("/gazette/2026-11-15/"));
    assert!(nov15.contains("已更正"), "{nov15}");
    let nov30 = body_text(&b.page("/gazette/2026-11-30/"));
    assert!(
        nov30.contains("更正") && nov30.contains("本則更正"),
        "{nov30}"
    );
    // The feed and open data carry both directions.
    let feed = b.read("feeds/gazette.xml");
    assert!(feed.contains("本則已於臺中市政府公報115年冬字第4期"));
    assert!(feed.contains("rel=\"related\""));
    let csv = b.read("gazette/documents.csv");
    assert!(
        csv.contains("更正之文件網址")
            && csv.contains("https://www.example.gov.tw/gazette/2026-11-15/01-parking-fees/")
    );
    let json: serde_json::Value =
        serde_json::from_str(&b.read("gazette/2026-11-15/index.json")).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(
        doc["corrected_by"][0]["url"],
        "https://www.example.gov.tw/gazette/2026-11-30/01-parking-fees-correction/"
    );
    let json: serde_json::Value =
        serde_json::from_str(&b.read("gazette/2026-11-30/index.json")).unwrap();
    let correction = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["corrects"].is_object())
        .expect("the correction's record names what it corrects");
    assert_eq!(
        correction["corrects"]["citation"],
        "臺中市政府公報115年冬字第3期第1頁"
    );
}

#[test]
fn citations_leave_out_pages_without_pdfs() {
    let b = Built::of("legal", &["--no-pdf"]);
    let corrected = body_text(&b.page(CORRECTED));
    assert!(
        corrected.contains("本則已於臺中市政府公報115年冬字第4期更正"),
        "{corrected}"
    );
}

#[test]
fn legal_dates_keywords_and_english_titles_are_shown() {
    let b = Built::of("legal", &[]);
    let page = b.page(CORRECTED);
    let text = body_text(&page);
    assert!(
        text.contains("生效日期") && text.contains("中華民國115年12月1日"),
        "{text}"
    );
    assert!(text.contains("停車、收費"), "keywords: {text}");
    assert!(page.contains("<meta name=\"keywords\" content=\"停車,收費\">"));
    assert!(page.contains("lang=\"en\">Amendment to Article 3 of the Parking Fee Standards<"));
    let draft = body_text(&b.page(DRAFT));
    assert!(
        draft.contains("陳述意見至 中華民國115年12月20日 止"),
        "{draft}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&b.read("gazette/2026-11-15/index.json")).unwrap();
    assert_eq!(json["documents"][0]["effective"], "2026-12-01");
    assert_eq!(
        json["documents"][0]["title_en"],
        "Amendment to Article 3 of the Parking Fee Standards"
    );
    assert_eq!(json["documents"][1]["comment_until"], "2026-12-20");
}

#[test]
fn consultations_list_drafts_with_deadlines_for_the_script() {
    let b = Built::of("legal", &[]);
    let page = b.page("/gazette/consultations/");
    assert!(page.contains(&format!("href=\"{DRAFT}\"")));
    assert!(page.contains("data-deadline=\"2026-12-20\""));
    assert!(page.contains("/static/consultations.js"));
    assert!(
        !page.contains(&format!("href=\"{CORRECTED}\"")),
        "only drafts"
    );
    assert!(b.has("static/consultations.js"));
    assert!(
        b.page("/gazette/")
            .contains("href=\"/gazette/consultations/\"")
    );
}

#[test]
fn joint_documents_are_in_every_agencys_listing_feed_and_filter() {
    let b = Built::of("legal", &[]);
    let page = b.page(JOINT);
    let text = body_text(&page);
    assert!(text.contains("發文機關（會銜）"), "{text}");
    for agency in [
        "臺中市政府秘書處",
        "臺中市政府原住民族事務委員會",
        "臺中市政府消防局",
    ] {
        let listing = b.page(&format!("/gazette/agencies/{agency}/"));
        assert!(
            listing.contains(&format!("href=\"{JOINT}\"")),
            "{agency} lists it"
        );
        let feed = b.read(&format!("feeds/agencies/{agency}.xml"));
        assert!(feed.contains(JOINT), "{agency}'s feed has it");
        assert!(
            listing.contains(&format!("href=\"/feeds/agencies/{agency}.xml\"")),
            "the listing links its feed"
        );
    }
    let search = b.page("/search/");
    assert!(
        search.contains(">臺中市政府原住民族事務委員會<"),
        "the filter lists each agency"
    );
    let category_feed = b.read("feeds/categories/法規.xml");
    assert!(category_feed.contains(CORRECTED) && !category_feed.contains(JOINT));
    assert!(b.page("/gazette/categories/法規/").contains(
        "rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/categories/法規.xml\""
    ));
}

#[test]
fn extra_issues_have_their_own_numbers() {
    let b = Built::of("legal", &[]);
    let extra = b.page("/gazette/2026-11-20/");
    assert!(h1(&extra).contains("115年號外第1期"), "{}", h1(&extra));
    let regular = b.page("/gazette/2026-11-30/");
    assert!(
        h1(&regular).contains("115年冬字第4期"),
        "regular numbers unchanged"
    );
}

#[test]
fn the_legal_fixture_has_no_broken_links_and_builds_the_same_twice() {
    let b = Built::of("legal", &["--no-pdf"]);
    assert_eq!(gazette_broken_links(&b), Vec::<String>::new());
    let again = b.site.out("again");
    let run = build(&b.site.root, &again, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_tree(
        &tree(&b.out),
        &tree(&again),
        "two builds of the legal fixture",
    );
}

#[test]
fn a_very_long_agency_name_gives_a_working_page() {
    let site = TempSite::copy_of("legal");
    let names: Vec<String> = (1..=27).map(|i| format!("行政院所屬第{i}號機關")).collect();
    let long = names.join(";");
    assert!(long.len() > 300);
    site.write(
        "content/gazette/2026-11-30/03-long-agency.md",
        format!("---\ntitle: 長機關名稱\ncategory: 公告\nagency: \"{long}\"\ndoc_number: 院授字第1号\ndate: 2026-11-26\n---\n主旨：測試。\n"),
    );
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let b = Built { site, out };
    let doc = b.page("/gazette/2026-11-30/03-long-agency/");
    let url = attr_values(&doc, "href")
        .into_iter()
        .find(|u| u.starts_with("/gazette/agencies/"))
        .expect("the document links its agency")
        .to_string();
    let segment = url
        .trim_start_matches("/gazette/agencies/")
        .trim_end_matches('/');
    assert!(segment.len() <= 100, "{} bytes: {segment}", segment.len());
    assert!(
        segment.starts_with("行政院所屬第1號機關"),
        "readable: {segment}"
    );
    assert!(
        body_text(&b.page(&url)).contains(&long),
        "the listing names the agency in full"
    );
    assert!(b.has(&format!("feeds/agencies/{segment}.xml")));
    assert_eq!(gazette_broken_links(&b), Vec::<String>::new());
}

/// Broken links of a gazette-only site: the home page's links to the
/// directory and couplets sections (which such a site lacks) aside.
fn gazette_broken_links(b: &Built) -> Vec<String> {
    b.broken_links("/")
        .into_iter()
        .filter(|l| !l.starts_with("/directory/ ") && !l.starts_with("/couplets/ "))
        .collect()
}

#[test]
fn new_extra_issue_is_numbered_within_the_year() {
    let site = TempSite::copy_of("legal");
    let run = new(&site, &["issue", "--extra", "--date", "2026-12-03"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("115年號外第2期"), "{}", run.stdout);
    let check = common::check(&site.root);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let run = new(&site, &["issue", "--extra", "--date", "2026-12-15"]);
    assert_ne!(run.code, 0, "a scheduled date is no extra issue");
}

/// A build's model holds no document's text (`Bodies::Dropped`): an
/// issue's bodies are read again when it is rendered, equal to the ones
/// checked; a file saved again after it was checked (a clerk saving
/// during a build) is refused by name rather than published unchecked.
#[test]
fn bodies_read_again_equal_the_checked_ones_and_a_file_changed_meanwhile_is_refused() {
    use munipub::content::{load, load_with, with_bodies};
    use munipub::model::Bodies;
    let site = TempSite::copy_of("valid");
    let held = load(&site.root).0.expect("the valid site loads");
    let lean = load_with(&site.root, Bodies::Dropped, None)
        .0
        .expect("the valid site loads lean");
    let (held, lean_g) = (held.gazette.unwrap(), lean.gazette.as_ref().unwrap());
    let mut with_text = 0;
    for (h, l) in held.issues.iter().zip(&lean_g.issues) {
        assert!(
            l.documents.iter().all(|d| d.body.blocks.is_empty()),
            "a lean issue holds no body"
        );
        let full = with_bodies(&lean, l).expect("the bodies read again");
        assert_eq!(h.documents.len(), full.documents.len());
        for (a, b) in h.documents.iter().zip(&full.documents) {
            assert_eq!(
                a.body,
                b.body,
                "{} read again as checked",
                a.source.display()
            );
            with_text += usize::from(!b.body.blocks.is_empty());
        }
    }
    assert!(with_text > 3, "the fixture's documents have text");

    let issue = &lean_g.issues[0];
    let doc = &issue.documents[0];
    let mut text = std::fs::read_to_string(site.path(&doc.source.to_string_lossy())).unwrap();
    text.push_str("\n未經檢查的一句。\n");
    site.write(&doc.source.to_string_lossy(), text);
    let refused = with_bodies(&lean, issue).unwrap_err();
    assert_eq!(refused.file, doc.source);
    assert!(
        refused
            .message
            .contains("changed while the site was being built"),
        "{}",
        refused.message
    );
}
