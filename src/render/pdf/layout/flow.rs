//! Pagination: a flow of slabs (lines, strips of table rows, images: pieces
//! that are never split) poured into the content frame of consecutive
//! pages, upright or, for wide tables, landscape.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::boxes::{A4, Item, PageBox, tag};
use super::tags::NodeId;

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
    /// Left out where it would start a page: the rule between two
    /// documents run on.
    pub skip_at_top: bool,
    /// Drawn (relative to the slab's top) when a page ends right after
    /// the slab: the bottom border of a table row split across pages.
    pub break_after: Vec<Item>,
    /// Set on a landscape A4 page (a wide table).
    pub landscape: bool,
}

impl Slab {
    /// The slab with its text, images and links made content of `node`
    /// (its rules and fills stay artifacts).
    pub fn tagged(self, node: NodeId) -> Slab {
        Slab {
            items: tag(self.items, node),
            ..self
        }
    }
}

/// Slabs (the lines of a paragraph, a heading) whose text is content of
/// `node`.
pub fn tagged(slabs: Vec<Slab>, node: NodeId) -> Vec<Slab> {
    slabs.into_iter().map(|s| s.tagged(node)).collect()
}

/// The area of a page that takes the flow.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

impl Frame {
    /// How much wider (and lower) the frame of a landscape A4 page is.
    pub const TURN_GAIN: f32 = A4.h.0 - A4.w.0;

    /// The frame with the same margins on a landscape A4 page (for an
    /// upright A4 frame).
    pub fn turned(&self) -> Frame {
        Frame {
            width: self.width + Self::TURN_GAIN,
            height: self.height - Self::TURN_GAIN,
            ..*self
        }
    }
}

/// Pages filled with a flow, and where each anchored slab landed.
#[derive(Debug, Default)]
pub struct Paged {
    pub pages: Vec<PageBox>,
    /// anchor → where the slab landed.
    pub anchors: BTreeMap<usize, Landing>,
}

/// Where an anchored slab landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Landing {
    /// Page index.
    pub page: usize,
    /// The slab's top on the page.
    pub y: f32,
    /// How many items the page held before the slab's: the items of the
    /// flow from this slab on start here.
    pub item: usize,
}

/// Pours `slabs` into pages of `frame`, starting on a new page.
///
/// Slabs that keep with the next stay on one page with it; a run of them
/// too tall for any page (a table row longer than a page, a very long
/// title) keeps only its first slab with the next one, and so fills the
/// pages.
pub fn paginate(slabs: &[Slab], frame: Frame) -> Paged {
    let mut out = Paged {
        pages: vec![PageBox::default()],
        anchors: BTreeMap::new(),
    };
    let mut y = 0.0; // used height of the current page's frame
    let mut landscape = false;
    // Slabs before this index belong to a kept run taller than a page.
    let mut relaxed_until = 0;
    // Where the slab before was placed on the current page.
    let mut last_top: Option<f32> = None;
    for (i, slab) in slabs.iter().enumerate() {
        if slab.landscape != landscape {
            if y > 0.0 || !out.pages[out.pages.len() - 1].items.is_empty() {
                out.pages.push(PageBox::default());
            }
            landscape = slab.landscape;
            let page = out.pages.len() - 1;
            out.pages[page].size = landscape.then_some(A4.turned());
            y = 0.0;
            last_top = None;
        }
        let f = if landscape { frame.turned() } else { frame };
        let at_top = y == 0.0;
        if at_top && slab.skip_at_top {
            continue;
        }
        let space = if at_top { 0.0 } else { slab.space_before };
        let (mut kept, end) = kept_with(slabs, i);
        if i >= relaxed_until && slab.keep_with_next && slab.height + kept > f.height {
            // Too tall for any page: only its first slab keeps the next
            // one with it (no lone first line at a page's foot).
            relaxed_until = end;
            kept = slabs.get(i + 1).map_or(0.0, |n| n.space_before + n.height);
        } else if i < relaxed_until {
            kept = 0.0;
        }
        let needed = space + slab.height + kept;
        if !at_top && y + needed > f.height {
            if let (Some(top), Some(prev)) = (last_top, i.checked_sub(1).map(|p| &slabs[p])) {
                let page = out.pages.len() - 1;
                out.pages[page]
                    .items
                    .extend(prev.break_after.iter().map(|it| it.shifted(f.left, top)));
            }
            out.pages.push(PageBox {
                size: landscape.then_some(A4.turned()),
                ..PageBox::default()
            });
            y = 0.0;
            if let Some(header) = &slab.repeat_header {
                place(&mut out, header, f, &mut y);
            }
        } else {
            y += space;
        }
        last_top = Some(f.top + y);
        place(&mut out, slab, f, &mut y);
    }
    out
}

