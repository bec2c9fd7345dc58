//! The agency phone directory.

use chrono::NaiveDate;

use crate::phone::Phone;

#[derive(Debug, Clone)]
pub struct Directory {
    pub title: String,
    pub updated: NaiveDate,
    pub groups: Vec<String>,
    pub note: Option<String>,
    /// Sorted by group order, then `order`, then file name.
    pub agencies: Vec<Agency>,
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
