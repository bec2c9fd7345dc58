//! The import on real records: tests/fixtures/ey/104-01-05.xml is the
//! national gazette's file of ROC 104-01-05 (2015-01-05) without its
//! `<HTMLContent>`.

use super::*;
use crate::markdown::{self, Block};

const DAY_FILE: &str = include_str!("../../tests/fixtures/ey/104-01-05.xml");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn records() -> Vec<Record> {
    ey::read(DAY_FILE).expect("the real file reads")
}

fn record(meta_id: &str) -> Record {
    records()
        .into_iter()
        .find(|r| r.get("MetaId") == meta_id)
        .expect("record in the file")
}

fn import(meta_id: &str) -> (Imported, Vec<Note>) {
    let mut notes = Vec::new();
    let doc = document(
        &record(meta_id),
        d(2015, 1, 15),
        d(2015, 1, 5),
        &mut BTreeMap::new(),
        &mut notes,
    )
    .expect("imported");
    (doc, notes)
}

fn body_of(text: &str) -> markdown::Markdown {
    let body = text.splitn(3, "---\n").nth(2).expect("front matter");
    markdown::parse(body, 1, false)
}

#[test]
fn the_real_file_has_38_records() {
    let all = records();
    assert_eq!(all.len(), 38);
    assert_eq!(all[0].get("MetaId"), "73387");
    assert_eq!(all[0].line, 3);
}

#[test]
fn file_day_and_issue() {
    assert_eq!(
        publication_day(Path::new("x/104-01-05.xml")),
        Some(d(2015, 1, 5))
    );
    assert_eq!(publication_day(Path::new("gazette.xml")), None);
    assert_eq!(
        publication_day(Path::new("public/gazette/2015-01-15/gazette.xml")),
        Some(d(2015, 1, 15))
    );
}

#[test]
fn an_order_with_its_front_matter() {
    let (doc, notes) = import("73387");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(doc.slug, "ey-73387");
    assert_eq!(doc.category, "法規");
    let fm = doc.text.split("---\n").nth(1).unwrap();
    assert!(
        fm.contains("title: 內政部令：修正「各機關學校團體駐衛警察設置管理辦法」第14條條文\n"),
        "{fm}"
    );
    assert!(fm.contains("agency: 內政部\n"), "{fm}");
    assert!(fm.contains("doc_number: 台內警字第10308735143號\n"), "{fm}");
    assert!(fm.contains("date: 2014-12-31\n"), "{fm}");
    assert!(
        fm.contains("keywords: [警衛(駐衛警), 撫慰金, 遺族(家屬後代), 配偶, 遺囑遺書]\n"),
        "{fm}"
    );
    assert!(
        fm.contains("title_en: \"MINISTRY OF THE INTERIOR Order"),
        "{fm}"
    );
    let body = doc.text.split("---\n").nth(2).unwrap();
    assert!(
        body.starts_with(
            "主旨：修正「各機關學校團體駐衛警察設置管理辦法」第十四條條文。\n\n說明：\n\n"
        ),
        "{body}"
    );
    assert!(body.ends_with("\n\n部長\u{3000}陳威仁\n"), "{body}");
}

#[test]
fn a_joint_document_lists_agencies_numbers_and_signatories() {
    let (doc, _) = import("73409");
    assert!(
        doc.text.contains("agency: [財政部, 衛生福利部]\n"),
        "{}",
        doc.text
    );
    assert!(
        doc.text
            .contains("doc_number: 台財庫字第10303777990號、部授國字第1030701812號\n")
    );
    assert!(
        doc.text
            .ends_with("部長\u{3000}張盛和\\\n部長\u{3000}蔣丙煌\n"),
        "{}",
        doc.text
    );
}

#[test]
fn a_preview_gets_nested_lists_of_the_official_markers() {
    let (doc, _) = import("73392");
    let md = body_of(&doc.text);
    let list = md
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .expect("a list");
    assert_eq!(list.len(), 4);
    assert!(matches!(list[3].last(), Some(Block::List { items, .. }) if items.len() == 5));
}

#[test]
fn an_announcement_keeps_its_own_labels() {
    let (doc, _) = import("73397");
    let body = doc.text.split("---\n").nth(2).unwrap();
    assert!(!body.contains("說明："), "{body}");
    assert!(body.contains("\n\n依據：罕見疾病防治及藥物法"), "{body}");
    assert!(body.contains("\n\n公告事項：新增認定"), "{body}");
}

#[test]
fn every_real_record_imports_without_notes_and_parses() {
    let mut numbers = BTreeMap::new();
    for r in records() {
        let mut notes = Vec::new();
        let doc = document(&r, d(2015, 1, 15), d(2015, 1, 5), &mut numbers, &mut notes).unwrap();
        assert!(notes.is_empty(), "{}: {notes:?}", r.get("MetaId"));
        let md = body_of(&doc.text);
        assert!(md.too_deep.is_none());
        // No text is lost: every line of 主旨 and 說明 is in the body.
        let plain = md.plain_text();
        for line in r
            .get("ThemeSubject")
            .lines()
            .chain(r.get("Explain").lines())
        {
            let words: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            let have: String = plain.chars().filter(|c| !c.is_whitespace()).collect();
            let words = words
                .trim_start_matches(|c: char| !c.is_alphanumeric() || c.is_ascii_digit())
                .to_string();
            let tail: String = words.chars().skip(4).collect();
            assert!(
                have.contains(&tail),
                "{}: {line:?} not in\n{plain}",
                r.get("MetaId")
            );
        }
    }
}

