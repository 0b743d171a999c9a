//! Plans render as normalized JSONPath text (`$['a'][0]..[?@['b'] > 1]`),
//! so plan dumps and test failures show the path rather than its
//! internals. Expressions the executor owns render as `<expr>`.

use std::fmt::{self, Write};

use super::filter::{Base, Comparison, FilterPlan, Literal, Operand, QueryPlan};
use super::function::{Function, Pattern};
use super::iregexp::Anchoring;
use super::plan::{PathPlan, SelectorPlan};

impl<N> fmt::Debug for PathPlan<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PathPlan(\"")?;
        write_path(f, self)?;
        f.write_str("\")")
    }
}

impl<N> PathPlan<N> {
    /// The path as a person writes it: `.name` where the name allows it,
    /// brackets otherwise (`.lines[*].sku`, `['a b'][0]`).
    pub fn to_text(&self) -> String {
        struct Short<'p, N>(&'p PathPlan<N>);
        impl<N> fmt::Display for Short<'_, N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for segment in &self.0.segments {
                    match segment.selectors.as_slice() {
                        [SelectorPlan::Name(name)] if is_shorthand(name) => {
                            f.write_str(if segment.descendant { ".." } else { "." })?;
                            f.write_str(name)?;
                        }
                        [SelectorPlan::Wildcard] if segment.descendant => f.write_str("..*")?,
                        selectors => {
                            if segment.descendant {
                                f.write_str("..")?;
                            }
                            f.write_char('[')?;
                            for (i, selector) in selectors.iter().enumerate() {
                                if i > 0 {
                                    f.write_str(", ")?;
                                }
                                write_selector(f, selector)?;
                            }
                            f.write_char(']')?;
                        }
                    }
                }
                Ok(())
            }
        }
        Short(self).to_string()
    }
}

/// RFC 9535's member-name-shorthand: usable after a dot.
fn is_shorthand(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii());
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii())
}

fn write_path<N>(f: &mut fmt::Formatter<'_>, path: &PathPlan<N>) -> fmt::Result {
    for segment in &path.segments {
        if segment.descendant {
            f.write_str("..")?;
        }
        f.write_char('[')?;
        for (i, selector) in segment.selectors.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write_selector(f, selector)?;
        }
        f.write_char(']')?;
    }
    Ok(())
}

fn write_selector<N>(f: &mut fmt::Formatter<'_>, selector: &SelectorPlan<N>) -> fmt::Result {
    let part = |f: &mut fmt::Formatter<'_>, i: Option<i64>| match i {
        Some(i) => write!(f, "{i}"),
        None => Ok(()),
    };
    match selector {
        SelectorPlan::Name(name) => write_string(f, name),
        SelectorPlan::Wildcard => f.write_char('*'),
        SelectorPlan::Index(i) => write!(f, "{i}"),
        SelectorPlan::Slice { start, end, step } => {
            part(f, *start)?;
            f.write_char(':')?;
            part(f, *end)?;
            if step.is_some() {
                f.write_char(':')?;
                part(f, *step)?;
            }
            Ok(())
        }
        SelectorPlan::Filter(filter) => {
            f.write_char('?')?;
            write_filter(f, filter)
        }
        SelectorPlan::Dynamic(_) => f.write_str("<expr>"),
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\'' => f.write_str("\\'")?,
            '\\' => f.write_str("\\\\")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

fn write_filter<N>(f: &mut fmt::Formatter<'_>, filter: &FilterPlan<N>) -> fmt::Result {
    let joined = |f: &mut fmt::Formatter<'_>, items: &[FilterPlan<N>], op: &str| {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(op)?;
            }
            let group = matches!(item, FilterPlan::Or(_) | FilterPlan::And(_));
            if group {
                f.write_char('(')?;
            }
            write_filter(f, item)?;
            if group {
                f.write_char(')')?;
            }
        }
        Ok(())
    };
    match filter {
        FilterPlan::Or(items) => joined(f, items, " || "),
        FilterPlan::And(items) => joined(f, items, " && "),
        FilterPlan::Not(inner) => {
            f.write_str("!(")?;
            write_filter(f, inner)?;
            f.write_char(')')
        }
        FilterPlan::Exists(query) => write_query(f, query),
        FilterPlan::Test(function) => write_function(f, function),
        FilterPlan::Compare { op, left, right } => {
            write_operand(f, left)?;
            let symbol = match op {
                Comparison::Eq => " == ",
                Comparison::Ne => " != ",
                Comparison::Lt => " < ",
                Comparison::Le => " <= ",
                Comparison::Gt => " > ",
                Comparison::Ge => " >= ",
            };
            f.write_str(symbol)?;
            write_operand(f, right)
        }
    }
}

fn write_query<N>(f: &mut fmt::Formatter<'_>, query: &QueryPlan<N>) -> fmt::Result {
    f.write_str(match query.base {
        Base::Root => "$",
        Base::Current => "@",
        Base::Value(_) => "<expr>",
    })?;
    write_path(f, &query.path)
}

fn write_operand<N>(f: &mut fmt::Formatter<'_>, operand: &Operand<N>) -> fmt::Result {
    match operand {
        Operand::Literal(literal) => write_literal(f, literal),
        Operand::Query(query) => write_query(f, query),
        Operand::Var(_) => f.write_str("<var>"),
        Operand::Function(function) => write_function(f, function),
    }
}

fn write_literal(f: &mut fmt::Formatter<'_>, literal: &Literal) -> fmt::Result {
    match literal {
        Literal::Null => f.write_str("null"),
        Literal::Bool(b) => write!(f, "{b}"),
        Literal::Num(n) => write!(f, "{n}"),
        Literal::Str(s) => write_string(f, s),
    }
}

fn write_function<N>(f: &mut fmt::Formatter<'_>, function: &Function<N>) -> fmt::Result {
    match function {
        Function::Length(operand) => {
            f.write_str("length(")?;
            write_operand(f, operand)?;
        }
        Function::Count(query) => {
            f.write_str("count(")?;
            write_query(f, query)?;
        }
        Function::Value(query) => {
            f.write_str("value(")?;
            write_query(f, query)?;
        }
        Function::Regex {
            anchoring,
            subject,
            pattern,
        } => {
            f.write_str(match anchoring {
                Anchoring::Full => "match(",
                Anchoring::Anywhere => "search(",
            })?;
            write_operand(f, subject)?;
            f.write_str(", ")?;
            match pattern {
                Pattern::Constant(literal, _) => write_literal(f, literal)?,
                Pattern::Computed { operand, .. } => write_operand(f, operand)?,
            }
        }
    }
    f.write_char(')')
}
