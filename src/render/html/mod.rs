//! HTML pages through Tera templates from the theme.

mod couplets;
mod directory;
pub mod gazette;
pub mod markdown;
mod pages;
pub mod view;

use serde::Serialize;
use tera::{Context, Tera};

use super::urls;
use crate::cache::{Cache, Key, KeyBuilder};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;
use crate::output::Staging;
use crate::render::Downloads;
use crate::render::pdf::PdfIndex;
use crate::theme::Theme;
use view::{Link, NavItem, Page, SiteView};

/// The templates and the site-wide values every page sees.
pub struct Html<'a> {
    tera: Tera,
    pub site: &'a Site,
    /// The PDFs written before the pages, when built.
    pub pdfs: Option<&'a PdfIndex>,
    /// The data files written before the pages, with their sizes.
    pub downloads: &'a Downloads,
    site_view: SiteView,
    /// The path of `base_url` (`/` or `/publications/`), put before every
    /// root-relative link when the site is not at the host's root.
    base_path: String,
    /// Where an issue's pages are kept between builds, and what every
    /// issue's pages are made from besides the issue (templates, the
    /// site-wide values).
    cache: Option<IssueCache<'a>>,
}

/// See [`Html::cache`].
struct IssueCache<'a> {
    cache: &'a Cache,
    issue_inputs: &'a [Key],
    base: KeyBuilder,
}

/// Every template a theme must have.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "archive.html",
    "year.html",
    "issue.html",
    "document.html",
    "listing.html",
    "listing_index.html",
    "consultations.html",
    "directory.html",
    "directory_editions.html",
    "couplets_index.html",
    "couplet_year.html",
    "page.html",
    "search.html",
    "404.html",
];

