//! Renders the stdlib reference page (`docs/stdlib.md`) from the function
//! descriptors, so the documentation cannot drift from the code.

use std::fmt::Write;

use super::{FnDef, NullPolicy, Outcome, ParamKind, all};

/// The families, in the order the reference lists them, with their titles.
pub(super) const FAMILIES: &[(&str, &str)] = &[
    ("strings", "Strings"),
    ("numbers", "Numbers"),
    ("arrays", "Arrays"),
    ("objects", "Objects"),
    ("dates", "Dates and times"),
    ("types", "Types and conversions"),
    ("encodings", "Encodings"),
];

/// The reference of every built-in function as Markdown: grouped by family,
/// each with its signature, summary, details and examples.
pub fn reference_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Standard library reference\n\n");
    out.push_str(
        "Generated from the function descriptors in `engine/src/stdlib`; do not edit by hand.\n\n",
    );
    out.push_str(
        "The null rule: unless a function says otherwise, a null first argument gives null \
         and the function is not called. Any other argument of the wrong type is `E0401`; \
         a value of the right type with invalid content is `E0404`; a result beyond the \
         size limits (16 MiB of text, 1,000,000 elements) is `E0504`.\n",
    );
    for (family, title) in FAMILIES {
        let _ = write!(out, "\n## {title}\n");
        for def in all().iter().filter(|d| d.family == *family) {
            render(&mut out, def);
        }
    }
    out
}

/// `name(a: string, b?: number, ...rest: any) → string`
pub(super) fn signature(def: &FnDef) -> String {
    let mut params = Vec::new();
    for (i, p) in def.params.iter().enumerate() {
        let dots = if def.variadic && i + 1 == def.params.len() {
            "..."
        } else {
            ""
        };
        let question = if p.optional { "?" } else { "" };
        params.push(format!("{dots}{}{question}: {}", p.name, p.ty));
    }
    format!("{}({}) → {}", def.name, params.join(", "), def.returns)
}

fn render(out: &mut String, def: &FnDef) {
    let _ = write!(out, "\n### `{}`\n\n{}\n", signature(def), def.summary);
    if !def.details.is_empty() {
        let _ = write!(out, "\n{}\n", def.details);
    }
    if def.null_subject == NullPolicy::Propagate
        && let Some(first) = def.params.first()
        && (first.kind == ParamKind::Value || first.kind == ParamKind::Regex)
    {
        let _ = write!(out, "\nA null `{}` gives null.\n", first.name);
    }
    out.push_str("\n| Call | Result |\n| --- | --- |\n");
    for example in def.examples {
        let mut call = format!("`{}`", cell(example.call));
        if example.input.trim() != "null" {
            let _ = write!(call, " with `$` = `{}`", cell(example.input));
        }
        let result = match example.outcome {
            Outcome::Value(v) => format!("`{}`", cell(v)),
            Outcome::Error(code) => format!("error `{code}`"),
        };
        let _ = writeln!(out, "| {call} | {result} |");
    }
}

/// Escapes a table cell's pipes.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_is_in_a_known_family() {
        for def in all() {
            assert!(
                FAMILIES.iter().any(|(f, _)| *f == def.family),
                "{} has family {:?}",
                def.name,
                def.family
            );
        }
    }

    #[test]
    fn reference_lists_every_function_with_its_examples() {
        let page = reference_markdown();
        for def in all() {
            assert!(
                page.contains(&format!("### `{}(", def.name)),
                "{}",
                def.name
            );
            for example in def.examples {
                assert!(page.contains(&cell(example.call)), "{}", example.call);
            }
        }
    }
}
