//! Tagged PDF: each page's items written as marked content (a structure
//! element's content under an MCID, everything else as `/Artifact`), and
//! the structure tree of the elements the written pages hold, with its
//! parent tree, link annotations as objects the tree refers to, and the
//! page entries PDF/UA asks for (`/Tabs /S`, `/StructParents`).
//!
//! Marked content is produced while the writer draws each page
//! ([`mark_page`]): nothing is parsed back. The order of a
//! node's kids is the order its content comes in the content streams,
//! which the layout writes in reading order.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::content::Properties;
use super::draw::Canvas;
use super::layout::boxes::{Furniture, Item};
use super::layout::tags::{Kind, NodeId, Tags};
use super::objects::utf16_text;

/// A piece of a structure element's content.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// A marked-content sequence: page (0-based) and MCID.
    Mcid(usize, usize),
    /// The link annotation `index` of a page's `/Annots`.
    Annot(usize, usize),
}

/// The marked-content sequence open while a page's items are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Artifact,
    Node(NodeId),
}

/// What the pages' marked content says: filled page by page, in page
/// order ([`Marks::add`]), then written as the tree by [`Marks::finish`].
pub struct Marks<'a> {
    tags: &'a Tags,
    /// Per node: its content, with a sequence number (content order).
    kids: Vec<Vec<(u64, Kid)>>,
    /// Per page: the node of each MCID.
    mcids: Vec<Vec<NodeId>>,
    /// Per page: the node of each link annotation, in `/Annots` order.
    annots: Vec<Vec<Option<NodeId>>>,
    seq: u64,
}

/// What one page's marked content says, made while the page is drawn
/// (pages are drawn in parallel) and added to [`Marks`] in page order.
pub struct PageMarks {
    page: usize,
    /// The node of each MCID.
    mcids: Vec<NodeId>,
    /// The node of each link annotation, in `/Annots` order.
    annots: Vec<Option<NodeId>>,
    /// Each node's pieces of content on the page, in content order.
    kids: Vec<(NodeId, Kid)>,
}

/// Page `page`'s items drawn as marked content (`draw` draws one item):
/// tagged items as `/Tag <</MCID n>> BDC … EMC` (one sequence for a run of
/// items of one element: the lines of a paragraph on a page), page
/// furniture as a pagination artifact (`/Artifact <</Type /Pagination
/// /Subtype /Header>> BDC`), each run of other items in one `/Artifact BMC
/// … EMC`.
pub fn mark_page(
    tags: &Tags,
    c: &mut Canvas,
    page: usize,
    items: &[Item],
    mut draw: impl FnMut(&mut Canvas, &Item),
) -> PageMarks {
    let mut m = PageMarks {
        page,
        mcids: Vec::new(),
        annots: Vec::new(),
        kids: Vec::new(),
    };
    let mut open = Open::Nothing;
    for it in items {
        let wanted = match it {
            Item::Tagged { node, .. } => Open::Node(*node),
            Item::Furniture { .. } => Open::Nothing,
            _ => Open::Artifact,
        };
        if open != wanted || matches!(it, Item::Furniture { .. }) {
            if open != Open::Nothing {
                c.content.end_marked();
            }
            match wanted {
                Open::Node(node) => {
                    let mcid = m.mcids.len();
                    m.mcids.push(node);
                    m.kids.push((node, Kid::Mcid(page, mcid)));
                    c.content.begin_marked_with(
                        &tags.node(node).kind.name(),
                        &Properties::new().int("MCID", mcid as i64),
                    );
                }
                Open::Artifact => {
                    c.content.begin_marked("Artifact");
                }
                Open::Nothing => {}
            }
            open = wanted;
        }
        match it {
            Item::Tagged { node, items } => {
                for sub in items {
                    for _ in 0..links(sub) {
                        let index = m.annots.len();
                        m.annots.push(Some(*node));
                        m.kids.push((*node, Kid::Annot(page, index)));
                    }
                    draw(c, sub);
                }
            }
            Item::Furniture { kind, .. } => {
                let (subtype, attached) = match kind {
                    Furniture::Header => ("Header", "Top"),
                    Furniture::Footer => ("Footer", "Bottom"),
                };
                c.content.begin_marked_with(
                    "Artifact",
                    &Properties::new()
                        .name("Type", "Pagination")
                        .name("Subtype", subtype)
                        .names("Attached", attached),
                );
                m.annots.extend(std::iter::repeat_n(None, links(it)));
                draw(c, it);
                c.content.end_marked();
            }
            other => {
                m.annots.extend(std::iter::repeat_n(None, links(other)));
                draw(c, other);
            }
        }
    }
    if open != Open::Nothing {
        c.content.end_marked();
    }
    m
}

