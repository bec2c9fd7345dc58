//! Site-level pages: home, search, 404 and the Markdown pages.

use super::view::*;
use super::{Html, gazette, link, markdown};
use crate::diag::Diagnostics;
use crate::output::Staging;
use crate::render::urls;

pub fn render(html: &Html, out: &Staging) -> Result<(), Diagnostics> {
    let site = html.site;
    let mut diags = Diagnostics::new();
    let home = HomeView {
        latest: site
            .gazette
            .as_ref()
            .filter(|g| !g.issues.is_empty())
            .map(|g| gazette::issue_view(html, g, g.issues.len() - 1)),
        recent_issues: site
            .gazette
            .as_ref()
            .map(|g| {
                g.issues
                    .iter()
                    .rev()
                    .take(6)
                    .map(|i| gazette::issue_summary(html, i))
                    .collect()
            })
            .unwrap_or_default(),
        couplets_latest: site
            .couplets
            .first()
            .map(|y| link(&y.title, &urls::couplet_year(y.year))),
    };
    let page = html.page_meta(&site.settings.title, urls::HOME, "home", Vec::new());
    let mut results = vec![html.write(out, "home.html", &page, "home", &home)];

    let page = html.page_meta("搜尋公報", urls::SEARCH, "search", Vec::new());
    results.push(html.write(out, "search.html", &page, "search", &search_view(site)));

    let not_found = ContentView {
        heading: "找不到這個網頁".into(),
        body_html: "<p>您要找的網頁不存在或已移動。請由<a href=\"/\">首頁</a>或<a href=\"/search/\">搜尋</a>尋找。</p>".into(),
    };
    let page = html.page_meta("找不到網頁", "/404.html", "pages", Vec::new());
    results.push(
        html.page("404.html", &page, "content", &not_found)
            .and_then(|s| {
                out.write("404.html", &s)
                    .map_err(|e| crate::diag::Diagnostic::cannot_write("404.html", e))
            }),
    );

    for p in &site.pages {
        let view = ContentView {
            heading: p.title.clone(),
            body_html: markdown::to_html(&p.body),
        };
        let page = html.page_meta(&p.title, &urls::page(&p.slug), "pages", Vec::new());
        results.push(html.write(out, "page.html", &page, "content", &view));
    }
    for r in results {
        if let Err(e) = r {
            diags.push(e);
        }
    }
    diags.or_ok(())
}

/// The search page: help text and the filters' choices.
fn search_view(site: &crate::model::Site) -> SearchView {
    use std::collections::BTreeSet;
    let (mut categories, mut agencies, mut years) = (Vec::new(), BTreeSet::new(), BTreeSet::new());
    if let Some(g) = &site.gazette {
        let docs = || g.issues.iter().flat_map(|i| i.documents.iter());
        categories = g
            .categories
            .iter()
            .filter(|c| docs().any(|d| &d.category == *c))
            .cloned()
            .collect();
        agencies = docs().flat_map(|d| d.agencies.iter().cloned()).collect();
        years = g
            .issues
            .iter()
            .map(|i| i.computed_number.roc_year)
            .collect();
    }
    SearchView {
        heading: "搜尋公報".into(),
        body_html: "<p>在歷期公報的標題、發文機關、發文字號與內文中搜尋。請輸入兩個字以上的詞，例如「停車」「燈會」，或發文字號中的數字；多個詞以空格分開時，會找出同時含有各詞的公報。可再依類別、機關或出刊年度的起訖篩選。</p>".into(),
        categories,
        agencies: agencies.into_iter().collect(),
        years: years.iter().rev().copied().collect(),
    }
}
