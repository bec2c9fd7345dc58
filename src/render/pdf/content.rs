//! A page's content stream, written as bytes operator by operator.
//!
//! The writer used to build printpdf operations, which printpdf turned into
//! lopdf operations, which lopdf encoded: three copies of every glyph run
//! and a float formatter per number, a quarter of `munipub pdf`'s time.
//! Pages are now written straight to their bytes (in parallel, one page per
//! task), with numbers rounded to a thousandth of a point. The operators
//! are those of ISO 32000 §8–9 and §14.6 (marked content).

use super::layout::boxes::Color;

/// One content stream.
#[derive(Debug, Default)]
pub struct Content {
    buf: Vec<u8>,
}

impl Content {
    pub fn new() -> Self {
        Content {
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }

    /// Operands then the operator, on one line.
    fn op(&mut self, operands: &[f32], operator: &str) -> &mut Self {
        for v in operands {
            push_number(&mut self.buf, *v);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator.as_bytes());
        self.buf.push(b'\n');
        self
    }

    fn name(&mut self, name: &str) {
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b' ');
    }

    /// The fill colour (`g`, `rg` or `k`: gray prints with black ink only).
    pub fn fill(&mut self, c: Color) -> &mut Self {
        match c {
            Color::Gray(v) => self.op(&[v], "g"),
            Color::Rgb(r, g, b) => self.op(&[r, g, b], "rg"),
            Color::Cmyk(c, m, y, k) => self.op(&[c, m, y, k], "k"),
        }
    }

    /// The stroke colour (`G`, `RG` or `K`).
    pub fn stroke_color(&mut self, c: Color) -> &mut Self {
        match c {
            Color::Gray(v) => self.op(&[v], "G"),
            Color::Rgb(r, g, b) => self.op(&[r, g, b], "RG"),
            Color::Cmyk(c, m, y, k) => self.op(&[c, m, y, k], "K"),
        }
    }

    pub fn line_width(&mut self, w: f32) -> &mut Self {
        self.op(&[w], "w")
    }

    pub fn move_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.op(&[x, y], "m")
    }

    pub fn line_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.op(&[x, y], "l")
    }

    pub fn close_path(&mut self) -> &mut Self {
        self.op(&[], "h")
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) -> &mut Self {
        self.op(&[x, y, w, h], "re")
    }

    pub fn stroke(&mut self) -> &mut Self {
        self.op(&[], "S")
    }

    /// Fills the path (nonzero winding).
    pub fn fill_path(&mut self) -> &mut Self {
        self.op(&[], "f")
    }

    /// Clips to the path (nonzero winding) without painting it.
    pub fn clip(&mut self) -> &mut Self {
        self.op(&[], "W n")
    }

    pub fn save(&mut self) -> &mut Self {
        self.op(&[], "q")
    }

    pub fn restore(&mut self) -> &mut Self {
        self.op(&[], "Q")
    }

    /// Concatenates `[a b c d e f]` to the transformation matrix.
    pub fn transform(&mut self, m: [f32; 6]) -> &mut Self {
        self.op(&m, "cm")
    }

    /// Paints image XObject `name` into the unit square (after `transform`).
    pub fn x_object(&mut self, name: &str) -> &mut Self {
        self.name(name);
        self.op(&[], "Do")
    }

    pub fn begin_text(&mut self) -> &mut Self {
        self.op(&[], "BT")
    }

    pub fn end_text(&mut self) -> &mut Self {
        self.op(&[], "ET")
    }

    pub fn font(&mut self, resource: &str, size: f32) -> &mut Self {
        self.name(resource);
        self.op(&[size], "Tf")
    }

    /// The text matrix: the next glyph's origin at (x, y).
    pub fn text_at(&mut self, x: f32, y: f32) -> &mut Self {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm")
    }

    /// Text rendering mode 3: glyphs that neither fill nor stroke (text a
    /// reader copies and searches but does not see).
    pub fn invisible_text(&mut self) -> &mut Self {
        self.op(&[3.0], "Tr")
    }

    /// `[<codes> adjustment <codes> …] TJ`: two-byte glyph codes, and
    /// adjustments in thousandths of an em (negative moves right).
    pub fn show(&mut self, pieces: &[Shown]) -> &mut Self {
        self.buf.push(b'[');
        for piece in pieces {
            match piece {
                Shown::Codes(codes) => {
                    self.buf.push(b'<');
                    for code in codes {
                        push_hex(&mut self.buf, &code.to_be_bytes());
                    }
                    self.buf.push(b'>');
                }
                Shown::Adjust(v) => {
                    self.buf.push(b' ');
                    push_number(&mut self.buf, *v);
                    self.buf.push(b' ');
                }
            }
        }
        self.buf.extend_from_slice(b"] TJ\n");
        self
    }

    /// `/Tag BMC`.
    pub fn begin_marked(&mut self, tag: &str) -> &mut Self {
        self.name(tag);
        self.op(&[], "BMC")
    }

    /// `/Tag <<properties>> BDC`; `properties` is the dictionary's inside,
    /// written with [`Properties`].
    pub fn begin_marked_with(&mut self, tag: &str, properties: &Properties) -> &mut Self {
        self.name(tag);
        self.buf.extend_from_slice(b"<<");
        self.buf.extend_from_slice(&properties.0);
        self.buf.extend_from_slice(b">> ");
        self.op(&[], "BDC")
    }

    pub fn end_marked(&mut self) -> &mut Self {
        self.op(&[], "EMC")
    }
}