impl<'a> Marks<'a> {
    pub fn new(tags: &'a Tags, pages: usize) -> Self {
        Marks {
            tags,
            kids: vec![Vec::new(); tags.nodes.len()],
            mcids: vec![Vec::new(); pages],
            annots: vec![Vec::new(); pages],
            seq: 0,
        }
    }

    /// Adds a page's marks; pages come in order.
    pub fn add(&mut self, page: PageMarks) {
        for (node, kid) in page.kids {
            self.kids[node.0 as usize].push((self.seq, kid));
            self.seq += 1;
        }
        self.mcids[page.page] = page.mcids;
        self.annots[page.page] = page.annots;
    }

    /// Writes the structure tree into `doc` (whose pages are the ones
    /// marked) and points the catalog at it.
    pub fn finish(self, doc: &mut Document) {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let nodes = &self.tags.nodes;
        let n = nodes.len();
        // The first content of each node and of what is under it; parents
        // come before their children, so one backward pass does it.
        let mut first: Vec<Option<u64>> = self
            .kids
            .iter()
            .map(|k| k.first().map(|(s, _)| *s))
            .collect();
        for i in (1..n).rev() {
            if let (Some(f), Some(p)) = (first[i], nodes[i].parent) {
                let p = p.0 as usize;
                first[p] = Some(first[p].map_or(f, |q| q.min(f)));
            }
        }
        // Elements written: those with content, and the empty cells of a
        // row that has some (a table stays regular).
        let mut included = vec![false; n];
        for i in 0..n {
            included[i] = first[i].is_some()
                || (matches!(nodes[i].kind, Kind::TH | Kind::TD)
                    && nodes[i].parent.is_some_and(|p| included[p.0 as usize]));
        }
        if !included[0] {
            return;
        }
        let ids: Vec<Option<ObjectId>> = included
            .iter()
            .map(|inc| inc.then(|| doc.new_object_id()))
            .collect();
        let root_id = doc.new_object_id();

        // Link annotations become objects of their own (an OBJR refers to
        // them), printable (PDF/A), described (PDF/UA), with their key in
        // the parent tree after the pages'.
        let mut next_key = pages.len() as i64;
        let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(pages.len());
        let mut annot_keys: Vec<(i64, NodeId)> = Vec::new();
        for (p, page_id) in pages.iter().enumerate() {
            let annots: Vec<Object> = doc
                .get_dictionary(*page_id)
                .ok()
                .and_then(|d| d.get(b"Annots").ok())
                .and_then(|a| a.as_array().ok())
                .cloned()
                .unwrap_or_default();
            let mut refs = Vec::new();
            for (k, a) in annots.into_iter().enumerate() {
                let Object::Dictionary(mut a) = a else {
                    continue;
                };
                a.set("F", Object::Integer(4));
                let node = self.annots[p].get(k).copied().flatten();
                if let Some(node) = node {
                    a.set("StructParent", Object::Integer(next_key));
                    annot_keys.push((next_key, node));
                    next_key += 1;
                    if let Kind::Link { text } = &self.tags.node(node).kind {
                        a.set("Contents", utf16_text(text));
                    }
                }
                refs.push(doc.add_object(a));
            }
            if let Ok(d) = doc.get_dictionary_mut(*page_id) {
                if refs.is_empty() {
                    d.remove(b"Annots");
                } else {
                    d.set(
                        "Annots",
                        Object::Array(refs.iter().map(|r| Object::Reference(*r)).collect()),
                    );
                }
                d.set("StructParents", Object::Integer(p as i64));
                d.set("Tabs", "S");
            }
            annot_ids.push(refs);
        }

        let mut id_tree: Vec<(String, ObjectId)> = Vec::new();
        for i in 0..n {
            let Some(id) = ids[i] else { continue };
            let node = &nodes[i];
            // Kids: own content and child elements, in content order; an
            // empty cell goes after the sibling before it.
            let mut kids: Vec<(u64, Object)> = Vec::new();
            let own_page = self.kids[i].iter().find_map(|(_, k)| match k {
                Kid::Mcid(p, _) => Some(*p),
                Kid::Annot(..) => None,
            });
            for (seq, k) in &self.kids[i] {
                let obj = match *k {
                    Kid::Mcid(p, mcid) if Some(p) == own_page => Object::Integer(mcid as i64),
                    Kid::Mcid(p, mcid) => Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::from("MCR")),
                        ("Pg", Object::Reference(pages[p])),
                        ("MCID", Object::Integer(mcid as i64)),
                    ])),
                    Kid::Annot(p, a) => match annot_ids[p].get(a) {
                        Some(annot) => Object::Dictionary(Dictionary::from_iter(vec![
                            ("Type", Object::from("OBJR")),
                            ("Pg", Object::Reference(pages[p])),
                            ("Obj", Object::Reference(*annot)),
                        ])),
                        None => continue,
                    },
                };
                kids.push((*seq, obj));
            }
            let mut last = 0;
            for c in &node.children {
                let c = c.0 as usize;
                if let Some(cid) = ids[c] {
                    last = first[c].unwrap_or(last);
                    kids.push((last, Object::Reference(cid)));
                }
            }
            kids.sort_by_key(|(s, _)| *s);
            let mut d = Dictionary::new();
            d.set("Type", "StructElem");
            d.set("S", Object::Name(node.kind.name().into_bytes()));
            d.set(
                "P",
                Object::Reference(
                    node.parent
                        .and_then(|p| ids[p.0 as usize])
                        .unwrap_or(root_id),
                ),
            );
            if let Some(p) = own_page {
                d.set("Pg", Object::Reference(pages[p]));
            }
            // An empty table cell has no kids at all.
            if !kids.is_empty() {
                d.set(
                    "K",
                    Object::Array(kids.into_iter().map(|(_, k)| k).collect()),
                );
            }
            if let Some(lang) = node.lang {
                d.set("Lang", Object::String(lang.into(), StringFormat::Literal));
            }
            match &node.kind {
                Kind::TH => d.set(
                    "A",
                    Dictionary::from_iter(vec![
                        ("O", Object::from("Table")),
                        ("Scope", Object::from("Column")),
                    ]),
                ),
                Kind::Figure { alt } => d.set("Alt", utf16_text(alt)),
                Kind::Note => {
                    let name = format!("note-{i}");
                    d.set(
                        "ID",
                        Object::String(name.clone().into_bytes(), StringFormat::Literal),
                    );
                    id_tree.push((name, id));
                }
                _ => {}
            }
            doc.set_object(id, d);
        }

        // The parent tree: each page's MCIDs, then each annotation.
        let mut nums = Vec::new();
        for (p, mcids) in self.mcids.iter().enumerate() {
            let refs: Vec<Object> = mcids
                .iter()
                .filter_map(|node| ids[node.0 as usize].map(Object::Reference))
                .collect();
            nums.push(Object::Integer(p as i64));
            nums.push(Object::Reference(doc.add_object(Object::Array(refs))));
        }
        for (key, node) in annot_keys {
            if let Some(id) = ids[node.0 as usize] {
                nums.push(Object::Integer(key));
                nums.push(Object::Reference(id));
            }
        }
        let parent_tree =
            doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
        let mut root = Dictionary::new();
        root.set("Type", "StructTreeRoot");
        root.set(
            "K",
            Object::Array(vec![Object::Reference(ids[0].unwrap_or(root_id))]),
        );
        root.set("ParentTree", Object::Reference(parent_tree));
        root.set("ParentTreeNextKey", Object::Integer(next_key));
        if !id_tree.is_empty() {
            id_tree.sort();
            let names = id_tree
                .into_iter()
                .flat_map(|(name, id)| {
                    [
                        Object::String(name.into_bytes(), StringFormat::Literal),
                        Object::Reference(id),
                    ]
                })
                .collect();
            root.set(
                "IDTree",
                Dictionary::from_iter(vec![("Names", Object::Array(names))]),
            );
        }
        doc.set_object(root_id, root);
        if let Ok(cat) = doc.catalog_mut() {
            cat.set("StructTreeRoot", Object::Reference(root_id));
        }
    }
}

/// How many link annotations `it` makes.
fn links(it: &Item) -> usize {
    match it {
        Item::Link { .. } => 1,
        Item::Group { items, .. } | Item::Tagged { items, .. } | Item::Furniture { items, .. } => {
            items.iter().map(links).sum()
        }
        _ => 0,
    }
}
