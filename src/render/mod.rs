//! Rendering: the model into output files, one room per output format.

pub mod html;
pub mod urls;

use crate::diag::Diagnostics;
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
    _options: &Options,
) -> Result<(), Diagnostics> {
    html::render(site, theme, out)
}
