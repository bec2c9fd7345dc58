//! `munipub check` on one small site per kind of mistake an editor makes:
//! each must fail with exit code 1 and a message that names the file, the
//! line (and column), what is wrong and what would be right.

use crate::common;

use common::{Diag, Run, TempSite, check, fixture};

/// Runs `check` on `tests/fixtures/invalid/<case>` and expects a failure.
fn check_case(case: &str) -> Run {
    let run = check(&fixture(&format!("invalid/{case}")));
    expect_failure(&run);
    run
}

fn expect_failure(run: &Run) {
    assert_eq!(
        run.code, 1,
        "check exits with 1 on errors; stderr:\n{}",
        run.stderr
    );
}

/// Asserts where a diagnostic points.
fn assert_at(d: &Diag, file: &str, line: usize, column: usize) {
    assert_eq!(d.file, file, "the message names the file: {d:?}");
    assert_eq!(
        d.pos(),
        (line, column),
        "the message points at line {line}, column {column}: {d:?}"
    );
}

#[test]
fn the_valid_fixture_passes() {
    let run = check(&fixture("valid"));
    assert_eq!(run.code, 0, "the valid site checks clean:\n{}", run.stderr);
    assert!(
        run.stderr.contains("0 errors, 0 warnings"),
        "no warnings either:\n{}",
        run.stderr
    );
}

#[test]
fn yaml_syntax_error_points_at_the_unclosed_quote() {
    let d = check_case("yaml-syntax").only_error();
    // Line 2 of the file is `title: "公告本市停車收費`: the quote opens at
    // column 8 and is never closed.
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 2, 8);
    assert!(
        d.message.contains("quoted scalar") || d.message.contains("quote"),
        "the message says a quote is not closed: {d:?}"
    );
}

#[test]
fn unknown_field_suggests_the_right_name() {
    let d = check_case("unknown-field").only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 4, 1);
    assert!(
        d.message.contains("unknown field `agnecy`"),
        "the message names the unknown field: {d:?}"
    );
    assert!(
        d.help.contains("`agency`"),
        "the help suggests `agency`: {d:?}"
    );
}

#[test]
fn missing_field_is_named() {
    let d = check_case("missing-field").only_error();
    assert_eq!(d.file, "content/gazette/2026-11-15/01-notice.md");
    let line = d.line.expect("the message has a line");
    assert!(
        (1..=6).contains(&line),
        "the message points into the front matter (lines 1-6): {d:?}"
    );
    assert!(
        d.message.contains("doc_number"),
        "the message names the missing field doc_number: {d:?}"
    );
}

#[test]
fn wrong_type_in_an_agency_points_at_the_value() {
    let d = check_case("wrong-type").only_error();
    assert_at(&d, "content/directory/secretariat.yaml", 3, 8);
    assert!(
        d.message.contains("order") && d.message.contains("\"abc\""),
        "the message names the field and its value: {d:?}"
    );
    assert!(
        d.help.contains("number"),
        "the help says a number is needed: {d:?}"
    );
}

#[test]
fn wrong_type_in_the_schedule_points_at_the_value() {
    let d = check_case("wrong-type-schedule").only_error();
    assert_at(&d, "content/gazette/_gazette.yaml", 3, 11);
    assert!(
        d.message.contains("schedule") && d.message.contains("\"fifteen\""),
        "the message names the field and its value: {d:?}"
    );
    assert!(
        d.message.contains("sequence") || d.help.contains("[a, b]"),
        "the message says a list is needed: {d:?}"
    );
}

#[test]
fn impossible_date_is_explained() {
    let d = check_case("impossible-date").only_error();
    assert_at(&d, "content/gazette/2026-02-28/01-notice.md", 6, 7);
    assert!(
        d.message.contains("2026-02-30"),
        "the message quotes the date: {d:?}"
    );
    assert!(
        d.message.contains("28 days"),
        "the message says February 2026 has 28 days: {d:?}"
    );
}

