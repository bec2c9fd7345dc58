//! Fonts for layout: each face's character map and advances, read once per
//! build with ttf-parser, and fallback chains per role (body, heading, kai).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// A font file's bytes, shared by the layout engine and the PDF writer
/// (borrowed from the binary for the built-in theme: no copy).
pub type FontData = Arc<Cow<'static, [u8]>>;

/// One face of a font file, with what layout needs to know of it.
#[derive(Debug)]
pub struct Face {
    /// `fonts/NotoSerifCJKtc-Regular.otf#0`, for messages.
    pub name: String,
    pub data: FontData,
    pub index: u32,
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
    /// Code point → (glyph id, advance in font units).
    glyphs: GlyphMap,
}

/// Code point → (glyph id, advance in font units): a table indexed by code
/// point for the Basic Multilingual Plane (where glyph 0, `.notdef`, means
/// none) and a sorted list above it. Layout asks it about every character
/// of an issue; a hash map made reading a CJK font's 65,000 entries and
/// looking them up a tenth of `munipub pdf`'s time.
#[derive(Debug)]
struct GlyphMap {
    bmp: Vec<(u16, u16)>,
    astral: Vec<(u32, (u16, u16))>,
}

impl GlyphMap {
    fn new() -> Self {
        GlyphMap {
            bmp: vec![(0, 0); 0x1_0000],
            astral: Vec::new(),
        }
    }

    /// Keeps the first mapping of `cp`, as the cmap lists them.
    fn add(&mut self, cp: u32, entry: (u16, u16)) {
        if entry.0 == 0 {
            return;
        }
        match self.bmp.get_mut(cp as usize) {
            Some(slot) if slot.0 == 0 => *slot = entry,
            Some(_) => {}
            None => self.astral.push((cp, entry)),
        }
    }

    /// Sorts the list above the BMP, keeping each code point's first entry.
    fn finish(mut self) -> Self {
        self.astral.sort_by_key(|(cp, _)| *cp);
        self.astral.dedup_by_key(|(cp, _)| *cp);
        self
    }

    fn get(&self, cp: u32) -> Option<(u16, u16)> {
        match self.bmp.get(cp as usize) {
            Some(&(0, _)) => None,
            Some(&e) => Some(e),
            None => self
                .astral
                .binary_search_by_key(&cp, |(c, _)| *c)
                .ok()
                .map(|i| self.astral[i].1),
        }
    }

    /// Every mapped code point, ascending.
    fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        (0u32..)
            .zip(&self.bmp)
            .filter(|(_, e)| e.0 != 0)
            .map(|(cp, _)| cp)
            .chain(self.astral.iter().map(|(cp, _)| *cp))
    }
}

/// A font face that cannot be used: unreadable, or not subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError {
    /// The face's name (`fonts/<file>#<face>`).
    pub font: String,
    pub kind: FontErrorKind,
    /// What the font library said.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontErrorKind {
    /// ttf-parser cannot read it.
    Unusable,
    /// subsetter cannot subset it.
    Subset,
}

impl FontError {
    pub fn unusable(font: &str, detail: impl std::fmt::Display) -> Self {
        FontError {
            font: font.to_string(),
            kind: FontErrorKind::Unusable,
            detail: detail.to_string(),
        }
    }

    pub fn subset(font: &str, detail: impl std::fmt::Display) -> Self {
        FontError {
            kind: FontErrorKind::Subset,
            ..FontError::unusable(font, detail)
        }
    }
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            FontErrorKind::Unusable => "not a usable font",
            FontErrorKind::Subset => "cannot subset the font",
        };
        write!(f, "{}: {what}: {}", self.font, self.detail)
    }
}

impl std::error::Error for FontError {}

