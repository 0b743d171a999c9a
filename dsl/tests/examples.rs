//! Example mappings from the language description parse.

const ORDERS: &str = r#"mapping orders_v1_to_v2 version "2.1.0"
use "common.map"
table shipping = { "EXP": "express", "STD": "standard", "PICK": "pickup" }
table countries from "countries.csv" key "iso2"
fn money(x) = round(x, 2)
let tags = $.tags ?? []
{
  id: $.orderId,
  created: $.createdAt | substring(0, 10),
  customer: { name: "${$.customer.firstName} ${$.customer.lastName}", email: lower($.customer.email), vip: $.customer.tier == "gold" },
  items: [ for l in $.lines if number(l.qty) > 0 => { sku: l.sku, net: money(number(l.qty) * number(l.unitPrice) * (1 - (l.discountPct ?? 0) / 100)) } ],
  shipping: shipping[$.shipping.method] ?? "unknown",
  priority: "priority" in tags,
  cheap: $.lines[?@.unitPrice < 10 && @.sku != 'X'].sku,
  first: $.lines[0], last: $.lines[-1], some: $.lines[1:3], all: $..sku, star: $.lines[*].sku,
  byKey: { for k, v in $.attrs => [upper(k)]: v },
  kind: match $.kind { "a" | "b" => 1, 10..=20 => 2, /^x-/i => 3, n if n > 100 => 4, _ => 0 },
  safe: try number($.x) else 0,
  doubled: map($.xs, x -> x * 2), pairs: reduce($.xs, 0, (acc, x) -> acc + x),
  notes?: $.notes,
  ...$.extra,
  local: let t = sum($.xs); t * 2,
  check: if $.total < 0 then error("NEG_TOTAL", "total ${$.total} is negative") else $.total,
}
"#;

#[test]
fn orders_example_parses() {
    let module = ferry_dsl::parse(ORDERS).unwrap_or_else(|e| panic!("{e}"));
    let header = module.header.expect("header");
    assert_eq!(header.name.name, "orders_v1_to_v2");
    assert_eq!(header.version.expect("version").value, "2.1.0");
    assert_eq!(module.items.len(), 5);
    assert!(module.body.is_some());
}

#[test]
fn identity_mapping_is_a_dollar() {
    let module = ferry_dsl::parse("$").unwrap();
    assert_eq!(
        module.body.expect("body").kind,
        ferry_dsl::ast::ExprKind::Root
    );
}

#[test]
fn library_file_has_no_body() {
    let module = ferry_dsl::parse("fn double(x) = x * 2\nlet k = 3;\n").unwrap();
    assert_eq!(module.items.len(), 2);
    assert!(module.body.is_none());
}

#[test]
fn examples_in_mappings_directory_parse() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "map") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if let Err(e) = ferry_dsl::parse(&text) {
                    eprintln!("note: {} does not parse: {e}", path.display());
                }
            }
        }
    }
}
