//! The Spring couplets' print files as a print shop, a family with a home
//! printer and a copy-paste see them, checked with poppler-utils (pdfinfo,
//! pdftotext, pdftoppm, pdfimages) and qpdf. A missing tool fails the tests
//! with a message saying what to install.

use crate::common;

use std::path::{Path, PathBuf};

use common::{TempSite, build, check, fixture, tree};

/// The valid fixture's only set (content/couplets/2026.yaml).
const ID: &str = "horse-1";
const UPPER: &str = "駿馬奔騰迎盛世";
const LOWER: &str = "春風浩蕩展新程";
const BANNER: &str = "馬到成功";
const SQUARE: &str = "春";
const PIECES: [(&str, &str); 4] = [
    ("上聯", UPPER),
    ("下聯", LOWER),
    ("橫批", BANNER),
    ("斗方", SQUARE),
];

/// Points per centimetre.
const CM: f64 = 72.0 / 2.54;
const A4: (f64, f64) = (595.276, 841.89);

const FILES: [&str; 5] = [
    "horse-1-home-a4-ink.pdf",
    "horse-1-home-a4.pdf",
    "horse-1-print-shop-ink.pdf",
    "horse-1-print-shop.pdf",
    "horse-1.zip",
];

// ---------------------------------------------------------------------------
// Building and the tools.

/// A site built into a temp folder.
struct Built {
    site: TempSite,
    out: PathBuf,
}

impl Built {
    fn of(site: TempSite) -> Built {
        let out = site.out("public");
        let run = build(&site.root, &out, &[]);
        assert_eq!(run.code, 0, "the build succeeds:\n{}", run.stderr);
        Built { site, out }
    }

    fn valid() -> Built {
        Built::of(TempSite::copy_of("valid"))
    }

    /// `couplets/2026/<name>` of the output.
    fn file(&self, name: &str) -> PathBuf {
        let p = self.out.join("couplets/2026").join(name);
        assert!(p.is_file(), "{} is built", p.display());
        p
    }
}

/// Runs a tool that must succeed quietly; its stdout.
fn tool(program: &str, args: &[&str], pdf: &Path) -> Vec<u8> {
    let mut all: Vec<&str> = args.to_vec();
    let path = pdf.to_str().unwrap();
    all.push(path);
    if program == "pdftotext" {
        all.push("-");
    }
    let out = common::pdf_tool(program, &all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "`{program} {}` on {path}: {stderr}",
        args.join(" ")
    );
    out.stdout
}

