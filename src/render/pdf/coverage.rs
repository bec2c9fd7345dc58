//! What would print wrongly or not at all, found before anything is
//! typeset, with file, line, column and code point:
//!
//! - a character no configured font can draw would print as an empty box:
//!   every character of every file that goes into a PDF must be in the body
//!   font chain, and every character of every couplet in the Kai chain;
//! - a private-use character (造字 from Big5) means nothing outside the
//!   system that made it: an error;
//! - a Kangxi radical or CJK compatibility ideograph looks like a common
//!   character but searches and copies as another: a warning naming the
//!   common character;
//! - a table too wide to print legibly even on a landscape page: an error
//!   at the table's line.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::fonts::Fonts;
use super::layout::flow::Frame;
use super::layout::fonts::{FontBook, Role};
use super::layout::table;
use crate::cache::{Cache, Key};
use crate::content::source::{KeyIndex, SourceFile};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::markdown::{Block, Table};
use crate::model::{CoupletYear, Document, Issue, Site};

/// Checks every file whose text goes into a PDF: documents, issue and
/// gazette settings (cover, header), the directory. Sealed issues are
/// published as sealed, whatever the fonts are now.
pub fn check(site: &Site, book: &FontBook) -> Diagnostics {
    each_issue(site, book, |_, issue| check_issue_files(site, book, issue))
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
    let book = &fonts.book;
    each_issue(site, book, |i, issue| {
        let key = fonts.key("coverage").key(&issue_inputs[i]).finish();
        let name = format!("coverage/{}", issue.key());
        if cache.load(&name, &key).is_some() {
            return Diagnostics::new();
        }
        let d = check_issue_files(site, book, issue);
        if d.is_empty() {
            // A cache that cannot be written only makes the next build slower.
            let _ = cache.save(&name, &key, b"");
        }
        d
    })
}

/// The other files' problems, then each issue's by `issue` (given its
/// place in the gazette, the place of its inputs; an issue on
/// each core: at 50 years, the tables one issue after another took 3 s
/// of a 6 s `check`), then the couplets'. A sealed issue is never
/// typeset again, and is not looked at.
fn each_issue(
    site: &Site,
    book: &FontBook,
    issue: impl Fn(usize, &Issue) -> Diagnostics + Sync,
) -> Diagnostics {
    let mut diags = check_files(site, book, &other_files(site));
    if let Some(g) = &site.gazette {
        let found: Vec<Diagnostics> = g
            .issues
            .par_iter()
            .enumerate()
            .filter(|(_, i)| i.seal.is_none())
            .map(|(i, x)| issue(i, x))
            .collect();
        found.into_iter().for_each(|d| diags.extend(d));
    }
    for y in &site.couplets {
        diags.extend(couplets(site, book, y));
    }
    diags
}

/// What would keep one issue's PDF from being typeset: a character no
/// font has in its documents or `issue.yaml`, a table that cannot be
/// printed. (`munipub pdf` checks the gazette's settings with
/// [`check_issue`].)
fn check_issue_files(site: &Site, book: &FontBook, issue: &Issue) -> Diagnostics {
    let mut d = check_files(site, book, &issue_files(issue));
    d.extend(issue_tables(site, book, issue));
    d
}

