//! CSV as Excel and LibreOffice open it: UTF-8 with a byte-order mark,
//! CRLF line ends, fields quoted when they hold a comma, quote or line end
//! (RFC 4180).
//!
//! A field that a spreadsheet would take for a formula (it begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` and
//! quotes, as OWASP recommends against CSV injection: the text stays
//! readable and is never run (`=HYPERLINK(…)` stays text).

/// A whole CSV file from a header and rows.
pub fn csv<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let mut out = head(header);
    out.push_str(&lines(rows));
    out
}

/// The start of a [`csv`] file: the byte order mark and the header line.
pub fn head(header: &[&str]) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, header.iter().copied());
    out
}

/// The lines of `rows` as [`csv`] writes them after its [`head`], so that
/// parts of a large table can be made in parallel and joined.
pub fn lines<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut out = String::new();
    for r in rows {
        line(&mut out, r.as_ref().iter().map(String::as_str));
    }
    out
}

fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let formula = f.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if formula || f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let rows = vec![vec![
            "臺中市政府秘書處".to_string(),
            "a,b".into(),
            "say \"hi\"".into(),
        ]];
        let s = csv(&["機關", "x", "y"], &rows);
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s,
            "\u{feff}機關,x,y\r\n臺中市政府秘書處,\"a,b\",\"say \"\"hi\"\"\"\r\n"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://x\",\"y\")".to_string(),
            "+1".into(),
            "-2".into(),
            "@SUM(A1)".into(),
            "\tx".into(),
            "a=b".into(),
        ]];
        let s = csv(&["a", "b", "c", "d", "e", "f"], &rows);
        assert_eq!(
            s.lines().nth(1).unwrap(),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",a=b"
        );
    }
}
