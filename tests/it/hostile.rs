//! Hostile input: sites under `tests/fixtures/hostile/` and output folders
//! that munipub must refuse. Content comes from many hands: links, cells,
//! nesting and `--out` are checked before anything is published or moved,
//! and a refusal is a clear message, never a crash or lost files.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{Run, TempDir, TempSite, build, check, fixture, tree};

/// `check` and `build` of `tests/fixtures/hostile/<case>` both fail with
/// one error on `file` at `line` whose message contains `says`; the build
/// leaves no output.
fn refused(case: &str, file: &str, line: usize, says: &str) -> Run {
    let root = fixture(&format!("hostile/{case}"));
    let run = check(&root);
    assert_eq!(run.code, 1, "check fails:\n{}", run.stderr);
    let d = run.only_error();
    assert_eq!((d.file.as_str(), d.line), (file, Some(line)), "{d:?}");
    assert!(d.message.contains(says), "{d:?}");
    assert!(
        !d.help.is_empty(),
        "the message says what would be right: {d:?}"
    );
    // Built from a copy: a build takes its lock in the site's cache folder.
    let site = TempSite::copy_of(&format!("hostile/{case}"));
    let out = TempDir::new(case);
    let built = build(&site.root, &out.join("public"), &["--no-pdf"]);
    assert_eq!(
        built.code, 1,
        "build fails cleanly (no crash):\n{}",
        built.stderr
    );
    assert!(built.stderr.contains(says), "{}", built.stderr);
    assert!(!out.join("public").exists(), "nothing was published");
    run
}

#[test]
fn a_javascript_link_in_a_plain_page_is_refused() {
    refused(
        "page-javascript-link",
        "content/pages/about.md",
        6,
        "scheme \"javascript:\"",
    );
}

#[test]
fn a_javascript_link_with_slashes_is_refused_in_a_document() {
    refused(
        "document-javascript-slashes",
        "content/gazette/2026-11-15/01-notice.md",
        10,
        "scheme \"javascript:\"",
    );
}

#[test]
fn data_links_and_images_are_refused() {
    let root = fixture("hostile/document-data-link");
    let run = check(&root);
    assert_eq!(run.code, 1);
    let errors = run.errors();
    let lines: Vec<Option<usize>> = errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(10), Some(12)], "{}", run.stderr);
    assert!(
        errors
            .iter()
            .all(|d| d.message.contains("scheme \"data:\""))
    );
}

#[test]
fn a_directory_website_that_is_not_a_web_address_is_refused() {
    refused(
        "website-javascript",
        "content/directory/secretariat.yaml",
        5,
        "is not a web address",
    );
}

#[test]
fn thousands_of_nested_quotes_are_an_error_not_a_crash() {
    refused(
        "deep-quotes",
        "content/gazette/2026-11-15/01-notice.md",
        10,
        "nested too deeply",
    );
}

#[test]
fn thousands_of_nested_list_levels_are_an_error_not_a_crash() {
    refused(
        "deep-lists",
        "content/gazette/2026-11-15/01-notice.md",
        10,
        "nested too deeply",
    );
}

/// Converts `csv` with LibreOffice Calc (formulas evaluated, as a citizen
/// opening the file would have them) to a flat ODF spreadsheet, and
/// returns its XML.
fn libreoffice_fods(csv: &Path, work: &Path) -> String {
    let out = work.join("converted");
    let result = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("lo-profile").display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "fods",
        ])
        .arg("--outdir")
        .arg(&out)
        .arg(csv)
        .env("HOME", work)
        .output()
        .expect("LibreOffice runs (apt-get install libreoffice-calc-nogui)");
    let name = csv.file_stem().unwrap().to_string_lossy().to_string();
    let fods = out.join(format!("{name}.fods"));
    assert!(
        result.status.success() && fods.is_file(),
        "LibreOffice opened {}:\n{}",
        csv.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_to_string(fods).unwrap()
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text_in_libreoffice() {
    let site = TempSite::copy_of("hostile/formula-cells");
    let out = site.out("public");
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (csv, cells) in [
        (
            "gazette/documents.csv",
            &[
                "'=HYPERLINK(\"https://evil.example/\",\"公告本市停車收費\")",
                "'@臺中市政府交通局",
                "'+1150000001",
            ][..],
        ),
        (
            "directory/directory.csv",
            &["'=1+1", "'@SUM(1,2)", "'-1+1"][..],
        ),
    ] {
        let work = site.out(&csv.replace('/', "-"));
        std::fs::create_dir_all(&work).unwrap();
        let xml = libreoffice_fods(&out.join(csv), &work);
        assert!(
            !xml.contains("table:formula="),
            "{csv}: LibreOffice made a formula of a cell"
        );
        for cell in cells {
            let escaped = cell
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('\'', "&apos;");
            assert!(
                xml.contains(&format!("<text:p>{escaped}</text:p>")),
                "{csv}: the cell {cell} is shown as text"
            );
        }
    }
}

/// The files of a folder, for "nothing changed" assertions.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
}

