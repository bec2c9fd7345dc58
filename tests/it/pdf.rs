//! The gazette PDFs as a reader, a printer and an archive see them, checked
//! with the real tools: poppler-utils (pdftotext, pdffonts, pdfinfo,
//! pdftoppm, pdfimages) and qpdf. A missing tool fails the tests with a
//! message saying what to install; it never makes them pass silently.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{TempDir, TempSite, assert_same_tree, build, check, tree};

// ---------------------------------------------------------------------------
// What the valid fixture holds.

const GAZETTE: &str = "臺中市政府公報";
const PUBLISHER: &str = "臺中市政府";

/// An issue of the valid fixture.
struct Issue {
    date: &'static str,
    number: &'static str,
    roc_date: &'static str,
    /// Its documents in the order of the contents (by category).
    docs: &'static [Doc],
}

/// A document of the valid fixture, and what of its Markdown a reader must
/// find in the PDF (official list markers are text before the item).
struct Doc {
    slug: &'static str,
    category: &'static str,
    title: &'static str,
    agency: &'static str,
    doc_number: &'static str,
    body: &'static [&'static str],
}

const ISSUES: &[Issue] = &[
    Issue {
        date: "2026-02-28",
        number: "115年春字第4期",
        roc_date: "中華民國115年2月28日",
        docs: &[
            Doc {
                slug: "01-parking-fee-rules",
                category: "法規",
                title: "修正「臺中市公有路外停車場收費標準」第三條",
                agency: "臺中市政府交通局",
                doc_number: "府授交停字第1150012345號",
                body: &[
                    "主旨：修正「臺中市公有路外停車場收費標準」第三條，並自即日生效。",
                    "依據：地方制度法第二十七條。",
                    "公告事項：",
                    "一、修正條文如下：",
                    "（一）小型車每小時收費新臺幣二十元。",
                    "1、未滿半小時者，以半小時計。",
                    "2、逾半小時未滿一小時者，以一小時計。",
                    "（二）機車每次收費新臺幣二十元。",
                    "二、收費時段如下表：",
                    "停車場 收費時段 費率",
                    "市政停車場 08:00 至 20:00 20 元",
                    "文心停車場 00:00 至 24:00 30 元",
                    "本標準於中華民國115年2月20日修正發布。",
                ],
            },
            Doc {
                slug: "02-lantern-traffic",
                category: "公告",
                title: "公告「2026臺中燈會」活動期間交通管制措施",
                agency: "臺中市政府交通局",
                doc_number: "府授交工字第1150020472號",
                body: &[
                    "主旨：公告「2026臺中燈會」活動期間，中央公園周邊道路實施交通管制。",
                    // Raw HTML is escaped, so it is text, as on the web page.
                    "<script>alert(\"xss\")</script>",
                    "管制期間如有疑問，請撥打市民當家熱線 1999 洽詢。",
                ],
            },
        ],
    },
    Issue {
        date: "2026-11-15",
        number: "115年冬字第3期",
        roc_date: "中華民國115年11月15日",
        docs: &[
            Doc {
                slug: "03-venue-rules-crlf",
                category: "令",
                title: "訂定「臺中市立場館使用管理要點」",
                agency: "臺中市政府運動局",
                doc_number: "府授運管字第1150271234號",
                body: &[
                    "主旨：訂定「臺中市立場館使用管理要點」。",
                    "一、場館開放時間：",
                    "（一）平日上午八時至晚上十時。",
                    "（二）例假日上午九時至下午五時。",
                    "二、本要點自即日生效。",
                ],
            },
            Doc {
                slug: "01-funeral-fees",
                category: "公告",
                title: "公告本市殯葬設施使用收費基準",
                agency: "臺中市政府民政局",
                doc_number: "府授民生字第1150268142號",
                body: &[
                    "主旨：公告本市殯葬設施使用收費基準，並自116年1月1日施行。",
                    "公告事項：",
                    "一、收費基準詳如本府公報。",
                    "二、低收入戶得申請減免。",
                ],
            },
            Doc {
                slug: "02-personnel",
                category: "人事",
                title: "本府人事任免令",
                agency: "臺中市政府人事處",
                doc_number: "府授人力字第1150270001號",
                body: &["主旨：派王大明為本府秘書處科長。"],
            },
        ],
    },
];

const CATEGORIES: &[&str] = &["法規", "令", "公告", "函", "人事", "其他"];

// ---------------------------------------------------------------------------
// The tools.

/// Runs a PDF tool on `pdf`, with `args` before it and `after` after it; a
/// missing tool is a test failure that says what to install.
fn tool(program: &str, args: &[&str], pdf: &Path, after: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.push(pdf.to_str().expect("UTF-8 path"));
    all.extend_from_slice(after);
    common::pdf_tool(program, &all)
}

/// Runs a tool that must succeed quietly and returns its stdout.
fn tool_stdout(program: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let out = tool(program, args, pdf, after);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "`{program} {}` fails on {}:\n{stderr}",
        args.join(" "),
        pdf.display()
    );
    assert!(
        stderr.trim().is_empty(),
        "`{program} {}` complains about {}:\n{stderr}",
        args.join(" "),
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("the tool prints UTF-8")
}

