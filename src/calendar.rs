//! ROC (Minguo) calendar dates, Chinese numerals, the gazette's publication
//! schedule, issue numbering and the list markers of Taiwanese official
//! documents.
//!
//! Everything here is pure: no clock, no I/O, no panics on any input.

use chrono::{Datelike, NaiveDate};

use crate::diag::Problem;

/// The Gregorian year in which ROC year 1 began (1912 is ROC 1).
const ROC_EPOCH_OFFSET: i32 = 1911;

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];

const ZODIAC: [&str; 12] = [
    "鼠", "牛", "虎", "兔", "龍", "蛇", "馬", "羊", "猴", "雞", "狗", "豬",
];

/// The sexagenary cycle (六十甲子), starting at 甲子.
const CYCLE: [&str; 60] = [
    "甲子", "乙丑", "丙寅", "丁卯", "戊辰", "己巳", "庚午", "辛未", "壬申", "癸酉", //
    "甲戌", "乙亥", "丙子", "丁丑", "戊寅", "己卯", "庚辰", "辛巳", "壬午", "癸未", //
    "甲申", "乙酉", "丙戌", "丁亥", "戊子", "己丑", "庚寅", "辛卯", "壬辰", "癸巳", //
    "甲午", "乙未", "丙申", "丁酉", "戊戌", "己亥", "庚子", "辛丑", "壬寅", "癸卯", //
    "甲辰", "乙巳", "丙午", "丁未", "戊申", "己酉", "庚戌", "辛亥", "壬子", "癸丑", //
    "甲寅", "乙卯", "丙辰", "丁巳", "戊午", "己未", "庚申", "辛酉", "壬戌", "癸亥",
];

const SEASONS: [char; 4] = ['春', '夏', '秋', '冬'];

/// `2026-11-15`: a date as folders, URLs and open data write it. The
/// same as chrono's `%Y-%m-%d`, without parsing the format on every call
/// (2-3% of a rebuild's CPU time at 100,000 documents).
pub fn iso(date: NaiveDate) -> Iso {
    Iso(date)
}

/// What [`iso`] gives.
#[derive(Debug, Clone, Copy)]
pub struct Iso(NaiveDate);

impl std::fmt::Display for Iso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let d = self.0;
        if let Ok(y) = u32::try_from(d.year())
            && y <= 9999
        {
            // Ten bytes by hand: `write!` with widths took 3% of a
            // rebuild's CPU time at 100,000 documents.
            let (m, day) = (d.month(), d.day());
            let digit = |n: u32| b'0' + (n % 10) as u8;
            let bytes = [
                digit(y / 1000),
                digit(y / 100),
                digit(y / 10),
                digit(y),
                b'-',
                digit(m / 10),
                digit(m),
                b'-',
                digit(day / 10),
                digit(day),
            ];
            f.write_str(std::str::from_utf8(&bytes).map_err(|_| std::fmt::Error)?)
        } else {
            write!(f, "{}", d.format("%Y-%m-%d"))
        }
    }
}

/// ROC year of a Gregorian year: 2026 -> 115.
///
/// Years before 1912 give zero or negative numbers; callers that may see such
/// years should check for them.
pub fn roc_year(year: i32) -> i32 {
    year.saturating_sub(ROC_EPOCH_OFFSET)
}

/// Long ROC date: 2026-11-15 -> `中華民國115年11月15日`.
pub fn roc_long(date: NaiveDate) -> String {
    format!(
        "中華民國{}年{}月{}日",
        roc_year(date.year()),
        date.month(),
        date.day()
    )
}

/// Short ROC date, month and day zero padded: 2026-11-05 -> `115.11.05`.
pub fn roc_short(date: NaiveDate) -> String {
    format!(
        "{}.{:02}.{:02}",
        roc_year(date.year()),
        date.month(),
        date.day()
    )
}

/// ROC year and month: (2026, 11) -> `115年11月`.
pub fn roc_month(year: i32, month: u32) -> String {
    format!("{}年{}月", roc_year(year), month)
}

