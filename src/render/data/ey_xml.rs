//! The gazette in the Executive Yuan Gazette's open-data XML
//! (`<Gazette><Record>…`, the schema data users of Taiwan's gazettes
//! know): `/gazette/<date>/gazette.xml` per issue and
//! `/gazette/<year>/gazette.xml` per year, filled from munipub's own
//! documents. `munipub import ey` reads these files back into the same
//! documents (tests/import.rs). docs/open-data.md lists the fields.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::cache::{Cache, Key, KeyBuilder};
use crate::calendar::{list_marker, roc_long};
use crate::diag::Diagnostic;
use crate::import::ey::FIELDS;
use crate::markdown::{Block, Inline, Markdown};
use crate::model::{Document, Gazette, Issue, Site};
use crate::output::Staging;
use crate::render::html::absolute;
use crate::render::text::{IssueText, bodies_html};
use crate::render::urls;

/// Writes an issue's file, a build cache entry under the issue's inputs
/// and the site's address (its records link the pages): made from its
/// text ([`IssueText`], read once for all the issue's outputs) only when
/// the cache does not hold it.
pub fn issue(
    site: &Site,
    issue: &Issue,
    inputs: &Key,
    cache: &Cache,
    out: &Staging,
    text: &IssueText,
) -> Result<(), Diagnostic> {
    let key = issue_key(inputs, &site.settings.base_url);
    if cache.restore(&name(issue), &key, out).is_some() {
        return Ok(());
    }
    let records = records(text.full()?, text.bodies_html()?, &site.settings.base_url);
    let path = issue_path(issue);
    let file = (path.clone(), wrap(&[&records]).into_bytes());
    cache
        .store(&name(issue), &key, &[file], serde_json::Value::Null, out)
        .map_err(|e| Diagnostic::cannot_write(&path, e))
}

/// What an issue's file is made from.
fn issue_key(inputs: &Key, base: &str) -> Key {
    KeyBuilder::new("ey-xml")
        .key(inputs)
        .bytes(base.as_bytes())
        .finish()
}

/// Writes the file of each year (after each issue's, [`issue`]), years in
/// parallel: a build cache entry under its issues' keys, so a rebuild
/// after an edit makes only the edited issue's year. A year's records are
/// its issues' files as this build kept them, read back a year at a time
/// (made all at once, every document's text was held twice: 1.9 GB for
/// the 100-year corpus); an issue's text is read again only where the
/// cache could not keep its file.
pub fn years(
    site: &Site,
    g: &Gazette,
    cache: &Cache,
    out: &Staging,
    issue_inputs: &[Key],
) -> Result<(), Diagnostic> {
    let base = &site.settings.base_url;
    let mut years: BTreeMap<i32, Vec<(&Issue, Key)>> = BTreeMap::new();
    for (issue, inputs) in g.issues.iter().zip(issue_inputs) {
        years
            .entry(chrono::Datelike::year(&issue.date))
            .or_default()
            .push((issue, issue_key(inputs, base)));
    }
    years.into_par_iter().try_for_each(|(year, issues)| {
        let path = format!("gazette/{year}/gazette.xml");
        let mut year_key = KeyBuilder::new("ey-xml-year");
        issues.iter().for_each(|(_, key)| {
            year_key.key(key);
        });
        let year_key = year_key.finish();
        let year_name = format!("ey/{year}");
        if cache.restore(&year_name, &year_key, out).is_some() {
            return Ok(());
        }
        // One issue's records at a time beside the year's file.
        let mut file = String::from(HEAD);
        for (issue, key) in &issues {
            let kept = cache
                .kept_file(&name(issue), key, 0, out)
                .and_then(|bytes| String::from_utf8(bytes).ok());
            match kept.as_deref().and_then(unwrap) {
                Some(records) => file.push_str(records),
                None => {
                    let full = crate::content::with_bodies(site, issue)?;
                    file.push_str(&records(&full, &bodies_html(&full), base));
                }
            }
        }
        file.push_str(TAIL);
        let file = (path.clone(), file.into_bytes());
        cache
            .store(&year_name, &year_key, &[file], serde_json::Value::Null, out)
            .map_err(|e| Diagnostic::cannot_write(&path, e))
    })
}

/// An issue's entry in the build cache.
fn name(issue: &Issue) -> String {
    format!("ey/{}", issue.key())
}

/// Where an issue's file is, relative to the output root.
pub fn issue_path(issue: &Issue) -> String {
    format!(
        "{}gazette.xml",
        urls::issue(issue.date).trim_start_matches('/')
    )
}

/// An issue's `<Record>`s, from its documents and their bodies as HTML
/// ([`crate::render::text::bodies_html`]).
fn records(issue: &Issue, bodies: &[String], base: &str) -> String {
    let mut out = String::new();
    for (doc, body_html) in issue.documents.iter().zip(bodies) {
        record(&mut out, issue, doc, body_html, base);
    }
    out
}

