//! Wording a run-time error so that no value the input schema marks
//! sensitive shows in it: what failed stays, the value does not. Runs on
//! the error path only, once the message is made (see
//! `contract::sensitive` for which values are sensitive).
//!
//! Three ways a sensitive value can reach a message, three masks:
//! - quoted as it is (`string "4111…" is not a number`): replaced by `***`
//!   wherever it appears;
//! - computed from it (`lower($.card)`, `substring($.card, 0, 4)`), so the
//!   text is not the input's: an error whose value lies at or is derived
//!   from a sensitive place has the values it describes masked and its
//!   details cut;
//! - interpolated into the author's own `error(…)` message: the parts of
//!   the message computed from a sensitive input are masked, the author's
//!   literal text stays.

use ferry_dsl::Span;

use crate::contract::Sensitive;
use crate::error::RunError;
use crate::inspect;
use crate::plan::{Node, NodeKind, Piece, Plan};
use crate::walk;

/// What a message says instead of a sensitive value.
const MASK: &str = "***";

/// Masks the sensitive values of `input` in `error`'s message. `raised_at`
/// is the span (in the plan) of the expression that raised it.
pub(super) fn mask(
    error: &mut RunError,
    sensitive: &Sensitive,
    input: &serde_json::Value,
    plan: &Plan,
    raised_at: Option<Span>,
) {
    let info = error.info();
    let mut message = sensitive.redact(input, &info.message);
    let at_secret = info.pointer.as_deref().is_some_and(|p| sensitive.covers(p));
    let from_secret = info.derived_from.iter().any(|p| sensitive.holds(p));
    if let Some(raise) = raised_at.and_then(|span| authored(plan, span)) {
        // The author's words: their literal text stays whatever the error
        // is about (`error(code, message, $.card)`).
        message = mask_interpolated(&message, raise, sensitive, plan);
    } else if at_secret || from_secret {
        message = mask_described(&message, from_secret);
        message = if message.contains(MASK) {
            withhold_details(&message)
        } else {
            // The value is quoted in a way no mask recognises: nothing of
            // the message can be trusted to be free of it.
            "details withheld: the value is sensitive".to_owned()
        };
    }
    error.set_message(message);
}

/// A message about a sensitive value, cut before the details that could
/// quote pieces of it (`parameter 'day' for `1990-02` is invalid`): what
/// failed stays, the value does not.
fn withhold_details(message: &str) -> String {
    let from = message.find(MASK).unwrap_or(0);
    // Details follow a colon or stand in parentheses (`is not a valid date
    // (February 1990 has 28 days)`).
    let cut = match message[from..].find([':', '(']) {
        Some(i) => message[..from + i].trim_end(),
        None => message,
    };
    format!("{cut} (details withheld: the value is sensitive)")
}

/// `message` with the values the engine describes (`string "SECR"`, and
/// with `numbers` also `number 1235`: see `error::describe`) replaced by
/// `***`. A value computed from a sensitive one is not its text, so only
/// its description gives it away.
fn mask_described(message: &str, numbers: bool) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let string = rest.find("string \"").map(|i| (i, "string "));
        let number = numbers
            .then(|| rest.find("number "))
            .flatten()
            .map(|i| (i, "number "));
        let Some((at, word)) = [string, number].into_iter().flatten().min() else {
            out.push_str(rest);
            return out;
        };
        let value = &rest[at + word.len()..];
        let len = if word == "string " {
            quoted_len(value)
        } else {
            value
                .find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
                .unwrap_or(value.len())
        };
        out.push_str(&rest[..at + word.len()]);
        out.push_str(if len == 0 { "" } else { MASK });
        rest = &value[len..];
    }
}

/// The length of the Rust-quoted string (`"a\"b"`) `text` starts with;
/// all of `text` when it never closes.
fn quoted_len(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The `error(…)` call of the plan at `span`, if an author's error raised
/// the message.
fn authored(plan: &Plan, span: Span) -> Option<&Node> {
    std::iter::once(&plan.body)
        .chain(plan.functions.iter().filter_map(|f| f.body.as_ref()))
        .chain(plan.globals.iter().filter_map(|g| g.value.as_ref()))
        .chain(&plan.path_exprs)
        .find_map(|root| raise_at(root, span))
}

fn raise_at(node: &Node, span: Span) -> Option<&Node> {
    if node.span == span && matches!(node.kind, NodeKind::Raise { .. }) {
        return Some(node);
    }
    walk::children(node)
        .into_iter()
        .find_map(|child| raise_at(child, span))
}

/// The author's `message` of the `error(…)` call `raise`, with what it
/// interpolates from a sensitive input masked: `"card ${lower($.card)}
/// refused"` says `card *** refused`. Where the message cannot be cut
/// into the author's text and the values, all of it is masked.
fn mask_interpolated(message: &str, raise: &Node, sensitive: &Sensitive, plan: &Plan) -> String {
    let NodeKind::Raise { message: node, .. } = &raise.kind else {
        return message.to_owned();
    };
    // Where the inputs of an expression cannot be told (inside a user
    // function), it is taken to read a sensitive one.
    let reads_secret = |n: &Node| {
        inspect::inputs_at(plan, n.span)
            .is_none_or(|paths| paths.iter().any(|p| sensitive.holds(p)))
    };
    match &node.kind {
        NodeKind::Const(_) => message.to_owned(),
        NodeKind::Interpolate(pieces) => {
            if !pieces
                .iter()
                .any(|p| matches!(p, Piece::Value(n) if reads_secret(n)))
            {
                return message.to_owned();
            }
            let text = |p: &Piece| match p {
                Piece::Text(t) => Some(t.to_string()),
                Piece::Value(_) => None,
            };
            let prefix: String = pieces.iter().map_while(text).collect();
            let mut suffix: Vec<String> = pieces.iter().rev().map_while(text).collect();
            suffix.reverse();
            let suffix = suffix.concat();
            if message.len() >= prefix.len() + suffix.len()
                && message.starts_with(&prefix)
                && message.ends_with(&suffix)
            {
                format!("{prefix}{MASK}{suffix}")
            } else {
                MASK.to_owned()
            }
        }
        _ if reads_secret(node) => MASK.to_owned(),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_strings_are_masked_and_numbers_when_asked() {
        let message = r#"cannot apply `*` to string "SE\"CR" and number 2"#;
        assert_eq!(
            mask_described(message, false),
            "cannot apply `*` to string *** and number 2"
        );
        assert_eq!(
            mask_described(message, true),
            "cannot apply `*` to string *** and number ***"
        );
        assert_eq!(
            mask_described("expected a string, got number -1.5e3", true),
            "expected a string, got number ***"
        );
        // A quote that never closes masks the rest.
        assert_eq!(mask_described(r#"string "abc"#, false), "string ***");
        assert_eq!(mask_described("no values here", true), "no values here");
    }

    #[test]
    fn details_are_cut_after_the_mask() {
        assert_eq!(
            withhold_details("*** is not a valid date (February has 28 days)"),
            "*** is not a valid date (details withheld: the value is sensitive)"
        );
    }
}
