//! The couplets index and one gallery page per year.

use super::view::*;
use super::{Html, human_size, link};
use crate::calendar::{roc_long, sexagenary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::couplets::BannerDirection;
use crate::model::{CoupletSet, CoupletYear};
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
    diags.or_ok(())
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

fn year_page(html: &Html, y: &CoupletYear, out: &Staging) -> Result<(), Diagnostic> {
    let direction = html.site.couplet_settings.banner_direction;
    let view = CoupletYearView {
        summary: summary(y),
        released_roc: roc_long(y.released),
        sets: y.sets.iter().map(|s| set_view(html, s, y.year)).collect(),
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

/// A set as its year's page shows it: the print files are those the
/// render index lists (none in a build without PDFs).
fn set_view(html: &Html, s: &CoupletSet, year: i32) -> CoupletSetView {
    let direction = html.site.couplet_settings.banner_direction;
    let downloads = html
        .pdfs
        .and_then(|p| p.couplets.get(&(year, s.id.clone())))
        .map(|files| {
            files
                .iter()
                .map(|f| DownloadView {
                    title: f.title.clone(),
                    purpose: f.purpose.clone(),
                    kind: f.kind.clone(),
                    size: human_size(f.bytes),
                    url: f.url.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
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
        preview_svg: Some(urls::couplet_preview_svg(year, &s.id)),
        preview_png: Some(urls::couplet_preview_png(year, &s.id)),
        downloads,
    }
}
