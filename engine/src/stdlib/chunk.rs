//! `chunk(array, size)`: the array cut into consecutive pieces of `size`.
//!
//! Errors: `E0401` on wrong types; `E0404` when `size` is not a whole
//! number ≥ 1.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "chunk",
    family: "arrays",
    params: &[param("array", "array"), param("size", "number")],
    variadic: false,
    returns: "array of arrays",
    summary: "The elements in consecutive arrays of `size` elements; the last one may be shorter.",
    details: "Like DataWeave's `divideBy`: order is kept and nothing is padded. `size` must be \
              a whole number of at least 1. An empty array gives `[]`.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example("chunk([1, 2, 3, 4, 5], 2)", "[[1,2],[3,4],[5]]"),
        example("chunk([1, 2, 3], 5)", "[[1,2,3]]"),
        example("chunk([], 100)", "[]"),
        failing("chunk([1, 2], 0)", "E0404"),
        failing(r#"chunk("abc", 2)"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let items = args.array(0)?.to_vec();
    let size = args.int(1)?;
    if size < 1 {
        return Err(Raise::invalid(
            format!("the chunk size must be at least 1, got {size}"),
            args.get(1),
        )
        .at_arg(1));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(Val::array(
        items
            .chunks(size)
            .map(|piece| Val::array(piece.to_vec()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::stdlib::testing::{err, ok};

    #[test]
    fn sizes_and_limits() {
        ok(&DEF, "[[1, 2, 3], 1]", "[[1],[2],[3]]");
        ok(&DEF, "[[1, 2, 3], 9223372036854775807]", "[[1,2,3]]");
        ok(&DEF, "[[1, 2, 3, 4], 2.0]", "[[1,2],[3,4]]");
        err(&DEF, "[[1, 2], -1]", "E0404");
        err(&DEF, "[[1, 2], 1.5]", "E0404");
        err(&DEF, r#"[[1, 2], "2"]"#, "E0401");
    }
}
