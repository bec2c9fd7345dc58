//! Sealed issues, the PDF side: [`seal`] typesets an issue one last time
//! and records it (`munipub seal`); [`publish`] puts a sealed issue's PDFs
//! into the output byte for byte, never typesetting it again. What the
//! files hold, and how loading verifies them: [`crate::content::seal`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::IssuePdf;
use super::layout::fonts::FontBook;
use crate::cache::{Cache, KeyBuilder};
use crate::content::seal::{
    MANIFEST, Manifest, PDF_DIR, PdfEntry, SourceEntry, sha256_hex, slash_path,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Issue, Seal, SealedPdf, Site};
use crate::output::Staging;
use crate::render::urls;

/// Puts a sealed issue's PDFs into the output under the names they were
/// sealed with; their page numbers and hashes come from the seal. The
/// output gets links to the build cache's copies (kept under the sealed
/// hashes), never to the files in `content/`: a sealed file spoilt later
/// must not change a published one through a link.
pub fn publish(
    site: &Site,
    issue: &Issue,
    seal: &Seal,
    cache: &Cache,
    out: &Staging,
) -> Result<IssuePdf, Diagnostic> {
    let mut pdf = IssuePdf {
        url: urls::issue_file(issue.date, &seal.issue_pdf.file),
        documents: BTreeMap::new(),
        sha256: BTreeMap::new(),
        sealed: true,
    };
    let all: Vec<&SealedPdf> = std::iter::once(&seal.issue_pdf)
        .chain(seal.documents.values().map(|(p, _)| p))
        .collect();
    let mut key = KeyBuilder::new("sealed-pdfs");
    for sealed in &all {
        key.bytes(sealed.file.as_bytes())
            .bytes(sealed.sha256.as_bytes());
        pdf.sha256
            .insert(sealed.file.clone(), sealed.sha256.clone());
    }
    let key = key.finish();
    let name = format!("sealed/{}", issue.key());
    if cache.restore(&name, &key, out).is_none() {
        let files = all
            .iter()
            .map(|sealed| {
                let bytes = std::fs::read(site.root.join(&sealed.path))
                    .map_err(|e| Diagnostic::cannot_read(&sealed.path, e))?;
                Ok((urls::issue_file(issue.date, &sealed.file), bytes))
            })
            .collect::<Result<Vec<_>, Diagnostic>>()?;
        cache
            .store(&name, &key, &files, serde_json::Value::Null, out)
            .map_err(|e| Diagnostic::cannot_write(&pdf.url, e))?;
    }
    for (slug, (sealed, pages)) in &seal.documents {
        pdf.documents.insert(
            slug.clone(),
            (urls::issue_file(issue.date, &sealed.file), *pages),
        );
    }
    Ok(pdf)
}

/// What sealing one issue did.
#[derive(Debug)]
pub enum Sealed {
    /// Written: the manifest's path and how many PDFs it records.
    Now {
        manifest: PathBuf,
        number: String,
        pdfs: usize,
    },
    /// It was sealed before; nothing was written.
    Already { manifest: PathBuf },
}