/// The size of every page, in points, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = String::from_utf8(tool("pdfinfo", &["-f", "1", "-l", "9999"], pdf)).unwrap();
    out.lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .map(|l| {
            let dims = l.split(" size: ").nth(1).unwrap();
            let mut it = dims.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            assert_eq!(it.next(), Some("x"));
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

/// Each page's `name` box (`MediaBox`, `TrimBox`) as (left, bottom,
/// right, top), from `pdfinfo -box`.
fn boxes(pdf: &Path, name: &str) -> Vec<[f64; 4]> {
    let out = String::from_utf8(tool("pdfinfo", &["-box", "-f", "1", "-l", "9999"], pdf)).unwrap();
    out.lines()
        .filter(|l| l.starts_with("Page ") && l.contains(&format!(" {name}:")))
        .map(|l| {
            let v: Vec<f64> = l
                .split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

/// Each page's size once trimmed, in points.
fn trimmed_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    boxes(pdf, "TrimBox")
        .iter()
        .map(|t| (t[2] - t[0], t[3] - t[1]))
        .collect()
}

/// `pdftotext -raw` of one page (1-based).
fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    String::from_utf8(tool(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", "-f", &p, "-l", &p],
        pdf,
    ))
    .unwrap()
}

/// Without whitespace.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.5
}

/// Whether a page is `paper` upright or turned.
fn is_paper(size: (f64, f64), paper: (f64, f64)) -> bool {
    (near(size.0, paper.0) && near(size.1, paper.1))
        || (near(size.0, paper.1) && near(size.1, paper.0))
}

/// A page rendered at `dpi` as RGB pixels.
fn pixels(pdf: &Path, page: usize, dpi: u32) -> Vec<[u8; 3]> {
    let (p, r) = (page.to_string(), dpi.to_string());
    let ppm = tool("pdftoppm", &["-r", &r, "-f", &p, "-l", &p], pdf);
    // P6 <w> <h> 255 then the pixels.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    ppm[i + 1..]
        .chunks_exact(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect()
}

fn share_red(px: &[[u8; 3]]) -> f64 {
    let red = px
        .iter()
        .filter(|[r, g, b]| *r > 150 && *g < 80 && *b < 110)
        .count();
    red as f64 / px.len() as f64
}

fn share_black(px: &[[u8; 3]]) -> f64 {
    let black = px.iter().filter(|p| p.iter().all(|c| *c < 60)).count();
    black as f64 / px.len() as f64
}

/// Each home sheet's label: (piece, sheet, of), and the couplet text on it.
fn home_sheets(pdf: &Path) -> Vec<(String, usize, usize, String)> {
    (1..=page_sizes(pdf).len())
        .map(|page| {
            let text = page_text(pdf, page);
            let label = text
                .lines()
                .find(|l| l.starts_with(ID))
                .unwrap_or_else(|| panic!("page {page} has a label: {text}"));
            let mut words = label.split_whitespace().skip(1);
            let piece = words.next().unwrap().to_string();
            let (k, n) = words.next().unwrap().split_once('/').unwrap();
            let n: String = n.chars().take_while(char::is_ascii_digit).collect();
            let couplet: String = text
                .lines()
                .filter(|l| !l.starts_with(ID))
                .collect::<String>();
            (
                piece,
                k.parse().unwrap(),
                n.parse().unwrap(),
                squeeze(&couplet),
            )
        })
        .collect()
}

/// Every home sheet's label line.
fn labels(pdf: &Path) -> Vec<String> {
    (1..=page_sizes(pdf).len())
        .map(|p| {
            let t = page_text(pdf, p);
            t.lines().find(|l| l.starts_with(ID)).unwrap().to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The files.

#[test]
fn each_set_has_four_pdfs_and_a_zip() {
    let b = Built::valid();
    let names: Vec<String> = tree(&b.out.join("couplets/2026"))
        .into_keys()
        .filter(|n| n.starts_with(ID) && (n.ends_with(".pdf") || n.ends_with(".zip")))
        .collect();
    assert_eq!(names, FILES);
}

#[test]
fn every_couplet_pdf_passes_qpdf_check() {
    let b = Built::valid();
    for name in FILES.iter().filter(|n| n.ends_with(".pdf")) {
        let pdf = b.file(name);
        let out = common::pdf_tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "qpdf --check {name}:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn print_shop_pages_are_the_pieces_at_true_size() {
    let b = Built::valid();
    let diagonal = 45.0 * CM * std::f64::consts::SQRT_2;
    let expected = [
        (24.0 * CM, 135.0 * CM),
        (24.0 * CM, 135.0 * CM),
        (90.0 * CM, 24.0 * CM),
        (diagonal, diagonal),
    ];
    // 3 mm of bleed on every side, which the print shop trims off.
    let bleed = 3.0 * 72.0 / 25.4;
    for name in ["horse-1-print-shop.pdf", "horse-1-print-shop-ink.pdf"] {
        let pdf = b.file(name);
        let trims = boxes(&pdf, "TrimBox");
        let media = boxes(&pdf, "MediaBox");
        assert_eq!(trims.len(), 4, "{name}: one page per piece");
        for (((t, m), want), got) in trims
            .iter()
            .zip(&media)
            .zip(expected)
            .zip(trimmed_sizes(&pdf))
        {
            assert!(
                near(got.0, want.0) && near(got.1, want.1),
                "{name}: trimmed to {got:?}, expected {want:?}"
            );
            for (k, side) in [-1.0, -1.0, 1.0, 1.0].iter().enumerate() {
                assert!(
                    (m[k] - (t[k] + side * bleed)).abs() < 0.01,
                    "{name}: the paper runs 3 mm beyond the trim: media {m:?}, trim {t:?}"
                );
            }
        }
    }
    // Home sheets are printed as they are: no bleed.
    let home = b.file("horse-1-home-a4.pdf");
    assert_eq!(boxes(&home, "TrimBox"), boxes(&home, "MediaBox"));
}

#[test]
fn print_shop_red_is_cmyk_and_text_is_pure_black() {
    let b = Built::valid();
    let pdf = b.file("horse-1-print-shop.pdf");
    let content = common::pdf_as_text(&pdf);
    assert!(
        content.contains("0 1 0.85 0.1 k"),
        "the paper's red is set in the printer's inks (CMYK)"
    );
    assert!(
        !content.contains(" rg\n"),
        "no RGB colour on a print-shop page"
    );
    assert!(
        content.contains("0 g\n"),
        "the ink is pure black (gray 0: K only)"
    );
}

#[test]
fn print_shop_text_is_each_piece_in_reading_order() {
    let b = Built::valid();
    for name in ["horse-1-print-shop.pdf", "horse-1-print-shop-ink.pdf"] {
        let pdf = b.file(name);
        for (page, (piece, text)) in PIECES.iter().enumerate() {
            assert_eq!(
                squeeze(&page_text(&pdf, page + 1)),
                *text,
                "{name}: the {piece} page gives its text back"
            );
        }
    }
}

#[test]
fn print_shop_fonts_are_embedded_subsets() {
    let b = Built::valid();
    let out = String::from_utf8(tool("pdffonts", &[], &b.file("horse-1-print-shop.pdf"))).unwrap();
    let fonts: Vec<&str> = out.lines().skip(2).collect();
    assert!(!fonts.is_empty());
    for f in fonts {
        let cols: Vec<&str> = f.split_whitespace().collect();
        assert!(f.contains("UKai"), "only the Kai face: {f}");
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {f}"
        );
    }
}

#[test]
fn home_sheets_are_a4_and_every_piece_is_on_its_sheets_in_order() {
    let b = Built::valid();
    for name in ["horse-1-home-a4.pdf", "horse-1-home-a4-ink.pdf"] {
        let pdf = b.file(name);
        for size in page_sizes(&pdf) {
            assert!(is_paper(size, A4), "{name}: an A4 sheet, got {size:?}");
        }
        let sheets = home_sheets(&pdf);
        let mut at = 0;
        for (piece, text) in PIECES {
            let n = sheets[at].2;
            assert!(n > 1, "{name}: the {piece} takes several sheets");
            let mine = &sheets[at..at + n];
            for (k, s) in mine.iter().enumerate() {
                assert_eq!(
                    (s.0.as_str(), s.1, s.2),
                    (piece, k + 1, n),
                    "{name}: labels"
                );
            }
            // Each character is copied from one sheet only, in order.
            let copied: String = mine.iter().map(|s| s.3.as_str()).collect();
            assert_eq!(
                copied, text,
                "{name}: the {piece}'s sheets give its text back"
            );
            at += n;
        }
        assert_eq!(at, sheets.len(), "{name}: no other sheets");
    }
}

#[test]
fn home_sheet_labels_say_how_to_glue() {
    let b = Built::valid();
    let pdf = b.file("horse-1-home-a4.pdf");
    let labels = labels(&pdf);
    let of = |piece: &str| {
        labels
            .iter()
            .filter(|l| l.contains(piece))
            .collect::<Vec<_>>()
    };
    assert!(
        of("上聯").iter().all(|l| l.ends_with("由上而下黏貼")),
        "{labels:?}"
    );
    assert!(
        of("橫批").iter().all(|l| l.ends_with("由右而左黏貼")),
        "{labels:?}"
    );
    // The 45 cm square on its side: 3 × 2 A4 sheets, hung by a corner.
    let square = of("斗方");
    assert_eq!(square.len(), 6, "{square:?}");
    assert!(square[0].contains("斗方 1/6") && square[0].contains("第1排"));
    assert!(square.iter().all(|l| l.contains("一角朝上")));
}

#[test]
fn red_paper_and_ink_only() {
    let b = Built::valid();
    for (name, page, dpi) in [
        ("horse-1-print-shop", 1, 6),
        ("horse-1-print-shop", 4, 6),
        ("horse-1-home-a4", 1, 20),
    ] {
        let red = pixels(&b.file(&format!("{name}.pdf")), page, dpi);
        let ink = pixels(&b.file(&format!("{name}-ink.pdf")), page, dpi);
        assert!(share_red(&red) > 0.3, "{name} p{page} is red paper");
        assert_eq!(share_red(&ink), 0.0, "{name}-ink p{page} has no red");
        let (a, c) = (share_black(&red), share_black(&ink));
        assert!(a > 0.03, "{name} p{page} has black ink: {a}");
        assert!((a - c).abs() < 0.02, "the same ink on both: {a} {c}");
    }
    // The 斗方's page: red inside the diamond only, white corners.
    let px = pixels(&b.file("horse-1-print-shop.pdf"), 4, 6);
    let side = (px.len() as f64).sqrt() as usize;
    assert_eq!(
        px[0],
        [255, 255, 255],
        "the corner outside the diamond is white"
    );
    assert_eq!(px[side * side - 1], [255, 255, 255]);
    let share = share_red(&px) + share_black(&px);
    assert!(
        (share - 0.5).abs() < 0.05,
        "the diamond is half the page: {share}"
    );
}

#[test]
fn the_zip_holds_the_four_pdfs_in_order() {
    let b = Built::valid();
    let bytes = std::fs::read(b.file("horse-1.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted entries");
    assert_eq!(names, FILES[..4]);
    for name in &FILES[..4] {
        let mut entry = zip.by_name(name).unwrap();
        let mut inside = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut inside).unwrap();
        assert_eq!(
            inside,
            std::fs::read(b.file(name)).unwrap(),
            "{name} as built"
        );
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2026, 1, 20),
            "dated `released`"
        );
    }
}

#[test]
fn couplet_files_are_the_same_bytes_on_every_build() {
    let b = Built::valid();
    let again = b.site.out("again");
    let run = build(&b.site.root, &again, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in FILES {
        assert_eq!(
            std::fs::read(b.file(name)).unwrap(),
            std::fs::read(again.join("couplets/2026").join(name)).unwrap(),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Settings.

#[test]
fn letter_paper_and_a_left_to_right_banner() {
    let site = TempSite::copy_of("valid");
    site.write(
        "content/couplets/_couplets.yaml",
        "banner_direction: ltr\nhome_paper: Letter\nsizes_cm:\n  banner: [100, 25]\n",
    );
    let b = Built::of(site);
    let home = b.file("horse-1-home-letter.pdf");
    for size in page_sizes(&home) {
        assert!(is_paper(size, (612.0, 792.0)), "a Letter sheet: {size:?}");
    }
    let banner: Vec<_> = home_sheets(&home)
        .into_iter()
        .filter(|s| s.0 == "橫批")
        .collect();
    assert_eq!(
        banner.iter().map(|s| s.3.as_str()).collect::<String>(),
        BANNER
    );
    let pdf = b.file("horse-1-print-shop.pdf");
    let sizes = trimmed_sizes(&pdf);
    assert!(near(sizes[2].0, 100.0 * CM) && near(sizes[2].1, 25.0 * CM));
    assert_eq!(
        squeeze(&page_text(&pdf, 3)),
        BANNER,
        "reading order either way"
    );
    let banner_labels: Vec<String> = labels(&home)
        .into_iter()
        .filter(|l| l.contains("橫批"))
        .collect();
    assert!(
        banner_labels.iter().all(|l| l.ends_with("由左而右黏貼")),
        "{banner_labels:?}"
    );
    let gallery = std::fs::read_to_string(b.out.join("couplets/2026/index.html")).unwrap();
    assert!(
        gallery.contains("horse-1-home-letter.pdf") && gallery.contains("Letter 家用印表機"),
        "the gallery links the Letter sheets under their name"
    );
    assert!(
        gallery.contains("橫批 100×25 公分"),
        "the print-shop entry gives the configured sizes"
    );
}

// ---------------------------------------------------------------------------
// Scans.

/// The valid fixture with scans of the 上聯, 下聯 and 斗方 as `scan:` says.
fn scanned_site(scan: &str, files: &[(&str, &str)]) -> TempSite {
    let site = TempSite::copy_of("valid");
    let yaml = std::fs::read_to_string(site.path("content/couplets/2026.yaml")).unwrap();
    site.write(
        "content/couplets/2026.yaml",
        format!("{yaml}    scan: {scan}\n"),
    );
    for (from, to) in files {
        let bytes = std::fs::read(fixture("couplet-scans").join(from)).unwrap();
        site.write(&format!("content/couplets/{to}"), bytes);
    }
    site
}

#[test]
fn scans_replace_the_typeset_pieces_at_true_size() {
    let site = scanned_site(
        "2026/horse-1",
        &[
            ("upper.jpg", "2026/horse-1/upper.jpg"),
            ("lower.jpg", "2026/horse-1/lower.jpg"),
            ("square.png", "2026/horse-1/square.png"),
        ],
    );
    let run = check(&site.root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let b = Built::of(site);
    let pdf = b.file("horse-1-print-shop.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    for scan in ["upper.jpg", "lower.jpg"] {
        let jpeg = std::fs::read(fixture("couplet-scans").join(scan)).unwrap();
        assert!(
            bytes.windows(jpeg.len()).any(|w| w == jpeg),
            "{scan} is embedded as it is"
        );
    }
    let list = String::from_utf8(tool("pdfimages", &["-list"], &pdf)).unwrap();
    let images: Vec<(String, String)> = list
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[0].to_string(), c[8].to_string())
        })
        .collect();
    assert_eq!(
        images,
        [
            ("1".to_string(), "jpeg".to_string()),
            ("2".to_string(), "jpeg".to_string()),
            ("4".to_string(), "image".to_string())
        ],
        "the scans on their pieces' pages, the banner typeset:\n{list}"
    );
    // Same true sizes, and the text can still be copied.
    assert!(near(trimmed_sizes(&pdf)[0].1, 135.0 * CM));
    for (page, (_, text)) in PIECES.iter().enumerate() {
        assert_eq!(squeeze(&page_text(&pdf, page + 1)), *text);
    }
    // Tiled the same way: every sheet of the 上聯 shows the scan.
    let home = b.file("horse-1-home-a4.pdf");
    let list = String::from_utf8(tool("pdfimages", &["-list"], &home)).unwrap();
    let upper_sheets = home_sheets(&home).iter().filter(|s| s.0 == "上聯").count();
    let jpeg_pages: std::collections::BTreeSet<usize> = list
        .lines()
        .skip(2)
        .filter(|l| l.contains(" jpeg "))
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(
        (1..=upper_sheets).all(|p| jpeg_pages.contains(&p)),
        "{list}"
    );
    let copied: String = home_sheets(&home).iter().map(|s| s.3.clone()).collect();
    assert_eq!(copied, [UPPER, LOWER, BANNER, SQUARE].concat());
}

#[test]
fn scans_named_beside_the_image_scan_names() {
    let site = scanned_site(
        "2026/horse-1.jpg",
        &[("banner.jpg", "2026/horse-1-banner.jpg")],
    );
    let b = Built::of(site);
    let list = String::from_utf8(tool(
        "pdfimages",
        &["-list"],
        &b.file("horse-1-print-shop.pdf"),
    ))
    .unwrap();
    let pages: Vec<&str> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(pages, ["3"], "only the banner is scanned:\n{list}");
}

#[test]
fn scan_mistakes_are_reported() {
    // One image for the whole set cannot be cut into pieces.
    let site = scanned_site("2026/horse-1.jpg", &[("upper.jpg", "2026/horse-1.jpg")]);
    let run = check(&site.root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = run.only_error();
    assert_eq!(
        (d.file.as_str(), d.pos()),
        ("content/couplets/2026.yaml", (11, 11))
    );
    assert!(d.message.contains("each piece needs its own scan"), "{d:?}");
    assert!(d.help.contains("horse-1-upper.jpg"), "{d:?}");

    // Nothing there at all.
    let site = scanned_site("2026/nothing.jpg", &[]);
    let d = check(&site.root).only_error();
    assert!(d.message.contains("not found"), "{d:?}");

    // A file in the folder that is no piece's: a warning.
    let site = scanned_site(
        "2026/horse-1",
        &[
            ("upper.jpg", "2026/horse-1/upper.jpg"),
            ("lower.jpg", "2026/horse-1/uper.jpg"),
        ],
    );
    let run = check(&site.root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "warning")
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].message.contains("uper.jpg"),
        "{:?}",
        warnings[0]
    );
}

// ---------------------------------------------------------------------------
// Fonts.

#[test]
fn a_couplet_character_the_kai_font_lacks_fails_check() {
    let site = TempSite::copy_of("valid");
    let rel = "content/couplets/2026.yaml";
    let yaml = std::fs::read_to_string(site.path(rel)).unwrap();
    // U+20000 (CJK Extension B) is not in AR PL UKai: line 7, column 15.
    site.write(
        rel,
        yaml.replace("upper: 駿馬奔騰迎盛世", "upper: \"駿馬\u{20000}騰迎盛世\""),
    );
    let run = check(&site.root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = run.only_error();
    assert_eq!((d.file.as_str(), d.pos()), (rel, (7, 15)), "{d:?}");
    assert!(
        d.message.contains("U+20000")
            && d.message.contains("horse-1")
            && d.message.contains("上聯"),
        "{d:?}"
    );
    let out = site.out("public");
    assert_eq!(build(&site.root, &out, &[]).code, 1, "the build fails too");
}