/// `pdftotext -raw` of the whole file: the text in content-stream order
/// (the default mode reorders text around U+3000).
fn text(pdf: &Path) -> String {
    tool_stdout("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, &["-"])
}

/// `pdftotext -raw` of page `page` (1-based), as lines without blanks, with
/// whitespace normalized.
fn page_lines(pdf: &Path, page: usize) -> Vec<String> {
    let p = page.to_string();
    let out = tool_stdout(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", "-f", &p, "-l", &p],
        pdf,
        &["-"],
    );
    out.lines()
        .map(normalize)
        .filter(|l| !l.is_empty())
        .collect()
}

/// `pdfinfo` as key → value.
fn info(pdf: &Path) -> BTreeMap<String, String> {
    tool_stdout("pdfinfo", &["-isodates"], pdf, &[])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    info(pdf)["Pages"]
        .parse()
        .expect("pdfinfo gives the page count")
}

/// Whitespace runs (U+3000 included) as one space, for comparing lines.
fn normalize(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Without any whitespace: a paragraph wrapped over lines reads whole.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------
// Builds.

/// A site built into `public/` beside it.
struct Built {
    site: TempSite,
    out: PathBuf,
}

impl Built {
    fn valid() -> Built {
        Built::of(TempSite::copy_of("valid"))
    }

    fn of(site: TempSite) -> Built {
        let out = site.out("public");
        let run = build(&site.root, &out, &[]);
        assert_eq!(run.code, 0, "the site builds:\n{}", run.stderr);
        Built { site, out }
    }

    /// `gazette/<date>/gazette-<date>.pdf`, which must exist.
    fn issue_pdf(&self, date: &str) -> PathBuf {
        self.file(&format!("gazette/{date}/gazette-{date}.pdf"))
    }

    /// `gazette/<date>/<slug>.pdf`, which must exist.
    fn offprint(&self, date: &str, slug: &str) -> PathBuf {
        self.file(&format!("gazette/{date}/{slug}.pdf"))
    }

    fn file(&self, rel: &str) -> PathBuf {
        let path = self.out.join(rel);
        assert!(path.is_file(), "{rel} is in the output");
        path
    }

    /// Every PDF of the output, sorted.
    fn pdfs(&self) -> Vec<PathBuf> {
        let pdfs: Vec<PathBuf> = tree(&self.out)
            .into_keys()
            .filter(|p| p.ends_with(".pdf"))
            .map(|p| self.out.join(p))
            .collect();
        assert!(!pdfs.is_empty(), "the build wrote PDFs");
        pdfs
    }

    /// The citation on a document's web page, as its first and last page:
    /// `臺中市政府公報115年冬字第3期第5-7頁` → (5, 7).
    fn cited_pages(&self, issue: &Issue, slug: &str) -> (usize, usize) {
        let rel = format!("gazette/{}/{slug}/index.html", issue.date);
        let html = std::fs::read_to_string(self.out.join(&rel))
            .unwrap_or_else(|e| panic!("{rel} is in the output: {e}"));
        let prefix = format!("{GAZETTE}{}第", issue.number);
        let start = html
            .find(&prefix)
            .unwrap_or_else(|| panic!("{rel} cites «{prefix}…頁»"))
            + prefix.len();
        let end = start + html[start..].find('頁').expect("the citation ends in 頁");
        let pages = &html[start..end];
        let number = |s: &str| -> usize {
            s.parse()
                .unwrap_or_else(|_| panic!("{rel}: the citation's pages «{pages}» are numbers"))
        };
        match pages.split_once('-') {
            Some((a, b)) => (number(a), number(b)),
            None => (number(pages), number(pages)),
        }
    }
}

impl Issue {
    fn running_header(&self) -> String {
        normalize(&format!("{GAZETTE} {} {}", self.number, self.roc_date))
    }

    fn title(&self) -> String {
        format!("{GAZETTE}{}", self.number)
    }
}

/// A page begins with the running header, then (for a document's first
/// page) the document's title.
fn assert_page_starts_with(lines: &[String], header: &str, title: Option<&str>, what: &str) {
    assert_eq!(
        lines.first().map(String::as_str),
        Some(header),
        "{what} begins with the running header; the page reads:\n{}",
        lines.join("\n")
    );
    if let Some(title) = title {
        // A long title wraps: read on over the lines that follow.
        assert!(
            squeeze(&lines[1..].concat()).starts_with(&squeeze(title)),
            "{what} begins with the document's title «{title}» under the header; the page reads:\n{}",
            lines.join("\n")
        );
    }
}

/// A document's title (perhaps wrapped) is on the page.
fn assert_page_shows_title(lines: &[String], title: &str, what: &str) {
    assert!(
        squeeze(&lines.concat()).contains(&squeeze(title)),
        "{what} shows the document's title «{title}»; the page reads:\n{}",
        lines.join("\n")
    );
}

/// The number printed in a page's footer: the last text of the page.
fn footer_number(lines: &[String]) -> Option<usize> {
    lines.last().and_then(|l| l.parse().ok())
}

/// The 1-based page of `pdf` printed as page 1: the first document page.
fn first_numbered_page(pdf: &Path) -> usize {
    (2..=page_count(pdf))
        .find(|&p| footer_number(&page_lines(pdf, p)) == Some(1))
        .unwrap_or_else(|| panic!("{} has a page numbered 1 in its footer", pdf.display()))
}

/// The 目錄 of an issue PDF: each entry's title and page number, read from
/// the pages between the cover and the first numbered page.
fn contents(pdf: &Path, header: &str) -> Vec<(String, usize)> {
    let first = first_numbered_page(pdf);
    assert!(first > 2, "the issue has a cover and a contents page");
    let mut entries = Vec::new();
    let mut pending = String::new();
    for page in 2..first {
        let lines = page_lines(pdf, page);
        assert_page_starts_with(&lines, header, None, &format!("contents page {page}"));
        for line in &lines[1..] {
            if squeeze(line) == "目錄" || CATEGORIES.contains(&line.as_str()) {
                continue;
            }
            match line.rsplit_once(' ') {
                Some((title, n)) if n.chars().all(|c| c.is_ascii_digit()) => {
                    pending.push_str(title);
                    entries.push((std::mem::take(&mut pending), n.parse().unwrap()));
                }
                // A title wrapped over two lines.
                _ => pending.push_str(line),
            }
        }
    }
    assert!(
        pending.is_empty(),
        "every contents entry ends with a page number; left over: {pending}"
    );
    entries
}

/// The pages (1-based) the links of the contents pages lead to, one per
/// entry, in order; asserting every link is borderless.
fn contents_links(pdf: &Path) -> Vec<usize> {
    let doc = lo(pdf);
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut targets: Vec<usize> = Vec::new();
    let mut last: Option<(usize, String)> = None;
    for page in &pages[1..first_numbered_page(pdf) - 1] {
        let pd = doc.get_dictionary(*page).unwrap();
        let annots = pd
            .get(b"Annots")
            .map(|a| deref(&doc, a).as_array().unwrap().clone());
        for a in annots.unwrap_or_default() {
            let a = dict(&doc, &a);
            assert_eq!(name(a.get(b"Subtype").unwrap()), "Link");
            let border: Vec<f32> = a
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            assert_eq!(
                border,
                [0.0, 0.0, 0.0],
                "{}: links are borderless",
                pdf.display()
            );
            // `/A << /D [ 16 0 R /XYZ left top zoom ] /S /GoTo >>`
            let dest = dict(&doc, a.get(b"A").unwrap()).get(b"D").unwrap();
            let dest = deref(&doc, dest).as_array().unwrap();
            let target = dest[0].as_reference().unwrap();
            let top = format!("{:?}", dest.get(3));
            let n = pages
                .iter()
                .position(|p| *p == target)
                .expect("a contents link leads to a page")
                + 1;
            // A title wrapped over two lines has a link on each, to the
            // same place.
            if last.as_ref() != Some(&(n, top.clone())) {
                targets.push(n);
                last = Some((n, top));
            }
        }
    }
    targets
}

// ---------------------------------------------------------------------------
// Tests on the valid fixture.

#[test]
fn the_valid_fixture_has_an_issue_pdf_and_an_offprint_per_document() {
    let b = Built::valid();
    let mut expected: Vec<PathBuf> = Vec::new();
    for issue in ISSUES {
        expected.push(b.issue_pdf(issue.date));
        for doc in issue.docs {
            expected.push(b.offprint(issue.date, doc.slug));
        }
    }
    let mut gazette_pdfs: Vec<PathBuf> = b
        .pdfs()
        .into_iter()
        .filter(|p| p.starts_with(b.out.join("gazette")))
        .collect();
    gazette_pdfs.sort();
    expected.sort();
    assert_eq!(gazette_pdfs, expected, "one PDF per issue and per document");
}

#[test]
fn every_pdf_passes_qpdf_check() {
    let b = Built::valid();
    for pdf in b.pdfs() {
        let out = tool("qpdf", &["--check"], &pdf, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "qpdf --check finds problems in {} (exit 2: errors, 3: warnings):\n{}{}",
            pdf.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_font_is_an_embedded_subset_with_tounicode() {
    let b = Built::valid();
    for pdf in b.pdfs() {
        let listing = tool_stdout("pdffonts", &[], &pdf, &[]);
        // name, type (may hold spaces), encoding, emb, sub, uni, object, ID
        let fonts: Vec<Vec<&str>> = listing
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert!(
            !fonts.is_empty(),
            "{} uses fonts:\n{listing}",
            pdf.display()
        );
        for f in fonts {
            let n = f.len();
            assert!(n >= 8, "a pdffonts row: {f:?}");
            let (name, emb, sub, uni) = (f[0], f[n - 5], f[n - 4], f[n - 3]);
            let what = format!("{} font {name}", pdf.display());
            assert_eq!(emb, "yes", "{what} is embedded:\n{listing}");
            assert_eq!(sub, "yes", "{what} is a subset:\n{listing}");
            assert_eq!(uni, "yes", "{what} has a ToUnicode map:\n{listing}");
            let (tag, base) = name.split_once('+').unwrap_or(("", ""));
            assert!(
                tag.len() == 6 && tag.bytes().all(|c| c.is_ascii_uppercase()) && !base.is_empty(),
                "{what} has a subset name like ABCDEF+Name"
            );
        }
    }
}

#[test]
fn offprints_give_back_the_title_number_and_every_paragraph() {
    let b = Built::valid();
    for issue in ISSUES {
        for doc in issue.docs {
            let pdf = b.offprint(issue.date, doc.slug);
            let raw = text(&pdf);
            let all = squeeze(&raw);
            for wanted in [doc.title, doc.doc_number, doc.agency]
                .iter()
                .chain(doc.body)
            {
                assert!(
                    all.contains(&squeeze(wanted)),
                    "{}: the text «{wanted}» can be copied out of the PDF; pdftotext -raw gives:\n{raw}",
                    pdf.display()
                );
            }
        }
    }
}

#[test]
fn issue_pdf_gives_back_every_document() {
    let b = Built::valid();
    for issue in ISSUES {
        let pdf = b.issue_pdf(issue.date);
        let raw = text(&pdf);
        let all = squeeze(&raw);
        for wanted in issue
            .docs
            .iter()
            .flat_map(|d| {
                [d.title, d.doc_number]
                    .into_iter()
                    .chain(d.body.iter().copied())
            })
            .chain([GAZETTE, issue.number, PUBLISHER])
        {
            assert!(
                all.contains(&squeeze(wanted)),
                "{}: the text «{wanted}» is in the issue; pdftotext -raw gives:\n{raw}",
                pdf.display()
            );
        }
    }
}

#[test]
fn issue_and_offprint_metadata() {
    let b = Built::valid();
    for issue in ISSUES {
        let iso_date = format!("{}T00:00:00+08", issue.date);
        let mut expected = vec![(b.issue_pdf(issue.date), issue.title(), PUBLISHER)];
        for doc in issue.docs {
            expected.push((
                b.offprint(issue.date, doc.slug),
                doc.title.to_string(),
                doc.agency,
            ));
        }
        for (pdf, title, author) in expected {
            let info = info(&pdf);
            let what = pdf.display();
            let get = |k: &str| info.get(k).map(String::as_str);
            assert_eq!(get("Title"), Some(title.as_str()), "{what}: title");
            assert_eq!(get("Author"), Some(author), "{what}: author");
            assert_eq!(get("PDF version"), Some("1.7"), "{what}: version");
            assert!(
                !get("PDF subtype").is_some_and(|s| s.contains("PDF/X")),
                "{what} does not claim to be PDF/X: {info:?}"
            );
            assert!(
                get("CreationDate").is_some_and(|d| d.starts_with(&iso_date)),
                "{what}: created on the issue date, not the build's: {info:?}"
            );
            assert_eq!(
                catalog(&pdf).get("Lang").map(String::as_str),
                Some("(zh-TW)"),
                "{what}: the catalog says the language is zh-TW"
            );
        }
    }
}

/// The document catalog's entries, as qpdf prints their values.
fn catalog(pdf: &Path) -> BTreeMap<String, String> {
    let trailer = tool_stdout("qpdf", &["--show-object=trailer"], pdf, &[]);
    let root = trailer
        .split_once("/Root ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the trailer names the catalog: {trailer}"));
    let dict = tool_stdout("qpdf", &[&format!("--show-object={root}")], pdf, &[]);
    // `<< /Lang (zh-TW) /Outlines 29 0 R /Type /Catalog ... >>`: top-level
    // keys are names after `<< ` or after a value; good enough for /Lang.
    let mut entries = BTreeMap::new();
    for part in dict.split(" /").skip(1) {
        if let Some((key, value)) = part.split_once(' ') {
            entries.insert(key.to_string(), value.trim_end_matches(" >>").to_string());
        }
    }
    entries
}

#[test]
fn issue_bookmarks_are_nested_category_then_document() {
    let b = Built::valid();
    for issue in ISSUES {
        let pdf = b.issue_pdf(issue.date);
        let out = tool_stdout("qpdf", &["--json", "--json-key=outlines"], &pdf, &[]);
        let json: serde_json::Value = serde_json::from_str(&out).expect("qpdf prints JSON");
        let outlines = json["outlines"]
            .as_array()
            .expect("the issue has bookmarks");
        let title = |o: &serde_json::Value| o["title"].as_str().unwrap_or("").to_string();
        let page = |o: &serde_json::Value| o["destpageposfrom1"].as_u64().unwrap_or(0) as usize;

        let tops: Vec<String> = outlines.iter().map(title).collect();
        let mut categories: Vec<&str> = issue.docs.iter().map(|d| d.category).collect();
        categories.dedup();
        let mut expected = vec!["封面".to_string(), "目錄".to_string()];
        expected.extend(categories.iter().map(|c| c.to_string()));
        assert_eq!(tops, expected, "{}: top-level bookmarks", pdf.display());

        let starts: BTreeMap<String, usize> = contents(&pdf, &issue.running_header())
            .into_iter()
            .collect();
        let first_numbered = first_numbered_page(&pdf);
        for c in &categories {
            let node = outlines.iter().find(|o| title(o) == *c).unwrap();
            let kids: Vec<String> = node["kids"]
                .as_array()
                .map(|k| k.iter().map(title).collect())
                .unwrap_or_default();
            let docs: Vec<&str> = issue
                .docs
                .iter()
                .filter(|d| d.category == *c)
                .map(|d| d.title)
                .collect();
            assert_eq!(kids, docs, "{}: documents under «{c}»", pdf.display());
            for kid in node["kids"].as_array().unwrap() {
                let n = starts[&title(kid)];
                assert_eq!(
                    page(kid),
                    first_numbered + n - 1,
                    "{}: the bookmark «{}» opens the page the contents gives ({n})",
                    pdf.display(),
                    title(kid)
                );
            }
        }
    }
}

#[test]
fn every_page_renders_without_complaint() {
    let b = Built::valid();
    let images = TempDir::new("pdf-render");
    for (i, pdf) in b.pdfs().iter().enumerate() {
        let prefix = images.join(&format!("pdf{i}"));
        let out = tool(
            "pdftoppm",
            &["-png", "-r", "20"],
            pdf,
            &[prefix.to_str().unwrap()],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "pdftoppm renders {} without errors:\n{stderr}",
            pdf.display()
        );
        let rendered = std::fs::read_dir(&images.path)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                name.starts_with(&format!("pdf{i}-")) && name.ends_with(".png")
            })
            .count();
        assert_eq!(
            rendered,
            page_count(pdf),
            "{}: every page is rendered",
            pdf.display()
        );
    }
}

#[test]
fn the_pdf_command_writes_the_issue_pdf_alone_as_the_build_does() {
    let b = Built::valid();
    let issue = &ISSUES[0];
    let proof = b.site.out(&format!("proof-{}.pdf", issue.date));
    let run = common::munipub(&[
        "--root".as_ref(),
        b.site.root.as_os_str(),
        "pdf".as_ref(),
        issue.date.as_ref(),
        "-o".as_ref(),
        proof.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "munipub pdf succeeds:\n{}", run.stderr);
    assert!(
        run.stderr.contains("pages"),
        "it says what it wrote: {}",
        run.stderr
    );
    let built = std::fs::read(b.issue_pdf(issue.date)).unwrap();
    assert!(
        std::fs::read(&proof).unwrap() == built,
        "the proof is the issue PDF the build publishes, byte for byte"
    );

    let run = common::munipub(&[
        "--root".as_ref(),
        b.site.root.as_os_str(),
        "pdf".as_ref(),
        "2026-02-29".as_ref(),
    ]);
    assert_eq!(run.code, 1, "an unknown issue fails:\n{}", run.stderr);
    assert!(
        run.stderr.contains("no issue folder 2026-02-29"),
        "the message names the missing folder: {}",
        run.stderr
    );
}

#[test]
fn building_twice_gives_byte_identical_pdfs() {
    // Two copies at different paths, as on two machines; the long table
    // gives the writer many pages and objects to order.
    let first = Built::of(long_table_site());
    let second = Built::of(long_table_site());
    let a = tree(&first.out);
    assert!(
        a.keys().filter(|p| p.ends_with(".pdf")).count() >= 8,
        "the build wrote the PDFs: {:?}",
        a.keys().collect::<Vec<_>>()
    );
    assert_same_tree(&a, &tree(&second.out), "two builds of the same content");

    // A rebuild into the same folder changes no byte either.
    let run = build(&first.site.root, &first.out, &[]);
    assert_eq!(run.code, 0, "the rebuild succeeds:\n{}", run.stderr);
    assert_same_tree(&a, &tree(&first.out), "a rebuild into the same folder");
}

#[test]
fn contents_page_numbers_are_the_pages_documents_start_on() {
    let b = Built::valid();
    for issue in ISSUES {
        let pdf = b.issue_pdf(issue.date);
        let header = issue.running_header();
        let entries = contents(&pdf, &header);
        let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
        let expected: Vec<&str> = issue.docs.iter().map(|d| d.title).collect();
        assert_eq!(
            titles,
            expected,
            "{}: the contents list every document by category",
            pdf.display()
        );
        assert_eq!(entries[0].1, 1, "the first document starts on page 1");

        let first_numbered = first_numbered_page(&pdf);
        let linked: Vec<usize> = entries
            .iter()
            .map(|(_, n)| first_numbered + n - 1)
            .collect();
        assert_eq!(
            contents_links(&pdf),
            linked,
            "{}: each contents entry links to its page",
            pdf.display()
        );
        let pages = page_count(&pdf);
        for (title, n) in &entries {
            let p = first_numbered + n - 1;
            assert!(p <= pages, "«{title}» on page {n} is within the issue");
            let lines = page_lines(&pdf, p);
            let what = format!("{}: page {p} (printed {n})", pdf.display());
            assert_page_starts_with(&lines, &header, None, &what);
            assert_page_shows_title(&lines, title, &what);
            assert_eq!(
                footer_number(&lines),
                Some(*n),
                "{what} shows its number in the footer"
            );
        }
        // Every page after the contents is numbered, in order.
        for p in first_numbered..=pages {
            assert_eq!(
                footer_number(&page_lines(&pdf, p)),
                Some(p - first_numbered + 1),
                "{}: page {p} is numbered",
                pdf.display()
            );
        }
        assert_offprints_match_citations(&b, issue, issue.docs, &entries);
    }
}

#[test]
fn contents_over_several_pages_point_at_the_right_pages() {
    // 60 more documents with titles that wrap: the contents run over
    // several pages and push every document further back.
    let site = TempSite::copy_of("valid");
    let mut titles: Vec<String> = Vec::new();
    for i in 10..70 {
        let title = format!(
            "公告修正「臺中市第{i}號公有停車場收費標準及管理自治條例施行細則」部分條文及附表，並自即日起生效施行"
        );
        site.write(
            &format!("content/gazette/2026-11-15/{i}-parking.md"),
            format!(
                "---\ntitle: {title}\ncategory: 公告\nagency: 臺中市政府交通局\n\
                 doc_number: 府授交停字第11500100{i}號\ndate: 2026-11-10\n---\n\
                 主旨：第{i}號停車場收費標準修正。\n"
            ),
        );
        titles.push(title);
    }
    let b = Built::of(site);
    let issue = &ISSUES[1];
    let pdf = b.issue_pdf(issue.date);
    let header = issue.running_header();
    let entries = contents(&pdf, &header);
    let first_numbered = first_numbered_page(&pdf);
    assert!(
        first_numbered > 3,
        "the contents of 63 documents take more than one page"
    );

    // 令, then 公告 (the fixture's, then the new ones by their number), then 人事.
    let docs = issue.docs;
    let mut expected: Vec<&str> = vec![docs[0].title, docs[1].title];
    expected.extend(titles.iter().map(String::as_str));
    expected.push(docs[2].title);
    let got: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(got, expected, "the contents list every document in order");
    let linked: Vec<usize> = entries
        .iter()
        .map(|(_, n)| first_numbered + n - 1)
        .collect();
    assert_eq!(
        contents_links(&pdf),
        linked,
        "each contents entry links to its page"
    );

    for (title, n) in &entries {
        let p = first_numbered + n - 1;
        let lines = page_lines(&pdf, p);
        let what = format!("{}: page {p} (printed {n})", pdf.display());
        assert_page_starts_with(&lines, &header, None, &what);
        assert_page_shows_title(&lines, title, &what);
        assert_eq!(footer_number(&lines), Some(*n), "{what}: its footer");
    }
    assert_offprints_match_citations(&b, issue, issue.docs, &entries);
}

/// Each document's web page cites the pages the contents give, and its
/// offprint is those pages: same count, header and footer numbers.
fn assert_offprints_match_citations(
    b: &Built,
    issue: &Issue,
    docs: &[Doc],
    entries: &[(String, usize)],
) {
    let header = issue.running_header();
    for doc in docs {
        let (first, last) = b.cited_pages(issue, doc.slug);
        let contents_page = entries
            .iter()
            .find(|(t, _)| t == doc.title)
            .map(|(_, n)| *n);
        assert_eq!(
            contents_page,
            Some(first),
            "{}: the citation's first page is the contents' page",
            doc.slug
        );
        let pdf = b.offprint(issue.date, doc.slug);
        assert_eq!(
            page_count(&pdf),
            last - first + 1,
            "{}: the offprint has the cited pages {first}-{last}",
            doc.slug
        );
        for i in 0..=(last - first) {
            let mut lines = page_lines(&pdf, i + 1);
            let what = format!("{} page {}", pdf.display(), i + 1);
            let title = (i == 0).then_some(doc.title);
            if i == 0 {
                // Under the header, where the issue printed it.
                let pages = if first == last {
                    format!("{first}")
                } else {
                    format!("{first}-{last}")
                };
                let note = normalize(&format!("本件刊登於{}第{pages}頁", issue.title()));
                assert_eq!(
                    lines.get(1).map(String::as_str),
                    Some(note.as_str()),
                    "{what} says where it was published"
                );
                lines.remove(1);
            }
            assert_page_starts_with(&lines, &header, title, &what);
            assert_eq!(
                footer_number(&lines),
                Some(first + i),
                "{what} carries the issue's page number"
            );
        }
    }
}

#[test]
fn the_png_attachment_is_in_the_pdfs() {
    let b = Built::valid();
    let png = std::fs::read(
        b.site
            .path("content/gazette/2026-02-28/01-parking-fee-rules/map.png"),
    )
    .unwrap();
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap()).to_string();
    let (width, height) = (size(16), size(20));
    let images = |pdf: &Path| -> Vec<Vec<String>> {
        tool_stdout("pdfimages", &["-list"], pdf, &[])
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().map(String::from).collect())
            .collect()
    };
    for pdf in [
        b.offprint("2026-02-28", "01-parking-fee-rules"),
        b.issue_pdf("2026-02-28"),
    ] {
        let list = images(&pdf);
        // page num type width height ...
        assert!(
            list.iter().any(|row| row.len() > 4
                && row[2] == "image"
                && row[3] == width
                && row[4] == height),
            "{} shows the {width}×{height} map.png: {list:?}",
            pdf.display()
        );
    }
    let other = b.offprint("2026-02-28", "02-lantern-traffic");
    assert_eq!(
        images(&other),
        Vec::<Vec<String>>::new(),
        "{}: an offprint without images carries none of its issue's",
        other.display()
    );
}

// ---------------------------------------------------------------------------
// A long table.

const TABLE_SLUG: &str = "04-long-table";
const TABLE_TITLE: &str = "公告本市公有停車場一覽表";
const TABLE_HEADER: &str = "編號 停車場名稱 格位數";
const ROWS: usize = 120;

/// A copy of the valid fixture with a document holding a 120-row table in
/// issue 2026-11-15.
fn long_table_site() -> TempSite {
    let site = TempSite::copy_of("valid");
    let mut md = format!(
        "---\ntitle: {TABLE_TITLE}\ncategory: 公告\nagency: 臺中市政府交通局\n\
         doc_number: 府授交停字第1150279999號\ndate: 2026-11-11\n---\n\
         主旨：公告本市公有停車場一覽表。\n\n| 編號 | 停車場名稱 | 格位數 |\n| --- | --- | ---: |\n"
    );
    for i in 1..=ROWS {
        md.push_str(&format!("| 列{i:03} | 第{i:03}號停車場 | {} |\n", i * 10));
    }
    md.push_str("\n以上停車場自即日起開放。\n");
    site.write(&format!("content/gazette/2026-11-15/{TABLE_SLUG}.md"), md);
    site
}

#[test]
fn a_120_row_table_repeats_its_header_and_loses_no_row() {
    let b = Built::of(long_table_site());
    let pdf = b.offprint("2026-11-15", TABLE_SLUG);
    let pages = page_count(&pdf);
    assert!(pages >= 3, "120 rows span several pages, got {pages}");
    let header = ISSUES[1].running_header();
    for p in 1..=pages {
        let lines = page_lines(&pdf, p);
        let header_rows = lines.iter().filter(|l| *l == TABLE_HEADER).count();
        if !lines.iter().any(|l| l.starts_with('列')) {
            continue; // the page before the table or after it
        }
        assert_eq!(
            header_rows,
            1,
            "page {p} of the table shows its header row «{TABLE_HEADER}» once:\n{}",
            lines.join("\n")
        );
        if p > 1 {
            assert_page_starts_with(&lines, &header, None, &format!("page {p}"));
            assert_eq!(
                lines.get(1).map(String::as_str),
                Some(TABLE_HEADER),
                "page {p} continues the table under its header row:\n{}",
                lines.join("\n")
            );
        }
    }

    for (what, file) in [
        ("offprint", pdf.clone()),
        ("issue", b.issue_pdf("2026-11-15")),
    ] {
        let raw = text(&file);
        let mut last_at = 0;
        for i in 1..=ROWS {
            let cell = format!("列{i:03}");
            let found = raw.matches(&cell).count();
            assert_eq!(found, 1, "the {what} shows row {cell} once, found {found}");
            // The row is kept whole, and rows keep their order.
            let row = format!("{cell} 第{i:03}號停車場 {}", i * 10);
            let at = raw.find(&cell).unwrap();
            let line = raw[at..].lines().next().unwrap();
            assert_eq!(
                normalize(line),
                row,
                "the {what} keeps row {cell} on one line"
            );
            assert!(
                at > last_at,
                "the {what} keeps row {cell} after the one before"
            );
            last_at = at;
        }
        assert!(
            squeeze(&raw).contains("以上停車場自即日起開放。"),
            "the {what} continues after the table"
        );
    }

    // The citation spans the table's pages, and the offprint is those pages.
    let issue_pdf = b.issue_pdf("2026-11-15");
    let entries = contents(&issue_pdf, &header);
    let table = Doc {
        slug: TABLE_SLUG,
        category: "公告",
        title: TABLE_TITLE,
        agency: "臺中市政府交通局",
        doc_number: "府授交停字第1150279999號",
        body: &[],
    };
    let (first, last) = b.cited_pages(&ISSUES[1], TABLE_SLUG);
    assert_eq!(
        last - first + 1,
        pages,
        "the citation gives the table's pages"
    );
    assert_offprints_match_citations(&b, &ISSUES[1], &[table], &entries);
}

// ---------------------------------------------------------------------------
// A character no font has.

#[test]
fn a_character_no_font_has_fails_check_and_build() {
    let site = TempSite::copy_of("valid");
    let rel = "content/gazette/2026-11-15/04-rare-name.md";
    // U+30000 (CJK Extension G) is in no Noto CJK font: line 8, column 6.
    site.write(
        rel,
        "---\ntitle: 本府人事任免令\ncategory: 人事\nagency: 臺中市政府人事處\n\
         doc_number: 府授人力字第1150270002號\ndate: 2026-11-10\n---\n\
         主旨：派陳\u{30000}明為本府秘書處科長。\n",
    );

    let run = check(&site.root);
    assert_eq!(run.code, 1, "check fails:\n{}", run.stderr);
    let d = run.only_error();
    assert_eq!(d.file, rel, "the message names the file: {d:?}");
    assert_eq!(
        d.pos(),
        (8, 6),
        "the message points at the character: {d:?}"
    );
    assert!(
        d.message.contains("U+30000"),
        "the message gives the code point: {d:?}"
    );

    let out = site.out("public");
    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 1, "the build fails:\n{}", run.stderr);
    assert!(
        run.stderr.contains("U+30000"),
        "the build says why:\n{}",
        run.stderr
    );
    let written: Vec<String> = if out.exists() {
        tree(&out).into_keys().collect()
    } else {
        Vec::new()
    };
    assert!(
        !written.iter().any(|p| p.ends_with(".pdf")),
        "no PDF is published: {written:?}"
    );
    let beside: Vec<String> = tree(&site.dir.path)
        .into_keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert!(beside.is_empty(), "no PDF is left anywhere: {beside:?}");
}

