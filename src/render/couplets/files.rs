//! A set's downloads: four PDFs (print shop and home printer, each with
//! and without the red paper) and a ZIP of the four, made in parallel and
//! cached by the couplet files and fonts they come from.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::pieces::BLEED;
use super::sheets::SetLayout;
use crate::cache::{Cache, Files};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{CoupletSet, CoupletSettings, CoupletYear, Site};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::writer::{self, Doc, Meta};
use crate::render::urls;

/// One of a set's downloads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoupletFile {
    /// `/couplets/2026/horse-1-print-shop.pdf`.
    pub url: String,
    /// `horse-1-print-shop.pdf`.
    pub name: String,
    /// As the set's page lists it: `A4 家用印表機`, `紅紙專用（僅墨色）原寸`,
    /// `全部檔案（ZIP）`.
    pub title: String,
    /// One sentence on when to use it.
    pub purpose: String,
    /// `PDF` or `ZIP`.
    pub kind: String,
    pub bytes: u64,
}

/// The order of the set's page: red paper first (home, print shop), then
/// ink only; the ZIP last.
const PAGE_ORDER: [Variant; 4] = [VARIANTS[1], VARIANTS[3], VARIANTS[0], VARIANTS[2]];

/// The four PDFs of a set, in the ZIP's (sorted) order of their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Variant {
    pub(super) home: bool,
    pub(super) red: bool,
}

pub(super) const VARIANTS: [Variant; 4] = [
    Variant {
        home: true,
        red: false,
    },
    Variant {
        home: true,
        red: true,
    },
    Variant {
        home: false,
        red: false,
    },
    Variant {
        home: false,
        red: true,
    },
];

impl Variant {
    /// `horse-1-home-a4-ink.pdf`.
    pub(super) fn file_name(self, id: &str, paper: &str) -> String {
        let kind = if self.home {
            format!("home-{}", paper.to_ascii_lowercase())
        } else {
            "print-shop".to_string()
        };
        let ink = if self.red { "" } else { "-ink" };
        format!("{id}-{kind}{ink}.pdf")
    }

    /// Its title on the set's page.
    fn title(self, paper: &str) -> String {
        match (self.home, self.red) {
            (true, true) => format!("{paper} 家用印表機"),
            (false, true) => "印刷廠原寸".into(),
            (true, false) => format!("紅紙專用（僅墨色）{paper}"),
            (false, false) => "紅紙專用（僅墨色）原寸".into(),
        }
    }

    /// When to use it, on the set's page.
    fn purpose(self, settings: &CoupletSettings) -> String {
        let paper = &settings.home_paper;
        let cm = |s: [f32; 2]| format!("{}×{}", s[0], s[1]);
        match (self.home, self.red) {
            (true, true) => format!(
                "以家用印表機用 {paper} 紙列印（請選「實際大小」），依每張的標示黏貼拼成原尺寸。"
            ),
            (false, true) => format!(
                "交給印刷店以紅紙或全彩原尺寸輸出：上聯、下聯各 {} 公分，橫批 {} 公分，斗方 {} 公分。",
                cm(settings.strip_cm),
                cm(settings.banner_cm),
                cm(settings.square_cm)
            ),
            (true, false) => {
                format!("自備 {paper} 紅紙時使用：只印黑色字，不印紅底，節省彩色墨水。")
            }
            (false, false) => "印刷店以紅紙輸出時使用：只有黑色字。".into(),
        }
    }

    /// What the PDF's metadata says it is.
    pub(super) fn what(self, paper: &str) -> String {
        let kind = if self.home {
            format!("{paper} 家用印表機")
        } else {
            "印刷廠原寸".to_string()
        };
        if self.red {
            kind
        } else {
            format!("{kind}・紅紙專用（僅墨色）")
        }
    }
}

/// Each set's downloads by (year, set id).
pub type CoupletFiles = HashMap<(i32, String), Vec<CoupletFile>>;

