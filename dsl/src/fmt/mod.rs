//! The formatter: a `.map` file in one canonical layout.
//!
//! [`format`] parses the text (so it refuses what does not parse, with the
//! parser's diagnostics), prints the AST, and puts back the comments, which
//! the AST does not hold. The output parses to the same AST (spans aside)
//! and formatting it again changes nothing.
//!
//! # Layout rules
//!
//! - Indentation is 2 spaces; lines are at most 100 columns where the
//!   syntax allows a break. Nothing is aligned in columns (alignment
//!   churns diffs).
//! - Order: the header, the declarations in source order, the body, then
//!   the test blocks. Blank lines between top-level elements are kept, at
//!   most one; a test block always has one blank line before it. The file
//!   ends with one newline. A `;` after a declaration is dropped, except
//!   after the last one when the body starts with `(`, `[` or `-` (without
//!   it the body would continue the declaration).
//! - Objects, arrays, call arguments and comprehensions stay on one line
//!   when they fit (`{ a: 1, b: 2 }` with inner spaces, `[1, 2]`,
//!   `f(a, b)`); otherwise one field, element or argument per line, each
//!   with a trailing comma. In a broken list, blank lines between elements
//!   are kept (at most one).
//! - A bracketed last part hugs what precedes it when the whole does not
//!   fit but its first line does: a comprehension body (`[for l in xs => {`
//!   … `}]`), a call's last argument (`map(xs, x -> {` … `})`), the last
//!   operand of an operator chain (`a * match x {` … `}`), a lone element
//!   (`[{` … `}]`). Other comprehension bodies go on their own line.
//! - A declaration's value (`let x =`, `fn f(a) =`, `table t =`) stays
//!   beside the `=` when it fits or hugs; otherwise it moves to the next
//!   line, indented, if it fits there (a `let` chain always moves).
//! - `match` arms are one per line, each with a trailing comma.
//! - `if c then a else b` stays on one line when it fits, else breaks
//!   before `then` and `else`, indented. `try a else b` breaks before
//!   `else`. `let x = v; body` breaks after each `;`, body below.
//! - Chains of operators of one level (`a + b - c`, `a and b and c`,
//!   `a ?? b`) and pipes (`xs | f(a) | g`) break before each operator when
//!   they do not fit. Operators have single spaces around them; `x | f()`
//!   is written `x | f`.
//! - Parentheses are kept where the source has them and added wherever
//!   precedence requires them.
//! - Strings are re-escaped from their value: `"`, `\` and control
//!   characters are escaped (`\n`, `\t`, `\u001f`…), `$` only before `{`;
//!   other characters are written as they are (`\u00e9` becomes `é`).
//!   Numbers are written as in the source.
//! - Object keys are written bare when they are words, quoted otherwise;
//!   `key?:`, `[computed]:` and `...spread` are kept. Lambdas are `x -> …`
//!   or `(a, b) -> …`.
//! - Paths take their shortest form: `.name` when the name is a valid
//!   member-name shorthand, else `['…']`; `.*`; filters in RFC 9535 syntax
//!   (`[?@.qty > 0 && @.sku != 'X']`), strings in single quotes.
//! - Comments keep their text. One on its own line before a declaration,
//!   field, element, argument, arm, test block or closing bracket stays on
//!   its own line there; one at the end of a line after such an element
//!   stays at the end of that line and breaks the enclosing list into
//!   lines. Inside an expression, a comment goes before the next
//!   expression: a block comment inline, a line comment on its own line
//!   if it had one, else ending the line; a line comment right after an
//!   expression moves to the end of its output line. No comment is lost or
//!   duplicated; comments in such odd places may move once, and are then
//!   stable.

mod comments;
mod doc;
mod expr;
mod module;
mod path;
mod pattern;
mod precedence;
mod printer;
#[cfg(test)]
mod tests;
mod text;

use crate::error::Diagnostics;

/// Columns per line the formatter aims for.
pub const WIDTH: usize = 100;

/// Formats a whole `.map` file.
///
/// ```
/// let text = "let k=2\n{total:$.n*k,  items : [ 1,2 ]}";
/// let formatted = ferry_dsl::fmt::format(text).unwrap();
/// assert_eq!(formatted, "let k = 2\n{ total: $.n * k, items: [1, 2] }\n");
/// assert_eq!(ferry_dsl::fmt::format(&formatted).unwrap(), formatted);
/// ```
///
/// # Errors
///
/// The parser's diagnostics when the text does not parse.
pub fn format(text: &str) -> Result<String, Diagnostics> {
    // A byte-order mark is not part of the mapping; the output has none.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let module = crate::parse(text)?;
    let comments = comments::comments(text, &module);
    let mut printer = printer::Printer::new(text, comments);
    let doc = printer.module(&module);
    Ok(doc::render(doc, WIDTH))
}
