//! Small PDF values the writer's parts share (the writer, the structure
//! tree, the archival metadata, font embedding), kept here so that none of
//! them imports another: what a PDF says about itself, text strings, and
//! the content hash behind `/ID` and subset tags.

use chrono::NaiveDate;
use lopdf::{Object, StringFormat};

/// What the Info dictionary and catalog say about a PDF.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Creation date: from content, never the clock.
    pub date: NaiveDate,
}

/// A text string as PDF wants any text that is not ASCII: UTF-16BE with
/// its byte order mark, in hex.
pub fn utf16_text(s: &str) -> Object {
    let mut v = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(v, StringFormat::Hexadecimal)
}

/// 64-bit FNV-1a of `data`, `seed` mixed into the offset basis: a stable
/// hash of the content (the same bytes on every machine and run).
pub fn fnv1a(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf29ce484222325u64 ^ seed;
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
