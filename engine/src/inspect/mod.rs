//! Plans for people: `ferry plan` prints the compiled plan in a readable
//! form and, for each output field, its lineage — the input paths it reads
//! and the operations applied on the way.
//!
//! The text shows what the compiler decided: constants already folded,
//! names resolved (locals as slots `%0`, `%1`…, top-level lets and tables
//! by name), paths in normalized JSONPath.

mod lineage;
mod render;

pub(crate) use lineage::inputs_at;
pub use lineage::{FieldLineage, lineage};
pub use render::render_plan;

use crate::Mapping;

/// The readable plan of a mapping followed by the lineage of each output
/// field: what `ferry plan` prints.
pub fn describe(mapping: &Mapping) -> String {
    let plan = mapping.plan();
    let mut out = render_plan(plan);
    out.push_str("\nlineage (output field ← input paths · operations):\n");
    let fields = lineage(plan);
    let width = fields
        .iter()
        .map(|f| f.field.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for f in &fields {
        let inputs = if f.inputs.is_empty() {
            "(constant)".to_owned()
        } else {
            f.inputs.join(", ")
        };
        let ops = if f.operations.is_empty() {
            String::new()
        } else {
            format!(" · {}", f.operations.join(", "))
        };
        out.push_str(&format!("  {:<width$} ← {inputs}{ops}\n", f.field));
    }
    out
}

/// The lineage of a mapping's output fields.
pub fn field_lineage(mapping: &Mapping) -> Vec<FieldLineage> {
    lineage(mapping.plan())
}
