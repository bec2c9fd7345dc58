//! `content/couplets/`: one file per Spring Festival year, optional settings.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::fields::{date_field, is_contained, is_slug, require_text};
use super::source::{KeyIndex, SourceFile, parse_yaml};
use super::tree::Files;
use crate::diag::{Diagnostic, Diagnostics, Problem};
use crate::model::couplets::{BannerDirection, PieceScans};
use crate::model::{CoupletSet, CoupletSettings, CoupletYear};

const DIR: &str = "content/couplets";
const SETTINGS: &str = "content/couplets/_couplets.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawYear {
    year: i32,
    title: String,
    released: String,
    sets: Vec<RawSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: String,
    calligrapher: String,
    upper: String,
    lower: String,
    banner: String,
    square: String,
    #[serde(default)]
    scan: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSettings {
    #[serde(default)]
    sizes_cm: RawSizes,
    #[serde(default)]
    banner_direction: Option<String>,
    #[serde(default)]
    home_paper: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSizes {
    strip: Option<[f32; 2]>,
    banner: Option<[f32; 2]>,
    square: Option<[f32; 2]>,
}

pub fn load(
    root: &Path,
    files: &Files,
    diags: &mut Diagnostics,
) -> (Vec<CoupletYear>, CoupletSettings) {
    let dir = Path::new(DIR);
    let settings = load_settings(root, diags);
    let mut years = Vec::new();
    for path in files.in_dir(dir) {
        if path == Path::new(SETTINGS) {
            continue;
        }
        if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            diags.push(Diagnostic::warning(
                path,
                "not a couplet year file (.yaml): ignored",
            ));
            continue;
        }
        if let Some(y) = load_year(root, files, path, diags) {
            years.push(y);
        }
    }
    years.sort_by_key(|y: &CoupletYear| std::cmp::Reverse(y.year));
    (years, settings)
}

fn load_settings(root: &Path, diags: &mut Diagnostics) -> CoupletSettings {
    let rel = Path::new(SETTINGS);
    let mut s = CoupletSettings::default();
    if !root.join(rel).is_file() {
        return s;
    }
    let Ok(file) = SourceFile::read(root, rel).map_err(|d| diags.push(d)) else {
        return s;
    };
    let Ok(raw) = parse_yaml::<RawSettings>(rel, &file.text, 1).map_err(|d| diags.push(d)) else {
        return s;
    };
    let keys = KeyIndex::build(&file.text, 1);
    let sizes = [
        ("strip", raw.sizes_cm.strip, &mut s.strip_cm),
        ("banner", raw.sizes_cm.banner, &mut s.banner_cm),
        ("square", raw.sizes_cm.square, &mut s.square_cm),
    ];
    for (name, value, slot) in sizes {
        if let Some(v) = value {
            if v.iter().all(|x| (1.0..=500.0).contains(x)) {
                *slot = v;
            } else {
                diags.push(
                    Diagnostic::error(
                        rel,
                        format!("sizes_cm.{name}: sizes must be between 1 and 500 cm"),
                    )
                    .at(keys.pos(&format!("sizes_cm.{name}")))
                    .help("write [width, height] in centimetres, e.g. [24, 135]"),
                );
            }
        }
    }
    match raw.banner_direction.as_deref() {
        None | Some("rtl") => {}
        Some("ltr") => s.banner_direction = BannerDirection::Ltr,
        Some(other) => diags.push(
            Diagnostic::error(
                rel,
                format!("banner_direction: unknown direction \"{other}\""),
            )
            .at(keys.pos("banner_direction"))
            .help("write `rtl` (traditional, right to left) or `ltr`"),
        ),
    }
    match raw.home_paper.as_deref() {
        None => {}
        Some(p @ ("A4" | "A3" | "Letter")) => s.home_paper = p.to_string(),
        Some(other) => diags.push(
            Diagnostic::error(rel, format!("home_paper: unknown paper \"{other}\""))
                .at(keys.pos("home_paper"))
                .help("write A4, A3 or Letter"),
        ),
    }
    s
}