#[test]
fn missing_and_repeated_numbers_are_reported() {
    let mut r = record("73387");
    let mut numbers = BTreeMap::new();
    let mut notes = Vec::new();
    let first = document(&r, d(2015, 1, 15), d(2015, 1, 5), &mut numbers, &mut notes).unwrap();
    assert!(notes.is_empty());
    // The same number and title: the same document published again.
    assert!(document(&r, d(2015, 1, 15), d(2015, 1, 5), &mut numbers, &mut notes).is_none());
    assert!(
        !notes[0].error && notes[0].message.contains("published again"),
        "{notes:?}"
    );
    // The same number, another title: an editor must look.
    let mut other = r.clone();
    other.set("Title", "另一份公文");
    let mut notes = Vec::new();
    let again = document(
        &other,
        d(2015, 1, 15),
        d(2015, 1, 5),
        &mut numbers,
        &mut notes,
    )
    .unwrap();
    assert_eq!(first.doc_number, again.doc_number);
    assert!(
        notes[0].error && notes[0].message.contains("also the number of record 73387"),
        "{notes:?}"
    );
    assert!(
        again
            .text
            .contains("# 匯入注意：發文字號與 record 73387 相同")
    );

    r = ey::Record::from_fields(&[
        ("MetaId", "65884"),
        ("Doc_Style_LName", "專載"),
        ("PubGovName", "行政院"),
        ("Date_Created", "中華民國103年1月2日"),
        ("Title", "行政院第3378次會議院長提示"),
        ("Explain", "一、甲\u{F8F8}"),
    ]);
    let mut notes = Vec::new();
    let doc = document(&r, d(2014, 1, 15), d(2014, 1, 2), &mut numbers, &mut notes).unwrap();
    assert!(
        doc.text
            .contains("doc_number: 無發文字號（MetaId 65884）\n"),
        "{}",
        doc.text
    );
    assert!(notes.iter().any(|n| n.field == "GazetteId" && !n.error));
    assert!(
        notes
            .iter()
            .any(|n| n.field == "Explain" && n.message.contains("U+F8F8"))
    );
    assert!(doc.text.contains("甲〓"));
}

#[test]
fn slugs_from_meta_ids() {
    assert_eq!(slug_of("73387").as_deref(), Some("ey-73387"));
    assert_eq!(
        slug_of("2026-11-15/03-parking-fees").as_deref(),
        Some("03-parking-fees")
    );
    assert_eq!(slug_of("../x y"), None);
    assert_eq!(slug_of(""), None);
}

#[test]
fn import_twice_changes_nothing_and_reports_categories() {
    let root = std::env::temp_dir().join(format!("munipub-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("content/gazette")).unwrap();
    std::fs::write(
        root.join(SETTINGS),
        "name: 公報\npublisher: 市政府\nschedule: [15, 30]\nnumbering: season\ncategories: [法規, 其他]\n",
    )
    .unwrap();
    let xml = root.join("104-01-05.xml");
    std::fs::write(&xml, DAY_FILE).unwrap();
    let files = [xml];
    let first = import_ey(&root, &files, &Options::default());
    assert_eq!(first.written, 38, "{:?}", first.diags);
    assert!(
        first.notes[0].contains("→ issue 2015-01-15 (104年春字第1期)"),
        "{:?}",
        first.notes
    );
    let errors: Vec<String> = first.diags.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("公告及送達, 行政規則"), "{errors:?}");
    assert!(
        errors[0].contains("categories: [法規, 其他, 公告及送達, 行政規則]"),
        "{errors:?}"
    );

    let second = import_ey(
        &root,
        &files,
        &Options {
            add_categories: true,
            ..Options::default()
        },
    );
    assert_eq!((second.written, second.unchanged), (0, 38));
    assert!(second.diags.sorted().is_empty(), "{:?}", second.diags);
    let settings = std::fs::read_to_string(root.join(SETTINGS)).unwrap();
    assert!(
        settings.contains("categories: [法規, 其他, 公告及送達, 行政規則]\n"),
        "{settings}"
    );

    // The same records in a second file are imported once.
    let copy = root.join("104-01-06.xml");
    std::fs::write(&copy, DAY_FILE).unwrap();
    let both = import_ey(&root, &[files[0].clone(), copy], &Options::default());
    assert_eq!((both.written, both.unchanged, both.skipped), (0, 38, 38));
    assert_eq!(both.diags.warning_count(), 38);
    assert!(!both.diags.has_errors(), "{:?}", both.diags);

    // An edited file is left alone unless --overwrite.
    let edited = root.join("content/gazette/2015-01-15/ey-73387.md");
    std::fs::write(&edited, "edited").unwrap();
    let third = import_ey(&root, &files, &Options::default());
    assert_eq!((third.written, third.skipped), (0, 1));
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "edited");
    let _ = std::fs::remove_dir_all(&root);
}
