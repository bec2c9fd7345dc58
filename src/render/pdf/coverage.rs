//! A character no configured font can draw would print as an empty box:
//! every character of every file that goes into a PDF must be in the
//! body font chain, and every character of every couplet in the Kai
//! chain. Reported with file, line, column and code point.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::fonts::Fonts;
use super::layout::fonts::{FontBook, Role};
use crate::cache::{Cache, Key};
use crate::content::source::{KeyIndex, SourceFile};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{CoupletYear, Issue, Site};

/// Checks every file whose text goes into a PDF: documents, issue and
/// gazette settings (cover, header), the directory. Sealed issues are
/// published as sealed, whatever the fonts are now.
pub fn check(site: &Site, book: &FontBook) -> Diagnostics {
    let mut files = other_files(site);
    if let Some(g) = &site.gazette {
        files.extend(
            g.issues
                .iter()
                .filter(|i| i.seal.is_none())
                .flat_map(issue_files),
        );
    }
    let mut diags = check_files(site, book, &files);
    for y in &site.couplets {
        diags.extend(couplets(site, book, y));
    }
    diags
}

/// [`check`] for a build: an issue whose files were found drawable with
/// these fonts before (a build cache entry under the fonts and the issue's
/// inputs) is not read again.
pub fn check_cached(
    site: &Site,
    fonts: &Fonts,
    cache: &Cache,
    issue_inputs: &[Key],
) -> Diagnostics {
    let mut diags = check_files(site, &fonts.book, &other_files(site));
    if let Some(g) = &site.gazette {
        let found: Vec<Diagnostics> = g
            .issues
            .par_iter()
            .zip(issue_inputs)
            // A sealed issue is never typeset again.
            .filter(|(issue, _)| issue.seal.is_none())
            .map(|(issue, inputs)| {
                let key = fonts.key("coverage").key(inputs).finish();
                let name = format!("coverage/{}", issue.key());
                if cache.load(&name, &key).is_some() {
                    return Diagnostics::new();
                }
                let d = check_files(site, &fonts.book, &issue_files(issue));
                if d.is_empty() {
                    // A cache that cannot be written only makes the next build slower.
                    let _ = cache.save(&name, &key, b"");
                }
                d
            })
            .collect();
        found.into_iter().for_each(|d| diags.extend(d));
    }
    for y in &site.couplets {
        diags.extend(couplets(site, &fonts.book, y));
    }
    diags
}

/// An issue's files whose text goes into its PDF: its documents and its
/// `issue.yaml`.
fn issue_files(issue: &Issue) -> Vec<PathBuf> {
    let settings = Path::new("content/gazette")
        .join(issue.key())
        .join("issue.yaml");
    std::iter::once(settings)
        .chain(issue.documents.iter().map(|d| d.source.clone()))
        .collect()
}

/// The other files whose text goes into a PDF: the gazette's settings and
/// the directory.
fn other_files(site: &Site) -> Vec<PathBuf> {
    let mut files = vec![Path::new("content/gazette/_gazette.yaml").to_path_buf()];
    if let Some(d) = &site.directory {
        files.push(Path::new("content/directory/_directory.yaml").to_path_buf());
        files.extend(
            d.agencies
                .iter()
                .map(|a| Path::new("content/directory").join(format!("{}.yaml", a.id))),
        );
    }
    files
}

/// Every character of each of `files` (those that exist) in the body chain.
fn check_files(site: &Site, book: &FontBook, files: &[PathBuf]) -> Diagnostics {
    let found: Vec<Diagnostic> = files
        .par_iter()
        .filter(|rel| site.root.join(rel).is_file())
        .flat_map_iter(|rel| match SourceFile::read(&site.root, rel) {
            Ok(f) => missing(book, rel, &f.text),
            Err(d) => vec![d],
        })
        .collect();
    let mut diags = Diagnostics::new();
    found.into_iter().for_each(|d| diags.push(d));
    diags
}

/// The couplets are set in the Kai chain: each character of each set's
/// 上聯, 下聯, 橫批 and 斗方 must be in it.
fn couplets(site: &Site, book: &FontBook, y: &CoupletYear) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(rel) = ["yaml", "yml"]
        .iter()
        .map(|e| Path::new("content/couplets").join(format!("{}.{e}", y.year)))
        .find(|p| site.root.join(p).is_file())
    else {
        return diags;
    };
    let file = match SourceFile::read(&site.root, &rel) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let keys = KeyIndex::build(&file.text, 1);
    let lines: Vec<&str> = file.text.lines().collect();
    let fonts: Vec<&str> = book
        .chain(Role::Kai)
        .iter()
        .map(|f| book.faces[*f].name.as_str())
        .collect();
    for (i, set) in y.sets.iter().enumerate() {
        let fields = [
            ("upper", "上聯", &set.upper),
            ("lower", "下聯", &set.lower),
            ("banner", "橫批", &set.banner),
            ("square", "斗方", &set.square),
        ];
        for (field, piece, text) in fields {
            let at = keys.pos(&format!("sets.{i}.{field}"));
            let column = value_column(&lines, at, text);
            let mut seen = Vec::new();
            for (j, ch) in text.chars().enumerate() {
                if book.covers(Role::Kai, ch) || seen.contains(&ch) {
                    continue;
                }
                seen.push(ch);
                let pos = column.map_or(at, |c| Pos::new(at.line, c + j));
                diags.push(
                    Diagnostic::error(&rel, format!("set {}: character 「{ch}」 (U+{:04X}) of the {piece} is not in the couplet font ({}): it would print as an empty box", set.id, ch as u32, fonts.join(", ")))
                        .at(pos)
                        .help("use the common form of the character, or add a brush font that has it to `fonts: kai:` in site.yaml"),
                );
            }
        }
    }
    diags
}

/// The column where `text` starts on the line of `at` (a plain or quoted
/// scalar on the key's line), when it is there.
fn value_column(lines: &[&str], at: Pos, text: &str) -> Option<usize> {
    let line = lines.get(at.line.checked_sub(1)?)?;
    let from: String = line.chars().skip(at.column.saturating_sub(1)).collect();
    let offset = from.find(text)?;
    Some(at.column + from[..offset].chars().count())
}

/// One diagnostic per distinct character no face of the body chain has.
pub fn missing(book: &FontBook, rel: &Path, text: &str) -> Vec<Diagnostic> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for (col, ch) in line.chars().enumerate() {
            if book.covers(Role::Body, ch) || seen.contains(&ch) {
                continue;
            }
            seen.push(ch);
            let fonts: Vec<&str> = book
                .chain(Role::Body)
                .iter()
                .map(|f| book.faces[*f].name.as_str())
                .collect();
            out.push(
                Diagnostic::error(rel, format!("character 「{ch}」 (U+{:04X}) is in no configured font ({}): it would print as an empty box", ch as u32, fonts.join(", ")))
                    .at(Pos::new(i + 1, col + 1))
                    .help("use the common form of the character, or add a font that has it to `fonts: body:` in site.yaml"),
            );
        }
    }
    out
}
