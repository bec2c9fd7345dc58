//! What changed (異動) between two editions of the directory.
//!
//! Agencies are the same agency when their file has the same name (or,
//! failing that, the same `agency:` name: a renamed file). Units are the
//! same unit in one agency when their names are equal; an unmatched unit
//! whose numbers (phone and extension) are those of an unmatched unit of
//! the same agency was renamed; an unmatched unit whose name is that of an
//! unmatched unit of another agency (also one removed) was moved there — a
//! move, not a removal and an addition. Contacts are matched by title.

use crate::model::{Agency, Contact, Directory, Unit};
use crate::phone::Phone;

/// A row of the newer edition's table: the unit's index in its agency and
/// the contact's in its unit; `None` for the agency itself or a removed row.
pub type Row = Option<(usize, Option<usize>)>;

/// One change, old → new, located in the newer edition's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The agency's name in the newer edition (the older one's when removed).
    pub agency: String,
    /// The agency's id in the newer edition; `None` when it was removed.
    pub agency_id: Option<String>,
    /// The unit, `單位 職稱` for a contact; empty for the agency itself.
    pub unit: String,
    /// The row in the newer edition: the unit's index in its agency and
    /// the contact's in its unit; `None` for an agency or a removed row.
    pub row: Option<(usize, Option<usize>)>,
    /// What it was (empty for an addition).
    pub old: String,
    /// What it is (empty for a removal).
    pub new: String,
}

impl Change {
    /// Where: the agency, and the unit when there is one.
    pub fn subject(&self) -> String {
        if self.unit.is_empty() {
            self.agency.clone()
        } else {
            format!("{} {}", self.agency, self.unit)
        }
    }

    /// The change in one line, as the feed and the editions page say it:
    /// `電話異動：臺中市政府秘書處 公共關係科（04-2228-9111 → 04-2228-9222）`.
    pub fn describe(&self) -> String {
        let or_none = |s: &str| {
            if s.is_empty() {
                "（無）".to_string()
            } else {
                s.to_string()
            }
        };
        if !self.kind.has_values() {
            format!("{}：{}", self.kind.label(), self.subject())
        } else {
            format!(
                "{}：{}（{} → {}）",
                self.kind.label(),
                self.subject(),
                or_none(&self.old),
                or_none(&self.new)
            )
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    AgencyAdded,
    AgencyRemoved,
    AgencyRenamed,
    UnitAdded,
    UnitRemoved,
    UnitRenamed,
    UnitMoved,
    ContactAdded,
    ContactRemoved,
    Phone,
    Extension,
    Fax,
    Address,
    Website,
}

impl ChangeKind {
    /// The code used in changes.json.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::AgencyAdded => "agency-added",
            ChangeKind::AgencyRemoved => "agency-removed",
            ChangeKind::AgencyRenamed => "agency-renamed",
            ChangeKind::UnitAdded => "unit-added",
            ChangeKind::UnitRemoved => "unit-removed",
            ChangeKind::UnitRenamed => "unit-renamed",
            ChangeKind::UnitMoved => "unit-moved",
            ChangeKind::ContactAdded => "contact-added",
            ChangeKind::ContactRemoved => "contact-removed",
            ChangeKind::Phone => "phone",
            ChangeKind::Extension => "extension",
            ChangeKind::Fax => "fax",
            ChangeKind::Address => "address",
            ChangeKind::Website => "website",
        }
    }

    /// What the change is called on the page, in the PDF and the CSV.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::AgencyAdded => "新增機關",
            ChangeKind::AgencyRemoved => "刪除機關",
            ChangeKind::AgencyRenamed => "機關更名",
            ChangeKind::UnitAdded => "新增單位",
            ChangeKind::UnitRemoved => "刪除單位",
            ChangeKind::UnitRenamed => "單位更名",
            ChangeKind::UnitMoved => "單位移撥",
            ChangeKind::ContactAdded => "新增窗口",
            ChangeKind::ContactRemoved => "刪除窗口",
            ChangeKind::Phone => "電話異動",
            ChangeKind::Extension => "分機異動",
            ChangeKind::Fax => "傳真異動",
            ChangeKind::Address => "地址異動",
            ChangeKind::Website => "網站異動",
        }
    }

    /// Whether the change is told as `old → new` (not an addition or a
    /// removal, whose subject says it all).
    pub fn has_values(self) -> bool {
        !matches!(
            self,
            ChangeKind::AgencyAdded
                | ChangeKind::AgencyRemoved
                | ChangeKind::UnitAdded
                | ChangeKind::UnitRemoved
                | ChangeKind::ContactAdded
                | ChangeKind::ContactRemoved
        )
    }

    /// A change of a number (what `check` warns about without a new date).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            ChangeKind::Phone | ChangeKind::Extension | ChangeKind::Fax
        )
    }
}

