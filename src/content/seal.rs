//! Sealed issues (`munipub seal`, SPEC "Sealed issues"). A sealed issue's
//! folder holds, beside its sources:
//!
//! - `seal.yaml`, written by `munipub seal`: the gazette's name and the
//!   issue's number as printed, the SHA-256 of every source file of the
//!   issue (documents, `issue.yaml`, attachments), and every PDF of the
//!   issue with its SHA-256 and, for an offprint, its document and printed
//!   pages in the issue;
//! - `_sealed/`, the PDFs themselves (the issue and its offprints), which
//!   the build publishes byte for byte instead of typesetting them again.
//!
//! Loading a sealed issue verifies both: a changed, added or removed source
//! is an error saying to publish a correction in a later issue instead, and
//! a sealed PDF that is missing or whose bytes changed is an error naming
//! `seal.yaml`'s line. The writing side is [`crate::render::pdf::seal`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::source::{KeyIndex, SourceFile, parse_yaml};
use crate::diag::{Diagnostic, Pos};
use crate::model::{Seal, SealedPdf};

/// The seal's record, in the issue's folder.
pub const MANIFEST: &str = "seal.yaml";
/// The sealed PDFs' folder, in the issue's folder. Not a valid document
/// slug, so it cannot be a document's attachment folder.
pub const PDF_DIR: &str = "_sealed";

/// `seal.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The issue's date, its folder's name.
    pub date: String,
    /// The gazette's name as printed on the issue.
    pub name: String,
    /// `115年冬字第3期`, as printed.
    pub number: String,
    /// The munipub that sealed the issue (a record only; never compared).
    pub sealed_with: String,
    /// The issue's PDF first, then its offprints in the issue's order.
    pub pdfs: Vec<PdfEntry>,
    /// Every source file of the issue, by path in its folder, sorted.
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfEntry {
    /// Its name in `_sealed/` and in the issue's output folder.
    pub file: String,
    /// For an offprint: its document's slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// For an offprint: its first and last printed page in the issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<[usize; 2]>,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// `/`-separated, relative to the issue's folder.
    pub file: String,
    pub sha256: String,
}

/// The SHA-256 of `bytes` in lower-case hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a path inside an issue's folder is one of the seal's own files
/// rather than a source of the issue.
pub fn is_seal_file(in_issue: &Path) -> bool {
    in_issue == Path::new(MANIFEST) || in_issue.starts_with(PDF_DIR)
}

/// `a/b.png` for a path inside the issue's folder.
pub fn slash_path(in_issue: &Path) -> String {
    in_issue.to_string_lossy().replace('\\', "/")
}

/// The source files of the issue in `folder` (relative to the root), as
/// loading lists them (hidden files left out), the seal's own excluded.
pub fn sources(root: &Path, folder: &Path, diags: &mut crate::diag::Diagnostics) -> Vec<PathBuf> {
    super::tree::list(root, diags)
        .below(folder)
        .filter(|p| !p.strip_prefix(folder).is_ok_and(is_seal_file))
        .cloned()
        .collect()
}

/// The help every changed-source error gives.
fn correction_help(rel: &Path, date: NaiveDate) -> String {
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    format!(
        "a published issue never changes: undo this (git checkout -- {}) and publish a correction (更正) in a later issue instead, as a new document with `corrects: {date}/{slug}`",
        rel.display()
    )
}

