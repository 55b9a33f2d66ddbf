//! A fact as templates see it: its value and how to reach it, and its provenance
//! (where it comes from, when it was checked, whether that check is stale).

use serde::Serialize;

use super::Fact;
use crate::content::contact::{self, Contact};

/// One fact for a template (`markup/fact.html`, the facts page, a page's list of
/// sources).
#[derive(Debug, Clone, Serialize)]
pub struct Shown<'a> {
    pub id: &'a str,
    pub value: &'a str,
    /// `phone`, `url`, `email`, `hours` or `text`.
    pub kind: &'static str,
    /// The `tel:`, `mailto:` or web link of the value, for the kinds that have one.
    pub href: Option<&'a str>,
    /// Where the value comes from: `text`, and `href` when it is a web address.
    pub source: Option<Contact>,
    /// `YYYY-MM-DD`, or none if nobody ever checked it.
    pub checked: Option<&'a str>,
    pub note: Option<&'a str>,
    /// Whether the check is older than the site's `stale_after`.
    pub stale: bool,
    /// The fact's anchor on the facts page (`fact-tmall_hotline`).
    pub anchor: String,
}

impl Fact {
    /// This fact for a template; `stale_after` is the site's limit in days and
    /// `today` in days since 1970-01-01.
    pub fn shown(&self, today: i64, stale_after: Option<i64>) -> Shown<'_> {
        Shown {
            id: &self.id,
            value: &self.value,
            kind: self.kind.name(),
            href: self.href.as_deref(),
            source: self.source.as_deref().map(contact::source),
            checked: self.checked.as_deref(),
            note: self.note.as_deref(),
            stale: self.is_stale(today, stale_after),
            anchor: crate::paths::fact_anchor(&self.id),
        }
    }

    /// How many days ago the fact was checked, if it ever was.
    pub fn age(&self, today: i64) -> Option<i64> {
        let checked = self.checked.as_deref()?;
        crate::content::discover::days_since_epoch(checked).map(|d| today - d)
    }

    /// Whether the check is older than `stale_after` days (never, without a limit or
    /// a check).
    pub fn is_stale(&self, today: i64, stale_after: Option<i64>) -> bool {
        matches!((self.age(today), stale_after), (Some(age), Some(max)) if age > max)
    }
}