#[test]
fn a_character_no_font_has_in_an_issue_note_fails_check() {
    // The note is printed on the issue's cover, so it needs a glyph too.
    let site = TempSite::copy_of("valid");
    let rel = "content/gazette/2026-11-15/issue.yaml";
    site.write(rel, "note: 本期增刊\u{30000}\n");
    let run = check(&site.root);
    assert_eq!(
        run.code, 1,
        "check fails on a note the cover would print as an empty box:\n{}",
        run.stderr
    );
    let d = run.only_error();
    assert_eq!(d.file, rel, "the message names the file: {d:?}");
    assert_eq!(
        d.pos(),
        (1, 11),
        "the message points at the character: {d:?}"
    );
    assert!(d.message.contains("U+30000"), "the code point: {d:?}");
}

// ---------------------------------------------------------------------------
// Print fidelity: nothing written is lost, cut or changed on paper.

/// A copy of the valid fixture whose issue 2026-11-15 holds only
/// `docs` (slug, title, body Markdown), all 公告 dated 2026-11-11.
fn fidelity_site(docs: &[(&str, &str, &str)]) -> TempSite {
    let site = TempSite::copy_of("valid");
    for old in ["01-funeral-fees", "02-personnel", "03-venue-rules-crlf"] {
        std::fs::remove_file(site.path(&format!("content/gazette/2026-11-15/{old}.md")))
            .expect("the fixture has the document");
    }
    for (n, (slug, title, body)) in docs.iter().enumerate() {
        site.write(
            &format!("content/gazette/2026-11-15/{slug}.md"),
            format!(
                "---\ntitle: {title}\ncategory: 公告\nagency: 臺中市政府主計處\n\
                 doc_number: 府授主字第11502800{n:02}號\ndate: 2026-11-11\n---\n{body}"
            ),
        );
    }
    site
}

