//! `/sitemap.xml` and `/robots.txt`.

use super::{uri, xml_escape};
use crate::render::html::absolute;

/// A sitemap of every written page (`…/index.html`), absolute URLs from
/// `base_url`.
pub fn sitemap(written: &[String], base_url: &str) -> String {
    use rayon::prelude::*;
    // A line per page, made on every core (100,000 pages at 100 years).
    let lines: Vec<String> = written
        .par_iter()
        .filter_map(|path| {
            let dir = path.strip_suffix("index.html")?;
            let loc = xml_escape(&uri(&absolute(base_url, dir)));
            Some(format!("<url><loc>{loc}</loc></url>\n"))
        })
        .collect();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    lines.iter().for_each(|l| x.push_str(l));
    x.push_str("</urlset>\n");
    x
}

pub fn robots(base_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        uri(&absolute(base_url, "/sitemap.xml"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_has_absolute_encoded_urls() {
        let s = sitemap(
            &[
                "index.html".into(),
                "gazette/categories/公告/index.html".into(),
                "static/style.css".into(),
            ],
            "https://x.example/pub/",
        );
        assert!(s.contains("<loc>https://x.example/pub/</loc>"));
        assert!(
            s.contains("<loc>https://x.example/pub/gazette/categories/%E5%85%AC%E5%91%8A/</loc>")
        );
        assert!(!s.contains("style.css"));
    }
}
