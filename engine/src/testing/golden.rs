//! Golden cases: `cases/<case>.in.json` beside a mapping, with
//! `<case>.out.json` (the exact expected output) or `<case>.err.txt` (the
//! run must fail: the error code on the first line, then optional lines
//! that must each appear in the rendered error).
//!
//! A `cases/` directory belongs to `<dir>/<dir>.map`, or else to the only
//! `.map` file of its directory (`bench/orders.map`).

use std::fs;
use std::path::{Path, PathBuf};

/// What one case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseExpect {
    /// The output in this `.out.json` file (which may not exist yet when
    /// blessing).
    Output(PathBuf),
    /// The error described by this `.err.txt` file.
    Failure(PathBuf),
}

/// One golden case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's name: the file name before `.in.json`.
    pub name: String,
    /// The input record.
    pub input: PathBuf,
    /// The expectation.
    pub expect: CaseExpect,
}

impl CaseExpect {
    /// The file holding the expectation.
    pub fn path(&self) -> &Path {
        match self {
            CaseExpect::Output(p) | CaseExpect::Failure(p) => p,
        }
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

/// The cases in `dir`, in name order, and a description of each file that
/// is not part of a well-formed case. With `blessing`, an input without an
/// expectation expects an output file to be written.
pub fn cases(dir: &Path, blessing: bool) -> (Vec<Case>, Vec<(PathBuf, String)>) {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for path in sorted_entries(dir) {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if let Some(name) = file.strip_suffix(".in.json") {
            let out = dir.join(format!("{name}.out.json"));
            let err = dir.join(format!("{name}.err.txt"));
            let expect = match (out.is_file(), err.is_file()) {
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
            };
            cases.push(Case {
                name: name.to_owned(),
                input: path,
                expect,
            });
        } else if let Some(name) = file
            .strip_suffix(".out.json")
            .or_else(|| file.strip_suffix(".err.txt"))
        {
            if !dir.join(format!("{name}.in.json")).is_file() {
                problems.push((path, format!("no matching {name}.in.json")));
            }
        } else if !is_fixture(&path) {
            problems.push((
                path,
                "not part of a case (<case>.in.json with .out.json or .err.txt)".into(),
            ));
        }
    }
    (cases, problems)
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

    #[test]
    fn an_err_file_starts_with_the_code() {
        assert_eq!(
            expected_error("E0404\n\n  not a date \n"),
            Some(("E0404".into(), vec!["not a date".into()]))
        );
        assert_eq!(expected_error("\n \n"), None);
    }
}
