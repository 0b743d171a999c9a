//! What a comparison finds: one [`Change`] per difference, each of a stable
//! [`Kind`], with its [`Impact`] on consumers (readers) and producers
//! (writers) of data valid under the schema.
//!
//! The two impacts are set inclusions. Let OLD and NEW be the sets of
//! values each version admits at a place. Consumers break when NEW admits a
//! value OLD did not (they may receive something they cannot handle);
//! producers break when NEW rejects a value OLD admitted (what they send
//! today may be refused). Most kinds have a fixed rule ([`Kind::rule`]);
//! the rest (a property added or removed, a pattern property, `not`, …)
//! are decided by comparing the schemas involved, so their impact is on
//! each [`Change`].

use serde_json::{Value, json};

/// What a change does to one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impact {
    /// Everything this side did before still works.
    Compatible,
    /// Something this side did before may now fail.
    Breaking,
}

impl Impact {
    /// `Breaking` when `breaks`.
    pub fn of(breaks: bool) -> Impact {
        if breaks {
            Impact::Breaking
        } else {
            Impact::Compatible
        }
    }

    /// True for [`Impact::Breaking`].
    pub fn is_breaking(self) -> bool {
        self == Impact::Breaking
    }

    /// `breaking` or `compatible`.
    pub fn name(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::Breaking => "breaking",
        }
    }
}

/// Whose breaks count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// Readers of data valid under the schema.
    Consumer,
    /// Writers of data valid under the schema.
    Producer,
    /// Either.
    #[default]
    Both,
}

/// A kind's impact when it does not depend on the schemas compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Always this impact on consumers and producers; `undecided` when the
    /// comparison cannot tell and assumes the worst.
    Fixed {
        /// On consumers.
        consumer: Impact,
        /// On producers.
        producer: Impact,
        /// True when "breaking" is an assumption, not a finding.
        undecided: bool,
    },
    /// Decided per change by comparing the schemas involved.
    Computed,
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $rule:expr;)*) => {
        /// The stable name of a kind of difference.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in the order the documentation lists them.
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];

            /// The stable snake_case name (`property_removed`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }

            /// How the kind affects each side.
            pub fn rule(self) -> Rule {
                match self {
                    $(Kind::$variant => $rule,)*
                }
            }
        }
    };
}

const fn fixed(consumer: Impact, producer: Impact) -> Rule {
    Rule::Fixed {
        consumer,
        producer,
        undecided: false,
    }
}

/// Narrows what is admitted: breaks producers.
const NARROWS: Rule = fixed(Impact::Compatible, Impact::Breaking);
/// Widens what is admitted: breaks consumers.
const WIDENS: Rule = fixed(Impact::Breaking, Impact::Compatible);
/// Both narrows and widens.
const BOTH: Rule = fixed(Impact::Breaking, Impact::Breaking);
/// Changes nothing that is validated.
const INFORMS: Rule = fixed(Impact::Compatible, Impact::Compatible);
/// Cannot be decided: assumed to break both.
const UNDECIDED: Rule = Rule::Fixed {
    consumer: Impact::Breaking,
    producer: Impact::Breaking,
    undecided: true,
};

