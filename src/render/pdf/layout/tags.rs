//! The logical structure of a laid-out publication, for tagged PDF: an
//! arena of structure elements (headings, paragraphs, lists, tables,
//! figures, links, notes) built by the layout in reading order. Content
//! items name the element they belong to with [`Item::Tagged`]; whatever
//! is not inside one is an artifact (running headers, page numbers,
//! rules, table borders, repeated table headers).
//!
//! The writer ([`super::super::tagged`]) numbers the marked content of
//! each page and writes the tree of the elements that have content on the
//! pages it writes (an offprint holds only its document's part).
//!
//! [`Item::Tagged`]: super::boxes::Item::Tagged

/// An element of the tree: an index into [`Tags::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// A structure type of ISO 32000-1 §14.8.4, with what it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Document,
    /// A section: the cover, the contents, one gazette document, a
    /// directory group or agency.
    Sect,
    /// A heading of level 1 to 6.
    H(u8),
    P,
    BlockQuote,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    /// A header cell, for the column below it.
    TH,
    TD,
    /// An image: its text alternative (`/Alt`).
    Figure {
        alt: String,
    },
    Caption,
    /// A link: its text, which the annotation's `/Contents` repeats.
    Link {
        text: String,
    },
    /// A footnote (the writer gives it the `/ID` PDF/UA asks for).
    Note,
    TOC,
    TOCI,
}

impl Kind {
    /// The standard structure type name.
    pub fn name(&self) -> String {
        match self {
            Kind::H(n) => format!("H{}", (*n).clamp(1, 6)),
            Kind::Figure { .. } => "Figure".into(),
            Kind::Link { .. } => "Link".into(),
            other => format!("{other:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// None for the root only.
    pub parent: Option<NodeId>,
    /// Children in reading order.
    pub children: Vec<NodeId>,
    /// The language, when not the document's (an English title).
    pub lang: Option<&'static str>,
}

/// The structure tree. Node 0 is the `Document` root; a node's parent
/// always comes before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    pub nodes: Vec<Node>,
}

impl Default for Tags {
    fn default() -> Self {
        Tags::new()
    }
}

impl Tags {
    pub const ROOT: NodeId = NodeId(0);

    pub fn new() -> Tags {
        Tags {
            nodes: vec![Node {
                kind: Kind::Document,
                parent: None,
                children: Vec::new(),
                lang: None,
            }],
        }
    }

    /// A new last child of `parent`.
    pub fn push(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
            lang: None,
        });
        self.nodes[parent.0 as usize].children.push(id);
        id
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    pub fn set_lang(&mut self, id: NodeId, lang: &'static str) {
        self.nodes[id.0 as usize].lang = Some(lang);
    }
}
