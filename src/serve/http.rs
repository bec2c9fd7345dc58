//! From a request's target (`/gazette/2026-11-15/?x=1`) to a file inside the
//! output folder, or to nothing: the one place that decides what a request
//! may read.
//!
//! The target is percent-decoded exactly once; any `.` or `..` segment, a
//! backslash, a colon or a NUL after decoding is refused rather than
//! normalised, and the file found is canonicalised (following symbolic
//! links) and must still lie inside the canonical output folder. So
//! `/../x`, `/%2e%2e/x`, `/..%2fx`, `/..\x` and a link in `public/` to a
//! file elsewhere all end as [`Target::NotFound`]. A double-encoded
//! `%252e%252e` decodes to the literal name `%2e%2e`, which is looked up
//! as such (and is not there).

use std::path::{Path, PathBuf};

/// What a request leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file inside the output folder (canonical path).
    File(PathBuf),
    /// Send the browser here (a folder without its trailing `/`, or the
    /// site's root when it is deployed under a sub-path).
    Redirect(String),
    NotFound,
}

/// Resolves `raw` (the request target as sent) against `out` for a site
/// whose pages live under `base_path` (`/` or `/pub/`).
pub fn resolve(out: &Path, base_path: &str, raw: &str) -> Target {
    let raw = raw.split('#').next().unwrap_or_default();
    let (raw_path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (raw, String::new()),
    };
    let Some(segments) = segments(raw_path) else {
        return Target::NotFound;
    };
    let base: Vec<String> = base_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_decode(s)
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_else(|| s.to_string())
        })
        .collect();
    let Some(rel) = segments.strip_prefix(base.as_slice()) else {
        return if segments.is_empty() {
            Target::Redirect(format!("{}{query}", encode_path(&base, true)))
        } else {
            Target::NotFound
        };
    };
    if rel.is_empty() && !base.is_empty() && !raw_path.ends_with('/') {
        return Target::Redirect(format!("{}{query}", encode_path(&base, true)));
    }
    let Ok(out) = out.canonicalize() else {
        return Target::NotFound;
    };
    let Some(real) = contained(&out, &out.join(rel.iter().collect::<PathBuf>())) else {
        return Target::NotFound;
    };
    if real.is_dir() {
        if !raw_path.ends_with('/') {
            return Target::Redirect(format!("{}{query}", encode_path(&segments, true)));
        }
        return match contained(&out, &real.join("index.html")) {
            Some(index) if index.is_file() => Target::File(index),
            _ => Target::NotFound,
        };
    }
    if real.is_file() {
        Target::File(real)
    } else {
        Target::NotFound
    }
}

/// The site's `404.html`, if the output has one inside it.
pub fn not_found_page(out: &Path) -> Option<PathBuf> {
    let out = out.canonicalize().ok()?;
    contained(&out, &out.join("404.html")).filter(|p| p.is_file())
}

/// `path` with every link followed, if that stays inside `out` (canonical).
fn contained(out: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(out).then_some(real)
}

/// The decoded, checked segments of a request path; `None` when the path
/// is not one a site page can have.
fn segments(raw_path: &str) -> Option<Vec<String>> {
    if !raw_path.starts_with('/') {
        return None; // `*`, `http://host/...`, `C:\...`
    }
    let decoded = String::from_utf8(percent_decode(raw_path)?).ok()?;
    if decoded.contains(['\\', '\0', ':']) {
        return None;
    }
    let mut out = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return None,
            s => out.push(s.to_string()),
        }
    }
    Some(out)
}

