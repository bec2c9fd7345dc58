//! Reading content files: bytes to text, front matter, YAML with positions.
//!
//! Everything here turns a file into typed data or a [`Diagnostic`] that
//! points at the exact line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Pos};

/// A content file read into memory, normalised to UTF-8 without BOM and with
/// `\n` line ends (files saved on Windows are valid).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, for messages.
    pub rel: PathBuf,
    pub text: String,
    /// xxh3 of the file's bytes as read: build cache keys use it rather
    /// than reading the file again (`render::inputs`).
    pub hash: u128,
}

impl SourceFile {
    /// Reads `root/rel`; invalid UTF-8 is reported at its line and column.
    pub fn read(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(root.join(rel)).map_err(|e| Diagnostic::cannot_read(rel, e))?;
        Self::from_bytes(rel, bytes)
    }

    pub fn from_bytes(rel: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let mut text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                return Err(Diagnostic::error(rel, "the file is not valid UTF-8 text")
                    .at(end_pos(valid))
                    .help("save the file as UTF-8 (in Notepad: 另存新檔 → 編碼 UTF-8); Big5 files must be converted"));
            }
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        Ok(SourceFile {
            rel: rel.to_path_buf(),
            text,
            hash,
        })
    }

    /// Splits `---` front matter from the Markdown body.
    pub fn front_matter(&self) -> Result<FrontMatter<'_>, Diagnostic> {
        let missing = || {
            Diagnostic::error(&self.rel, "the document has no front matter")
                .at(Pos::new(1, 1))
                .help("start the file with a line `---`, the fields (title:, category:, agency:, doc_number:, date:), and another line `---`")
        };
        let rest = self.text.strip_prefix("---\n").ok_or_else(missing)?;
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if trimmed == "---" || trimmed == "..." {
                let yaml = &rest[..offset];
                let body = &rest[offset + line.len()..];
                return Ok(FrontMatter {
                    yaml,
                    yaml_first_line: 2,
                    body,
                    body_first_line: 2 + yaml.lines().count() + 1,
                });
            }
            offset += line.len();
        }
        Err(
            Diagnostic::error(&self.rel, "the front matter is not closed")
                .at(Pos::new(1, 1))
                .help("add a line `---` after the last front-matter field"),
        )
    }
}

/// The parts of a Markdown file with front matter.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// Line number of the first YAML line in the file.
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

fn end_pos(text: &str) -> Pos {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos::new(line, last.chars().count() + 1)
}

/// Deserialises YAML into `T`, turning serde's error into a diagnostic at
/// the right line of the file (`first_line` is where the YAML starts).
pub fn parse_yaml<T: DeserializeOwned>(
    rel: &Path,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document deserialises as null; treat it as an empty mapping so
    // that the message names the missing fields.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(rel, yaml, first_line, &e))
}

fn yaml_error(rel: &Path, yaml: &str, first_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    // libyaml names positions inside the message ("found unexpected end of
    // stream at line 6 column 1, while scanning a quoted scalar at line 1
    // column 8"); the last one is where the broken construct starts, which
    // is where the editor has to look.
    let (message, named) = strip_positions(&e.to_string());
    let pos = named
        .or_else(|| e.location().map(|l| (l.line(), l.column())))
        .map(|(l, c)| Pos::new(l + first_line - 1, c))
        .unwrap_or(Pos::new(first_line, 1));
    let mut d = Diagnostic::error(rel, message.clone()).at(pos);
    if let Some(help) = unknown_field_help(&message) {
        d = d.help(help);
    } else if message.contains("missing field") {
        d = d.help("add the field; see docs/content.md for every field and an example");
    } else if message.contains("invalid type") {
        d = d.help("check the value's form: text, a number, or a list `[a, b]` as the field needs");
    } else if !message.contains(':') || message.contains("did not find expected") {
        let line = yaml
            .lines()
            .nth(pos.line.saturating_sub(first_line))
            .unwrap_or("");
        d = d.help(format!(
            "YAML syntax: `key: value` per line, lists as `- item` or `[a, b]`; quote values that contain `: ` or start with a symbol (line reads `{}`)",
            line.trim()
        ));
    }
    d
}

