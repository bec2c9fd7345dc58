//! `munipub import ey` on the national gazette's real data, and the
//! export in its schema read back: tests/fixtures/ey/104-01-05.xml (38 real
//! records) imported is tests/fixtures/ey-site/, which builds with every
//! PDF, and whose `gazette.xml` imports into the same files.

use crate::common;

use std::path::Path;

use common::{TempSite, assert_same_tree, build, check, fixture, munipub, tree};

const ISSUE: &str = "content/gazette/2015-01-15";

/// A copy of the fixture site without its imported documents.
fn empty_site() -> TempSite {
    let site = TempSite::copy_of("ey-site");
    std::fs::remove_dir_all(site.path(ISSUE)).unwrap();
    site
}

fn import(site: &TempSite, files: &[&Path]) -> common::Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "--root".into(),
        site.root.clone().into(),
        "import".into(),
        "ey".into(),
    ];
    args.extend(files.iter().map(|f| f.as_os_str().to_owned()));
    munipub(&args)
}

#[test]
fn the_real_file_imports_into_the_fixture_and_again_changes_nothing() {
    let site = empty_site();
    let xml = fixture("ey/104-01-05.xml");
    let run = import(&site, &[&xml]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "38 records of 2015-01-05 (ROC 104.01.05) → issue 2015-01-15 (104年春字第1期)"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("38 written"), "{}", run.stdout);
    assert_same_tree(
        &tree(&fixture("ey-site").join(ISSUE)),
        &tree(&site.path(ISSUE)),
        "imported documents",
    );
    let again = import(&site, &[&xml]);
    assert!(
        again.stdout.contains("0 written, 38 unchanged"),
        "{}",
        again.stdout
    );
}

#[test]
fn the_imported_site_passes_check_and_builds_with_every_pdf() {
    let site = TempSite::copy_of("ey-site");
    let run = check(&site.root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let out = site.out("public");
    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let issue = out.join("gazette/2015-01-15");
    let docs: Vec<_> = std::fs::read_dir(site.path(ISSUE))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(docs.len(), 38);
    for doc in &docs {
        let slug = doc.file_stem().unwrap().to_string_lossy();
        assert!(
            issue.join(format!("{slug}/index.html")).is_file(),
            "{slug} page"
        );
        let pdf = std::fs::read(issue.join(format!("{slug}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{slug} offprint");
    }
    assert!(issue.join("gazette-2015-01-15.pdf").is_file());
    let page = std::fs::read_to_string(issue.join("index.html")).unwrap();
    assert!(
        page.contains("href=\"gazette.xml\""),
        "the issue page links its XML"
    );
    // The preview of 73392 shows its 說明 in the official markers.
    let doc = std::fs::read_to_string(issue.join("ey-73392/index.html")).unwrap();
    assert!(
        doc.contains("四、") && doc.contains("（五）"),
        "markers in the page"
    );
}

#[test]
fn the_export_is_the_schema_and_reads_back_into_the_same_documents() {
    let built = TempSite::copy_of("ey-site");
    let out = built.out("public");
    let run = build(&built.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml_path = out.join("gazette/2015-01-15/gazette.xml");
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    let records: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("Record"))
        .collect();
    assert_eq!(records.len(), 38);
    let field = |r: &roxmltree::Node, name: &str| -> String {
        r.children()
            .find(|n| n.has_tag_name(name))
            .map(|n| {
                n.descendants()
                    .filter_map(|t| t.text().filter(|_| t.is_text()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let joint = records
        .iter()
        .find(|r| field(r, "MetaId") == "73409")
        .expect("record 73409");
    assert_eq!(field(joint, "PubGovName"), "財政部;衛生福利部");
    assert_eq!(
        field(joint, "GazetteId"),
        "台財庫字第10303777990號;部授國字第1030701812號"
    );
    assert_eq!(field(joint, "Officer_name"), "部長 張盛和;部長 蔣丙煌");
    assert_eq!(field(joint, "Date_Created"), "中華民國104年1月1日");
    let preview = records
        .iter()
        .find(|r| field(r, "MetaId") == "73392")
        .unwrap();
    assert!(field(preview, "Explain").starts_with("一、修正機關：經濟部。\n二、"));
    assert!(field(preview, "HTMLContent").contains("<ol"));
    let year = std::fs::read_to_string(out.join("gazette/2015/gazette.xml")).unwrap();
    assert_eq!(
        roxmltree::Document::parse(&year)
            .unwrap()
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("Record"))
            .count(),
        38
    );

    let site = empty_site();
    let run = import(&site, &[&xml_path]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_same_tree(
        &tree(&fixture("ey-site").join(ISSUE)),
        &tree(&site.path(ISSUE)),
        "documents read back from the export",
    );
}

#[test]
fn the_example_sites_documents_read_back_from_their_export() {
    let built = TempSite::copy_of("valid");
    let out = built.out("public");
    let run = build(&built.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let issue = "2026-11-15";
    let site = TempSite::copy_of("valid");
    std::fs::remove_dir_all(site.path(&format!("content/gazette/{issue}"))).unwrap();
    let run = import(&site, &[&out.join(format!("gazette/{issue}/gazette.xml"))]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Same files, same fields; the same text (Markdown's own formatting
    // aside) and the site still checks.
    let run = check(&site.root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = site.out("again");
    assert_eq!(build(&site.root, &again, &["--no-pdf"]).code, 0);
    let a = std::fs::read_to_string(out.join(format!("gazette/{issue}/index.json"))).unwrap();
    let b = std::fs::read_to_string(again.join(format!("gazette/{issue}/index.json"))).unwrap();
    assert_eq!(a, b, "the issue's documents, fields and order");
}