/// `munipub pdf 2026-11-15` of a site: the issue PDF, which must be written.
fn proof_pdf(site: &TempSite) -> PathBuf {
    let out = site.out("proof.pdf");
    let run = proof(site, "2026-11-15", &out);
    assert_eq!(run.code, 0, "munipub pdf succeeds:\n{}", run.stderr);
    out
}

/// `munipub pdf DATE -o OUT` of a site.
fn proof(site: &TempSite, date: &str, out: &Path) -> common::Run {
    common::munipub(&[
        "--root".as_ref(),
        site.root.as_os_str(),
        "pdf".as_ref(),
        date.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

/// The text of every page without its running header, page number and
/// the `repeated` lines (table headers), squeezed: text continued over a
/// page break reads on.
fn body_text(pdf: &Path, repeated: &[&str]) -> String {
    let mut all = String::new();
    for p in 1..=page_count(pdf) {
        let mut lines = page_lines(pdf, p);
        if footer_number(&lines).is_some() {
            lines.pop();
        }
        if p > 1 {
            lines.remove(0);
        }
        for l in lines.iter().filter(|l| !repeated.contains(&l.as_str())) {
            all.push_str(&squeeze(l));
        }
    }
    all
}

/// Each page's size in points, from `pdfinfo`.
fn page_sizes(pdf: &Path) -> Vec<(f32, f32)> {
    let last = page_count(pdf).to_string();
    tool_stdout("pdfinfo", &["-f", "1", "-l", &last], pdf, &[])
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let v: Vec<f32> = l
                .split(" size: ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (v[0], v[1])
        })
        .collect()
}

#[test]
fn a_table_cell_longer_than_a_page_continues_on_the_next_page() {
    // A 修正條文對照表 row: one cell of 120 sentences, taller than a page.
    let sentences: Vec<String> = (1..=120)
        .map(|i| format!("第{i}句規定本市公有停車場之收費基準及減免事項。"))
        .collect();
    let body = format!(
        "主旨：修正條文對照表如下。\n\n| 條次 | 修正條文 |\n| --- | --- |\n| 第一條 | {} |\n\n以上修正自即日生效。\n",
        sentences.concat()
    );
    let site = fidelity_site(&[("01-long-cell", "修正條文對照表", &body)]);
    let pdf = proof_pdf(&site);
    let all = body_text(&pdf, &["條次 修正條文"]);
    let lost: Vec<&String> = sentences
        .iter()
        .filter(|s| !all.contains(s.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of 120 sentences of the long cell are not in the PDF's text: {lost:?}",
        lost.len()
    );
    assert!(
        all.contains("以上修正自即日生效。"),
        "the text after the table is there"
    );
    let with_header = (1..=page_count(&pdf))
        .filter(|p| page_lines(&pdf, *p).iter().any(|l| l == "條次 修正條文"))
        .count();
    assert!(
        with_header >= 2,
        "the row continues on a next page under the repeated header row ({with_header} pages show it)"
    );
}

/// A budget table of `columns` columns: 科目 and amounts like 1,104,729.
fn budget_table(columns: usize) -> (String, Vec<String>) {
    let mut md = String::from("主旨：公告本市總預算。\n\n| 科目 |");
    for c in 1..columns {
        md.push_str(&format!(" 第{c}款 |"));
    }
    md.push_str("\n| --- |");
    md.push_str(&" ---: |".repeat(columns - 1));
    md.push('\n');
    let mut numbers = Vec::new();
    for r in 0..6 {
        md.push_str(&format!("| 科目{r} |"));
        for c in 1..columns {
            let n = format!("1,{:03},{:03}", 100 + r * 17 + c, 729 - c * 3);
            md.push_str(&format!(" {n} |"));
            numbers.push(n);
        }
        md.push('\n');
    }
    md.push_str("\n以上預算業經議會審議通過。\n");
    (md, numbers)
}

#[test]
fn numbers_in_a_wide_table_are_never_broken_and_a_wider_one_turns_landscape() {
    let (ten, ten_numbers) = budget_table(10);
    let (wide, wide_numbers) = budget_table(16);
    let site = fidelity_site(&[
        ("01-budget", "公告本市總預算", &ten),
        ("02-budget-wide", "公告本市總預算明細", &wide),
    ]);
    let pdf = proof_pdf(&site);
    let raw = text(&pdf);
    let broken: Vec<&String> = ten_numbers
        .iter()
        .chain(&wide_numbers)
        .filter(|n| !raw.contains(n.as_str()))
        .collect();
    assert!(
        broken.is_empty(),
        "every number is printed whole on one line; broken: {broken:?}"
    );
    let sizes = page_sizes(&pdf);
    let landscape = sizes.iter().filter(|(w, h)| w > h).count();
    assert!(
        landscape >= 1,
        "the 16-column table is set on a landscape page: {sizes:?}"
    );
    assert!(
        sizes.iter().filter(|(w, h)| w < h).count() >= 3,
        "the other pages stay upright: {sizes:?}"
    );
    // The landscape page has the running header and a page number too.
    let turned = sizes.iter().position(|(w, h)| w > h).unwrap() + 1;
    let lines = page_lines(&pdf, turned);
    assert_page_starts_with(
        &lines,
        &ISSUES[1].running_header(),
        None,
        "the landscape page",
    );
    assert!(footer_number(&lines).is_some(), "{lines:?}");
}

#[test]
fn narrow_table_columns_keep_words_whole_and_copy_without_spaces() {
    let long = [
        "本類補助對象為設籍本市之低收入戶及中低收入戶，補助項目包括房屋租金、生活津貼、醫療費用與子女教育費用，申請人應檢附相關證明文件向戶籍所在地區公所提出申請。",
        "本類補助對象為身心障礙者及其家屬，補助項目包括輔具購置、居家照顧、交通接送與復健費用，申請人應檢附身心障礙證明向社會局提出申請，經審核通過後按月撥付。",
        "本類補助對象為遭逢急難之市民，補助項目包括喪葬費用、醫療費用與臨時生活費用，申請人應於事故發生後三個月內提出申請。",
    ];
    let short = [
        "類別",
        "說明",
        "金額",
        "第一類",
        "第二類",
        "第三類",
        "1,200,000",
        "35,000",
        "8,000",
    ];
    let body = format!(
        "主旨：公告本市社會救助補助項目。\n\n| 類別 | 說明 | 金額 |\n| --- | --- | ---: |\n\
         | 第一類 | {} | 1,200,000 |\n| 第二類 | {} | 35,000 |\n| 第三類 | {} | 8,000 |\n\n以上補助自即日起受理。\n",
        long[0], long[1], long[2]
    );
    let site = fidelity_site(&[("01-narrow", "公告本市社會救助補助項目", &body)]);
    let pdf = proof_pdf(&site);
    let raw = text(&pdf);
    let start = raw.find("補助項目。").expect("the text before the table") + "補助項目。".len();
    let end = raw.find("以上補助自即日起受理").expect("the text after it");
    for token in raw[start..end].split_whitespace() {
        let whole = short.contains(&token);
        let piece_of_long = long.iter().any(|l| {
            l.contains(token)
                && (token.chars().count() >= 4 || l.starts_with(token) || l.ends_with(token))
        });
        assert!(
            whole || piece_of_long,
            "«{token}» is a cell cut up or letter-spaced; the table reads:\n{}",
            &raw[start..end]
        );
    }
    for cell in short {
        assert!(
            raw[start..end].split_whitespace().any(|t| t == cell),
            "«{cell}» is printed whole"
        );
    }
    for l in long {
        assert!(squeeze(&raw).contains(l), "the long cell reads whole: {l}");
    }
}

#[test]
fn a_2000_character_title_wraps_over_a_few_pages() {
    let title: String = "修正臺中市公有路外停車場收費標準第三條及第五條規定"
        .chars()
        .cycle()
        .take(2000)
        .collect();
    let site = fidelity_site(&[("01-long-title", &title, "主旨：如標題。\n")]);
    let pdf = proof_pdf(&site);
    let pages = page_count(&pdf);
    // Cover, about 2 pages of contents, about 3 of the title at 16 pt.
    assert!(
        pages <= 8,
        "the title is set line after line, not a line a page: {pages} pages"
    );
    let all = body_text(&pdf, &[]);
    assert_eq!(
        all.matches(&title).count(),
        2,
        "the title is in the contents and on its page"
    );
    assert!(all.contains("主旨：如標題。"));
}

#[test]
fn a_table_too_wide_to_print_is_an_error_naming_it() {
    let mut md = String::from("主旨：如附表。\n\n|");
    md.push_str(&(1..=300).map(|c| format!(" 欄{c} |")).collect::<String>());
    md.push_str("\n|");
    md.push_str(&" --- |".repeat(300));
    md.push_str("\n|");
    md.push_str(
        &(1..=300)
            .map(|c| format!(" {} |", c * 1000))
            .collect::<String>(),
    );
    md.push('\n');
    let site = fidelity_site(&[("01-wide", "公告三百欄之表", &md)]);
    let rel = "content/gazette/2026-11-15/01-wide.md";
    let run = check(&site.root);
    assert_eq!(run.code, 1, "check fails:\n{}", run.stderr);
    let d = run.only_error();
    assert_eq!(d.file, rel, "{d:?}");
    assert_eq!(
        d.pos(),
        (10, 1),
        "the error points at the table's first line: {d:?}"
    );
    assert!(d.message.contains("300 columns"), "{d:?}");
    assert!(!d.help.is_empty(), "{d:?}");
    let out = site.out("proof.pdf");
    let run = common::munipub(&[
        "--root".as_ref(),
        site.root.as_os_str(),
        "pdf".as_ref(),
        "2026-11-15".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(
        run.code, 1,
        "no proof of a table that cannot be printed:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("300 columns"), "{}", run.stderr);
}

#[test]
fn a_radical_and_its_character_both_copy_out_as_written() {
    // ⼀ (U+2F00) and 一 (U+4E00), 流 (U+F9CA) and 流 (U+6D41) share glyphs.
    for body in [
        "部首\u{2F00}在前，其次是一；相容字\u{F9CA}在前，其次是流。",
        "一在前，其次是部首\u{2F00}；流在前，其次是相容字\u{F9CA}。",
    ] {
        let site = fidelity_site(&[("01-radical", "公告部首字", &format!("{body}\n"))]);
        let pdf = proof_pdf(&site);
        let all = squeeze(&text(&pdf));
        assert!(
            all.contains(body),
            "«{body}» copies out as written; the PDF's text is:\n{all}"
        );
    }
}

#[test]
fn check_names_radicals_compatibility_ideographs_and_private_use_characters() {
    let site = fidelity_site(&[
        (
            "01-radical",
            "公告部首字",
            "主旨：部首\u{2F00}與相容字\u{F9CA}。\n",
        ),
        ("02-private", "公告造字", "主旨：派陳\u{F8F8}明為科長。\n"),
    ]);
    let run = check(&site.root);
    assert_eq!(
        run.code, 1,
        "a private-use character fails check:\n{}",
        run.stderr
    );
    let e = run.only_error();
    assert_eq!(e.file, "content/gazette/2026-11-15/02-private.md", "{e:?}");
    assert_eq!(e.pos(), (8, 6), "{e:?}");
    assert!(
        e.message.contains("U+F8F8") && e.message.contains("private-use"),
        "{e:?}"
    );
    let warnings: Vec<common::Diag> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "warning")
        .collect();
    let rel = "content/gazette/2026-11-15/01-radical.md";
    for (code, pos, unified) in [("U+2F00", (8, 6), "U+4E00"), ("U+F9CA", (8, 11), "U+6D41")] {
        let w = warnings
            .iter()
            .find(|w| w.message.contains(code))
            .unwrap_or_else(|| panic!("a warning about {code}:\n{}", run.stderr));
        assert_eq!((w.file.as_str(), w.pos()), (rel, pos), "{w:?}");
        assert!(
            w.message.contains(unified) && w.help.contains(unified),
            "the warning names the unified character {unified}: {w:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Less paper, the 公文 layout and the press settings.

/// The settings file of the valid fixture with `extra` lines added.
fn with_gazette_settings(site: &TempSite, extra: &str) {
    let rel = "content/gazette/_gazette.yaml";
    let settings = std::fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, format!("{settings}{extra}"));
}

/// The 1-based pages of `pdf` whose text shows `title`.
fn pages_showing(pdf: &Path, title: &str) -> Vec<usize> {
    (1..=page_count(pdf))
        .filter(|&p| squeeze(&page_lines(pdf, p).concat()).contains(&squeeze(title)))
        .collect()
}

#[test]
fn documents_run_on_by_default_and_from_a_new_page_when_asked() {
    let issue = &ISSUES[1];
    let run_on = Built::valid();
    let pdf = run_on.issue_pdf(issue.date);
    let first = first_numbered_page(&pdf);
    // The fixture's short documents share page 1.
    for doc in issue.docs {
        let shown: Vec<usize> = pages_showing(&pdf, doc.title)
            .into_iter()
            .filter(|&p| p >= first)
            .collect();
        assert_eq!(
            shown,
            vec![first],
            "«{}» runs on after the one before, on page 1",
            doc.title
        );
    }
    let run_on_pages = page_count(&pdf);

    let site = TempSite::copy_of("valid");
    with_gazette_settings(&site, "pdf_layout: new-page\n");
    let new_page = Built::of(site);
    let pdf = new_page.issue_pdf(issue.date);
    let header = issue.running_header();
    let entries = contents(&pdf, &header);
    let first = first_numbered_page(&pdf);
    for (k, (title, n)) in entries.iter().enumerate() {
        assert_eq!(*n, k + 1, "each of the short documents takes a page");
        let lines = page_lines(&pdf, first + n - 1);
        assert_page_starts_with(&lines, &header, Some(title), &format!("page {n}"));
    }
    assert_eq!(page_count(&pdf), run_on_pages + issue.docs.len() - 1);
    assert_offprints_match_citations(&new_page, issue, issue.docs, &entries);
}

#[test]
fn official_labels_hang_signatures_stand_apart_and_notes_are_labelled() {
    let long = "本府為加強市民服務品質，提升行政效率，特訂定本要點，並自即日起生效施行，請各機關依照辦理。".repeat(2);
    let site = fidelity_site(&[(
        "01-official",
        "公告公文格式",
        &format!(
            "主旨：{long}\n\n說明：依據地方制度法辦理[^1]。\n\n部長　陳威仁\n\n[^1]: 地方制度法第二十七條。\n"
        ),
    )]);
    let pdf = proof_pdf(&site);
    let out = tool_stdout("pdftotext", &["-bbox"], &pdf, &["-"]);
    // x of the first word of each line of the page with the document.
    let words: Vec<(f32, String)> = out
        .lines()
        .filter(|l| l.contains("<word"))
        .map(|l| {
            let x = l
                .split("xMin=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let w = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            (x.parse().unwrap(), w.to_string())
        })
        .collect();
    let x_of = |start: &str| -> f32 {
        words
            .iter()
            .find(|(_, w)| w.starts_with(start))
            .unwrap_or_else(|| panic!("a line starts with «{start}»: {words:?}"))
            .0
    };
    let label_x = x_of("主旨：");
    // The second line of 主旨 starts under the text, after the label.
    let second = words
        .iter()
        .skip_while(|(_, w)| !w.starts_with("主旨："))
        .nth(1)
        .expect("主旨 runs over two lines");
    assert!(
        (second.0 - label_x - 36.0).abs() < 1.5,
        "the 主旨 paragraph hangs after «主旨：» (3 characters of 12 pt): {} vs {}",
        second.0,
        label_x
    );
    // The signature is set in the right half, title and name apart.
    assert!(
        x_of("部長") > 250.0,
        "the signature stands apart on the right"
    );
    let all = text(&pdf);
    assert!(all.contains("陳威仁"), "the signatory's name is printed");
    // The note is labelled 註1：.
    assert!(
        squeeze(&all).contains("註1：地方制度法第二十七條。"),
        "the footnote is labelled 註1："
    );
}

#[test]
fn gpn_and_issn_on_the_cover_and_a_colophon_page() {
    let site = TempSite::copy_of("valid");
    with_gazette_settings(
        &site,
        "gpn: \"2009005678\"\nissn: \"0317-8471\"\ncolophon:\n  - 地址：臺中市西屯區臺灣大道三段99號\n  - 電話：04-22289111\n",
    );
    let b = Built::of(site);
    let pdf = b.issue_pdf(ISSUES[1].date);
    let cover = squeeze(&page_lines(&pdf, 1).concat());
    assert!(cover.contains("GPN：2009005678"), "cover: {cover}");
    assert!(cover.contains("ISSN：0317-8471"), "cover: {cover}");
    let last = squeeze(&page_lines(&pdf, page_count(&pdf)).concat());
    for part in [
        "版權頁",
        "刊名：臺中市政府公報",
        "期別：115年冬字第3期",
        "刊期頻率：每月15日、30日出刊",
        "出版機關：臺中市政府",
        "地址：臺中市西屯區臺灣大道三段99號",
        "電話：04-22289111",
        "GPN：2009005678",
        "ISSN：0317-8471",
    ] {
        assert!(
            last.contains(&squeeze(part)),
            "the 版權頁 shows «{part}»: {last}"
        );
    }
    // Without the settings there is no 版權頁.
    let plain = Built::valid();
    let pdf = plain.issue_pdf(ISSUES[1].date);
    let last = squeeze(&page_lines(&pdf, page_count(&pdf)).concat());
    assert!(!last.contains("版權頁"));
}

#[test]
fn wrong_print_settings_are_errors_with_their_line() {
    let site = TempSite::copy_of("valid");
    with_gazette_settings(
        &site,
        "pdf_layout: sideways\ngpn: \"12345\"\nissn: \"0317-8472\"\n",
    );
    let run = check(&site.root);
    assert_ne!(run.code, 0);
    let errors = run.errors();
    let line_of = |what: &str| {
        errors
            .iter()
            .find(|e| e.message.contains(what))
            .unwrap_or_else(|| panic!("an error names {what}: {errors:?}"))
            .pos()
            .0
    };
    let settings = std::fs::read_to_string(site.path("content/gazette/_gazette.yaml")).unwrap();
    let n = settings.lines().count();
    assert_eq!(line_of("pdf_layout"), n - 2);
    assert_eq!(line_of("gpn"), n - 1);
    assert_eq!(line_of("check digit"), n);

    // A 版權頁 that would run off its page: refused, not cut.
    let site = TempSite::copy_of("valid");
    let many: String = (1..=40)
        .map(|i| format!("  - 展售處{i}：臺中市\n"))
        .collect();
    with_gazette_settings(&site, &format!("colophon:\n{many}"));
    let run = check(&site.root);
    assert_ne!(run.code, 0);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.message.contains("more than the 版權頁 holds")),
        "{:?}",
        run.errors()
    );
}

#[test]
fn the_directory_runs_in_two_columns_without_empty_columns_and_says_what_continues() {
    let site = TempSite::copy_of("valid");
    let mut yaml = String::from(
        "agency: 臺中市政府研究發展考核委員會\ngroup: 一級機關\norder: 20\n\
         address: 40701臺中市西屯區臺灣大道三段99號\nphone: 04-22289111\nunits:\n",
    );
    for u in 1..=40 {
        yaml.push_str(&format!(
            "  - name: 第{u}科\n    phone: 04-2228{u:04}\n    ext: \"{}\"\n    contacts:\n",
            20000 + u
        ));
        for c in 1..=4 {
            yaml.push_str(&format!(
                "      - title: 承辦人\n        ext: \"{}\"\n",
                30000 + u * 10 + c
            ));
        }
    }
    site.write("content/directory/research.yaml", yaml);
    // Without the one unit fax (a 傳真 column needs the whole width).
    let rel = "content/directory/secretariat.yaml";
    let secretariat = std::fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, secretariat.replace("    fax: 04-22583431\n", ""));
    let b = Built::of(site);
    let pdf = b.file("directory/directory.pdf");
    let pages = page_count(&pdf);
    // About 32 rows a column, two columns a page (one column took 7).
    assert!(pages <= 4, "220 rows take at most 4 pages, not {pages}");
    let all = text(&pdf);
    for u in 1..=40 {
        for c in 1..=4 {
            let ext = (30000 + u * 10 + c).to_string();
            assert_eq!(
                all.matches(&ext).count(),
                1,
                "extension {ext} is printed once"
            );
        }
    }
    // No table has a 傳真 column: no unit has a fax.
    let out = tool_stdout("pdftotext", &["-layout"], &pdf, &["-"]);
    assert!(
        out.lines().any(|l| l.contains("分機")) && !out.contains("分機   傳真"),
        "tables without faxes have no 傳真 column:\n{out}"
    );
    // Rows run in two columns: some row text lies right of the middle.
    let bbox = tool_stdout("pdftotext", &["-bbox", "-f", "2", "-l", "2"], &pdf, &["-"]);
    assert!(
        bbox.lines()
            .filter(|l| l.contains(">承辦人<"))
            .any(|l| l.contains("xMin=\"3")),
        "page 2 has rows in its right column"
    );
    // Every column that continues an agency's table names it with （續）.
    for p in 2..=pages {
        let lines = page_lines(&pdf, p);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("臺中市政府研究發展考核委員會（續）")),
            "page {p} names the agency it continues:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn a_directory_with_a_fax_column_runs_in_one_column_and_wraps_no_cell() {
    // The fixture's 公共關係科 has a fax: five columns do not fit half a page.
    let b = Built::valid();
    let pdf = b.file("directory/directory.pdf");
    let out = tool_stdout("pdftotext", &["-layout"], &pdf, &["-"]);
    let line_of = |what: &str| {
        out.lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("a line shows «{what}» whole:\n{out}"))
            .to_string()
    };
    assert!(normalize(&line_of("單位")).contains("單位 職稱 電話 分機 傳真"));
    let unit = normalize(&line_of("公共關係科"));
    assert!(
        unit.contains("公共關係科 04-2228-9111 11230 04-2258-3431"),
        "the unit's row on one line: {unit}"
    );
    assert!(
        normalize(&line_of("公共安全巡檢值班")).contains("0912-345-678"),
        "a six-character title stays whole"
    );
}

#[test]
fn text_is_printed_in_black_ink_only() {
    let b = Built::valid();
    let pdf = b.issue_pdf(ISSUES[1].date);
    let content = common::pdf_as_text(&pdf);
    // Gray 0 is K only on a press; RGB black is printed with four inks.
    assert!(content.contains("\n0 g\n"), "body text is set in gray 0");
    assert!(!content.contains("0 0 0 rg"), "no text is set in RGB black");
}

#[test]
fn the_pdf_command_reads_only_its_issue_and_what_it_corrects() {
    let site = TempSite::copy_of("legal");
    let b = Built::of(site);
    // A correction (its heading names the corrected document of another
    // issue) and an extra issue (numbered among the year's extra issues).
    for date in ["2026-11-30", "2026-11-20"] {
        let out = b.site.out(&format!("proof-{date}.pdf"));
        let run = proof(&b.site, date, &out);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(b.issue_pdf(date)).unwrap(),
            "munipub pdf {date} gives the PDF the build publishes"
        );
    }
    // A broken document elsewhere in the archive is not read.
    let other = b.site.path("content/gazette/2026-11-15/99-broken.md");
    std::fs::write(&other, "---\ntitle: [unclosed\n---\n").unwrap();
    let run = proof(&b.site, "2026-11-20", &b.site.out("proof.pdf"));
    assert_eq!(
        run.code, 0,
        "another issue's file is not read: {}",
        run.stderr
    );
    assert_ne!(check(&b.site.root).code, 0, "check still finds it");
}

// ---------------------------------------------------------------------------
// Tagged, archival PDFs (PDF/A-2A and PDF/UA-1 as far as can be read back
// without veraPDF: see docs/pdf.md).

/// A PDF read with lopdf.
fn lo(pdf: &Path) -> lopdf::Document {
    lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("lopdf reads {}: {e}", pdf.display()))
}

/// `obj`, following a reference.
fn deref<'a>(doc: &'a lopdf::Document, obj: &'a lopdf::Object) -> &'a lopdf::Object {
    match obj {
        lopdf::Object::Reference(id) => doc.get_object(*id).expect("a reference resolves"),
        o => o,
    }
}

fn dict<'a>(doc: &'a lopdf::Document, obj: &'a lopdf::Object) -> &'a lopdf::Dictionary {
    match deref(doc, obj) {
        lopdf::Object::Dictionary(d) => d,
        lopdf::Object::Stream(s) => &s.dict,
        o => panic!("a dictionary, not {o:?}"),
    }
}

fn catalog_dict(doc: &lopdf::Document) -> &lopdf::Dictionary {
    doc.catalog().expect("the PDF has a catalog")
}

fn name(obj: &lopdf::Object) -> String {
    String::from_utf8_lossy(obj.as_name().expect("a name")).into_owned()
}

/// A text string (UTF-16 with a byte order mark, or PDFDocEncoding ASCII).
fn text_string(obj: &lopdf::Object) -> String {
    let b = obj.as_str().expect("a string");
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

/// The gazette and directory PDFs of a build (the couplets are not tagged).
fn archival_pdfs(b: &Built) -> Vec<PathBuf> {
    b.pdfs()
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("/couplets/"))
        .collect()
}

/// A structure element as read back: its type, its MCIDs as (page
/// index, MCID), its annotations and its children, in order.
#[derive(Debug)]
struct Elem {
    kind: String,
    dict: lopdf::Dictionary,
    mcids: Vec<(usize, i64)>,
    annots: Vec<lopdf::ObjectId>,
    children: Vec<Elem>,
    /// Every MCID under the element, in the tree's order (reading order).
    order: Vec<(usize, i64)>,
}

impl Elem {
    /// Every element, depth first (reading order).
    fn all(&self) -> Vec<&Elem> {
        let mut v = vec![self];
        for c in &self.children {
            v.extend(c.all());
        }
        v
    }

    fn kinds(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.kind.as_str()).collect()
    }
}

/// The structure tree from `/StructTreeRoot`, MCIDs resolved to pages.
fn structure(doc: &lopdf::Document) -> Elem {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let page_of = |id: lopdf::ObjectId| pages.iter().position(|p| *p == id).expect("a page");
    fn read(
        doc: &lopdf::Document,
        d: &lopdf::Dictionary,
        page_of: &dyn Fn(lopdf::ObjectId) -> usize,
    ) -> Elem {
        let pg = d
            .get(b"Pg")
            .ok()
            .map(|p| page_of(p.as_reference().unwrap()));
        let mut e = Elem {
            kind: d.get(b"S").map(name).unwrap_or_default(),
            dict: d.clone(),
            mcids: Vec::new(),
            annots: Vec::new(),
            children: Vec::new(),
            order: Vec::new(),
        };
        let kids = match d.get(b"K") {
            Ok(lopdf::Object::Array(a)) => a.clone(),
            Ok(k) => vec![k.clone()],
            Err(_) => Vec::new(),
        };
        for k in &kids {
            match deref(doc, k) {
                lopdf::Object::Integer(m) => {
                    e.mcids.push((pg.expect("/Pg for MCIDs"), *m));
                    e.order.push((pg.unwrap(), *m));
                }
                lopdf::Object::Dictionary(kd) => match kd.get(b"Type").map(name).as_deref() {
                    Ok("MCR") => {
                        let mcr = (
                            page_of(kd.get(b"Pg").unwrap().as_reference().unwrap()),
                            kd.get(b"MCID").unwrap().as_i64().unwrap(),
                        );
                        e.mcids.push(mcr);
                        e.order.push(mcr);
                    }
                    Ok("OBJR") => e
                        .annots
                        .push(kd.get(b"Obj").unwrap().as_reference().unwrap()),
                    _ => {
                        let child = read(doc, kd, page_of);
                        e.order.extend(child.order.iter().copied());
                        e.children.push(child);
                    }
                },
                o => panic!("a structure element's kid is {o:?}"),
            }
        }
        e
    }
    let root = catalog_dict(doc)
        .get(b"StructTreeRoot")
        .map(|r| dict(doc, r))
        .expect("the catalog has a /StructTreeRoot: the PDF is tagged");
    let k = root.get(b"K").expect("the tree has a root element");
    let first = match deref(doc, k) {
        lopdf::Object::Array(a) => {
            assert_eq!(a.len(), 1, "one Document element");
            &a[0]
        }
        o => o,
    };
    read(doc, dict(doc, first), &page_of)
}

/// Each page's marked content: the MCIDs in order, after asserting that
/// every operator that paints (text, images, paths) is inside a sequence
/// with an MCID or inside an `/Artifact`, never both, and that MCID
/// sequences do not nest.
fn marked_content(doc: &lopdf::Document, what: &str) -> Vec<Vec<i64>> {
    let mut out = Vec::new();
    for (n, (_, page)) in doc.get_pages().into_iter().enumerate() {
        let content = doc
            .get_and_decode_page_content(page)
            .expect("the content stream decodes");
        // (tag, MCID) of each open sequence.
        let mut open: Vec<(String, Option<i64>)> = Vec::new();
        let mut mcids = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = name(&op.operands[0]);
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|p| dict(doc, p).get(b"MCID").ok())
                        .map(|m| m.as_i64().unwrap());
                    if let Some(m) = mcid {
                        assert!(
                            open.iter().all(|(t, m)| m.is_none() && t != "Artifact"),
                            "{what} page {}: MCID {m} is opened inside {open:?}",
                            n + 1
                        );
                        mcids.push(m);
                    }
                    open.push((tag, mcid));
                }
                "EMC" => {
                    open.pop().expect("EMC closes a sequence");
                }
                "TJ" | "Tj" | "'" | "\"" | "Do" | "S" | "s" | "f" | "F" | "f*" | "B" | "B*"
                | "b" | "b*" | "sh" => {
                    let tagged = open.iter().any(|(_, m)| m.is_some());
                    let artifact = open.iter().any(|(t, _)| t == "Artifact");
                    assert!(
                        tagged != artifact,
                        "{what} page {}: `{}` is {} (open: {open:?})",
                        n + 1,
                        op.operator,
                        if tagged {
                            "both tagged and an artifact"
                        } else {
                            "neither tagged nor an artifact"
                        }
                    );
                }
                _ => {}
            }
        }
        assert!(
            open.is_empty(),
            "{what} page {}: sequences left open",
            n + 1
        );
        out.push(mcids);
    }
    out
}

