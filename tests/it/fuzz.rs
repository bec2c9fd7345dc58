//! A fuzzer for the content loaders and the Markdown → PDF layout path:
//! real content files (the example site's documents, agency and couplet
//! files) are mutated — bytes flipped, Markdown and YAML syntax inserted,
//! pieces repeated hundreds of times (deep nesting, long lines, wide
//! tables), characters no font or no spreadsheet likes — written into a
//! copy of the valid fixture site, loaded with `content::load` as `check`
//! does, and every issue that loads is laid out as the PDF stage does. No
//! input may panic or overflow the stack.
//!
//! `cargo test fuzz::` runs a short, fixed pass (CI); `bench/fuzz.sh`
//! runs it for minutes with other seeds (`MUNIPUB_FUZZ_SECONDS`,
//! `MUNIPUB_FUZZ_SEED`), in release mode.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::TempSite;
use munipub::render::pdf::{fonts::Fonts, gazette::layout_issue};
use munipub::theme::Theme;

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces of syntax and awkward text to insert.
const TOKENS: &[&str] = &[
    "> ",
    "1. ",
    "- ",
    "   ",
    "\n",
    "\n\n",
    "|",
    "| --- |",
    "*",
    "**",
    "~~",
    "[",
    "](",
    ")",
    "![",
    "`",
    "```",
    "<div>",
    "#",
    "## ",
    "---\n",
    ": ",
    "- name: ",
    "&a ",
    "*a",
    "!!str ",
    "{",
    "}",
    "\"",
    "'",
    "\t",
    "\r",
    "\u{feff}",
    "\u{2F00}",
    "一",
    "\u{F9CA}",
    "\u{F8F8}",
    "\u{21619}",
    "1,104,729",
    "https://www.example.gov.tw/a/b?c=1&d=2",
    "javascript:alert(1)",
    "[^1]",
    "[^1]: 註",
    "=HYPERLINK(\"x\")",
    "主旨：",
    "說明：",
    "　",
    "\u{200b}",
    "\u{0}",
    "..",
    "../",
    "%2e%2e/",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 | 2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            3 => {
                // A token repeated: deep nesting, wide rows, long lines.
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = [10, 100, 1000, 5000][rng.below(4)];
                let piece: Vec<u8> = t.repeat(times);
                b.splice(at..at, piece);
            }
            4 if !b.is_empty() => {
                let end = (at + rng.below(200)).min(b.len());
                b.drain(at.min(end)..end);
            }
            _ => {
                let start = rng.below(b.len());
                let end = (start + rng.below(300)).min(b.len());
                let piece = b[start..end].to_vec();
                b.splice(at..at, piece);
            }
        }
    }
    b
}

/// The files mutated, from the example site, and where they go in the
/// fixture copy.
fn seeds() -> Vec<(Vec<u8>, &'static str)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        (
            "content/gazette/2026-10-15/01-public-safety-inspection.md",
            "content/gazette/2026-11-15/01-funeral-fees.md",
        ),
        (
            "content/gazette/2026-09-30/01-municipal-property.md",
            "content/gazette/2026-11-15/02-personnel.md",
        ),
        (
            "content/directory/secretariat.yaml",
            "content/directory/secretariat.yaml",
        ),
        ("content/couplets/2026.yaml", "content/couplets/2026.yaml"),
        (
            "content/gazette/_gazette.yaml",
            "content/gazette/_gazette.yaml",
        ),
        ("content/pages/about.md", "content/pages/about.md"),
    ]
    .iter()
    .filter_map(|(from, to)| std::fs::read(root.join(from)).ok().map(|b| (b, *to)))
    .collect()
}

/// Loads the site as `check` does and lays out every issue that loaded.
fn exercise(root: &Path, fonts: &munipub::render::pdf::layout::fonts::FontBook) {
    let (site, _diags) = munipub::content::load(root);
    let Some(site) = site else { return };
    if let Some(g) = &site.gazette {
        for issue in &g.issues {
            let layout = layout_issue(fonts, &site.root, &site.settings.base_url, g, issue);
            assert!(!layout.pages.is_empty());
        }
    }
}

fn run(seed: u64, budget: Budget) -> usize {
    let site = TempSite::copy_of("valid");
    let seeds = seeds();
    assert!(!seeds.is_empty());
    let theme = Theme::load(&site.root).expect("the theme loads");
    let (loaded, _) = munipub::content::load(&site.root);
    let fonts = Fonts::book(&loaded.expect("the fixture loads"), &theme).expect("fonts");
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let mut runs = 0;
    while budget.more(runs, started) {
        let (base, to) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base);
        let original = std::fs::read(site.path(to)).ok();
        site.write(to, &input);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            exercise(&site.root, &fonts)
        }));
        if outcome.is_err() {
            let kept = std::env::temp_dir().join(format!("munipub-fuzz-crash-{seed}-{runs}"));
            let _ = std::fs::write(&kept, &input);
            panic!(
                "seed {seed}, run {runs}: {to} made munipub panic; the input is in {}",
                kept.display()
            );
        }
        match original {
            Some(bytes) => site.write(to, bytes),
            None => {
                let _ = std::fs::remove_file(site.path(to));
            }
        }
        runs += 1;
    }
    runs
}

#[derive(Clone, Copy)]
enum Budget {
    Runs(usize),
    Time(Duration),
}

impl Budget {
    fn more(self, runs: usize, started: Instant) -> bool {
        match self {
            Budget::Runs(n) => runs < n,
            Budget::Time(t) => started.elapsed() < t,
        }
    }
}

#[test]
fn mutated_content_never_panics() {
    let seed = std::env::var("MUNIPUB_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_201);
    let budget = match std::env::var("MUNIPUB_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(secs) => Budget::Time(Duration::from_secs(secs)),
        None => Budget::Runs(300),
    };
    let runs = run(seed, budget);
    eprintln!("fuzz: {runs} mutated sites loaded and laid out, seed {seed}, no panic");
}