/// Two columns a page: `paged` was poured into a frame one column wide;
/// each odd page becomes the right column of the page before, `shift`
/// further right. Landscape pages stay pages of their own.
pub fn in_columns(paged: Paged, shift: f32) -> Paged {
    let mut pages: Vec<PageBox> = Vec::new();
    // Column page index → page index.
    let mut moved = Vec::with_capacity(paged.pages.len());
    let mut open = false; // the last page has room for a right column
    for page in paged.pages {
        if open && page.size.is_none() {
            let last = pages.len() - 1;
            let left = pages[last].items.len();
            moved.push((last, shift, left));
            pages[last]
                .items
                .extend(page.items.iter().map(|it| it.shifted(shift, 0.0)));
            open = false;
        } else {
            moved.push((pages.len(), 0.0, 0));
            open = page.size.is_none();
            pages.push(page);
        }
    }
    let anchors = paged
        .anchors
        .into_iter()
        .map(|(key, l)| {
            let (page, _, before) = moved[l.page];
            (
                key,
                Landing {
                    page,
                    item: before + l.item,
                    ..l
                },
            )
        })
        .collect();
    Paged { pages, anchors }
}

/// The height that must fit on the same page after slab `i`: the slabs
/// it keeps with, up to and including the first one that keeps with
/// nothing; and that one's index.
fn kept_with(slabs: &[Slab], i: usize) -> (f32, usize) {
    let mut h = 0.0;
    let mut j = i;
    while slabs[j].keep_with_next && j + 1 < slabs.len() {
        j += 1;
        h += slabs[j].space_before + slabs[j].height;
    }
    (h, j)
}

