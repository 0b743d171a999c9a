//! What the checker knows of a value: a sound over-approximation. Every
//! value the expression can produce has one of `kinds`; when `values` is
//! set it is one of those; when `fields` is set it is an object with
//! exactly those members (plus others when `open`); an input value keeps
//! the schema it came from, so paths into it can be followed.

use std::collections::BTreeMap;

use ferry_dsl::Span;
use serde_json::Value;

/// JSON types, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kinds(u8);

impl Kinds {
    pub const NONE: Kinds = Kinds(0);
    pub const NULL: Kinds = Kinds(1);
    pub const BOOL: Kinds = Kinds(2);
    pub const NUMBER: Kinds = Kinds(4);
    pub const STRING: Kinds = Kinds(8);
    pub const ARRAY: Kinds = Kinds(16);
    pub const OBJECT: Kinds = Kinds(32);
    pub const ALL: Kinds = Kinds(63);

    pub fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    pub fn intersect(self, other: Kinds) -> Kinds {
        Kinds(self.0 & other.0)
    }

    pub fn intersects(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }

    pub fn contains(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn without(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds a schema `type` names (`integer` is a number).
    pub fn of_type_name(name: &str) -> Kinds {
        match name {
            "null" => Kinds::NULL,
            "boolean" => Kinds::BOOL,
            "number" | "integer" => Kinds::NUMBER,
            "string" => Kinds::STRING,
            "array" => Kinds::ARRAY,
            "object" => Kinds::OBJECT,
            _ => Kinds::NONE,
        }
    }

    /// The kind of a JSON value.
    pub fn of_value(v: &Value) -> Kinds {
        match v {
            Value::Null => Kinds::NULL,
            Value::Bool(_) => Kinds::BOOL,
            Value::Number(_) => Kinds::NUMBER,
            Value::String(_) => Kinds::STRING,
            Value::Array(_) => Kinds::ARRAY,
            Value::Object(_) => Kinds::OBJECT,
        }
    }

    /// `a string`, `a number or null`.
    pub fn describe(self) -> String {
        let names: Vec<&str> = [
            (Kinds::NULL, "null"),
            (Kinds::BOOL, "a boolean"),
            (Kinds::NUMBER, "a number"),
            (Kinds::STRING, "a string"),
            (Kinds::ARRAY, "an array"),
            (Kinds::OBJECT, "an object"),
        ]
        .iter()
        .filter(|(k, _)| self.contains(*k))
        .map(|(_, n)| *n)
        .collect();
        match names.as_slice() {
            [] => "nothing".into(),
            [one] => (*one).into(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }
}

/// One step of an input path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Seg {
    /// A member by name.
    Name(String),
    /// Every element of an array.
    Each,
}

/// Where in the input a value was read: `$.lines[*].qty`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct InputPath(pub Vec<Seg>);

impl InputPath {
    /// The path of member `name` below this one.
    pub fn member(&self, name: &str) -> InputPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Name(name.to_owned()));
        InputPath(segs)
    }

    /// The path of every element below this one.
    pub fn each(&self) -> InputPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Each);
        InputPath(segs)
    }
}

impl std::fmt::Display for InputPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("$")?;
        for seg in &self.0 {
            match seg {
                Seg::Name(n) if is_plain_name(n) => write!(f, ".{n}")?,
                Seg::Name(n) => write!(f, "[{}]", Value::String(n.clone()))?,
                Seg::Each => f.write_str("[*]")?,
            }
        }
        Ok(())
    }
}

fn is_plain_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an object member is always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    Always,
    Maybe,
}

/// A member of an object the mapping builds.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub shape: Shape,
    pub presence: Presence,
    /// The span of the entry that writes it.
    pub span: Span,
}

/// An over-approximation of the values an expression produces.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub kinds: Kinds,
    /// All numbers it can be are integers.
    pub integer: bool,
    /// When known: the only values it can be, each with the span of the
    /// literal that writes it.
    pub values: Option<Vec<(Value, Span)>>,
    /// When known: the members of the object (built by object literals).
    pub fields: Option<BTreeMap<String, Field>>,
    /// The object may have members beyond `fields` (a spread, a computed key).
    pub open: bool,
    /// The elements' shape, for an array whose elements are known.
    pub items: Option<Box<Shape>>,
    /// The input schema this value is described by, when it was read from
    /// the input (a dereferenced schema; `true` without an input schema),
    /// and the path it was read at.
    pub schema: Option<(Value, InputPath)>,
    /// A known string format (`date`, `date-time`) of what it produces.
    pub format: Option<&'static str>,
}

impl Shape {
    /// Anything at all.
    pub fn any() -> Shape {
        Shape::of(Kinds::ALL)
    }

    /// No value: an expression that always fails (`error(…)`).
    pub fn never() -> Shape {
        Shape::of(Kinds::NONE)
    }

    /// Some value of these kinds.
    pub fn of(kinds: Kinds) -> Shape {
        Shape {
            kinds,
            integer: false,
            values: None,
            fields: None,
            open: false,
            items: None,
            schema: None,
            format: None,
        }
    }

