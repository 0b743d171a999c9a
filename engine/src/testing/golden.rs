//! Golden cases: the files in `cases/` beside a mapping.
//!
//! A case is one input file, `<case>.in.<ext>`, where `<ext>` names a
//! format (`json`, `ndjson`, `jsonl`, `yaml`, `yml`, `csv`, `tsv`, `xml`),
//! with its expectations beside it. There are two kinds:
//!
//! - A **record case**: a `<case>.in.json` whose mapping declares neither an
//!   input nor an output format. The file is one JSON record, run through
//!   [`Mapping::apply`](crate::Mapping::apply)'s path, with exactly one of
//!   `<case>.out.json` (the expected output, compared as JSON, digits exact)
//!   or `<case>.err.txt` (the record must fail: the error code on the first
//!   line, then optional lines that must each appear in the rendered error).
//! - A **batch case**: every other input (another extension, or any input
//!   when the mapping declares an input or output format). The file runs
//!   through [`run_formats`](crate::batch::run_formats) with failed records
//!   skipped. It is read as the mapping's declared input format when that is
//!   the file's format (with its options), else as the file's format with
//!   default options; it is written as the mapping's declared output format,
//!   else as the format of its `.out.*` file's extension, else as NDJSON.
//!   Its expectations are at most one `<case>.out.<ext>`, the whole expected
//!   output text, and an optional `<case>.err.txt`, and at least one of the
//!   two:
//!   - JSON and NDJSON outputs (`.out.json`, `.out.ndjson`, `.out.jsonl`)
//!     compare document by document as JSON values, digits exact (one
//!     compact document per line, or pretty-printed documents one after
//!     another); a difference's pointer starts with the document's index
//!     (`/1/total` is `total` of the second output). Other outputs compare
//!     as exact text, except for a final newline; a failure names the first
//!     line that differs.
//!   - Without a `.out.*` file the run must write nothing.
//!   - With an `.err.txt`, at least one record must fail, and the first
//!     failure must have the code of its first line and contain its other
//!     lines. Without one, no record may fail (the first failure is
//!     reported).
//!   - When the mapping declares an output format, the `.out.*` file's
//!     extension must be that format's (any JSON extension for JSON and
//!     NDJSON; `yaml` or `yml` for YAML).
//!   - Batch cases do not count towards coverage (`ferry test --coverage`).
//!
//! Any other `.json` file in `cases/` is a fixture that test blocks read
//! with `file "…"`. Every other file is a problem, reported as a failed
//! test: a `<case>.out.*` or `<case>.err.txt` without an input, two inputs
//! of one case, two `.out.*` files of one case, a record case with both an
//! `.out.json` and an `.err.txt` or with a `.out.*` of another format, a
//! case without any expectation, and a file that is none of these.
//!
//! With blessing (`FERRY_BLESS=1`), an input without expectations expects
//! an output to be written: a record case's `<case>.out.json`
//! (pretty-printed), a batch case's `<case>.out.<ext>` with the output
//! format's extension (`json` for JSON and NDJSON outputs, one document per
//! line; `yaml`, `csv`, `tsv`, `xml`), written when missing or when it
//! differs from the actual output. An `.err.txt` is never written.
//!
//! A `cases/` directory belongs to `<dir>/<dir>.map`, or else to the only
//! `.map` file of its directory (`bench/orders.map`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::compile::Formats;
use crate::format::Format;

/// The extensions of format files: inputs are `<case>.in.<ext>`, expected
/// outputs `<case>.out.<ext>`.
pub const FORMAT_EXTENSIONS: [&str; 8] = [
    "json", "ndjson", "jsonl", "yaml", "yml", "csv", "tsv", "xml",
];

/// What one case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseExpect {
    /// A record case: the output in this `.out.json` file (which may not
    /// exist yet when blessing).
    Output(PathBuf),
    /// A record case: the error described by this `.err.txt` file.
    Failure(PathBuf),
    /// A batch case: the whole output text and, optionally, the failures.
    Batch {
        /// The expected output, `<case>.out.<ext>`. When it does not exist,
        /// the run must write nothing (or, blessing, it is written).
        output: PathBuf,
        /// The `.err.txt` describing the first failure, when records must
        /// fail.
        failure: Option<PathBuf>,
    },
}

/// One golden case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's name: the file name before `.in.<ext>`.
    pub name: String,
    /// The input: one record (a record case) or a whole input (a batch case).
    pub input: PathBuf,
    /// The expectation.
    pub expect: CaseExpect,
}

