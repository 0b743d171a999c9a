//! The error catalogue is complete and true: every stable code has an
//! entry, every entry's example raises its code and its correction does
//! not, and the generated pages under `docs/` are up to date
//! (`FERRY_BLESS=1` rewrites them).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::catalogue::{self, Entry};
use ferry_engine::format::{Format, FormatSpec};
use ferry_engine::{Keys, Mapping, Query, Severity, codes};

/// Other codes an example raises besides its own, each with the reason;
/// every other example raises its code alone.
const ALSO_RAISED: &[(&str, &str, &str)] = &[
    (
        "E0207",
        "E0202",
        "the function the unreadable import should bring is unknown",
    ),
    (
        "E0405",
        "W0205",
        "a `match` that can fail for want of a default arm is warned about",
    ),
];

/// Codes whose example is not run, each with the reason. Empty: every
/// code of the registry can be raised by a mapping.
const NOT_TRIGGERABLE: &[(&str, &str)] = &[
    (
        "E0507",
        "needs an interrupt during the run: engine/src/exec/budget.rs and cli/tests/interrupt.rs",
    ),
    (
        "E0508",
        "needs a record over 256 MiB, or a lowered limit: engine/src/batch/limits.rs tests",
    ),
    (
        "E0509",
        "needs a string over 64 MiB, or a lowered limit: engine/src/batch/limits.rs tests",
    ),
    (
        "E0510",
        "needs a file over 64 MiB: engine/src/compile tests with a sparse file",
    ),
    (
        "E0511",
        "needs 33 files importing each other: engine/src/compile tests",
    ),
];

/// Codes whose correction is to provide a secret key rather than to edit
/// the mapping: the corrected example is compiled with the key given.
const KEY_PROVIDED: &[(&str, &str, &str)] = &[(
    "E0213",
    "partner",
    "the fix sets `FERRY_KEY_PARTNER`; the mapping stays as it is",
)];

/// What compiling (and running) an example produced.
#[derive(Debug, Default)]
struct Observed {
    errors: Vec<String>,
    warnings: Vec<String>,
    /// The code the record (or, for NDJSON, the first failing record) failed with.
    run: Option<String>,
}

/// One example, resolved: text, files, input.
struct Case<'a> {
    label: String,
    name: &'a str,
    mapping: &'a str,
    files: &'a [(&'a str, &'a str)],
    open: Option<&'a str>,
    input: Option<&'a str>,
    ndjson: bool,
    /// Secret keys given to the compiler (`None`: from the environment).
    keys: Option<Keys>,
}

impl Case<'_> {
    fn observe(&self) -> Observed {
        let compiled = if let Some(keys) = &self.keys {
            Mapping::compile_named_with_keys(self.name, self.mapping, ".", keys)
        } else if self.files.is_empty() && self.open.is_none() {
            Mapping::compile_named(self.name, self.mapping, ".")
        } else {
            let dir = scratch(&self.label);
            std::fs::write(dir.join(self.name), self.mapping).unwrap();
            for (name, content) in self.files {
                std::fs::write(dir.join(name), content).unwrap();
            }
            Mapping::compile_file(dir.join(self.open.unwrap_or(self.name)))
        };
        let mapping = match compiled {
            Ok(m) => m,
            Err(diags) => {
                return Observed {
                    errors: diags
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(|d| d.code.to_owned())
                        .collect(),
                    warnings: diags
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .map(|d| d.code.to_owned())
                        .collect(),
                    run: None,
                };
            }
        };
        let warnings = mapping
            .warnings()
            .iter()
            .map(|d| d.code.to_owned())
            .collect();
        let run = self.input.and_then(|input| {
            // An output format's errors come from writing, on the batch path.
            if self.ndjson || mapping.formats().output.is_some() {
                run_batch(&mapping, input)
            } else {
                let record: serde_json::Value = serde_json::from_str(input)
                    .unwrap_or_else(|e| panic!("{}: the input is not JSON: {e}", self.label));
                mapping.apply(&record).err().map(|e| e.code().to_owned())
            }
        });
        Observed {
            errors: Vec::new(),
            warnings,
            run,
        }
    }
}

