//! The directory's editions and their changes (異動), read from a git
//! repository made here: several commits and editions, with a renamed
//! unit, a moved unit, a changed number and a removed agency. The page,
//! changes.csv, changes.json, the feed and the PDF must tell the same
//! changes; a shallow clone or a plain copy builds with one warning and
//! no changes; `check` catches what makes an edition wrong.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{TempSite, build, check};

/// Runs git in `dir` with a fixed author, committer and dates.
fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=編輯",
            "-c",
            "user.email=editor@example.gov.tw",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commit(repo: &Path, message: &str, date: &str) {
    git(repo, &["add", "-A"], date);
    git(repo, &["commit", "-q", "-m", message], date);
}

const SETTINGS: &str = "content/directory/_directory.yaml";
const SECRETARIAT: &str = "content/directory/secretariat.yaml";
const DISTRICT: &str = "content/directory/district-central.yaml";
const PARKS: &str = "content/directory/parks.yaml";

fn settings(updated: &str, note: &str) -> String {
    format!(
        "title: 臺中市政府各機關電話號碼表\nupdated: {updated}\ngroups: [一級機關, 二級機關, 區公所]\nnote: {note}\n"
    )
}

fn secretariat(second_unit: &str, fax: &str, extra: &str) -> String {
    format!(
        "agency: 臺中市政府秘書處\ngroup: 一級機關\norder: 10\naddress: 40701臺中市西屯區臺灣大道三段99號\nphone: 04-22289111\nfax: {fax}\nunits:\n  - name: 公共關係科\n    phone: 04-22289111\n    ext: \"11230\"\n    contacts:\n      - title: 導覽預約\n        ext: \"11237\"\n  - name: {second_unit}\n    phone: 04-22289111\n    ext: \"11401\"\n{extra}"
    )
}

fn district(ext: &str, extra: &str) -> String {
    format!(
        "agency: 臺中市中區區公所\ngroup: 區公所\norder: 10\naddress: 40045臺中市中區民族路23號\nphone: 04-22227331\nunits:\n  - name: 民政課\n    phone: 04-22227331\n    ext: \"{ext}\"\n{extra}"
    )
}

const MAINTENANCE: &str = "  - name: 維護課\n    phone: 04-22289111\n    ext: \"55100\"\n";
const PARKS_FILE: &str = "agency: 臺中市公園管理處\ngroup: 二級機關\norder: 20\nphone: 04-22289111\nunits:\n  - name: 維護課\n    phone: 04-22289111\n    ext: \"55100\"\n";