impl Face {
    /// Reads face `index` of `data`.
    pub fn parse(name: &str, data: FontData, index: u32) -> Result<Face, FontError> {
        let face =
            ttf_parser::Face::parse(&data, index).map_err(|e| FontError::unusable(name, e))?;
        let mut glyphs = GlyphMap::new();
        let mut add = |cp: u32, g: ttf_parser::GlyphId| {
            glyphs.add(cp, (g.0, face.glyph_hor_advance(g).unwrap_or(0)));
        };
        if let Some(cmap) = face.tables().cmap {
            // A full-range (format 12) subtable covers every character; read
            // its groups directly: looking each code point up costs ~25 ms
            // for a CJK font.
            match format12_groups(&face) {
                Some(groups) => {
                    for (start, end, gid) in groups {
                        for cp in start..=end {
                            if let Ok(g) = u16::try_from(gid + (cp - start)) {
                                add(cp, ttf_parser::GlyphId(g));
                            }
                        }
                    }
                }
                None => {
                    for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                        sub.codepoints(|cp| {
                            if let Some(g) = sub.glyph_index(cp) {
                                add(cp, g);
                            }
                        });
                    }
                }
            }
        }
        Ok(Face {
            name: name.to_string(),
            units_per_em: face.units_per_em() as f32,
            ascender: face.ascender() as f32,
            descender: face.descender() as f32,
            data: data.clone(),
            index,
            glyphs: glyphs.finish(),
        })
    }

    pub fn has(&self, ch: char) -> bool {
        self.glyphs.get(ch as u32).is_some()
    }

    /// The glyph id of `ch`, if the face has it.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.glyphs.get(ch as u32).map(|(g, _)| g)
    }

    /// Advance of `ch` at 1 pt, if the face has it.
    pub fn advance_em(&self, ch: char) -> Option<f32> {
        self.glyphs
            .get(ch as u32)
            .map(|(_, a)| a as f32 / self.units_per_em)
    }
}

/// The (first character, last character, first glyph) groups of the face's
/// Unicode format 12 cmap subtable, if it has one.
fn format12_groups(face: &ttf_parser::Face) -> Option<Vec<(u32, u32, u32)>> {
    let cmap = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"cmap"))?;
    let u16_at = |o: usize| Some(u16::from_be_bytes(cmap.get(o..o + 2)?.try_into().ok()?));
    let u32_at = |o: usize| Some(u32::from_be_bytes(cmap.get(o..o + 4)?.try_into().ok()?));
    let tables = u16_at(2)? as usize;
    let offset = (0..tables).find_map(|i| {
        let rec = 4 + i * 8;
        let (platform, encoding) = (u16_at(rec)?, u16_at(rec + 2)?);
        let unicode = platform == 0 || (platform == 3 && encoding == 10);
        let at = u32_at(rec + 4)? as usize;
        (unicode && u16_at(at)? == 12).then_some(at)
    })?;
    let count = u32_at(offset + 12)? as usize;
    (0..count)
        .map(|i| {
            let g = offset + 16 + i * 12;
            Some((u32_at(g)?, u32_at(g + 4)?, u32_at(g + 8)?))
        })
        .collect()
}

/// The faces of a build and the fallback chains per role.
#[derive(Debug, Default)]
pub struct FontBook {
    pub faces: Vec<Face>,
    chains: HashMap<Role, Vec<usize>>,
    /// Per role, a bit per code point some face of the chain has: `check`
    /// asks about every character of every file.
    covered: [Vec<u64>; 3],
}

/// What text is set in; each role has a fallback chain of faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Body,
    Heading,
    Kai,
}

impl FontBook {
    /// Adds a face and returns its index.
    pub fn add(&mut self, face: Face) -> usize {
        self.faces.push(face);
        self.faces.len() - 1
    }

    pub fn set_chain(&mut self, role: Role, faces: Vec<usize>) {
        let mut bits = vec![0u64; (char::MAX as usize >> 6) + 1];
        for f in &faces {
            for cp in self.faces[*f].glyphs.code_points() {
                if let Some(word) = bits.get_mut(cp as usize >> 6) {
                    *word |= 1 << (cp & 63);
                }
            }
        }
        self.covered[role as usize] = bits;
        self.chains.insert(role, faces);
    }