/// A long ROC date back to a date: `中華民國103年12月31日` (spaces allowed
/// around the numbers, `民國` without `中華` too) -> 2014-12-31. None if the
/// text is not such a date or names no real day.
pub fn parse_roc_long(text: &str) -> Option<NaiveDate> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.strip_prefix("中華").unwrap_or(&t);
    let t = t.strip_prefix("民國")?;
    let (year, rest) = t.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
            return None;
        }
        s.parse().ok()
    };
    let year = i32::try_from(number(year)?).ok()? + ROC_EPOCH_OFFSET;
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// A short ROC date as in file names, `104-01-05` or `104.01.05`
/// -> 2015-01-05.
pub fn parse_roc_short(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['-', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let year = y.parse::<i32>().ok()? + ROC_EPOCH_OFFSET;
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// A number in Chinese numerals as written in official documents:
/// 10 -> 十, 21 -> 二十一, 105 -> 一百零五, 110 -> 一百一十, 2026 -> 二千零二十六,
/// 10010 -> 一萬零一十. Zero on its own is 〇.
pub fn chinese_numeral(n: u32) -> String {
    if n == 0 {
        return "〇".to_string();
    }
    const GROUP_UNITS: [&str; 3] = ["", "萬", "億"];
    let groups = [n % 10_000, (n / 10_000) % 10_000, n / 100_000_000];
    let mut out = String::new();
    let mut zero_pending = false;
    for i in (0..groups.len()).rev() {
        let group = groups[i];
        if group == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        // A gap inside the number is read as a single 零 (一萬零一十).
        if !out.is_empty() && (zero_pending || group < 1000) {
            out.push('零');
        }
        zero_pending = false;
        out.push_str(&group_numeral(group));
        out.push_str(GROUP_UNITS[i]);
    }
    // 一十 is read 十 at the start of a number (十一, 十萬), not inside it (一百一十).
    match out.strip_prefix("一十") {
        Some(rest) => format!("十{rest}"),
        None => out,
    }
}

/// Chinese numeral of 1..=9999 without the special leading 十 rule.
fn group_numeral(group: u32) -> String {
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let digits = [
        group / 1000 % 10,
        group / 100 % 10,
        group / 10 % 10,
        group % 10,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (digit, unit) in digits.into_iter().zip(UNITS) {
        if digit == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push_str(DIGITS[digit as usize]);
        out.push_str(unit);
    }
    out
}

/// 干支 and 生肖 of the Gregorian year in which a Spring Festival falls:
/// 2026 -> ("丙午", "馬"), 1984 -> ("甲子", "鼠"). Works for any year,
/// including negative ones.
pub fn sexagenary(year: i32) -> (&'static str, &'static str) {
    // 1984 is 甲子; 1984 % 60 == 4, so the cycle index is (year - 4) mod 60.
    let index = (year.rem_euclid(60) + 56) % 60;
    let index = index as usize;
    (CYCLE[index], ZODIAC[index % 12])
}

/// Days of the month an issue appears on; a day past the month's end means
/// the month's last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    days: Vec<u32>,
}

impl Schedule {
    /// How to write a schedule.
    pub const HELP: &str =
        "list days of the month, e.g. [15, 30]; a day past a month's end means its last day";

    /// A schedule from days of the month (1..=31), in any order, duplicates
    /// allowed. Errors (in English) if the list is empty or a day is out of
    /// range.
    pub fn new(days: &[u32]) -> Result<Schedule, Problem> {
        let problem = |message: String| Problem::new(message, Schedule::HELP);
        if days.is_empty() {
            return Err(problem(
                "the schedule is empty: list at least one day of the month, e.g. [15, 30]".into(),
            ));
        }
        if let Some(bad) = days.iter().find(|d| !(1..=31).contains(*d)) {
            return Err(problem(format!(
                "{bad} is not a day of the month: schedule days must be between 1 and 31"
            )));
        }
        let mut days = days.to_vec();
        days.sort_unstable();
        days.dedup();
        Ok(Schedule { days })
    }

    /// The scheduled days of the month, sorted and deduplicated.
    pub fn days(&self) -> &[u32] {
        &self.days
    }

    /// The issue dates of one month, ascending; days past the month's end fall
    /// on its last day, so [30, 31] gives one date in February. An invalid
    /// month gives no dates.
    pub fn dates_in_month(&self, year: i32, month: u32) -> Vec<NaiveDate> {
        let Some(last) = last_day_of_month(year, month) else {
            return Vec::new();
        };
        let mut dates: Vec<NaiveDate> = self
            .days
            .iter()
            .filter_map(|&day| NaiveDate::from_ymd_opt(year, month, day.min(last)))
            .collect();
        dates.dedup();
        dates
    }

    /// Whether an issue appears on this date.
    pub fn is_scheduled(&self, date: NaiveDate) -> bool {
        self.dates_in_month(date.year(), date.month())
            .contains(&date)
    }

    /// The scheduled date closest to `date` (itself if scheduled); on a tie
    /// the earlier date. Looks in the previous, this and the next month,
    /// which always suffices because every month has an issue.
    pub fn nearest(&self, date: NaiveDate) -> NaiveDate {
        let mut best = date;
        let mut best_distance = i64::MAX;
        for delta in -1..=1 {
            let (year, month) = shift_month(date.year(), date.month(), delta);
            for candidate in self.dates_in_month(year, month) {
                let distance = (candidate - date).num_days().abs();
                // Candidates come in ascending order, so `<` keeps the earlier on ties.
                if distance < best_distance {
                    best = candidate;
                    best_distance = distance;
                }
            }
        }
        best
    }

    /// The first scheduled date on or after `date`: the issue that
    /// publishes what arrives that day.
    pub fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        if self.is_scheduled(date) {
            date
        } else {
            self.next_after(date)
        }
    }

    /// The first scheduled date strictly after `date`. (Returns `date` itself
    /// only at the very end of chrono's date range, where no later date exists.)
    pub fn next_after(&self, date: NaiveDate) -> NaiveDate {
        (0..=2)
            .flat_map(|delta| {
                let (year, month) = shift_month(date.year(), date.month(), delta);
                self.dates_in_month(year, month)
            })
            .find(|candidate| *candidate > date)
            .unwrap_or(date)
    }

    /// All scheduled dates from `from` to `to`, both inclusive, ascending.
    /// Empty if `from` is after `to`.
    pub fn dates_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        if from > to {
            return Vec::new();
        }
        let first = month_index(from.year(), from.month());
        let last = month_index(to.year(), to.month());
        (first..=last)
            .flat_map(|index| {
                let (year, month) = from_month_index(index);
                self.dates_in_month(year, month)
            })
            .filter(|date| (from..=to).contains(date))
            .collect()
    }
}