#[test]
fn every_mark_of_every_page_is_tagged_or_an_artifact_and_in_the_tree_once() {
    let b = Built::valid();
    for pdf in archival_pdfs(&b) {
        let what = pdf.display().to_string();
        let doc = lo(&pdf);
        let marked = marked_content(&doc, &what);
        let tree = structure(&doc);
        // Every MCID of every page is referred to exactly once by the tree.
        let mut in_tree: Vec<(usize, i64)> =
            tree.all().iter().flat_map(|e| e.mcids.clone()).collect();
        in_tree.sort();
        let mut in_pages: Vec<(usize, i64)> = marked
            .iter()
            .enumerate()
            .flat_map(|(p, m)| m.iter().map(move |m| (p, *m)))
            .collect();
        in_pages.sort();
        assert!(!in_pages.is_empty(), "{what} has tagged content");
        assert_eq!(in_tree, in_pages, "{what}: the tree holds every MCID once");
        // The layout writes content in reading order (the text round-trip
        // tests read it so): the tree, read depth first, follows it.
        assert_eq!(
            tree.order, in_pages,
            "{what}: the tree reads in the order of the pages' content"
        );
        // The parent tree maps each page's MCIDs back to their elements.
        let root = dict(&doc, catalog_dict(&doc).get(b"StructTreeRoot").unwrap());
        let nums = dict(&doc, root.get(b"ParentTree").unwrap())
            .get(b"Nums")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let parents: BTreeMap<i64, lopdf::Object> = nums
            .chunks(2)
            .map(|c| (c[0].as_i64().unwrap(), c[1].clone()))
            .collect();
        for (p, (_, page)) in doc.get_pages().into_iter().enumerate() {
            let pd = doc.get_dictionary(page).unwrap();
            assert_eq!(
                pd.get(b"Tabs").map(name).ok().as_deref(),
                Some("S"),
                "{what} page {}: /Tabs /S",
                p + 1
            );
            let key = pd.get(b"StructParents").unwrap().as_i64().unwrap();
            let elems = deref(&doc, &parents[&key]).as_array().unwrap();
            assert_eq!(elems.len(), marked[p].len(), "{what} page {}", p + 1);
            for (mcid, e) in elems.iter().enumerate() {
                let e = read_elem_mcids(&doc, e, page);
                assert!(
                    e.contains(&(mcid as i64)),
                    "{what} page {}: the parent tree's element for MCID {mcid} holds it",
                    p + 1
                );
            }
        }
        assert_eq!(tree.kind, "Document", "{what}");
        // Running headers and page numbers are pagination artifacts.
        let issue = pdf
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("gazette-");
        for (p, (header, footer)) in pagination(&doc).into_iter().enumerate() {
            let cover = issue && p == 0;
            assert_eq!(header, !cover, "{what} page {}: the header", p + 1);
            let numbered = footer_number(&page_lines(&pdf, p + 1)).is_some();
            assert_eq!(footer, numbered, "{what} page {}: the page number", p + 1);
        }
    }
}

