//! The writer: positioned boxes into a PDF through printpdf, then fixed up
//! with lopdf where printpdf's API cannot say what we need (nested
//! bookmarks, /Lang, an honest version header, no PDF/X marker, a stable
//! /ID). Fonts are subset and embedded by [`super::embed`]. See docs/pdf.md
//! for why each step is there.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Date, DictItem, Offset, OffsetDateTime, PdfDocument, PdfPage, PdfSaveOptions, RawImage, Time,
    XObject, XObjectId,
};
use rayon::prelude::*;

use super::archival;
use super::draw::{self, Canvas};
use super::embed::Subsets;
use super::layout::boxes::{Item, PageBox};
use super::layout::fonts::FontBook;
use super::layout::tags::Tags;
use super::tagged::{self, Marks, PageMarks};

pub use super::archival::Label;
use super::error::PdfError;
pub use super::layout::boxes::A4;
pub use super::objects::Meta;
use super::objects::{fnv1a, utf16_text};
use crate::render::geom::Size;

/// A bookmark and the ones under it.
#[derive(Debug, Clone)]
pub struct Outline {
    pub title: String,
    /// 0-based page.
    pub page: usize,
    pub y: f32,
    pub children: Vec<Outline>,
}

/// A laid-out document ready to write.
pub struct Doc<'a> {
    pub pages: &'a [PageBox],
    pub images: &'a [PathBuf],
    pub outline: &'a [Outline],
    pub meta: &'a Meta,
    pub size: Size,
    /// Paper beyond the trim on every side (print-shop files): each page's
    /// /TrimBox lies this far inside it.
    pub bleed: f32,
    /// The structure tree, for an archival, accessible PDF (PDF/A-2A,
    /// PDF/UA-1): tagged content, XMP, OutputIntent, page labels. None
    /// writes a plain PDF (the couplets).
    pub tags: Option<&'a Tags>,
    /// Page labels: (first page of a range, its label).
    pub labels: &'a [(usize, Label)],
}

/// Writes the PDF bytes.
pub fn write(doc: &Doc, book: &FontBook) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.subject.clone();
    info.creator = archival::PRODUCER.into();
    info.producer = archival::PRODUCER.into();
    let date = offset_date(doc.meta.date);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    let subsets = Subsets::collect(doc.pages, book);
    // Only the images these pages show (an offprint shares its issue's list).
    let shown: BTreeSet<usize> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(Item::leaves)
        .filter_map(|it| match it {
            Item::Image { image, .. } => Some(*image),
            _ => None,
        })
        .collect();
    for (i, path) in doc
        .images
        .iter()
        .enumerate()
        .filter(|(i, _)| shown.contains(i))
    {
        let bytes = std::fs::read(path).map_err(|error| PdfError::ImageUnreadable {
            path: path.clone(),
            error,
        })?;
        let (xobject, _, _) =
            image_xobject(&bytes).ok_or_else(|| PdfError::ImageFormat { path: path.clone() })?;
        pdf.resources
            .xobjects
            .map
            .insert(XObjectId(format!("Im{i}")), xobject);
    }
    // Each page drawn on its own (in parallel): its content stream, its
    // link annotations and, tagged, what its marked content says.
    let drawn: Vec<(Canvas, Option<PageMarks>)> = doc
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let ctx = draw::Context {
                book,
                subsets: &subsets,
                ph: page.size.unwrap_or(doc.size).h.0,
            };
            let mut canvas = Canvas::default();
            let marks = match doc.tags {
                Some(tags) => Some(tagged::mark_page(
                    tags,
                    &mut canvas,
                    i,
                    &page.items,
                    |c, it| draw::item(c, it, &ctx),
                )),
                None => {
                    for it in &page.items {
                        draw::item(&mut canvas, it, &ctx);
                    }
                    None
                }
            };
            (canvas, marks)
        })
        .collect();
    let mut marks = doc.tags.map(|t| Marks::new(t, doc.pages.len()));
    let mut contents = Vec::with_capacity(drawn.len());
    for ((canvas, page_marks), page) in drawn.into_iter().zip(doc.pages) {
        if let (Some(m), Some(pm)) = (&mut marks, page_marks) {
            m.add(pm);
        }
        let paper = page.size.unwrap_or(doc.size);
        pdf.pages.push(PdfPage::new(
            printpdf::Mm(paper.w.0 * 25.4 / 72.0),
            printpdf::Mm(paper.h.0 * 25.4 / 72.0),
            canvas.links,
        ));
        contents.push(canvas.content.finish());
    }
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut warnings);
    set_contents(&mut lo, contents);
    subsets.embed(&mut lo, book)?;
    postprocess(&mut lo, doc.outline, doc.meta.date, doc.size.h.0);
    if doc.bleed > 0.0 {
        trim_boxes(&mut lo, doc.bleed);
    }
    // After `postprocess` has pruned printpdf's leftovers: the tree's
    // thousands of small objects need no pruning.
    if let Some(marks) = marks {
        marks.finish(&mut lo);
        archival::identify(&mut lo, doc.meta, doc.labels);
    }
    set_id(&mut lo);
    compress_streams(&mut lo);
    let mut out = Vec::new();
    // Object streams: the structure tree's many small dictionaries (and
    // the pages', fonts', annotations') compressed together, at level 1
    // (level 6: 5% smaller, much slower; see docs/pdf.md).
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(1)
        .max_objects_per_stream(500)
        .build();
    lo.save_with_options(&mut out, options)
        .map_err(PdfError::Save)?;
    Ok(deflate_xref_stream(out))
}

