//! Taiwanese telephone numbers: lenient parsing, strict checking, one printed
//! form and RFC 3966 `tel:` URIs.
//!
//! Accepted numbers:
//! - landlines with a Taiwanese area code and a subscriber number of the right
//!   length (02: 8 digits; 03, 04, 049, 05–08: 7, and 04 also 8;
//!   037, 082, 089: 6; 0826, 0836: 5); where area codes overlap the longest wins
//!   (037 before 03, 049 before 04, 0826 before 082 before 08);
//! - mobiles: 09 and 8 more digits;
//! - toll-free: 0800 or 0809 and 6 more digits;
//! - short service numbers: 3 digits starting with 1 (110, 119, 165) or 4
//!   digits starting with 19 or 16 (1999, 1950, 1966).
//!
//! Input may use spaces, hyphens, dots and parentheses as separators, full-width
//! characters, and an international prefix (+886 or 886, with or without the
//! trunk 0). An extension may follow as `#11230`, `轉11230`, `分機11230`,
//! `ext. 11230` or `,11230`.

use crate::diag::Problem;

/// What sort of number a [`Phone`] is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum PhoneKind {
    Landline,
    Mobile,
    TollFree,
    Short,
}

/// A checked Taiwanese telephone number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Phone {
    pub kind: PhoneKind,
    /// With its trunk 0: "04", "037", "0800", "0912"; empty for short numbers.
    pub area: String,
    /// The rest of the number, digits only.
    pub number: String,
    /// Extension, digits only.
    pub ext: Option<String>,
}

const HELP: &str = "write e.g. 04-22289111, 0800-022-128, 0912-345-678 or 1999, \
                    optionally followed by an extension such as 分機 11230";

const EXT_HELP: &str = "write the extension as 1 to 6 digits, e.g. 11230";

/// Area codes (with the trunk 0) and the lengths their subscriber numbers may
/// have, longest codes first so that the first match is the longest.
///
/// 0836 (Matsu) numbers have 5 digits, e.g. (0836)25045.
const AREA_CODES: &[(&str, &[usize])] = &[
    ("0826", &[5]),
    ("0836", &[5]),
    ("037", &[6]),
    ("049", &[7]),
    ("082", &[6]),
    ("089", &[6]),
    ("02", &[8]),
    ("03", &[7]),
    ("04", &[7, 8]),
    ("05", &[7]),
    ("06", &[7]),
    ("07", &[7]),
    ("08", &[7]),
];

/// Words that start an extension; matched case-insensitively.
const EXT_MARKERS: &[&str] = &["分機", "轉", "#", "ext", ","];

const MAX_EXT_DIGITS: usize = 6;

fn error(message: impl Into<String>) -> Problem {
    Problem::new(message, HELP)
}

fn ext_error(message: impl Into<String>) -> Problem {
    Problem::new(message, EXT_HELP)
}

/// Parses and checks a telephone number, with an optional extension.
pub fn parse(input: &str) -> Result<Phone, Problem> {
    let text = normalise(input);
    let (main, ext) = split_extension(&text);
    let ext = match ext {
        // Within a whole number, point to the number's accepted forms.
        Some(ext) => Some(check_ext(ext).map_err(|e| error(e.message))?),
        None => None,
    };
    let national = national_digits(main)?;
    let (kind, area, number) = classify(&national)?;
    Ok(Phone {
        kind,
        area: area.to_string(),
        number: number.to_string(),
        ext,
    })
}

/// Parses an extension on its own: 1 to 6 digits, optionally after a marker
/// such as `分機` or `#`; full-width digits are accepted.
pub fn parse_ext(input: &str) -> Result<String, Problem> {
    let text = normalise(input);
    let text = text.trim();
    let without_marker = EXT_MARKERS
        .iter()
        .find_map(|marker| text.strip_prefix(marker))
        .unwrap_or(text);
    check_ext(without_marker)
}

impl Phone {
    /// The number in its one printed form, with the extension:
    /// `04-2228-9111 分機 11230`, `0912-345-678`, `0800-022-128`, `1999`.
    pub fn display(&self) -> String {
        match &self.ext {
            Some(ext) => format!("{} 分機 {ext}", self.display_number()),
            None => self.display_number(),
        }
    }

