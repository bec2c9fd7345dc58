//! PDFs: a layout engine of our own (`layout`) and a small writer over
//! printpdf (`writer`); one file per publication.

pub mod couplets;
pub mod coverage;
pub mod directory;
pub mod fonts;
pub mod gazette;
pub mod layout;
pub mod page;
pub mod writer;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;
use crate::render::urls;
use writer::{A4, Doc, Meta};

/// What the HTML pages need to know of the PDFs: their URLs and the pages
/// each document occupies in its issue.
#[derive(Debug, Default)]
pub struct PdfIndex {
    /// By issue key (`2026-11-15`).
    pub issues: HashMap<String, IssuePdf>,
    /// The directory's PDF, when there is a directory.
    pub directory: Option<String>,
    /// Each couplet set's downloads, by (year, set id).
    pub couplets: couplets::CoupletFiles,
}

#[derive(Debug, Default)]
pub struct IssuePdf {
    pub url: String,
    /// By document slug: (offprint URL, first and last printed page).
    pub documents: HashMap<String, (String, (usize, usize))>,
}

/// A written offprint: slug, URL, first and last printed page.
type Offprint = (String, String, (usize, usize));

/// Typesets and writes every PDF.
pub fn render(site: &Site, fonts: &fonts::Fonts, out: &Staging) -> Result<PdfIndex, Diagnostics> {
    let mut index = PdfIndex::default();
    if let Some(d) = &site.directory {
        let layout = directory::layout(&fonts.book, d);
        let meta = Meta {
            title: d.title.clone(),
            author: site.settings.publisher.clone(),
            subject: format!("{}版", crate::calendar::roc_long(d.updated)),
            date: d.updated,
        };
        let doc = Doc {
            pages: &layout.pages,
            images: &[],
            outline: &layout.outline,
            meta: &meta,
            size: A4,
        };
        let url = urls::DIRECTORY_PDF;
        let bytes = writer::write(&doc, &fonts.book, &fonts.pdf)
            .map_err(|e| Diagnostics::from(Diagnostic::error("content/directory", e)))?;
        out.write(url, &bytes).map_err(|e| {
            Diagnostics::from(Diagnostic::error(url, format!("cannot write output: {e}")))
        })?;
        index.directory = Some(url.to_string());
    }
    index.couplets = couplets::render(site, fonts, out)?;
    let Some(g) = &site.gazette else {
        return Ok(index);
    };
    let results: Vec<Result<(String, IssuePdf), Diagnostic>> = g
        .issues
        .par_iter()
        .map(|issue| {
            let layout = gazette::layout_issue(&fonts.book, &site.root, g, issue);
            let key = issue.key();
            let title = format!("{}{}", g.name, issue.full_number());
            let meta = Meta {
                title: title.clone(),
                author: g.publisher.clone(),
                subject: format!("{}出刊", crate::calendar::roc_long(issue.date)),
                date: issue.date,
            };
            let whole = Doc {
                pages: &layout.pages,
                images: &layout.images,
                outline: &layout.outline,
                meta: &meta,
                size: A4,
            };
            let bytes = writer::write(&whole, &fonts.book, &fonts.pdf)
                .map_err(|e| Diagnostic::error(format!("content/gazette/{key}"), e))?;
            let url = urls::issue_pdf(issue.date);
            out.write(&url, &bytes)
                .map_err(|e| Diagnostic::error(&url, format!("cannot write output: {e}")))?;
            let mut pdf = IssuePdf {
                url,
                documents: HashMap::new(),
            };
            // Offprints reuse the issue's layout: the document's pages as they are.
            let offprints: Vec<Result<Offprint, Diagnostic>> = issue
                .documents
                .par_iter()
                .enumerate()
                .map(|(i, doc)| {
                    let (s, e) = layout.documents[i];
                    let doc_meta = Meta {
                        title: doc.title.clone(),
                        author: doc.agency.clone(),
                        subject: format!("{title} {}", doc.doc_number),
                        date: issue.date,
                    };
                    let offprint = Doc {
                        pages: &layout.pages[s..e],
                        images: &layout.images,
                        outline: &[],
                        meta: &doc_meta,
                        size: A4,
                    };
                    let bytes = writer::write(&offprint, &fonts.book, &fonts.pdf)
                        .map_err(|e| Diagnostic::error(&doc.source, e))?;
                    let url = urls::document_pdf(issue.date, &doc.slug);
                    out.write(&url, &bytes).map_err(|e| {
                        Diagnostic::error(&url, format!("cannot write output: {e}"))
                    })?;
                    Ok((doc.slug.clone(), url, layout.printed_pages(i)))
                })
                .collect();
            for o in offprints {
                let (slug, url, pages) = o?;
                pdf.documents.insert(slug, (url, pages));
            }
            Ok((key, pdf))
        })
        .collect();
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok((k, v)) => {
                index.issues.insert(k, v);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(index)
    }
}