fn number(p: &Option<Phone>) -> String {
    p.as_ref().map(Phone::display_number).unwrap_or_default()
}

/// The extension as printed: the field's, or the one written in the number.
fn extension(p: &Option<Phone>, ext: &Option<String>) -> String {
    ext.clone()
        .or_else(|| p.as_ref().and_then(|p| p.ext.clone()))
        .unwrap_or_default()
}

/// A unit's identity by numbers, for renames: phone and extension.
fn unit_numbers(u: &Unit) -> Option<(String, String)> {
    let n = (number(&u.phone), extension(&u.phone, &u.ext));
    (!n.0.is_empty() || !n.1.is_empty()).then_some(n)
}

/// Where a unit is: (agency index, unit index) in its edition.
type At = (usize, usize);

/// The changes from `old` to `new`, in the order of `new`'s table, then
/// the removed agencies in `old`'s order.
pub fn diff(old: &Directory, new: &Directory) -> Vec<Change> {
    // Agencies: by id, then by name.
    let mut pair: Vec<Option<usize>> = new
        .agencies
        .iter()
        .map(|a| old.agencies.iter().position(|o| o.id == a.id))
        .collect();
    for (i, a) in new.agencies.iter().enumerate() {
        if pair[i].is_none() {
            pair[i] = old.agencies.iter().enumerate().position(|(j, o)| {
                o.name == a.name
                    && !pair.contains(&Some(j))
                    && !new.agencies.iter().any(|n| n.id == o.id)
            });
        }
    }
    let old_paired = |j: usize| pair.contains(&Some(j));

    // Units: by name within paired agencies.
    let mut unit_pair: Vec<Vec<Option<At>>> = new
        .agencies
        .iter()
        .map(|a| vec![None; a.units.len()])
        .collect();
    let mut taken: Vec<Vec<bool>> = old
        .agencies
        .iter()
        .map(|a| vec![false; a.units.len()])
        .collect();
    for (i, a) in new.agencies.iter().enumerate() {
        let Some(j) = pair[i] else { continue };
        for (ui, u) in a.units.iter().enumerate() {
            if let Some(uj) = (0..old.agencies[j].units.len())
                .find(|&uj| !taken[j][uj] && old.agencies[j].units[uj].name == u.name)
            {
                taken[j][uj] = true;
                unit_pair[i][ui] = Some((j, uj));
            }
        }
    }
    // Renames: the same numbers in the same agency.
    for (i, a) in new.agencies.iter().enumerate() {
        let Some(j) = pair[i] else { continue };
        for (ui, u) in a.units.iter().enumerate() {
            if unit_pair[i][ui].is_some() {
                continue;
            }
            let Some(numbers) = unit_numbers(u) else {
                continue;
            };
            if let Some(uj) = (0..old.agencies[j].units.len()).find(|&uj| {
                !taken[j][uj] && unit_numbers(&old.agencies[j].units[uj]).as_ref() == Some(&numbers)
            }) {
                taken[j][uj] = true;
                unit_pair[i][ui] = Some((j, uj));
            }
        }
    }
    // Moves: the same name in another agency.
    for (i, a) in new.agencies.iter().enumerate() {
        for (ui, u) in a.units.iter().enumerate() {
            if unit_pair[i][ui].is_some() {
                continue;
            }
            let found = old.agencies.iter().enumerate().find_map(|(j, o)| {
                (Some(j) != pair[i])
                    .then(|| {
                        (0..o.units.len()).find(|&uj| !taken[j][uj] && o.units[uj].name == u.name)
                    })
                    .flatten()
                    .map(|uj| (j, uj))
            });
            if let Some((j, uj)) = found {
                taken[j][uj] = true;
                unit_pair[i][ui] = Some((j, uj));
            }
        }
    }

    let mut out = Vec::new();
    for (i, a) in new.agencies.iter().enumerate() {
        let change = |kind, unit: &str, row, old: String, new: String| Change {
            kind,
            agency: a.name.clone(),
            agency_id: Some(a.id.clone()),
            unit: unit.to_string(),
            row,
            old,
            new,
        };
        let Some(j) = pair[i] else {
            out.push(change(
                ChangeKind::AgencyAdded,
                "",
                None,
                String::new(),
                a.name.clone(),
            ));
            // Its units are new with it, unless one moved here.
            for (ui, u) in a.units.iter().enumerate() {
                if let Some((oj, ouj)) = unit_pair[i][ui] {
                    let o = &old.agencies[oj];
                    out.push(change(
                        ChangeKind::UnitMoved,
                        &u.name,
                        Some((ui, None)),
                        o.name.clone(),
                        a.name.clone(),
                    ));
                    unit_fields(&o.units[ouj], u, ui, &change, &mut out);
                }
            }
            continue;
        };
        let o = &old.agencies[j];
        if o.name != a.name {
            out.push(change(
                ChangeKind::AgencyRenamed,
                "",
                None,
                o.name.clone(),
                a.name.clone(),
            ));
        }
        let fields = [
            (ChangeKind::Address, o.address.clone(), a.address.clone()),
            (
                ChangeKind::Phone,
                Some(number(&o.phone)),
                Some(number(&a.phone)),
            ),
            (
                ChangeKind::Extension,
                Some(extension(&o.phone, &None)),
                Some(extension(&a.phone, &None)),
            ),
            (ChangeKind::Fax, Some(number(&o.fax)), Some(number(&a.fax))),
            (ChangeKind::Website, o.website.clone(), a.website.clone()),
        ];
        for (kind, was, is) in fields {
            let (was, is) = (was.unwrap_or_default(), is.unwrap_or_default());
            if was != is {
                out.push(change(kind, "", None, was, is));
            }
        }
        for (ui, u) in a.units.iter().enumerate() {
            match unit_pair[i][ui] {
                None => out.push(change(
                    ChangeKind::UnitAdded,
                    &u.name,
                    Some((ui, None)),
                    String::new(),
                    u.name.clone(),
                )),
                Some((oj, ouj)) => {
                    let ou = &old.agencies[oj].units[ouj];
                    if oj != j {
                        out.push(change(
                            ChangeKind::UnitMoved,
                            &u.name,
                            Some((ui, None)),
                            old.agencies[oj].name.clone(),
                            a.name.clone(),
                        ));
                    } else if ou.name != u.name {
                        out.push(change(
                            ChangeKind::UnitRenamed,
                            &u.name,
                            Some((ui, None)),
                            ou.name.clone(),
                            u.name.clone(),
                        ));
                    }
                    unit_fields(ou, u, ui, &change, &mut out);
                }
            }
        }
        for (uj, ou) in o.units.iter().enumerate() {
            if !taken[j][uj] {
                out.push(change(
                    ChangeKind::UnitRemoved,
                    &ou.name,
                    None,
                    ou.name.clone(),
                    String::new(),
                ));
            }
        }
    }
    for (j, o) in old.agencies.iter().enumerate() {
        if !old_paired(j) {
            out.push(Change {
                kind: ChangeKind::AgencyRemoved,
                agency: o.name.clone(),
                agency_id: None,
                unit: String::new(),
                row: None,
                old: o.name.clone(),
                new: String::new(),
            });
        }
    }
    out
}

