//! `content/directory/`: the directory settings and one file per agency.

use std::path::Path;

use serde::Deserialize;

use super::fields::{date_field, require_text};
use super::source::{KeyIndex, SourceFile, closest, parse_yaml};
use super::tree::Files;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::changes::same_numbers;
use crate::model::{Agency, Contact, Directory, Editions, Unit};
use crate::phone::{self, Phone};

pub(super) const DIR: &str = "content/directory";
pub(super) const SETTINGS: &str = "content/directory/_directory.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDirectory {
    title: String,
    updated: String,
    groups: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAgency {
    agency: String,
    group: String,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    fax: Option<String>,
    #[serde(default)]
    units: Vec<RawUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    ext: Option<String>,
    #[serde(default)]
    fax: Option<String>,
    #[serde(default)]
    contacts: Vec<RawContact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    title: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    ext: Option<String>,
}

pub fn load(root: &Path, files: &Files, diags: &mut Diagnostics) -> Option<Directory> {
    let dir = Path::new(DIR);
    if !files.below(dir).any(|_| true) {
        return None;
    }
    let settings_rel = Path::new(SETTINGS);
    let settings = if root.join(settings_rel).is_file() {
        SourceFile::read(root, settings_rel)
            .map_err(|d| diags.push(d))
            .ok()
    } else {
        diags.push(
            Diagnostic::error(settings_rel, "the directory settings file is missing")
                .help("create it with title:, updated: YYYY-MM-DD and groups: [...]"),
        );
        None
    };
    let mut agencies = Vec::new();
    for path in files.in_dir(dir) {
        if path == settings_rel {
            continue;
        }
        if !is_agency_file(path) {
            diags.push(Diagnostic::warning(
                path,
                "not an agency file (.yaml): ignored",
            ));
            continue;
        }
        match SourceFile::read(root, path) {
            Ok(f) => agencies.push(f),
            Err(d) => diags.push(d),
        }
    }
    let directory = from_files(settings.as_ref(), &agencies, diags)?;
    let settings = settings?;
    Some(super::history::attach(root, &settings, directory, diags))
}

/// Whether a file of `content/directory/` is an agency's (`.yaml`).
pub(super) fn is_agency_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The directory from its files' text: the settings and the agency
/// files, every problem reported.
fn from_files(
    settings: Option<&SourceFile>,
    agencies: &[SourceFile],
    diags: &mut Diagnostics,
) -> Option<Directory> {
    let settings = settings.and_then(|f| load_settings(f, diags));
    let groups = settings
        .as_ref()
        .map(|(s, _)| s.groups.as_slice())
        .unwrap_or(&[]);
    let loaded: Vec<Agency> = agencies
        .iter()
        .filter_map(|f| load_agency(f, groups, diags))
        .collect();
    let (raw, updated) = settings?;
    Some(assemble(raw, updated, loaded))
}

/// The directory settings from their text (also a past edition's, read
/// from git by `history.rs`).
pub(super) fn settings(
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<(RawDirectory, chrono::NaiveDate)> {
    load_settings(file, diags)
}

/// One agency from its file's text; `groups` empty: any group.
pub(super) fn agency(
    file: &SourceFile,
    groups: &[String],
    diags: &mut Diagnostics,
) -> Option<Agency> {
    load_agency(file, groups, diags)
}

/// The directory from its checked parts, agencies in table order.
pub(super) fn assemble(
    raw: RawDirectory,
    updated: chrono::NaiveDate,
    mut agencies: Vec<Agency>,
) -> Directory {
    let group_order = |g: &str| raw.groups.iter().position(|x| x == g).unwrap_or(usize::MAX);
    agencies.sort_by(|a, b| {
        (group_order(&a.group), a.order, &a.id).cmp(&(group_order(&b.group), b.order, &b.id))
    });
    Directory {
        title: raw.title,
        updated,
        groups: raw.groups,
        note: raw.note.filter(|n| !n.trim().is_empty()),
        agencies,
        editions: Editions::default(),
    }
}

/// The directory's groups, when its settings load (for `munipub schema`).
pub(super) fn groups(root: &Path, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let rel = Path::new(SETTINGS);
    if !root.join(rel).is_file() {
        return None;
    }
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    load_settings(&file, diags).map(|(raw, _)| raw.groups)
}

fn load_settings(
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<(RawDirectory, chrono::NaiveDate)> {
    let rel = file.rel.as_path();
    let raw: RawDirectory = parse_yaml(rel, &file.text, 1)
        .map_err(|d| diags.push(d))
        .ok()?;
    let keys = KeyIndex::build(&file.text, 1);
    let mut errors = Vec::new();
    require_text(rel, &keys, "title", &raw.title, &mut errors);
    if raw.groups.is_empty() {
        errors.push(
            Diagnostic::error(rel, "groups: the list is empty")
                .at(keys.pos("groups"))
                .help("list the groups in order, e.g. [一級機關, 二級機關, 區公所]"),
        );
    }
    let updated = date_field(rel, &keys, "updated", &raw.updated).map_err(|d| errors.push(d));
    let failed = !errors.is_empty();
    for e in errors {
        diags.push(e);
    }
    match updated {
        Ok(u) if !failed => Some((raw, u)),
        _ => None,
    }
}

/// Checks one number field and reports it at its position.
struct NumberCheck<'a> {
    rel: &'a Path,
    keys: KeyIndex,
    errors: Vec<Diagnostic>,
}

impl NumberCheck<'_> {
    fn phone(&mut self, path: &str, value: &Option<String>) -> Option<Phone> {
        let v = value.as_deref()?.trim();
        if v.is_empty() {
            return None;
        }
        match phone::parse(v) {
            Ok(p) => Some(p),
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(self.rel, format!("{path}: {}", e.message))
                        .at(self.keys.pos(path))
                        .help(e.help),
                );
                None
            }
        }
    }

    fn ext(&mut self, path: &str, value: &Option<String>) -> Option<String> {
        let v = value.as_deref()?.trim();
        if v.is_empty() {
            return None;
        }
        match phone::parse_ext(v) {
            Ok(x) => Some(x),
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(self.rel, format!("{path}: {}", e.message))
                        .at(self.keys.pos(path))
                        .help(e.help),
                );
                None
            }
        }
    }
}