/// [`check`] for one issue's PDF alone: its files and the gazette's
/// settings (cover and running header).
pub fn check_issue(site: &Site, book: &FontBook, issue: &Issue) -> Diagnostics {
    let mut d = check_files(
        site,
        book,
        &[Path::new("content/gazette/_gazette.yaml").to_path_buf()],
    );
    d.extend(check_issue_files(site, book, issue));
    d
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

/// One diagnostic per distinct character no face of the body chain has,
/// private-use character, Kangxi radical or compatibility ideograph.
pub fn missing(book: &FontBook, rel: &Path, text: &str) -> Vec<Diagnostic> {
    let mut seen: Vec<char> = Vec::new();
    let mut out: Vec<(char, Diagnostic)> = Vec::new();
    let mut counts: Vec<(char, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for (col, ch) in line.chars().enumerate() {
            let odd = identity(ch);
            if odd.is_none() && book.covers(Role::Body, ch) {
                continue;
            }
            if let Some(c) = counts.iter_mut().find(|(c, _)| *c == ch) {
                c.1 += 1;
            } else {
                counts.push((ch, 1));
            }
            if seen.contains(&ch) {
                continue;
            }
            seen.push(ch);
            let at = Pos::new(i + 1, col + 1);
            let d = match odd {
                Some(d) => d(rel, ch),
                None => {
                    let fonts: Vec<&str> = book
                        .chain(Role::Body)
                        .iter()
                        .map(|f| book.faces[*f].name.as_str())
                        .collect();
                    Diagnostic::error(rel, format!("character 「{ch}」 (U+{:04X}) is in no configured font ({}): it would print as an empty box", ch as u32, fonts.join(", ")))
                        .help("use the common form of the character, or add a font that has it to `fonts: body:` in site.yaml")
                }
            };
            out.push((ch, d.at(at)));
        }
    }
    out.into_iter()
        .map(|(ch, mut d)| {
            let n = counts.iter().find(|(c, _)| *c == ch).map_or(1, |c| c.1);
            if n > 1 {
                d.message
                    .push_str(&format!(" (used {n} times in this file)"));
            }
            d
        })
        .collect()
}

/// Says what is wrong with a character that is not what it looks like.
type Odd = fn(&Path, char) -> Diagnostic;

/// The diagnostic for a private-use character, a radical or a
/// compatibility ideograph; `None` for an ordinary character.
fn identity(ch: char) -> Option<Odd> {
    match ch as u32 {
        0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD => Some(private_use),
        0x2E80..=0x2FDF => Some(radical),
        0xF900..=0xFAFF | 0x2F800..=0x2FA1F if unified(ch).is_some() => Some(compatibility),
        _ => None,
    }
}

/// The unified ideograph a radical or compatibility ideograph stands for
/// (its Unicode decomposition), when it has one.
pub fn unified(ch: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let mut d = std::iter::once(ch).nfkc();
    match (d.next(), d.next()) {
        (Some(u), None) if u != ch => Some(u),
        _ => None,
    }
}

fn named(ch: char) -> String {
    match unified(ch) {
        Some(u) => format!("「{u}」 (U+{:04X})", u as u32),
        None => "the ordinary character it looks like".to_string(),
    }
}

fn private_use(rel: &Path, ch: char) -> Diagnostic {
    Diagnostic::error(rel, format!("U+{:04X} is a private-use character (造字, a character an office made up in Big5 or a font of its own): it has no meaning outside that system, prints as whatever a font happens to put there and cannot be searched", ch as u32))
        .help("replace it with the standard character (look it up in the CNS 11643 全字庫, www.cns11643.gov.tw); if there is none, describe it in words or with an ideographic description such as ⿰石告")
}

fn radical(rel: &Path, ch: char) -> Diagnostic {
    Diagnostic::warning(rel, format!("「{ch}」 (U+{:04X}) is a Kangxi radical, not {}: it prints the same but is searched and copied as a different character", ch as u32, named(ch)))
        .help(format!("replace it with {} (text converted from PDF often carries radicals)", named(ch)))
}

fn compatibility(rel: &Path, ch: char) -> Diagnostic {
    Diagnostic::warning(rel, format!("「{ch}」 (U+{:04X}) is a CJK compatibility ideograph, a duplicate of {}: it is searched and copied as a different character", ch as u32, named(ch)))
        .help(format!("replace it with {} (text converted from Big5 often carries compatibility ideographs)", named(ch)))
}

/// Every table of an issue's documents that cannot be printed legibly.
pub fn issue_tables(site: &Site, book: &FontBook, issue: &Issue) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let issue = match crate::content::with_bodies(site, issue) {
        Ok(full) => full,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    for doc in &issue.documents {
        document_tables(book, doc)
            .into_iter()
            .for_each(|d| diags.push(d));
    }
    diags
}

/// The tables of one document too wide to print: an error at each one's line.
pub fn document_tables(book: &FontBook, doc: &Document) -> Vec<Diagnostic> {
    let mut tables = Vec::new();
    collect_tables(&doc.body.blocks, &mut tables);
    for f in &doc.body.footnotes {
        collect_tables(&f.blocks, &mut tables);
    }
    let width = super::page::frame().width;
    tables
        .into_iter()
        .filter_map(|t| {
            let too = table::plan(book, t, width, width + Frame::TURN_GAIN).err()?;
            Some(
                Diagnostic::error(&doc.source, format!(
                    "this table cannot be printed: its {} columns need {:.0} pt across even in {} pt type on a landscape page, which has {:.0} pt",
                    too.columns, too.needed, table::MIN_SIZE, too.available
                ))
                .at(Pos::new(t.line, 1))
                .help("split it into tables of fewer columns, or attach the data as a spreadsheet and print a summary"),
            )
        })
        .collect()
}

fn collect_tables<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
    for b in blocks {
        match b {
            Block::Table(t) => out.push(t),
            Block::List { items, .. } => items.iter().for_each(|i| collect_tables(i, out)),
            Block::Quote(inner) => collect_tables(inner, out),
            _ => {}
        }
    }
}