/// The changed numbers of a unit and its contacts.
fn unit_fields(
    old: &Unit,
    new: &Unit,
    ui: usize,
    change: &dyn Fn(ChangeKind, &str, Row, String, String) -> Change,
    out: &mut Vec<Change>,
) {
    let row = Some((ui, None));
    let fields = [
        (ChangeKind::Phone, number(&old.phone), number(&new.phone)),
        (
            ChangeKind::Extension,
            extension(&old.phone, &old.ext),
            extension(&new.phone, &new.ext),
        ),
        (ChangeKind::Fax, number(&old.fax), number(&new.fax)),
    ];
    for (kind, was, is) in fields {
        if was != is {
            out.push(change(kind, &new.name, row, was, is));
        }
    }
    let label = |c: &Contact| format!("{} {}", new.name, c.title);
    let mut used = vec![false; old.contacts.len()];
    for (ci, c) in new.contacts.iter().enumerate() {
        let row = Some((ui, Some(ci)));
        let Some(oj) =
            (0..old.contacts.len()).find(|&k| !used[k] && old.contacts[k].title == c.title)
        else {
            out.push(change(
                ChangeKind::ContactAdded,
                &label(c),
                row,
                String::new(),
                c.title.clone(),
            ));
            continue;
        };
        used[oj] = true;
        let oc = &old.contacts[oj];
        let fields = [
            (ChangeKind::Phone, number(&oc.phone), number(&c.phone)),
            (
                ChangeKind::Extension,
                extension(&oc.phone, &oc.ext),
                extension(&c.phone, &c.ext),
            ),
        ];
        for (kind, was, is) in fields {
            if was != is {
                out.push(change(kind, &label(c), row, was, is));
            }
        }
    }
    for (k, oc) in old.contacts.iter().enumerate() {
        if !used[k] {
            out.push(change(
                ChangeKind::ContactRemoved,
                &label(oc),
                None,
                oc.title.clone(),
                String::new(),
            ));
        }
    }
}

/// Agencies whose units share a number: (agency, first unit, second unit)
/// by index. Units in one agency with the same phone and extension are a
/// copying mistake more often than not.
pub fn same_numbers(a: &Agency) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, u) in a.units.iter().enumerate() {
        let Some(n) = unit_numbers(u) else { continue };
        if n.0.is_empty() {
            continue;
        }
        if let Some(first) = a.units[..i]
            .iter()
            .position(|v| unit_numbers(v).as_ref() == Some(&n))
        {
            out.push((first, i));
        }
    }
    out
}