impl CaseExpect {
    /// The file holding the expectation: for a batch case, its `.out.*`
    /// unless only the `.err.txt` exists.
    pub fn path(&self) -> &Path {
        match self {
            CaseExpect::Output(p) | CaseExpect::Failure(p) => p,
            CaseExpect::Batch {
                output,
                failure: Some(failure),
            } if !output.is_file() => failure,
            CaseExpect::Batch { output, .. } => output,
        }
    }

    /// True for a batch case.
    pub fn is_batch(&self) -> bool {
        matches!(self, CaseExpect::Batch { .. })
    }
}

/// The extension of a blessed `.out.*` file for outputs in `format`
/// (`json` for JSON and NDJSON, one document per line).
pub fn output_extension(format: Format) -> &'static str {
    match format {
        Format::Json | Format::Ndjson => "json",
        Format::Yaml => "yaml",
        Format::Csv => "csv",
        Format::Tsv => "tsv",
        Format::Xml => "xml",
    }
}

/// The `cases/` directory of a mapping file, if it has one.
pub fn cases_dir(mapping: &Path) -> Option<PathBuf> {
    let dir = match mapping.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let cases = mapping.with_file_name("cases");
    if !cases.is_dir() {
        return None;
    }
    // `.` or `..` name no directory: the real name decides.
    let real = dir.canonicalize().ok();
    let dir_name = real
        .as_deref()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str());
    let stem = mapping.file_stem().and_then(|n| n.to_str());
    if dir_name.is_some() && dir_name == stem {
        return Some(cases);
    }
    if dir_name.is_some_and(|n| dir.join(format!("{n}.map")).is_file()) {
        return None;
    }
    let maps = sorted_entries(dir)
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "map"))
        .count();
    (maps == 1).then_some(cases)
}

/// The cases in `dir` of a mapping that declares no format; see
/// [`cases_for`].
pub fn cases(dir: &Path, blessing: bool) -> (Vec<Case>, Vec<(PathBuf, String)>) {
    cases_for(dir, &Formats::default(), blessing)
}

/// The cases in `dir` of a mapping that declares `formats`, in name order,
/// and a description of each file that is not part of a well-formed case
/// (the rules are in the [module docs](self)). With `blessing`, an input
/// without an expectation expects an output file to be written.
pub fn cases_for(
    dir: &Path,
    formats: &Formats,
    blessing: bool,
) -> (Vec<Case>, Vec<(PathBuf, String)>) {
    let declared = formats.input.is_some() || formats.output.is_some();
    let entries = sorted_entries(dir);
    // Every case's inputs, to pair expectations with them.
    let mut inputs: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for path in &entries {
        if let Some((name, _)) = split(&file_name(path), "in") {
            inputs
                .entry(name.to_owned())
                .or_default()
                .push(path.clone());
        }
    }
    // A record case is one `.in.json` of a mapping that declares no format.
    let record_case = |name: &str| match inputs.get(name).map(Vec::as_slice) {
        Some([input]) => !declared && input.extension().is_some_and(|e| e == "json"),
        _ => false,
    };
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for path in entries {
        let file = file_name(&path);
        if let Some((name, _)) = split(&file, "in") {
            let all = &inputs[name];
            if all.len() > 1 {
                let names: Vec<String> = all.iter().map(|p| file_name(p)).collect();
                problems.push((
                    path,
                    format!(
                        "case {name} has several inputs ({}); a case has one",
                        names.join(", ")
                    ),
                ));
                continue;
            }
            let expect = if record_case(name) {
                let out = dir.join(format!("{name}.out.json"));
                let err = dir.join(format!("{name}.err.txt"));
                match (out.is_file(), err.is_file()) {
                    (true, false) => CaseExpect::Output(out),
                    (false, true) => CaseExpect::Failure(err),
                    (true, true) => {
                        problems.push((path, "both a .out.json and an .err.txt".into()));
                        continue;
                    }
                    (false, false) if blessing => CaseExpect::Output(out),
                    (false, false) => {
                        problems.push((path, format!("no {name}.out.json nor {name}.err.txt")));
                        continue;
                    }
                }
            } else {
                match batch_expect(dir, name, formats, blessing) {
                    Ok(expect) => expect,
                    Err(problem) => {
                        problems.push((path, problem));
                        continue;
                    }
                }
            };
            cases.push(Case {
                name: name.to_owned(),
                input: path,
                expect,
            });
        } else if let Some((name, ext)) = split(&file, "out") {
            if !inputs.contains_key(name) {
                problems.push((path, format!("no matching {name}.in.<format>")));
            } else if ext != "json" && record_case(name) {
                problems.push((
                    path,
                    format!(
                        "{name}.in.json is one record (the mapping declares no format): \
                         its expected output is {name}.out.json"
                    ),
                ));
            }
        } else if let Some(name) = file.strip_suffix(".err.txt") {
            if !inputs.contains_key(name) {
                problems.push((path, format!("no matching {name}.in.<format>")));
            }
        } else if !is_fixture(&path) {
            problems.push((
                path,
                "not part of a case (<case>.in.<format> with <case>.out.<format> \
                 and/or <case>.err.txt)"
                    .into(),
            ));
        }
    }
    (cases, problems)
}