impl<'a> Html<'a> {
    /// Loads and compiles the theme's templates; every broken template is
    /// reported.
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        pdfs: Option<&'a PdfIndex>,
        downloads: &'a Downloads,
    ) -> Result<Html<'a>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut sources = Vec::new();
        for (name, bytes) in theme.templates() {
            match std::str::from_utf8(bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => diags.push(Diagnostic::error(
                    template_path(name),
                    "the template is not valid UTF-8",
                )),
            }
        }
        for name in TEMPLATES {
            if !sources.iter().any(|(n, _)| n == name) {
                diags.push(Diagnostic::error(
                    template_path(name),
                    "template missing from the theme",
                ));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Compile each template with base.html alone first, so that every
        // syntax error is reported, not only the first.
        let base = sources.iter().find(|(n, _)| n == "base.html");
        for (name, text) in &sources {
            let mut one = Tera::new();
            let with_base = base.filter(|_| name != "base.html").into_iter();
            let all = with_base
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .chain([(name.as_str(), text.as_str())]);
            if let Err(e) = one.add_raw_templates(all) {
                let d = template_error(name, &e);
                if name == "base.html" || !d.file.ends_with("base.html") {
                    diags.push(d);
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diags.push(template_error("base.html", &e));
            return Err(diags);
        }
        Ok(Html {
            tera,
            site,
            pdfs,
            downloads,
            site_view: site_view(site),
            base_path: base_path(&site.settings.base_url),
            cache: None,
        })
    }

    /// Keeps each issue's pages in `cache`, under `issue_inputs` (one key
    /// per issue, [`crate::render::inputs::issues`]) and what else they are
    /// made from: the templates and the site-wide values.
    pub fn with_cache(mut self, theme: &Theme, cache: &'a Cache, issue_inputs: &'a [Key]) -> Self {
        let mut base = KeyBuilder::new("issue-pages");
        for (name, bytes) in theme.templates() {
            base.bytes(name.as_bytes()).bytes(bytes);
        }
        base.serialized(&self.site_view)
            .bytes(self.base_path.as_bytes())
            .bytes(self.site.settings.base_url.as_bytes());
        self.cache = Some(IssueCache {
            cache,
            issue_inputs,
            base,
        });
        self
    }

    /// The cache for issue `index`'s pages and the start of their key.
    fn issue_cache(&self, index: usize) -> Option<(&'a Cache, KeyBuilder)> {
        let c = self.cache.as_ref()?;
        let mut key = c.base.clone();
        key.key(c.issue_inputs.get(index)?);
        Some((c.cache, key))
    }

    /// Renders a page template with `page`, `site` and the page's own view.
    pub fn page<T: Serialize>(
        &self,
        template: &str,
        page: &Page,
        name: &str,
        view: &T,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_view);
        ctx.insert("page", page);
        ctx.insert(name.to_string(), view);
        // As bytes: a String would be checked as UTF-8 again, every page
        // of the archive (Tera writes only text).
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| template_error(template, &e))?;
        if self.base_path == "/" {
            return Ok(html);
        }
        let html = String::from_utf8_lossy(&html).into_owned();
        Ok(with_base_path(html, &self.base_path).into_bytes())
    }

    /// Renders and writes one page at its URL.
    pub fn write<T: Serialize>(
        &self,
        out: &Staging,
        template: &str,
        page: &Page,
        name: &str,
        view: &T,
    ) -> Result<(), Diagnostic> {
        let (path, html) = self.page_file(template, page, name, view)?;
        out.write(&path, &html)
            .map_err(|e| Diagnostic::cannot_write(&page.url, e))
    }

    /// A rendered page as the file it is written to: (output path, bytes).
    fn page_file<T: Serialize>(
        &self,
        template: &str,
        page: &Page,
        name: &str,
        view: &T,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let html = self.page(template, page, name, view)?;
        Ok((urls::index_file(&page.url), html))
    }

    /// [`Html::write`] of a page that shows nothing but `page` and `view`
    /// (a listing of thousands of documents): kept in the build cache under
    /// their hash, so that a rebuild in which they are the same hashes them
    /// instead of rendering them again.
    pub fn write_kept<T: Serialize>(
        &self,
        out: &Staging,
        template: &str,
        page: &Page,
        name: &str,
        view: &T,
    ) -> Result<(), Diagnostic> {
        self.write_kept_as(out, (template, page, name), view, || view)
    }

    /// [`Html::write_kept`] of a view made only when the page is not kept:
    /// `stands_for` is hashed in its place, and must be the same exactly
    /// when the view `make` would give is (a listing's documents as the
    /// hashes of their summaries).
    pub fn write_kept_as<S: Serialize, T: Serialize>(
        &self,
        out: &Staging,
        (template, page, name): (&str, &Page, &str),
        stands_for: &S,
        make: impl FnOnce() -> T,
    ) -> Result<(), Diagnostic> {
        let Some(c) = &self.cache else {
            return self.write(out, template, page, name, &make());
        };
        let mut key = c.base.clone();
        key.bytes(template.as_bytes())
            .bytes(name.as_bytes())
            .serialized(page)
            .bytes(std::any::type_name::<S>().as_bytes())
            .serialized(stands_for);
        // Named by a hash of the address: an agency's name is content,
        // never a path of the cache's.
        let entry = format!(
            "html/pages/{:016x}",
            xxhash_rust::xxh3::xxh3_64(page.url.as_bytes())
        );
        c.cache.get_or_make(
            &entry,
            &key.finish(),
            out,
            || Ok((vec![self.page_file(template, page, name, &make())?], ())),
            |e| Diagnostic::cannot_write(&page.url, e),
        )
    }

    /// A [`Page`] for `url`, with breadcrumbs from the home page.
    pub fn page_meta(&self, title: &str, url: &str, section: &str, breadcrumbs: Vec<Link>) -> Page {
        let mut crumbs = vec![link("首頁", urls::HOME)];
        crumbs.extend(breadcrumbs);
        Page {
            title: title.to_string(),
            url: url.to_string(),
            canonical: absolute(&self.site.settings.base_url, url),
            section: section.to_string(),
            breadcrumbs: if url == urls::HOME {
                Vec::new()
            } else {
                crumbs
            },
            description: format!("{}：{title}", self.site.settings.title),
            keywords: None,
            feeds: Vec::new(),
        }
    }
}

