//! `ferry plan`: the compiled plan and the lineage of each output field.

mod common;

use common::ferry;

#[test]
fn plan_shows_resolved_names_and_lineage() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings/bench/orders.map");
    let (code, out, err) = ferry(&["plan", root.to_str().unwrap()], "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.contains("fn net(%0)"),
        "functions with their slots:\n{out}"
    );
    assert!(
        out.contains("shipping: (shipping[$.shipping.method] ?? \"unknown\")"),
        "{out}"
    );
    assert!(
        out.contains("/customer/email   ← $.customer.email · lower"),
        "{out}"
    );
    assert!(
        out.contains("/shipping         ← $.shipping.method · ??, table shipping"),
        "{out}"
    );
    let net = out
        .lines()
        .find(|l| l.trim_start().starts_with("/items/*/net"))
        .unwrap();
    for input in [
        "$.lines[*].qty",
        "$.lines[*].unitPrice",
        "$.lines[*].discountPct",
    ] {
        assert!(net.contains(input), "{net}");
    }
}

#[test]
fn plan_of_a_broken_mapping_reports_its_diagnostics() {
    let dir = common::files("plan-broken", &[("m.map", b"{ a: nope }")]);
    let (code, out, err) = common::ferry_in(&dir, &["plan", "m.map"], "");
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("E0201"), "{err}");
}
