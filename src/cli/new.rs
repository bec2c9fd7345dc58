//! `munipub new issue` and `munipub new document`: skeletons for editors.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;

use crate::calendar::IssueNumber;
use crate::content::rules::read as rules;
use crate::content::schema::{DOCUMENT, ISSUE};
use crate::content::{self, is_slug};
use crate::diag::Diagnostic;

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// Create the next scheduled issue's folder (or the one on --date).
    Issue {
        /// The issue date, YYYY-MM-DD; default: the next scheduled date after the latest issue.
        #[arg(long)]
        date: Option<String>,
        /// An extra issue (號外) on --date, a day off the schedule.
        #[arg(long, requires = "date")]
        extra: bool,
    },
    /// Create a document skeleton with every front-matter field.
    Document {
        /// The issue's date (its folder name), e.g. 2026-11-15.
        issue: String,
        /// The file name without .md: lowercase letters, digits, hyphens, e.g. 03-parking-fees.
        slug: String,
    },
}

pub fn run(root: &Path, cmd: &NewCommand) -> ExitCode {
    let result = match cmd {
        NewCommand::Issue { date, extra } => match (extra, date) {
            (true, Some(d)) => new_extra_issue(root, d),
            _ => new_issue(root, date.as_deref()),
        },
        NewCommand::Document { issue, slug } => new_document(root, issue, slug),
    };
    match result {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

/// Existing issue dates, from the folder names.
fn existing_issues(root: &Path) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = std::fs::read_dir(root.join("content/gazette"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            NaiveDate::parse_from_str(&e.file_name().to_string_lossy(), "%Y-%m-%d").ok()
        })
        .collect();
    dates.sort();
    dates
}

pub fn new_issue(root: &Path, date: Option<&str>) -> Result<String, Diagnostic> {
    let rules = rules(root)?;
    let date = match date {
        Some(d) => {
            let d = content_date(d)?;
            if !rules.schedule.is_scheduled(d) {
                return Err(Diagnostic::error(
                    "--date",
                    format!(
                        "{d} is not an issue date of the schedule {:?}",
                        rules.schedule.days()
                    ),
                )
                .help(format!(
                    "did you mean {}? for an extra issue (號外) on {d}, add --extra",
                    rules.schedule.nearest(d)
                )));
            }
            d
        }
        None => match existing_issues(root).last() {
            Some(last) => rules.schedule.next_after(*last),
            None => {
                let today = chrono::Local::now().date_naive();
                rules.schedule.next_after(today.pred_opt().unwrap_or(today))
            }
        },
    };
    let number = IssueNumber::compute(date, &rules.schedule, rules.numbering);
    // The comments are the fields' descriptions (content/schema.rs).
    let yaml = format!(
        "# {} 出刊，期別依出刊日自動計算為 {}。\n# number: {}   # {}；要改時去掉開頭的 # 再修改\n# note: 本期增刊   # {}\n",
        crate::calendar::iso(date),
        number.full(),
        number.label(),
        ISSUE.field("number").description,
        ISSUE.field("note").description,
    );
    create_issue_folder(root, date, &number, &yaml)
}

/// Creates `content/gazette/<date>/` holding `issue.yaml`; never over an
/// existing folder.
fn create_issue_folder(
    root: &Path,
    date: NaiveDate,
    number: &IssueNumber,
    yaml: &str,
) -> Result<String, Diagnostic> {
    let rel = format!("content/gazette/{}", crate::calendar::iso(date));
    let dir = root.join(&rel);
    if dir.exists() {
        return Err(Diagnostic::error(
            &rel,
            "the issue folder already exists; nothing was changed",
        ));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(&rel, format!("cannot create: {e}")))?;
    std::fs::write(dir.join("issue.yaml"), yaml).map_err(|e| Diagnostic::cannot_save(&rel, e))?;
    Ok(format!("created {rel}/ ({})", number.full()))
}

/// Whether the issue folder of `date` says `extra: true`.
fn is_extra_folder(root: &Path, date: NaiveDate) -> bool {
    #[derive(serde::Deserialize)]
    struct Raw {
        #[serde(default)]
        extra: Option<bool>,
    }
    let path = root
        .join("content/gazette")
        .join(crate::calendar::iso(date).to_string())
        .join("issue.yaml");
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_yaml::from_str::<Raw>(&t).ok())
        .and_then(|r| r.extra)
        == Some(true)
}

