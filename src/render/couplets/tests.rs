//! The pieces, sheets and files of a set, on the shipped Kai face.

use super::files::*;
use super::pieces::*;
use super::sheets::*;
use super::tiling;
use crate::render::geom::{Point, Size};
use crate::render::pdf::layout::fonts::{Face, FontBook, Role};
use crate::render::pdf::writer;
use std::sync::Arc;

fn kai() -> FontBook {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/fonts/ukai-tw.ttf"
    );
    let mut book = FontBook::default();
    let f = book.add(Face::parse("kai", Arc::new(std::fs::read(path).unwrap().into()), 0).unwrap());
    book.set_chain(Role::Kai, vec![f]);
    book
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn strip_characters_are_centred_evenly_spaced_and_large() {
    let book = kai();
    let (w, h) = (24.0 * CM, 135.0 * CM);
    let p = strip(&book, PieceKind::Upper, "駿馬奔騰迎盛世", Size::pt(w, h));
    assert_eq!(
        p.chars.iter().map(|c| c.ch).collect::<String>(),
        "駿馬奔騰迎盛世"
    );
    let size = p.chars[0].size;
    assert!(size >= 0.7 * w && size <= EM_OF_WIDTH * w + 0.01, "{size}");
    for c in &p.chars {
        assert!(near(c.at.x.0 + size / 2.0, w / 2.0), "centred across");
        let ink = c.ink;
        assert!(ink.x.0 >= 0.0 && ink.right().0 <= w && ink.y.0 >= 0.0 && ink.bottom().0 <= h);
    }
    let steps: Vec<f32> = p
        .chars
        .windows(2)
        .map(|c| (c[1].at.y - c[0].at.y).0)
        .collect();
    assert!(steps.iter().all(|s| near(*s, steps[0])), "even: {steps:?}");
    // About as much red above the first character as below the last.
    let (top, bottom) = (p.chars[0].ink.y.0, h - p.chars[6].ink.bottom().0);
    assert!((top - bottom).abs() < 2.0 * CM, "{top} {bottom}");
}

#[test]
fn a_right_to_left_banner_starts_at_the_right() {
    let book = kai();
    let rtl = banner(&book, "馬到成功", Size::pt(90.0 * CM, 24.0 * CM), true);
    let xs: Vec<f32> = rtl.chars.iter().map(|c| c.at.x.0).collect();
    assert!(xs.windows(2).all(|w| w[0] > w[1]), "{xs:?}");
    assert_eq!(rtl.chars[0].ch, '馬', "reading order is kept");
    let ltr = banner(&book, "馬到成功", Size::pt(90.0 * CM, 24.0 * CM), false);
    assert!(ltr.chars.windows(2).all(|w| w[0].at.x < w[1].at.x));
}

#[test]
fn the_square_is_a_diamond_on_a_page_of_its_diagonal() {
    let book = kai();
    let p = square(&book, "春", Size::pt(45.0 * CM, 45.0 * CM));
    let d = 45.0 * CM * std::f32::consts::SQRT_2;
    assert!(near(p.size.w.0, d) && near(p.size.h.0, d));
    assert_eq!(p.corners()[0], Point::pt(d / 2.0, 0.0));
    let c = &p.chars[0];
    // Upright in the middle, its ink inside the diamond.
    assert_eq!(p.turn, 0.0);
    let (cx, cy) = (c.ink.center().x.0, c.ink.center().y.0);
    assert!((cx - d / 2.0).abs() < 0.05 * d && (cy - d / 2.0).abs() < 0.05 * d);
    assert!(p.touches(&c.ink));
    for corner in [(c.ink.x.0, c.ink.y.0), (c.ink.right().0, c.ink.bottom().0)] {
        let inside = (corner.0 - d / 2.0).abs() + (corner.1 - d / 2.0).abs() <= d / 2.0 * 1.05;
        assert!(inside, "ink corner {corner:?} about inside the diamond");
    }
    // For home printing: the 45 cm square, the character turned.
    let home = p.on_its_side(Size::pt(45.0 * CM, 45.0 * CM));
    assert_eq!(home.turn, SQUARE_TURN);
    assert!(near(home.size.w.0, 45.0 * CM));
    let (hx, hy) = (home.chars[0].anchor.x.0, home.chars[0].anchor.y.0);
    assert!(near(hx, 22.5 * CM) || (hx - 22.5 * CM).abs() < 0.05 * d);
    assert!((hy - 22.5 * CM).abs() < 0.05 * d);
}

