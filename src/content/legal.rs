//! The gazette as a legal record: the optional front-matter fields of a
//! document (joint agencies, `corrects:`, `effective:`, `comment_until:`,
//! `keywords:`, `title_en:`), and the checks that need every issue loaded
//! (corrections resolved both ways, extra issues numbered).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::fields::date_field;
use super::source::{KeyIndex, closest};
use crate::calendar::IssueNumber;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{DocRef, Issue};

/// A text or a list of texts (`agency: 交通局` or `agency: [交通局, 警察局]`);
/// a number written without quotes is text too.
#[derive(Debug, Clone, Default)]
pub struct TextOrList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextOrList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TextOrList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextOrList, E> {
                Ok(TextOrList(vec![v.to_string()]))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TextOrList, E> {
                Ok(TextOrList(vec![v.to_string()]))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TextOrList, E> {
                Ok(TextOrList(vec![v.to_string()]))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TextOrList, E> {
                Ok(TextOrList(vec![v.to_string()]))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<TextOrList, E> {
                Ok(TextOrList(Vec::new()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TextOrList, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<TextItem>()? {
                    out.push(item.0);
                }
                Ok(TextOrList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One text of a list: a string, or a number read as text.
struct TextItem(String);

impl<'de> Deserialize<'de> for TextItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = TextItem;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextItem, E> {
                Ok(TextItem(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TextItem, E> {
                Ok(TextItem(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TextItem, E> {
                Ok(TextItem(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TextItem, E> {
                Ok(TextItem(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of texts checked: trimmed, none empty, none twice. `what` names
/// the field in messages.
pub fn text_list(
    rel: &Path,
    keys: &KeyIndex,
    what: &str,
    list: &TextOrList,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in list.0.iter().enumerate() {
        let item = item.trim();
        let at = if list.0.len() > 1 || keys.has(&format!("{what}.{i}")) {
            keys.pos(&format!("{what}.{i}"))
        } else {
            keys.pos(what)
        };
        if item.is_empty() {
            errors.push(
                Diagnostic::error(rel, format!("{what}: an empty entry"))
                    .at(at)
                    .help(format!(
                        "write a name for every entry of {what}, or remove the entry"
                    )),
            );
        } else if out.iter().any(|o| o == item) {
            errors.push(
                Diagnostic::error(rel, format!("{what}: \"{item}\" is listed twice"))
                    .at(at)
                    .help("list each one once"),
            );
        } else {
            out.push(item.to_string());
        }
    }
    out
}

/// The legal-record fields of one document, checked on their own.
pub struct LegalFields {
    pub corrects: Option<DocRef>,
    pub effective: Option<NaiveDate>,
    pub comment_until: Option<NaiveDate>,
}

/// Checks `corrects:`'s form, and `effective:` and `comment_until:` as
/// dates; a draft's deadline cannot come before the document's date.
pub fn fields(
    rel: &Path,
    keys: &KeyIndex,
    corrects: Option<&str>,
    effective: Option<&str>,
    comment_until: Option<&str>,
    doc_date: Option<NaiveDate>,
    errors: &mut Vec<Diagnostic>,
) -> LegalFields {
    fn nonempty(v: Option<&str>) -> Option<&str> {
        v.filter(|v| !v.trim().is_empty())
    }
    let corrects = nonempty(corrects).and_then(|text| {
        let r = DocRef::parse(text);
        if r.is_none() {
            errors.push(
                Diagnostic::error(rel, format!("corrects: \"{}\" does not name a document", text.trim()))
                    .at(keys.pos("corrects"))
                    .help("write the corrected document as <issue date>/<file name without .md>, e.g. 2026-11-15/01-parking-fees"),
            );
        }
        r
    });
    let mut date = |name: &str, value: Option<&str>| {
        nonempty(value).and_then(|v| {
            date_field(rel, keys, name, v)
                .map_err(|d| errors.push(d))
                .ok()
        })
    };
    let effective = date("effective", effective);
    let comment_until = date("comment_until", comment_until);
    if let (Some(until), Some(date)) = (comment_until, doc_date)
        && until < date
    {
        errors.push(
            Diagnostic::error(
                rel,
                format!("comment_until: {until} is before the document's date {date}"),
            )
            .at(keys.pos("comment_until"))
            .help("the comment period of a draft (預告) ends on or after the day it is issued; check the year and month"),
        );
    }
    LegalFields {
        corrects,
        effective,
        comment_until,
    }
}

/// Resolves every `corrects:` once all issues are loaded: the target must
/// exist in an earlier issue (so corrections never form a cycle); each
/// target learns which documents correct it.
pub fn link_corrections(root: &Path, issues: &mut [Issue], diags: &mut Diagnostics) {
    let index: HashMap<DocRef, (usize, usize)> = issues
        .iter()
        .enumerate()
        .flat_map(|(i, issue)| {
            issue.documents.iter().enumerate().map(move |(j, d)| {
                (
                    DocRef {
                        issue: issue.date,
                        slug: d.slug.clone(),
                    },
                    (i, j),
                )
            })
        })
        .collect();
    // target → its correctors, kept sorted (oldest issue first).
    let mut found: BTreeMap<(usize, usize), Vec<DocRef>> = BTreeMap::new();
    for issue in issues.iter() {
        for doc in &issue.documents {
            let Some(target) = &doc.corrects else {
                continue;
            };
            let me = DocRef {
                issue: issue.date,
                slug: doc.slug.clone(),
            };
            let error = |msg: String| Diagnostic::error(&doc.source, msg).at(doc.corrects_pos);
            let Some(&(ti, tj)) = index.get(target) else {
                let source = Path::new("content/gazette")
                    .join(crate::calendar::iso(target.issue).to_string())
                    .join(format!("{}.md", target.slug));
                if root.join(&source).is_file() {
                    continue; // it exists but did not load: its own error says why
                }
                let help = match issues.iter().find(|i| i.date == target.issue) {
                    None => format!(
                        "there is no issue dated {}; write <issue date>/<file name without .md> of a published document",
                        target.issue
                    ),
                    Some(i) => {
                        let slugs: Vec<&str> =
                            i.documents.iter().map(|d| d.slug.as_str()).collect();
                        match closest(&target.slug, slugs.iter().copied()) {
                            Some(best) => format!(
                                "did you mean {}/{best}? the issue has {}",
                                target.issue,
                                slugs.join(", ")
                            ),
                            None => {
                                format!("the issue of {} has {}", target.issue, slugs.join(", "))
                            }
                        }
                    }
                };
                diags.push(error(format!("corrects: no document {target}")).help(help));
                continue;
            };
            let target_doc = &issues[ti].documents[tj];
            if *target == me {
                diags.push(error("corrects: the document names itself".into()).help(
                    "a correction (更正) is a new document in a later issue; name the document it corrects",
                ));
                continue;
            }
            if target.issue >= issue.date {
                let when = if target.issue == issue.date {
                    "the same issue"
                } else {
                    "a later issue"
                };
                let cycle = if target_doc.corrects.as_ref() == Some(&me) {
                    format!(" and {target} corrects this one: a cycle")
                } else {
                    String::new()
                };
                diags.push(
                    error(format!(
                        "corrects: {target} is in {when} ({}){cycle}",
                        target.issue
                    ))
                    .help(format!(
                        "a correction (更正) is published in an issue after the document it corrects; this one is in the issue of {}",
                        issue.date
                    )),
                );
                continue;
            }
            found.entry((ti, tj)).or_default().push(me);
        }
    }
    for ((i, j), mut by) in found {
        by.sort();
        issues[i].documents[j].corrected_by = by;
    }
}

/// Numbers the extra issues (號外): the Nth extra issue of its ROC year,
/// by date. `issues` is sorted by date.
pub fn number_extra_issues(issues: &mut [Issue]) {
    let mut counts: HashMap<i32, u32> = HashMap::new();
    for issue in issues.iter_mut().filter(|i| i.extra) {
        let n = counts.entry(issue.date.year()).or_insert(0);
        *n += 1;
        issue.computed_number = IssueNumber::extra(issue.date, *n);
    }
}