    /// The printed form without the extension.
    pub fn display_number(&self) -> String {
        match self.kind {
            PhoneKind::Landline => join(&self.area, &group_landline(&self.number)),
            PhoneKind::Mobile | PhoneKind::TollFree => join(&self.area, &group_3_3(&self.number)),
            PhoneKind::Short => self.number.clone(),
        }
    }

    /// An RFC 3966 `tel:` URI: `tel:+886-4-2228-9111;ext=11230`,
    /// `tel:+886-912-345-678`. Toll-free and short numbers cannot be dialled
    /// from abroad, so they keep their local form: `tel:0800-022-128`, `tel:1999`.
    pub fn tel_uri(&self) -> String {
        let international_area = self.area.strip_prefix('0').unwrap_or(&self.area);
        let number = match self.kind {
            PhoneKind::Landline => join(
                &format!("+886-{international_area}"),
                &group_landline(&self.number),
            ),
            PhoneKind::Mobile => join(
                &format!("+886-{international_area}"),
                &group_3_3(&self.number),
            ),
            PhoneKind::TollFree | PhoneKind::Short => self.display_number(),
        };
        match &self.ext {
            Some(ext) => format!("tel:{number};ext={ext}"),
            None => format!("tel:{number}"),
        }
    }
}

/// Maps full-width forms (digits, letters, ＋, －, （）, ＃, ，) to ASCII, the
/// ideographic space to a space, typographic dashes to `-`, and ASCII letters
/// to lower case.
fn normalise(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Splits at the first extension marker: (number part, extension part).
fn split_extension(text: &str) -> (&str, Option<&str>) {
    let first = EXT_MARKERS
        .iter()
        .filter_map(|marker| text.find(marker).map(|at| (at, marker.len())))
        .min();
    match first {
        Some((at, len)) => (&text[..at], Some(&text[at + len..])),
        None => (text, None),
    }
}

/// Checks an extension after its marker: separators around it are dropped.
fn check_ext(text: &str) -> Result<String, Problem> {
    let ext = text
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-'))
        .trim_end();
    if ext.is_empty() {
        return Err(ext_error("the extension is empty"));
    }
    if !ext.chars().all(|c| c.is_ascii_digit()) {
        return Err(ext_error(format!(
            "the extension must be digits only, found \"{ext}\""
        )));
    }
    if ext.len() > MAX_EXT_DIGITS {
        return Err(ext_error(format!(
            "the extension must have 1 to {MAX_EXT_DIGITS} digits, found {} digits",
            ext.len()
        )));
    }
    Ok(ext.to_string())
}

/// The digits of the number as dialled within Taiwan (with the trunk 0 for
/// anything but short numbers), from a number part that may carry separators
/// and an international prefix.
fn national_digits(main: &str) -> Result<String, Problem> {
    let main = main.trim();
    if main.is_empty() {
        return Err(error("the telephone number is empty"));
    }
    if main.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(error("not a telephone number: contains letters"));
    }
    if let Some(bad) = main.chars().find(|c| {
        !(c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.' | '+'))
    }) {
        return Err(error(format!(
            "not a telephone number: unexpected character '{bad}'"
        )));
    }
    let plus = main.starts_with('+');
    if main.chars().skip(1).any(|c| c == '+') {
        return Err(error(
            "'+' may only start an international number, as in +886-4-2228-9111",
        ));
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(error("not a telephone number: contains no digits"));
    }
    match digits.strip_prefix("886") {
        // The international form drops the trunk 0; "+886 (0)4 …" keeps it.
        Some(rest) => Ok(format!("0{}", rest.strip_prefix('0').unwrap_or(rest))),
        None if plus => Err(error(
            "not a Taiwanese number: an international number must start with +886",
        )),
        None => Ok(digits),
    }
}

/// Sorts national digits into kind, area code and subscriber number.
fn classify(digits: &str) -> Result<(PhoneKind, &str, &str), Problem> {
    let len = digits.len();
    if digits.starts_with('1') {
        let valid =
            len == 3 || (len == 4 && (digits.starts_with("19") || digits.starts_with("16")));
        return if valid {
            Ok((PhoneKind::Short, "", digits))
        } else {
            Err(error(format!(
                "{digits} is not a service number: service numbers have 3 digits starting \
                 with 1 (e.g. 110) or 4 digits starting with 19 or 16 (e.g. 1999)"
            )))
        };
    }
    if !digits.starts_with('0') {
        return Err(error(format!(
            "{digits} has no area code: start with the area code, e.g. 04-2228-9111"
        )));
    }
    if len < 3 {
        return Err(error(format!(
            "too short for a telephone number: only {len} digits"
        )));
    }
    if digits.starts_with("09") {
        return split_exact(digits, PhoneKind::Mobile, 4, 10).map_err(|found| {
            error(format!(
                "a mobile number needs 10 digits (09 and 8 more), found {found} digits"
            ))
        });
    }
    for code in ["0800", "0809"] {
        if digits.starts_with(code) {
            return split_exact(digits, PhoneKind::TollFree, 4, 10).map_err(|found| {
                error(format!(
                    "toll-free number {code} needs 6 more digits, found {}",
                    plural_digits(found.saturating_sub(4))
                ))
            });
        }
    }
    let Some((area, lengths)) = AREA_CODES.iter().find(|(area, _)| digits.starts_with(area)) else {
        return Err(error(format!(
            "unknown area code {}",
            digits.get(..2).unwrap_or(digits)
        )));
    };
    let subscriber = &digits[area.len()..];
    if lengths.contains(&subscriber.len()) {
        Ok((PhoneKind::Landline, area, subscriber))
    } else {
        Err(error(format!(
            "area code {area} needs {} number, found {}",
            describe_lengths(lengths),
            plural_digits(subscriber.len())
        )))
    }
}

/// Splits `digits` into (area, rest) at `area_len` if it has exactly
/// `total` digits; otherwise returns the digit count found.
fn split_exact(
    digits: &str,
    kind: PhoneKind,
    area_len: usize,
    total: usize,
) -> Result<(PhoneKind, &str, &str), usize> {
    if digits.len() == total {
        let (area, rest) = digits.split_at(area_len);
        Ok((kind, area, rest))
    } else {
        Err(digits.len())
    }
}

/// "an 8-digit", "a 7- or 8-digit".
fn describe_lengths(lengths: &[usize]) -> String {
    let list: Vec<String> = lengths.iter().map(usize::to_string).collect();
    let list = list.join("- or ");
    let article = if list.starts_with('8') { "an" } else { "a" };
    format!("{article} {list}-digit")
}

fn plural_digits(n: usize) -> String {
    if n == 1 {
        "1 digit".to_string()
    } else {
        format!("{n} digits")
    }
}

/// `a-b`, or just `b` when `a` is empty.
fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else {
        format!("{prefix}-{rest}")
    }
}

