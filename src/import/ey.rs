//! The Executive Yuan Gazette's open-data XML (行政院公報資訊網): one file is
//! one day's `<Gazette>`, one `<Record>` one document, every field a child
//! element whose text (usually CDATA) is the value.
//! ../shared/data/ey-gazette/README.md lists the fields; munipub writes the
//! same schema in `render::data::ey_xml`.

use std::path::Path;

use crate::diag::{Diagnostic, Pos};

/// The fields of a `<Record>`, in the order the national gazette writes
/// them (and munipub's export does).
pub const FIELDS: [&str; 21] = [
    "MetaId",
    "Doc_Style_LName",
    "Doc_Style_SName",
    "Chapter",
    "PubGov",
    "PubGovName",
    "UndertakeGov",
    "Officer_name",
    "Date_Created",
    "GazetteId",
    "Title",
    "TitleEnglish",
    "ThemeSubject",
    "Keyword",
    "Eng_Keyword",
    "Explain",
    "Category",
    "Cake",
    "Service",
    "GazetteHTML",
    "HTMLContent",
];

/// The fields munipub carries into a document (the rest are reported once
/// per run as not carried over).
pub const CARRIED: [&str; 11] = [
    "MetaId",
    "Doc_Style_LName",
    "PubGovName",
    "Officer_name",
    "Date_Created",
    "GazetteId",
    "Title",
    "TitleEnglish",
    "ThemeSubject",
    "Keyword",
    "Explain",
];

/// One `<Record>`: its fields' texts (missing fields are empty) and the
/// line it starts on in its file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub line: usize,
    fields: Vec<(String, String)>,
}

impl Record {
    /// A field's text, with line ends made `\n`; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    #[cfg(test)]
    pub fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some(f) => f.1 = value.to_string(),
            None => self.fields.push((name.to_string(), value.to_string())),
        }
    }

    #[cfg(test)]
    pub fn from_fields(fields: &[(&str, &str)]) -> Record {
        Record {
            line: 1,
            fields: fields
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// Why a file's records cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Line and column (0 when unknown).
    pub pos: Pos,
    pub message: String,
}

impl ReadError {
    /// The error as a problem of `file`, at its line and column.
    pub fn in_file(self, file: impl AsRef<Path>) -> Diagnostic {
        Diagnostic::error(file, self.message).at(self.pos)
    }
}

fn at(pos: roxmltree::TextPos) -> Pos {
    Pos::new(pos.row as usize, pos.col as usize)
}

/// Every record of one file, in file order.
pub fn read(xml: &str) -> Result<Vec<Record>, ReadError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| ReadError {
        pos: at(e.pos()),
        message: format!("not well-formed XML: {e}"),
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "Gazette" {
        return Err(ReadError {
            pos: at(doc.text_pos_at(root.range().start)),
            message: format!(
                "the root element is <{}>, not <Gazette>",
                root.tag_name().name()
            ),
        });
    }
    let mut records = Vec::new();
    for node in root.children().filter(|n| n.is_element()) {
        if node.tag_name().name() != "Record" {
            continue;
        }
        let mut fields = Vec::new();
        for field in node.children().filter(|n| n.is_element()) {
            let text: String = field
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            fields.push((
                field.tag_name().name().to_string(),
                text.replace("\r\n", "\n").replace('\r', "\n"),
            ));
        }
        records.push(Record {
            line: doc.text_pos_at(node.range().start).row as usize,
            fields,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_with_cdata_and_empty_fields() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Gazette>\n<Record>\n<MetaId><![CDATA[73387]]></MetaId>\n<Eng_Keyword/>\n<Explain><![CDATA[一、甲\r\n二、乙]]></Explain>\n</Record>\n</Gazette>\n";
        let records = read(xml).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].line, 3);
        assert_eq!(records[0].get("MetaId"), "73387");
        assert_eq!(records[0].get("Eng_Keyword"), "");
        assert_eq!(records[0].get("Explain"), "一、甲\n二、乙");
        assert_eq!(records[0].get("Missing"), "");
    }

    #[test]
    fn bad_xml_is_an_error_with_a_line() {
        let e = read("<Gazette>\n<Record>\n</Gazette>").unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert!(e.message.contains("XML"), "{e:?}");
        let e = read("<Other/>").unwrap_err();
        assert!(e.message.contains("<Gazette>"));
        assert_eq!(e.pos, Pos::new(1, 1));
    }
}
