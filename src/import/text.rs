//! Text of the national gazette's fields made fit for munipub: characters
//! mapped or flagged, and values written as YAML.

use unicode_normalization::UnicodeNormalization;

use super::Note;

/// The placeholder for a character that cannot be carried over (〓, the
/// geta mark printers use for a missing character).
pub const GETA: char = '\u{3013}';

/// A field's text with compatibility characters mapped to the characters
/// they stand for (理 U+F9E4 → 理 U+7406, ⼈ U+2F08 → 人, ․ U+2024 → .) and
/// private-use characters (U+F8F8, left by old Big5 conversions, meaning
/// nothing elsewhere) replaced by 〓; each change is a note on `field`.
pub fn clean(text: &str, field: &'static str, notes: &mut Vec<Note>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut mapped: Vec<String> = Vec::new();
    let mut private: Vec<String> = Vec::new();
    for (line_no, line) in text.split('\n').enumerate() {
        if line_no > 0 {
            out.push('\n');
        }
        for c in line.chars() {
            let code = c as u32;
            if is_private_use(code) {
                private.push(format!("U+{code:04X} (line {} of the field)", line_no + 1));
                out.push(GETA);
            } else if let Some(to) = unified(c) {
                let shown = format!("{c} U+{code:04X} → {to}");
                if !mapped.contains(&shown) {
                    mapped.push(shown);
                }
                out.push_str(&to);
            } else if c.is_control() && c != '\t' {
                // Control characters have no place in a document.
            } else {
                out.push(c);
            }
        }
    }
    if !private.is_empty() {
        notes.push(Note {
            error: false,
            field,
            message: format!(
                "private-use character{} {}: written as 〓",
                if private.len() == 1 { "" } else { "s" },
                private.join(", ")
            ),
            help: "a private-use character means nothing outside the system that made it; put in the character of the printed gazette instead of 〓".into(),
        });
    }
    if !mapped.is_empty() {
        notes.push(Note {
            error: false,
            field,
            message: format!("mapped to the unified form: {}", mapped.join(", ")),
            help: "compatibility characters look the same but are missing from fonts and search; nothing to do unless the mapping is wrong".into(),
        });
    }
    out
}

fn is_private_use(code: u32) -> bool {
    (0xE000..=0xF8FF).contains(&code) || code >= 0xF0000
}

/// The character a compatibility character stands for: CJK compatibility
/// ideographs by their canonical mapping, Kangxi radicals, radical
/// supplements and dot leaders by their compatibility mapping.
fn unified(c: char) -> Option<String> {
    let code = c as u32;
    let canonical = (0xF900..=0xFAFF).contains(&code) || (0x2F800..=0x2FA1F).contains(&code);
    let compatible = (0x2E80..=0x2EFF).contains(&code)
        || (0x2F00..=0x2FDF).contains(&code)
        || code == 0x2024
        || code == 0x2025;
    let to: String = if canonical {
        std::iter::once(c).nfc().collect()
    } else if compatible {
        std::iter::once(c).nfkc().collect()
    } else {
        return None;
    };
    (to != c.to_string()).then_some(to)
}

/// A YAML scalar: plain when that reads back as the same text, else
/// double-quoted (JSON's escapes are YAML's).
pub fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', '.', '+',
        ])
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && !s.contains([':', '#', ',', '[', ']', '{', '}', '\n', '\t', '\\', '"'])
        && !s.chars().any(char::is_control)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// `[a, b]` in YAML's flow style.
pub fn yaml_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| yaml_scalar(i)).collect();
    format!("[{}]", parts.join(", "))
}

/// One value plain, several as a list (`agency:` of a joint document).
pub fn yaml_list_or_scalar(items: &[String]) -> String {
    match items {
        [] => "\"\"".into(),
        [one] => yaml_scalar(one),
        many => yaml_list(many),
    }
}

/// The value of a top-level key in a file's front matter, read line by
/// line (for the numbers already used; `check` reads them properly).
pub fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            return None;
        }
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let v = rest.trim();
            let v = match v.find(" #") {
                Some(i) if !v.starts_with('"') => v[..i].trim(),
                _ => v,
            };
            let v = if v.starts_with('"') {
                serde_json::from_str::<String>(v).unwrap_or_else(|_| v.trim_matches('"').into())
            } else {
                v.trim_matches('\'').to_string()
            };
            return Some(v);
        }
    }
    None
}

/// `_gazette.yaml` with its `categories:` line replaced; None when the
/// categories are not written on one line.
pub fn replace_categories(settings: &str, line: &str) -> Option<String> {
    let mut found = false;
    let mut out = String::with_capacity(settings.len() + line.len());
    for l in settings.split_inclusive('\n') {
        if let Some(rest) = l.strip_prefix("categories:") {
            let value = rest.trim();
            if !value.starts_with('[') || !value.split('#').next()?.trim_end().ends_with(']') {
                return None;
            }
            let comment = value.find(" #").map(|i| &value[i..]).unwrap_or("");
            out.push_str(line);
            out.push_str(comment);
            out.push('\n');
            found = true;
        } else {
            out.push_str(l);
        }
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_characters_mapped_and_private_use_flagged() {
        let mut notes = Vec::new();
        let text = clean(
            "管\u{F9E4}\u{2F08}\n1\u{2024}5\u{F8F8}",
            "Explain",
            &mut notes,
        );
        assert_eq!(text, "管理人\n1.5〓");
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].message.contains("U+F8F8 (line 2"),
            "{:?}",
            notes[0]
        );
        assert!(notes[1].message.contains("U+F9E4 → 理"), "{:?}", notes[1]);
        let mut none = Vec::new();
        assert_eq!(clean("臺中市〇〇路", "Title", &mut none), "臺中市〇〇路");
        assert!(none.is_empty());
    }

    #[test]
    fn yaml_scalars_read_back() {
        for s in [
            "內政部令：修正",
            "a: b",
            "#1",
            "2015-01-05",
            "yes",
            "MINISTRY OF FINANCE; Order \"x\"",
            "營運與轉移(Operate-and-Transfer，OT)",
            "- x",
        ] {
            let y = format!("v: {}", yaml_scalar(s));
            let v: std::collections::BTreeMap<String, String> = serde_yaml::from_str(&y).unwrap();
            assert_eq!(v["v"], s, "{y}");
        }
        let list = yaml_list(&["a,b".into(), "c".into()]);
        let v: Vec<String> = serde_yaml::from_str(&list).unwrap();
        assert_eq!(v, ["a,b", "c"]);
    }

    #[test]
    fn categories_line_replaced() {
        let s = "name: x\ncategories: [法規, 令]   # order\nschedule: [15, 30]\n";
        assert_eq!(
            replace_categories(s, "categories: [法規, 令, 處分]").unwrap(),
            "name: x\ncategories: [法規, 令, 處分] # order\nschedule: [15, 30]\n"
        );
        assert!(replace_categories("categories:\n  - a\n", "x").is_none());
    }

    #[test]
    fn front_matter_values() {
        let t = "---\ntitle: x\ndoc_number: \"府字第1號\"\n---\ndoc_number: no\n";
        assert_eq!(
            front_matter_value(t, "doc_number").as_deref(),
            Some("府字第1號")
        );
        assert_eq!(front_matter_value(t, "agency"), None);
    }
}