/// Writes every set's files (from `cache` when made from the same
/// couplet files and fonts before); returns them by (year, set id).
pub fn render(
    site: &Site,
    fonts: &Fonts,
    cache: &Cache,
    out: &Staging,
    progress: &Progress,
    made: &AtomicUsize,
) -> Result<CoupletFiles, Diagnostics> {
    let sets: Vec<(&CoupletYear, &CoupletSet)> = site
        .couplets
        .iter()
        .flat_map(|y| y.sets.iter().map(move |s| (y, s)))
        .collect();
    type SetFiles = ((i32, String), Vec<CoupletFile>);
    let mut base = fonts.key("couplet-set");
    base.file(&site.root, Path::new("site.yaml"))
        .tree(&site.root, Path::new("content/couplets"));
    let results: Vec<Result<SetFiles, Diagnostic>> = sets
        .par_iter()
        .map(|(y, s)| {
            let key = base
                .clone()
                .bytes(&y.year.to_le_bytes())
                .bytes(s.id.as_bytes())
                .finish();
            let name = format!("couplets/{}/{}", y.year, s.id);
            let files = cache.get_or_make(
                &name,
                &key,
                out,
                || {
                    made.fetch_add(1, Ordering::Relaxed);
                    render_set(site, fonts, y, s).map(|(files, bytes)| (bytes, files))
                },
                |e| Diagnostic::cannot_write(&name, e),
            )?;
            progress.inc();
            Ok(((y.year, s.id.clone()), files))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut index = HashMap::new();
    for r in results {
        match r {
            Ok((k, v)) => {
                index.insert(k, v);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.or_ok(index)
}

/// A set's four PDFs and its ZIP: what the page lists, and the files.
pub(super) fn render_set(
    site: &Site,
    fonts: &Fonts,
    year: &CoupletYear,
    set: &CoupletSet,
) -> Result<(Vec<CoupletFile>, Files), Diagnostic> {
    let settings = &site.couplet_settings;
    let source = format!("content/couplets/{}.yaml", year.year);
    let layout = SetLayout::new(&fonts.book, site, settings, set);
    let meta = |what: &str| Meta {
        title: format!("{}　{}書　{what}", year.title, set.calligrapher),
        author: set.calligrapher.clone(),
        subject: set.full_text(),
        date: year.released,
    };
    let paper = settings.home_paper.as_str();
    let pdfs: Vec<Result<(Variant, Vec<u8>), Diagnostic>> = VARIANTS
        .par_iter()
        .map(|&v| {
            let (pages, outline) = if v.home {
                layout.home_pages(&fonts.book, v.red)
            } else {
                layout.print_shop_pages(v.red)
            };
            let meta = meta(&v.what(paper));
            let doc = Doc {
                pages: &pages,
                images: &layout.images,
                outline: &outline,
                meta: &meta,
                size: pages[0].size.unwrap_or(writer::A4),
                bleed: if v.home { 0.0 } else { BLEED },
                tags: None,
                labels: &[],
            };
            let bytes = writer::write(&doc, &fonts.book).map_err(|e| e.in_file(&source))?;
            Ok((v, bytes))
        })
        .collect();
    let mut entries = Vec::new();
    for r in pdfs {
        let (v, bytes) = r?;
        entries.push((v, v.file_name(&set.id, paper), bytes));
    }
    let mut files: Vec<CoupletFile> = PAGE_ORDER
        .iter()
        .filter_map(|p| entries.iter().find(|(v, ..)| v == p))
        .map(|(v, name, bytes)| CoupletFile {
            url: format!("{}{name}", urls::couplet_year(year.year)),
            name: name.clone(),
            title: v.title(paper),
            purpose: v.purpose(settings),
            kind: "PDF".into(),
            bytes: bytes.len() as u64,
        })
        .collect();
    let mut entries: Vec<(String, Vec<u8>)> =
        entries.into_iter().map(|(_, name, b)| (name, b)).collect();
    let zip = zip_files(&entries, year.released)
        .map_err(|e| Diagnostic::error(&source, format!("cannot write the ZIP: {e}")))?;
    let name = format!("{}.zip", set.id);
    files.push(CoupletFile {
        url: format!("{}{name}", urls::couplet_year(year.year)),
        name: name.clone(),
        title: "全部檔案（ZIP）".into(),
        purpose: "以上所有檔案壓縮成一個檔案，方便一次下載。".into(),
        kind: "ZIP".into(),
        bytes: zip.len() as u64,
    });
    entries.push((name, zip));
    let bytes = entries
        .into_iter()
        .map(|(name, b)| (format!("{}{name}", urls::couplet_year(year.year)), b))
        .collect();
    Ok((files, bytes))
}

/// A ZIP of `(name, bytes)` in the given (sorted) order, every entry dated
/// `date` at midnight: the same files give the same bytes.
pub fn zip_files(
    entries: &[(String, Vec<u8>)],
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, zip::result::ZipError> {
    use chrono::Datelike;
    use zip::write::SimpleFileOptions;
    let time = zip::DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )?;
    // The PDFs are deflated already: the fastest level loses nothing.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut sorted: Vec<&(String, Vec<u8>)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in sorted {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