#[test]
fn unknown_category_lists_the_categories() {
    let d = check_case("unknown-category").only_error();
    // The example of SPEC.md, to the column.
    assert_at(&d, "content/gazette/2026-11-15/03-parking.md", 4, 11);
    assert!(
        d.message.contains("unknown category \"法令\""),
        "the message names the category: {d:?}"
    );
    assert!(
        d.help.contains("法規, 令, 公告, 函, 人事, 其他"),
        "the help lists the expected categories in order: {d:?}"
    );
}

#[test]
fn unknown_group_lists_the_groups() {
    let d = check_case("unknown-group").only_error();
    assert_at(&d, "content/directory/secretariat.yaml", 2, 8);
    assert!(
        d.message.contains("unknown group \"三級機關\""),
        "the message names the group: {d:?}"
    );
    assert!(
        d.help.contains("一級機關, 二級機關, 區公所"),
        "the help lists the groups of _directory.yaml: {d:?}"
    );
}

#[test]
fn unscheduled_issue_suggests_the_scheduled_date() {
    let d = check_case("unscheduled-issue").only_error();
    assert_eq!(
        d.file.trim_end_matches('/'),
        "content/gazette/2026-11-14",
        "the message names the issue folder: {d:?}"
    );
    assert!(
        d.message.contains("2026-11-14") && d.message.contains("not an issue date"),
        "the message says the folder's date is not scheduled: {d:?}"
    );
    assert!(
        d.help.contains("2026-11-15"),
        "the help suggests 2026-11-15: {d:?}"
    );
}

#[test]
fn duplicate_doc_number_names_both_documents() {
    let d = check_case("duplicate-doc-number").only_error();
    assert_at(&d, "content/gazette/2026-11-30/01-correction.md", 5, 13);
    assert!(
        d.message.contains("府授交停字第1150000001號") && d.message.contains("already used"),
        "the message quotes the number and says it is used: {d:?}"
    );
    assert!(
        d.help.contains("content/gazette/2026-11-15/01-notice.md"),
        "the help names the other document: {d:?}"
    );
}

#[test]
fn bad_slug_suggests_a_file_name() {
    let d = check_case("bad-slug").only_error();
    assert_eq!(d.file, "content/gazette/2026-11-15/03_Parking.md");
    assert!(
        d.message.contains("03_Parking"),
        "the message quotes the file name: {d:?}"
    );
    assert!(
        d.help.contains("03-parking.md"),
        "the help suggests 03-parking.md: {d:?}"
    );
}

#[test]
fn document_without_front_matter() {
    let d = check_case("no-front-matter").only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 1, 1);
    assert!(
        d.message.contains("no front matter"),
        "the message says the front matter is missing: {d:?}"
    );
    assert!(
        d.help.contains("---"),
        "the help shows the `---` lines: {d:?}"
    );
}

#[test]
fn character_no_font_has_is_named_with_its_code_point() {
    let d = check_case("missing-glyph").only_error();
    // Line 8 is `主旨：派陳𰀀明為本府秘書處科長。`: U+30000 is the 6th character.
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 8, 6);
    assert!(
        d.message.contains("U+30000"),
        "the message gives the code point: {d:?}"
    );
    assert!(
        d.message.contains('\u{30000}'),
        "the message shows the character itself: {d:?}"
    );
}

#[test]
fn big5_document_is_reported_at_the_first_bad_byte() {
    let site = TempSite::copy_of("invalid/invalid-utf8");
    // 「停車」 in Big5 (B0B1 A8AE), as Notepad on a Traditional Chinese
    // Windows saves it by default.
    let mut bytes = b"---\ntitle: ".to_vec();
    bytes.extend_from_slice(&[0xB0, 0xB1, 0xA8, 0xAE]);
    bytes.extend_from_slice(
        "\ncategory: 公告\nagency: 臺中市政府交通局\ndoc_number: 府授交停字第1150000001號\ndate: 2026-11-10\n---\n主旨：停車。\n"
            .as_bytes(),
    );
    site.write("content/gazette/2026-11-15/01-notice.md", bytes);
    let run = check(&site.root);
    expect_failure(&run);
    let d = run.only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 2, 8);
    assert!(
        d.message.contains("not valid UTF-8"),
        "the message says the file is not UTF-8: {d:?}"
    );
    assert!(d.help.contains("Big5"), "the help mentions Big5: {d:?}");
}

