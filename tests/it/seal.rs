//! Sealed issues (`munipub seal`): published byte for byte and cited with
//! their sealed page numbers whatever changes later, with SHA256SUMS that
//! `sha256sum -c` accepts; every change to a sealed issue is an error.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TempSite, build, check, munipub, tree};

const SEALED: &str = "2026-02-28";
const OPEN: &str = "2026-11-15";

fn seal(site: &TempSite, dates: &[&str]) -> common::Run {
    let mut args: Vec<std::ffi::OsString> =
        vec!["seal".into(), "--root".into(), site.root.clone().into()];
    args.extend(dates.iter().map(Into::into));
    munipub(&args)
}

/// The PDFs of an issue's output folder, by name.
fn pdfs(out: &Path, date: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(&out.join("gazette").join(date))
        .into_iter()
        .filter(|(k, _)| k.ends_with(".pdf") && !k.contains('/'))
        .collect()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `引用：…` line of a document page.
fn citation(out: &Path, date: &str, slug: &str) -> String {
    let html = read(out, &format!("gazette/{date}/{slug}/index.html"));
    let start = html.find("引用：").expect("the page has a citation");
    html[start..html[start..].find("</p>").unwrap() + start].to_string()
}

/// Runs `sha256sum -c SHA256SUMS` in the issue's output folder.
fn sha256sum_check(out: &Path, date: &str) -> (bool, String) {
    let dir = out.join("gazette").join(date);
    let o = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dir)
        .output()
        .expect("sha256sum runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// `sha256sum FILE`'s hash.
fn sha256sum(path: &Path) -> String {
    let o = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// A copy of the valid fixture whose issue of 2026-02-28 is sealed.
fn sealed_site() -> TempSite {
    let site = TempSite::copy_of("valid");
    let run = seal(&site, &[SEALED]);
    assert_eq!(run.code, 0, "seal succeeds:\n{}", run.stderr);
    site
}

fn folder(date: &str) -> PathBuf {
    Path::new("content/gazette").join(date)
}

#[test]
fn a_sealed_issue_keeps_its_pdfs_and_pages_when_the_name_theme_and_numbering_change() {
    let site = TempSite::copy_of("valid");
    let before = site.out("before");
    assert_eq!(build(&site.root, &before, &[]).code, 0);

    let run = seal(&site, &[SEALED]);
    assert_eq!(run.code, 0, "seal succeeds:\n{}", run.stderr);
    assert!(
        run.stderr.contains("sealed 2026-02-28 (115年春字第4期)"),
        "seal says what it did:\n{}",
        run.stderr
    );
    assert!(site.path("content/gazette/2026-02-28/seal.yaml").is_file());
    assert_eq!(
        pdfs(&before, SEALED),
        tree(&site.path("content/gazette/2026-02-28/_sealed")),
        "the sealed PDFs are the ones published before sealing"
    );
    assert_eq!(check(&site.root).code, 0, "a sealed site checks clean");

    // Later: the gazette is renamed and renumbered, the theme's CSS changes.
    let settings = site.path("content/gazette/_gazette.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace("name: 臺中市政府公報", "name: 臺中市政府公報（新版）")
            .replace("numbering: season", "numbering: year"),
    )
    .unwrap();
    site.write("themes/default/static/style.css", "body { color: #000; }\n");
    let after = site.out("after");
    let run = build(&site.root, &after, &["--clean"]);
    assert_eq!(run.code, 0, "the build succeeds:\n{}", run.stderr);

    assert_eq!(
        pdfs(&after, SEALED),
        pdfs(&before, SEALED),
        "the sealed issue's PDFs are byte for byte as sealed"
    );
    let open_before = pdfs(&before, OPEN);
    let open_after = pdfs(&after, OPEN);
    assert_eq!(
        open_before.keys().collect::<Vec<_>>(),
        open_after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &open_after {
        assert_ne!(
            *bytes, open_before[name],
            "{name} of the unsealed issue is typeset again with the new name"
        );
    }
    let cited = citation(&before, SEALED, "01-parking-fee-rules");
    assert!(cited.contains("臺中市政府公報115年春字第4期第1"), "{cited}");
    assert_eq!(
        citation(&after, SEALED, "01-parking-fee-rules"),
        cited,
        "the sealed issue is cited as printed"
    );
    assert_eq!(
        citation(&after, SEALED, "02-lantern-traffic"),
        citation(&before, SEALED, "02-lantern-traffic")
    );
    assert!(
        citation(&after, OPEN, "01-funeral-fees").contains("臺中市政府公報（新版）115年第"),
        "the unsealed issue takes the new name and numbering: {}",
        citation(&after, OPEN, "01-funeral-fees")
    );
    let issue_page = read(&after, "gazette/2026-02-28/index.html");
    assert!(
        issue_page.contains("115年春字第4期"),
        "the issue page shows the sealed number"
    );
    assert!(
        issue_page.contains("本期已封存"),
        "and says the issue is sealed"
    );
    assert!(!read(&after, "gazette/2026-11-15/index.html").contains("本期已封存"));
    assert_eq!(
        read(&after, "static/style.css"),
        "body { color: #000; }\n",
        "the theme change is published"
    );
}

#[test]
fn sha256sums_pass_sha256sum_and_document_pages_show_their_pdfs_hash() {
    let site = sealed_site();
    let out = site.out("public");
    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for date in [SEALED, OPEN] {
        let (ok, said) = sha256sum_check(&out, date);
        assert!(ok, "sha256sum -c passes for {date}:\n{said}");
        let listed: Vec<&str> = said.lines().collect();
        assert_eq!(
            listed.len(),
            pdfs(&out, date).len(),
            "every PDF of {date} is listed: {said}"
        );
        assert!(said.contains(&format!("gazette-{date}.pdf: OK")), "{said}");
    }
    for (date, slug) in [(SEALED, "02-lantern-traffic"), (OPEN, "02-personnel")] {
        let hash = sha256sum(&out.join(format!("gazette/{date}/{slug}.pdf")));
        let page = read(&out, &format!("gazette/{date}/{slug}/index.html"));
        assert!(
            page.contains(&format!("<code class=\"sha256\">{hash}</code>")),
            "the page of {date}/{slug} shows its PDF's SHA-256 {hash}"
        );
    }
    let hash = sha256sum(&out.join("gazette/2026-02-28/gazette-2026-02-28.pdf"));
    assert!(read(&out, "gazette/2026-02-28/index.html").contains(&hash));
}

#[test]
fn editing_adding_or_removing_a_sealed_issues_file_fails_check_and_build() {
    let site = sealed_site();
    let out = site.out("public");
    assert_eq!(build(&site.root, &out, &[]).code, 0);
    let published = tree(&out);

    let doc = folder(SEALED).join("02-lantern-traffic.md");
    let text = std::fs::read_to_string(site.root.join(&doc)).unwrap();
    site.write(doc.to_str().unwrap(), text.replace("交通管制", "交通改道"));
    site.write(
        "content/gazette/2026-02-28/03-late.md",
        "---\ntitle: 遲到的公告\ncategory: 公告\nagency: 臺中市政府\ndoc_number: 府授字第1150099999號\ndate: 2026-02-20\n---\n主旨：遲到。\n",
    );
    std::fs::remove_file(site.path("content/gazette/2026-02-28/01-parking-fee-rules/map.png"))
        .unwrap();

    let run = check(&site.root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    let changed = errors
        .iter()
        .find(|d| d.file == "content/gazette/2026-02-28/02-lantern-traffic.md")
        .unwrap_or_else(|| panic!("the changed file is named:\n{}", run.stderr));
    assert_eq!(changed.pos(), (1, 1));
    assert!(changed.message.contains("sealed"), "{changed:?}");
    assert!(
        changed.help.contains("更正"),
        "says to publish a correction: {changed:?}"
    );
    let added = errors
        .iter()
        .find(|d| d.file == "content/gazette/2026-02-28/03-late.md")
        .unwrap_or_else(|| panic!("the added file is named:\n{}", run.stderr));
    assert!(
        added.message.contains("added to a sealed issue"),
        "{added:?}"
    );
    let removed = errors
        .iter()
        .find(|d| d.message.contains("was removed from a sealed issue"))
        .unwrap_or_else(|| panic!("the removed file is named:\n{}", run.stderr));
    assert_eq!(removed.file, "content/gazette/2026-02-28/seal.yaml");
    assert!(
        removed.message.contains("01-parking-fee-rules/map.png"),
        "{removed:?}"
    );
    let line = removed.line.expect("a line");
    let seal_text =
        std::fs::read_to_string(site.path("content/gazette/2026-02-28/seal.yaml")).unwrap();
    assert!(
        seal_text
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("01-parking-fee-rules/"),
        "the line lists the removed file: {removed:?}"
    );

    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(tree(&out), published, "the previous output stays as it was");
}

#[test]
fn a_missing_or_altered_sealed_pdf_fails_naming_the_seal() {
    let site = sealed_site();
    let out = site.out("public");
    assert_eq!(build(&site.root, &out, &[]).code, 0);
    let published = tree(&out);
    let seal_yaml = "content/gazette/2026-02-28/seal.yaml";
    let seal_text = std::fs::read_to_string(site.path(seal_yaml)).unwrap();
    let line_of = |needle: &str| seal_text.lines().position(|l| l.contains(needle)).unwrap() + 1;

    let altered = site.path("content/gazette/2026-02-28/_sealed/02-lantern-traffic.pdf");
    let mut bytes = std::fs::read(&altered).unwrap();
    bytes.extend_from_slice(b"\n% appended\n");
    std::fs::write(&altered, &bytes).unwrap();
    std::fs::remove_file(site.path("content/gazette/2026-02-28/_sealed/gazette-2026-02-28.pdf"))
        .unwrap();

    let run = check(&site.root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    let missing = errors
        .iter()
        .find(|d| d.message.contains("is missing"))
        .unwrap();
    assert_eq!(missing.file, seal_yaml);
    assert!(
        missing.message.contains("gazette-2026-02-28.pdf"),
        "{missing:?}"
    );
    assert_eq!(missing.line, Some(line_of("file: gazette-2026-02-28.pdf")));
    let changed = errors
        .iter()
        .find(|d| d.message.contains("altered"))
        .unwrap();
    assert_eq!(changed.file, seal_yaml);
    assert!(
        changed.message.contains("02-lantern-traffic.pdf"),
        "{changed:?}"
    );
    assert!(changed.column.is_some());
    assert!(changed.help.contains("git checkout"), "{changed:?}");

    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(tree(&out), published, "the previous output stays as it was");
}

#[test]
fn seal_refuses_a_site_with_errors_and_says_when_already_sealed() {
    let site = TempSite::copy_of("valid");
    let doc = site.path("content/gazette/2026-02-28/02-lantern-traffic.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("category: 公告", "category: 公吿")).unwrap();
    let run = seal(&site, &[SEALED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing sealed"), "{}", run.stderr);
    assert!(!site.path("content/gazette/2026-02-28/seal.yaml").exists());
    assert!(!site.path("content/gazette/2026-02-28/_sealed").exists());
    std::fs::write(&doc, text).unwrap();

    assert_eq!(seal(&site, &[SEALED]).code, 0);
    let sealed = tree(&site.path("content/gazette/2026-02-28"));
    let run = seal(&site, &[SEALED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let w = run.diagnostics();
    assert!(
        w.iter()
            .any(|d| d.severity == "warning" && d.message.contains("already sealed")),
        "{}",
        run.stderr
    );
    assert_eq!(
        tree(&site.path("content/gazette/2026-02-28")),
        sealed,
        "nothing rewritten"
    );

    let run = seal(&site, &["2026-03-15"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no issue of 2026-03-15"),
        "{}",
        run.stderr
    );
}

#[test]
fn seal_writes_over_nothing_it_did_not_make() {
    let site = TempSite::copy_of("valid");
    site.write("content/gazette/2026-11-15/_sealed/notes.txt", "mine");
    let run = seal(&site, &[OPEN]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("in the way of the seal"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("content/gazette/2026-11-15/_sealed/notes.txt")).unwrap(),
        "mine"
    );
    assert!(!site.path("content/gazette/2026-11-15/seal.yaml").exists());
    let leftovers: Vec<_> = std::fs::read_dir(site.path("content/gazette/2026-11-15"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".seal"))
        .collect();
    assert!(leftovers.is_empty(), "no partial files are left");
}