    /// Exactly this constant, written at `span`.
    pub fn constant(value: &Value, span: Span) -> Shape {
        let mut shape = Shape::of(Kinds::of_value(value));
        shape.integer = value
            .as_number()
            .is_some_and(|n| !n.to_string().contains(['.', 'e', 'E']));
        shape.values = Some(vec![(value.clone(), span)]);
        match value {
            Value::Object(map) => {
                shape.fields = Some(
                    map.iter()
                        .map(|(k, v)| {
                            let field = Field {
                                shape: Shape::constant(v, span),
                                presence: Presence::Always,
                                span,
                            };
                            (k.clone(), field)
                        })
                        .collect(),
                );
            }
            Value::Array(items) => {
                let item = items
                    .iter()
                    .map(|v| Shape::constant(v, span))
                    .reduce(Shape::join)
                    .unwrap_or_else(Shape::never);
                shape.items = Some(Box::new(item));
            }
            _ => {}
        }
        shape
    }

    /// What a value described by a (dereferenced) input schema can be.
    pub fn from_schema(schema: &Value, path: InputPath) -> Shape {
        let mut shape = Shape::of(schema_kinds(schema));
        shape.integer = schema.get("type").and_then(Value::as_str) == Some("integer");
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| schema.get("const").map(|c| vec![c.clone()]));
        if let Some(values) = values {
            // An enum's values are the only ones possible (no span: they
            // are the input's).
            shape.values = Some(values.into_iter().map(|v| (v, Span::default())).collect());
        }
        shape.schema = Some((schema.clone(), path));
        shape
    }

    /// The least shape covering both.
    pub fn join(self, other: Shape) -> Shape {
        if self.kinds.is_empty() {
            return other;
        }
        if other.kinds.is_empty() {
            return self;
        }
        let values = match (self.values, other.values) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                Some(a)
            }
            _ => None,
        };
        let both_objects_known = self.fields.is_some() && other.fields.is_some();
        let fields = match (self.fields, other.fields) {
            (Some(a), Some(b)) => Some(join_fields(a, b)),
            _ => None,
        };
        let items = match (self.items, other.items) {
            (Some(a), Some(b)) => Some(Box::new(a.join(*b))),
            _ => None,
        };
        // Fields are only known when every object the value can be is known.
        let objects = self.kinds.union(other.kinds).intersects(Kinds::OBJECT);
        Shape {
            kinds: self.kinds.union(other.kinds),
            integer: self.integer && other.integer,
            values,
            fields: fields.filter(|_| objects && both_objects_known),
            open: self.open || other.open,
            items,
            schema: None,
            format: if self.format == other.format {
                self.format
            } else {
                None
            },
        }
    }

    /// The same without null (what `??` leaves of its left side).
    pub fn not_null(mut self) -> Shape {
        self.kinds = self.kinds.without(Kinds::NULL);
        if let Some(values) = &mut self.values {
            values.retain(|(v, _)| !v.is_null());
        }
        self
    }

    /// True when the value may be null.
    pub fn may_be_null(&self) -> bool {
        self.kinds.intersects(Kinds::NULL)
    }
}

fn join_fields(
    mut a: BTreeMap<String, Field>,
    b: BTreeMap<String, Field>,
) -> BTreeMap<String, Field> {
    let mut out = BTreeMap::new();
    for (name, fb) in b {
        match a.remove(&name) {
            Some(fa) => {
                let presence = if fa.presence == Presence::Always && fb.presence == Presence::Always
                {
                    Presence::Always
                } else {
                    Presence::Maybe
                };
                out.insert(
                    name,
                    Field {
                        shape: fa.shape.join(fb.shape),
                        presence,
                        span: fa.span,
                    },
                );
            }
            None => {
                out.insert(
                    name,
                    Field {
                        presence: Presence::Maybe,
                        ..fb
                    },
                );
            }
        }
    }
    for (name, fa) in a {
        out.insert(
            name,
            Field {
                presence: Presence::Maybe,
                ..fa
            },
        );
    }
    out
}

/// The kinds a schema admits. `type`, `enum` and `const` hold whatever
/// applicators (`allOf`, `anyOf`, …) sit beside them, so they bound the
/// kinds on their own; only a `$ref` left by recursion makes the schema
/// "anything" (sound, if imprecise).
pub(crate) fn schema_kinds(schema: &Value) -> Kinds {
    match schema {
        Value::Bool(true) => return Kinds::ALL,
        Value::Bool(false) => return Kinds::NONE,
        _ => {}
    }
    if ["$ref", "$dynamicRef", "$recursiveRef"]
        .iter()
        .any(|k| schema.get(k).is_some())
    {
        return Kinds::ALL;
    }
    let mut kinds = match schema.get("type") {
        Some(Value::String(t)) => Kinds::of_type_name(t),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .fold(Kinds::NONE, |k, t| k.union(Kinds::of_type_name(t))),
        _ => Kinds::ALL,
    };
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let of_values = values
            .iter()
            .fold(Kinds::NONE, |k, v| k.union(Kinds::of_value(v)));
        kinds = Kinds(kinds.0 & of_values.0);
    }
    if let Some(c) = schema.get("const") {
        kinds = Kinds(kinds.0 & Kinds::of_value(c).0);
    }
    kinds
}