/// `new issue --extra --date D`: an extra issue (號外) off the schedule,
/// numbered after the year's earlier extra issues.
pub fn new_extra_issue(root: &Path, date: &str) -> Result<String, Diagnostic> {
    use chrono::Datelike;
    let rules = rules(root)?;
    let date = content_date(date)?;
    if rules.schedule.is_scheduled(date) {
        return Err(Diagnostic::error(
            "--date",
            format!("{date} is a scheduled issue date, not one for an extra issue"),
        )
        .help(format!(
            "an extra issue (號外) is dated off the schedule; for the regular issue run `munipub new issue --date {date}`"
        )));
    }
    let earlier = existing_issues(root)
        .into_iter()
        .filter(|d| d.year() == date.year() && *d < date && is_extra_folder(root, *d))
        .count();
    let number = IssueNumber::extra(date, earlier as u32 + 1);
    let yaml = format!(
        "# {} 出刊之號外，期別自動計算為 {}。\nextra: true   # {}\n# note: 號外   # {}\n",
        crate::calendar::iso(date),
        number.full(),
        ISSUE.field("extra").description,
        ISSUE.field("note").description,
    );
    create_issue_folder(root, date, &number, &yaml)
}

pub fn new_document(root: &Path, issue: &str, slug: &str) -> Result<String, Diagnostic> {
    let rules = rules(root)?;
    let date = content_date(issue)?;
    let dir = format!("content/gazette/{}", crate::calendar::iso(date));
    if !root.join(&dir).is_dir() {
        return Err(Diagnostic::error(&dir, "no such issue folder")
            .help(format!("create it first: munipub new issue --date {issue}")));
    }
    let slug = slug.trim_end_matches(".md");
    if !is_slug(slug) {
        return Err(Diagnostic::error(slug, "not a valid document file name")
            .help("use lowercase ASCII letters, digits and hyphens, e.g. 03-parking-fees"));
    }
    let rel = format!("{dir}/{slug}.md");
    let path = root.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(
            &rel,
            "the document already exists; nothing was changed",
        ));
    }
    let category = rules.categories.first().cloned().unwrap_or_default();
    // The comments are the fields' descriptions (content/schema.rs), the
    // same texts editors see on hover with the JSON Schemas.
    let d = |name: &str| DOCUMENT.field(name).description;
    let text = format!(
        "---\n\
title: 公文標題                      # {title}\n\
category: {category}                        # {category_d}：{cats}\n\
agency: 臺中市政府秘書處              # {agency}\n\
doc_number: 府授秘字第0000000000號    # {doc_number}\n\
date: {date}                     # {date_d}\n\
# corrects: 2026-11-15/01-parking-fees   # {corrects}\n\
# effective: {date}            # {effective}\n\
# comment_until: {date}        # {comment_until}\n\
# keywords: [停車, 收費]              # {keywords}\n\
# title_en: English title           # {title_en}\n\
attachments: []                      # {attachments}：{slug}/\n\
---\n\
主旨：請在此撰寫主旨。\n\
\n\
依據：請在此撰寫依據。\n\
\n\
公告事項：\n\
\n\
1. 第一項（顯示為「一、」）。\n\
\x20  1. 第一款（顯示為「（一）」）。\n",
        cats = rules.categories.join("、"),
        date = crate::calendar::iso(date),
        title = d("title"),
        category_d = d("category"),
        agency = d("agency"),
        doc_number = d("doc_number"),
        date_d = d("date"),
        attachments = d("attachments"),
        corrects = d("corrects"),
        effective = d("effective"),
        comment_until = d("comment_until"),
        keywords = d("keywords"),
        title_en = d("title_en"),
    );
    std::fs::write(&path, text).map_err(|e| Diagnostic::cannot_save(&rel, e))?;
    Ok(format!("created {rel}"))
}

fn content_date(s: &str) -> Result<NaiveDate, Diagnostic> {
    content::parse_date(s).map_err(|p| Diagnostic::error(s, p.message).help(p.help))
}