/// A site in `site/` of a repository at the temp folder: editions of
/// 2026-01-01 (two commits), 2026-06-01 (a unit renamed, a unit moved
/// out of an agency that is removed, an extension changed) and
/// 2026-11-01 (a fax changed, a unit added).
fn repository() -> TempSite {
    let site = TempSite::copy_of("valid");
    let repo = site.dir.path.clone();
    git(&repo, &["init", "-q"], "2026-01-05T09:00:00+08:00");
    site.write(SETTINGS, settings("2026-01-01", "如有異動，請洽秘書處。"));
    site.write(SECRETARIAT, secretariat("事務管理科", "04-22590148", ""));
    site.write(DISTRICT, district("111", ""));
    site.write(PARKS, PARKS_FILE);
    commit(
        &repo,
        "directory, first edition",
        "2026-01-05T09:00:00+08:00",
    );
    site.write(SETTINGS, settings("2026-01-01", "異動請洽秘書處。"));
    commit(&repo, "note", "2026-01-06T09:00:00+08:00");
    site.write(SETTINGS, settings("2026-06-01", "異動請洽秘書處。"));
    site.write(SECRETARIAT, secretariat("總務科", "04-22590148", ""));
    site.write(DISTRICT, district("112", MAINTENANCE));
    std::fs::remove_file(site.path(PARKS)).unwrap();
    commit(&repo, "2026-06-01 edition", "2026-06-01T09:00:00+08:00");
    site.write(SETTINGS, settings("2026-11-01", "異動請洽秘書處。"));
    site.write(
        SECRETARIAT,
        secretariat(
            "總務科",
            "04-22590149",
            "  - name: 秘書科\n    phone: 04-22289111\n    ext: \"11500\"\n",
        ),
    );
    commit(&repo, "2026-11-01 edition", "2026-11-01T09:00:00+08:00");
    site
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn warnings(run: &common::Run) -> Vec<common::Diag> {
    run.diagnostics()
        .into_iter()
        .filter(|d| d.severity == "warning")
        .collect()
}

/// The feed's entries: (title, content) in order.
fn feed_entries(xml: &str) -> Vec<(String, String)> {
    xml.split("<entry>")
        .skip(1)
        .map(|e| {
            let between = |a: &str, b: &str| {
                e.split_once(a)
                    .and_then(|(_, r)| r.split_once(b))
                    .map(|(v, _)| v.to_string())
                    .unwrap_or_default()
            };
            (
                between("<title>", "</title>"),
                between("<content type=\"html\">", "</content>"),
            )
        })
        .collect()
}

#[test]
fn the_page_csv_json_feed_and_pdf_tell_the_same_changes() {
    let site = repository();
    let out = site.out("public");
    let run = build(&site.root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(warnings(&run).is_empty(), "no warnings: {}", run.stderr);

    // changes.json: the current edition against 2026-06-01.
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "directory/changes.json")).unwrap();
    assert_eq!(json["updated"], "2026-11-01");
    assert_eq!(json["previous"], "2026-06-01");
    let changes = json["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["fax", "unit-added"], "{json:#}");
    assert_eq!(changes[0]["old"], "04-2259-0148");
    assert_eq!(changes[0]["new"], "04-2259-0149");
    assert_eq!(changes[1]["unit"], "秘書科");

    // changes.csv: the same rows.
    let csv = read(&out, "directory/changes.csv");
    let csv = csv.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), changes.len() + 1, "{csv}");
    assert!(lines[0].starts_with("版次日期,前版日期,異動類型,機關,單位,原內容,新內容"));
    for (line, c) in lines[1..].iter().zip(changes) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[0], "2026-11-01");
        assert_eq!(fields[1], "2026-06-01");
        for (i, key) in [
            (2, "kind_label"),
            (3, "agency"),
            (4, "unit"),
            (5, "old"),
            (6, "new"),
        ] {
            assert_eq!(fields[i], c[key].as_str().unwrap(), "{key} in {line}");
        }
    }

    // The feed: one entry per edition, the current one with these changes.
    let feed = read(&out, "feeds/directory.xml");
    let entries = feed_entries(&feed);
    let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "臺中市政府各機關電話號碼表　中華民國115年11月1日版",
            "臺中市政府各機關電話號碼表　中華民國115年6月1日版",
            "臺中市政府各機關電話號碼表　中華民國115年1月1日版",
        ]
    );
    for c in changes {
        for key in ["kind_label", "agency", "unit", "new"] {
            let v = c[key].as_str().unwrap();
            assert!(
                entries[0].1.contains(v),
                "the feed has {v}: {}",
                entries[0].1
            );
        }
    }

    // The page: 本次異動 at the top, each change linked to its marked row.
    let page = read(&out, "directory/index.html");
    let top = &page[page.find("本次異動").expect("本次異動 on the page")..];
    assert!(
        top.find("本次異動").unwrap() < top.find("一級機關").unwrap(),
        "本次異動 comes before the table"
    );
    for c in changes {
        let url = c["url"].as_str().unwrap();
        let anchor = url.rsplit_once('#').unwrap().1;
        assert!(
            page.contains(&format!("href=\"/directory/#{anchor}\"")),
            "{anchor}"
        );
        assert!(
            page.contains(&format!("id=\"{anchor}\"")),
            "the row {anchor} is there"
        );
        assert!(page.contains(c["new"].as_str().unwrap()));
    }
    assert!(
        page.contains("<tr id=\"secretariat-3\" class=\"unit changed\""),
        "the added unit's row is marked"
    );

    // The PDF: 異動一覽 with the same changes, on pages before the table.
    let pdf = out.join("directory/directory.pdf");
    let text = common::pdf_tool(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    assert!(text.contains("異動一覽"), "{text}");
    for c in changes {
        for key in ["kind_label", "new"] {
            let v = squeeze(c[key].as_str().unwrap());
            assert!(text.contains(&v), "the PDF's 異動一覽 has {v}: {text}");
        }
    }
    assert!(
        !text.contains("公共關係科"),
        "the table starts on a page of its own"
    );

    // The editions page and the earlier editions' tables.
    let editions = read(&out, "directory/editions/index.html");
    for date in ["2026-11-01", "2026-06-01", "2026-01-01"] {
        assert!(
            editions.contains(&format!("id=\"edition-{date}\"")),
            "{date}"
        );
    }
    assert!(read(&out, "directory/editions/2026-01-01.csv").contains("臺中市公園管理處"));
    assert!(!read(&out, "directory/editions/2026-06-01.csv").contains("臺中市公園管理處"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("/directory/editions/"));
}

#[test]
fn a_rename_a_move_and_a_removed_agency_are_told_as_such() {
    let site = repository();
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = read(&out, "feeds/directory.xml");
    let entries = feed_entries(&feed);
    let june = &entries[1].1;
    for expected in [
        "單位更名：臺中市政府秘書處 總務科（事務管理科 → 總務科）",
        "單位移撥：臺中市中區區公所 維護課（臺中市公園管理處 → 臺中市中區區公所）",
        "分機異動：臺中市中區區公所 民政課（111 → 112）",
        "刪除機關：臺中市公園管理處",
    ] {
        assert!(june.contains(expected), "{expected} in {june}");
    }
    assert!(
        !june.contains("刪除單位"),
        "a moved unit is not removed: {june}"
    );
    assert!(!june.contains("新增單位"), "nor added: {june}");
    // The note changed under the same date: one edition, not two.
    assert_eq!(entries.len(), 3);
    assert!(
        entries[2].1.is_empty(),
        "the first edition has nothing to compare"
    );
}

#[test]
fn a_shallow_clone_or_a_plain_copy_builds_with_one_warning_and_no_changes() {
    let site = repository();
    let clone = site.dir.join("clone");
    git(
        &site.dir.path,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", site.dir.path.display()),
            "clone",
        ],
        "2026-11-02T09:00:00+08:00",
    );
    // Outside the repository (a copy inside it would be in its work tree).
    let elsewhere = common::TempDir::new("plain-copy");
    let plain = elsewhere.join("site");
    common::copy_dir(&site.root, &plain);
    for root in [clone.join("site"), plain] {
        let out = root.join("public");
        let run = build(&root, &out, &["--no-pdf"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let w = warnings(&run);
        assert_eq!(w.len(), 1, "one warning: {}", run.stderr);
        assert!(w[0].message.contains("異動"), "{:?}", w[0]);
        assert!(!out.join("directory/changes.csv").exists());
        assert!(!out.join("directory/changes.json").exists());
        assert!(!out.join("feeds/directory.xml").exists());
        assert!(!read(&out, "directory/index.html").contains("本次異動"));
        // The same warning again when nothing changed.
        let again = build(&root, &out, &["--no-pdf", "--verbose"]);
        assert!(again.stderr.contains("nothing changed"), "{}", again.stderr);
        assert_eq!(warnings(&again).len(), 1, "{}", again.stderr);
    }
}

#[test]
fn a_build_that_would_do_nothing_sees_another_commit_checked_out() {
    let site = repository();
    let repo = site.dir.path.clone();
    let out = site.out("public");
    let date = "2026-11-02T09:00:00+08:00";
    let latest = git(&repo, &["rev-parse", "HEAD"], date);
    // HEAD back to the first edition; the files stay as they are.
    git(&repo, &["reset", "-q", "--soft", "HEAD~2"], date);
    let first = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let json = read(&out, "directory/changes.json");
    assert!(json.contains("\"previous\": \"2026-01-01\""), "{json}");
    // HEAD forward again: no file changed, but the previous edition did.
    git(&repo, &["reset", "-q", "--soft", latest.trim()], date);
    let again = build(&site.root, &out, &["--no-pdf", "--verbose"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        !again.stderr.contains("nothing changed"),
        "{}",
        again.stderr
    );
    let json = read(&out, "directory/changes.json");
    assert!(json.contains("\"previous\": \"2026-06-01\""), "{json}");
    let third = build(&site.root, &out, &["--no-pdf", "--verbose"]);
    assert!(third.stderr.contains("nothing changed"), "{}", third.stderr);
}

#[test]
fn check_catches_what_makes_an_edition_wrong() {
    let site = repository();
    // A number changed without a new date: a warning at updated:.
    site.write(DISTRICT, district("113", MAINTENANCE));
    let run = check(&site.root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert_eq!(w[0].file, SETTINGS);
    assert_eq!(w[0].pos(), (2, 10), "{:?}", w[0]);
    assert!(w[0].message.contains("112 → 113"), "{:?}", w[0]);

    // Two units of one agency with one number: a warning at the second.
    site.write(
        DISTRICT,
        district(
            "112",
            "  - name: 維護課\n    phone: 04-22227331\n    ext: \"112\"\n",
        ),
    );
    let run = check(&site.root);
    let w: Vec<_> = warnings(&run)
        .into_iter()
        .filter(|d| d.file == DISTRICT)
        .collect();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(
        w[0].message.contains("維護課") && w[0].message.contains("民政課"),
        "{:?}",
        w[0]
    );
    assert_eq!(w[0].line, Some(11), "{:?}", w[0]);

    // updated: moving backwards: an error, and the build fails.
    site.write(DISTRICT, district("112", MAINTENANCE));
    site.write(SETTINGS, settings("2026-05-01", "異動請洽秘書處。"));
    let run = check(&site.root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = run.only_error();
    assert_eq!(e.file, SETTINGS);
    assert_eq!(e.pos(), (2, 10));
    assert!(e.message.contains("2026-11-01"), "{e:?}");
    let out = site.out("public");
    assert_eq!(build(&site.root, &out, &["--no-pdf"]).code, 1);
}

#[test]
fn a_history_that_does_not_load_is_left_out() {
    let site = repository();
    let repo = site.dir.path.clone();
    // An edition whose agency file is broken, then a good one.
    site.write(SETTINGS, settings("2026-11-15", "異動請洽秘書處。"));
    site.write(DISTRICT, "agency: [broken\n");
    commit(&repo, "broken", "2026-11-15T09:00:00+08:00");
    site.write(SETTINGS, settings("2026-12-01", "異動請洽秘書處。"));
    site.write(DISTRICT, district("114", MAINTENANCE));
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = read(&out, "directory/changes.json");
    assert!(json.contains("\"previous\": \"2026-11-01\""), "{json}");
    assert!(json.contains("\"old\": \"112\""), "{json}");
}