/// How issues are numbered: within each quarter (春/夏/秋/冬字第N期) or
/// within each year (第N期).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    Season,
    Year,
}

/// An issue number computed from its date: N is the date's 1-based position
/// in its quarter's (Season) or year's (Year) schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueNumber {
    pub roc_year: i32,
    pub season: Option<char>,
    pub n: u32,
    /// An extra issue (號外), numbered on its own within the ROC year.
    pub extra: bool,
}

impl IssueNumber {
    /// The number of the issue dated `date`. N counts the scheduled dates of
    /// the quarter (or year) up to and including `date`, so it does not depend
    /// on which earlier issues exist. For a date that is not scheduled, N is
    /// the position the date would take: the count of scheduled dates in the
    /// period on or before it, at least 1.
    pub fn compute(date: NaiveDate, schedule: &Schedule, numbering: Numbering) -> IssueNumber {
        let quarter = (date.month0() / 3) as usize;
        let (first_month, months, season) = match numbering {
            Numbering::Season => (quarter as u32 * 3 + 1, 3, SEASONS.get(quarter).copied()),
            Numbering::Year => (1, 12, None),
        };
        let count = (first_month..first_month + months)
            .flat_map(|month| schedule.dates_in_month(date.year(), month))
            .filter(|scheduled| *scheduled <= date)
            .count();
        IssueNumber {
            roc_year: roc_year(date.year()),
            season,
            n: u32::try_from(count).unwrap_or(u32::MAX).max(1),
            extra: false,
        }
    }

    /// The number of the `n`th (1-based) extra issue (號外) of the ROC year
    /// of `date`: `115年號外第2期`. Extra issues leave regular numbers
    /// untouched; `n` is the issue's position among the year's extra issue
    /// folders by date (counted by the loader, `content::gazette`).
    pub fn extra(date: NaiveDate, n: u32) -> IssueNumber {
        IssueNumber {
            roc_year: roc_year(date.year()),
            season: None,
            n: n.max(1),
            extra: true,
        }
    }

    /// The number without the year: `冬字第3期` (Season) or `第3期` (Year).
    pub fn label(&self) -> String {
        if self.extra {
            return format!("號外第{}期", self.n);
        }
        match self.season {
            Some(season) => format!("{season}字第{}期", self.n),
            None => format!("第{}期", self.n),
        }
    }

