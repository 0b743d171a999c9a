//! Secret keys (`hmac_sha256`): resolved when compiling, prepared into the
//! plan, and never shown, neither in the plan, its description, nor any
//! diagnostic or error.

use ferry_engine::{Keys, Mapping, codes, inspect};
use serde_json::json;

/// A secret distinctive enough that finding it anywhere is a leak.
const SECRET: &str = "s3cr3t-TEST-KEY-never-printed";

fn keys() -> Keys {
    Keys::new().with("partner-a", SECRET)
}

fn compile(text: &str, keys: &Keys) -> Result<Mapping, ferry_engine::Diagnostics> {
    Mapping::compile_named_with_keys("m.map", text, ".", keys)
}

/// Every diagnostic's code, message, labels and help, as text.
fn shown(diags: &ferry_engine::Diagnostics) -> String {
    format!("{diags}\n{diags:?}")
}

#[test]
fn the_key_is_prepared_once_and_signs_each_record() {
    let rfc = Keys::new().with("jefe", "Jefe");
    let m = compile(r#"{ sig: hmac_sha256("jefe", $.msg) }"#, &rfc).unwrap();
    let out = m
        .apply(&json!({"msg": "what do ya want for nothing?"}))
        .unwrap();
    assert_eq!(
        out["sig"],
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        m.apply(&json!({"msg": null})).unwrap(),
        json!({"sig": null})
    );
    let other = m.apply(&json!({"msg": "x"})).unwrap();
    assert_ne!(other["sig"], out["sig"]);
}

#[test]
fn names_match_after_upper_casing_and_underscores() {
    let m = compile(r#"hmac_sha256("PARTNER_A", $)"#, &keys()).unwrap();
    let n = compile(r#"hmac_sha256("partner.a", $)"#, &keys()).unwrap();
    assert_eq!(m.apply(&json!("x")).unwrap(), n.apply(&json!("x")).unwrap());
}

#[test]
fn the_plan_and_its_description_never_show_the_secret() {
    let m = compile(
        r#"fn sign(x) = hmac_sha256("partner-a", x)
{ sig: sign($.id), both: [for l in $.lines => hmac_sha256("partner-a", l)] }"#,
        &keys(),
    )
    .unwrap();
    let debug = format!("{m:?}");
    let described = inspect::describe(&m);
    assert!(described.contains("hmac_sha256"), "{described}");
    for text in [&debug, &described] {
        assert!(!text.contains(SECRET), "the secret leaked:\n{text}");
        assert!(
            !text.contains("TEST-KEY"),
            "part of the secret leaked:\n{text}"
        );
    }
}

#[test]
fn a_constant_call_is_folded_into_its_digest() {
    let m = compile(r#"{ sig: hmac_sha256("partner-a", "abc") }"#, &keys()).unwrap();
    let described = inspect::describe(&m);
    let sig = m.apply(&json!({})).unwrap()["sig"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sig.len(), 64);
    // Long constants are shown cut.
    assert!(
        described.contains(&sig[..40]) && described.contains("(constant)"),
        "not folded:\n{described}"
    );
    assert!(!described.contains(SECRET));
}

#[test]
fn a_missing_key_is_a_compile_error_naming_the_key_not_the_secrets() {
    let diags = compile(r#"{ sig: hmac_sha256("partner-b", $.id) }"#, &keys()).unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(d.code, codes::UNKNOWN_KEY);
    let text = shown(&diags);
    assert!(text.contains("partner-b"), "{text}");
    assert!(text.contains("did you mean `PARTNER_A`?"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}

#[test]
fn an_empty_secret_counts_as_missing() {
    let empty = Keys::new().with("partner", "");
    let diags = compile(r#"hmac_sha256("partner", $)"#, &empty).unwrap_err();
    assert_eq!(diags.iter().next().unwrap().code, codes::UNKNOWN_KEY);
}

#[test]
fn a_key_name_must_be_a_constant_string() {
    for text in [
        r#"hmac_sha256($.key, $.id)"#,
        r#"let k = "partner-a"
hmac_sha256(k, $.id)"#,
        r#"hmac_sha256(7, $.id)"#,
        r#"hmac_sha256("", $.id)"#,
        r#"[for k in ["partner-a"] => hmac_sha256(k, $.id)]"#,
    ] {
        let diags = compile(text, &keys()).unwrap_err();
        let codes: Vec<&str> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, [codes::BAD_CONSTANT], "{text}");
        assert!(!shown(&diags).contains(SECRET));
    }
}

#[test]
fn run_time_errors_do_not_show_the_secret() {
    let m = compile(r#"{ sig: hmac_sha256("partner-a", $.id) }"#, &keys()).unwrap();
    let e = m.apply(&json!({"id": 5})).unwrap_err();
    assert_eq!(e.code(), codes::TYPE_MISMATCH);
    let text = format!("{e}\n{e:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[test]
fn keys_reach_the_files_a_mapping_uses() {
    let dir = std::env::temp_dir().join(format!("ferry-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("sign.map"),
        "fn sign(x) = hmac_sha256(\"partner-a\", x)\n",
    )
    .unwrap();
    std::fs::write(dir.join("m.map"), "use \"sign.map\"\n{ sig: sign($.id) }\n").unwrap();
    let m = Mapping::compile_file_with_keys(dir.join("m.map"), &keys()).unwrap();
    let direct = compile(r#"{ sig: hmac_sha256("partner-a", $.id) }"#, &keys()).unwrap();
    let record = json!({"id": "A-1"});
    assert_eq!(m.apply(&record).unwrap(), direct.apply(&record).unwrap());
    let missing = Mapping::compile_file_with_keys(dir.join("m.map"), &Keys::new()).unwrap_err();
    assert_eq!(missing.iter().next().unwrap().code, codes::UNKNOWN_KEY);
    let _ = std::fs::remove_dir_all(&dir);
}
