//! Pagination: a flow of slabs (lines, table rows, images: pieces that are
//! never split) poured into the content frame of consecutive pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::boxes::{Item, PageBox};

/// An unsplittable piece of a flow; its items are positioned relative to
/// the slab's top-left corner.
#[derive(Debug, Clone, Default)]
pub struct Slab {
    pub height: f32,
    pub items: Vec<Item>,
    /// Space above the slab, dropped at the top of a page.
    pub space_before: f32,
    /// Headings: never the last thing on a page.
    pub keep_with_next: bool,
    /// Table rows: the header row placed again above this slab when it
    /// starts a page.
    pub repeat_header: Option<Arc<Slab>>,
    /// Records where the slab lands, under this key.
    pub anchor: Option<usize>,
}

/// The area of a page that takes the flow.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// Pages filled with a flow, and where each anchored slab landed.
#[derive(Debug, Default)]
pub struct Paged {
    pub pages: Vec<PageBox>,
    /// anchor → (page index, y of the slab's top).
    pub anchors: BTreeMap<usize, (usize, f32)>,
}

/// Pours `slabs` into pages of `frame`, starting on a new page.
pub fn paginate(slabs: &[Slab], frame: Frame) -> Paged {
    let mut out = Paged {
        pages: vec![PageBox::default()],
        anchors: BTreeMap::new(),
    };
    let mut y = 0.0; // used height of the current page's frame
    for (i, slab) in slabs.iter().enumerate() {
        let at_top = y == 0.0;
        let space = if at_top { 0.0 } else { slab.space_before };
        let needed = space + slab.height + kept_with(slabs, i);
        if !at_top && y + needed > frame.height {
            out.pages.push(PageBox::default());
            y = 0.0;
            if let Some(header) = &slab.repeat_header {
                place(&mut out, header, frame, &mut y);
            }
        } else {
            y += space;
        }
        place(&mut out, slab, frame, &mut y);
    }
    out
}

/// The height that must fit on the same page after slab `i`: the slabs
/// it keeps with, up to and including the first one that keeps with nothing.
fn kept_with(slabs: &[Slab], i: usize) -> f32 {
    let mut h = 0.0;
    let mut j = i;
    while slabs[j].keep_with_next && j + 1 < slabs.len() {
        j += 1;
        h += slabs[j].space_before + slabs[j].height;
    }
    h
}

fn place(out: &mut Paged, slab: &Slab, frame: Frame, y: &mut f32) {
    let page = out.pages.len() - 1;
    let top = frame.top + *y;
    if let Some(a) = slab.anchor {
        out.anchors.entry(a).or_insert((page, top));
    }
    let items = &mut out.pages[page].items;
    items.extend(slab.items.iter().map(|it| it.shifted(frame.left, top)));
    *y += slab.height;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::boxes::Color;

    fn row(n: usize) -> Slab {
        Slab {
            height: 20.0,
            items: vec![Item::Rect {
                x: 0.0,
                y: 0.0,
                w: n as f32,
                h: 20.0,
                fill: Color::BLACK,
            }],
            ..Slab::default()
        }
    }

    fn frame() -> Frame {
        Frame {
            left: 50.0,
            top: 60.0,
            width: 400.0,
            height: 700.0,
        }
    }

    #[test]
    fn a_long_table_repeats_its_header_and_loses_no_row() {
        let header = Arc::new(Slab {
            height: 25.0,
            keep_with_next: true,
            items: vec![Item::Rule {
                x1: 0.0,
                y1: 0.0,
                x2: 1.0,
                y2: 0.0,
                width: 9.0,
                color: Color::BLACK,
            }],
            ..Slab::default()
        });
        let mut slabs = vec![(*header).clone()];
        for n in 1..=120 {
            slabs.push(Slab {
                repeat_header: Some(header.clone()),
                ..row(n)
            });
        }
        let paged = paginate(&slabs, frame());
        assert!(paged.pages.len() >= 4, "{} pages", paged.pages.len());
        let mut seen = Vec::new();
        for page in &paged.pages {
            let headers = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Rule { width, .. } if *width == 9.0))
                .count();
            assert_eq!(headers, 1, "every page starts with the header row");
            for it in &page.items {
                if let Item::Rect { w, y, h, .. } = it {
                    seen.push(*w as usize);
                    assert!(y + h <= 60.0 + 700.0 + 0.01, "rows stay inside the frame");
                }
            }
        }
        assert_eq!(
            seen,
            (1..=120).collect::<Vec<_>>(),
            "every row once, in order"
        );
    }

    #[test]
    fn a_heading_is_never_the_last_thing_on_a_page() {
        let mut slabs: Vec<Slab> = (0..34).map(row).collect(); // 680 of 700 pt
        slabs.push(Slab {
            keep_with_next: true,
            anchor: Some(7),
            ..row(99)
        });
        slabs.push(row(100));
        let paged = paginate(&slabs, frame());
        assert_eq!(paged.pages.len(), 2);
        assert_eq!(
            paged.anchors[&7],
            (1, 60.0),
            "the heading moved to the next page"
        );
    }

    #[test]
    fn space_before_is_dropped_at_the_top_of_a_page() {
        let mut slabs: Vec<Slab> = (0..35).map(row).collect();
        slabs.push(Slab {
            space_before: 30.0,
            anchor: Some(1),
            ..row(1)
        });
        let paged = paginate(&slabs, frame());
        assert_eq!(paged.anchors[&1], (1, 60.0));
    }
}
