//! Font embedding: each face a PDF uses is subset with `subsetter` (the
//! subsetter typst uses) and written as a CID-keyed Type0 font with our own
//! widths and ToUnicode map.
//!
//! printpdf can embed fonts too, but it parses every face a second time
//! (~70 ms for the two Noto faces), measures widths by decoding each CFF
//! outline, and walks the whole 44,000-entry cmap for every PDF: most of
//! the time of a gazette build went there. Text is written with glyph codes
//! from [`Subsets`], which are the subset's glyph ids; subsetter makes them
//! the CIDs too, for CFF and TrueType outlines alike.
//!
//! One glyph can stand for several characters (a font draws the Kangxi
//! radical ⼀ U+2F00 and 一 U+4E00 with the same glyph). The ToUnicode map
//! can give a code only one character: it gives the unified one, and the
//! writer wraps every other character drawn with that glyph in a span whose
//! `/ActualText` is the character, so that each copies out as written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use rayon::prelude::*;
use subsetter::GlyphRemapper;

use super::layout::boxes::{Item, PageBox};
use super::layout::fonts::{FontBook, FontError};

/// The glyphs of each face one PDF shows, renumbered for its subsets.
pub struct Subsets {
    faces: BTreeMap<usize, FaceSubset>,
}

struct FaceSubset {
    remapper: GlyphRemapper,
    /// Original glyph id → the character it stands for (ToUnicode).
    glyphs: BTreeMap<u16, char>,
    /// Whether any glyph stands for more than one character.
    shared: bool,
}

impl Subsets {
    /// Collects the glyphs of `pages`. Glyphs are numbered in the order of
    /// their original ids, so the same pages give the same codes.
    pub fn collect(pages: &[PageBox], book: &FontBook) -> Subsets {
        let mut used: BTreeMap<usize, (BTreeMap<u16, char>, bool)> = BTreeMap::new();
        for page in pages {
            for it in page.items.iter().flat_map(Item::leaves) {
                if let Item::Text { glyphs, .. } = it {
                    for g in glyphs {
                        let gid = book.faces[g.face].glyph(g.ch).unwrap_or(0);
                        let (map, shared) = used.entry(g.face).or_default();
                        let ch = map.entry(gid).or_insert(g.ch);
                        if *ch != g.ch {
                            *shared = true;
                            // The same character whichever came first.
                            if preferred(g.ch) < preferred(*ch) {
                                *ch = g.ch;
                            }
                        }
                    }
                }
            }
        }
        let faces = used
            .into_iter()
            .map(|(face, (glyphs, shared))| {
                let mut remapper = GlyphRemapper::new();
                for gid in glyphs.keys() {
                    remapper.remap(*gid);
                }
                let sub = FaceSubset {
                    remapper,
                    glyphs,
                    shared,
                };
                (face, sub)
            })
            .collect();
        Subsets { faces }
    }

    /// The code that shows `ch` of `face` (0, .notdef, if it was not
    /// collected), and whether `ch` needs an
    /// `/ActualText` to copy out as itself (its glyph's ToUnicode entry is
    /// another character).
    pub fn code_and_copy(&self, book: &FontBook, face: usize, ch: char) -> (u16, bool) {
        let gid = book.faces[face].glyph(ch).unwrap_or(0);
        let Some(f) = self.faces.get(&face) else {
            return (0, false);
        };
        let code = f.remapper.get(gid).unwrap_or(0);
        let other = f.shared && f.glyphs.get(&gid).is_some_and(|c| *c != ch);
        (code, other)
    }

    /// The resource name of `face` in content streams.
    pub fn resource_name(face: usize) -> String {
        format!("F{face}")
    }

    /// Subsets every face and adds it to the pages' shared font resources.
    pub fn embed(&self, doc: &mut lopdf::Document, book: &FontBook) -> Result<(), FontError> {
        if self.faces.is_empty() {
            return Ok(());
        }
        let programs: Vec<(usize, Vec<u8>)> = self
            .faces
            .par_iter()
            .map(|(face, sub)| {
                let f = &book.faces[*face];
                subsetter::subset(&f.data, f.index, &sub.remapper)
                    .map(|bytes| (*face, bytes))
                    .map_err(|e| FontError::subset(&f.name, e))
            })
            .collect::<Result<_, _>>()?;
        let mut font_dict = Dictionary::new();
        for (face, program) in programs {
            let id = self.write_font(doc, book, face, program)?;
            font_dict.set(Self::resource_name(face), Object::Reference(id));
        }
        let font_dict_id = doc.add_object(font_dict);
        for page in doc.get_pages().into_values().collect::<Vec<_>>() {
            let res = doc
                .get_dictionary(page)
                .and_then(|p| p.get(b"Resources"))
                .and_then(Object::as_reference);
            if let Ok(res) = res
                && let Ok(d) = doc.get_dictionary_mut(res)
            {
                d.set("Font", Object::Reference(font_dict_id));
            }
        }
        Ok(())
    }

