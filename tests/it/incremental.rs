//! Incremental builds: the build cache (`.munipub-cache/`) makes again only
//! the PDFs whose inputs changed, and never changes what a build writes.

use crate::common;

use common::{TempSite, assert_same_tree, build, tree};

/// `(made, of)` from `--verbose`'s line "PDFs: 1 of 4 … made".
fn pdfs_made(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains("PDFs: "))
        .unwrap_or_else(|| panic!("--verbose says how many PDFs were made:\n{stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "PDFs:").unwrap();
    (
        words[at + 1].parse().unwrap(),
        words[at + 3].parse().unwrap(),
    )
}

fn build_verbose(site: &TempSite, out: &std::path::Path) -> (usize, usize) {
    let run = build(&site.root, out, &["--verbose"]);
    assert_eq!(run.code, 0, "the build succeeds:\n{}", run.stderr);
    pdfs_made(&run.stderr)
}

const NEW_DOCUMENT: &str = "---
title: 公告本市增設公共自行車租賃站
category: 公告
agency: 臺中市政府交通局
doc_number: 府授交運字第1150399999號
date: 2026-11-25
---
主旨：公告本市增設公共自行車租賃站十處。
";

#[test]
fn the_cache_remakes_only_what_changed_and_the_output_equals_a_clean_build() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");

    let (made, all) = build_verbose(&site, &out);
    assert!(all >= 3, "issues, couplet sets and the directory: {all}");
    assert_eq!(made, all, "a first build makes every PDF");

    let run = build(&site.root, &out, &["--verbose"]);
    assert!(
        run.stderr.contains("nothing changed since the last build"),
        "nothing changed, nothing is done:\n{}",
        run.stderr
    );
    // Saved again as it was: the build runs, and typesets nothing.
    let settings = site.path("site.yaml");
    std::fs::write(&settings, std::fs::read(&settings).unwrap()).unwrap();
    let (made, _) = build_verbose(&site, &out);
    assert_eq!(made, 0, "nothing changed, nothing is typeset");

    // One document edited: its issue (PDF and offprints) only.
    let doc = site.path("content/gazette/2026-11-15/02-personnel.md");
    let mut text = std::fs::read_to_string(&doc).unwrap();
    text.push_str("\n說明：本令自發布日施行。\n");
    std::fs::write(&doc, text).unwrap();
    let (made, _) = build_verbose(&site, &out);
    assert_eq!(made, 1, "the edited document's issue only");

    // A new issue: that issue only; the others come from the cache.
    site.write("content/gazette/2026-11-30/issue.yaml", "");
    site.write(
        "content/gazette/2026-11-30/01-bike-stations.md",
        NEW_DOCUMENT,
    );
    let (made, all_now) = build_verbose(&site, &out);
    assert_eq!(all_now, all + 1);
    assert_eq!(made, 1, "the new issue only");

    let clean = site.out("clean");
    let run = build(&site.root, &clean, &["--clean"]);
    assert_eq!(run.code, 0, "the clean build succeeds:\n{}", run.stderr);
    assert_same_tree(
        &tree(&out),
        &tree(&clean),
        "an incremental build and a clean one",
    );
}

#[test]
fn a_published_file_written_over_is_not_taken_back_from_the_cache() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    build_verbose(&site, &out);
    let pdf = out.join("gazette/2026-11-15/gazette-2026-11-15.pdf");
    let good = std::fs::read(&pdf).unwrap();

    // Output files are hard links into the cache. Spoil the published copy
    // in place, as a careless script might: the next build must notice
    // and typeset that issue again rather than publish the spoilt bytes.
    std::fs::write(&pdf, b"not a PDF").unwrap();
    let (made, _) = build_verbose(&site, &out);
    assert_eq!(made, 1, "the spoilt issue is made again");
    assert_eq!(std::fs::read(&pdf).unwrap(), good);

    let clean = site.out("clean");
    assert_eq!(build(&site.root, &clean, &["--clean"]).code, 0);
    assert_same_tree(&tree(&out), &tree(&clean), "after the repair");
}

#[test]
fn a_published_file_changed_in_place_to_the_same_length_is_made_again() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    build_verbose(&site, &out);
    let pdf = out.join("gazette/2026-11-15/gazette-2026-11-15.pdf");
    let good = std::fs::read(&pdf).unwrap();

    // The same length, written in place (through the hard link the output
    // shares with the cache): the length alone cannot tell.
    let mut spoilt = good.clone();
    let at = spoilt.len() / 2;
    spoilt[at..at + 8].copy_from_slice(b"XXXXXXXX");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::OpenOptions::new()
        .write(true)
        .open(&pdf)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &spoilt))
        .unwrap();
    let (made, _) = build_verbose(&site, &out);
    assert_eq!(made, 1, "the spoilt issue is made again");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        good,
        "the right bytes are published"
    );
}

