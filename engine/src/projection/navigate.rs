//! The analysis through paths: where a path's selectors lead from a value,
//! and what its filters read.
//!
//! A filter `[?…]` tests every child of the node it applies to, so the
//! children are kept; what a test reads through `@` is read of each child,
//! what it reads through `$` of the record, and Ferry variables inside it
//! are walked like any expression. A dynamic selector (`t[$.code]`) may
//! pick any child, so the path goes on from every child. Only a
//! descendant segment (`..`) needs its start whole: it visits every node
//! below, and the record parser decides what to keep of a member from its
//! name alone, before it sees whether the value is a container.

use super::analysis::Walk;
use super::need::Need;
use super::origin::{Origin, Origins, children, wrapped};

use crate::path::{
    Base, FilterPlan, Function, Operand, PathPlan, Pattern, QueryPlan, SelectorPlan,
};
use crate::plan::ExprRef;

impl<'p> Walk<'p> {
    /// Where `path` leads from `origins`. A path that is not singular
    /// gives an array of the nodes it selects: its origins are wrapped.
    pub(super) fn navigate(&mut self, origins: Origins, path: &'p PathPlan<ExprRef>) -> Origins {
        let mut current = origins;
        for segment in &path.segments {
            if segment.descendant {
                self.need(&current, &Need::All);
                // The rest is below what is now kept whole; its selectors
                // are still walked for the expressions they embed.
                current = Vec::new();
            }
            let mut next = Vec::new();
            for selector in &segment.selectors {
                match selector {
                    SelectorPlan::Name(name) => {
                        next.extend(current.iter().filter_map(|o| o.member(name)));
                    }
                    SelectorPlan::Index(_)
                    | SelectorPlan::Wildcard
                    | SelectorPlan::Slice { .. } => {
                        next.extend(children(&current));
                    }
                    SelectorPlan::Dynamic(key) => {
                        let key = self.path_expr(*key);
                        self.need(&key, &Need::All);
                        next.extend(children(&current));
                    }
                    SelectorPlan::Filter(filter) => {
                        let tested = children(&current);
                        self.need(&tested, &Need::nothing());
                        self.filter(filter, &tested);
                        next.extend(tested);
                    }
                }
            }
            // `[0, 1]` reaches the same children twice.
            next.sort();
            next.dedup();
            current = next;
        }
        if path.is_singular() {
            current
        } else {
            wrapped(current)
        }
    }

    /// Walks a filter's test, `@` being any of `current`.
    fn filter(&mut self, filter: &'p FilterPlan<ExprRef>, current: &Origins) {
        match filter {
            FilterPlan::Or(items) | FilterPlan::And(items) => {
                for item in items {
                    self.filter(item, current);
                }
            }
            FilterPlan::Not(inner) => self.filter(inner, current),
            FilterPlan::Exists(query) => {
                let found = self.query(query, current);
                self.need(&found, &Need::nothing());
            }
            FilterPlan::Test(function) => self.function(function, current),
            // Comparisons are structural: objects and arrays are read whole.
            FilterPlan::Compare { left, right, .. } => {
                self.operand(left, current, &Need::All);
                self.operand(right, current, &Need::All);
            }
        }
    }

    /// Where a query inside a filter leads.
    fn query(&mut self, query: &'p QueryPlan<ExprRef>, current: &Origins) -> Origins {
        let start = match &query.base {
            Base::Root => vec![Origin::root()],
            Base::Current => current.clone(),
            Base::Value(expr) => self.path_expr(*expr),
        };
        self.navigate(start, &query.path)
    }

    /// Walks an operand whose value is read as `need` says.
    fn operand(&mut self, operand: &'p Operand<ExprRef>, current: &Origins, need: &Need) {
        match operand {
            Operand::Literal(_) => {}
            Operand::Query(query) => {
                let found = self.query(query, current);
                self.need(&found, need);
            }
            Operand::Var(expr) => {
                let value = self.path_expr(*expr);
                self.need(&value, &Need::All);
            }
            Operand::Function(function) => self.function(function, current),
        }
    }

    fn function(&mut self, function: &'p Function<ExprRef>, current: &Origins) {
        match function {
            // Characters, elements or members: the shape of the value.
            Function::Length(operand) => self.operand(operand, current, &Need::shape()),
            Function::Count(query) => {
                let found = self.query(query, current);
                self.need(&found, &Need::nothing());
            }
            Function::Value(query) => {
                let found = self.query(query, current);
                self.need(&found, &Need::All);
            }
            Function::Regex {
                subject, pattern, ..
            } => {
                self.operand(subject, current, &Need::All);
                if let Pattern::Computed { operand, .. } = pattern {
                    self.operand(operand, current, &Need::All);
                }
            }
        }
    }
}