/// lopdf writes the cross-reference stream (the file's last object,
/// seven bytes per object) uncompressed; deflated, it is a sixth of that.
/// The stream keeps its offset, so `startxref` stays right. A file not
/// ending as lopdf writes it is returned as it is.
fn deflate_xref_stream(pdf: Vec<u8>) -> Vec<u8> {
    let tail_at = pdf.len().saturating_sub(40);
    let Some(sx) = find(&pdf[tail_at..], b"startxref\n").map(|i| tail_at + i) else {
        return pdf;
    };
    let Some(start) = std::str::from_utf8(&pdf[sx + 10..])
        .ok()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|s| *s < sx)
    else {
        return pdf;
    };
    let obj = &pdf[start..sx];
    let (Some(open), Some(close)) = (find(obj, b"stream\n"), rfind(obj, b"endstream")) else {
        return pdf;
    };
    let dict = &obj[..open];
    let Some(len_at) = find(dict, b"/Length ") else {
        return pdf;
    };
    if find(dict, b"/Filter").is_some() || find(dict, b"/XRef").is_none() {
        return pdf;
    }
    let len_end = dict[len_at + 8..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map_or(dict.len(), |p| len_at + 8 + p);
    let data = &obj[open + 7..close];
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    let Ok(packed) = e.write_all(data).and_then(|_| e.finish()) else {
        return pdf;
    };
    let mut out = pdf[..start].to_vec();
    out.extend_from_slice(&dict[..len_at]);
    out.extend_from_slice(format!("/Filter/FlateDecode/Length {}", packed.len()).as_bytes());
    out.extend_from_slice(&dict[len_end..]);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream");
    out.extend_from_slice(&obj[close + 9..]);
    out.extend_from_slice(&pdf[sx..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Gives each page (in order) its content stream: printpdf was given only
/// the pages' link annotations, and wrote an empty stream for each.
fn set_contents(doc: &mut lopdf::Document, contents: Vec<Vec<u8>>) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (page, bytes) in pages.into_iter().zip(contents) {
        let stream = lopdf::Stream::new(Dictionary::new(), bytes);
        match doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
        {
            Ok(id) => {
                doc.objects.insert(id, Object::Stream(stream));
            }
            Err(_) => {
                let id = doc.add_object(stream);
                if let Ok(d) = doc.get_dictionary_mut(page) {
                    d.set("Contents", Object::Reference(id));
                }
            }
        }
    }
}

/// Why an image file cannot go into a PDF, or None when the writer can
/// embed it: `check` asks this of every image a document shows, so the
/// build never meets a file it would fail on or leave out.
pub fn image_problem(bytes: &[u8]) -> Option<String> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let kind = if bytes.starts_with(PNG) {
        "PNG"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
        let what = if bytes.starts_with(b"GIF8") {
            "a GIF image"
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(&b"WEBP"[..]) {
            "a WebP image"
        } else if bytes.starts_with(b"BM") {
            "a BMP image"
        } else if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
            "an SVG drawing"
        } else if bytes.is_empty() {
            "an empty file"
        } else {
            "not a PNG or JPEG image (its first bytes are neither)"
        };
        return Some(format!(
            "is {what}; a PDF can show only PNG and JPEG images"
        ));
    };
    let complete = match kind {
        "PNG" => bytes.len() >= 12 && bytes.ends_with(&[0xAE, 0x42, 0x60, 0x82]),
        _ => bytes[bytes.len().saturating_sub(1024)..]
            .windows(2)
            .any(|w| w == [0xFF, 0xD9]),
    };
    if !complete || image_xobject(bytes).is_none() {
        return Some(format!(
            "is a {kind} file that cannot be read (cut short or damaged)"
        ));
    }
    None
}

/// PNG decoded and stored losslessly; JPEG passed through unchanged.
fn image_xobject(bytes: &[u8]) -> Option<(XObject, usize, usize)> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg_xobject(bytes);
    }
    let mut w = Vec::new();
    let img = RawImage::decode_from_bytes(bytes, &mut w).ok()?;
    let (pw, ph) = (img.width, img.height);
    Some((XObject::Image(img), pw, ph))
}

