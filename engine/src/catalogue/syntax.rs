//! `E01xx`: the text does not parse.

use super::entry::{Entry, Example};
use ferry_dsl::codes;

pub(super) const ENTRIES: &[Entry] = &[
    Entry::error(
        codes::SYNTAX,
        "syntax error",
        "The text does not follow the grammar of the mapping language: a \
         bracket is not closed, a keyword is missing, an operator has no \
         operand. The diagnostic points at the first place where the parser \
         could not go on and lists what it expected there. Common causes: an \
         `if` without `else` (every `if` needs both branches), a missing comma \
         between object fields, or chained comparisons such as `a < b < c`.",
        Example::map("{ size: if $.total > 100 then \"big\" }"),
        "Read the expected tokens in the message and complete the construct \
         at the position shown. For an `if`, add the `else` branch; use \
         `null` there together with an optional field (`key?:`) when the \
         field should be left out.",
    )
    .corrected("{ size: if $.total > 100 then \"big\" else \"small\" }"),
    Entry::error(
        codes::BAD_ESCAPE,
        "invalid escape in a string",
        "A string literal contains a backslash followed by a character that \
         is not an escape. The valid escapes are `\\\"` `\\\\` `\\/` `\\b` \
         `\\f` `\\n` `\\r` `\\t`, `\\uXXXX` (four hexadecimal digits) and \
         `\\$` (a literal dollar sign, which would otherwise start an \
         interpolation `${…}`). Windows paths and regular expressions are the \
         usual culprits.",
        Example::map("{ folder: \"C:\\exports\\orders\" }"),
        "Double every backslash that should appear in the text (`\\\\`), or \
         use one of the escapes listed above.",
    )
    .corrected("{ folder: \"C:\\\\exports\\\\orders\" }"),
    Entry::error(
        codes::BAD_NUMBER,
        "malformed number",
        "A number literal cannot be held by the engine (it is beyond even a \
         binary floating-point number, like `1e999999`), or an index in a \
         path is outside the range JSONPath allows, ±(2^53 − 1).",
        Example::map("{ limit: 1e999999 }"),
        "Write a number within range. Integers are exact up to 64 bits and \
         decimals up to 28 significant digits; larger magnitudes become \
         binary floats up to about 1.8e308. A value that large is usually \
         meant as text: write it as a string.",
    )
    .corrected("{ limit: 1e300 }"),
    Entry::error(
        codes::BAD_QUERY,
        "invalid JSONPath",
        "A path is not valid RFC 9535 JSONPath. In a mapping this is raised \
         for a filter `[? … ]` that is not a test (a bare literal such as \
         `[?1]`) or that compares a query which may select several nodes \
         (`@.tags[*] == \"gift\"`): a comparison needs a singular query. In \
         `ferry query`, which accepts only strict RFC syntax, every syntax \
         error of the query has this code, and so do Ferry extensions such as \
         computed selectors `[x]`.",
        Example::map("$.lines[?@.tags[*] == \"gift\"]"),
        "Compare only singular queries (names and indexes), or test for \
         existence with a nested filter: `[?@.tags[?@ == \"gift\"]]` keeps \
         the lines that have a `\"gift\"` tag. `count(…)` and `value(…)` \
         turn a query of several nodes into one value.",
    )
    .corrected("$.lines[?@.tags[?@ == \"gift\"]]"),
    Entry::error(
        codes::BAD_FILTER_TYPE,
        "ill-typed JSONPath filter",
        "A filter expression is not well-typed in the sense of RFC 9535 \
         §2.4.3. A function returning a value (`length`, `value`) is used \
         where a test is needed, a test function (`match`, `search`) is \
         compared like a value, or a function gets an argument of the wrong \
         kind (`length` of a query selecting several nodes).",
        Example::map("$.lines[?length(@.sku)]"),
        "Turn the value into a test with a comparison, e.g. \
         `length(@.sku) > 0`; call `match`/`search` without comparing their \
         result; give `length` a singular query or wrap a query of several \
         nodes in `count(…)`.",
    )
    .corrected("$.lines[?length(@.sku) > 0]"),
    Entry::error(
        codes::BAD_PATTERN,
        "malformed match pattern",
        "A pattern of a `match` arm is malformed: an inclusive range `..=` \
         without an upper bound, a regular expression with an unknown flag \
         (only `i`, `m`, `s` and `x` exist), or a pattern string with an \
         interpolation `${…}` (patterns are constants).",
        Example::map(
            "match $.qty {\n  0 => \"none\",\n  1..= => \"some\",\n  _ => \"unknown\",\n}",
        ),
        "Give the inclusive range its upper bound, or write an open range \
         `1..` (every value from 1 on). Use only the regex flags `i m s x`, \
         and compare per-record values with a guard (`x if x == $.limit`) \
         instead of interpolating them.",
    )
    .corrected("match $.qty {\n  0 => \"none\",\n  1.. => \"some\",\n  _ => \"unknown\",\n}"),
    Entry::error(
        codes::MISPLACED_LAMBDA,
        "lambda outside a call argument",
        "A lambda (`x -> …`, `(a, b) -> …`) appears somewhere other than \
         directly as the argument of a call. Lambdas are not values: they \
         cannot be stored in a `let`, put in an object or returned; they \
         exist only as arguments of the functions that take one (`map`, \
         `filter`, `reduce`, `sort_by`, `group_by`, `index_by`, `any`, \
         `all`).",
        Example::map("let increment = x -> x + 1\nmap($.counts, increment)"),
        "To name a reusable function, declare it with `fn`; a function's \
         name may be passed where a lambda is expected. Or write the lambda \
         inline in the call.",
    )
    .corrected("fn increment(x) = x + 1\nmap($.counts, increment)"),
    Entry::error(
        codes::MISPLACED_CURRENT,
        "`@` outside a filter",
        "`@`, the current node, only exists inside a JSONPath filter \
         `[? … ]`. Elsewhere, for example in the body of a comprehension, it \
         has no meaning.",
        Example::map("[for l in $.lines => @.sku]"),
        "Use the comprehension's (or lambda's) variable instead of `@`.",
    )
    .corrected("[for l in $.lines => l.sku]"),
    Entry::error(
        codes::MISPLACED_SKIP,
        "`skip` outside a comprehension's element",
        "`skip` means \"no element here\": it drops one element of an array \
         comprehension or one member of an object comprehension. It is valid \
         only as the body of `[for … => …]` or the value of `{for … => k: v}`, \
         or as a branch of an `if`, `match` or local `let` in that position. \
         Anywhere else (an object field, a function argument, a spread, a \
         function body) there is no element to drop.",
        Example::map("{ sku: if $.qty > 0 then $.sku else skip }"),
        "For a field that should be left out, use an optional field \
         (`key?:`) with `null`; to drop elements, put the `if` or `match` \
         with `skip` in a comprehension's body.",
    )
    .corrected("{ sku?: if $.qty > 0 then $.sku else null }"),
];
