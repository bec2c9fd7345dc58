//! Checks shared by every content file: dates, slugs, required text.

use std::path::Path;

use chrono::NaiveDate;

use super::source::KeyIndex;
use crate::diag::{Diagnostic, Problem};

/// Lowercase ASCII letters, digits and hyphens, not starting or ending
/// with a hyphen.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug suggestion: lower-cased, other characters turned into hyphens.
pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "document".into()
    } else {
        out
    }
}

/// Parses an ISO date written in a content file, explaining what is wrong.
pub fn parse_date(value: &str) -> Result<NaiveDate, Problem> {
    let v = value.trim();
    let parts: Vec<&str> = v.split('-').collect();
    let numbers: Option<Vec<u32>> = if parts.len() == 3 {
        parts.iter().map(|p| p.parse().ok()).collect()
    } else {
        None
    };
    let Some(n) = numbers.filter(|_| parts[0].len() == 4) else {
        return Err(Problem::new(
            format!("\"{v}\" is not a date"),
            "write dates as YYYY-MM-DD in the Gregorian calendar, e.g. 2026-11-15 (not 115/11/15)",
        ));
    };
    let (y, m, d) = (n[0] as i32, n[1], n[2]);
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let why = if !(1..=12).contains(&m) {
            format!("there is no month {m}")
        } else {
            let last = last_day(y, m);
            format!("{y}-{m:02} has {last} days")
        };
        Problem::new(
            format!("impossible date {v}: {why}"),
            "check the day and month",
        )
    })
}

pub fn last_day(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
        .unwrap_or(28)
}

/// A date field: parsed, or a diagnostic at the field's value.
pub fn date_field(
    rel: &Path,
    keys: &KeyIndex,
    path: &str,
    value: &str,
) -> Result<NaiveDate, Diagnostic> {
    parse_date(value).map_err(|p| {
        Diagnostic::error(rel, format!("{path}: {}", p.message))
            .at(keys.pos(path))
            .help(p.help)
    })
}

/// A required text field must not be empty.
pub fn require_text(
    rel: &Path,
    keys: &KeyIndex,
    path: &str,
    value: &str,
    out: &mut Vec<Diagnostic>,
) {
    if value.trim().is_empty() {
        out.push(
            Diagnostic::error(rel, format!("{path}: must not be empty"))
                .at(keys.pos(path))
                .help(format!("write the {path} after `{path}: `")),
        );
    }
}

/// A relative file reference that stays inside its folder: no `..`, no
/// absolute path, no scheme.
pub fn is_contained(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("03-parking-fees"));
        assert!(!is_slug("03_Parking"));
        assert!(!is_slug("停車"));
        assert!(!is_slug("-a"));
        assert_eq!(suggest_slug("03_Parking Fees"), "03-parking-fees");
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(parse_date("2026-02-28").unwrap().to_string(), "2026-02-28");
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .message
                .contains("2026-02 has 28 days")
        );
        assert!(
            parse_date("2026-13-01")
                .unwrap_err()
                .message
                .contains("no month 13")
        );
        assert!(
            parse_date("115/11/15")
                .unwrap_err()
                .message
                .contains("not a date")
        );
    }

    #[test]
    fn containment() {
        assert!(is_contained("對照表.pdf"));
        assert!(is_contained("sub/a.png"));
        assert!(!is_contained("../a.png"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("C:\\x"));
    }
}
