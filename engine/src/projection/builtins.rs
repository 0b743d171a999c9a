//! How built-in functions read their arguments, for the analysis: most
//! read every argument whole, a few only part of their first one.

/// What a built-in reads of its first argument (the subject) and what its
/// result is made of. Every other value argument is read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reads {
    /// The subject whole; the result is computed.
    Whole,
    /// The subject's shape only (`len`, `keys`, `has`): its type and the
    /// presence of its elements and members; the result is computed.
    Shape,
    /// The subject's type only (`type_of`).
    Type,
    /// The subject's elements, one at a time, through the lambda (`all`,
    /// `any`); the result is computed from what the lambda returns.
    Elements,
    /// `map`: as [`Reads::Elements`], and the result is an array of what
    /// the lambda returns.
    Map,
    /// The result holds elements of the subject, `depth` containers deep
    /// (0: one element, `first`; 1: an array or object of elements,
    /// `filter`; 2: `group_by`'s object of arrays). The lambda, if any,
    /// sees each element and its result is read whole (a test or a key).
    Picks {
        /// Containers built around the elements.
        depth: u32,
    },
}

/// How the built-in `name` reads its arguments.
pub(super) fn reads(name: &str) -> Reads {
    match name {
        "len" | "keys" | "has" => Reads::Shape,
        "type_of" => Reads::Type,
        "all" | "any" => Reads::Elements,
        "map" => Reads::Map,
        "first" | "last" => Reads::Picks { depth: 0 },
        "filter" | "sort_by" | "index_by" => Reads::Picks { depth: 1 },
        "group_by" => Reads::Picks { depth: 2 },
        _ => Reads::Whole,
    }
}
