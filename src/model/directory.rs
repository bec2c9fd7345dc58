//! The agency phone directory.

use chrono::NaiveDate;

use crate::phone::Phone;

pub use super::changes::{Change, ChangeKind};

#[derive(Debug, Clone)]
pub struct Directory {
    pub title: String,
    pub updated: NaiveDate,
    pub groups: Vec<String>,
    pub note: Option<String>,
    /// Sorted by group order, then `order`, then file name.
    pub agencies: Vec<Agency>,
    /// This edition and those before it, from the site's git history.
    pub editions: Editions,
}

/// The directory's editions: an edition is the directory as of a value of
/// `updated:` (SPEC "Editions and changes"). Read by `content::history`.
#[derive(Debug, Clone, Default)]
pub struct Editions {
    /// Newest first: the current edition (this directory), then the
    /// earlier ones found in the history. Empty when there is no history.
    pub list: Vec<Edition>,
    /// Why the history could not be read (a plain copy, a shallow clone):
    /// the build says so in one warning and publishes no changes.
    pub missing: Option<String>,
    /// Commits read, and the time taken (for `build --verbose` and the
    /// benchmark; never written into the output).
    pub commits: usize,
    pub seconds: f64,
}

impl Editions {
    /// The changes of the current edition against the previous one, when
    /// there is a previous one.
    pub fn current_changes(&self) -> Option<&[Change]> {
        self.list
            .first()
            .filter(|e| !e.first)
            .map(|e| e.changes.as_slice())
    }
}

#[derive(Debug, Clone)]
pub struct Edition {
    pub updated: NaiveDate,
    /// The changes since the edition before it, in table order.
    pub changes: Vec<Change>,
    /// The oldest edition found: nothing to compare it with.
    pub first: bool,
    /// An earlier edition's directory as it was; `None` for the current
    /// edition, which is the directory itself.
    pub directory: Option<Box<Directory>>,
}

#[derive(Debug, Clone)]
pub struct Agency {
    /// The file stem, an ASCII id.
    pub id: String,
    pub name: String,
    pub group: String,
    pub order: i64,
    pub address: Option<String>,
    pub website: Option<String>,
    pub phone: Option<Phone>,
    pub fax: Option<Phone>,
    pub units: Vec<Unit>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    pub phone: Option<Phone>,
    pub ext: Option<String>,
    pub fax: Option<Phone>,
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub title: String,
    /// Its own number, or `None` to use the unit's.
    pub phone: Option<Phone>,
    pub ext: Option<String>,
}
