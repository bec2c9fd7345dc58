//! `content/directory/`: the directory settings and one file per agency.

use std::path::Path;

use serde::Deserialize;

use super::fields::{date_field, require_text};
use super::source::{KeyIndex, SourceFile, closest, parse_yaml};
use super::tree::Files;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Agency, Contact, Directory, Unit};
use crate::phone::{self, Phone};

const DIR: &str = "content/directory";
const SETTINGS: &str = "content/directory/_directory.yaml";

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
        load_settings(root, settings_rel, diags)
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
        if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            diags.push(Diagnostic::warning(
                path,
                "not an agency file (.yaml): ignored",
            ));
            continue;
        }
        let groups = settings
            .as_ref()
            .map(|(s, _)| s.groups.as_slice())
            .unwrap_or(&[]);
        if let Some(a) = load_agency(root, path, groups, diags) {
            agencies.push(a);
        }
    }
    let (raw, updated) = settings?;
    let group_order = |g: &str| raw.groups.iter().position(|x| x == g).unwrap_or(usize::MAX);
    agencies.sort_by(|a, b| {
        (group_order(&a.group), a.order, &a.id).cmp(&(group_order(&b.group), b.order, &b.id))
    });
    Some(Directory {
        title: raw.title,
        updated,
        groups: raw.groups,
        note: raw.note.filter(|n| !n.trim().is_empty()),
        agencies,
    })
}

/// The directory's groups, when its settings load (for `munipub schema`).
pub(super) fn groups(root: &Path, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let rel = Path::new(SETTINGS);
    if !root.join(rel).is_file() {
        return None;
    }
    load_settings(root, rel, diags).map(|(raw, _)| raw.groups)
}

fn load_settings(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<(RawDirectory, chrono::NaiveDate)> {
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
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

fn load_agency(
    root: &Path,
    rel: &Path,
    groups: &[String],
    diags: &mut Diagnostics,
) -> Option<Agency> {
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
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
    Some(Agency {
        id: rel.file_stem()?.to_string_lossy().to_string(),
        name: raw.agency.trim().to_string(),
        group: raw.group,
        order: raw.order.unwrap_or(0),
        address: raw.address.filter(|s| !s.trim().is_empty()),
        website: raw.website,
        phone,
        fax,
        units,
    })
}