/// The code of the first failing record of an NDJSON batch.
fn run_batch(mapping: &Mapping, input: &str) -> Option<String> {
    let mut first = None;
    let options = BatchOptions {
        on_error: OnError::Skip,
        pretty: false,
    };
    // The formats the mapping declares, NDJSON otherwise.
    let formats = mapping.formats();
    let spec = |declared: &Option<FormatSpec>| {
        declared
            .clone()
            .unwrap_or_else(|| FormatSpec::new(Format::Ndjson))
    };
    batch::run_formats(
        mapping,
        Box::new(input.as_bytes()),
        &spec(&formats.input),
        &spec(&formats.output),
        options,
        &mut std::io::sink(),
        &mut |e: &ferry_engine::RunError, _: &[u8]| {
            first.get_or_insert_with(|| e.code().to_owned());
        },
    )
    .unwrap();
    first
}

fn scratch(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-catalogue-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn registry() -> BTreeSet<&'static str> {
    ferry_dsl::codes::ALL
        .iter()
        .chain(codes::ALL)
        .copied()
        .collect()
}

/// The codes declared as `pub const NAME: &str = "CODE";` in a source file.
fn declared(source: &str) -> BTreeSet<&str> {
    source
        .lines()
        .filter(|l| l.starts_with("pub const ") && l.contains(": &str = \""))
        .filter_map(|l| l.split('"').nth(1))
        .collect()
}

