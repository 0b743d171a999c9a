//! What an unquoted cell means when cells are inferred (option `infer`):
//! a number, a boolean, or text.

use bumpalo::Bump;

use crate::doc::Node;

/// The value of unquoted, non-empty cell `text`.
///
/// A number is JSON's grammar exactly (`-12`, `3.50`, `1e3`; not `+1`,
/// `.5`, `1.` or `007`, which stay text: leading zeros mark codes), its
/// text kept as the cell writes it (`1E3` stays `1E3`), as the JSON
/// record parser keeps numbers. With `decimal_comma` the
/// fraction follows a comma instead (`1234,50` is `1234.50`) and a cell
/// with a dot stays text, since a dot is then a thousands separator
/// (`1.234,50`), which is never read as a number. `true` and `false` (in
/// lower case) are booleans.
pub(super) fn infer<'a>(text: &'a str, decimal_comma: bool, arena: &'a Bump) -> Node<'a> {
    match text {
        "true" => return Node::Bool(true),
        "false" => return Node::Bool(false),
        _ => {}
    }
    let point = if decimal_comma { b',' } else { b'.' };
    let Some(shape) = number_shape(text.as_bytes(), point) else {
        return Node::Str(text);
    };
    match shape.point {
        // The one rewrite: a decimal comma becomes JSON's point.
        Some(p) if decimal_comma => {
            let mut out = bumpalo::collections::String::with_capacity_in(text.len(), arena);
            out.push_str(&text[..p]);
            out.push('.');
            out.push_str(&text[p + 1..]);
            Node::Num(out.into_bump_str())
        }
        _ => Node::Num(text),
    }
}

/// Where a number's decimal point is.
struct Shape {
    point: Option<usize>,
}

/// The shape of `text` if it is a number with decimal point `point`.
fn number_shape(text: &[u8], point: u8) -> Option<Shape> {
    let mut i = 0;
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let digits = |mut i: usize| {
        let start = i;
        while at(i).is_ascii_digit() {
            i += 1;
        }
        (i > start).then_some(i)
    };
    if at(i) == b'-' {
        i += 1;
    }
    i = match at(i) {
        b'0' => i + 1,
        b'1'..=b'9' => digits(i)?,
        _ => return None,
    };
    let mut shape = Shape { point: None };
    if at(i) == point {
        shape.point = Some(i);
        i = digits(i + 1)?;
    }
    if matches!(at(i), b'e' | b'E') {
        i += 1;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
        }
        i = digits(i)?;
    }
    (i == text.len()).then_some(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inferred(text: &str, decimal_comma: bool) -> serde_json::Value {
        let arena = Bump::new();
        infer(text, decimal_comma, &arena).to_json()
    }

    fn num(text: &str) -> serde_json::Value {
        serde_json::Value::Number(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn numbers_keep_their_digits() {
        let arena = Bump::new();
        assert_eq!(infer("3.50", false, &arena), Node::Num("3.50"));
        assert_eq!(infer("-12", false, &arena), Node::Num("-12"));
        assert_eq!(infer("0", false, &arena), Node::Num("0"));
        assert_eq!(infer("1e3", false, &arena), Node::Num("1e3"));
        assert_eq!(infer("2.5E-3", false, &arena), Node::Num("2.5E-3"));
        assert_eq!(inferred("-2.5E-3", false).to_string(), "-2.5E-3");
        assert_eq!(
            inferred("12345678901234567890.5", false),
            num("12345678901234567890.5")
        );
    }

    #[test]
    fn codes_and_near_numbers_stay_text() {
        let arena = Bump::new();
        for text in [
            "007", "+1", ".5", "1.", "1,5", "1 000", "1e", "-", "0x10", "NaN", "1.234,50",
        ] {
            assert_eq!(infer(text, false, &arena), Node::Str(text), "{text}");
        }
        assert_eq!(infer("true", false, &arena), Node::Bool(true));
        assert_eq!(infer("false", false, &arena), Node::Bool(false));
        assert_eq!(infer("TRUE", false, &arena), Node::Str("TRUE"));
    }

    #[test]
    fn decimal_commas_become_decimal_points() {
        let arena = Bump::new();
        assert_eq!(infer("1234,50", true, &arena), Node::Num("1234.50"));
        assert_eq!(infer("-0,5", true, &arena), Node::Num("-0.5"));
        assert_eq!(infer("42", true, &arena), Node::Num("42"));
        assert_eq!(infer("1,5e3", true, &arena), Node::Num("1.5e3"));
        // A dot is a thousands separator there: never a number.
        assert_eq!(infer("1.234,50", true, &arena), Node::Str("1.234,50"));
        assert_eq!(infer("3.50", true, &arena), Node::Str("3.50"));
        assert_eq!(inferred("1234,50", true), num("1234.50"));
    }
}
