//! Which link targets may be published: `http`, `https`, `mailto`, `tel`
//! and relative links (no scheme), nothing else. `check` refuses the rest
//! in documents, pages and the directory's `website:`, and the renderers ask
//! again before writing an `href` or a PDF `/URI`.
//!
//! The scheme is read the way browsers read it (the WHATWG URL parser):
//! leading spaces and control characters are dropped and tabs and line
//! breaks anywhere are ignored, so `java\tscript:` is `javascript:`; then
//! a scheme is letters, digits, `+ - .` starting with a letter, before the
//! first `:` and before any `/ ? #`. So `javascript://x%0aalert(1)` has the
//! scheme `javascript` although it contains `://`.

/// The schemes a published link may have.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The link's scheme in lower case, or `None` for a relative link.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let name = &cleaned[..end];
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a:b` with something that is not a scheme before the colon (a
    // Chinese file name, say) is a relative path to browsers too.
    valid.then(|| name.to_ascii_lowercase())
}

/// Whether `url` may be published as a link.
pub fn is_safe(url: &str) -> bool {
    scheme(url).is_none_or(|s| ALLOWED_SCHEMES.contains(&s.as_str()))
}

/// Whether `url` leads to another site (it has an allowed scheme, or starts
/// with `//`), as opposed to a file of this one.
pub fn is_external(url: &str) -> bool {
    scheme(url).is_some() || url.trim_start().starts_with("//")
}

/// The check's message for an unsafe link: what is wrong and what is right.
pub fn refusal(url: &str) -> (String, String) {
    let shown: String = url.chars().take(60).collect();
    let scheme = scheme(url).unwrap_or_default();
    (
        format!("link \"{shown}\" uses the scheme \"{scheme}:\", which is not allowed"),
        "links may start with http://, https://, mailto: or tel:, or name a file \
         (e.g. https://www.example.gov.tw/ or 附件.pdf)"
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for (url, want) in [
            ("https://www.example.gov.tw/", Some("https")),
            ("HTTP://x", Some("http")),
            ("mailto:a@b.tw", Some("mailto")),
            ("tel:+886422289111", Some("tel")),
            ("javascript:alert(1)", Some("javascript")),
            ("javascript://x%0aalert(1)", Some("javascript")),
            ("  JaVaScRiPt:alert(1)", Some("javascript")),
            ("java\tscript:alert(1)", Some("javascript")),
            ("java\nscript:alert(1)", Some("javascript")),
            ("\u{1}javascript:alert(1)", Some("javascript")),
            ("data:text/html,<script>", Some("data")),
            ("vbscript:x", Some("vbscript")),
            ("附件.pdf", None),
            ("a/b:c", None),
            ("./x:y", None),
            ("?q=a:b", None),
            ("#note:1", None),
            ("//cdn.example/x", None),
            ("對照表:1.pdf", None),
            ("", None),
        ] {
            assert_eq!(scheme(url).as_deref(), want, "{url:?}");
        }
    }

    #[test]
    fn only_web_mail_and_phone_links_are_safe() {
        for ok in [
            "https://a.tw",
            "http://a.tw",
            "mailto:x@a.tw",
            "tel:1999",
            "a.pdf",
            "/x/",
        ] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "javascript://x%0aalert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "vbscript:msgbox",
            " java\tscript:alert(1)",
        ] {
            assert!(!is_safe(bad), "{bad}");
        }
    }

    #[test]
    fn external_links_are_told_from_files() {
        assert!(is_external("https://a.tw"));
        assert!(is_external("//a.tw/x"));
        assert!(is_external("mailto:x@a.tw"));
        assert!(!is_external("附件.pdf"));
        assert!(!is_external("sub/a.png"));
    }
}
