//! The header's `input schema "…"` and `output schema "…"`: each schema is
//! loaded, checked and compiled now, once, relative to the mapping's file;
//! a schema that cannot be used is a compile error at the declaration,
//! naming the schema file and the JSON Pointer inside it.

use std::path::Path;
use std::sync::Arc;

use ferry_dsl::ast::{Contract, ContractSide};
use ferry_dsl::{Diagnostic, Span};

use super::{Compiler, FileCx};
use crate::codes;
use crate::contract::{Contracts, Schema, SchemaError};

impl Compiler {
    /// Loads the main file's contracts into `self.contracts`.
    pub(super) fn load_contracts(&mut self, file: &FileCx, declared: &[Contract]) {
        let mut contracts = Contracts::default();
        for decl in declared {
            let slot = match decl.side {
                ContractSide::Input => &mut contracts.input,
                ContractSide::Output => &mut contracts.output,
            };
            if slot.is_some() {
                let side = decl.side.as_str();
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_NAME,
                        format!("a second {side} schema"),
                        decl.span,
                    )
                    .with_label(format!("the {side} already has a schema"))
                    .with_help("a mapping has at most one input and one output schema")
                    .with_source(&file.source),
                );
                continue;
            }
            if self.override_for(decl.side).is_some() {
                continue;
            }
            match Schema::load(&decl.schema.value, &file.dir) {
                Ok(schema) => *slot = Some(Arc::new(schema)),
                Err(e) => self
                    .diags
                    .push(schema_error(e, decl).with_source(&file.source)),
            }
        }
        for side in [ContractSide::Input, ContractSide::Output] {
            let Some(reference) = self.override_for(side).cloned() else {
                continue;
            };
            match Schema::load(&reference, Path::new(".")) {
                Ok(schema) => {
                    let slot = match side {
                        ContractSide::Input => &mut contracts.input,
                        ContractSide::Output => &mut contracts.output,
                    };
                    *slot = Some(Arc::new(schema));
                }
                Err(e) => {
                    let flag = format!("--{}-schema", side.as_str());
                    let mut d = Diagnostic::error(e.code, format!("{flag} {e}"), Span::default());
                    if let Some(help) = e.help {
                        d = d.with_help(help);
                    }
                    self.diags.push(d);
                }
            }
        }
        self.contracts = contracts;
    }

    /// The schema replacing the declared one on `side`, if any.
    fn override_for(&self, side: ContractSide) -> Option<&String> {
        match side {
            ContractSide::Input => self.overrides.input.as_ref(),
            ContractSide::Output => self.overrides.output.as_ref(),
        }
    }
}

/// A schema that cannot be used, reported at its declaration.
fn schema_error(e: SchemaError, decl: &Contract) -> Diagnostic {
    let place = match &e.pointer {
        Some(p) if !p.is_empty() => format!("{}#{p}", e.file.display()),
        _ => e.file.display().to_string(),
    };
    let mut d = Diagnostic::error(e.code, format!("{place}: {}", e.message), decl.schema.span)
        .with_label(format!("the {} schema", decl.side.as_str()));
    if let Some(help) = e.help {
        d = d.with_help(help);
    }
    d
}