fn jpeg_xobject(b: &[u8]) -> Option<(XObject, usize, usize)> {
    use printpdf::{ExternalStream, ExternalXObject, Px};
    let mut i = 2;
    let (w, h, comps) = loop {
        if i + 9 >= b.len() {
            return None;
        }
        if b[i] != 0xFF {
            i += 1;
            continue;
        }
        let m = b[i + 1];
        let len = ((b[i + 2] as usize) << 8) | b[i + 3] as usize;
        if (0xC0..=0xCF).contains(&m) && m != 0xC4 && m != 0xC8 && m != 0xCC {
            let h = ((b[i + 5] as usize) << 8) | b[i + 6] as usize;
            let w = ((b[i + 7] as usize) << 8) | b[i + 8] as usize;
            break (w, h, b[i + 9]);
        }
        i += 2 + len;
    };
    let cs = match comps {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name(b"XObject".to_vec()));
    dict.insert("Subtype".into(), DictItem::Name(b"Image".to_vec()));
    dict.insert("Width".into(), DictItem::Int(w as i64));
    dict.insert("Height".into(), DictItem::Int(h as i64));
    dict.insert("ColorSpace".into(), DictItem::Name(cs.as_bytes().to_vec()));
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict.insert("Filter".into(), DictItem::Name(b"DCTDecode".to_vec()));
    let x = XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: b.to_vec(),
            compress: false,
        },
        width: Some(Px(w)),
        height: Some(Px(h)),
        dpi: None,
    });
    Some((x, w, h))
}

fn save_options() -> PdfSaveOptions {
    use printpdf::{ImageCompression, ImageOptimizationOptions};
    PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        // Text is shown with our own Tf/TJ operators (see `show_text`).
        secure: false,
        // The default re-encodes colour images as lossy JPEG; Flate keeps
        // attachments' pixels exact.
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(true),
            format: Some(ImageCompression::Flate),
        }),
    }
}

fn offset_date(d: NaiveDate) -> OffsetDateTime {
    OffsetDateTime::new_in_offset(
        Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        },
        Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        Offset {
            hours: 8,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

fn pdf_date(d: NaiveDate) -> Object {
    Object::String(
        format!("D:{}000000+08'00'", d.format("%Y%m%d")).into_bytes(),
        StringFormat::Literal,
    )
}

/// What printpdf cannot say: see the module comment.
fn postprocess(doc: &mut lopdf::Document, outline: &[Outline], date: NaiveDate, ph: f32) {
    doc.version = "1.7".into();
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = doc.get_dictionary_mut(info_id)
    {
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Identifier");
        info.remove(b"Keywords");
        info.set("CreationDate", pdf_date(date));
        info.set("ModDate", pdf_date(date));
    }
    let pages = doc.get_pages();
    let outlines_id = if outline.is_empty() {
        None
    } else {
        let id = doc.new_object_id();
        let (first, last, count) = outline_items(doc, outline, id, &pages, ph);
        let mut od = Dictionary::new();
        od.set("Type", "Outlines");
        od.set("First", Object::Reference(first));
        od.set("Last", Object::Reference(last));
        od.set("Count", Object::Integer(count));
        doc.set_object(id, od);
        Some(id)
    };
    if let Ok(cat) = doc.catalog_mut() {
        cat.set(
            "Lang",
            Object::String(b"zh-TW".to_vec(), StringFormat::Literal),
        );
        cat.remove(b"OutputIntents");
        let mut vp = Dictionary::new();
        vp.set("DisplayDocTitle", true);
        cat.set("ViewerPreferences", vp);
        match outlines_id {
            Some(id) => {
                cat.set("Outlines", Object::Reference(id));
                cat.set("PageMode", "UseOutlines");
            }
            None => {
                cat.remove(b"Outlines");
                cat.set("PageMode", "UseNone");
            }
        }
    }
    doc.prune_objects();
}

/// A /ID from the content, not printpdf's process-wide counter.
fn set_id(doc: &mut lopdf::Document) {
    let mut all = Vec::new();
    for (id, obj) in &doc.objects {
        all.extend_from_slice(format!("{id:?}").as_bytes());
        if let Object::Stream(s) = obj {
            all.extend_from_slice(&s.content);
        }
    }
    let id: Vec<u8> = [fnv1a(&all, 1).to_be_bytes(), fnv1a(&all, 2).to_be_bytes()].concat();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
}

/// /TrimBox `bleed` inside each page's /MediaBox, which is its /BleedBox.
fn trim_boxes(doc: &mut lopdf::Document, bleed: f32) {
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for id in ids {
        let Ok(page) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let Ok(media) = page.get(b"MediaBox").and_then(Object::as_array) else {
            continue;
        };
        let v: Vec<f32> = media.iter().filter_map(|o| o.as_float().ok()).collect();
        if v.len() != 4 {
            continue;
        }
        let real = |x: f32| Object::Real((x * 1000.0).round() / 1000.0);
        page.set("BleedBox", media.clone());
        page.set(
            "TrimBox",
            vec![
                real(v[0] + bleed),
                real(v[1] + bleed),
                real(v[2] - bleed),
                real(v[3] - bleed),
            ],
        );
    }
}

fn outline_items(
    doc: &mut lopdf::Document,
    items: &[Outline],
    parent: ObjectId,
    pages: &BTreeMap<u32, ObjectId>,
    ph: f32,
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    let mut total = 0;
    for (i, it) in items.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", utf16_text(&it.title));
        d.set("Parent", Object::Reference(parent));
        if let Some(page) = pages.get(&(it.page as u32 + 1)) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    "XYZ".into(),
                    Object::Null,
                    Object::Real(ph - it.y),
                    Object::Null,
                ]),
            );
        }
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        if !it.children.is_empty() {
            let (first, last, n) = outline_items(doc, &it.children, ids[i], pages, ph);
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            d.set("Count", Object::Integer(n));
            total += n;
        }
        total += 1;
        doc.set_object(ids[i], d);
    }
    (ids[0], ids[ids.len() - 1], total)
}

