//! The couplets index and one gallery page per year.

use super::view::*;
use super::{Html, human_size, link};
use crate::calendar::{roc_long, sexagenary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::couplets::BannerDirection;
use crate::model::{CoupletSet, CoupletSettings, CoupletYear};
use crate::output::Staging;
use crate::render::urls;

pub fn render(html: &Html, out: &Staging) -> Result<(), Diagnostics> {
    let years = &html.site.couplets;
    if years.is_empty() {
        return Ok(());
    }
    let mut diags = Diagnostics::new();
    let index = CoupletsIndexView {
        years: years.iter().map(summary).collect(),
    };
    let page = html.page_meta("市長新春賀聯", urls::COUPLETS, "couplets", Vec::new());
    let results =
        std::iter::once(html.write(out, "couplets_index.html", &page, "couplets", &index))
            .chain(years.iter().map(|y| year_page(html, y, out)));
    for r in results {
        if let Err(e) = r {
            diags.push(e);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn summary(y: &CoupletYear) -> CoupletYearSummary {
    let (stem_branch, zodiac) = sexagenary(y.year);
    CoupletYearSummary {
        year: y.year,
        title: y.title.clone(),
        url: urls::couplet_year(y.year),
        sexagenary: stem_branch.to_string(),
        zodiac: zodiac.to_string(),
        set_count: y.sets.len(),
    }
}

/// The print-ready files of a set, in the order the gallery lists them:
/// (file suffix, title, what it is for), following `_couplets.yaml`.
fn downloads(c: &CoupletSettings) -> Vec<(String, String, String)> {
    let paper = &c.home_paper;
    let p = paper.to_ascii_lowercase();
    let cm = |s: [f32; 2]| format!("{}×{}", s[0], s[1]);
    vec![
        (
            format!("home-{p}.pdf"),
            format!("{paper} 家用印表機"),
            format!(
                "以家用印表機用 {paper} 紙列印（請選「實際大小」），依每張的標示黏貼拼成原尺寸。"
            ),
        ),
        (
            "print-shop.pdf".into(),
            "印刷廠原寸".into(),
            format!(
                "交給印刷店以紅紙或全彩原尺寸輸出：上聯、下聯各 {} 公分，橫批 {} 公分，斗方 {} 公分。",
                cm(c.strip_cm),
                cm(c.banner_cm),
                cm(c.square_cm)
            ),
        ),
        (
            format!("home-{p}-ink.pdf"),
            format!("紅紙專用（僅墨色）{paper}"),
            format!("自備 {paper} 紅紙時使用：只印黑色字，不印紅底，節省彩色墨水。"),
        ),
        (
            "print-shop-ink.pdf".into(),
            "紅紙專用（僅墨色）原寸".into(),
            "印刷店以紅紙輸出時使用：只有黑色字。".into(),
        ),
        (
            "zip".into(),
            "全部檔案（ZIP）".into(),
            "以上所有檔案壓縮成一個檔案，方便一次下載。".into(),
        ),
    ]
}

fn year_page(html: &Html, y: &CoupletYear, out: &Staging) -> Result<(), Diagnostic> {
    let direction = html.site.couplet_settings.banner_direction;
    let view = CoupletYearView {
        summary: summary(y),
        released_roc: roc_long(y.released),
        sets: y
            .sets
            .iter()
            .map(|s| set_view(s, y.year, &html.site.couplet_settings, out))
            .collect(),
        banner_direction: match direction {
            BannerDirection::Rtl => "rtl",
            BannerDirection::Ltr => "ltr",
        }
        .to_string(),
    };
    let page = html.page_meta(
        &y.title,
        &view.summary.url,
        "couplets",
        vec![link("市長新春賀聯", urls::COUPLETS)],
    );
    html.write(out, "couplet_year.html", &page, "couplets", &view)
}

fn set_view(
    s: &CoupletSet,
    year: i32,
    settings: &CoupletSettings,
    out: &Staging,
) -> CoupletSetView {
    let direction = settings.banner_direction;
    let base = format!("{}{}", urls::couplet_year(year), s.id);
    let existing = |suffix: &str| {
        let url = if suffix == "zip" {
            format!("{base}.zip")
        } else {
            format!("{base}-{suffix}")
        };
        out.size_of(&url).map(|size| (url, size))
    };
    let downloads = downloads(settings)
        .into_iter()
        .filter_map(|(suffix, title, purpose)| {
            existing(&suffix).map(|(url, size)| DownloadView {
                title,
                purpose,
                kind: if suffix == "zip" { "ZIP" } else { "PDF" }.to_string(),
                size: human_size(size),
                url,
            })
        })
        .collect();
    let chars = |t: &str| t.chars().map(String::from).collect::<Vec<_>>();
    let banner_as_written = match direction {
        BannerDirection::Rtl => s.banner.chars().rev().collect(),
        BannerDirection::Ltr => s.banner.clone(),
    };
    CoupletSetView {
        id: s.id.clone(),
        calligrapher: s.calligrapher.clone(),
        upper: s.upper.clone(),
        upper_chars: chars(&s.upper),
        lower: s.lower.clone(),
        lower_chars: chars(&s.lower),
        banner: s.banner.clone(),
        banner_as_written,
        square: s.square.clone(),
        full_text: format!("{}；書法家：{}", s.full_text(), s.calligrapher),
        preview_svg: existing("preview.svg").map(|(u, _)| u),
        preview_png: existing("preview.png").map(|(u, _)| u),
        downloads,
    }
}
