//! OpenDocument spreadsheets (`.ods`, ODF 1.2) of one table: a bold header
//! row that repeats on every printed page and stays in view when scrolling,
//! columns as wide as their text, and every cell text (never a number), so
//! `04-2228-9111` and the extension `0123` keep their form and their zeros.
//!
//! The file is a ZIP written with the `zip` crate: `mimetype` first and
//! stored (how a reader recognises the format), then `META-INF/manifest.xml`,
//! `content.xml`, `styles.xml`, `meta.xml` and `settings.xml`, every entry
//! dated the table's own date, so the same table gives the same bytes.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use super::xml_escape;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const NS: &str = concat!(
    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"",
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"",
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"",
    " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"",
    " xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\"",
    " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"",
    " office:version=\"1.2\"",
);

/// One table to write as a spreadsheet.
pub struct Sheet<'a> {
    /// The document's title (file properties).
    pub title: &'a str,
    /// The sheet's tab name; characters a sheet name may not hold are
    /// replaced, and it is cut to 31 characters (Excel's limit).
    pub name: &'a str,
    /// The date the table is of: file properties and ZIP entry times.
    pub date: NaiveDate,
    /// A description for the file properties.
    pub description: Option<&'a str>,
    pub header: &'a [&'a str],
    pub rows: &'a [Vec<String>],
}

/// The `.ods` file of `sheet`.
pub fn spreadsheet(sheet: &Sheet) -> Result<Vec<u8>, zip::result::ZipError> {
    use zip::write::SimpleFileOptions;
    let time = zip::DateTime::from_date_and_time(
        sheet.date.year().clamp(1980, 2107) as u16,
        sheet.date.month() as u8,
        sheet.date.day() as u8,
        0,
        0,
        0,
    )?;
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = stored
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    let name = sheet_name(sheet.name);
    let entries: [(&str, String); 5] = [
        ("META-INF/manifest.xml", manifest()),
        ("content.xml", content(sheet, &name)),
        ("styles.xml", styles()),
        ("meta.xml", meta(sheet)),
        ("settings.xml", settings(&name)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    for (path, xml) in entries {
        zip.start_file(path, deflated)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A sheet name LibreOffice and Excel both accept.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .trim_matches('\'')
        .chars()
        .map(|c| {
            if "[]*?:/\\".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Sheet1".into()
    } else {
        cleaned
    }
}

fn manifest() -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n",
    );
    x.push_str(&format!(
        " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"{MIMETYPE}\"/>\n"
    ));
    for file in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
        x.push_str(&format!(
            " <manifest:file-entry manifest:full-path=\"{file}\" manifest:media-type=\"text/xml\"/>\n"
        ));
    }
    x.push_str("</manifest:manifest>\n");
    x
}

/// How wide a column is drawn, in centimetres, for its widest text: a
/// CJK character takes about two Latin ones.
fn column_width(texts: impl Iterator<Item = usize>) -> f64 {
    let widest = texts.max().unwrap_or(0) as f64;
    (widest * 0.22 + 0.4).clamp(1.5, 12.0)
}

/// Display width: 2 for wide (CJK, full-width) characters, 1 for others.
fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn content(sheet: &Sheet, name: &str) -> String {
    let columns = sheet.header.len();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content{NS}>\n<office:automatic-styles>\n"
    );
    // Every cell is formatted as text (`@`), so that a number typed into
    // the sheet later keeps its leading zero too.
    x.push_str(
        "<number:text-style style:name=\"N100\"><number:text-content/></number:text-style>\n",
    );
    for i in 0..columns {
        let width = column_width(
            std::iter::once(text_width(sheet.header[i])).chain(
                sheet
                    .rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |s| text_width(s))),
            ),
        );
        x.push_str(&format!(
            "<style:style style:name=\"co{}\" style:family=\"table-column\"><style:table-column-properties fo:break-before=\"auto\" style:column-width=\"{width:.2}cm\"/></style:style>\n",
            i + 1
        ));
    }
    x.push_str(concat!(
        "<style:style style:name=\"ro1\" style:family=\"table-row\"><style:table-row-properties style:use-optimal-row-height=\"true\" fo:break-before=\"auto\"/></style:style>\n",
        "<style:style style:name=\"ta1\" style:family=\"table\" style:master-page-name=\"Default\"><style:table-properties table:display=\"true\" style:writing-mode=\"lr-tb\"/></style:style>\n",
        "<style:style style:name=\"ce1\" style:family=\"table-cell\" style:parent-style-name=\"Default\" style:data-style-name=\"N100\"><style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\" style:font-weight-complex=\"bold\"/></style:style>\n",
        "<style:style style:name=\"ce2\" style:family=\"table-cell\" style:parent-style-name=\"Default\" style:data-style-name=\"N100\"/>\n",
        "</office:automatic-styles>\n<office:body>\n<office:spreadsheet>\n",
    ));
    x.push_str(&format!(
        "<table:table table:name=\"{}\" table:style-name=\"ta1\">\n",
        xml_escape(name)
    ));
    for i in 0..columns {
        x.push_str(&format!(
            "<table:table-column table:style-name=\"co{}\" table:default-cell-style-name=\"ce2\"/>\n",
            i + 1
        ));
    }
    x.push_str("<table:table-header-rows>\n");
    row(&mut x, sheet.header.iter().copied(), "ce1");
    x.push_str("</table:table-header-rows>\n");
    for r in sheet.rows {
        row(&mut x, r.iter().map(String::as_str), "ce2");
    }
    x.push_str(
        "</table:table>\n</office:spreadsheet>\n</office:body>\n</office:document-content>\n",
    );
    x
}