/// Per page: whether it has a header and a footer pagination artifact
/// (`/Artifact <</Type /Pagination /Subtype /Header>> BDC`).
fn pagination(doc: &lopdf::Document) -> Vec<(bool, bool)> {
    doc.get_pages()
        .into_values()
        .map(|page| {
            let content = doc.get_and_decode_page_content(page).unwrap();
            let mut found = (false, false);
            for op in content.operations.iter().filter(|o| o.operator == "BDC") {
                if name(&op.operands[0]) != "Artifact" {
                    continue;
                }
                let d = dict(doc, &op.operands[1]);
                if d.get(b"Type").map(name).ok().as_deref() != Some("Pagination") {
                    continue;
                }
                match d.get(b"Subtype").map(name).ok().as_deref() {
                    Some("Header") => found.0 = true,
                    Some("Footer") => found.1 = true,
                    _ => {}
                }
            }
            found
        })
        .collect()
}

/// The MCIDs on `page` of the element `e`.
fn read_elem_mcids(doc: &lopdf::Document, e: &lopdf::Object, page: lopdf::ObjectId) -> Vec<i64> {
    let d = dict(doc, e);
    let pg = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    let kids = match d.get(b"K") {
        Ok(lopdf::Object::Array(a)) => a.clone(),
        Ok(k) => vec![k.clone()],
        Err(_) => Vec::new(),
    };
    kids.iter()
        .filter_map(|k| match deref(doc, k) {
            lopdf::Object::Integer(m) if pg == Some(page) => Some(*m),
            lopdf::Object::Dictionary(kd)
                if kd.get(b"Type").map(name).ok().as_deref() == Some("MCR")
                    && kd.get(b"Pg").ok().and_then(|p| p.as_reference().ok()) == Some(page) =>
            {
                kd.get(b"MCID").ok().and_then(|m| m.as_i64().ok())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_structure_tree_reads_as_the_document_does() {
    let b = Built::valid();
    let pdf = b.offprint("2026-02-28", "01-parking-fee-rules");
    let doc = lo(&pdf);
    let tree = structure(&doc);
    assert_eq!(
        tree.kinds(),
        ["Sect"],
        "an offprint holds its document only"
    );
    let sect = &tree.children[0];
    let kinds = sect.kinds();
    assert_eq!(
        &kinds[..6],
        ["H1", "P", "P", "P", "P", "P"],
        "title, 發文機關/字號/日期, then 主旨 and 依據"
    );
    // In reading order: the list, the table, the figure and its caption,
    // the footnote, then the attachments.
    let order: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| ["L", "Table", "Figure", "Caption", "Note", "H2"].contains(k))
        .collect();
    assert_eq!(
        order,
        ["L", "Table", "Figure", "Caption", "Note", "H2", "L"],
        "{kinds:?}"
    );
    let all = sect.all();
    // Lists: each item a label and a body, nested lists inside bodies.
    let list = all.iter().find(|e| e.kind == "L").unwrap();
    assert_eq!(list.kinds(), ["LI", "LI"]);
    for li in list.all().iter().filter(|e| e.kind == "LI") {
        assert_eq!(li.kinds(), ["Lbl", "LBody"], "{li:?}");
    }
    assert!(
        list.all().iter().filter(|e| e.kind == "LI").count() >= 6,
        "the nested items are in the tree"
    );
    // The table: a header row of TH with a column scope, rows of TD.
    let table = all.iter().find(|e| e.kind == "Table").unwrap();
    assert_eq!(table.kinds(), ["THead", "TBody"]);
    let head = &table.children[0].children[0];
    assert_eq!(head.kinds(), ["TH", "TH", "TH"]);
    for th in &head.children {
        let a = dict(&doc, th.dict.get(b"A").expect("TH has attributes"));
        assert_eq!(a.get(b"O").map(name).ok().as_deref(), Some("Table"));
        assert_eq!(a.get(b"Scope").map(name).ok().as_deref(), Some("Column"));
    }
    let rows = &table.children[1];
    assert_eq!(rows.kinds(), ["TR", "TR"]);
    for tr in &rows.children {
        assert_eq!(tr.kinds(), ["TD", "TD", "TD"]);
    }
    // The figure's text alternative is the Markdown's alt text.
    let figure = all.iter().find(|e| e.kind == "Figure").unwrap();
    assert_eq!(
        text_string(figure.dict.get(b"Alt").expect("the figure has /Alt")),
        "市政停車場位置圖"
    );
    assert!(
        !figure.mcids.is_empty(),
        "the image is the figure's content"
    );
    // The footnote: a Note with an /ID, its label and its paragraph.
    let note = all.iter().find(|e| e.kind == "Note").unwrap();
    assert!(note.dict.get(b"ID").is_ok(), "a Note has an /ID (PDF/UA)");
    assert_eq!(note.kinds(), ["Lbl", "P"]);
    // The attachment: a link element holding its annotation.
    let link = all
        .iter()
        .find(|e| e.kind == "Link")
        .expect("a Link element");
    assert_eq!(link.annots.len(), 1, "{link:?}");
    let annot = doc.get_dictionary(link.annots[0]).unwrap();
    assert_eq!(
        annot.get(b"F").unwrap().as_i64().unwrap(),
        4,
        "printable (PDF/A)"
    );
    assert!(annot.get(b"StructParent").is_ok(), "{annot:?}");
    assert_eq!(
        text_string(annot.get(b"Contents").expect("/Contents (PDF/UA)")),
        "附件1：停車場位置圖"
    );
    let uri = dict(&doc, annot.get(b"A").unwrap()).get(b"URI").unwrap();
    assert_eq!(
        uri.as_str().unwrap(),
        b"https://www.example.gov.tw/gazette/2026-02-28/01-parking-fee-rules/map.png"
    );
}

#[test]
fn the_issue_tree_has_cover_contents_and_documents_and_the_directory_its_tables() {
    let b = Built::valid();
    let doc = lo(&b.issue_pdf("2026-11-15"));
    let tree = structure(&doc);
    assert_eq!(tree.kinds(), ["Sect", "Sect", "Sect", "Sect", "Sect"]);
    assert_eq!(
        tree.children[0].kinds()[0],
        "H1",
        "the cover's gazette name"
    );
    let contents = &tree.children[1];
    assert_eq!(contents.kinds()[..3], ["H1", "H2", "TOC"]);
    let toci = &contents.children[2].children[0];
    assert_eq!(toci.kind, "TOCI");
    assert_eq!(toci.kinds(), ["Link"], "each entry links to its document");
    assert_eq!(toci.children[0].annots.len(), 1);
    let dir = lo(&b.file("directory/directory.pdf"));
    let tree = structure(&dir);
    let all = tree.all();
    assert_eq!(tree.kinds()[..2], ["H1", "P"]);
    assert!(
        all.iter().any(|e| e.kind == "TH"),
        "the directory's tables have header cells"
    );
    for table in all.iter().filter(|e| e.kind == "Table") {
        let rows: Vec<usize> = table
            .all()
            .iter()
            .filter(|e| e.kind == "TR")
            .map(|tr| tr.children.len())
            .collect();
        assert!(
            rows.iter().all(|n| *n == rows[0]),
            "every row has all its cells, empty ones too: {rows:?}"
        );
    }
}

#[test]
fn the_pdfs_identify_as_pdf_a_2a_and_pdf_ua_1() {
    let b = Built::valid();
    for pdf in archival_pdfs(&b) {
        let what = pdf.display().to_string();
        let doc = lo(&pdf);
        let cat = catalog_dict(&doc);
        let md = match deref(&doc, cat.get(b"Metadata").expect("/Metadata")) {
            lopdf::Object::Stream(s) => s,
            o => panic!("{what}: metadata is a stream, not {o:?}"),
        };
        assert!(
            md.dict.get(b"Filter").is_err(),
            "{what}: XMP is not compressed"
        );
        let xmp = String::from_utf8(md.content.clone()).expect("XMP is UTF-8");
        let title = text_string(
            dict(&doc, doc.trailer.get(b"Info").unwrap())
                .get(b"Title")
                .unwrap(),
        );
        for part in [
            "<pdfaid:part>2</pdfaid:part>".to_string(),
            "<pdfaid:conformance>A</pdfaid:conformance>".into(),
            "<pdfuaid:part>1</pdfuaid:part>".into(),
            "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>".into(),
            format!(r#"<rdf:li xml:lang="x-default">{title}</rdf:li>"#),
            "<rdf:li>zh-TW</rdf:li>".into(),
        ] {
            assert!(xmp.contains(&part), "{what}: XMP holds {part}:\n{xmp}");
        }
        let marked = dict(&doc, cat.get(b"MarkInfo").expect("/MarkInfo"));
        assert!(
            marked.get(b"Marked").unwrap().as_bool().unwrap(),
            "{what}: /Marked true"
        );
        let intents = deref(&doc, cat.get(b"OutputIntents").unwrap())
            .as_array()
            .unwrap();
        let intent = dict(&doc, &intents[0]);
        assert_eq!(name(intent.get(b"S").unwrap()), "GTS_PDFA1", "{what}");
        let icc = match deref(&doc, intent.get(b"DestOutputProfile").unwrap()) {
            lopdf::Object::Stream(s) => s,
            o => panic!("{what}: an ICC profile stream, not {o:?}"),
        };
        assert_eq!(
            icc.dict.get(b"N").unwrap().as_i64().unwrap(),
            3,
            "{what}: RGB"
        );
        let profile = icc
            .decompressed_content()
            .unwrap_or_else(|_| icc.content.clone());
        assert_eq!(&profile[36..40], b"acsp", "{what}: an ICC profile");
        assert_eq!(&profile[16..20], b"RGB ", "{what}: an RGB profile");
        assert_eq!(
            info(&pdf).get("Tagged").map(String::as_str),
            Some("yes"),
            "{what}: pdfinfo sees a tagged PDF"
        );
    }
}

/// Each page's label as a viewer shows it, from `/PageLabels`.
fn page_labels(doc: &lopdf::Document) -> Vec<String> {
    let cat = catalog_dict(doc);
    let nums = dict(doc, cat.get(b"PageLabels").expect("/PageLabels"))
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let ranges: Vec<(usize, &lopdf::Dictionary)> = nums
        .chunks(2)
        .map(|c| (c[0].as_i64().unwrap() as usize, dict(doc, &c[1])))
        .collect();
    let roman = |mut n: usize| {
        let mut s = String::new();
        for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
            while n >= v {
                s.push_str(r);
                n -= v;
            }
        }
        s
    };
    (0..doc.get_pages().len())
        .map(|p| {
            let (start, d) = ranges.iter().rev().find(|(s, _)| *s <= p).expect("a range");
            let prefix = d.get(b"P").map(text_string).unwrap_or_default();
            let n = d
                .get(b"St")
                .map(|s| s.as_i64().unwrap() as usize)
                .unwrap_or(1)
                + p
                - start;
            let number = match d.get(b"S").map(name).ok().as_deref() {
                Some("D") => n.to_string(),
                Some("r") => roman(n),
                None => String::new(),
                Some(o) => panic!("style {o}"),
            };
            prefix + &number
        })
        .collect()
}

#[test]
fn page_labels_are_the_printed_page_numbers() {
    let b = Built::valid();
    for issue in ISSUES {
        let pdf = b.issue_pdf(issue.date);
        let labels = page_labels(&lo(&pdf));
        assert_eq!(labels[0], "封面", "{}", pdf.display());
        let first = first_numbered_page(&pdf);
        assert_eq!(
            labels[first - 1],
            "1",
            "the page labelled 1 is the first document page"
        );
        for (p, label) in labels.iter().enumerate().skip(first - 1) {
            assert_eq!(
                footer_number(&page_lines(&pdf, p + 1))
                    .map(|n| n.to_string())
                    .as_ref(),
                Some(label),
                "{} page {}: the label is the printed number",
                pdf.display(),
                p + 1
            );
        }
        for doc in issue.docs {
            let off = b.offprint(issue.date, doc.slug);
            let labels = page_labels(&lo(&off));
            let printed: Vec<String> = (1..=page_count(&off))
                .map(|p| footer_number(&page_lines(&off, p)).unwrap().to_string())
                .collect();
            assert_eq!(
                labels,
                printed,
                "{}: labels are the issue's pages",
                off.display()
            );
            let (s, e) = b.cited_pages(issue, doc.slug);
            assert_eq!(labels.first(), Some(&s.to_string()));
            assert_eq!(labels.last(), Some(&e.to_string()));
        }
    }
    let dir = b.file("directory/directory.pdf");
    let printed: Vec<String> = (1..=page_count(&dir))
        .map(|p| footer_number(&page_lines(&dir, p)).unwrap().to_string())
        .collect();
    assert_eq!(page_labels(&lo(&dir)), printed, "the directory's labels");
}

#[test]
fn an_image_has_its_alt_text_as_caption_and_attachments_are_listed() {
    let b = Built::valid();
    let pdf = b.offprint("2026-02-28", "01-parking-fee-rules");
    let all = squeeze(&text(&pdf));
    let table_end = all.find("文心停車場").expect("the table is there");
    let caption = all
        .find("市政停車場位置圖")
        .expect("the alt text is printed");
    assert!(
        caption > table_end,
        "the caption is below the table, under the image"
    );
    let note = all.find("本標準於中華民國115年2月20日修正發布").unwrap();
    let listed = all
        .find("附件一、停車場位置圖（map.png）")
        .unwrap_or_else(|| panic!("the attachment is listed by its title:\n{all}"));
    assert!(listed > note, "attachments come at the end");
}

#[test]
fn a_link_in_a_paragraph_is_a_link_element_between_its_text() {
    let site = fidelity_site(&[(
        "01-link",
        "公告連結測試",
        "請參閱[市政府網站](https://www.taichung.gov.tw/)辦理。\n",
    )]);
    let pdf = proof_pdf(&site);
    let doc = lo(&pdf);
    let tree = structure(&doc);
    let all = tree.all();
    let p = all
        .iter()
        .find(|e| e.kind == "P" && e.kinds() == ["Link"])
        .unwrap_or_else(|| {
            panic!(
                "a paragraph holds a Link: {:?}",
                tree.all().iter().map(|e| &e.kind).collect::<Vec<_>>()
            )
        });
    let link = &p.children[0];
    assert_eq!(
        p.mcids.len(),
        2,
        "the paragraph's text before and after the link"
    );
    assert_eq!(
        p.order,
        [p.mcids[0], link.mcids[0], p.mcids[1]],
        "the link's text reads between the paragraph's"
    );
    assert_eq!(link.annots.len(), 1);
    let annot = doc.get_dictionary(link.annots[0]).unwrap();
    assert_eq!(text_string(annot.get(b"Contents").unwrap()), "市政府網站");
    assert_eq!(annot.get(b"F").unwrap().as_i64().unwrap(), 4);
    assert!(
        squeeze(&text(&pdf)).contains("請參閱市政府網站辦理。"),
        "the text reads on"
    );
}
