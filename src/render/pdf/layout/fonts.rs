//! Fonts for layout: each face's character map and advances, read once per
//! build with ttf-parser, and fallback chains per role (body, heading, kai).

use std::collections::HashMap;
use std::sync::Arc;

/// A font file's bytes, shared by the layout engine and the PDF writer.
pub type FontData = Arc<Vec<u8>>;

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
    glyphs: HashMap<u32, (u16, u16)>,
}

impl Face {
    /// Reads face `index` of `data`.
    pub fn parse(name: &str, data: FontData, index: u32) -> Result<Face, String> {
        let face = ttf_parser::Face::parse(&data, index)
            .map_err(|e| format!("{name}: not a usable font: {e}"))?;
        let mut glyphs = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let Some(g) = sub.glyph_index(cp) {
                        let adv = face.glyph_hor_advance(g).unwrap_or(0);
                        glyphs.entry(cp).or_insert((g.0, adv));
                    }
                });
            }
        }
        Ok(Face {
            name: name.to_string(),
            units_per_em: face.units_per_em() as f32,
            ascender: face.ascender() as f32,
            descender: face.descender() as f32,
            data: data.clone(),
            index,
            glyphs,
        })
    }

    pub fn has(&self, ch: char) -> bool {
        self.glyphs.contains_key(&(ch as u32))
    }

    /// The glyph id of `ch`, if the face has it.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.glyphs.get(&(ch as u32)).map(|(g, _)| *g)
    }

    /// Advance of `ch` at 1 pt, if the face has it.
    pub fn advance_em(&self, ch: char) -> Option<f32> {
        self.glyphs
            .get(&(ch as u32))
            .map(|(_, a)| *a as f32 / self.units_per_em)
    }
}

/// The faces of a build and the fallback chains per role.
#[derive(Debug, Default)]
pub struct FontBook {
    pub faces: Vec<Face>,
    chains: HashMap<Role, Vec<usize>>,
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
        ch.is_whitespace() || ch.is_control() || self.face_for(role, ch).is_some()
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
        Arc::new(
            std::fs::read(format!(
                "{}/themes/default/fonts/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
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