/// Splits a string into its first `at` characters and the rest.
fn split_chars(s: &str, at: usize) -> (String, String) {
    (s.chars().take(at).collect(), s.chars().skip(at).collect())
}

/// Landline subscriber numbers end in a group of 4: 2228-9111, 222-8911,
/// 32-2150, 2-5045.
fn group_landline(number: &str) -> String {
    let count = number.chars().count();
    if count <= 4 {
        return number.to_string();
    }
    let (head, tail) = split_chars(number, count - 4);
    format!("{head}-{tail}")
}

/// Mobile and toll-free numbers after their 4-digit prefix: 345-678.
fn group_3_3(number: &str) -> String {
    let count = number.chars().count();
    if count <= 3 {
        return number.to_string();
    }
    let (head, tail) = split_chars(number, count - 3);
    format!("{head}-{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> Phone {
        match parse(input) {
            Ok(phone) => phone,
            Err(e) => panic!("{input:?} should parse: {e}"),
        }
    }

    fn err(input: &str) -> String {
        match parse(input) {
            Ok(phone) => panic!("{input:?} should be rejected, got {phone:?}"),
            Err(e) => {
                assert!(e.help.contains("0800-022-128"), "{:?}", e.help);
                e.message
            }
        }
    }

    fn shown(input: &str) -> String {
        ok(input).display()
    }

    #[test]
    fn taichung_landline() {
        let phone = ok("04-22289111");
        assert_eq!(
            phone,
            Phone {
                kind: PhoneKind::Landline,
                area: "04".into(),
                number: "22289111".into(),
                ext: None
            }
        );
        assert_eq!(phone.display(), "04-2228-9111");
        assert_eq!(phone.display_number(), "04-2228-9111");
        assert_eq!(phone.tel_uri(), "tel:+886-4-2228-9111");
    }

    #[test]
    fn lenient_separators() {
        for input in [
            "04-22289111",
            "0422289111",
            "04 2228 9111",
            "(04)2228-9111",
            "(04) 2228-9111",
            "04-2228-9111",
            "04.2228.9111",
            " 04-2228-9111 ",
            "０４－２２２８－９１１１",
            "（０４）２２２８９１１１",
            "04\u{3000}2228\u{2013}9111",
            "+886-4-2228-9111",
            "+886 4 2228 9111",
            "+886 (0)4 2228 9111",
            "886-4-22289111",
            "＋８８６４２２２８９１１１",
        ] {
            assert_eq!(shown(input), "04-2228-9111", "{input:?}");
        }
    }

    #[test]
    fn extensions() {
        for input in [
            "04-22289111#11230",
            "04-22289111 #11230",
            "04-22289111轉11230",
            "04-22289111 轉 11230",
            "04-22289111分機11230",
            "04-22289111 分機：11230",
            "04-22289111 ext. 11230",
            "04-22289111 EXT 11230",
            "04-22289111 Ext.11230",
            "04-22289111,11230",
            "04-22289111，１１２３０",
            "(04)2228-9111＃11230",
        ] {
            let phone = ok(input);
            assert_eq!(phone.ext.as_deref(), Some("11230"), "{input:?}");
            assert_eq!(phone.display(), "04-2228-9111 分機 11230", "{input:?}");
            assert_eq!(phone.display_number(), "04-2228-9111");
            assert_eq!(phone.tel_uri(), "tel:+886-4-2228-9111;ext=11230");
        }
    }

    #[test]
    fn bad_extensions() {
        assert!(err("04-22289111#").contains("extension is empty"));
        assert!(err("04-22289111 分機 1234567").contains("1 to 6 digits, found 7"));
        assert!(err("04-22289111 ext 12a").contains("digits only"));
        assert!(err("04-22289111 # 12 # 34").contains("digits only"));
    }

    #[test]
    fn parse_ext_on_its_own() {
        assert_eq!(parse_ext("11230"), Ok("11230".to_string()));
        assert_eq!(parse_ext(" 11230 "), Ok("11230".to_string()));
        assert_eq!(parse_ext("１１２３０"), Ok("11230".to_string()));
        assert_eq!(parse_ext("分機11230"), Ok("11230".to_string()));
        assert_eq!(parse_ext("#7"), Ok("7".to_string()));
        assert_eq!(parse_ext("123456"), Ok("123456".to_string()));
        let too_long = parse_ext("1234567").unwrap_err();
        assert!(too_long.message.contains("found 7 digits"));
        assert!(too_long.help.contains("11230"));
        assert!(parse_ext("").is_err());
        assert!(parse_ext("12-34").is_err());
        assert!(parse_ext("abc").is_err());
        assert!(parse_ext("一二三").is_err());
    }

    #[test]
    fn landline_lengths_by_area() {
        let cases = [
            (
                "02-2720-8889",
                "02",
                "27208889",
                "02-2720-8889",
                "tel:+886-2-2720-8889",
            ),
            (
                "03-5216121",
                "03",
                "5216121",
                "03-521-6121",
                "tel:+886-3-521-6121",
            ),
            (
                "037-322150",
                "037",
                "322150",
                "037-32-2150",
                "tel:+886-37-32-2150",
            ),
            (
                "04-7222151",
                "04",
                "7222151",
                "04-722-2151",
                "tel:+886-4-722-2151",
            ),
            (
                "049-2222106",
                "049",
                "2222106",
                "049-222-2106",
                "tel:+886-49-222-2106",
            ),
            (
                "05-2254321",
                "05",
                "2254321",
                "05-225-4321",
                "tel:+886-5-225-4321",
            ),
            (
                "06-2991111",
                "06",
                "2991111",
                "06-299-1111",
                "tel:+886-6-299-1111",
            ),
            (
                "07-7995678",
                "07",
                "7995678",
                "07-799-5678",
                "tel:+886-7-799-5678",
            ),
            (
                "08-7320415",
                "08",
                "7320415",
                "08-732-0415",
                "tel:+886-8-732-0415",
            ),
            (
                "089-326141",
                "089",
                "326141",
                "089-32-6141",
                "tel:+886-89-32-6141",
            ),
            (
                "082-318823",
                "082",
                "318823",
                "082-31-8823",
                "tel:+886-82-31-8823",
            ),
            (
                "0826-89106",
                "0826",
                "89106",
                "0826-8-9106",
                "tel:+886-826-8-9106",
            ),
            (
                "(0836)25045",
                "0836",
                "25045",
                "0836-2-5045",
                "tel:+886-836-2-5045",
            ),
        ];
        for (input, area, number, display, uri) in cases {
            let phone = ok(input);
            assert_eq!(phone.kind, PhoneKind::Landline, "{input}");
            assert_eq!(phone.area, area, "{input}");
            assert_eq!(phone.number, number, "{input}");
            assert_eq!(phone.display(), display, "{input}");
            assert_eq!(phone.tel_uri(), uri, "{input}");
        }
    }

    #[test]
    fn longest_area_code_wins() {
        assert_eq!(ok("037322150").area, "037");
        assert_eq!(ok("0492222106").area, "049");
        assert_eq!(ok("089326141").area, "089");
        assert_eq!(ok("082318823").area, "082");
        assert_eq!(ok("082689106").area, "0826");
        assert_eq!(ok("083625045").area, "0836");
        // 08 followed by 9 is Taitung's 089, not an 08 number.
        assert_eq!(ok("08-9326141").area, "089");
    }

    #[test]
    fn wrong_subscriber_lengths() {
        assert_eq!(
            err("04-222891"),
            "area code 04 needs a 7- or 8-digit number, found 6 digits"
        );
        assert_eq!(
            err("02-2720-888"),
            "area code 02 needs an 8-digit number, found 7 digits"
        );
        assert_eq!(
            err("037-3221500"),
            "area code 037 needs a 6-digit number, found 7 digits"
        );
        assert_eq!(
            err("07-79956789"),
            "area code 07 needs a 7-digit number, found 8 digits"
        );
        assert_eq!(
            err("049"),
            "area code 049 needs a 7-digit number, found 0 digits"
        );
        assert_eq!(
            err("0491"),
            "area code 049 needs a 7-digit number, found 1 digit"
        );
    }

    #[test]
    fn unknown_area_codes() {
        assert_eq!(err("01-2345678"), "unknown area code 01");
        assert_eq!(err("00-2345678"), "unknown area code 00");
        assert!(err("2228-9111").contains("no area code"));
        assert!(err("0").contains("too short"));
        assert!(err("04").contains("too short"));
    }

    #[test]
    fn mobile_numbers() {
        for input in [
            "0912-345-678",
            "0912345678",
            "0912 345 678",
            "+886 912 345 678",
            "+886-912-345678",
            "886912345678",
            "+886 0912 345 678",
            "０９１２３４５６７８",
        ] {
            let phone = ok(input);
            assert_eq!(phone.kind, PhoneKind::Mobile, "{input}");
            assert_eq!(phone.area, "0912");
            assert_eq!(phone.number, "345678");
            assert_eq!(phone.display(), "0912-345-678");
            assert_eq!(phone.tel_uri(), "tel:+886-912-345-678");
        }
        assert_eq!(
            err("0912-345-67"),
            "a mobile number needs 10 digits (09 and 8 more), found 9 digits"
        );
        assert!(err("0912-345-6789").contains("found 11 digits"));
    }

    #[test]
    fn toll_free_numbers() {
        let phone = ok("0800-022-128");
        assert_eq!(phone.kind, PhoneKind::TollFree);
        assert_eq!(phone.area, "0800");
        assert_eq!(phone.number, "022128");
        assert_eq!(phone.display(), "0800-022-128");
        assert_eq!(phone.tel_uri(), "tel:0800-022-128");
        assert_eq!(ok("0800022128").display(), "0800-022-128");
        assert_eq!(ok("+886-800-022-128").display(), "0800-022-128");
        let other = ok("0809-090-123");
        assert_eq!(other.kind, PhoneKind::TollFree);
        assert_eq!(other.display(), "0809-090-123");
        let with_ext = ok("0800-022-128 轉 9");
        assert_eq!(with_ext.display(), "0800-022-128 分機 9");
        assert_eq!(with_ext.tel_uri(), "tel:0800-022-128;ext=9");
        assert_eq!(
            err("0800-022-12"),
            "toll-free number 0800 needs 6 more digits, found 5 digits"
        );
    }

    #[test]
    fn short_numbers() {
        for number in [
            "110", "119", "112", "113", "165", "166", "1999", "1950", "1966", "1925", "1957",
            "1968", "1988", "1690",
        ] {
            let phone = ok(number);
            assert_eq!(phone.kind, PhoneKind::Short, "{number}");
            assert_eq!(phone.area, "");
            assert_eq!(phone.number, number);
            assert_eq!(phone.display(), number);
            assert_eq!(phone.tel_uri(), format!("tel:{number}"));
        }
        assert_eq!(ok("１９９９").display(), "1999");
        assert_eq!(ok("1999 #2").tel_uri(), "tel:1999;ext=2");
        assert!(err("1234").contains("not a service number"));
        assert!(err("19999").contains("not a service number"));
        assert!(err("11").contains("not a service number"));
        assert!(err("1").contains("not a service number"));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(err("call us"), "not a telephone number: contains letters");
        assert_eq!(
            err("04-2228-911a"),
            "not a telephone number: contains letters"
        );
        assert_eq!(err("ｔｅｌ"), "not a telephone number: contains letters");
        assert_eq!(
            err("電話04-22289111"),
            "not a telephone number: unexpected character '電'"
        );
        assert_eq!(
            err("04/22289111"),
            "not a telephone number: unexpected character '/'"
        );
        assert_eq!(err(""), "the telephone number is empty");
        assert_eq!(err("   "), "the telephone number is empty");
        assert_eq!(err("--"), "not a telephone number: contains no digits");
        assert!(err("+1-212-555-0100").contains("+886"));
        assert!(err("04+22289111").contains("'+'"));
        assert!(err("+886").contains("too short"));
        assert!(err("#11230").contains("empty"));
    }

    #[test]
    fn no_panics_on_odd_input() {
        for input in [
            "🙂",
            "０",
            "（",
            "分機",
            "轉轉轉",
            "#",
            ",",
            "ext",
            "+",
            "++886",
            "886",
            "8860",
            "\u{0}",
            "04-2228-9111 分機 🙂",
            "é",
            "٠١٢",
            "04-2228-9111\u{FF5E}",
        ] {
            let _ = parse(input);
            let _ = parse_ext(input);
        }
        // Hand-built values print without panicking.
        let odd = Phone {
            kind: PhoneKind::Landline,
            area: String::new(),
            number: "電話號碼一二".into(),
            ext: Some("x".into()),
        };
        let _ = odd.display();
        let _ = odd.tel_uri();
    }

    #[test]
    fn error_displays_message_and_help() {
        let e = parse("01-2345678").unwrap_err();
        assert_eq!(
            e.help,
            "write e.g. 04-22289111, 0800-022-128, 0912-345-678 or 1999, \
             optionally followed by an extension such as 分機 11230"
        );
        assert!(
            e.to_string()
                .starts_with("unknown area code 01 (write e.g.")
        );
    }
}