/// The expectations of batch case `name`, or why they are not well formed.
fn batch_expect(
    dir: &Path,
    name: &str,
    formats: &Formats,
    blessing: bool,
) -> Result<CaseExpect, String> {
    let outs: Vec<PathBuf> = FORMAT_EXTENSIONS
        .iter()
        .map(|ext| dir.join(format!("{name}.out.{ext}")))
        .filter(|p| p.is_file())
        .collect();
    let err = dir.join(format!("{name}.err.txt"));
    let failure = err.is_file().then_some(err);
    let declared = formats.output.as_ref().map(|s| s.format);
    let output = match outs.as_slice() {
        [] if failure.is_none() && !blessing => {
            return Err(format!("no {name}.out.<format> nor {name}.err.txt"));
        }
        [] => {
            let ext = output_extension(declared.unwrap_or(Format::Ndjson));
            dir.join(format!("{name}.out.{ext}"))
        }
        [out] => out.clone(),
        _ => {
            let names: Vec<String> = outs.iter().map(|p| file_name(p)).collect();
            return Err(format!(
                "several expected outputs ({}); a case has at most one",
                names.join(", ")
            ));
        }
    };
    if let (Some(declared), Some(found)) = (declared, Format::from_path(&output))
        && output_extension(declared) != output_extension(found)
    {
        return Err(format!(
            "the mapping writes {declared}, so the expected output is {name}.out.{}, not {}",
            output_extension(declared),
            file_name(&output)
        ));
    }
    Ok(CaseExpect::Batch { output, failure })
}

/// `<name>.<role>.<ext>` with a format extension: the name and extension.
fn split<'f>(file: &'f str, role: &str) -> Option<(&'f str, &'f str)> {
    let (rest, ext) = file.rsplit_once('.')?;
    if !FORMAT_EXTENSIONS.contains(&ext) {
        return None;
    }
    let name = rest.strip_suffix(role)?.strip_suffix('.')?;
    Some((name, ext))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// Other JSON files in `cases/` are fixtures that test blocks read with
/// `file "…"`; they are not cases of their own.
fn is_fixture(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
}

/// The expected error of an `.err.txt`: the code and the lines that must
/// appear in the rendered error.
pub fn expected_error(text: &str) -> Option<(String, Vec<String>)> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let code = lines.next()?.to_owned();
    Some((code, lines.map(str::to_owned).collect()))
}

