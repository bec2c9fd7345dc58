//! What makes a gazette or directory PDF say what it is: PDF/A-2 level A
//! and PDF/UA-1 identification in XMP metadata, the sRGB OutputIntent,
//! and page labels equal to the printed page numbers. The structure tree
//! itself is [`super::tagged`]'s. See docs/pdf.md.

use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use super::objects::{Meta, utf16_text};
use crate::render::data::xml_escape;

/// The sRGB profile of the OutputIntent (see `icc/README.md`).
const SRGB: &[u8] = include_bytes!("icc/sRGB.icc");

/// The producer named in the Info dictionary and the XMP.
pub const PRODUCER: &str = "munipub";

/// How a range of pages is labelled, from its first page on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// Every page of the range called this (封面).
    Text(String),
    /// Lower-case roman numbers from this one (i, ii, … for the contents).
    Roman(usize),
    /// Decimal numbers from this one: the printed page numbers.
    Decimal(usize),
}

/// `/PageLabels`: `labels` are (first page of a range, 0-based; label).
pub fn page_labels(doc: &mut Document, labels: &[(usize, Label)]) -> Option<Object> {
    if labels.is_empty() {
        return None;
    }
    let mut nums = Vec::new();
    for (page, label) in labels {
        let mut d = Dictionary::new();
        d.set("Type", "PageLabel");
        match label {
            Label::Text(t) => d.set("P", utf16_text(t)),
            Label::Roman(n) => {
                d.set("S", "r");
                d.set("St", Object::Integer(*n as i64));
            }
            Label::Decimal(n) => {
                d.set("S", "D");
                d.set("St", Object::Integer(*n as i64));
            }
        }
        nums.push(Object::Integer(*page as i64));
        nums.push(Object::Reference(doc.add_object(d)));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    Some(Object::Reference(doc.add_object(tree)))
}

/// The XMP packet: the Info dictionary's title, author, subject, tool and
/// dates again (PDF/A wants both to agree), the language, and the PDF/A-2A
/// and PDF/UA-1 identification with the extension schema PDF/A asks for
/// `pdfuaid` (not one of its predefined schemas). From content only: the
/// same issue gives the same bytes.
pub fn xmp(meta: &Meta) -> String {
    let date = xmp_date(meta.date);
    let title = xml_escape(&meta.title);
    let author = xml_escape(&meta.author);
    let subject = xml_escape(&meta.subject);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>zh-TW</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
    )
}

/// A date at midnight in Taiwan, as XMP writes it.
fn xmp_date(d: NaiveDate) -> String {
    format!("{}T00:00:00+08:00", crate::calendar::iso(d))
}

/// Adds the XMP stream, the sRGB OutputIntent, `/MarkInfo`, and the page
/// labels to the catalog, and drops what the Info dictionary says that
/// the XMP does not (`/Trapped`).
pub fn identify(doc: &mut Document, meta: &Meta, labels: &[(usize, Label)]) {
    // PDF/A: the metadata stream is not filtered, so that any tool finds
    // it (`allows_compression: false` keeps `compress_streams` off it).
    let mut md = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::from("Metadata")),
            ("Subtype", Object::from("XML")),
        ]),
        xmp(meta).into_bytes(),
    );
    md.allows_compression = false;
    let metadata = doc.add_object(md);
    let mut icc = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB.to_vec(),
    );
    icc.allows_compression = true;
    let icc = doc.add_object(icc);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::from("OutputIntent")),
        ("S", Object::from("GTS_PDFA1")),
        (
            "OutputConditionIdentifier",
            Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal),
        ),
        (
            "RegistryName",
            Object::String(b"http://www.color.org".to_vec(), StringFormat::Literal),
        ),
        (
            "Info",
            Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal),
        ),
        ("DestOutputProfile", Object::Reference(icc)),
    ]);
    let intent = doc.add_object(intent);
    let labels = page_labels(doc, labels);
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = doc.get_dictionary_mut(info_id)
    {
        info.remove(b"Trapped");
    }
    if let Ok(cat) = doc.catalog_mut() {
        cat.set("Metadata", Object::Reference(metadata));
        cat.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent)]),
        );
        cat.set(
            "MarkInfo",
            Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
        );
        if let Some(l) = labels {
            cat.set("PageLabels", l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_is_from_content_and_escaped() {
        let meta = Meta {
            title: "A & <B>".into(),
            author: "臺中市政府".into(),
            subject: "s".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
        };
        let x = xmp(&meta);
        assert!(x.contains(r#"<rdf:li xml:lang="x-default">A &amp; &lt;B&gt;</rdf:li>"#));
        assert!(x.contains("<xmp:CreateDate>2026-11-15T00:00:00+08:00</xmp:CreateDate>"));
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert_eq!(x, xmp(&meta), "the same content gives the same packet");
    }
}
