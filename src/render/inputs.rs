//! What each issue is made from, hashed once per build: the steps that
//! keep an issue's output in the build cache (its PDFs, its pages, its part
//! of the search index) key it by this.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::cache::{Key, KeyBuilder};
use crate::model::Site;

/// For every issue of the gazette, in the model's order: the hash of the
/// site's settings, the gazette's settings and every file of the issue's
/// folder as the loader listed it (its documents, `issue.yaml`,
/// attachments). Documents are not
/// read again: the loader kept the hash of their bytes. Also what the
/// issue's output shows of other issues: its number (an extra issue's
/// number counts the year's earlier extra issues) and the numbers and
/// titles of the documents its corrections correct (in their PDF heading).
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
            let known: HashMap<&Path, u128> = issue
                .documents
                .iter()
                .map(|d| (d.source.as_path(), d.source_hash))
                .collect();
            let mut key = settings.clone();
            for rel in &issue.files {
                match known.get(rel.as_path()) {
                    Some(hash) => key
                        .bytes(rel.to_string_lossy().as_bytes())
                        .bytes(&hash.to_le_bytes()),
                    None => key.file(&site.root, rel),
                };
            }
            key.bytes(issue.full_number().as_bytes());
            for doc in &issue.documents {
                if let Some((target_issue, target)) = doc.corrects.as_ref().and_then(|r| g.find(r))
                {
                    key.bytes(doc.slug.as_bytes())
                        .bytes(target_issue.full_number().as_bytes())
                        .bytes(target.title.as_bytes());
                }
            }
            key.finish()
        })
        .collect()
}
