//! The theme: templates, static files and fonts. The default theme is built
//! into munipub; a site's own `themes/default/` overrides it file by file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// All files of the theme in effect, by path inside the theme folder
/// (`templates/base.html`, `static/style.css`).
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Cow<'static, [u8]>>,
}

impl Theme {
    /// The built-in theme with the site's overrides from `root/themes/default/`.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut files = BTreeMap::new();
        collect_built_in(&BUILT_IN, &mut files);
        let own = root.join("themes/default");
        let mut diags = Diagnostics::new();
        if own.is_dir() {
            for entry in WalkDir::new(&own).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let Ok(rel) = e.path().strip_prefix(&own) else {
                            continue;
                        };
                        let key = rel.to_string_lossy().replace('\\', "/");
                        match std::fs::read(e.path()) {
                            Ok(bytes) => {
                                files.insert(key, Cow::Owned(bytes));
                            }
                            Err(err) => diags.push(Diagnostic::error(
                                e.path().strip_prefix(root).unwrap_or(e.path()),
                                format!("cannot read theme file: {err}"),
                            )),
                        }
                    }
                    Ok(_) => {}
                    Err(err) => diags.push(Diagnostic::error(
                        "themes/default",
                        format!("cannot read theme folder: {err}"),
                    )),
                }
            }
        }
        diags.or_ok(Theme { files })
    }

    /// Templates by name (`base.html`), as text.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.under("templates/")
    }

    /// Files copied to `/static/` unchanged.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.under("static/")
    }

    /// A file's bytes without copying the built-in ones (fonts are large).
    pub fn shared(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        self.files.get(path).cloned()
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|c| c.as_ref())
    }

    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(move |(k, v)| (&k[prefix.len()..], v.as_ref()))
    }
}

fn collect_built_in(dir: &Dir<'static>, out: &mut BTreeMap<String, Cow<'static, [u8]>>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            Cow::Borrowed(f.contents()),
        );
    }
    for d in dir.dirs() {
        collect_built_in(d, out);
    }
}
