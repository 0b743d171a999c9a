//! Array slices, `[start:end:step]`, exactly as RFC 9535 §2.3.4.2 defines
//! them. The arithmetic runs in `i128`: indexes come from the query (up to
//! ±2^63 in the AST) and lengths from the document, and `len + start` must
//! not overflow.

/// The array positions a slice selects from an array of `len` elements,
/// in selection order (reversed for a negative step).
pub(crate) fn positions(
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
    len: usize,
) -> impl Iterator<Item = usize> {
    let len = len as i128;
    let step = step.map_or(1, i128::from);
    let normalize = |i: i64| {
        let i = i128::from(i);
        if i >= 0 { i } else { len + i }
    };
    let (mut next, bound) = if step > 0 {
        let start = start.map_or(0, normalize);
        let end = end.map_or(len, normalize);
        (start.clamp(0, len), end.clamp(0, len))
    } else {
        let start = start.map_or(len - 1, normalize);
        let end = end.map_or(-len - 1, normalize);
        (start.clamp(-1, len - 1), end.clamp(-1, len - 1))
    };
    std::iter::from_fn(move || {
        let selected = match step {
            0 => false,
            s if s > 0 => next < bound,
            _ => bound < next,
        };
        if !selected {
            return None;
        }
        let position = next;
        next += step;
        // `position` is within `0..len` here, so it fits a usize.
        Some(position as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(start: Option<i64>, end: Option<i64>, step: Option<i64>, len: usize) -> Vec<usize> {
        positions(start, end, step, len).collect()
    }

    #[test]
    fn defaults_select_everything_in_order() {
        assert_eq!(slice(None, None, None, 4), [0, 1, 2, 3]);
        assert_eq!(slice(None, None, Some(-1), 4), [3, 2, 1, 0]);
    }

    #[test]
    fn step_zero_selects_nothing() {
        assert!(slice(None, None, Some(0), 4).is_empty());
        assert!(slice(Some(0), Some(3), Some(0), 4).is_empty());
    }

    #[test]
    fn bounds_are_clamped_and_negative_counts_from_end() {
        assert_eq!(slice(Some(1), Some(3), None, 5), [1, 2]);
        assert_eq!(slice(Some(-2), None, None, 5), [3, 4]);
        assert_eq!(slice(Some(-10), Some(2), None, 5), [0, 1]);
        assert_eq!(slice(Some(3), Some(100), None, 5), [3, 4]);
        assert!(slice(Some(3), Some(1), None, 5).is_empty());
    }

    #[test]
    fn negative_step_walks_backwards() {
        assert_eq!(slice(Some(3), Some(0), Some(-1), 5), [3, 2, 1]);
        assert_eq!(slice(Some(-1), Some(-4), Some(-2), 5), [4, 2]);
        assert_eq!(slice(Some(100), None, Some(-2), 5), [4, 2, 0]);
        assert!(slice(Some(0), Some(3), Some(-1), 5).is_empty());
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let big = 9_007_199_254_740_991;
        assert_eq!(slice(Some(-big), Some(big), None, 3), [0, 1, 2]);
        assert_eq!(slice(Some(big), Some(-big), Some(-1), 3), [2, 1, 0]);
        assert_eq!(
            slice(Some(i64::MIN), Some(i64::MAX), Some(i64::MAX), 3),
            [0]
        );
        assert_eq!(
            slice(Some(i64::MAX), Some(i64::MIN), Some(i64::MIN), 3),
            [2]
        );
        assert!(slice(None, None, None, 0).is_empty());
        assert!(slice(None, None, Some(-1), 0).is_empty());
    }
}
