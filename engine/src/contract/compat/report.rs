//! The result of a comparison: its changes, which of them break which side,
//! as JSON for tools and as text for people.

use serde_json::{Value, json};

use super::change::{Change, Side};
use crate::contract::schema::display_pointer;

/// Every difference between two versions of a schema, in the order the
/// schemas list them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes found.
    pub changes: Vec<Change>,
}

impl Report {
    /// The changes that break `side` ([`Side::Both`]: either side).
    pub fn breaking_for(&self, side: Side) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.breaks(side))
    }

    /// True when some change breaks `side`.
    pub fn is_breaking_for(&self, side: Side) -> bool {
        self.breaking_for(side).next().is_some()
    }

    /// `{"changes": [...], "summary": {"changes", "breaking_for_consumers",
    /// "breaking_for_producers", "undecided", "compatible"}}`.
    pub fn to_json(&self) -> Value {
        let count = |side| self.breaking_for(side).count();
        json!({
            "changes": self.changes.iter().map(Change::to_json).collect::<Vec<_>>(),
            "summary": {
                "changes": self.changes.len(),
                "breaking_for_consumers": count(Side::Consumer),
                "breaking_for_producers": count(Side::Producer),
                "undecided": self.changes.iter().filter(|c| c.undecided).count(),
                "compatible": self.changes.len() - count(Side::Both),
            },
        })
    }

    /// For a person: one block per change, then a summary line.
    ///
    /// ```text
    /// breaks producers  property_added  /lines/*/note
    ///     property `note` added: it is required: producers that omit it are refused
    ///     old: old.json#/properties/lines/items/properties
    ///     new: new.json#/properties/lines/items/properties/note
    ///
    /// 1 change: 0 breaking for consumers, 1 for producers
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let width = self
            .changes
            .iter()
            .map(|c| label(c).len())
            .max()
            .unwrap_or(0);
        for c in &self.changes {
            out.push_str(&format!(
                "{:width$}  {}  {}\n    {}\n    old: {}\n    new: {}\n",
                label(c),
                c.kind,
                display_pointer(&c.pointer),
                c.message,
                c.old,
                c.new,
            ));
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `3 changes: 1 breaking for consumers, 2 for producers (1 undecided)`.
    pub fn summary(&self) -> String {
        let n = self.changes.len();
        if n == 0 {
            return "no changes".into();
        }
        let consumers = self.breaking_for(Side::Consumer).count();
        let producers = self.breaking_for(Side::Producer).count();
        let undecided = self.changes.iter().filter(|c| c.undecided).count();
        let mut text = format!(
            "{n} change{}: {consumers} breaking for consumers, {producers} for producers",
            if n == 1 { "" } else { "s" }
        );
        if undecided > 0 {
            text.push_str(&format!(" ({undecided} undecided)"));
        }
        text
    }
}

/// `breaks consumers`, `breaks both (undecided)`, `compatible`.
fn label(c: &Change) -> String {
    let side = match (c.consumer.is_breaking(), c.producer.is_breaking()) {
        (true, true) => "breaks both",
        (true, false) => "breaks consumers",
        (false, true) => "breaks producers",
        (false, false) => "compatible",
    };
    if c.undecided {
        format!("{side} (undecided)")
    } else {
        side.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::super::change::{Impact, Kind, Location};
    use super::*;

    fn change(kind: Kind, consumer: Impact, producer: Impact) -> Change {
        let at = Location {
            file: "a.json".into(),
            pointer: "/properties/x".into(),
        };
        Change {
            kind,
            pointer: "/x".into(),
            old: at.clone(),
            new: at,
            consumer,
            producer,
            undecided: false,
            message: "m".into(),
        }
    }

    #[test]
    fn sides_count_their_own_breaks() {
        let report = Report {
            changes: vec![
                change(Kind::TypeWidened, Impact::Breaking, Impact::Compatible),
                change(
                    Kind::DeprecatedAdded,
                    Impact::Compatible,
                    Impact::Compatible,
                ),
            ],
        };
        assert!(report.is_breaking_for(Side::Consumer));
        assert!(!report.is_breaking_for(Side::Producer));
        let json = report.to_json();
        assert_eq!(json["summary"]["breaking_for_consumers"], 1);
        assert_eq!(json["summary"]["compatible"], 1);
        assert_eq!(json["changes"][1]["kind"], "deprecated_added");
    }

    #[test]
    fn text_has_a_block_per_change_and_a_summary() {
        let report = Report {
            changes: vec![change(
                Kind::TypeWidened,
                Impact::Breaking,
                Impact::Compatible,
            )],
        };
        let text = report.render();
        assert!(
            text.starts_with("breaks consumers  type_widened  /x\n    m\n"),
            "{text}"
        );
        assert!(text.contains("    old: a.json#/properties/x\n"));
        assert!(text.ends_with("\n1 change: 1 breaking for consumers, 0 for producers\n"));
        assert_eq!(Report::default().render(), "no changes\n");
    }
}
