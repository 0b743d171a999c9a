//! The shape of a catalogue entry, with `const` builders so each family
//! file reads as a list of plain data.

use std::borrow::Cow;

use ferry_dsl::Severity;

/// One code of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The stable code, e.g. `E0401`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// A one-line title, lower case, no final period.
    pub title: &'static str,
    /// What the code means: when it is raised and why.
    pub meaning: &'static str,
    /// A minimal example that raises the code.
    pub example: Example,
    /// How to fix it.
    pub fix: &'static str,
    /// The example with the fix applied; it no longer raises the code.
    pub corrected: Option<Corrected>,
}

/// A minimal mapping (and, at run time, an input) that raises a code.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The name of the mapping file.
    pub name: &'static str,
    /// The mapping text.
    pub mapping: Text,
    /// Files beside the mapping (imports, tables), as `(name, content)`.
    pub files: &'static [(&'static str, &'static str)],
    /// The path given to `ferry`, when it is not `name` (an unreadable
    /// mapping).
    pub open: Option<&'static str>,
    /// The input: one JSON record, or raw NDJSON text for `E0406`.
    /// `None` when the code is raised at compile time.
    pub input: Option<&'static str>,
}

/// What changes in an [`Example`] once fixed; `None` and empty fields keep
/// the example's.
#[derive(Debug, Clone, Copy)]
pub struct Corrected {
    /// The corrected mapping text.
    pub mapping: Option<&'static str>,
    /// Files replaced (by name) or added.
    pub files: &'static [(&'static str, &'static str)],
    /// The corrected input.
    pub input: Option<&'static str>,
}

/// The text of an example's mapping.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    /// The text as it is.
    Plain(&'static str),
    /// A text too large or too deep to print: `open` repeated `times`,
    /// then `middle`, then `close` repeated `times`.
    Repeated {
        /// Written `times` times first.
        open: &'static str,
        /// Written once in the middle.
        middle: &'static str,
        /// Written `times` times last.
        close: &'static str,
        /// How many times.
        times: usize,
    },
}

/// A family of codes sharing a prefix.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The prefix, e.g. `E04`.
    pub prefix: &'static str,
    /// Its name, e.g. `run time`.
    pub name: &'static str,
    /// What its codes have in common.
    pub summary: &'static str,
}

impl Text {
    /// The full text.
    pub fn build(&self) -> Cow<'static, str> {
        match *self {
            Text::Plain(text) => Cow::Borrowed(text),
            Text::Repeated {
                open,
                middle,
                close,
                times,
            } => {
                let mut text =
                    String::with_capacity((open.len() + close.len()) * times + middle.len());
                text.push_str(&open.repeat(times));
                text.push_str(middle);
                text.push_str(&close.repeat(times));
                Cow::Owned(text)
            }
        }
    }

    /// For a repeated text, how it is made: "`[` written 200 times, then
    /// `1`, then `]` written 200 times"; `None` for a plain text.
    pub fn describe(&self) -> Option<String> {
        let Text::Repeated {
            open,
            middle,
            close,
            times,
        } = *self
        else {
            return None;
        };
        let piece = |s: &str| match s.strip_suffix('\n') {
            Some(line) => format!("the line `{line}`"),
            None => format!("`{s}`"),
        };
        let mut d = format!(
            "{} written {times} times, then {}",
            piece(open),
            piece(middle)
        );
        if !close.is_empty() {
            d.push_str(&format!(", then {} written {times} times", piece(close)));
        }
        Some(d)
    }

    /// The text to show: a plain text as it is, a repeated one with each
    /// repetition written three times around an ellipsis.
    pub fn preview(&self) -> Cow<'static, str> {
        match *self {
            Text::Plain(text) => Cow::Borrowed(text),
            Text::Repeated {
                open,
                middle,
                close,
                ..
            } => {
                let mut s = if open.ends_with('\n') {
                    format!("{}…\n{middle}", open.repeat(3))
                } else {
                    format!("{} … {middle}", open.repeat(3))
                };
                if !close.is_empty() {
                    s.push_str(&format!(" … {}", close.repeat(3)));
                }
                Cow::Owned(s)
            }
        }
    }
}

impl Entry {
    /// An error entry.
    pub(super) const fn error(
        code: &'static str,
        title: &'static str,
        meaning: &'static str,
        example: Example,
        fix: &'static str,
    ) -> Entry {
        Entry {
            code,
            severity: Severity::Error,
            title,
            meaning,
            example,
            fix,
            corrected: None,
        }
    }

    /// A warning entry.
    pub(super) const fn warning(
        code: &'static str,
        title: &'static str,
        meaning: &'static str,
        example: Example,
        fix: &'static str,
    ) -> Entry {
        Entry {
            severity: Severity::Warning,
            ..Entry::error(code, title, meaning, example, fix)
        }
    }

    /// Sets the corrected mapping.
    pub(super) const fn corrected(self, mapping: &'static str) -> Entry {
        self.corrected_with(Corrected {
            mapping: Some(mapping),
            files: &[],
            input: None,
        })
    }

    /// Sets the correction.
    pub(super) const fn corrected_with(mut self, corrected: Corrected) -> Entry {
        self.corrected = Some(corrected);
        self
    }

    /// True for warnings.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// True when the example raises the code while mapping a record, not
    /// while compiling.
    pub fn is_run_time(&self) -> bool {
        self.example.input.is_some()
    }
}

impl Example {
    /// A mapping named `orders.map`.
    pub(super) const fn map(mapping: &'static str) -> Example {
        Example {
            name: "orders.map",
            mapping: Text::Plain(mapping),
            files: &[],
            open: None,
            input: None,
        }
    }

    /// A mapping too large or deep to print; see [`Text::Repeated`].
    pub(super) const fn repeated(
        open: &'static str,
        middle: &'static str,
        close: &'static str,
        times: usize,
    ) -> Example {
        Example {
            mapping: Text::Repeated {
                open,
                middle,
                close,
                times,
            },
            ..Example::map("")
        }
    }

    /// Sets the input record.
    pub(super) const fn input(mut self, input: &'static str) -> Example {
        self.input = Some(input);
        self
    }

    /// Sets the files beside the mapping.
    pub(super) const fn files(mut self, files: &'static [(&'static str, &'static str)]) -> Example {
        self.files = files;
        self
    }

    /// Sets the path given to `ferry`.
    pub(super) const fn open(mut self, path: &'static str) -> Example {
        self.open = Some(path);
        self
    }

    /// True when the example needs files on disk (compile it with
    /// `Mapping::compile_file` in a directory holding `files`).
    pub fn needs_files(&self) -> bool {
        !self.files.is_empty() || self.open.is_some()
    }

    /// This example with a correction applied.
    pub fn corrected(&self, corrected: &Corrected) -> CorrectedExample {
        let mut files: Vec<(&'static str, &'static str)> = self.files.to_vec();
        for &(name, content) in corrected.files {
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some(file) => file.1 = content,
                None => files.push((name, content)),
            }
        }
        CorrectedExample {
            name: self.name,
            mapping: corrected
                .mapping
                .map_or_else(|| self.mapping.build(), Cow::Borrowed),
            files,
            input: corrected.input.or(self.input),
        }
    }
}

/// An [`Example`] with its [`Corrected`] applied.
#[derive(Debug, Clone)]
pub struct CorrectedExample {
    /// The name of the mapping file.
    pub name: &'static str,
    /// The mapping text.
    pub mapping: Cow<'static, str>,
    /// Files beside the mapping.
    pub files: Vec<(&'static str, &'static str)>,
    /// The input.
    pub input: Option<&'static str>,
}
