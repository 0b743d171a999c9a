//! `ferry explain`: print what an error or warning code means, an example
//! that raises it and how to fix it, from the engine's catalogue (the same
//! data as `docs/errors/`).

use std::fmt::Write;

use ferry_engine::catalogue::{self, Entry, Example, FAMILIES};

use crate::Outcome;

/// Explain an error or warning code: meaning, example, fix.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  ferry explain E0401\n  ferry explain w0205\n  ferry explain --list"
)]
pub struct ExplainArgs {
    /// The code, e.g. `E0401` (case does not matter).
    #[arg(value_name = "CODE", required_unless_present = "list")]
    code: Option<String>,
    /// List every code with its title.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

/// Width of wrapped paragraphs.
const WIDTH: usize = 80;

pub fn explain(args: ExplainArgs) -> Outcome {
    if args.list {
        print!("{}", list());
        return Outcome::Success;
    }
    let code = catalogue::normalize(args.code.as_deref().unwrap_or_default());
    match catalogue::lookup(&code) {
        Some(entry) => {
            print!("{}", render(entry));
            Outcome::Success
        }
        None => {
            eprint!("{}", unknown(&code));
            Outcome::Failed
        }
    }
}

/// Every code with its title, by family.
fn list() -> String {
    let mut out = String::new();
    for family in FAMILIES {
        let _ = writeln!(out, "{}xx  {}", family.prefix, family.name);
        for e in catalogue::all()
            .iter()
            .filter(|e| e.code.starts_with(family.prefix))
        {
            let _ = writeln!(out, "  {}  {}", e.code, e.title);
        }
    }
    out
}

/// The message for a code the catalogue does not have.
fn unknown(code: &str) -> String {
    let mut out = format!("error: `{code}` is not a Ferry error or warning code\n");
    if let Some(near) = catalogue::suggest(code) {
        let _ = writeln!(
            out,
            "  help: did you mean `{}` ({})?",
            near.code, near.title
        );
    }
    out.push_str("\nCodes by family:\n");
    for family in FAMILIES {
        let _ = writeln!(
            out,
            "  {}xx  {}: {}",
            family.prefix, family.name, family.summary
        );
    }
    out.push_str("\nRun `ferry explain --list` for every code.\n");
    out
}

/// An entry as terminal text: title, meaning, example, fix.
fn render(entry: &Entry) -> String {
    let mut out = String::new();
    let kind = if entry.is_warning() {
        "warning"
    } else {
        "error"
    };
    let family = catalogue::family(entry.code).map_or("", |f| f.name);
    let _ = writeln!(out, "{}: {}\n{kind} · {family}\n", entry.code, entry.title);
    wrap(&mut out, entry.meaning, "");
    out.push_str("\nExample:\n\n");
    example(&mut out, &entry.example);
    let outcome = if entry.is_warning() {
        "compiling it warns"
    } else if entry.is_run_time() {
        "running it on this input fails with"
    } else {
        "compiling it fails with"
    };
    let _ = writeln!(out, "  {outcome} {}\n\nFix:\n", entry.code);
    wrap(&mut out, entry.fix, "");
    if let Some(corrected) = &entry.corrected {
        if let Some(mapping) = corrected.mapping {
            out.push('\n');
            block(&mut out, mapping);
        }
        for (name, content) in corrected.files {
            let _ = writeln!(out, "\n  {name}:\n");
            block(&mut out, content);
        }
        if let Some(input) = corrected.input {
            out.push_str("\n  input:\n\n");
            block(&mut out, input);
        }
    }
    let _ = writeln!(out, "\nSee also docs/errors/{}.md.", entry.code);
    out
}

fn example(out: &mut String, example: &Example) {
    match example.mapping.describe() {
        Some(how) => {
            wrap(out, &format!("{} is {how}:", example.name), "  ");
            out.push('\n');
        }
        None => {
            let _ = writeln!(out, "  {}:\n", example.name);
        }
    }
    block(out, &example.mapping.preview());
    for (name, content) in example.files {
        let _ = writeln!(out, "\n  {name}:\n");
        block(out, content);
    }
    if let Some(open) = example.open {
        let _ = writeln!(out, "\n  command: ferry check {open}");
    }
    if let Some(input) = example.input {
        out.push_str("\n  input:\n\n");
        block(out, input);
    }
    out.push('\n');
}

/// Text indented as a code block.
fn block(out: &mut String, text: &str) {
    for line in text.trim_end().lines() {
        let _ = writeln!(out, "    {line}");
    }
}

/// A paragraph wrapped at [`WIDTH`], each line starting with `indent`.
fn wrap(out: &mut String, text: &str, indent: &str) {
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_wrap_at_the_width() {
        let mut out = String::new();
        wrap(&mut out, &"word ".repeat(40), "");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert_eq!(out.split_whitespace().count(), 40);
    }

    #[test]
    fn every_entry_renders() {
        for entry in catalogue::all() {
            let text = render(entry);
            assert!(text.starts_with(entry.code), "{text}");
            assert!(text.contains("Example:") && text.contains("Fix:"), "{text}");
        }
    }
}