/// Removes every " at line N column M" from a YAML error message; returns
/// the cleaned message and the last position named.
fn strip_positions(message: &str) -> (String, Option<(usize, usize)>) {
    let mut out = String::new();
    let mut last = None;
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let line_digits = after.chars().take_while(char::is_ascii_digit).count();
        let col_part = after[line_digits..].strip_prefix(" column ");
        match (after[..line_digits].parse::<usize>(), col_part) {
            (Ok(line), Some(c)) => {
                let col_digits = c.chars().take_while(char::is_ascii_digit).count();
                last = Some((line, c[..col_digits].parse().unwrap_or(1)));
                rest = &c[col_digits..];
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, last)
}

/// For serde's "unknown field `agnecy`, expected one of `a`, `b`" suggests
/// the closest expected field.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, expected) = rest.split_once('`')?;
    let fields: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if let Some(best) = closest(unknown, fields.iter().copied()) {
        Some(format!("did you mean `{best}`?"))
    } else {
        Some(format!(
            "the fields allowed here are: {}",
            fields.join(", ")
        ))
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough
/// to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Positions of keys and values in a block-style YAML text, by path
/// (`units.2.phone`, `categories.1`), so that checks made after
/// deserialising can still point at the line and column.
///
/// This is a small indentation reader, not a YAML parser: it understands
/// the block mappings and sequences and the one-line flow sequences content
/// files use. A path it cannot find falls back to its nearest parent.
#[derive(Debug, Default, Clone)]
pub struct KeyIndex {
    positions: HashMap<String, Pos>,
    first_line: usize,
}

struct Open {
    indent: usize,
    segment: String,
    is_item: bool,
}

impl KeyIndex {
    pub fn build(yaml: &str, first_line: usize) -> KeyIndex {
        let mut positions = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut counters: HashMap<String, usize> = HashMap::new();
        let mut block_scalar_indent: Option<usize> = None;
        let path_of = |stack: &[Open]| {
            stack
                .iter()
                .map(|o| o.segment.as_str())
                .collect::<Vec<_>>()
                .join(".")
        };
        for (i, line) in yaml.lines().enumerate() {
            let line_no = first_line + i;
            let indent = line.chars().take_while(|c| *c == ' ').count();
            let content = line.trim_start_matches(' ');
            if let Some(bi) = block_scalar_indent {
                if content.is_empty() || indent > bi {
                    continue;
                }
                block_scalar_indent = None;
            }
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let mut col = indent;
            let mut content = content;
            while content == "-" || content.starts_with("- ") {
                stack.retain(|o| o.indent < col || (o.indent == col && !o.is_item));
                let parent = path_of(&stack);
                let n = counters.entry(parent.clone()).or_insert(0);
                let segment = n.to_string();
                *n += 1;
                stack.push(Open {
                    indent: col,
                    segment,
                    is_item: true,
                });
                let after = content.get(1..).unwrap_or("");
                let spaces = after.chars().take_while(|c| *c == ' ').count();
                content = &after[spaces..];
                col += 1 + spaces;
                let path = path_of(&stack);
                positions.insert(path, Pos::new(line_no, col + 1));
            }
            if content.is_empty() {
                continue;
            }
            let Some((key, value, value_col)) = split_key(content) else {
                continue;
            };
            stack.retain(|o| o.indent < col);
            let mut path = path_of(&stack);
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            counters.remove(&path);
            let pos = Pos::new(line_no, col + value_col.unwrap_or(0) + 1);
            positions.insert(path.clone(), pos);
            if let Some(vc) = value_col {
                let value = value.trim_end();
                if value.starts_with('|') || value.starts_with('>') {
                    block_scalar_indent = Some(indent);
                } else if value.starts_with('[') {
                    for (n, item_col) in flow_items(value) {
                        positions.insert(
                            format!("{path}.{n}"),
                            Pos::new(line_no, col + vc + item_col + 1),
                        );
                    }
                }
            }
            stack.push(Open {
                indent: col,
                segment: key,
                is_item: false,
            });
        }
        KeyIndex {
            positions,
            first_line,
        }
    }

    /// The position of the value at `path`, or of its nearest known parent.
    pub fn pos(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return *pos;
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return Pos::new(self.first_line.max(1), 1),
            }
        }
    }

    /// Whether the key at `path` is written in the file.
    pub fn has(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }
}