/// A piece of a `TJ` array.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Codes(Vec<u16>),
    Adjust(f32),
}

/// The entries of a marked-content property list.
#[derive(Debug, Default)]
pub struct Properties(Vec<u8>);

impl Properties {
    pub fn new() -> Self {
        Properties::default()
    }

    fn key(&mut self, key: &str) {
        self.0.push(b'/');
        self.0.extend_from_slice(key.as_bytes());
        self.0.push(b' ');
    }

    pub fn int(mut self, key: &str, v: i64) -> Self {
        self.key(key);
        self.0.extend_from_slice(v.to_string().as_bytes());
        self.0.push(b' ');
        self
    }

    pub fn name(mut self, key: &str, v: &str) -> Self {
        self.key(key);
        self.0.push(b'/');
        self.0.extend_from_slice(v.as_bytes());
        self.0.push(b' ');
        self
    }

    /// An array of one name.
    pub fn names(mut self, key: &str, v: &str) -> Self {
        self.key(key);
        self.0.extend_from_slice(b"[/");
        self.0.extend_from_slice(v.as_bytes());
        self.0.extend_from_slice(b"] ");
        self
    }

    /// A text string, UTF-16BE with its byte order mark, in hex.
    pub fn text(mut self, key: &str, v: &str) -> Self {
        self.key(key);
        self.0.extend_from_slice(b"<FEFF");
        for u in v.encode_utf16() {
            push_hex(&mut self.0, &u.to_be_bytes());
        }
        self.0.extend_from_slice(b"> ");
        self
    }
}

fn push_hex(buf: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in bytes {
        buf.push(HEX[(b >> 4) as usize]);
        buf.push(HEX[(b & 15) as usize]);
    }
}

/// `v` rounded to three decimals, without trailing zeros (`12`, `-0.5`,
/// `841.89`); what is not a finite number is written as 0.
fn push_number(buf: &mut Vec<u8>, v: f32) {
    let milli = if v.is_finite() {
        (f64::from(v) * 1000.0).round() as i64
    } else {
        0
    };
    if milli < 0 {
        buf.push(b'-');
    }
    let m = milli.unsigned_abs();
    push_digits(buf, m / 1000);
    let mut frac = m % 1000;
    if frac != 0 {
        buf.push(b'.');
        let mut width = 3;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        let digits = [frac / 100 % 10, frac / 10 % 10, frac % 10];
        buf.extend(digits[3 - width..].iter().map(|d| b'0' + *d as u8));
    }
}

fn push_digits(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(v: f32) -> String {
        let mut b = Vec::new();
        push_number(&mut b, v);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(number(-0.5), "-0.5");
        assert_eq!(number(841.89), "841.89");
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(1.0006), "1.001");
        assert_eq!(number(0.007), "0.007");
        assert_eq!(number(-1234.25), "-1234.25");
        assert_eq!(number(f32::NAN), "0");
    }

    #[test]
    fn operators_read_as_pdf() {
        let mut c = Content::new();
        c.begin_marked_with("P", &Properties::new().int("MCID", 3))
            .fill(Color::Gray(0.0))
            .begin_text()
            .font("F0", 12.0)
            .text_at(56.7, 780.25)
            .show(&[
                Shown::Codes(vec![1, 0x2a]),
                Shown::Adjust(-12.5),
                Shown::Codes(vec![3]),
            ])
            .end_text()
            .end_marked();
        assert_eq!(
            String::from_utf8(c.finish()).unwrap(),
            "/P <</MCID 3 >> BDC\n0 g\nBT\n/F0 12 Tf\n1 0 0 1 56.7 780.25 Tm\n\
             [<0001002A> -12.5 <0003>] TJ\nET\nEMC\n"
        );
        let p = Properties::new()
            .name("Type", "Pagination")
            .names("Attached", "Top")
            .text("ActualText", "⼀");
        assert_eq!(
            String::from_utf8(p.0).unwrap(),
            "/Type /Pagination /Attached [/Top] /ActualText <FEFF2F00> "
        );
    }
}
