//! Machine-readable outputs: the Atom feed, the sitemap, robots.txt, open
//! data (JSON, CSV, ODS, and the Executive Yuan Gazette's XML in `ey_xml.rs`).

mod csv;
pub mod ey_xml;
mod feed;
mod ods;
pub mod open_data;
mod sitemap;

pub use feed::{directory_feed, feed, listing_feeds};
pub use sitemap::{robots, sitemap};

/// XML-escapes text.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::render::html::markdown::escape_into(&mut out, text);
    out
}

/// Percent-encodes what a URI may not hold (non-ASCII, spaces), for
/// formats that want URIs rather than IRIs.
pub fn uri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for b in iri.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