    pub fn chain(&self, role: Role) -> &[usize] {
        self.chains.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first face of the role's chain that can draw `ch`.
    pub fn face_for(&self, role: Role, ch: char) -> Option<usize> {
        self.chain(role)
            .iter()
            .copied()
            .find(|&f| self.faces[f].has(ch))
    }

    /// Whether some face of the chain draws `ch`. Spaces and line ends
    /// need no glyph.
    pub fn covers(&self, role: Role, ch: char) -> bool {
        let cp = ch as usize;
        let has = self.covered[role as usize]
            .get(cp >> 6)
            .is_some_and(|word| word & (1 << (cp & 63)) != 0);
        has || ch.is_whitespace() || ch.is_control()
    }

    /// Advance of `ch` at `size` pt in the role's chain; a character no
    /// face has is as wide as the size (check refuses such content).
    pub fn advance(&self, role: Role, ch: char, size: f32) -> f32 {
        self.face_for(role, ch)
            .and_then(|f| self.faces[f].advance_em(ch))
            .map_or(size, |a| a * size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(file: &str) -> FontData {
        Arc::new(Cow::Owned(
            std::fs::read(format!(
                "{}/themes/default/fonts/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        ))
    }

    #[test]
    fn reading_format_12_groups_finds_what_per_character_lookup_finds() {
        for file in ["NotoSerifCJKtc-Regular.otf", "NotoSansCJKtc-Bold.otf"] {
            let data = shipped(file);
            let face = Face::parse(file, data.clone(), 0).unwrap();
            let raw = ttf_parser::Face::parse(&data, 0).unwrap();
            assert!(format12_groups(&raw).is_some(), "{file} has format 12");
            let mut expected = HashMap::new();
            for sub in raw.tables().cmap.unwrap().subtables {
                if sub.is_unicode() {
                    sub.codepoints(|cp| {
                        if let Some(g) = sub.glyph_index(cp).filter(|g| g.0 != 0) {
                            expected.entry(cp).or_insert(g.0);
                        }
                    });
                }
            }
            assert!(expected.len() > 40_000, "{file}: {}", expected.len());
            assert_eq!(face.glyphs.code_points().count(), expected.len(), "{file}");
            assert!(
                !face.glyphs.astral.is_empty(),
                "{file} maps characters above the BMP"
            );
            for (cp, g) in expected {
                assert_eq!(
                    face.glyph(char::from_u32(cp).unwrap()),
                    Some(g),
                    "{file} U+{cp:04X}"
                );
            }
        }
    }

    #[test]
    fn the_shipped_serif_measures_chinese_on_the_em_grid() {
        let face = Face::parse("serif", shipped("NotoSerifCJKtc-Regular.otf"), 0).unwrap();
        assert_eq!(face.advance_em('臺'), Some(1.0));
        assert!(face.advance_em('a').unwrap() < 0.7);
        assert!(face.has('。'));
        assert!(
            face.has('\u{21619}'),
            "Ext-B characters the gazette uses are there"
        );
        assert!(!face.has('\u{30000}'), "an Ext-G character is not");
    }

    #[test]
    fn fallback_chain_takes_the_first_face_that_has_the_character() {
        let mut book = FontBook::default();
        let serif =
            book.add(Face::parse("serif", shipped("NotoSerifCJKtc-Regular.otf"), 0).unwrap());
        let sans = book.add(Face::parse("sans", shipped("NotoSansCJKtc-Bold.otf"), 0).unwrap());
        book.set_chain(Role::Body, vec![serif, sans]);
        assert_eq!(book.face_for(Role::Body, '公'), Some(serif));
        assert!(!book.covers(Role::Body, '\u{30000}'));
        assert!(book.covers(Role::Body, ' '));
        assert!((book.advance(Role::Body, '公', 12.0) - 12.0).abs() < 0.01);
    }
}