fn row<'a>(x: &mut String, cells: impl Iterator<Item = &'a str>, style: &str) {
    x.push_str("<table:table-row table:style-name=\"ro1\">");
    for cell in cells {
        if cell.is_empty() {
            x.push_str(&format!("<table:table-cell table:style-name=\"{style}\"/>"));
        } else {
            x.push_str(&format!(
                "<table:table-cell table:style-name=\"{style}\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                paragraph(cell)
            ));
        }
    }
    x.push_str("</table:table-row>\n");
}

/// Text for a `<text:p>`: XML-escaped, with runs of spaces, tabs and line
/// ends written the way ODF keeps them (a reader collapses plain ones), and
/// the characters XML cannot hold dropped.
fn paragraph(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                let mut n = 1;
                while chars.peek() == Some(&' ') {
                    chars.next();
                    n += 1;
                }
                // One space between words is kept as it is; leading
                // spaces and runs need <text:s/>.
                let (plain, extra) = if at_start { (0, n) } else { (1, n - 1) };
                out.push_str(&" ".repeat(plain));
                match extra {
                    0 => {}
                    1 => out.push_str("<text:s/>"),
                    n => out.push_str(&format!("<text:s text:c=\"{n}\"/>")),
                }
            }
            '\t' => out.push_str("<text:tab/>"),
            '\n' => out.push_str("<text:line-break/>"),
            '\r' => {}
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => {
                let mut buf = [0u8; 4];
                out.push_str(&xml_escape(c.encode_utf8(&mut buf)));
            }
        }
        at_start = false;
    }
    out
}

fn styles() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles{NS}>\n\
<office:styles>\n\
<style:default-style style:family=\"table-cell\"><style:text-properties fo:language=\"zh\" fo:country=\"TW\" style:language-asian=\"zh\" style:country-asian=\"TW\"/></style:default-style>\n\
<style:style style:name=\"Default\" style:family=\"table-cell\"><style:table-cell-properties style:vertical-align=\"top\"/></style:style>\n\
</office:styles>\n\
<office:automatic-styles>\n\
<style:page-layout style:name=\"pm1\"><style:page-layout-properties fo:page-width=\"29.7cm\" fo:page-height=\"21cm\" style:print-orientation=\"landscape\" fo:margin-top=\"1.5cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"1.5cm\" fo:margin-right=\"1.5cm\" style:scale-to-X=\"1\" style:scale-to-Y=\"0\"/></style:page-layout>\n\
</office:automatic-styles>\n\
<office:master-styles>\n<style:master-page style:name=\"Default\" style:page-layout-name=\"pm1\"/>\n</office:master-styles>\n\
</office:document-styles>\n"
    )
}

fn meta(sheet: &Sheet) -> String {
    let date = format!("{}T00:00:00", crate::calendar::iso(sheet.date));
    let description = sheet
        .description
        .map(|d| format!("<dc:description>{}</dc:description>\n", xml_escape(d)))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">\n\
<office:meta>\n<meta:generator>munipub</meta:generator>\n<dc:title>{}</dc:title>\n{description}<dc:language>zh-TW</dc:language>\n\
<meta:creation-date>{date}</meta:creation-date>\n<dc:date>{date}</dc:date>\n</office:meta>\n</office:document-meta>\n",
        xml_escape(sheet.title),
    )
}