#[test]
fn attachment_outside_the_document_folder() {
    let d = check_case("attachment-escape").only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 8, 11);
    assert!(
        d.message.contains("\"../secret.pdf\"") && d.message.contains("leaves"),
        "the message quotes the path and says it leaves the folder: {d:?}"
    );
    assert!(
        d.help.contains("content/gazette/2026-11-15/01-notice/"),
        "the help names the attachment folder: {d:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_content_is_refused() {
    let site = TempSite::copy_of("invalid/symlink-outside");
    let target = ["/etc/hostname", "/etc/passwd"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())
        .expect("a system file to link to");
    let link = site.path("content/gazette/2026-11-15/01-notice/hostname.txt");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, &link).unwrap();

    let run = check(&site.root);
    expect_failure(&run);
    let d = run.only_error();
    assert_eq!(d.file, "content/gazette/2026-11-15/01-notice/hostname.txt");
    assert!(
        d.message.contains("outside content/"),
        "the message says the link leaves content/: {d:?}"
    );

    // And the build publishes nothing.
    let out = site.out("public");
    let run = common::build(&site.root, &out, &[]);
    assert_eq!(run.code, 1, "the build fails:\n{}", run.stderr);
    assert!(!out.exists(), "no output folder is written");
}

#[test]
fn couplet_lines_of_different_length() {
    let d = check_case("couplet-length").only_error();
    assert_at(&d, "content/couplets/2026.yaml", 8, 12);
    assert!(
        d.message.contains("上聯 has 7") && d.message.contains("下聯 has 6"),
        "the message gives both lengths: {d:?}"
    );
}

#[test]
fn bad_phone_number_shows_the_accepted_forms() {
    let d = check_case("bad-phone").only_error();
    assert_at(&d, "content/directory/secretariat.yaml", 4, 8);
    assert!(
        d.message.contains("phone") && d.message.contains("04"),
        "the message names the field and the area code: {d:?}"
    );
    assert!(
        d.help.contains("04-22289111"),
        "the help shows a correct number: {d:?}"
    );
}

#[test]
fn template_syntax_error_in_a_site_theme() {
    let d = check_case("bad-template").only_error();
    assert_eq!(d.file, "themes/default/templates/home.html");
    assert_eq!(
        d.line,
        Some(3),
        "the message points at line 3, `{{{{ site.title }}`: {d:?}"
    );
    assert!(
        d.message.contains("template"),
        "the message says it is a template error: {d:?}"
    );
}

#[test]
fn many_errors_are_all_reported_in_one_run() {
    let run = check_case("many-errors");
    let errors = run.errors();
    let files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    for (file, pos, what) in [
        (
            "content/gazette/2026-11-15/03-parking.md",
            (4, 11),
            "unknown category",
        ),
        ("content/directory/secretariat.yaml", (4, 8), "phone"),
        ("content/couplets/2026.yaml", (8, 12), "下聯"),
    ] {
        let d = errors
            .iter()
            .find(|d| d.file == file)
            .unwrap_or_else(|| panic!("{file} is reported; got {files:?}\n{}", run.stderr));
        assert_eq!(d.pos(), pos, "{file} at the right place: {d:?}");
        assert!(d.message.contains(what), "{file}: says {what}: {d:?}");
    }
    assert_eq!(errors.len(), 3, "three errors, no more:\n{}", run.stderr);
    assert!(
        run.stderr.contains("3 errors"),
        "the summary counts 3 errors:\n{}",
        run.stderr
    );
}

#[test]
fn bom_and_crlf_do_not_shift_positions() {
    let site = TempSite::copy_of("invalid/unknown-category");
    let text = "---\r\ntitle: 修正停車場收費標準\r\nagency: 臺中市政府交通局\r\ncategory: 法令\r\ndoc_number: 府授交停字第1150012345號\r\ndate: 2026-11-10\r\n---\r\n主旨：修正停車場收費標準。\r\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    site.write("content/gazette/2026-11-15/03-parking.md", bytes);
    let run = check(&site.root);
    expect_failure(&run);
    let d = run.only_error();
    assert_at(&d, "content/gazette/2026-11-15/03-parking.md", 4, 11);
    assert!(d.message.contains("unknown category \"法令\""), "{d:?}");
}