#[test]
fn each_character_is_copied_from_one_tile() {
    let book = kai();
    let p = strip(
        &book,
        PieceKind::Upper,
        "駿馬奔騰迎盛世",
        Size::pt(24.0 * CM, 135.0 * CM),
    );
    let area = Size::pt(
        writer::A4.w.0 - 2.0 * SHEET_MARGIN,
        writer::A4.h.0 - 2.0 * SHEET_MARGIN,
    );
    let t = tiling::tile(p.size, area, OVERLAP, &p.ink_boxes(), &|_| true, false);
    let owners = owners(&p, &t);
    assert!(owners.windows(2).all(|w| w[0] <= w[1]), "in reading order");
    for (c, &o) in p.chars.iter().zip(&owners) {
        assert!(t.tiles[o].rect.contains(c.anchor));
    }
}

#[test]
fn labels_say_which_sheet_and_how_to_glue() {
    let book = kai();
    let area = Size::pt(
        writer::A4.w.0 - 2.0 * SHEET_MARGIN,
        writer::A4.h.0 - 2.0 * SHEET_MARGIN,
    );
    let label = |p: &Piece, i: usize| {
        let t = tiling::tile(p.size, area, OVERLAP, &p.ink_boxes(), &|_| true, true);
        let s = Sheet {
            piece: p,
            tiling: &t,
            index: i,
            paper: writer::A4,
        };
        (s.label("horse-1", true), t.tiles.len())
    };
    let up = strip(
        &book,
        PieceKind::Upper,
        "駿馬奔騰迎盛世",
        Size::pt(24.0 * CM, 135.0 * CM),
    );
    let (l, n) = label(&up, 1);
    assert_eq!(l, format!("horse-1　上聯 2/{n} — 由上而下黏貼"));
    let b = banner(&book, "馬到成功", Size::pt(90.0 * CM, 24.0 * CM), true);
    assert!(label(&b, 0).0.ends_with("由右而左黏貼"));
    let sq = square(&book, "春", Size::pt(45.0 * CM, 45.0 * CM))
        .on_its_side(Size::pt(45.0 * CM, 45.0 * CM));
    let (l, n) = label(&sq, 0);
    assert_eq!(n, 6, "a 45 cm square on 6 A4 sheets");
    assert!(l.contains("第1排") && l.contains("一角朝上"), "{l}");
}

#[test]
fn file_names_and_what_they_are_for() {
    let names: Vec<String> = VARIANTS
        .iter()
        .map(|v| v.file_name("horse-1", "A4"))
        .collect();
    assert_eq!(
        names,
        [
            "horse-1-home-a4-ink.pdf",
            "horse-1-home-a4.pdf",
            "horse-1-print-shop-ink.pdf",
            "horse-1-print-shop.pdf"
        ]
    );
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the ZIP's order");
    assert_eq!(VARIANTS[3].what("A4"), "印刷廠原寸");
    assert_eq!(VARIANTS[1].what("A3"), "A3 家用印表機");
    assert_eq!(VARIANTS[0].what("A4"), "A4 家用印表機・紅紙專用（僅墨色）");
    assert_eq!(paper_size("Letter"), Size::pt(612.0, 792.0));
}

#[test]
fn zips_are_the_same_bytes_every_time() {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
    let files = vec![
        ("b.pdf".to_string(), vec![1u8; 100]),
        ("a.pdf".to_string(), b"%PDF".to_vec()),
    ];
    let a = zip_files(&files, date).unwrap();
    let b = zip_files(&files, date).unwrap();
    assert_eq!(a, b);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    assert_eq!(z.len(), 2);
    assert_eq!(z.by_index(0).unwrap().name().unwrap(), "a.pdf", "sorted");
    let t = z.by_index(1).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2026, 1, 20));
}