/// Seals the issue of `date`: typesets its PDFs (the bytes `build`
/// publishes), writes them into `_sealed/` and the record into
/// `seal.yaml`. The site must have loaded without errors. Writes nothing
/// over an existing file: a leftover `_sealed/` is refused.
pub fn seal(site: &Site, book: &FontBook, date: NaiveDate) -> Result<Sealed, Diagnostic> {
    let folder = Path::new("content/gazette").join(crate::calendar::iso(date).to_string());
    let g = site
        .gazette
        .as_ref()
        .ok_or_else(|| Diagnostic::error("content/gazette", "the site has no gazette"))?;
    let Some(issue) = g.issues.iter().find(|i| i.date == date) else {
        return Err(
            Diagnostic::error(&folder, format!("there is no issue of {date}"))
                .help("seal issues that are in content/gazette/, by their folder's date"),
        );
    };
    let manifest_rel = folder.join(MANIFEST);
    if issue.seal.is_some() {
        return Ok(Sealed::Already {
            manifest: manifest_rel,
        });
    }
    let abs = site.root.join(&folder);
    for name in [MANIFEST, PDF_DIR] {
        if abs.join(name).exists() {
            return Err(Diagnostic::error(
                folder.join(name),
                "this is in the way of the seal, and munipub seal writes over nothing",
            )
            .help("it was not made by a finished munipub seal (an interrupted one?): remove it and seal again"));
        }
    }
    let (pdf, files) = super::issue_files(site, book, g, issue)?;
    let name_of = |url: &str| url.rsplit('/').next().unwrap_or(url).to_string();
    let mut pdfs = vec![PdfEntry {
        file: name_of(&pdf.url),
        document: None,
        pages: None,
        sha256: pdf.sha256[&name_of(&pdf.url)].clone(),
    }];
    for doc in &issue.documents {
        let (url, (first, last)) = &pdf.documents[&doc.slug];
        pdfs.push(PdfEntry {
            file: name_of(url),
            document: Some(doc.slug.clone()),
            pages: Some([*first, *last]),
            sha256: pdf.sha256[&name_of(url)].clone(),
        });
    }
    let mut diags = Diagnostics::new();
    let sources = crate::content::seal::sources(&site.root, &folder, &mut diags)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(site.root.join(&rel))
                .map_err(|e| Diagnostic::cannot_read(&rel, e))?;
            Ok(SourceEntry {
                file: slash_path(rel.strip_prefix(&folder).unwrap_or(&rel)),
                sha256: sha256_hex(&bytes),
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    if let Some(d) = diags.iter().next() {
        return Err(d.clone());
    }
    let manifest = Manifest {
        date: crate::calendar::iso(date).to_string(),
        name: issue.gazette_name(g).to_string(),
        number: issue.full_number(),
        sealed_with: format!("munipub {}", env!("CARGO_PKG_VERSION")),
        pdfs,
        sources,
    };
    let yaml =
        serde_yaml::to_string(&manifest).map_err(|e| Diagnostic::cannot_save(&manifest_rel, e))?;
    let text = format!("{HEADER}{yaml}");
    let count = files.len();
    let named: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(url, bytes)| (name_of(&url), bytes))
        .collect();
    write_atomically(&abs, &named, &text)
        .map_err(|e| Diagnostic::error(&manifest_rel, format!("cannot write the seal: {e}")))?;
    Ok(Sealed::Now {
        manifest: manifest_rel,
        number: manifest.number,
        pdfs: count,
    })
}

/// The first lines of every `seal.yaml`.
const HEADER: &str = "\
# 本期已封存（munipub seal 寫入，請勿修改）：已出刊的公報不再變動，
# 其 PDF 逐位元組照封存發布。更正請於後續期別刊登更正文件（corrects:）。
# Sealed by munipub seal; do not edit. See docs/editors.md (封存).
";

/// Writes the PDFs into a hidden folder renamed to `_sealed/` when whole,
/// then `seal.yaml` through a hidden file linked into place (which fails
/// rather than replace a file). On failure, removes what it made.
fn write_atomically(
    issue_dir: &Path,
    pdfs: &[(String, Vec<u8>)],
    manifest: &str,
) -> std::io::Result<()> {
    let pid = std::process::id();
    let partial = issue_dir.join(format!(".seal-partial-{pid}"));
    let manifest_partial = issue_dir.join(format!(".seal-partial-{pid}.yaml"));
    let sealed_dir = issue_dir.join(PDF_DIR);
    let mut renamed = false;
    let mut result = (|| {
        std::fs::create_dir(&partial)?;
        for (name, bytes) in pdfs {
            let mut f = std::fs::File::create_new(partial.join(name))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&partial, &sealed_dir)?;
        renamed = true;
        let mut f = std::fs::File::create_new(&manifest_partial)?;
        f.write_all(manifest.as_bytes())?;
        f.sync_all()?;
        std::fs::hard_link(&manifest_partial, issue_dir.join(MANIFEST))
    })();
    let _ = std::fs::remove_file(&manifest_partial);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
        if renamed && let Err(e) = std::fs::remove_dir_all(&sealed_dir) {
            result = Err(e);
        }
    }
    result
}