/// Reads `seal.yaml` of the issue in `folder` (relative to `root`) and
/// checks it against the folder's files (`files`, relative to the root,
/// the seal's own included). Every problem goes into `errors`; the seal
/// comes back only when all is as sealed.
pub fn verify(
    root: &Path,
    folder: &Path,
    date: NaiveDate,
    files: &[&PathBuf],
    errors: &mut Vec<Diagnostic>,
) -> Option<Seal> {
    let manifest_rel = folder.join(MANIFEST);
    let file = SourceFile::read(root, &manifest_rel)
        .map_err(|d| errors.push(d))
        .ok()?;
    let manifest: Manifest = parse_yaml(&manifest_rel, &file.text, 1)
        .map_err(|d| errors.push(d))
        .ok()?;
    let keys = KeyIndex::build(&file.text, 1);
    let before = errors.len();
    let at = |path: &str| keys.pos(path);
    let err = |path: &str, msg: String| Diagnostic::error(&manifest_rel, msg).at(at(path));
    let restore_help = |rel: &Path| {
        format!(
            "restore it as sealed (git checkout -- {}): a sealed issue is published from these files byte for byte, never typeset again",
            rel.display()
        )
    };

    if manifest.date != crate::calendar::iso(date).to_string() {
        errors.push(
            err(
                "date",
                format!(
                    "date: this seal is of the issue of {}, not {date}",
                    manifest.date
                ),
            )
            .help("seal.yaml belongs in its own issue's folder; munipub seal writes it"),
        );
    }

    // Sources: every file of the folder but the seal's, as sealed.
    let in_issue = |p: &PathBuf| p.strip_prefix(folder).map(Path::to_path_buf).ok();
    let present: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|p| in_issue(p))
        .filter(|p| !is_seal_file(p))
        .collect();
    let listed: BTreeMap<PathBuf, (usize, &str)> = manifest
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (PathBuf::from(&s.file), (i, s.sha256.as_str())))
        .collect();
    let hashed: Vec<(PathBuf, Option<String>)> = present
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(root.join(folder).join(p)).ok();
            (p.clone(), bytes.map(|b| sha256_hex(&b)))
        })
        .collect();
    for (p, hash) in hashed {
        let rel = folder.join(&p);
        match listed.get(&p) {
            None => errors.push(
                Diagnostic::error(&rel, "a file was added to a sealed issue")
                    .at(Pos::new(1, 1))
                    .help(correction_help(&rel, date)),
            ),
            Some((_, sealed)) if hash.as_deref() != Some(*sealed) => errors.push(
                Diagnostic::error(
                    &rel,
                    "this issue is sealed, and this file has changed since it was sealed",
                )
                .at(Pos::new(1, 1))
                .help(correction_help(&rel, date)),
            ),
            Some(_) => {}
        }
    }
    for (p, (i, _)) in &listed {
        if !present.contains(p) {
            let rel = folder.join(p);
            errors.push(
                err(
                    &format!("sources.{i}.file"),
                    format!("{} was removed from a sealed issue", rel.display()),
                )
                .help(correction_help(&rel, date)),
            );
        }
    }

    // PDFs: one for the issue, one per document, each as sealed.
    let pdf_dir = folder.join(PDF_DIR);
    let mut issue_pdf = None;
    let mut documents = BTreeMap::new();
    for (i, entry) in manifest.pdfs.iter().enumerate() {
        let rel = pdf_dir.join(&entry.file);
        if !is_pdf_name(&entry.file) {
            errors.push(
                err(
                    &format!("pdfs.{i}.file"),
                    format!("\"{}\" is not the name of a PDF file", entry.file),
                )
                .help("a sealed PDF is a file in _sealed/ whose name ends in .pdf"),
            );
            continue;
        }
        let sealed = SealedPdf {
            file: entry.file.clone(),
            path: rel.clone(),
            sha256: entry.sha256.clone(),
        };
        match (&entry.document, entry.pages) {
            (None, None) if issue_pdf.is_none() => issue_pdf = Some(sealed),
            (Some(slug), Some([first, last])) if first >= 1 && first <= last => {
                documents.insert(slug.clone(), (sealed, (first, last)));
            }
            _ => errors.push(
                err(
                    &format!("pdfs.{i}"),
                    format!("pdfs: the entry of {} is incomplete", entry.file),
                )
                .help("the first entry is the issue's PDF; each other one names its document and pages: [first, last]"),
            ),
        }
    }
    if issue_pdf.is_none() && errors.len() == before {
        errors.push(
            err("pdfs", "pdfs: the issue's own PDF is not listed".into())
                .help("the first entry is the issue's PDF, without document: or pages:"),
        );
    }
    let checked: Vec<(usize, Option<String>)> = manifest
        .pdfs
        .par_iter()
        .enumerate()
        .filter(|(_, e)| is_pdf_name(&e.file))
        .map(|(i, e)| {
            let bytes = std::fs::read(root.join(&pdf_dir).join(&e.file)).ok();
            (i, bytes.map(|b| sha256_hex(&b)))
        })
        .collect();
    for (i, hash) in checked {
        let entry = &manifest.pdfs[i];
        let rel = pdf_dir.join(&entry.file);
        match hash {
            None => errors.push(
                err(
                    &format!("pdfs.{i}.file"),
                    format!("the sealed PDF {} is missing", rel.display()),
                )
                .help(restore_help(&rel)),
            ),
            Some(h) if h != entry.sha256 => errors.push(
                err(
                    &format!("pdfs.{i}.sha256"),
                    format!(
                        "the sealed PDF {} has been altered: its SHA-256 is {h}, the seal records {}",
                        rel.display(),
                        entry.sha256
                    ),
                )
                .help(restore_help(&rel)),
            ),
            Some(_) => {}
        }
    }
    let sealed_names: BTreeSet<&str> = manifest.pdfs.iter().map(|e| e.file.as_str()).collect();
    for p in files.iter().filter(|p| p.starts_with(&pdf_dir)) {
        let name = p.strip_prefix(&pdf_dir).map(slash_path).unwrap_or_default();
        if !sealed_names.contains(name.as_str()) {
            errors.push(
                Diagnostic::error(*p, "this file is not part of the issue's seal")
                    .help("remove it: _sealed/ holds only the PDFs that seal.yaml lists, and munipub seal writes them"),
            );
        }
    }

    if errors.len() > before {
        return None;
    }
    Some(Seal {
        name: manifest.name,
        number: manifest.number,
        issue_pdf: issue_pdf?,
        documents,
    })
}

