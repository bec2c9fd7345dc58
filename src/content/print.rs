//! The gazette's print settings in `_gazette.yaml`: how documents follow
//! each other in the issue PDF, and the 政府出版品 identifiers (GPN, ISSN)
//! and 版權頁 lines printed on the cover and the last page.

use std::path::Path;

use super::source::KeyIndex;
use crate::diag::Diagnostic;
use crate::model::{PdfLayout, Print};

/// The most lines, and characters a line, of the 版權頁's own lines: with
/// the lines munipub writes they fill the page's lower half at most.
const MAX_COLOPHON_LINES: usize = 12;
const MAX_COLOPHON_CHARS: usize = 60;

/// The settings as written.
pub(super) struct Raw<'a> {
    pub layout: Option<&'a str>,
    pub gpn: Option<&'a str>,
    pub issn: Option<&'a str>,
    pub colophon: &'a [String],
}

/// Checks the print settings; every problem goes to `errors`.
pub(super) fn settings(
    rel: &Path,
    keys: &KeyIndex,
    raw: Raw,
    errors: &mut Vec<Diagnostic>,
) -> Print {
    let layout = match raw.layout.map(str::trim) {
        None | Some("run-on") => PdfLayout::RunOn,
        Some("new-page") => PdfLayout::NewPage,
        Some(other) => {
            errors.push(
                Diagnostic::error(rel, format!("pdf_layout: unknown layout \"{other}\""))
                    .at(keys.pos("pdf_layout"))
                    .help("write `run-on` (documents follow each other, the default) or `new-page` (each document from a new page)"),
            );
            PdfLayout::RunOn
        }
    };
    let gpn = raw.gpn.map(str::trim).filter(|g| !g.is_empty());
    if let Some(g) = gpn
        && !(g.len() == 10 && g.bytes().all(|b| b.is_ascii_digit()))
    {
        errors.push(
            Diagnostic::error(rel, format!("gpn: \"{g}\" is not a GPN"))
                .at(keys.pos("gpn"))
                .help("a 統一編號 (GPN) is ten digits, e.g. 2009005678; copy it from the 政府出版品 registration"),
        );
    }
    let issn = raw.issn.map(str::trim).filter(|i| !i.is_empty());
    if let Some(i) = issn
        && let Err(why) = issn_problem(i)
    {
        errors.push(
            Diagnostic::error(rel, format!("issn: \"{i}\" {why}"))
                .at(keys.pos("issn"))
                .help("an ISSN is written 1234-5679: seven digits, a hyphen after the fourth, and a check digit (0–9 or X)"),
        );
    }
    // The 版權頁 is one page: more lines, or longer ones, would run off it.
    if raw.colophon.len() > MAX_COLOPHON_LINES {
        errors.push(
            Diagnostic::error(
                rel,
                format!(
                    "colophon: {} lines are more than the 版權頁 holds ({MAX_COLOPHON_LINES})",
                    raw.colophon.len()
                ),
            )
            .at(keys.pos("colophon"))
            .help("keep the 版權頁 to its usual items: address, telephone, website, sales outlets"),
        );
    }
    for (n, line) in raw.colophon.iter().enumerate() {
        if line.chars().count() > MAX_COLOPHON_CHARS {
            errors.push(
                Diagnostic::error(
                    rel,
                    format!(
                        "colophon: line {} is longer than {MAX_COLOPHON_CHARS} characters",
                        n + 1
                    ),
                )
                .at(keys.pos(&format!("colophon.{n}")))
                .help("split it into two list items"),
            );
        }
        if line.trim().is_empty() || line.contains('\n') {
            errors.push(
                Diagnostic::error(rel, format!("colophon: line {} is empty or holds a line break", n + 1))
                    .at(keys.pos(&format!("colophon.{n}")))
                    .help("give each line of the 版權頁 as one list item, e.g. - 地址：臺中市西屯區臺灣大道三段99號"),
            );
        }
    }
    Print {
        layout,
        gpn: gpn.map(str::to_string),
        issn: issn.map(str::to_string),
        colophon: raw.colophon.iter().map(|l| l.trim().to_string()).collect(),
    }
}

/// Why `issn` is not a valid ISSN (ISO 3297: weights 8..2, mod 11).
fn issn_problem(issn: &str) -> Result<(), &'static str> {
    let b = issn.as_bytes();
    if b.len() != 9 || b[4] != b'-' {
        return Err("is not of the form 1234-5679");
    }
    let digits: Vec<u8> = b[..4].iter().chain(&b[5..8]).copied().collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err("is not of the form 1234-5679");
    }
    let sum: u32 = digits
        .iter()
        .zip((2..=8).rev())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match (11 - sum % 11) % 11 {
        10 => b'X',
        d => b'0' + d as u8,
    };
    if b[8].to_ascii_uppercase() != check {
        return Err("has a wrong check digit (a typing error?)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issn_check_digits() {
        assert_eq!(issn_problem("0317-8471"), Ok(()));
        assert_eq!(issn_problem("2434-561X"), Ok(()));
        assert_eq!(issn_problem("2434-561x"), Ok(()));
        assert!(
            issn_problem("0317-8472")
                .unwrap_err()
                .contains("check digit")
        );
        assert!(issn_problem("03178471").is_err());
        assert!(issn_problem("０３１７-8471").is_err());
    }
}