    /// The number with its ROC year: `115年冬字第3期` or `115年第3期`.
    pub fn full(&self) -> String {
        format!("{}年{}", self.roc_year, self.label())
    }
}

/// The marker of item `n` (1-based; 0 is treated as 1) of an ordered list at
/// `depth` (0 = outermost), in the official numbering of Taiwanese public
/// documents:
///
/// | depth | markers |
/// | --- | --- |
/// | 0 | 一、 二、 … 十一、 |
/// | 1 | （一） （二） … |
/// | 2 | 1、 2、 … |
/// | 3 | （1） （2） … |
/// | 4 | 甲、 乙、 … 癸、 then 甲子、 乙丑、 … (the sexagenary cycle, wrapping after 60) |
/// | 5 | （甲） （乙） … |
///
/// Parentheses are full-width. Lists nested deeper than depth 5 cycle through
/// the styles of depths 2–5 again (depth 6 is `1、`, 7 is `（1）`, 8 is `甲、`,
/// 9 is `（甲）`, 10 is `1、` …), since the official scheme stops at 甲.
pub fn list_marker(depth: usize, n: u32) -> String {
    let n = n.max(1);
    let style = if depth <= 5 {
        depth
    } else {
        2 + (depth - 2) % 4
    };
    match style {
        0 => format!("{}、", chinese_numeral(n)),
        1 => format!("（{}）", chinese_numeral(n)),
        2 => format!("{n}、"),
        3 => format!("（{n}）"),
        4 => format!("{}、", stem_marker(n)),
        _ => format!("（{}）", stem_marker(n)),
    }
}

/// 甲 … 癸 for 1..=10, then 甲子, 乙丑, … for 11..=70, wrapping round the cycle.
fn stem_marker(n: u32) -> &'static str {
    let index = n.saturating_sub(1) as usize;
    if index < STEMS.len() {
        STEMS[index]
    } else {
        CYCLE[(index - STEMS.len()) % CYCLE.len()]
    }
}

/// The last day of a month, or None for an invalid month or a year outside
/// chrono's range.
fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    (28..=31)
        .rev()
        .find(|&day| NaiveDate::from_ymd_opt(year, month, day).is_some())
}