/// A build keeps each issue's loaded documents in the build cache, under
/// the look (size, time, inode) of every file of its folder: what an
/// editor changes is seen by the next build, the documents it did not
/// change are not parsed again, and their problems are still reported.
#[test]
fn documents_kept_from_the_last_build_show_every_change_and_every_problem() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    // A warning in a document no later edit touches.
    let late = "content/gazette/2026-11-15/02-personnel.md";
    let text = std::fs::read_to_string(site.path(late)).unwrap();
    site.write(late, text.replace("date: 2026-11-10", "date: 2026-11-20"));
    let warned = |stderr: &str| stderr.contains("after its issue of 2026-11-15");
    let first = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(warned(&first.stderr), "the warning:\n{}", first.stderr);

    // Another issue's title edited: its page shows it, and the untouched
    // issue's warning is reported again from what was kept.
    let doc = "content/gazette/2026-02-28/01-parking-fee-rules.md";
    let text = std::fs::read_to_string(site.path(doc)).unwrap();
    site.write(doc, text.replace("第三條\n", "第三條及第五條\n"));
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(warned(&run.stderr), "the kept warning:\n{}", run.stderr);
    let page =
        std::fs::read_to_string(out.join("gazette/2026-02-28/01-parking-fee-rules/index.html"))
            .unwrap();
    assert!(
        page.contains("第三條及第五條"),
        "the new title is published"
    );

    // Only an attachment removed, its document unchanged: the build fails
    // on it, and the output stays as it was.
    std::fs::remove_file(site.path("content/gazette/2026-02-28/01-parking-fee-rules/map.png"))
        .unwrap();
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_ne!(run.code, 0, "a missing attachment fails the build");
    assert!(
        run.stderr.contains("attachment \"map.png\" not found"),
        "{}",
        run.stderr
    );

    // The picture put back: the same output as a clean build.
    let clean = site.out("clean");
    site.write(
        "content/gazette/2026-02-28/01-parking-fee-rules/map.png",
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
                "tests/fixtures/valid/content/gazette/2026-02-28/01-parking-fee-rules/map.png",
            ),
        )
        .unwrap(),
    );
    assert_eq!(build(&site.root, &out, &["--no-pdf"]).code, 0);
    assert_eq!(build(&site.root, &clean, &["--no-pdf", "--clean"]).code, 0);
    assert_same_tree(
        &tree(&out),
        &tree(&clean),
        "kept documents and a clean build",
    );
}

/// The year's national-format XML is its issues' files as the build cache
/// kept them; an issue whose file the cache cannot keep is read again for
/// it, so the year still has every record, edits included.
#[test]
fn a_years_xml_is_whole_when_the_cache_cannot_keep_an_issues_file() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "the first build succeeds:\n{}", run.stderr);
    let records = |xml: &str| xml.matches("<Record>").count();
    let year_before = std::fs::read_to_string(out.join("gazette/2026/gazette.xml")).unwrap();

    // A file where the issue's entry goes: the cache cannot keep its XML.
    let entry = site.path(".munipub-cache/v1/ey/2026-11-15");
    assert!(entry.is_dir(), "the issue's XML is a cache entry");
    std::fs::remove_dir_all(&entry).unwrap();
    std::fs::write(&entry, "not a folder").unwrap();
    let doc = site.path("content/gazette/2026-11-15/02-personnel.md");
    let mut text = std::fs::read_to_string(&doc).unwrap();
    text.push_str("\n說明：本令自一一五年十二月一日生效。\n");
    std::fs::write(&doc, text).unwrap();
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "the rebuild succeeds:\n{}", run.stderr);

    let year = std::fs::read_to_string(out.join("gazette/2026/gazette.xml")).unwrap();
    let issue = std::fs::read_to_string(out.join("gazette/2026-11-15/gazette.xml")).unwrap();
    assert!(
        issue.contains("本令自一一五年十二月一日生效"),
        "the issue's file has the edit"
    );
    assert!(
        year.contains("本令自一一五年十二月一日生效"),
        "and so has the year's"
    );
    assert_eq!(
        records(&year),
        records(&year_before),
        "every record of the year"
    );

    let clean = site.out("clean");
    let run = build(&site.root, &clean, &["--no-pdf", "--clean"]);
    assert_eq!(run.code, 0, "the clean build succeeds:\n{}", run.stderr);
    assert_same_tree(
        &tree(&out),
        &tree(&clean),
        "a rebuild without the issue's kept XML and a clean one",
    );
}