/// `key: value` → (key, value, char column of the value within `content`).
fn split_key(content: &str) -> Option<(String, &str, Option<usize>)> {
    let (raw_key, rest) = if let Some(q) = content.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], q[end + 1..].strip_prefix(':')?)
    } else if let Some(q) = content.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], q[end + 1..].strip_prefix(':')?)
    } else {
        let i = content.find(": ").or_else(|| {
            content
                .strip_suffix(':')
                .map(|k| k.len())
                .filter(|_| !content.starts_with('['))
        })?;
        (&content[..i], &content[i + 1..])
    };
    let key_chars = content.chars().count() - rest.chars().count();
    let spaces = rest.chars().take_while(|c| *c == ' ').count();
    let value = &rest[spaces..];
    let value_col = if value.is_empty() || value.starts_with('#') {
        None
    } else {
        Some(key_chars + spaces)
    };
    Some((raw_key.trim().to_string(), value, value_col))
}

/// Items of a one-line flow sequence `[a, b, c]`: (index, char column).
fn flow_items(value: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (col, c) in value.chars().enumerate() {
        match c {
            '[' | ',' => start = Some(col + 1),
            ']' => break,
            ' ' => {
                if start == Some(col) {
                    start = Some(col + 1);
                }
            }
            _ => {
                if let Some(s) = start.take() {
                    out.push((out.len(), s));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_are_normalised() {
        let f = SourceFile::from_bytes(
            Path::new("a.md"),
            b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n".to_vec(),
        )
        .unwrap();
        let fm = f.front_matter().unwrap();
        assert_eq!(fm.yaml, "title: x\n");
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_first_line, 4);
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let e = SourceFile::from_bytes(Path::new("a.md"), b"ok\nab\xff".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let f = SourceFile::from_bytes(Path::new("a.md"), b"# title\n".to_vec()).unwrap();
        assert!(
            f.front_matter()
                .unwrap_err()
                .message
                .contains("no front matter")
        );
    }

    #[test]
    fn key_index_finds_nested_values() {
        let yaml = "agency: 秘書處\nunits:\n  - name: 公關科\n    phone: 04-1\n    contacts:\n      - title: 導覽\n        ext: \"1\"\n  - name: 文書科\n    phone: x\ngroups: [一級機關, 二級機關]\n";
        let k = KeyIndex::build(yaml, 2);
        assert_eq!(k.pos("agency"), Pos::new(2, 9));
        assert_eq!(k.pos("units.0.phone"), Pos::new(5, 12));
        assert_eq!(k.pos("units.0.contacts.0.ext"), Pos::new(8, 14));
        assert_eq!(k.pos("units.1.phone"), Pos::new(10, 12));
        assert_eq!(k.pos("units.1.name"), Pos::new(9, 11));
        assert_eq!(k.pos("groups.1"), Pos::new(11, 16));
        assert_eq!(k.pos("units.1.fax"), Pos::new(9, 5));
    }

    #[test]
    fn typo_gets_a_suggestion() {
        let e = parse_yaml::<Probe>(Path::new("a.md"), "title: a\nagnecy: b\n", 2).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.help.as_deref(), Some("did you mean `agency`?"));
    }

    #[test]
    fn syntax_errors_point_where_the_construct_starts() {
        let e = parse_yaml::<Probe>(Path::new("a.md"), "title: a\nagency: \"unclosed\nx: 1\n", 2)
            .unwrap_err();
        assert_eq!((e.line, e.column), (3, 9), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        title: String,
        agency: Option<String>,
    }
}
