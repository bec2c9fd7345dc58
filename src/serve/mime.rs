//! `Content-Type` by file extension, for every kind of file a build writes
//! (and the search index's files, which are binary).

use std::path::Path;

pub const HTML: &str = "text/html; charset=utf-8";

/// The `Content-Type` of a file; unknown kinds are sent as bytes.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "zip" => "application/zip",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "ttc" => "font/collection",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

pub fn is_html(path: &Path) -> bool {
    content_type(path) == HTML
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_of_the_files_a_build_writes() {
        for (name, ty) in [
            ("index.html", HTML),
            ("style.css", "text/css; charset=utf-8"),
            ("directory-filter.js", "text/javascript; charset=utf-8"),
            ("index.json", "application/json"),
            ("gazette.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("documents.csv", "text/csv; charset=utf-8"),
            ("a.PDF", "application/pdf"),
            ("p.png", "image/png"),
            ("p.svg", "image/svg+xml"),
            ("set.zip", "application/zip"),
            (
                "directory.ods",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("f.woff2", "font/woff2"),
            ("search-index/b/12.bin", "application/octet-stream"),
            ("search-index/meta.json", "application/json"),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
        assert!(is_html(Path::new("a/index.HTML")));
        assert!(!is_html(Path::new("a/b.pdf")));
    }
}