/// `%xx` escapes decoded, once; `None` on a broken escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `/a/b/` from segments, each percent-encoded but for unreserved bytes:
/// a `Location` that can only point into this server.
fn encode_path<S: AsRef<str>>(segments: &[S], trailing_slash: bool) -> String {
    let mut out = String::from("/");
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in segment.as_ref().bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temp folder with `site/public/` holding a small output, and a
    /// secret beside `public/`.
    struct Fixture {
        dir: PathBuf,
        out: PathBuf,
    }

    impl Fixture {
        fn new(name: &str) -> Fixture {
            let dir =
                std::env::temp_dir().join(format!("munipub-http-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let out = dir.join("public");
            for (rel, text) in [
                ("index.html", "home"),
                ("404.html", "missing"),
                ("gazette/index.html", "archive"),
                ("gazette/2026-11-15/a.pdf", "pdf"),
                ("empty/readme.txt", "no index"),
                ("出版品/index.html", "unicode"),
                ("%2e%2e/index.html", "literal"),
            ] {
                let path = out.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            std::fs::write(dir.join("secret.txt"), "secret").unwrap();
            Fixture { dir, out }
        }

        fn get(&self, raw: &str) -> Target {
            resolve(&self.out, "/", raw)
        }

        fn file(&self, rel: &str) -> Target {
            Target::File(self.out.canonicalize().unwrap().join(rel))
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[test]
    fn pages_files_and_folders() {
        let f = Fixture::new("pages");
        assert_eq!(f.get("/"), f.file("index.html"));
        assert_eq!(f.get("/?q=1"), f.file("index.html"));
        assert_eq!(f.get("/gazette/"), f.file("gazette/index.html"));
        assert_eq!(f.get("//gazette//"), f.file("gazette/index.html"));
        assert_eq!(f.get("/gazette/index.html"), f.file("gazette/index.html"));
        assert_eq!(
            f.get("/gazette/2026-11-15/a.pdf#page=2"),
            f.file("gazette/2026-11-15/a.pdf")
        );
        assert_eq!(
            f.get("/%E5%87%BA%E7%89%88%E5%93%81/"),
            f.file("出版品/index.html")
        );
        assert_eq!(f.get("/gazette"), Target::Redirect("/gazette/".into()));
        assert_eq!(
            f.get("/gazette?x=1"),
            Target::Redirect("/gazette/?x=1".into())
        );
        assert_eq!(
            f.get("/%E5%87%BA%E7%89%88%E5%93%81"),
            Target::Redirect("/%E5%87%BA%E7%89%88%E5%93%81/".into())
        );
        assert_eq!(f.get("/empty/"), Target::NotFound, "a folder without index");
        assert_eq!(f.get("/nothing.html"), Target::NotFound);
        assert_eq!(not_found_page(&f.out), Some(f.file("404.html").into_path()));
    }

    #[test]
    fn no_request_leaves_the_output_folder() {
        let f = Fixture::new("traversal");
        for raw in [
            "/../secret.txt",
            "/gazette/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/gazette/..",
            "/./index.html",
            "/%00",
            "/index.html%00.txt",
            "/C:/secret.txt",
            "secret.txt",
            "*",
            "http://evil.example/",
            "/%zz",
            "/%",
            "/%ff",
        ] {
            assert_eq!(f.get(raw), Target::NotFound, "{raw}");
        }
        // Double encoding names a literal `%2e%2e` folder, never `..`.
        assert_eq!(f.get("/%252e%252e/"), f.file("%2e%2e/index.html"));
        assert_eq!(f.get("/%252e%252e/secret.txt"), Target::NotFound);
        // An absolute path is looked up inside the output.
        let absolute = f.dir.join("secret.txt").display().to_string();
        assert_eq!(f.get(&absolute), Target::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_output_folder_are_not_followed() {
        let f = Fixture::new("links");
        std::os::unix::fs::symlink(f.dir.join("secret.txt"), f.out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(&f.dir, f.out.join("up")).unwrap();
        std::os::unix::fs::symlink(f.out.join("gazette"), f.out.join("inside")).unwrap();
        assert_eq!(f.get("/leak.txt"), Target::NotFound);
        assert_eq!(f.get("/up/secret.txt"), Target::NotFound);
        assert_eq!(f.get("/up/"), Target::NotFound);
        assert_eq!(f.get("/inside/"), f.file("gazette/index.html"));
    }

    #[test]
    fn a_site_under_a_sub_path() {
        let f = Fixture::new("sub");
        let get = |raw: &str| resolve(&f.out, "/pub/", raw);
        assert_eq!(get("/pub/gazette/"), f.file("gazette/index.html"));
        assert_eq!(get("/pub/"), f.file("index.html"));
        assert_eq!(get("/pub"), Target::Redirect("/pub/".into()));
        assert_eq!(get("/"), Target::Redirect("/pub/".into()));
        assert_eq!(get("/gazette/"), Target::NotFound);
        assert_eq!(get("/pub/../secret.txt"), Target::NotFound);
    }

    #[test]
    fn redirects_stay_on_this_server() {
        let f = Fixture::new("redirect");
        std::fs::create_dir_all(f.out.join("evil.example")).unwrap();
        // `//evil.example` would be another host in a Location header.
        assert_eq!(
            f.get("//evil.example"),
            Target::Redirect("/evil.example/".into())
        );
    }

    impl Target {
        fn into_path(self) -> PathBuf {
            match self {
                Target::File(p) => p,
                other => panic!("not a file: {other:?}"),
            }
        }
    }
}
