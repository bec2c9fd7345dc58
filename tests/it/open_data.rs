//! The machine-readable outputs as their readers see them: the directory's
//! spreadsheet opened by LibreOffice, the Atom feed and the sitemap parsed
//! as XML.

use crate::common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TempSite, build};

const BASE: &str = "https://data.example.gov.tw/pub/";

/// The valid fixture, plus an agency whose extension has a leading zero
/// and whose address has a run of spaces, built without PDFs.
fn built() -> (TempSite, PathBuf) {
    let site = TempSite::copy_of("valid");
    site.write(
        "content/directory/zz-test-office.yaml",
        "agency: 臺中市政府測試處\ngroup: 二級機關\norder: 1\naddress: \"臺中市西區  民權路\"\nphone: 04-22289111\nunits:\n  - name: 值班室\n    phone: 04-22289111\n    ext: \"0123\"\n",
    );
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf", "--base-url", BASE]);
    assert_eq!(run.code, 0, "the site builds:\n{}", run.stderr);
    (site, out)
}

/// One CSV field: its text and whether it was quoted.
type Field = (String, bool);

/// A CSV text as rows of fields (RFC 4180).
fn parse_csv(text: &str) -> Vec<Vec<Field>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row: Vec<Field> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if in_quotes => in_quotes = false,
            '"' if field.is_empty() => {
                in_quotes = true;
                quoted = true;
            }
            ',' if !in_quotes => {
                row.push((std::mem::take(&mut field), std::mem::take(&mut quoted)))
            }
            '\r' if !in_quotes => {}
            '\n' if !in_quotes => {
                row.push((std::mem::take(&mut field), std::mem::take(&mut quoted)));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push((field, quoted));
        rows.push(row);
    }
    rows
}

/// Converts `ods` to CSV with LibreOffice, every text cell quoted (and
/// numbers not), UTF-8.
fn libreoffice_csv(ods: &Path, work: &Path) -> String {
    let out_dir = work.join("converted");
    let profile = work.join("lo-profile");
    let result = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_string_lossy()
        ))
        .args(["--headless", "--convert-to"])
        // Separator `,`, text delimiter `"`, UTF-8, from line 1, standard
        // cell format, system language, quote all text cells.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true")
        .arg("--outdir")
        .arg(&out_dir)
        .arg(ods)
        .env("HOME", work)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `libreoffice` ({e}): this test opens directory.ods with LibreOffice; \
                 install it with `apt-get install libreoffice-calc-nogui`"
            )
        });
    let csv = out_dir.join("directory.csv");
    assert!(
        result.status.success() && csv.is_file(),
        "LibreOffice could not open directory.ods (exit {:?}):\n{}\n{}",
        result.status.code(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_to_string(csv).expect("LibreOffice writes UTF-8")
}

const ADDRESS_SECRETARIAT: &str = "40701臺中市西屯區臺灣大道三段99號";
const ADDRESS_CENTRAL: &str = "40045臺中市中區民族路23號";

/// The directory's table as docs/open-data.md describes it.
fn expected_rows() -> Vec<[&'static str; 8]> {
    let s = ADDRESS_SECRETARIAT;
    let c = ADDRESS_CENTRAL;
    let t = "臺中市西區  民權路";
    vec![
        [
            "機關分類",
            "機關",
            "單位",
            "職稱",
            "電話",
            "分機",
            "傳真",
            "地址",
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "",
            "總機",
            "04-2228-9111",
            "",
            "04-2259-0148",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "公共關係科",
            "",
            "04-2228-9111",
            "11230",
            "04-2258-3431",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "公共關係科",
            "導覽預約",
            "04-2228-9111",
            "11237",
            "",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "公共關係科",
            "市民當家熱線",
            "1999",
            "",
            "",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "公共關係科",
            "申訴專線",
            "0800-022-128",
            "",
            "",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "事務管理科",
            "",
            "04-2228-9111",
            "11401",
            "",
            s,
        ],
        [
            "一級機關",
            "臺中市政府秘書處",
            "事務管理科",
            "公共安全巡檢值班",
            "0912-345-678",
            "",
            "",
            s,
        ],
        [
            "二級機關",
            "臺中市政府測試處",
            "",
            "總機",
            "04-2228-9111",
            "",
            "",
            t,
        ],
        [
            "二級機關",
            "臺中市政府測試處",
            "值班室",
            "",
            "04-2228-9111",
            "0123",
            "",
            t,
        ],
        [
            "區公所",
            "臺中市中區區公所",
            "",
            "總機",
            "04-2222-7331",
            "",
            "04-2222-1364",
            c,
        ],
        [
            "區公所",
            "臺中市中區區公所",
            "民政課",
            "",
            "04-2222-7331",
            "111",
            "",
            c,
        ],
    ]
}

#[test]
fn directory_ods_opens_in_libreoffice_with_the_csv_table_as_text() {
    let (site, out) = built();
    let ods = out.join("directory/directory.ods");
    assert!(ods.is_file(), "directory.ods is written");
    let converted = libreoffice_csv(&ods, &site.dir.path);
    let rows = parse_csv(&converted);
    let expected = expected_rows();
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(|(t, _)| t.as_str()).collect())
        .collect();
    assert_eq!(
        texts.len(),
        expected.len(),
        "one row per line of the table:\n{converted}"
    );
    for (got, want) in texts.iter().zip(&expected) {
        assert_eq!(got.as_slice(), want.as_slice(), "a row of directory.ods");
    }
    // Every filled cell is text: LibreOffice quotes text cells and leaves
    // numbers bare, and `0123` would have lost its zero as a number.
    for row in &rows {
        for (text, quoted) in row {
            assert!(
                text.is_empty() || *quoted,
                "cell {text:?} is a number, not text:\n{converted}"
            );
        }
    }
    // The same table as the CSV download.
    let csv = std::fs::read_to_string(out.join("directory/directory.csv")).unwrap();
    let csv_texts: Vec<Vec<String>> = parse_csv(&csv)
        .into_iter()
        .map(|r| r.into_iter().map(|(t, _)| t).collect())
        .collect();
    assert_eq!(
        csv_texts, texts,
        "directory.ods and directory.csv hold the same table"
    );
}