fn load_year(
    root: &Path,
    files: &Files,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<CoupletYear> {
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    let raw: RawYear = parse_yaml(rel, &file.text, 1)
        .map_err(|d| diags.push(d))
        .ok()?;
    let keys = KeyIndex::build(&file.text, 1);
    let mut errors = Vec::new();
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    if stem != raw.year.to_string() {
        errors.push(
            Diagnostic::error(
                rel,
                format!(
                    "year: {} does not match the file name {stem}.yaml",
                    raw.year
                ),
            )
            .at(keys.pos("year"))
            .help(format!(
                "name the file {}.yaml, or correct the year",
                raw.year
            )),
        );
    }
    require_text(rel, &keys, "title", &raw.title, &mut errors);
    let released = date_field(rel, &keys, "released", &raw.released).map_err(|d| errors.push(d));
    let mut ids = HashSet::new();
    let mut warnings = Vec::new();
    let mut scans: BTreeMap<String, PieceScans> = BTreeMap::new();
    for (i, s) in raw.sets.iter().enumerate() {
        let at = |field: &str| keys.pos(&format!("sets.{i}.{field}"));
        if !is_slug(&s.id) {
            errors.push(
                Diagnostic::error(rel, format!("sets: id \"{}\" is not a valid id", s.id))
                    .at(at("id"))
                    .help("use lowercase ASCII letters, digits and hyphens, e.g. horse-1"),
            );
        } else if !ids.insert(s.id.as_str()) {
            errors.push(
                Diagnostic::error(rel, format!("sets: id \"{}\" is used twice", s.id)).at(at("id")),
            );
        }
        for field in ["calligrapher", "upper", "lower", "banner", "square"] {
            let value = match field {
                "calligrapher" => &s.calligrapher,
                "upper" => &s.upper,
                "lower" => &s.lower,
                "banner" => &s.banner,
                _ => &s.square,
            };
            require_text(rel, &keys, &format!("sets.{i}.{field}"), value, &mut errors);
        }
        let (up, low) = (
            s.upper.trim().chars().count(),
            s.lower.trim().chars().count(),
        );
        if up != low {
            errors.push(
                Diagnostic::error(
                    rel,
                    format!("set {}: 上聯 has {up} characters but 下聯 has {low}", s.id),
                )
                .at(at("lower"))
                .help("the upper and lower lines of a couplet have the same number of characters"),
            );
        }
        let square = s.square.trim().chars().count();
        if square > 1 {
            errors.push(
                Diagnostic::error(
                    rel,
                    format!("set {}: 斗方 must be one character, found {square}", s.id),
                )
                .at(at("square"))
                .help("write one character such as 春 or 福"),
            );
        }
        let banner = s.banner.trim().chars().count();
        if banner != 4 && banner != 0 {
            warnings.push(
                Diagnostic::warning(
                    rel,
                    format!(
                        "set {}: 橫批 has {banner} characters; it usually has 4",
                        s.id
                    ),
                )
                .at(at("banner")),
            );
        }
        if let Some(scan) = &s.scan {
            if !is_contained(scan) {
                errors.push(
                    Diagnostic::error(
                        rel,
                        format!("set {}: scan \"{scan}\" leaves content/couplets/", s.id),
                    )
                    .at(at("scan"))
                    .help(format!(
                        "put the scans into content/couplets/{}/ and write e.g. {}/{}.jpg",
                        raw.year, raw.year, s.id
                    )),
                );
            } else {
                match resolve_scans(files, scan) {
                    Ok((found, ignored)) => {
                        scans.insert(s.id.clone(), found);
                        for file in ignored {
                            warnings.push(
                                Diagnostic::warning(
                                    rel,
                                    format!(
                                        "set {}: {} is not a scan of a piece: ignored",
                                        s.id,
                                        file.display()
                                    ),
                                )
                                .at(at("scan"))
                                .help(SCAN_NAMES),
                            );
                        }
                    }
                    Err(p) => errors.push(
                        Diagnostic::error(rel, format!("set {}: {}", s.id, p.message))
                            .at(at("scan"))
                            .help(p.help),
                    ),
                }
            }
        }
    }
    let failed = !errors.is_empty();
    for d in errors.into_iter().chain(warnings) {
        diags.push(d);
    }
    if failed {
        return None;
    }
    Some(CoupletYear {
        year: raw.year,
        title: raw.title.trim().to_string(),
        released: released.ok()?,
        sets: raw
            .sets
            .into_iter()
            .map(|s| CoupletSet {
                scans: scans.remove(&s.id).unwrap_or_default(),
                id: s.id,
                calligrapher: s.calligrapher.trim().to_string(),
                upper: s.upper.trim().to_string(),
                lower: s.lower.trim().to_string(),
                banner: s.banner.trim().to_string(),
                square: s.square.trim().to_string(),
                scan: s.scan,
            })
            .collect(),
    })
}

/// How piece scans are named, for messages.
const SCAN_NAMES: &str = "name the scans after their pieces: upper, lower, banner, square (.jpg, .jpeg or .png), in the folder `scan:` names (2026/horse-1/upper.jpg), or beside the image it names (scan: 2026/horse-1.jpg → 2026/horse-1-upper.jpg); a piece without a scan is typeset";

const PIECES: [&str; 4] = ["upper", "lower", "banner", "square"];

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["jpg", "jpeg", "png"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The per-piece scans `scan` stands for (docs/pdf.md, "Scans"): a folder
/// holding `upper.jpg`, `lower.jpg`, `banner.jpg`, `square.jpg`; or, as in
/// `scan: 2026/horse-1.jpg`, the images beside it named `horse-1-upper.jpg`
/// and so on. Returns them with the folder's files that are no piece's,
/// or a message and a help.
fn resolve_scans(files: &Files, scan: &str) -> Result<(PieceScans, Vec<PathBuf>), Problem> {
    let written = Path::new(DIR).join(scan.trim_end_matches('/'));
    let mut found: [Option<PathBuf>; 4] = Default::default();
    let mut ignored = Vec::new();
    let in_folder: Vec<&PathBuf> = files.in_dir(&written).collect();
    let folder = !in_folder.is_empty();
    if folder {
        for path in in_folder {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            match PIECES.iter().position(|p| stem.eq_ignore_ascii_case(p)) {
                Some(i) if is_image(path) => {
                    if found[i].is_some() {
                        return Err(Problem::new(
                            format!("scan folder \"{scan}\" has two scans of {}", PIECES[i]),
                            "keep one image per piece",
                        ));
                    }
                    found[i] = Some(path.clone());
                }
                _ => ignored.push(path.clone()),
            }
        }
    } else if is_image(&written) {
        let parent = written.parent().unwrap_or(Path::new(DIR));
        let stem = written.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        for path in files.in_dir(parent).filter(|p| is_image(p)) {
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let piece = name.strip_prefix(stem).and_then(|r| r.strip_prefix('-'));
            if let Some(i) =
                piece.and_then(|p| PIECES.iter().position(|q| p.eq_ignore_ascii_case(q)))
            {
                found[i].get_or_insert_with(|| path.clone());
            }
        }
    }
    if found.iter().all(Option::is_none) {
        let whole = files.paths.contains(&written);
        let message = if folder {
            format!("scan folder \"{scan}\" holds no scan of a piece")
        } else if whole {
            format!("scan \"{scan}\" is one image; each piece needs its own scan")
        } else {
            format!("scan \"{scan}\" not found")
        };
        return Err(Problem::new(message, SCAN_NAMES));
    }
    let [upper, lower, banner, square] = found;
    Ok((
        PieceScans {
            upper,
            lower,
            banner,
            square,
        },
        ignored,
    ))
}