/// Deflates streams ourselves, in parallel: lopdf's level 9 took a third
/// of the time. Font programs gain little from deflate: level 1.
fn compress_streams(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|obj| match obj {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|s| {
        let is_font = matches!(
            s.dict.get(b"Subtype").and_then(Object::as_name),
            Ok(b"CIDFontType0C" | b"OpenType")
        ) || s.dict.has(b"Length1");
        let level = if is_font { 1 } else { 6 };
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
        if e.write_all(&s.content).is_ok()
            && let Ok(c) = e.finish()
            && c.len() + 19 < s.content.len()
        {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(c);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deflated_cross_reference_stream_reads_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::from("Page")),
            ("Parent", Object::Reference(pages)),
        ]));
        doc.set_object(
            pages,
            Dictionary::from_iter(vec![
                ("Type", Object::from("Pages")),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ]),
        );
        for i in 0..300 {
            doc.add_object(Object::Integer(i));
        }
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::from("Catalog")),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut raw = Vec::new();
        let options = lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        doc.save_with_options(&mut raw, options).unwrap();
        let packed = deflate_xref_stream(raw.clone());
        assert!(
            packed.len() + 1000 < raw.len(),
            "{} → {}",
            raw.len(),
            packed.len()
        );
        let back = lopdf::Document::load_mem(&packed).unwrap();
        assert_eq!(back.get_pages().len(), 1);
        assert_eq!(
            back.objects.len(),
            lopdf::Document::load_mem(&raw).unwrap().objects.len()
        );
        assert_eq!(
            deflate_xref_stream(b"%PDF-1.7 not lopdf's".to_vec()),
            b"%PDF-1.7 not lopdf's"
        );
    }

    #[test]
    fn image_problems_named() {
        let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect width='8' height='8'/></svg>";
        let png = crate::render::couplets::preview::png(svg, 8).unwrap();
        assert_eq!(image_problem(&png), None);
        assert!(
            image_problem(&png[..png.len() / 2])
                .unwrap()
                .contains("cut short")
        );
        assert!(image_problem(b"GIF89a....").unwrap().contains("GIF"));
        assert!(
            image_problem(b"RIFF\0\0\0\0WEBPVP8 ")
                .unwrap()
                .contains("WebP")
        );
        assert!(image_problem(b"BM\0\0").unwrap().contains("BMP"));
        assert!(image_problem(svg.as_bytes()).unwrap().contains("SVG"));
        assert!(
            image_problem(b"hello")
                .unwrap()
                .contains("not a PNG or JPEG")
        );
        assert!(image_problem(b"").unwrap().contains("empty"));
        assert!(
            image_problem(&[0xFF, 0xD8, 0xFF, 0xE0])
                .unwrap()
                .contains("JPEG file that cannot")
        );
    }
}