/// What a `<Gazette>` file has before and after its records.
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Gazette>\n";
const TAIL: &str = "</Gazette>\n";

/// Records in a `<Gazette>` file.
fn wrap(records: &[&str]) -> String {
    let mut out = String::with_capacity(
        HEAD.len() + TAIL.len() + records.iter().map(|r| r.len()).sum::<usize>(),
    );
    out.push_str(HEAD);
    records.iter().for_each(|r| out.push_str(r));
    out.push_str(TAIL);
    out
}

/// The records of a file [`wrap`] made.
fn unwrap(file: &str) -> Option<&str> {
    file.strip_prefix(HEAD)?.strip_suffix(TAIL)
}

/// The MetaId of a document: the national serial back for an imported
/// record (`ey-73387` → `73387`), `<issue date>/<slug>` otherwise.
pub fn meta_id(issue: &Issue, slug: &str) -> String {
    match slug.strip_prefix("ey-") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.to_string(),
        _ => format!("{}/{slug}", issue.key()),
    }
}

fn record(out: &mut String, issue: &Issue, doc: &Document, body_html: &str, base: &str) {
    let meta = meta_id(issue, &doc.slug);
    let parts = Parts::of(&doc.body);
    let agencies = agencies(doc);
    // The import writes this placeholder for a record without a number.
    let number = if doc.doc_number == format!("無發文字號（MetaId {meta}）") {
        String::new()
    } else {
        doc.doc_number.split('、').collect::<Vec<_>>().join(";")
    };
    out.push_str("<Record>\n");
    for name in FIELDS {
        let value = match name {
            "MetaId" => meta.clone(),
            "Doc_Style_LName" => doc.category.clone(),
            "PubGov" => agencies.first().cloned().unwrap_or_default(),
            "PubGovName" => agencies.join(";"),
            "Officer_name" => parts.officers.join(";"),
            "Date_Created" => roc_long(doc.date),
            "GazetteId" => number.clone(),
            "Title" => doc.title.clone(),
            "TitleEnglish" => title_en(doc),
            "ThemeSubject" => parts.subject.clone(),
            "Keyword" => keywords(doc).join(";"),
            "Explain" => parts.explain.clone(),
            "GazetteHTML" => absolute(base, &urls::document(issue.date, &doc.slug)),
            "HTMLContent" => body_html.to_string(),
            _ => String::new(),
        };
        field(out, name, &value);
    }
    out.push_str("</Record>\n");
}

fn agencies(doc: &Document) -> Vec<String> {
    doc.agencies.clone()
}

fn keywords(doc: &Document) -> Vec<String> {
    doc.keywords.clone()
}

fn title_en(doc: &Document) -> String {
    doc.title_en.clone().unwrap_or_default()
}

/// `<Name><![CDATA[value]]></Name>`, or `<Name/>` when empty. Characters
/// XML 1.0 does not allow are left out; `]]>` is split across two sections.
fn field(out: &mut String, name: &str, value: &str) {
    // A body's whole text and HTML go through here: copied only when a
    // character has to go.
    let value: Cow<str> = if value.chars().all(xml_char) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.chars().filter(|c| xml_char(*c)).collect())
    };
    if value.is_empty() {
        for part in ["<", name, "/>\n"] {
            out.push_str(part);
        }
        return;
    }
    for part in ["<", name, "><![CDATA["] {
        out.push_str(part);
    }
    if value.contains("]]>") {
        out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
    } else {
        out.push_str(&value);
    }
    for part in ["]]></", name, ">\n"] {
        out.push_str(part);
    }
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A body split the way the national gazette's fields hold it.
#[derive(Debug, Default, PartialEq)]
pub struct Parts {
    /// 主旨, without the label.
    pub subject: String,
    /// Everything else, as plain text with the list markers written out.
    pub explain: String,
    /// The signatories (`部長 陳威仁`), from a last paragraph of such lines.
    pub officers: Vec<String>,
}

impl Parts {
    pub fn of(md: &Markdown) -> Parts {
        let mut blocks: &[Block] = &md.blocks;
        let mut parts = Parts::default();
        if let Some((Block::Paragraph(p), rest)) = blocks.split_first() {
            let text = inline_text(p);
            if let Some(subject) = text.strip_prefix("主旨：") {
                parts.subject = subject.to_string();
                blocks = rest;
            }
        }
        if let Some((Block::Paragraph(p), rest)) = blocks.split_first()
            && inline_text(p) == "說明："
        {
            blocks = rest;
        }
        if let Some((Block::Paragraph(p), rest)) = blocks.split_last() {
            let text = inline_text(p);
            let lines: Vec<&str> = text.split('\n').collect();
            if lines.iter().all(|l| is_signatory(l)) {
                parts.officers = lines.iter().map(|l| l.replace('\u{3000}', " ")).collect();
                blocks = rest;
            }
        }
        let mut lines = Vec::new();
        block_lines(blocks, 0, &mut lines);
        for f in &md.footnotes {
            let mut inner = Vec::new();
            block_lines(&f.blocks, 0, &mut inner);
            if let Some(first) = inner.first_mut() {
                *first = format!("註{}：{first}", f.number);
            }
            lines.extend(inner);
        }
        parts.explain = lines.join("\n");
        parts
    }
}