/// The sorted entries of a directory (none when it cannot be read).
pub(crate) fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatSpec;

    #[test]
    fn an_err_file_starts_with_the_code() {
        assert_eq!(
            expected_error("E0404\n\n  not a date \n"),
            Some(("E0404".into(), vec!["not a date".into()]))
        );
        assert_eq!(expected_error("\n \n"), None);
    }

    /// A fresh directory holding these (empty) files.
    fn dir_with(test: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ferry-golden-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for f in files {
            fs::write(dir.join(f), "").unwrap();
        }
        dir
    }

    fn problems_of(problems: &[(PathBuf, String)]) -> Vec<(String, String)> {
        problems
            .iter()
            .map(|(p, m)| (file_name(p), m.clone()))
            .collect()
    }

    fn declaring(output: Format) -> Formats {
        Formats {
            input: None,
            output: Some(FormatSpec::new(output)),
        }
    }

    #[test]
    fn a_csv_input_with_a_json_output_is_a_batch_case() {
        let dir = dir_with("csv-json", &["rows.in.csv", "rows.out.json"]);
        let (cases, problems) = cases(&dir, false);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            cases,
            [Case {
                name: "rows".into(),
                input: dir.join("rows.in.csv"),
                expect: CaseExpect::Batch {
                    output: dir.join("rows.out.json"),
                    failure: None,
                },
            }]
        );
        assert_eq!(cases[0].expect.path(), dir.join("rows.out.json"));
    }

    #[test]
    fn a_batch_case_may_expect_an_output_and_failures() {
        let dir = dir_with(
            "csv-both",
            &[
                "rows.in.csv",
                "rows.out.csv",
                "rows.err.txt",
                "only.in.ndjson",
                "only.err.txt",
            ],
        );
        let (cases, problems) = cases(&dir, false);
        assert!(problems.is_empty(), "{problems:?}");
        let expects: Vec<(&str, &CaseExpect)> =
            cases.iter().map(|c| (c.name.as_str(), &c.expect)).collect();
        assert_eq!(
            expects,
            [
                (
                    "only",
                    &CaseExpect::Batch {
                        output: dir.join("only.out.json"),
                        failure: Some(dir.join("only.err.txt")),
                    }
                ),
                (
                    "rows",
                    &CaseExpect::Batch {
                        output: dir.join("rows.out.csv"),
                        failure: Some(dir.join("rows.err.txt")),
                    }
                ),
            ]
        );
        // Without its `.out.*`, a batch case names its `.err.txt`.
        assert_eq!(cases[0].expect.path(), dir.join("only.err.txt"));
    }

    #[test]
    fn stray_and_ambiguous_files_are_problems() {
        let dir = dir_with(
            "stray",
            &[
                "lost.out.xml",
                "lost.err.txt",
                "twice.in.json",
                "twice.in.csv",
                "twice.out.json",
                "many.in.csv",
                "many.out.csv",
                "many.out.json",
                "bare.in.yaml",
                "rows.csv",
                "fixture.json",
                "one.in.json",
                "one.out.csv",
                "one.err.txt",
            ],
        );
        let (cases, problems) = cases(&dir, false);
        let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["one"]);
        assert_eq!(
            cases[0].expect,
            CaseExpect::Failure(dir.join("one.err.txt"))
        );
        let found = problems_of(&problems);
        let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            files,
            [
                "bare.in.yaml",
                "lost.err.txt",
                "lost.out.xml",
                "many.in.csv",
                "one.out.csv",
                "rows.csv",
                "twice.in.csv",
                "twice.in.json",
            ]
        );
        let message = |file: &str| &found.iter().find(|(f, _)| f == file).unwrap().1;
        assert_eq!(message("lost.out.xml"), "no matching lost.in.<format>");
        assert_eq!(
            message("bare.in.yaml"),
            "no bare.out.<format> nor bare.err.txt"
        );
        assert!(message("many.in.csv").contains("several expected outputs"));
        assert!(message("twice.in.csv").contains("several inputs"));
        assert!(message("one.out.csv").contains("its expected output is one.out.json"));
        assert!(message("rows.csv").starts_with("not part of a case"));
    }

    #[test]
    fn a_declared_format_makes_a_json_input_a_batch_case() {
        let dir = dir_with("declared", &["a.in.json", "a.out.json", "a.err.txt"]);
        let (record, problems) = cases(&dir, false);
        assert!(record.is_empty());
        assert_eq!(problems[0].1, "both a .out.json and an .err.txt");
        let (batch, problems) = cases_for(&dir, &declaring(Format::Ndjson), false);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(batch[0].expect.is_batch());
        // The expected output's extension must be the declared format's.
        let (_, problems) = cases_for(&dir, &declaring(Format::Csv), false);
        assert_eq!(
            problems[0].1,
            "the mapping writes csv, so the expected output is a.out.csv, not a.out.json"
        );
    }

    #[test]
    fn blessing_names_the_output_file_by_the_output_format() {
        let dir = dir_with("bless", &["a.in.json", "b.in.ndjson"]);
        let (found, problems) = cases(&dir, false);
        assert!(found.is_empty() && problems.len() == 2);
        let (found, _) = cases(&dir, true);
        assert_eq!(found[0].expect, CaseExpect::Output(dir.join("a.out.json")));
        assert_eq!(
            found[1].expect,
            CaseExpect::Batch {
                output: dir.join("b.out.json"),
                failure: None
            }
        );
        let (found, _) = cases_for(&dir, &declaring(Format::Tsv), true);
        let outputs: Vec<&Path> = found.iter().map(|c| c.expect.path()).collect();
        assert_eq!(outputs, [dir.join("a.out.tsv"), dir.join("b.out.tsv")]);
    }
}