/// Every page but each issue's own ([`gazette::issue`], made with the
/// issue's other outputs from one reading of its text), and the theme's
/// static files; `summaries` are what the issues' pages handed on.
pub fn render(
    html: &Html,
    theme: &Theme,
    out: &Staging,
    summaries: &gazette::Summaries,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let results = [
        gazette::render(html, out, summaries),
        directory::render(html, out),
        couplets::render(html, out),
        pages::render(html, out),
    ];
    for r in results {
        if let Err(d) = r {
            diags.extend(d);
        }
    }
    for (name, bytes) in theme.static_files() {
        if let Err(e) = out.write(&format!("static/{name}"), bytes) {
            diags.push(Diagnostic::cannot_write(
                format!("themes/default/static/{name}"),
                e,
            ));
        }
    }
    diags.or_ok(())
}

pub fn link(title: &str, url: &str) -> Link {
    Link {
        title: title.to_string(),
        url: url.to_string(),
    }
}

/// `base_url` (ending in `/`) joined with a root-relative URL.
pub fn absolute(base_url: &str, url: &str) -> String {
    format!("{}{}", base_url, url.trim_start_matches('/'))
}

fn site_view(site: &Site) -> SiteView {
    let gazette_name = site
        .gazette
        .as_ref()
        .map(|g| g.name.clone())
        .unwrap_or_else(|| "市政府公報".into());
    let directory_title = site
        .directory
        .as_ref()
        .map(|d| d.title.clone())
        .unwrap_or_else(|| "各機關電話號碼表".into());
    let item = |title: &str, url: &str, section: &str| NavItem {
        title: title.to_string(),
        url: url.to_string(),
        section: section.to_string(),
    };
    let mut nav = vec![item("首頁", urls::HOME, "home")];
    if site.gazette.is_some() {
        nav.push(item("市政府公報", urls::GAZETTE, "gazette"));
    }
    if site.directory.is_some() {
        nav.push(item("電話號碼表", urls::DIRECTORY, "directory"));
    }
    if !site.couplets.is_empty() {
        nav.push(item("新春賀聯", urls::COUPLETS, "couplets"));
    }
    nav.push(item("搜尋", urls::SEARCH, "search"));
    SiteView {
        title: site.settings.title.clone(),
        base_url: site.settings.base_url.clone(),
        publisher: site.settings.publisher.clone(),
        gazette_name,
        directory_title,
        nav,
        footer_links: site
            .pages
            .iter()
            .map(|p| link(&p.title, &urls::page(&p.slug)))
            .collect(),
        feed_url: urls::FEED.to_string(),
    }
}

fn template_path(name: &str) -> String {
    format!("themes/default/templates/{name}")
}

fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    use std::error::Error as _;
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            Diagnostic::error(
                template_path(file),
                format!("template error: {}", r.message()),
            )
            .at(Pos::new(r.span().start_line, r.span().start_col + 1))
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = e.source();
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Diagnostic::error(template_path(name), format!("template error: {msg}"))
        }
    }
}

/// `https://host/a/b/` → `/a/b/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Templates, views and Markdown write links from the site root (`/gazette/`);
/// a site deployed under a sub-path needs them under it (`/pub/gazette/`).
fn with_base_path(html: String, base_path: &str) -> String {
    if base_path == "/" {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html.as_str();
    while let Some(i) = rest.find("=\"/") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let attr_ok = ["href", "src", "action"]
            .iter()
            .any(|a| before[..i].ends_with(a));
        if attr_ok && !after.starts_with("//") {
            out.push_str(base_path);
            rest = &after[1..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `12.3 KB`: sizes as people read them.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_deployments_prefix_root_relative_links() {
        assert_eq!(base_path("https://x.example/pub/"), "/pub/");
        assert_eq!(base_path("https://x.example/"), "/");
        let html = r##"<a href="/gazette/">a</a><img src="/static/x.png"><a href="//cdn/x">c</a><a href="#main">m</a><p data-x="/no">"##;
        assert_eq!(
            with_base_path(html.into(), "/pub/"),
            r##"<a href="/pub/gazette/">a</a><img src="/pub/static/x.png"><a href="//cdn/x">c</a><a href="#main">m</a><p data-x="/no">"##
        );
    }
}