fn place(out: &mut Paged, slab: &Slab, frame: Frame, y: &mut f32) {
    let page = out.pages.len() - 1;
    let top = frame.top + *y;
    let items = &mut out.pages[page].items;
    if let Some(a) = slab.anchor {
        out.anchors.entry(a).or_insert(Landing {
            page,
            y: top,
            item: items.len(),
        });
    }
    items.extend(slab.items.iter().map(|it| it.shifted(frame.left, top)));
    *y += slab.height;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::geom::{Point, Pt, Rect, Size};
    use crate::render::pdf::layout::boxes::Color;

    fn row(n: usize) -> Slab {
        Slab {
            height: 20.0,
            items: vec![Item::Rect {
                rect: Rect::pt(0.0, 0.0, n as f32, 20.0),
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
                from: Point::pt(0.0, 0.0),
                to: Point::pt(1.0, 0.0),
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
                if let Item::Rect { rect, .. } = it {
                    seen.push(rect.w.0 as usize);
                    assert!(
                        rect.bottom().0 <= 60.0 + 700.0 + 0.01,
                        "rows stay inside the frame"
                    );
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
            (paged.anchors[&7].page, paged.anchors[&7].y),
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
        assert_eq!((paged.anchors[&1].page, paged.anchors[&1].y), (1, 60.0));
    }

    #[test]
    fn a_kept_run_taller_than_a_page_fills_the_pages() {
        // A 2,000-character title: 100 lines kept together cannot be, so
        // they fill pages instead of taking one page each.
        let slabs: Vec<Slab> = (0..100)
            .map(|n| Slab {
                keep_with_next: true,
                ..row(n)
            })
            .chain(std::iter::once(row(100)))
            .collect();
        let paged = paginate(&slabs, frame());
        assert_eq!(paged.pages.len(), 3, "101 lines of 20 pt on 700 pt pages");
        assert_eq!(paged.pages[0].items.len(), 35);
    }

    #[test]
    fn a_row_split_by_a_page_end_is_closed_and_continues_under_its_header() {
        let header = Arc::new(row(999));
        let mut slabs: Vec<Slab> = (0..30).map(row).collect(); // 600 of 700 pt
        for n in 0..10 {
            slabs.push(Slab {
                keep_with_next: n < 9,
                repeat_header: Some(header.clone()),
                break_after: vec![Item::hairline(Point::pt(0.0, 20.0), Point::pt(7.0, 20.0))],
                ..row(1000 + n)
            });
        }
        // The 200 pt row does not fit the 100 pt left but fits a page: it moves.
        let paged = paginate(&slabs, frame());
        assert_eq!(paged.pages.len(), 2);
        assert!(
            !paged.pages[0]
                .items
                .iter()
                .any(|i| matches!(i, Item::Rule { .. })),
            "a row moved whole leaves no border behind"
        );
        // A row of 50 lines (1,000 pt) is split: page 1 is filled to the end.
        let mut slabs: Vec<Slab> = (0..30).map(row).collect();
        for n in 0..50 {
            slabs.push(Slab {
                keep_with_next: n < 49,
                repeat_header: Some(header.clone()),
                break_after: vec![Item::hairline(Point::pt(0.0, 20.0), Point::pt(7.0, 20.0))],
                ..row(1000 + n)
            });
        }
        let paged = paginate(&slabs, frame());
        let first = &paged.pages[0].items;
        assert_eq!(first.len(), 35 + 1, "35 rows and the closing border");
        assert!(matches!(first.last(), Some(Item::Rule { from, .. }) if from.y == Pt(760.0)));
        let second = &paged.pages[1].items;
        assert!(
            matches!(&second[0], Item::Rect { rect, .. } if rect.w == Pt(999.0)),
            "the next page starts with the header row"
        );
    }

    #[test]
    fn two_columns_a_page_keep_every_slab_in_order() {
        let slabs: Vec<Slab> = (0..100)
            .map(|n| Slab {
                anchor: Some(n),
                ..row(n)
            })
            .collect();
        let narrow = Frame {
            width: 190.0,
            ..frame()
        };
        let paged = in_columns(paginate(&slabs, narrow), 210.0);
        // 35 rows a column: 100 rows in 3 columns, on 2 pages.
        assert_eq!(paged.pages.len(), 2);
        let xs: Vec<f32> = paged.pages[0]
            .items
            .iter()
            .map(|it| match it {
                Item::Rect { rect, .. } => rect.x.0,
                _ => 0.0,
            })
            .collect();
        assert_eq!(xs[34], 50.0, "row 35 ends the left column");
        assert_eq!(xs[35], 260.0, "row 36 starts the right column");
        let l = paged.anchors[&35];
        assert_eq!((l.page, l.y, l.item), (0, 60.0, 35));
        assert_eq!(paged.anchors[&70].page, 1);
    }

    #[test]
    fn landscape_slabs_get_landscape_pages() {
        let mut slabs = vec![row(1)];
        slabs.extend((2..40).map(|n| Slab {
            landscape: true,
            ..row(n)
        }));
        slabs.push(row(40));
        let paged = paginate(&slabs, frame());
        let sizes: Vec<Option<Size>> = paged.pages.iter().map(|p| p.size).collect();
        let turned = Some(A4.turned());
        // 38 rows of 20 pt in a 453 pt landscape frame: 22 + 16.
        assert_eq!(sizes, [None, turned, turned, None]);
    }
}
