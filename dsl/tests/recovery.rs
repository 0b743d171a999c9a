//! A file with several broken items reports each of them.

#[test]
fn two_broken_items_give_two_diagnostics() {
    let text = "let a = 1 +\nfn f(x) = (x\nlet ok = 2\ntable t = { a: }\n{ a: a }\n";
    let err = ferry_dsl::parse(text).unwrap_err();
    let starts: Vec<u32> = err.iter().map(|d| d.span.start).collect();
    assert!(err.len() >= 2, "{err}");
    // One error inside the `let a` / `fn f` region and one in `table t`.
    assert!(starts.iter().any(|&s| s < 36), "{err}");
    assert!(starts.iter().any(|&s| (36..54).contains(&s)), "{err}");
}

#[test]
fn error_spans_are_absolute_in_later_items() {
    let text = "let a = 1\nlet b = 2 +\n";
    let err = ferry_dsl::parse(text).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err.0[0].span.start as usize, text.len());
}
