//! `site.yaml`.

use std::path::Path;

use serde::Deserialize;

use super::source::{KeyIndex, SourceFile, parse_yaml};
use crate::diag::{Diagnostic, Diagnostics, Problem};
use crate::model::{Fonts, Settings};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSettings {
    title: String,
    base_url: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    fonts: RawFonts,
    /// Accepted for SPEC's list of settings; shown nowhere yet.
    #[serde(default)]
    #[allow(dead_code)]
    city: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    agency: Option<String>,
    #[serde(default)]
    theme: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    #[serde(default)]
    body: Vec<String>,
    #[serde(default)]
    heading: Vec<String>,
    #[serde(default)]
    kai: Vec<String>,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Settings> {
    let rel = Path::new("site.yaml");
    if !root.join(rel).is_file() {
        diags.push(
            Diagnostic::error(
                rel,
                "site.yaml not found: this folder is not a munipub site",
            )
            .help("run munipub in the folder that holds site.yaml, or pass --root DIR"),
        );
        return None;
    }
    let file = SourceFile::read(root, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    let raw: RawSettings = parse_yaml(rel, &file.text, 1)
        .map_err(|d| diags.push(d))
        .ok()?;
    let keys = KeyIndex::build(&file.text, 1);
    let mut ok = true;
    if raw.title.trim().is_empty() {
        diags.push(Diagnostic::error(rel, "title: must not be empty").at(keys.pos("title")));
        ok = false;
    }
    let base_url = match normalise_base_url(&raw.base_url) {
        Ok(u) => u,
        Err(p) => {
            diags.push(
                Diagnostic::error(rel, format!("base_url: {}", p.message))
                    .at(keys.pos("base_url"))
                    .help(p.help),
            );
            ok = false;
            String::new()
        }
    };
    if let Some(theme) = raw.theme.as_deref().filter(|t| *t != "default") {
        diags.push(
            Diagnostic::error(rel, format!("theme: unknown theme \"{theme}\""))
                .at(keys.pos("theme"))
                .help("only `default` exists; change its files under themes/default/"),
        );
        ok = false;
    }
    ok.then(|| Settings {
        title: raw.title.trim().to_string(),
        base_url,
        publisher: raw.publisher.unwrap_or_default(),
        allow_html: raw.allow_html,
        fonts: Fonts {
            body: raw.fonts.body,
            heading: raw.fonts.heading,
            kai: raw.fonts.kai,
        },
    })
}

/// `https://host/path` with a trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, Problem> {
    let url = url.trim();
    let problem = |message: String| {
        Problem::new(
            message,
            "write the site's address, e.g. https://www.example.gov.tw/",
        )
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| problem(format!("\"{url}\" is not an absolute http(s) address")))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(problem(format!("\"{url}\" has no host name")));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}
