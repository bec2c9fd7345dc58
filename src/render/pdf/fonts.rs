//! The fonts of a build: read once from the theme, shared by every PDF.

use std::sync::Arc;

use rayon::prelude::*;

use super::layout::fonts::{Face, FontBook, Role};
use crate::cache::KeyBuilder;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Settings, Site};
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
    /// A hash of every face, for the build cache's keys.
    identity: u128,
}

impl Fonts {
    /// Loads the chains of `site.yaml` (or the theme's defaults) that the
    /// site needs, each file once. `name#3` picks face 3 of a collection.
    pub fn load(site: &Site, theme: &Theme) -> Result<Fonts, Diagnostics> {
        let book = Self::book(site, theme)?;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for f in &book.faces {
            h.update(f.name.as_bytes());
            h.update(&f.data);
        }
        Ok(Fonts {
            book,
            identity: h.digest128(),
        })
    }

    /// A cache key for output of `kind` made with these fonts.
    pub fn key(&self, kind: &str) -> KeyBuilder {
        let mut k = KeyBuilder::new(kind);
        k.bytes(&self.identity.to_le_bytes());
        k
    }

    /// The faces for layout and `check`. The brush-script chain is read
    /// only when there are couplets; faces are parsed in parallel.
    pub fn book(site: &Site, theme: &Theme) -> Result<FontBook, Diagnostics> {
        let kai = site.couplets.iter().any(|y| !y.sets.is_empty());
        Self::book_for(&site.settings, theme, kai)
    }

    /// The body and heading chains, and the brush-script one if `kai`.
    pub fn book_for(
        settings: &Settings,
        theme: &Theme,
        kai: bool,
    ) -> Result<FontBook, Diagnostics> {
        let fonts = &settings.fonts;
        let mut chains = vec![
            (Role::Body, names(&fonts.body, BODY)),
            (Role::Heading, names(&fonts.heading, HEADING)),
        ];
        if kai {
            chains.push((Role::Kai, names(&fonts.kai, KAI)));
        }
        let mut files: Vec<&str> = Vec::new();
        for name in chains.iter().flat_map(|(_, n)| n) {
            if !files.contains(&name.as_str()) {
                files.push(name);
            }
        }
        let parsed: Vec<Result<Face, Diagnostic>> =
            files.par_iter().map(|name| parse(theme, name)).collect();
        let mut book = FontBook::default();
        let mut diags = Diagnostics::new();
        let mut index: Vec<(&str, usize)> = Vec::new();
        for (name, face) in files.iter().zip(parsed) {
            match face {
                Ok(face) => index.push((name, book.add(face))),
                Err(d) => diags.push(d),
            }
        }
        for (role, names) in &chains {
            let chain = names
                .iter()
                .filter_map(|n| index.iter().find(|(m, _)| m == n).map(|(_, i)| *i))
                .collect();
            book.set_chain(*role, chain);
        }
        diags.or_ok(book)
    }
}

/// The chain `site.yaml` names, or the theme's default.
fn names(configured: &[String], default: &[&str]) -> Vec<String> {
    if configured.is_empty() {
        default.iter().map(|s| s.to_string()).collect()
    } else {
        configured.to_vec()
    }
}

/// Reads `fonts/<file>#<face>` from the theme.
fn parse(theme: &Theme, name: &str) -> Result<Face, Diagnostic> {
    let (file, index) = match name.rsplit_once('#') {
        Some((f, i)) => (f, i.parse().unwrap_or(0)),
        None => (name, 0),
    };
    let Some(bytes) = theme.shared(file) else {
        return Err(Diagnostic::error(
            "site.yaml",
            format!("fonts: {file} not found in the theme"),
        )
        .help("put the font under themes/default/fonts/ and name it as fonts/<file>#<face>"));
    };
    Face::parse(name, Arc::new(bytes), index)
        .map_err(|e| Diagnostic::error("site.yaml", format!("fonts: {e}")))
}
