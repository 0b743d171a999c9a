//! The catalogue as Markdown: `docs/errors.md` and `docs/errors/<CODE>.md`
//! are this module's output, checked by a test and rewritten with
//! `FERRY_BLESS=1`.

use std::fmt::Write;

use super::entry::{Entry, Example, Text};
use super::{FAMILIES, all, family};

const GENERATED: &str = "<!-- Generated from engine/src/catalogue/: edit there, then run \
     `FERRY_BLESS=1 cargo test -p ferry-engine --test catalogue`. -->";

/// The page of one code: `docs/errors/<CODE>.md`.
pub fn render_markdown(entry: &Entry) -> String {
    let mut md = String::new();
    let kind = if entry.is_warning() {
        "Warning"
    } else {
        "Error"
    };
    // `writeln!` into a `String` cannot fail.
    let _ = writeln!(md, "{GENERATED}\n\n# {}: {}\n", entry.code, entry.title);
    if let Some(f) = family(entry.code) {
        let _ = writeln!(md, "{kind} · {} (`{}xx`)\n", f.name, f.prefix);
    }
    let _ = writeln!(md, "{}\n\n## Example\n", entry.meaning);
    example_markdown(&mut md, &entry.example);
    let outcome = if entry.is_warning() {
        "Compiling it warns"
    } else if entry.is_run_time() {
        "Running it on this input fails with"
    } else {
        "Compiling it fails with"
    };
    let _ = writeln!(
        md,
        "{outcome} `{}`.\n\n## Fix\n\n{}\n",
        entry.code, entry.fix
    );
    if let Some(corrected) = &entry.corrected {
        if let Some(mapping) = corrected.mapping {
            let _ = writeln!(md, "```ferry\n{}\n```\n", mapping.trim_end());
        }
        for (name, content) in corrected.files {
            file_markdown(&mut md, name, content);
        }
        if let Some(input) = corrected.input {
            input_markdown(&mut md, input, "With the input corrected");
        }
    }
    let _ = writeln!(
        md,
        "---\n\n[All codes](../errors.md) · in a terminal: `ferry explain {}`",
        entry.code
    );
    md
}

/// The index of every code: `docs/errors.md`.
pub fn render_index() -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "{GENERATED}\n\n# Error codes\n\n\
         Every problem Ferry reports has a stable code: compile errors with \
         the file, line and column, run-time errors with the record number \
         and the JSON Pointer of the input value. A released code is never \
         reused. Each page below says what the code means, shows a minimal \
         mapping that raises it and how to fix it; `ferry explain CODE` \
         prints the same in the terminal.\n\n\
         Authors' own codes, from `error(\"CODE\", message)`, are not listed \
         here.\n"
    );
    for f in FAMILIES {
        let entries: Vec<&Entry> = all()
            .iter()
            .filter(|e| e.code.starts_with(f.prefix))
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "## {} (`{}xx`)\n\n{}.\n\n| code | title |\n|---|---|",
            capitalise(f.name),
            f.prefix,
            capitalise(f.summary)
        );
        for e in entries {
            let _ = writeln!(md, "| [{0}](errors/{0}.md) | {1} |", e.code, e.title);
        }
        md.push('\n');
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

fn example_markdown(md: &mut String, example: &Example) {
    match example.mapping {
        Text::Plain(text) => {
            let _ = writeln!(
                md,
                "`{}`:\n\n```ferry\n{}\n```\n",
                example.name,
                text.trim_end()
            );
        }
        Text::Repeated { .. } => {
            let _ = writeln!(
                md,
                "`{}` is {}:\n\n```ferry\n{}\n```\n",
                example.name,
                example.mapping.describe().unwrap_or_default(),
                example.mapping.preview()
            );
        }
    }
    for (name, content) in example.files {
        file_markdown(md, name, content);
    }
    if let Some(open) = example.open {
        let _ = writeln!(
            md,
            "The command names another path: `ferry check {open}`.\n"
        );
    }
    if let Some(input) = example.input {
        input_markdown(md, input, "The input");
    }
}

fn file_markdown(md: &mut String, name: &str, content: &str) {
    let lang = match name.rsplit('.').next() {
        Some("map") => "ferry",
        Some(other) => other,
        None => "text",
    };
    let _ = writeln!(md, "`{name}`:\n\n```{lang}\n{}\n```\n", content.trim_end());
}

fn input_markdown(md: &mut String, input: &str, lead: &str) {
    // Several lines of input are NDJSON: one record per line.
    let (what, lang) = if input.trim_end().contains('\n') {
        ("NDJSON, one record per line", "text")
    } else {
        ("one record", "json")
    };
    let _ = writeln!(
        md,
        "{lead} ({what}):\n\n```{lang}\n{}\n```\n",
        input.trim_end()
    );
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
