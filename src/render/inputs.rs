//! What each issue is made from, hashed once per build: the steps that
//! keep an issue's output in the build cache (its PDFs, its part of the
//! search index) key it by this.

use std::path::Path;

use rayon::prelude::*;

use crate::cache::{Key, KeyBuilder};
use crate::model::Site;

/// For every issue of the gazette, in the model's order: the hash of the
/// site's settings, the gazette's settings and every file of the issue's
/// folder (its documents, `issue.yaml`, attachments).
pub fn issues(site: &Site) -> Vec<Key> {
    let Some(g) = &site.gazette else {
        return Vec::new();
    };
    let mut settings = KeyBuilder::new("issue-inputs");
    settings
        .file(&site.root, Path::new("site.yaml"))
        .file(&site.root, Path::new("content/gazette/_gazette.yaml"));
    g.issues
        .par_iter()
        .map(|issue| {
            settings
                .clone()
                .tree(&site.root, &Path::new("content/gazette").join(issue.key()))
                .finish()
        })
        .collect()
}