kinds! {
    /// A property is declared that was not.
    PropertyAdded = "property_added", Rule::Computed;
    /// A declared property is gone.
    PropertyRemoved = "property_removed", Rule::Computed;
    /// A property is gone and one with the same schema appeared.
    PropertyRenamed = "property_renamed", Rule::Computed;
    /// A property must now be present.
    PropertyBecameRequired = "property_became_required", NARROWS;
    /// A property may now be absent.
    PropertyNoLongerRequired = "property_no_longer_required", WIDENS;
    /// `additionalProperties: false` was lifted.
    AdditionalPropertiesAllowed = "additional_properties_allowed", WIDENS;
    /// `additionalProperties: false` was imposed.
    AdditionalPropertiesForbidden = "additional_properties_forbidden", NARROWS;
    /// A `patternProperties` entry is new.
    PatternPropertyAdded = "pattern_property_added", Rule::Computed;
    /// A `patternProperties` entry is gone.
    PatternPropertyRemoved = "pattern_property_removed", Rule::Computed;
    /// `propertyNames` admits other names.
    PropertyNamesChanged = "property_names_changed", Rule::Computed;
    /// `minProperties` raised or added.
    MinPropertiesTightened = "min_properties_tightened", NARROWS;
    /// `minProperties` lowered or removed.
    MinPropertiesLoosened = "min_properties_loosened", WIDENS;
    /// `maxProperties` lowered or added.
    MaxPropertiesTightened = "max_properties_tightened", NARROWS;
    /// `maxProperties` raised or removed.
    MaxPropertiesLoosened = "max_properties_loosened", WIDENS;
    /// Fewer types are admitted.
    TypeNarrowed = "type_narrowed", NARROWS;
    /// More types are admitted.
    TypeWidened = "type_widened", WIDENS;
    /// Some types are gone and others are new.
    TypeChanged = "type_changed", BOTH;
    /// `null` is now admitted.
    NullableAdded = "nullable_added", WIDENS;
    /// `null` is no longer admitted.
    NullableRemoved = "nullable_removed", NARROWS;
    /// An `enum` restricts values that were free.
    EnumAdded = "enum_added", NARROWS;
    /// An `enum` no longer restricts the values.
    EnumRemoved = "enum_removed", WIDENS;
    /// An `enum` admits one more value.
    EnumValueAdded = "enum_value_added", WIDENS;
    /// An `enum` no longer admits a value.
    EnumValueRemoved = "enum_value_removed", NARROWS;
    /// A `const` fixes a value that was free.
    ConstAdded = "const_added", NARROWS;
    /// A `const` no longer fixes the value.
    ConstRemoved = "const_removed", WIDENS;
    /// A `const` names another value.
    ConstChanged = "const_changed", BOTH;
    /// A `format` is asserted where none was.
    FormatAdded = "format_added", NARROWS;
    /// A `format` is no longer asserted.
    FormatRemoved = "format_removed", WIDENS;
    /// Another `format` is asserted.
    FormatChanged = "format_changed", UNDECIDED;
    /// A `pattern` is asserted where none was.
    PatternAdded = "pattern_added", NARROWS;
    /// A `pattern` is no longer asserted.
    PatternRemoved = "pattern_removed", WIDENS;
    /// Another `pattern` is asserted.
    PatternChanged = "pattern_changed", UNDECIDED;
    /// `minLength` raised or added.
    MinLengthTightened = "min_length_tightened", NARROWS;
    /// `minLength` lowered or removed.
    MinLengthLoosened = "min_length_loosened", WIDENS;
    /// `maxLength` lowered or added.
    MaxLengthTightened = "max_length_tightened", NARROWS;
    /// `maxLength` raised or removed.
    MaxLengthLoosened = "max_length_loosened", WIDENS;
    /// The lower bound (`minimum`, `exclusiveMinimum`) raised or added.
    MinimumTightened = "minimum_tightened", NARROWS;
    /// The lower bound lowered or removed.
    MinimumLoosened = "minimum_loosened", WIDENS;
    /// The upper bound (`maximum`, `exclusiveMaximum`) lowered or added.
    MaximumTightened = "maximum_tightened", NARROWS;
    /// The upper bound raised or removed.
    MaximumLoosened = "maximum_loosened", WIDENS;
    /// `multipleOf` added, or now a multiple of the old one.
    MultipleOfTightened = "multiple_of_tightened", NARROWS;
    /// `multipleOf` removed, or now a divisor of the old one.
    MultipleOfLoosened = "multiple_of_loosened", WIDENS;
    /// `multipleOf` changed to a value neither divides.
    MultipleOfChanged = "multiple_of_changed", BOTH;
    /// `minItems` raised or added.
    MinItemsTightened = "min_items_tightened", NARROWS;
    /// `minItems` lowered or removed.
    MinItemsLoosened = "min_items_loosened", WIDENS;
    /// `maxItems` lowered or added.
    MaxItemsTightened = "max_items_tightened", NARROWS;
    /// `maxItems` raised or removed.
    MaxItemsLoosened = "max_items_loosened", WIDENS;
    /// `uniqueItems: true` imposed.
    UniqueItemsAdded = "unique_items_added", NARROWS;
    /// `uniqueItems: true` lifted.
    UniqueItemsRemoved = "unique_items_removed", WIDENS;
    /// A place that admitted nothing (`false`) admits values.
    NowAllowed = "now_allowed", WIDENS;
    /// A place that admitted values admits nothing (`false`).
    NoLongerAllowed = "no_longer_allowed", NARROWS;
    /// An `anyOf` branch is new.
    AnyOfBranchAdded = "any_of_branch_added", WIDENS;
    /// An `anyOf` branch is gone.
    AnyOfBranchRemoved = "any_of_branch_removed", NARROWS;
    /// An `anyOf` beside other keywords is new.
    AnyOfAdded = "any_of_added", NARROWS;
    /// An `anyOf` beside other keywords is gone.
    AnyOfRemoved = "any_of_removed", WIDENS;
    /// A `oneOf` branch is new.
    OneOfBranchAdded = "one_of_branch_added", Rule::Computed;
    /// A `oneOf` branch is gone.
    OneOfBranchRemoved = "one_of_branch_removed", Rule::Computed;
    /// A `oneOf` beside other keywords is new.
    OneOfAdded = "one_of_added", NARROWS;
    /// A `oneOf` beside other keywords is gone.
    OneOfRemoved = "one_of_removed", WIDENS;
    /// A `oneOf` whose branches may overlap changed inside.
    OneOfChanged = "one_of_changed", UNDECIDED;
    /// A `oneOf` became an `anyOf`.
    OneOfBecameAnyOf = "one_of_became_any_of", Rule::Computed;
    /// An `anyOf` became a `oneOf`.
    AnyOfBecameOneOf = "any_of_became_one_of", Rule::Computed;
    /// An `allOf` branch is new.
    AllOfBranchAdded = "all_of_branch_added", NARROWS;
    /// An `allOf` branch is gone.
    AllOfBranchRemoved = "all_of_branch_removed", WIDENS;
    /// A `not` is new.
    NotAdded = "not_added", NARROWS;
    /// A `not` is gone.
    NotRemoved = "not_removed", WIDENS;
    /// A `not` excludes other values.
    NotChanged = "not_changed", Rule::Computed;
    /// A recursive `$ref` names another schema.
    RefChanged = "ref_changed", UNDECIDED;
    /// A keyword the comparison does not model (`if`, `contains`,
    /// `dependentRequired`, `unevaluatedProperties`, …) changed.
    KeywordChanged = "keyword_changed", UNDECIDED;
    /// The comparison gave up (too deep, a regex it cannot read).
    Undecided = "undecided", UNDECIDED;
    /// `readOnly: true` added.
    ReadOnlyAdded = "read_only_added", INFORMS;
    /// `readOnly: true` removed.
    ReadOnlyRemoved = "read_only_removed", INFORMS;
    /// `writeOnly: true` added.
    WriteOnlyAdded = "write_only_added", INFORMS;
    /// `writeOnly: true` removed.
    WriteOnlyRemoved = "write_only_removed", INFORMS;
    /// `deprecated: true` added.
    DeprecatedAdded = "deprecated_added", INFORMS;
    /// `deprecated: true` removed.
    DeprecatedRemoved = "deprecated_removed", INFORMS;
    /// The `default` added, removed or changed.
    DefaultChanged = "default_changed", INFORMS;
}