/// Images the PDF cannot show (GIF, WebP, BMP, SVG, a text file named
/// `.png`, a PNG cut short) made `build` fail without a line, or were left
/// out of the PDF silently; `check` names each at its line.
#[test]
fn images_a_pdf_cannot_show_are_errors_at_their_line() {
    let site = TempSite::copy_of("valid");
    let doc = "content/gazette/2026-11-15/09-images";
    site.write(
        &format!("{doc}.md"),
        "---\ntitle: 附圖\ncategory: 公告\nagency: 臺中市政府民政局\ndoc_number: 府授民字第1150009999號\ndate: 2026-11-09\n---\n主旨：附圖。\n\n![甲](a.gif)\n\n![乙](b.webp)\n\n![丙](c.bmp)\n\n![丁](d.svg)\n\n![戊](e.png)\n\n![己](f.png)\n",
    );
    site.write(&format!("{doc}/a.gif"), b"GIF89a\x01\x00\x01\x00");
    site.write(&format!("{doc}/b.webp"), b"RIFF\x10\x00\x00\x00WEBPVP8 ");
    site.write(&format!("{doc}/c.bmp"), b"BM\x1e\x00\x00\x00");
    site.write(
        &format!("{doc}/d.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
    );
    site.write(&format!("{doc}/e.png"), "not really a picture");
    site.write(
        &format!("{doc}/f.png"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    );
    let run = check(&site.root);
    expect_failure(&run);
    let errors = run.errors();
    let lines: Vec<usize> = errors.iter().map(|d| d.pos().0).collect();
    assert_eq!(lines, [10, 12, 14, 16, 18, 20], "{}", run.stderr);
    for (d, what) in errors.iter().zip([
        "GIF",
        "WebP",
        "BMP",
        "SVG",
        "not a PNG or JPEG",
        "cut short",
    ]) {
        assert_eq!(d.file, format!("{doc}.md"));
        assert!(d.message.contains(what), "{what}: {d:?}");
        assert!(d.help.contains("PNG"), "{d:?}");
    }
}

// The gazette as a legal record.

#[test]
fn corrects_naming_no_document_suggests_the_closest() {
    let d = check_case("corrects-unknown").only_error();
    assert_at(&d, "content/gazette/2026-11-30/01-correction.md", 7, 11);
    assert!(
        d.message
            .contains("no document 2026-11-15/01-parking-notise"),
        "the message quotes the target: {d:?}"
    );
    assert!(
        d.help.contains("2026-11-15/01-parking-notice"),
        "the help suggests the document of that issue: {d:?}"
    );
}

#[test]
fn corrects_cycle_is_refused_at_the_document_in_the_earlier_issue() {
    let d = check_case("corrects-cycle").only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-notice.md", 7, 11);
    assert!(
        d.message
            .contains("2026-11-30/01-correction is in a later issue")
            && d.message.contains("cycle"),
        "the message says the target is later and that they form a cycle: {d:?}"
    );
    assert!(
        d.help.contains("after the document it corrects"),
        "the help says corrections come later: {d:?}"
    );
}

#[test]
fn comment_until_before_the_documents_date_is_refused() {
    let d = check_case("comment-before-date").only_error();
    assert_at(&d, "content/gazette/2026-11-15/01-draft.md", 7, 16);
    assert!(
        d.message.contains("2026-10-20")
            && d.message.contains("before the document's date 2026-11-10"),
        "{d:?}"
    );
}

#[test]
fn extra_on_a_scheduled_date_is_refused() {
    let d = check_case("extra-on-schedule").only_error();
    assert_at(&d, "content/gazette/2026-11-15/issue.yaml", 2, 8);
    assert!(
        d.message.contains("2026-11-15 is a scheduled issue date"),
        "{d:?}"
    );
}

#[test]
fn unscheduled_issue_help_mentions_extra_issues() {
    let d = check_case("unscheduled-issue").only_error();
    assert!(d.help.contains("extra: true"), "{d:?}");
}

#[test]
fn the_legal_fixture_passes() {
    let run = check(&fixture("legal"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.errors(), Vec::new());
}
