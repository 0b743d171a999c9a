//! The header's `input format NAME with { … }` and `output format NAME`:
//! the format is looked up and its options checked now, so that a typo in
//! an option is a compile error at the declaration, not a surprise on the
//! first record. The command line's flags override what is declared.

use ferry_dsl::Diagnostic;
use ferry_dsl::ast::{ContractSide, FormatDecl};

use super::{Compiler, FileCx};
use crate::codes;
use crate::format::{Format, FormatSpec};
use crate::testing::data::constant;

/// The formats a mapping declares for its input and its output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Formats {
    /// What the mapping reads, when declared.
    pub input: Option<FormatSpec>,
    /// What the mapping writes, when declared.
    pub output: Option<FormatSpec>,
}

impl Compiler {
    /// Checks the main file's format declarations into `self.formats`.
    pub(super) fn load_formats(&mut self, file: &FileCx, declared: &[FormatDecl]) {
        let mut formats = Formats::default();
        for decl in declared {
            let side = decl.side.as_str();
            let slot = match decl.side {
                ContractSide::Input => &mut formats.input,
                ContractSide::Output => &mut formats.output,
            };
            let error = |message: String, span, label: &str| {
                Diagnostic::error(codes::BAD_FORMAT_OPTION, message, span)
                    .with_label(label.to_owned())
                    .with_source(&file.source)
            };
            if slot.is_some() {
                self.diags.push(
                    error(
                        format!("a second {side} format"),
                        decl.span,
                        "declared twice",
                    )
                    .with_help("a mapping declares at most one input and one output format"),
                );
                continue;
            }
            let Some(format) = Format::from_name(&decl.name.name) else {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                self.diags.push(
                    error(
                        format!("unknown format `{}`", decl.name.name),
                        decl.name.span,
                        "not a format",
                    )
                    .with_help(format!("the formats are {}", names.join(", "))),
                );
                continue;
            };
            let options = match decl.options.as_ref().map(constant).transpose() {
                Ok(Some(serde_json::Value::Object(map))) => map,
                Ok(_) => serde_json::Map::new(),
                Err(e) => {
                    self.diags.push(error(
                        "format options are constants: strings, numbers, booleans, lists and objects"
                            .into(),
                        e.span,
                        "not a constant",
                    ));
                    continue;
                }
            };
            let checked = FormatSpec::with_options(format, &options).and_then(|spec| {
                match decl.side {
                    ContractSide::Input => crate::format::check_input(&spec)?,
                    ContractSide::Output => crate::format::check_output(&spec)?,
                }
                Ok(spec)
            });
            match checked {
                Ok(spec) => *slot = Some(spec),
                Err(message) => {
                    let span = decl.options.as_ref().map_or(decl.span, |o| o.span);
                    self.diags.push(error(message, span, "in these options"));
                }
            }
        }
        self.formats = formats;
    }
}