/// A plain file name ending in `.pdf`, with no folder.
fn is_pdf_name(name: &str) -> bool {
    super::fields::is_contained(name) && !name.contains('/') && name.ends_with(".pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_printed_as_sha256sum_prints_it() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_seal_files_are_told_from_sources() {
        assert!(is_seal_file(Path::new("seal.yaml")));
        assert!(is_seal_file(Path::new("_sealed/gazette-2026-09-15.pdf")));
        assert!(!is_seal_file(Path::new("01-x.md")));
        assert!(!is_seal_file(Path::new("01-x/seal.yaml")));
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = Manifest {
            date: "2026-09-15".into(),
            name: "臺中市政府公報".into(),
            number: "115年秋字第3期".into(),
            sealed_with: "munipub 0.1.0".into(),
            pdfs: vec![
                PdfEntry {
                    file: "gazette-2026-09-15.pdf".into(),
                    document: None,
                    pages: None,
                    sha256: sha256_hex(b"1"),
                },
                PdfEntry {
                    file: "01-a.pdf".into(),
                    document: Some("01-a".into()),
                    pages: Some([1, 2]),
                    sha256: sha256_hex(b"2"),
                },
            ],
            sources: vec![SourceEntry {
                file: "01-a.md".into(),
                sha256: sha256_hex(b"3"),
            }],
        };
        let text = serde_yaml::to_string(&m).unwrap();
        let back: Manifest = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, m);
        let keys = KeyIndex::build(&text, 1);
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(keys.pos("pdfs.1.sha256").line, line_of(&sha256_hex(b"2")));
        assert_eq!(keys.pos("sources.0.file").line, line_of("01-a.md"));
    }
}
