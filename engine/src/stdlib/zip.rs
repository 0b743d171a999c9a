//! `zip(a, b, …)`: the arrays' elements paired by position.
//!
//! Errors: `E0401` when an argument is not an array.

use super::{Args, FnDef, NullPolicy, example, failing, param};
use crate::error::Raise;
use crate::value::Val;

pub(super) const DEF: FnDef = FnDef {
    name: "zip",
    family: "arrays",
    params: &[param("arrays", "array")],
    variadic: true,
    returns: "array of arrays",
    summary: "An array of tuples: the first elements of each array, then the second ones, and so on.",
    details: "The result is as long as the shortest array; extra elements are dropped.",
    null_subject: NullPolicy::Propagate,
    examples: &[
        example(
            r#"zip([1, 2, 3], ["a", "b", "c"])"#,
            r#"[[1,"a"],[2,"b"],[3,"c"]]"#,
        ),
        example(
            r#"zip([1, 2, 3], ["a"], [true, false])"#,
            r#"[[1,"a",true]]"#,
        ),
        failing(r#"zip([1], "a")"#, "E0401"),
    ],
    run,
};

fn run<'a>(args: &mut Args<'_, 'a>) -> Result<Val<'a>, Raise> {
    let mut arrays = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        arrays.push(args.array(i)?);
    }
    let shortest = arrays.iter().map(|a| a.len()).min().unwrap_or(0);
    let mut iters: Vec<_> = arrays.iter().map(|a| a.iter()).collect();
    let mut out = Vec::with_capacity(shortest);
    for _ in 0..shortest {
        out.push(Val::array(
            iters.iter_mut().filter_map(Iterator::next).collect(),
        ));
    }
    Ok(Val::array(out))
}
