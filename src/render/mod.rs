//! Rendering: the model into output files, one room per output format.

pub mod couplets_preview;
pub mod data;
pub mod html;
pub mod pdf;
pub mod search;
pub mod urls;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;
use crate::theme::Theme;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip PDFs (quick previews, and the HTML-only benchmark).
    pub no_pdf: bool,
}

/// Renders the whole site into `out`.
pub fn render(
    site: &Site,
    theme: &Theme,
    out: &Staging,
    options: &Options,
) -> Result<(), Diagnostics> {
    let pdfs = if options.no_pdf {
        couplets_preview::write_all_loading_fonts(site, theme, out)?;
        None
    } else {
        let fonts = pdf::fonts::Fonts::load(&site.settings, theme)?;
        let missing = pdf::coverage::check(site, &fonts.book);
        if missing.has_errors() {
            return Err(missing);
        }
        couplets_preview::write_all(site, &fonts.book, out)?;
        Some(pdf::render(site, &fonts, out)?)
    };
    let base = &site.settings.base_url;
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("robots.txt".into(), data::robots(base).into_bytes())];
    if let Some(g) = &site.gazette {
        files.push(("feeds/gazette.xml".into(), data::feed(g, base).into_bytes()));
        files.extend(data::open_data::gazette(g, base, pdfs.as_ref()));
    }
    if let Some(d) = &site.directory {
        files.extend(data::open_data::directory(d)?);
    }
    for (path, bytes) in &files {
        out.write(path, bytes)
            .map_err(|e| Diagnostic::error(path, format!("cannot write output: {e}")))?;
    }
    // Pages link to the downloads above, so they come after them.
    html::render(site, theme, out, pdfs.as_ref())?;
    // The search index reads the document pages just written.
    search::write(site, out)?;
    // Last: the sitemap lists every page written before it.
    out.write(
        "sitemap.xml",
        data::sitemap(&out.written(), base).as_bytes(),
    )
    .map_err(|e| Diagnostic::error("sitemap.xml", format!("cannot write output: {e}")))?;
    Ok(())
}