/// `部長　陳威仁`: a title and a name apart by one full-width space (the
/// form `munipub import` writes signatories in).
fn is_signatory(line: &str) -> bool {
    let mut halves = line.split('\u{3000}');
    let (Some(a), Some(b), None) = (halves.next(), halves.next(), halves.next()) else {
        return false;
    };
    let short = |s: &str| {
        let n = s.chars().count();
        (1..=20).contains(&n) && !s.contains(['：', '。', '，', ':'])
    };
    short(a) && short(b)
}

/// Text of inlines with hard breaks as new lines; a soft break joins
/// Chinese text directly and other text with a space.
fn inline_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    push_inlines(&mut s, inlines);
    s
}

fn push_inlines(s: &mut String, inlines: &[Inline]) {
    for i in inlines {
        match i {
            Inline::HardBreak => s.push('\n'),
            Inline::SoftBreak => {
                if s.chars().last().is_some_and(|c| c.is_ascii()) {
                    s.push(' ');
                }
            }
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => push_inlines(s, c),
            Inline::Link { content, .. } => push_inlines(s, content),
            Inline::FootnoteRef { number, .. } => s.push_str(&format!("（註{number}）")),
            other => s.push_str(&Inline::plain(std::slice::from_ref(other))),
        }
    }
}

/// Blocks as lines; `depth` counts the ordered lists around them, as the
/// HTML and PDF number them.
fn block_lines(blocks: &[Block], depth: usize, lines: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                lines.extend(inline_text(content).split('\n').map(str::to_string))
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(s) => list_marker(depth, u32::try_from(*s).unwrap_or(1) + i as u32),
                        None => "・".to_string(),
                    };
                    let inner = depth + usize::from(start.is_some());
                    let mut item_lines = Vec::new();
                    block_lines(item, inner, &mut item_lines);
                    match item.first() {
                        Some(Block::Paragraph(_)) if !item_lines.is_empty() => {
                            item_lines[0] = format!("{marker}{}", item_lines[0]);
                        }
                        _ => item_lines.insert(0, marker),
                    }
                    lines.extend(item_lines);
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(&t.head).chain(&t.rows) {
                    let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                    lines.push(cells.join("\t"));
                }
            }
            Block::Quote(inner) => block_lines(inner, depth, lines),
            Block::Code(text) | Block::Html(text) => {
                lines.extend(text.trim_end().split('\n').map(str::to_string))
            }
            Block::Rule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn body_into_subject_explain_and_signatories() {
        let md = parse(
            "主旨：修正第三條。\n\n說明：\n\n1. 修正機關。\n2. 洽詢：\n   1. 承辦單位\\\n      第二行\n\n部長\u{3000}陳威仁\\\n部長\u{3000}蔣丙煌\n",
            1,
            false,
        );
        let p = Parts::of(&md);
        assert_eq!(p.subject, "修正第三條。");
        assert_eq!(
            p.explain,
            "一、修正機關。\n二、洽詢：\n（一）承辦單位\n第二行"
        );
        assert_eq!(p.officers, ["部長 陳威仁", "部長 蔣丙煌"]);
    }

    #[test]
    fn a_native_document_keeps_its_labels() {
        let md = parse(
            "主旨：公告。\n\n依據：法。\n\n公告事項：\n\n1. 甲\n   1. 乙\n",
            1,
            false,
        );
        let p = Parts::of(&md);
        assert_eq!(p.explain, "依據：法。\n公告事項：\n一、甲\n（一）乙");
        assert!(p.officers.is_empty());
    }

    #[test]
    fn fields_are_cdata_and_valid_xml() {
        let mut out = String::from("<Record>\n");
        field(&mut out, "Title", "a]]>b\u{1}c");
        field(&mut out, "Eng_Keyword", "");
        out.push_str("</Record>\n");
        let doc = roxmltree::Document::parse(&out).unwrap();
        let title = doc.root_element().first_element_child().unwrap();
        assert_eq!(title.text().map(|_| ()), Some(()));
        let text: String = title
            .descendants()
            .filter_map(|n| n.text().filter(|_| n.is_text()))
            .collect();
        assert_eq!(text, "a]]>bc");
        assert!(out.contains("<Eng_Keyword/>"));
    }
}