#[test]
fn the_all_lists_name_every_code_constant() {
    let dsl = include_str!("../../dsl/src/codes.rs");
    let engine = include_str!("../src/codes.rs");
    let listed = |all: &[&'static str]| all.iter().copied().collect::<BTreeSet<_>>();
    assert_eq!(
        listed(ferry_dsl::codes::ALL),
        declared(dsl),
        "dsl/src/codes.rs: ALL is out of sync"
    );
    assert_eq!(
        listed(codes::ALL),
        declared(engine),
        "engine/src/codes.rs: ALL is out of sync"
    );
    assert_eq!(
        ferry_dsl::codes::ALL.len() + codes::ALL.len(),
        registry().len(),
        "a code is listed twice"
    );
}

#[test]
fn every_code_has_an_entry_and_every_entry_a_code() {
    let catalogued: BTreeSet<&str> = catalogue::all().iter().map(|e| e.code).collect();
    let registry = registry();
    let missing: Vec<_> = registry.difference(&catalogued).collect();
    let unknown: Vec<_> = catalogued.difference(&registry).collect();
    assert!(
        missing.is_empty(),
        "codes without a catalogue entry: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "entries for codes not in the registry: {unknown:?}"
    );
    assert_eq!(
        catalogued.len(),
        catalogue::all().len(),
        "a code has two entries"
    );
}

#[test]
fn entries_are_in_code_order_and_well_formed() {
    let all = catalogue::all();
    assert!(
        all.windows(2).all(|w| w[0].code < w[1].code),
        "not in code order"
    );
    for e in all {
        assert_eq!(
            e.is_warning(),
            e.code.starts_with('W'),
            "{}: severity",
            e.code
        );
        assert!(catalogue::family(e.code).is_some(), "{}: no family", e.code);
        assert!(
            !e.title.is_empty() && !e.title.contains('\n') && !e.title.ends_with('.'),
            "{}: title",
            e.code
        );
        for (what, text) in [("meaning", e.meaning), ("fix", e.fix)] {
            assert!(
                text.ends_with('.') && !text.contains("  "),
                "{}: {what} is not a clean paragraph",
                e.code
            );
        }
        assert!(e.corrected.is_some(), "{}: no corrected example", e.code);
        assert_eq!(
            e.example.input.is_some(),
            e.code.starts_with("E04")
                || [
                    codes::RECURSION_LIMIT,
                    codes::SIZE_LIMIT,
                    codes::WORK_LIMIT,
                    codes::MEMORY_LIMIT,
                    codes::INTERRUPTED,
                    codes::RECORD_TOO_LARGE,
                    codes::STRING_TOO_LARGE,
                ]
                .contains(&e.code),
            "{}: run-time codes, and only they, have an input",
            e.code
        );
        assert_eq!(catalogue::lookup(e.code).map(|f| f.code), Some(e.code));
    }
    assert!(catalogue::lookup("E9999").is_none());
}

fn example_case(e: &Entry) -> (Case<'_>, String) {
    let mapping = e.example.mapping.build().into_owned();
    let case = Case {
        label: e.code.to_owned(),
        name: e.example.name,
        mapping: "",
        files: e.example.files,
        open: e.example.open,
        input: e.example.input,
        ndjson: e.code == codes::MALFORMED_RECORD,
        keys: None,
    };
    (case, mapping)
}

/// Why the observation does not show `e`'s code as its example should.
fn check_raises(e: &Entry, seen: &Observed) -> Option<String> {
    let ok = match (e.severity, e.example.input) {
        (Severity::Warning, _) => seen.warnings.iter().any(|c| c == e.code),
        (Severity::Error, Some(_)) => seen.errors.is_empty() && seen.run.as_deref() == Some(e.code),
        (Severity::Error, None) => seen.errors.iter().any(|c| c == e.code),
    };
    let others: Vec<&String> = seen
        .errors
        .iter()
        .chain(&seen.warnings)
        .chain(&seen.run)
        .filter(|c| *c != e.code)
        .filter(|c| {
            !ALSO_RAISED
                .iter()
                .any(|(code, other, _)| *code == e.code && c == other)
        })
        .collect();
    if !ok {
        Some(format!(
            "{}: the example does not raise it: {seen:?}",
            e.code
        ))
    } else if !others.is_empty() {
        Some(format!(
            "{}: the example raises other codes too: {others:?}",
            e.code
        ))
    } else {
        None
    }
}

#[test]
fn every_example_raises_its_code() {
    let mut failures = Vec::new();
    for e in catalogue::all() {
        if NOT_TRIGGERABLE.iter().any(|(code, _)| *code == e.code) {
            continue;
        }
        let (mut case, mapping) = example_case(e);
        case.mapping = &mapping;
        failures.extend(check_raises(e, &case.observe()));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_correction_is_clean() {
    let mut failures = Vec::new();
    for e in catalogue::all() {
        let Some(corrected) = &e.corrected else {
            continue;
        };
        let fixed = e.example.corrected(corrected);
        let case = Case {
            label: format!("{}-corrected", e.code),
            name: fixed.name,
            mapping: &fixed.mapping,
            files: &fixed.files,
            open: None,
            input: fixed.input,
            ndjson: e.code == codes::MALFORMED_RECORD,
            keys: KEY_PROVIDED
                .iter()
                .find(|(code, _, _)| *code == e.code)
                .map(|(_, name, _)| Keys::new().with(name, "a secret")),
        };
        let seen = case.observe();
        // Clean: no diagnostic at all, and the record maps (or fails with
        // the author's own code, as the correction of `E0407` does).
        let authors_code = seen.run.as_deref().is_some_and(|c| !registry().contains(c));
        if !seen.errors.is_empty()
            || !seen.warnings.is_empty()
            || (seen.run.is_some() && !authors_code)
        {
            failures.push(format!(
                "{}: the corrected example is not clean: {seen:?}",
                e.code
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn strict_queries_report_syntax_and_typing_errors() {
    let code = |q: &str| Query::compile(q).unwrap_err().iter().next().unwrap().code;
    assert_eq!(
        code("$.a[x]"),
        ferry_dsl::codes::BAD_QUERY,
        "a Ferry extension"
    );
    assert_eq!(code("$.a["), ferry_dsl::codes::BAD_QUERY, "a syntax error");
    assert_eq!(code("$[?length(@.a)]"), ferry_dsl::codes::BAD_FILTER_TYPE);
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

#[test]
fn generated_pages_are_up_to_date() {
    let bless = std::env::var_os("FERRY_BLESS").is_some();
    let dir = docs().join("errors");
    let mut expected = vec![(docs().join("errors.md"), catalogue::render_index())];
    expected.extend(catalogue::all().iter().map(|e| {
        (
            dir.join(format!("{}.md", e.code)),
            catalogue::render_markdown(e),
        )
    }));
    let mut stale = Vec::new();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (path, text) in &expected {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::write(path, text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    // A page whose code left the catalogue is stale too.
    for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = file.path();
        if !expected.iter().any(|(p, _)| *p == path) {
            if bless {
                std::fs::remove_file(&path).unwrap();
            } else {
                stale.push(format!("{} (no such code)", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date (run `FERRY_BLESS=1 cargo test -p ferry-engine --test catalogue`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_code_table_of_the_language_page_matches_the_catalogue() {
    let page = std::fs::read_to_string(docs().join("language.md")).unwrap();
    let section = page
        .split("\n## ")
        .find(|s| s.starts_with("Diagnostics"))
        .expect("a Diagnostics section");
    let listed: BTreeSet<&str> = section
        .lines()
        .filter(|l| l.starts_with("| E") || l.starts_with("| W"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|cell| cell.split('/').map(str::trim))
        .collect();
    let catalogued: BTreeSet<&str> = catalogue::all().iter().map(|e| e.code).collect();
    let missing: Vec<_> = catalogued.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&catalogued).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "docs/language.md, table of codes: missing {missing:?}, not in the catalogue {unknown:?}"
    );
}