/// Builds with `--out out` and expects a refusal whose message contains
/// `says`, with the site and `keep` unchanged.
fn out_refused(site: &TempSite, out: &str, says: &str, keep: &Path) {
    let before_site = snapshot(&site.root);
    let before_keep = snapshot(keep);
    let run = common::munipub(&[
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--out",
        out,
        "--no-pdf",
    ]);
    assert_eq!(run.code, 1, "--out {out} is refused:\n{}", run.stderr);
    let d = run.only_error();
    assert!(d.message.contains(says), "--out {out}: {d:?}");
    assert!(!d.help.is_empty());
    assert_eq!(
        snapshot(&site.root),
        before_site,
        "--out {out}: the site is untouched"
    );
    assert_eq!(
        snapshot(keep),
        before_keep,
        "--out {out}: the files there are untouched"
    );
    // Nothing hidden was left beside it either.
    let parent = site.root.join(out);
    let parent = parent.parent().unwrap();
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            assert!(!name.ends_with(".staging"), "--out {out}: left {name}");
        }
    }
}

#[test]
fn the_sites_own_folders_are_never_an_output() {
    let site = TempSite::copy_of("valid");
    let keep = site.dir.path.clone();
    out_refused(&site, "content", "inside the site's content", &keep);
    out_refused(&site, "content/gazette", "inside the site's content", &keep);
    out_refused(&site, "themes", "inside the site's themes", &keep);
    out_refused(&site, ".", "holds the site itself", &keep);
    out_refused(&site, "..", "holds the site itself", &keep);
    out_refused(&site, "site.yaml", "site.yaml", &keep);
}

#[test]
fn a_folder_of_someone_elses_files_is_never_replaced() {
    let site = TempSite::copy_of("valid");
    let home = site.out("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".bashrc"), "export PATH\n").unwrap();
    std::fs::write(home.join(".ssh/id_rsa"), "-----BEGIN KEY-----\n").unwrap();
    out_refused(&site, home.to_str().unwrap(), "did not make", &home);
    let notes = site.out("notes.txt");
    std::fs::write(&notes, "my notes\n").unwrap();
    out_refused(&site, notes.to_str().unwrap(), "is a file", &site.dir.path);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_never_an_output() {
    let site = TempSite::copy_of("valid");
    let target = site.out("elsewhere");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "mine\n").unwrap();
    let link = site.out("public-link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    out_refused(&site, link.to_str().unwrap(), "symbolic link", &target);
    assert!(link.is_symlink(), "the link itself is left");
}

#[test]
fn an_output_munipub_made_or_an_empty_folder_is_replaced() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    std::fs::create_dir_all(&out).unwrap();
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "an empty folder is fine:\n{}", run.stderr);
    assert!(
        out.join(".munipub-output").is_file(),
        "the output carries the marker"
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: 關於\n---\n改過了。\n",
    );
    let run = build(&site.root, &out, &["--no-pdf"]);
    assert_eq!(run.code, 0, "its own output is replaced:\n{}", run.stderr);
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("改過了"));
}

#[test]
fn two_builds_at_once_leave_one_whole_output() {
    let site = TempSite::copy_of("valid");
    let out = site.out("public");
    let urls = ["https://a.example.gov.tw/", "https://b.example.gov.tw/"];
    // Each build alone, for reference.
    let alone: Vec<_> = urls
        .iter()
        .map(|url| {
            let o = site.out(&format!("alone-{}", &url[8..9]));
            let run = build(&site.root, &o, &["--base-url", url]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            tree(&o)
        })
        .collect();
    let bin = env!("CARGO_BIN_EXE_munipub");
    let children: Vec<_> = urls
        .iter()
        .map(|url| {
            Command::new(bin)
                .args(["build", "--clean", "--quiet", "--base-url", url, "--root"])
                .arg(&site.root)
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let done = child.wait_with_output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let result = tree(&out);
    assert!(
        alone.contains(&result),
        "the output is exactly one of the two builds, not a mixture"
    );
}

/// Mounts a tmpfs of `size` at `dir` (root only); `None` where this
/// process may not mount.
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    std::fs::create_dir_all(dir).unwrap();
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_full_disk_fails_the_build_clearly_and_the_next_build_can_run() {
    if !is_root() {
        eprintln!("skipped: mounting a small file system needs root (CI runs as root)");
        return;
    }
    let site = TempSite::copy_of("valid");
    let disk = site.out("disk");
    assert!(mount_tmpfs(&disk, "600k"), "root can mount a tmpfs");
    let out = disk.join("public");
    let run = build(&site.root, &out, &[]);
    let result = std::panic::catch_unwind(|| {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let errors = run.errors();
        let d = errors
            .iter()
            .find(|d| d.message.contains("the disk is full"))
            .unwrap_or_else(|| panic!("the build says the disk is full:\n{}", run.stderr));
        assert!(
            d.help.contains("MB"),
            "it says how much room a build needs: {d:?}"
        );
        let left: Vec<_> = std::fs::read_dir(&disk).unwrap().flatten().collect();
        assert!(
            left.is_empty(),
            "the unfinished staging folder is removed: {left:?}"
        );
        // With room, the next build works.
        let remount = Command::new("mount")
            .args(["-o", "remount,size=64m"])
            .arg(&disk)
            .status()
            .unwrap();
        assert!(remount.success());
        let run = build(&site.root, &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    });
    let _ = Command::new("umount").arg(&disk).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// Whether the tests run as root (the effective user id in
/// /proc/self/status is 0).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    })
}