    /// Writes one Type0 font (and its descendant, descriptor, program,
    /// ToUnicode) and returns its id.
    fn write_font(
        &self,
        doc: &mut lopdf::Document,
        book: &FontBook,
        face: usize,
        program: Vec<u8>,
    ) -> Result<ObjectId, FontError> {
        let f = &book.faces[face];
        let sub = &self.faces[&face];
        let parsed = ttf_parser::Face::parse(&f.data, f.index)
            .map_err(|e| FontError::unusable(&f.name, e))?;
        let scale = 1000.0 / parsed.units_per_em() as f32;
        let em = |v: f32| Object::Integer((v * scale).round() as i64);

        let cff = ttf_parser::RawFace::parse(&program, 0)
            .ok()
            .and_then(|r| r.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .map(<[u8]>::to_vec);
        let tag = subset_tag(&program);
        let base = format!("{tag}+{}", postscript_name(&parsed, face));

        let (file_key, cid_subtype, stream) = match cff {
            Some(table) => {
                let mut d = Dictionary::new();
                d.set("Subtype", "CIDFontType0C");
                ("FontFile3", "CIDFontType0", Stream::new(d, table))
            }
            None => {
                let mut d = Dictionary::new();
                d.set("Length1", Object::Integer(program.len() as i64));
                ("FontFile2", "CIDFontType2", Stream::new(d, program))
            }
        };
        let file_id = doc.add_object(stream);

        let bbox = parsed.global_bounding_box();
        let mut fd = Dictionary::new();
        fd.set("Type", "FontDescriptor");
        fd.set("FontName", Object::Name(base.clone().into_bytes()));
        fd.set("Flags", Object::Integer(4));
        fd.set(
            "FontBBox",
            Object::Array(vec![
                em(bbox.x_min as f32),
                em(bbox.y_min as f32),
                em(bbox.x_max as f32),
                em(bbox.y_max as f32),
            ]),
        );
        fd.set("ItalicAngle", Object::Integer(0));
        fd.set("Ascent", em(parsed.ascender() as f32));
        fd.set("Descent", em(parsed.descender() as f32));
        let cap = parsed.capital_height().unwrap_or(parsed.ascender());
        fd.set("CapHeight", em(cap as f32));
        fd.set("StemV", Object::Integer(80));
        fd.set(file_key, Object::Reference(file_id));
        let fd_id = doc.add_object(fd);

        // Codes run 1..=n in the order of the original ids: one /W run.
        let widths: Vec<Object> = sub
            .glyphs
            .keys()
            .filter(|gid| **gid != 0)
            .map(|gid| {
                let adv = parsed
                    .glyph_hor_advance(ttf_parser::GlyphId(*gid))
                    .unwrap_or(0);
                em(adv as f32)
            })
            .collect();
        let mut cid = Dictionary::new();
        cid.set("Type", "Font");
        cid.set("Subtype", cid_subtype);
        cid.set("BaseFont", Object::Name(base.clone().into_bytes()));
        let mut info = Dictionary::new();
        info.set("Registry", Object::string_literal("Adobe"));
        info.set("Ordering", Object::string_literal("Identity"));
        info.set("Supplement", Object::Integer(0));
        cid.set("CIDSystemInfo", info);
        cid.set("FontDescriptor", Object::Reference(fd_id));
        cid.set("DW", Object::Integer(1000));
        if !widths.is_empty() {
            cid.set(
                "W",
                Object::Array(vec![Object::Integer(1), Object::Array(widths)]),
            );
        }
        if cid_subtype == "CIDFontType2" {
            cid.set("CIDToGIDMap", "Identity");
        }
        let cid_id = doc.add_object(cid);

        let cmap = to_unicode(sub);
        let cmap_id = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

        let mut t0 = Dictionary::new();
        t0.set("Type", "Font");
        t0.set("Subtype", "Type0");
        t0.set("BaseFont", Object::Name(base.into_bytes()));
        t0.set("Encoding", "Identity-H");
        t0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        );
        t0.set("ToUnicode", Object::Reference(cmap_id));
        Ok(doc.add_object(t0))
    }
}

/// Which of the characters sharing a glyph the ToUnicode map gives (the
/// smallest wins): a unified ideograph before a radical or compatibility
/// form, then by code point.
fn preferred(ch: char) -> (bool, u32) {
    let variant = matches!(ch as u32, 0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F);
    (variant, ch as u32)
}

/// The ToUnicode CMap: each code back to its character.
fn to_unicode(sub: &FaceSubset) -> String {
    let pairs: Vec<(u16, char)> = sub
        .glyphs
        .iter()
        .filter(|(gid, _)| **gid != 0)
        .filter_map(|(gid, ch)| sub.remapper.get(*gid).map(|code| (code, *ch)))
        .collect();
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (code, ch) in chunk {
            let mut units = [0u16; 2];
            let hex: String = ch
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(s, "<{code:04X}> <{hex}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// Six capitals from a hash of the program: the same glyphs give the same
/// tag on every machine.
fn subset_tag(program: &[u8]) -> String {
    let h = super::objects::fnv1a(program, 0);
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

/// The face's PostScript name, or a stand-in made of the face number.
fn postscript_name(face: &ttf_parser::Face, index: usize) -> String {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .filter(|n| !n.is_empty() && n.is_ascii())
        .map(|n| n.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', ""))
        .unwrap_or_else(|| format!("Face{index}"))
}