#[test]
fn directory_page_links_the_ods() {
    let (_site, out) = built();
    let html = std::fs::read_to_string(out.join("directory/index.html")).unwrap();
    assert!(
        html.contains("directory.ods"),
        "the directory page offers the .ods download"
    );
    let bytes = std::fs::read(out.join("directory/directory.ods")).unwrap();
    assert_eq!(
        &bytes[30..38],
        b"mimetype",
        "the ODS starts with its mimetype"
    );
}

#[test]
fn directory_ods_is_the_same_on_rebuild() {
    let (site, out) = built();
    let again = site.out("again");
    let run = build(&site.root, &again, &["--no-pdf", "--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read(out.join("directory/directory.ods")).unwrap()
            == std::fs::read(again.join("directory/directory.ods")).unwrap(),
        "directory.ods is byte-identical on rebuild"
    );
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The output file an absolute site URL leads to.
fn file_for(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is under base_url {BASE}"));
    let rel = percent_decode(rel);
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.has_tag_name((ATOM, name)))
}

fn text_of<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    child(node, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .unwrap_or("")
}

fn is_rfc3339(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

#[test]
fn atom_feed_is_well_formed_with_every_required_element() {
    let (_site, out) = built();
    let xml = std::fs::read_to_string(out.join("feeds/gazette.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "the root is an Atom <feed>"
    );
    for name in ["id", "title", "updated"] {
        assert!(!text_of(feed, name).is_empty(), "the feed has <{name}>");
    }
    assert!(
        is_rfc3339(text_of(feed, "updated")),
        "feed <updated> is RFC 3339"
    );
    assert!(
        child(feed, "author")
            .and_then(|a| child(a, "name"))
            .is_some(),
        "the feed has an <author><name> (required when an entry has none)"
    );
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
        .expect("the feed links to itself");
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{BASE}feeds/gazette.xml").as_str())
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert!(entries.len() >= 2, "the feed has entries");
    let mut ids = HashSet::new();
    for e in &entries {
        let id = text_of(*e, "id");
        assert!(!id.is_empty(), "every entry has an <id>");
        assert!(ids.insert(id.to_string()), "entry ids are unique: {id}");
        assert!(!text_of(*e, "title").is_empty(), "entry {id} has a <title>");
        assert!(
            is_rfc3339(text_of(*e, "updated")),
            "entry {id} has an RFC 3339 <updated>"
        );
        assert!(
            !text_of(*e, "summary").is_empty(),
            "entry {id} has a <summary>"
        );
        let link = e
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
            .and_then(|l| l.attribute("href"))
            .unwrap_or_else(|| panic!("entry {id} has an alternate <link>"));
        assert!(
            file_for(&out, link).is_file(),
            "entry {id} links to a page of the site: {link}"
        );
    }
}

#[test]
fn sitemap_urls_are_absolute_from_base_url_and_lead_to_pages() {
    let (_site, out) = built();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let root = doc.root_element();
    assert!(root.has_tag_name((ns, "urlset")), "the root is a <urlset>");
    let locs: Vec<&str> = root
        .children()
        .filter(|c| c.has_tag_name((ns, "url")))
        .map(|u| {
            u.children()
                .find(|c| c.has_tag_name((ns, "loc")))
                .and_then(|l| l.text())
                .expect("every <url> has a <loc>")
        })
        .collect();
    assert!(locs.len() > 10, "the sitemap lists the pages");
    let unique: HashSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no URL is listed twice");
    for loc in &locs {
        assert!(
            loc.starts_with(BASE),
            "{loc} is absolute from base_url {BASE}"
        );
        assert!(loc.is_ascii(), "{loc} is percent-encoded");
        assert!(file_for(&out, loc).is_file(), "{loc} leads to a page");
    }
    for page in ["", "directory/", "gazette/"] {
        let url = format!("{BASE}{page}");
        assert!(locs.contains(&url.as_str()), "the sitemap lists {url}");
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "robots.txt points at the sitemap:\n{robots}"
    );
}

#[test]
fn category_and_agency_feeds_are_well_formed_and_link_their_pages() {
    let site = TempSite::copy_of("legal");
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf", "--base-url", BASE]);
    assert_eq!(run.code, 0, "the legal fixture builds:\n{}", run.stderr);
    let feeds: Vec<String> = common::tree(&out.join("feeds")).into_keys().collect();
    for expected in [
        "categories/法規.xml",
        "categories/公告.xml",
        "agencies/臺中市政府交通局.xml",
        "agencies/臺中市政府法制局.xml",
    ] {
        assert!(
            feeds.iter().any(|f| f == expected),
            "{expected} in {feeds:?}"
        );
    }
    for rel in &feeds {
        let xml = std::fs::read_to_string(out.join("feeds").join(rel)).unwrap();
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{rel} is well-formed XML: {e}"));
        let feed = doc.root_element();
        let link = |rel_attr: &str| {
            feed.children()
                .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel_attr))
                .and_then(|l| l.attribute("href"))
                .unwrap_or_else(|| panic!("{rel} has a {rel_attr} link"))
                .to_string()
        };
        assert_eq!(
            link("self"),
            format!("{BASE}feeds/{rel}"),
            "{rel}'s self link"
        );
        assert!(
            file_for(&out, &link("alternate")).is_file(),
            "{rel} links its listing page"
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .collect();
        assert!(!entries.is_empty(), "{rel} has entries");
        for e in entries {
            let href = e
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
                .and_then(|l| l.attribute("href"))
                .unwrap();
            assert!(file_for(&out, href).is_file(), "{rel}: {href} is a page");
        }
    }
    // The corrected document's entry links to its correction.
    let xml = std::fs::read_to_string(out.join("feeds/categories/法規.xml")).unwrap();
    assert!(xml.contains(&format!(
        "<link rel=\"related\" type=\"text/html\" href=\"{BASE}gazette/2026-11-30/01-parking-fees-correction/\""
    )));
}