/// The view: the header row frozen at the top, the sheet active.
fn settings(name: &str) -> String {
    let name = xml_escape(name);
    let item = |n: &str, t: &str, v: &str| {
        format!(
            "<config:config-item config:name=\"{n}\" config:type=\"{t}\">{v}</config:config-item>\n"
        )
    };
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-settings xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" office:version=\"1.2\">\n\
<office:settings>\n<config:config-item-set config:name=\"ooo:view-settings\">\n\
<config:config-item-map-indexed config:name=\"Views\">\n<config:config-item-map-entry>\n",
    );
    x.push_str(&item("ViewId", "string", "view1"));
    x.push_str("<config:config-item-map-named config:name=\"Tables\">\n");
    x.push_str(&format!(
        "<config:config-item-map-entry config:name=\"{name}\">\n"
    ));
    for (n, t, v) in [
        ("HorizontalSplitMode", "short", "0"),
        ("VerticalSplitMode", "short", "2"),
        ("HorizontalSplitPosition", "int", "0"),
        ("VerticalSplitPosition", "int", "1"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionLeft", "int", "0"),
        ("PositionRight", "int", "0"),
        ("PositionTop", "int", "0"),
        ("PositionBottom", "int", "1"),
    ] {
        x.push_str(&item(n, t, v));
    }
    x.push_str("</config:config-item-map-entry>\n</config:config-item-map-named>\n");
    x.push_str(&item("ActiveTable", "string", &name));
    x.push_str(
        "</config:config-item-map-entry>\n</config:config-item-map-indexed>\n</config:config-item-set>\n</office:settings>\n</office:document-settings>\n",
    );
    x
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn sample() -> (Vec<&'static str>, Vec<Vec<String>>) {
        let header = vec!["機關", "電話", "分機"];
        let rows = vec![
            vec![
                "臺中市政府秘書處".into(),
                "04-2228-9111".into(),
                "0123".into(),
            ],
            vec!["A & B <x>".into(), "1999".into(), String::new()],
        ];
        (header, rows)
    }

    fn build(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
        spreadsheet(&Sheet {
            title: "電話號碼表",
            name: "電話號碼表",
            date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            description: Some("如有異動，請洽秘書處。"),
            header,
            rows,
        })
        .unwrap()
    }

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn mimetype_comes_first_and_stored() {
        let (h, r) = sample();
        let bytes = build(&h, &r);
        // A reader recognises the format from these fixed offsets.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let first = z.by_index(0).unwrap();
        assert_eq!(first.name_raw(), b"mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(|e| e.is_empty()));
        drop(first);
        let names: Vec<String> = z
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        for n in [
            "META-INF/manifest.xml",
            "content.xml",
            "styles.xml",
            "meta.xml",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
        }
    }

    #[test]
    fn same_table_same_bytes() {
        let (h, r) = sample();
        assert_eq!(build(&h, &r), build(&h, &r));
        let bytes = build(&h, &r);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        for i in 0..z.len() {
            let f = z.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!(
                (t.year(), t.month(), t.day()),
                (2026, 11, 1),
                "{:?}",
                f.name_raw()
            );
        }
    }

    #[test]
    fn cells_are_text_and_header_bold() {
        let (h, r) = sample();
        let c = entry(&build(&h, &r), "content.xml");
        assert!(c.contains("<text:p>04-2228-9111</text:p>"));
        assert!(c.contains("<text:p>0123</text:p>"));
        assert!(c.contains("<text:p>A &amp; B &lt;x&gt;</text:p>"));
        assert!(!c.contains("office:value-type=\"float\""));
        assert_eq!(c.matches("office:value-type=\"string\"").count(), 3 + 5);
        assert!(c.contains("fo:font-weight=\"bold\""));
        let header = &c[c.find("<table:table-header-rows>").unwrap()..];
        assert!(header.starts_with("<table:table-header-rows>\n<table:table-row table:style-name=\"ro1\"><table:table-cell table:style-name=\"ce1\""));
        assert!(c.contains("table:name=\"電話號碼表\""));
        // The widest column is the agency's (8 CJK characters).
        assert!(c.contains("style:column-width=\"3.92cm\""), "{c}");
    }

    #[test]
    fn meta_carries_title_language_and_date() {
        let (h, r) = sample();
        let m = entry(&build(&h, &r), "meta.xml");
        assert!(m.contains("<dc:title>電話號碼表</dc:title>"));
        assert!(m.contains("<dc:language>zh-TW</dc:language>"));
        assert!(m.contains("<dc:date>2026-11-01T00:00:00</dc:date>"));
    }

    #[test]
    fn spaces_survive() {
        assert_eq!(paragraph("a b"), "a b");
        assert_eq!(paragraph("a   b"), "a <text:s text:c=\"2\"/>b");
        assert_eq!(paragraph(" a"), "<text:s/>a");
        assert_eq!(
            paragraph("a\tb\nc\u{1}"),
            "a<text:tab/>b<text:line-break/>c"
        );
    }

    #[test]
    fn sheet_names_are_safe() {
        assert_eq!(sheet_name("a/b[1]"), "a-b-1-");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"字".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn widths() {
        assert_eq!(text_width("臺中a"), 5);
        assert_eq!(column_width([0].into_iter()), 1.5);
        assert_eq!(column_width([200].into_iter()), 12.0);
    }
}
