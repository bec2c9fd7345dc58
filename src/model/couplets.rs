//! The mayor's Spring couplets.

use std::path::PathBuf;

use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct CoupletYear {
    pub year: i32,
    pub title: String,
    pub released: NaiveDate,
    pub sets: Vec<CoupletSet>,
}

#[derive(Debug, Clone)]
pub struct CoupletSet {
    pub id: String,
    pub calligrapher: String,
    /// 上聯, hung on the right.
    pub upper: String,
    /// 下聯, hung on the left.
    pub lower: String,
    /// 橫批, in reading order.
    pub banner: String,
    /// 斗方, one character.
    pub square: String,
    /// Scan of the original, relative to `content/couplets/`, as written.
    pub scan: Option<String>,
    /// The scans `scan` stands for, one per piece (docs/pdf.md, "Scans").
    pub scans: PieceScans,
}

impl CoupletSet {
    /// The set's words as every output gives them in full (the preview's
    /// title, the PDFs' subject, the page's description):
    /// `上聯：…；下聯：…；橫批：…；斗方：…`.
    pub fn full_text(&self) -> String {
        format!(
            "上聯：{}；下聯：{}；橫批：{}；斗方：{}",
            self.upper, self.lower, self.banner, self.square
        )
    }
}

/// The calligrapher's scans of a set's pieces, as paths from the site
/// root; a piece without one is typeset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PieceScans {
    pub upper: Option<PathBuf>,
    pub lower: Option<PathBuf>,
    pub banner: Option<PathBuf>,
    pub square: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerDirection {
    Rtl,
    Ltr,
}

/// `_couplets.yaml`, with SPEC's defaults.
#[derive(Debug, Clone)]
pub struct CoupletSettings {
    pub strip_cm: [f32; 2],
    pub banner_cm: [f32; 2],
    pub square_cm: [f32; 2],
    pub banner_direction: BannerDirection,
    pub home_paper: String,
}

impl Default for CoupletSettings {
    fn default() -> Self {
        CoupletSettings {
            strip_cm: [24.0, 135.0],
            banner_cm: [90.0, 24.0],
            square_cm: [45.0, 45.0],
            banner_direction: BannerDirection::Rtl,
            home_paper: "A4".to_string(),
        }
    }
}