impl Kind {
    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A place in a schema file: the file and a JSON Pointer in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as it was named (empty for a schema compared in memory).
    pub file: String,
    /// JSON Pointer of the keyword, in the schema with its `$ref`s inlined
    /// (which is the file's own pointer wherever no `$ref` was crossed).
    pub pointer: String,
}

impl Location {
    /// `{"file", "pointer"}`.
    pub fn to_json(&self) -> Value {
        json!({"file": self.file, "pointer": self.pointer})
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// JSON Pointer of the place in an instance, `*` standing for every
    /// array item or every other property (`/lines/*/qty`); `""` for the
    /// root.
    pub pointer: String,
    /// The keyword in the old version, or the schema lacking it.
    pub old: Location,
    /// The keyword in the new version, or the schema lacking it.
    pub new: Location,
    /// The effect on readers.
    pub consumer: Impact,
    /// The effect on writers.
    pub producer: Impact,
    /// True when the comparison could not decide and reports the change as
    /// breaking both sides to be safe.
    pub undecided: bool,
    /// For a person: what changed and why it matters.
    pub message: String,
}

impl Change {
    /// True when the change breaks `side` (either side for [`Side::Both`]).
    pub fn breaks(&self, side: Side) -> bool {
        match side {
            Side::Consumer => self.consumer.is_breaking(),
            Side::Producer => self.producer.is_breaking(),
            Side::Both => self.consumer.is_breaking() || self.producer.is_breaking(),
        }
    }

    /// `{"kind", "pointer", "consumer", "producer", "undecided", "message",
    /// "old": {"file", "pointer"}, "new": {…}}`.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.name(),
            "pointer": self.pointer,
            "consumer": self.consumer.name(),
            "producer": self.producer.name(),
            "undecided": self.undecided,
            "message": self.message,
            "old": self.old.to_json(),
            "new": self.new.to_json(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for kind in Kind::ALL {
            let name = kind.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert_eq!(Kind::from_name(name), Some(*kind));
        }
    }

    #[test]
    fn undecided_rules_break_both_sides() {
        for kind in Kind::ALL {
            if let Rule::Fixed {
                consumer,
                producer,
                undecided: true,
            } = kind.rule()
            {
                assert!(consumer.is_breaking() && producer.is_breaking(), "{kind}");
            }
        }
    }

    #[test]
    fn a_change_breaks_the_sides_its_impacts_say() {
        let at = Location {
            file: "a.json".into(),
            pointer: "/properties/x".into(),
        };
        let change = Change {
            kind: Kind::TypeWidened,
            pointer: "/x".into(),
            old: at.clone(),
            new: at,
            consumer: Impact::Breaking,
            producer: Impact::Compatible,
            undecided: false,
            message: "m".into(),
        };
        assert!(change.breaks(Side::Consumer) && change.breaks(Side::Both));
        assert!(!change.breaks(Side::Producer));
        assert_eq!(change.to_json()["old"]["pointer"], "/properties/x");
        assert_eq!(change.to_json()["consumer"], "breaking");
    }
}
