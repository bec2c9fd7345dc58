//! The fonts of a build: read once from the theme, shared by every PDF.

use std::sync::Arc;

use super::layout::fonts::{Face, FontBook, Role};
use super::writer::PdfFonts;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Settings;
use crate::theme::Theme;

/// The theme's default chains, used when `site.yaml` names none.
pub const BODY: &[&str] = &[
    "fonts/NotoSerifCJKtc-Regular.otf",
    "fonts/NotoSansCJKtc-Bold.otf",
];
pub const HEADING: &[&str] = &[
    "fonts/NotoSansCJKtc-Bold.otf",
    "fonts/NotoSerifCJKtc-Regular.otf",
];
/// The couplets' brush-script face (AR PL UKai TW).
pub const KAI: &[&str] = &["fonts/ukai-tw.ttf"];

/// Faces for layout and for embedding.
pub struct Fonts {
    pub book: FontBook,
    pub pdf: PdfFonts,
}

impl Fonts {
    /// Loads the chains of `site.yaml` (or the theme's defaults), each file
    /// once. `name#3` picks face 3 of a collection.
    pub fn load(settings: &Settings, theme: &Theme) -> Result<Fonts, Diagnostics> {
        let book = Self::book(settings, theme)?;
        let pdf = PdfFonts::new(&book)
            .map_err(|e| Diagnostics::from(Diagnostic::error("site.yaml", e)))?;
        Ok(Fonts { book, pdf })
    }

    /// Only what layout and `check` need (no printpdf parsing).
    pub fn book(settings: &Settings, theme: &Theme) -> Result<FontBook, Diagnostics> {
        let mut book = FontBook::default();
        let mut diags = Diagnostics::new();
        let mut loaded: Vec<String> = Vec::new();
        let chains = [
            (Role::Body, &settings.fonts.body, BODY),
            (Role::Heading, &settings.fonts.heading, HEADING),
            (Role::Kai, &settings.fonts.kai, KAI),
        ];
        for (role, configured, default) in chains {
            let names: Vec<String> = if configured.is_empty() {
                default.iter().map(|s| s.to_string()).collect()
            } else {
                configured.clone()
            };
            let mut chain = Vec::new();
            for name in names {
                if let Some(i) = loaded.iter().position(|n| *n == name) {
                    chain.push(i);
                    continue;
                }
                let (file, index) = match name.rsplit_once('#') {
                    Some((f, i)) => (f, i.parse().unwrap_or(0)),
                    None => (name.as_str(), 0),
                };
                let Some(bytes) = theme.get(file) else {
                    diags.push(
                        Diagnostic::error("site.yaml", format!("fonts: {file} not found in the theme"))
                            .help("put the font under themes/default/fonts/ and name it as fonts/<file>#<face>"),
                    );
                    continue;
                };
                match Face::parse(&name, Arc::new(bytes.to_vec()), index) {
                    Ok(face) => {
                        chain.push(book.add(face));
                        loaded.push(name);
                    }
                    Err(e) => diags.push(Diagnostic::error("site.yaml", format!("fonts: {e}"))),
                }
            }
            book.set_chain(role, chain);
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(book)
        }
    }
}
