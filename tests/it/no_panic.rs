//! No input makes munipub panic: every prefix of real content files, and
//! every single-byte corruption of them, goes through the readers.

use std::path::Path;

use munipub::content::source::{KeyIndex, SourceFile, parse_yaml};
use munipub::{markdown, phone};

fn samples() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "content/gazette/_gazette.yaml",
        "content/directory/secretariat.yaml",
        "content/couplets/2026.yaml",
        "content/gazette/2026-10-15/01-public-safety-inspection.md",
        "content/gazette/2026-09-30/01-municipal-property.md",
    ]
    .iter()
    .map(|p| (p.to_string(), std::fs::read(root.join(p)).expect(p)))
    .collect()
}

fn exercise(name: &str, bytes: Vec<u8>) {
    let Ok(file) = SourceFile::from_bytes(Path::new(name), bytes) else {
        return;
    };
    let _ = KeyIndex::build(&file.text, 1).pos("units.0.contacts.1.phone");
    let _ = parse_yaml::<serde_json::Value>(Path::new(name), &file.text, 1);
    if let Ok(fm) = file.front_matter() {
        let _ = KeyIndex::build(fm.yaml, fm.yaml_first_line);
        let _ = markdown::parse(fm.body, fm.body_first_line, false);
    } else {
        let _ = markdown::parse(&file.text, 1, true);
    }
}

#[test]
fn prefixes_of_content_files_do_not_panic() {
    for (name, bytes) in samples() {
        for end in 0..=bytes.len() {
            exercise(&name, bytes[..end].to_vec());
        }
    }
}

#[test]
fn corrupted_bytes_do_not_panic() {
    let replacements = [b'-', b':', b' ', b'\n', b'[', b'|', b'#', 0xff, b'"', b'\t'];
    for (name, bytes) in samples() {
        for i in (0..bytes.len()).step_by(3) {
            let r = replacements[i % replacements.len()];
            let mut b = bytes.clone();
            b[i] = r;
            exercise(&name, b);
        }
    }
}

#[test]
fn odd_phone_numbers_do_not_panic() {
    for s in [
        "",
        "#",
        "轉",
        "+",
        "++886",
        "０４－２２２８９１１１",
        "04-2228-9111#",
        "1",
        "😀",
        "04-2228-9111 分機 ",
        "(04",
        ")",
    ] {
        let _ = phone::parse(s);
        let _ = phone::parse_ext(s);
    }
}