fn load_agency(file: &SourceFile, groups: &[String], diags: &mut Diagnostics) -> Option<Agency> {
    let rel = file.rel.as_path();
    let raw: RawAgency = parse_yaml(rel, &file.text, 1)
        .map_err(|d| diags.push(d))
        .ok()?;
    let mut c = NumberCheck {
        rel,
        keys: KeyIndex::build(&file.text, 1),
        errors: Vec::new(),
    };
    require_text(rel, &c.keys, "agency", &raw.agency, &mut c.errors);
    if !groups.is_empty() && !groups.contains(&raw.group) {
        let expected = groups.join(", ");
        let help = match closest(&raw.group, groups.iter().map(String::as_str)) {
            Some(best) => format!(
                "did you mean \"{best}\"? expected one of {expected} (from _directory.yaml)"
            ),
            None => format!("expected one of {expected} (from _directory.yaml)"),
        };
        c.errors.push(
            Diagnostic::error(rel, format!("unknown group \"{}\"", raw.group))
                .at(c.keys.pos("group"))
                .help(help),
        );
    }
    if let Some(w) = &raw.website
        && !(matches!(crate::links::scheme(w).as_deref(), Some("http" | "https"))
            && w.trim_start().contains("://"))
    {
        c.errors.push(
            Diagnostic::error(rel, format!("website: \"{w}\" is not a web address"))
                .at(c.keys.pos("website"))
                .help("write the full address, e.g. https://www.example.gov.tw/"),
        );
    }
    let phone = c.phone("phone", &raw.phone);
    let fax = c.phone("fax", &raw.fax);
    let mut units = Vec::new();
    for (i, u) in raw.units.iter().enumerate() {
        let base = format!("units.{i}");
        require_text(
            rel,
            &c.keys,
            &format!("{base}.name"),
            &u.name,
            &mut c.errors,
        );
        let contacts = u
            .contacts
            .iter()
            .enumerate()
            .map(|(j, k)| {
                let cb = format!("{base}.contacts.{j}");
                require_text(
                    rel,
                    &c.keys,
                    &format!("{cb}.title"),
                    &k.title,
                    &mut c.errors,
                );
                Contact {
                    title: k.title.trim().to_string(),
                    phone: c.phone(&format!("{cb}.phone"), &k.phone),
                    ext: c.ext(&format!("{cb}.ext"), &k.ext),
                }
            })
            .collect();
        units.push(Unit {
            name: u.name.trim().to_string(),
            phone: c.phone(&format!("{base}.phone"), &u.phone),
            ext: c.ext(&format!("{base}.ext"), &u.ext),
            fax: c.phone(&format!("{base}.fax"), &u.fax),
            contacts,
        });
    }
    let failed = !c.errors.is_empty();
    for e in c.errors {
        diags.push(e);
    }
    if failed {
        return None;
    }
    let agency = Agency {
        id: rel.file_stem()?.to_string_lossy().to_string(),
        name: raw.agency.trim().to_string(),
        group: raw.group,
        order: raw.order.unwrap_or(0),
        address: raw.address.filter(|s| !s.trim().is_empty()),
        website: raw.website,
        phone,
        fax,
        units,
    };
    for (first, second) in same_numbers(&agency) {
        let (a, b) = (&agency.units[first], &agency.units[second]);
        let key = if raw.units[second].phone.is_some() {
            "phone"
        } else {
            "ext"
        };
        diags.push(
            Diagnostic::warning(
                rel,
                format!(
                    "units.{second}: {} has the same number as {} ({})",
                    b.name,
                    a.name,
                    b.phone.as_ref().map(Phone::display).unwrap_or_default()
                ),
            )
            .at(c.keys.pos(&format!("units.{second}.{key}")))
            .help("two units of one agency with one number is usually a copying mistake: give each unit its own number or extension"),
        );
    }
    Some(agency)
}