/// Months counted from year 0, so that month arithmetic is plain addition.
fn month_index(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn from_month_index(index: i64) -> (i32, u32) {
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = index.rem_euclid(12) as u32 + 1;
    (year, month)
}

fn shift_month(year: i32, month: u32, delta: i64) -> (i32, u32) {
    from_month_index(month_index(year, month) + delta)
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 11, 15),
            (2008, 2, 29),
            (1912, 10, 10),
            (0, 1, 1),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 2, 3),
            (10000, 1, 1),
            (-5, 6, 7),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso(date).to_string(), date.format("%Y-%m-%d").to_string());
        }
    }

    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    fn gazette() -> Schedule {
        Schedule::new(&[15, 30]).expect("valid schedule")
    }

    fn number(date: NaiveDate, numbering: Numbering) -> String {
        IssueNumber::compute(date, &gazette(), numbering).full()
    }

    #[test]
    fn roc_dates_parsed_back() {
        assert_eq!(
            parse_roc_long("中華民國103年12月31日"),
            Some(d(2014, 12, 31))
        );
        assert_eq!(
            parse_roc_long(" 中華民國 104 年 1 月 5 日"),
            Some(d(2015, 1, 5))
        );
        assert_eq!(parse_roc_long("民國104年2月29日"), None);
        assert_eq!(parse_roc_long("2015-01-05"), None);
        assert_eq!(
            parse_roc_long(&roc_long(d(2026, 11, 15))),
            Some(d(2026, 11, 15))
        );
        assert_eq!(parse_roc_short("104-01-05"), Some(d(2015, 1, 5)));
        assert_eq!(parse_roc_short("104.06.30"), Some(d(2015, 6, 30)));
        assert_eq!(parse_roc_short("104-13-05"), None);
        assert_eq!(parse_roc_short("ey-104-01"), None);
    }

    #[test]
    fn issue_on_or_after_a_day() {
        let s = gazette();
        assert_eq!(s.on_or_after(d(2015, 1, 5)), d(2015, 1, 15));
        assert_eq!(s.on_or_after(d(2015, 1, 15)), d(2015, 1, 15));
        assert_eq!(s.on_or_after(d(2015, 1, 31)), d(2015, 2, 15));
        assert_eq!(s.on_or_after(d(2015, 2, 16)), d(2015, 2, 28));
    }

    #[test]
    fn roc_year_offsets_from_1911() {
        assert_eq!(roc_year(2026), 115);
        assert_eq!(roc_year(1912), 1);
        assert_eq!(roc_year(2025), 114);
        assert_eq!(roc_year(i32::MIN), i32::MIN);
    }

    #[test]
    fn roc_date_forms() {
        assert_eq!(roc_long(d(2026, 11, 15)), "中華民國115年11月15日");
        assert_eq!(roc_long(d(2026, 1, 5)), "中華民國115年1月5日");
        assert_eq!(roc_short(d(2026, 11, 15)), "115.11.15");
        assert_eq!(roc_short(d(2026, 1, 5)), "115.01.05");
        assert_eq!(roc_month(2026, 11), "115年11月");
        assert_eq!(roc_month(2027, 1), "116年1月");
    }

    #[test]
    fn chinese_numerals_small() {
        let cases = [
            (0, "〇"),
            (1, "一"),
            (2, "二"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (105, "一百零五"),
            (110, "一百一十"),
            (115, "一百一十五"),
            (999, "九百九十九"),
        ];
        for (n, expected) in cases {
            assert_eq!(chinese_numeral(n), expected, "{n}");
        }
    }

    #[test]
    fn chinese_numerals_large() {
        let cases = [
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (2026, "二千零二十六"),
            (9999, "九千九百九十九"),
            (10_000, "一萬"),
            (10_010, "一萬零一十"),
            (10_100, "一萬零一百"),
            (11_000, "一萬一千"),
            (100_000, "十萬"),
            (150_000, "十五萬"),
            (1_000_001, "一百萬零一"),
            (10_010_000, "一千零一萬"),
            (100_000_000, "一億"),
            (100_000_001, "一億零一"),
            (100_001_000, "一億零一千"),
            (110_000_000, "一億一千萬"),
            (u32::MAX, "四十二億九千四百九十六萬七千二百九十五"),
        ];
        for (n, expected) in cases {
            assert_eq!(chinese_numeral(n), expected, "{n}");
        }
    }

    #[test]
    fn sexagenary_years() {
        assert_eq!(sexagenary(2026), ("丙午", "馬"));
        assert_eq!(sexagenary(2025), ("乙巳", "蛇"));
        assert_eq!(sexagenary(2024), ("甲辰", "龍"));
        assert_eq!(sexagenary(1984), ("甲子", "鼠"));
        assert_eq!(sexagenary(2044), ("甲子", "鼠"));
        assert_eq!(sexagenary(1983), ("癸亥", "豬"));
        assert_eq!(sexagenary(2027), ("丁未", "羊"));
        assert_eq!(sexagenary(4), ("甲子", "鼠"));
        assert_eq!(sexagenary(0), ("庚申", "猴"));
        assert_eq!(sexagenary(-56), ("甲子", "鼠"));
        // No overflow or panic at the extremes.
        let _ = sexagenary(i32::MIN);
        let _ = sexagenary(i32::MAX);
    }

    #[test]
    fn schedule_new_sorts_and_validates() {
        let schedule = Schedule::new(&[30, 15, 15]).expect("valid");
        assert_eq!(schedule.days(), &[15, 30]);
        assert!(Schedule::new(&[]).is_err());
        let zero = Schedule::new(&[0, 15]).unwrap_err();
        assert!(zero.message.contains('0'), "{zero}");
        let big = Schedule::new(&[15, 32]).unwrap_err();
        assert!(big.message.contains("32"), "{big}");
        assert!(Schedule::new(&[31]).is_ok());
    }

    #[test]
    fn dates_in_month_clamps_to_month_end() {
        let schedule = gazette();
        assert_eq!(
            schedule.dates_in_month(2026, 11),
            vec![d(2026, 11, 15), d(2026, 11, 30)]
        );
        assert_eq!(
            schedule.dates_in_month(2026, 2),
            vec![d(2026, 2, 15), d(2026, 2, 28)]
        );
        assert_eq!(
            schedule.dates_in_month(2028, 2),
            vec![d(2028, 2, 15), d(2028, 2, 29)]
        );
        let month_end = Schedule::new(&[31]).expect("valid");
        assert_eq!(month_end.dates_in_month(2026, 4), vec![d(2026, 4, 30)]);
        assert_eq!(month_end.dates_in_month(2026, 2), vec![d(2026, 2, 28)]);
        assert_eq!(month_end.dates_in_month(2028, 2), vec![d(2028, 2, 29)]);
        assert_eq!(month_end.dates_in_month(2026, 12), vec![d(2026, 12, 31)]);
        let both = Schedule::new(&[30, 31]).expect("valid");
        assert_eq!(both.dates_in_month(2026, 2), vec![d(2026, 2, 28)]);
        assert_eq!(both.dates_in_month(2028, 2), vec![d(2028, 2, 29)]);
        assert_eq!(both.dates_in_month(2026, 4), vec![d(2026, 4, 30)]);
        assert_eq!(
            both.dates_in_month(2026, 5),
            vec![d(2026, 5, 30), d(2026, 5, 31)]
        );
        let leap_day = Schedule::new(&[29]).expect("valid");
        assert_eq!(leap_day.dates_in_month(2100, 2), vec![d(2100, 2, 28)]);
        assert_eq!(leap_day.dates_in_month(2000, 2), vec![d(2000, 2, 29)]);
    }

    #[test]
    fn dates_in_invalid_month_are_empty() {
        let schedule = gazette();
        assert!(schedule.dates_in_month(2026, 0).is_empty());
        assert!(schedule.dates_in_month(2026, 13).is_empty());
        assert!(schedule.dates_in_month(i32::MAX, 1).is_empty());
    }

    #[test]
    fn is_scheduled_follows_clamping() {
        let schedule = gazette();
        assert!(schedule.is_scheduled(d(2026, 11, 15)));
        assert!(schedule.is_scheduled(d(2026, 11, 30)));
        assert!(!schedule.is_scheduled(d(2026, 11, 14)));
        assert!(schedule.is_scheduled(d(2026, 2, 28)));
        assert!(schedule.is_scheduled(d(2028, 2, 29)));
        assert!(!schedule.is_scheduled(d(2028, 2, 28)));
        assert!(!schedule.is_scheduled(d(2026, 12, 31)));
    }

    #[test]
    fn nearest_suggests_the_closest_date() {
        let schedule = gazette();
        assert_eq!(schedule.nearest(d(2026, 11, 15)), d(2026, 11, 15));
        assert_eq!(schedule.nearest(d(2026, 11, 14)), d(2026, 11, 15));
        assert_eq!(schedule.nearest(d(2026, 11, 16)), d(2026, 11, 15));
        assert_eq!(schedule.nearest(d(2026, 11, 23)), d(2026, 11, 30));
        assert_eq!(schedule.nearest(d(2026, 12, 1)), d(2026, 11, 30));
        assert_eq!(schedule.nearest(d(2026, 3, 1)), d(2026, 2, 28));
        assert_eq!(schedule.nearest(d(2026, 12, 31)), d(2026, 12, 30));
        assert_eq!(schedule.nearest(d(2027, 1, 1)), d(2026, 12, 30));
        assert_eq!(schedule.nearest(d(2026, 1, 3)), d(2025, 12, 30));
        assert_eq!(schedule.nearest(d(2028, 2, 28)), d(2028, 2, 29));
    }

    #[test]
    fn nearest_breaks_ties_towards_the_earlier_date() {
        let schedule = gazette();
        // 11-22 is 7 days after 11-15 and 8 before 11-30.
        assert_eq!(schedule.nearest(d(2026, 11, 22)), d(2026, 11, 15));
        // Exact ties, 8 days either side, across month and year ends.
        assert_eq!(schedule.nearest(d(2026, 11, 7)), d(2026, 10, 30));
        assert_eq!(schedule.nearest(d(2027, 1, 7)), d(2026, 12, 30));
        assert_eq!(schedule.nearest(d(2026, 2, 7)), d(2026, 1, 30));
        let tens = Schedule::new(&[10, 20]).expect("valid");
        assert_eq!(tens.nearest(d(2026, 11, 15)), d(2026, 11, 10));
        assert_eq!(tens.nearest(d(2026, 11, 16)), d(2026, 11, 20));
    }

    #[test]
    fn next_after_is_strictly_later() {
        let schedule = gazette();
        assert_eq!(schedule.next_after(d(2026, 11, 14)), d(2026, 11, 15));
        assert_eq!(schedule.next_after(d(2026, 11, 15)), d(2026, 11, 30));
        assert_eq!(schedule.next_after(d(2026, 11, 30)), d(2026, 12, 15));
        assert_eq!(schedule.next_after(d(2026, 12, 30)), d(2027, 1, 15));
        assert_eq!(schedule.next_after(d(2026, 12, 31)), d(2027, 1, 15));
        assert_eq!(schedule.next_after(d(2026, 2, 15)), d(2026, 2, 28));
        assert_eq!(schedule.next_after(d(2026, 2, 28)), d(2026, 3, 15));
        let monthly = Schedule::new(&[1]).expect("valid");
        assert_eq!(monthly.next_after(d(2026, 1, 1)), d(2026, 2, 1));
        assert_eq!(monthly.next_after(d(2026, 12, 1)), d(2027, 1, 1));
        // No panic at the end of chrono's range.
        let _ = schedule.next_after(NaiveDate::MAX);
        let _ = schedule.nearest(NaiveDate::MAX);
        let _ = schedule.nearest(NaiveDate::MIN);
    }

    #[test]
    fn dates_between_is_inclusive() {
        let schedule = gazette();
        assert_eq!(
            schedule.dates_between(d(2026, 11, 15), d(2027, 1, 15)),
            vec![
                d(2026, 11, 15),
                d(2026, 11, 30),
                d(2026, 12, 15),
                d(2026, 12, 30),
                d(2027, 1, 15)
            ]
        );
        assert_eq!(
            schedule.dates_between(d(2026, 11, 16), d(2026, 11, 29)),
            vec![]
        );
        assert_eq!(
            schedule.dates_between(d(2026, 11, 15), d(2026, 11, 15)),
            vec![d(2026, 11, 15)]
        );
        assert!(
            schedule
                .dates_between(d(2027, 1, 1), d(2026, 1, 1))
                .is_empty()
        );
        assert_eq!(
            schedule.dates_between(d(2026, 1, 1), d(2026, 12, 31)).len(),
            24
        );
    }

    #[test]
    fn season_numbers() {
        assert_eq!(number(d(2026, 11, 15), Numbering::Season), "115年冬字第3期");
        assert_eq!(number(d(2026, 2, 28), Numbering::Season), "115年春字第4期");
        assert_eq!(number(d(2026, 1, 15), Numbering::Season), "115年春字第1期");
        assert_eq!(number(d(2026, 12, 30), Numbering::Season), "115年冬字第6期");
        assert_eq!(number(d(2026, 3, 30), Numbering::Season), "115年春字第6期");
        assert_eq!(number(d(2026, 4, 15), Numbering::Season), "115年夏字第1期");
        assert_eq!(number(d(2026, 7, 15), Numbering::Season), "115年秋字第1期");
        assert_eq!(number(d(2026, 9, 30), Numbering::Season), "115年秋字第6期");
        assert_eq!(number(d(2026, 10, 15), Numbering::Season), "115年冬字第1期");
        assert_eq!(number(d(2028, 2, 29), Numbering::Season), "117年春字第4期");
    }

    #[test]
    fn year_numbers() {
        assert_eq!(number(d(2026, 11, 15), Numbering::Year), "115年第21期");
        assert_eq!(number(d(2026, 1, 15), Numbering::Year), "115年第1期");
        assert_eq!(number(d(2026, 12, 30), Numbering::Year), "115年第24期");
        assert_eq!(number(d(2026, 4, 15), Numbering::Year), "115年第7期");
    }

    #[test]
    fn issue_number_parts() {
        let issue = IssueNumber::compute(d(2026, 11, 15), &gazette(), Numbering::Season);
        assert_eq!(
            issue,
            IssueNumber {
                roc_year: 115,
                season: Some('冬'),
                n: 3,
                extra: false,
            }
        );
        assert_eq!(issue.label(), "冬字第3期");
        let yearly = IssueNumber::compute(d(2026, 11, 15), &gazette(), Numbering::Year);
        assert_eq!(yearly.season, None);
        assert_eq!(yearly.label(), "第21期");
        assert_eq!(yearly.full(), "115年第21期");
    }

    #[test]
    fn extra_issues_have_their_own_numbers() {
        let extra = IssueNumber::extra(d(2026, 11, 20), 2);
        assert_eq!(extra.label(), "號外第2期");
        assert_eq!(extra.full(), "115年號外第2期");
        assert_eq!(
            IssueNumber::extra(d(2026, 1, 2), 0).full(),
            "115年號外第1期"
        );
    }

    #[test]
    fn unscheduled_dates_take_their_would_be_position() {
        // Between Nov 15 (3rd) and Nov 30: position 3.
        assert_eq!(number(d(2026, 11, 20), Numbering::Season), "115年冬字第3期");
        // Before the quarter's first issue: at least 1.
        assert_eq!(number(d(2026, 10, 1), Numbering::Season), "115年冬字第1期");
        assert_eq!(number(d(2026, 1, 1), Numbering::Year), "115年第1期");
        // After the quarter's last issue.
        assert_eq!(number(d(2026, 12, 31), Numbering::Season), "115年冬字第6期");
    }

    #[test]
    fn every_day_has_a_scheduled_neighbour_and_numbers_run_on() {
        for days in [&[15, 30][..], &[1][..], &[31][..], &[10, 20, 31][..]] {
            let schedule = Schedule::new(days).expect("valid");
            let mut date = d(2025, 12, 1);
            while date < d(2029, 1, 31) {
                let nearest = schedule.nearest(date);
                assert!(schedule.is_scheduled(nearest), "{days:?} {date}");
                assert!((nearest - date).num_days().abs() <= 16, "{days:?} {date}");
                let next = schedule.next_after(date);
                assert!(
                    next > date && schedule.is_scheduled(next),
                    "{days:?} {date}"
                );
                assert!(
                    schedule
                        .dates_between(
                            date.succ_opt().expect("in range"),
                            next.pred_opt().expect("in range")
                        )
                        .is_empty(),
                    "{days:?} {date}"
                );
                date = date.succ_opt().expect("in range");
            }
            // Numbers count 1, 2, 3 … and restart each quarter / year.
            let dates = schedule.dates_between(d(2026, 1, 1), d(2028, 12, 31));
            for pair in dates.windows(2) {
                for numbering in [Numbering::Season, Numbering::Year] {
                    let a = IssueNumber::compute(pair[0], &schedule, numbering);
                    let b = IssueNumber::compute(pair[1], &schedule, numbering);
                    if a.roc_year == b.roc_year && a.season == b.season {
                        assert_eq!(b.n, a.n + 1, "{days:?} {pair:?}");
                    } else {
                        assert_eq!(b.n, 1, "{days:?} {pair:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn list_markers_by_depth() {
        assert_eq!(list_marker(0, 1), "一、");
        assert_eq!(list_marker(0, 2), "二、");
        assert_eq!(list_marker(0, 10), "十、");
        assert_eq!(list_marker(0, 11), "十一、");
        assert_eq!(list_marker(0, 21), "二十一、");
        assert_eq!(list_marker(1, 1), "（一）");
        assert_eq!(list_marker(1, 12), "（十二）");
        assert_eq!(list_marker(2, 1), "1、");
        assert_eq!(list_marker(2, 12), "12、");
        assert_eq!(list_marker(3, 1), "（1）");
        assert_eq!(list_marker(3, 12), "（12）");
        assert_eq!(list_marker(4, 1), "甲、");
        assert_eq!(list_marker(4, 2), "乙、");
        assert_eq!(list_marker(4, 10), "癸、");
        assert_eq!(list_marker(4, 11), "甲子、");
        assert_eq!(list_marker(4, 12), "乙丑、");
        assert_eq!(list_marker(4, 70), "癸亥、");
        assert_eq!(list_marker(4, 71), "甲子、");
        assert_eq!(list_marker(5, 1), "（甲）");
        assert_eq!(list_marker(5, 3), "（丙）");
        assert_eq!(list_marker(5, 11), "（甲子）");
    }

    #[test]
    fn deep_list_markers_repeat_from_depth_two() {
        assert_eq!(list_marker(6, 1), "1、");
        assert_eq!(list_marker(7, 1), "（1）");
        assert_eq!(list_marker(8, 1), "甲、");
        assert_eq!(list_marker(9, 1), "（甲）");
        assert_eq!(list_marker(10, 2), "2、");
        assert_eq!(list_marker(usize::MAX, 1), list_marker(3, 1));
    }

    #[test]
    fn list_marker_zero_is_one() {
        for depth in 0..8 {
            assert_eq!(list_marker(depth, 0), list_marker(depth, 1));
        }
        assert!(!list_marker(0, u32::MAX).is_empty());
        assert!(!list_marker(4, u32::MAX).is_empty());
    }
}
