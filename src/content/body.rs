//! Checks of a Markdown body that documents and pages share: links with a
//! scheme that may not be published ([`crate::links`]) and nesting deeper
//! than [`markdown::MAX_LEVELS`].

use std::path::Path;

use crate::diag::{Diagnostic, Pos};
use crate::markdown::{self, Markdown};

/// Every problem of `body` (from the file `rel`) that is the same wherever
/// the body is published.
pub fn check(rel: &Path, body: &Markdown, errors: &mut Vec<Diagnostic>) {
    for t in body
        .targets
        .iter()
        .filter(|t| !crate::links::is_safe(&t.url))
    {
        let (message, help) = crate::links::refusal(&t.url);
        errors.push(
            Diagnostic::error(rel, message)
                .at(Pos::new(t.line, 0))
                .help(help),
        );
    }
    if let Some(line) = body.too_deep {
        errors.push(
            Diagnostic::error(
                rel,
                format!(
                    "lists, block quotes or emphasis are nested too deeply here \
                     (at most {} lists and quotes inside one another)",
                    markdown::MAX_LEVELS
                ),
            )
            .at(Pos::new(line, 0))
            .help(
                "no document needs this: the official numbering has six levels \
                 (一、 (一) 1、 (1) 甲、 (甲)); remove the extra `>`, `-` or `1.` markers",
            ),
        );
    }
}
