//! Names in scope while compiling: locals in frame slots, module-level
//! declarations, and "did you mean" suggestions for unknown names.

use std::collections::HashMap;

use ferry_dsl::Span;
use ferry_dsl::ast::Ident;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A local variable in a frame slot.
    Local(u32),
    /// A top-level `let` or a table, by global index.
    Global(u32),
    /// A user function.
    Function {
        /// Index in the plan.
        index: u32,
        /// Parameter count.
        arity: u32,
    },
}

/// Module-level names: declarations of one file plus what it `use`s.
#[derive(Debug, Default, Clone)]
pub struct ModuleScope {
    names: HashMap<String, Binding>,
}

impl ModuleScope {
    /// Declares a name; returns the previous binding if it was taken.
    pub fn declare(&mut self, name: &str, binding: Binding) -> Option<Binding> {
        if let Some(existing) = self.names.get(name) {
            return Some(*existing);
        }
        self.names.insert(name.to_owned(), binding);
        None
    }

    /// Looks a name up.
    pub fn get(&self, name: &str) -> Option<Binding> {
        self.names.get(name).copied()
    }

    /// All names (for suggestions).
    pub fn names(&self) -> impl Iterator<Item = (&str, Binding)> {
        self.names.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// A local variable: its name, slot, and where it was bound (none for
/// the compiler's own placeholders).
#[derive(Debug)]
struct Local {
    name: String,
    slot: u32,
    span: Option<Span>,
}

/// The locals of the frame being compiled (a function body, a top-level
/// `let`, or the mapping body).
#[derive(Debug, Default)]
pub struct Frame {
    locals: Vec<Local>,
    next_slot: u32,
    /// Most slots in use at once: the frame's size.
    pub max_slots: u32,
}

impl Frame {
    /// A frame whose first slots hold `params`.
    pub fn with_params(params: &[Ident]) -> Frame {
        let mut frame = Frame::default();
        for p in params {
            frame.bind_ident(p);
        }
        frame
    }

    /// Binds a new local; returns its slot.
    pub fn bind(&mut self, name: &str) -> u32 {
        self.push(name, None)
    }

    /// Binds a new local written in the source; returns its slot.
    pub fn bind_ident(&mut self, ident: &Ident) -> u32 {
        self.push(&ident.name, Some(ident.span))
    }

    fn push(&mut self, name: &str, span: Option<Span>) -> u32 {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.max_slots = self.max_slots.max(self.next_slot);
        self.locals.push(Local {
            name: name.to_owned(),
            slot,
            span,
        });
        slot
    }

    /// A marker to restore with [`Frame::leave`] when a scope ends.
    pub fn enter(&self) -> (usize, u32) {
        (self.locals.len(), self.next_slot)
    }

    /// Ends the scopes opened since `mark`; their slots are reused.
    pub fn leave(&mut self, mark: (usize, u32)) {
        self.locals.truncate(mark.0);
        self.next_slot = mark.1;
    }

    /// The innermost local with this name.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.innermost(name).map(|l| l.slot)
    }

    /// Where the innermost local with this name was bound: `Some(None)`
    /// for a local the compiler made up, `None` when there is no such local.
    pub fn bound_at(&self, name: &str) -> Option<Option<Span>> {
        self.innermost(name).map(|l| l.span)
    }

    fn innermost(&self, name: &str) -> Option<&Local> {
        self.locals.iter().rev().find(|l| l.name == name)
    }

    /// Names of the locals in scope.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.locals.iter().map(|l| l.name.as_str())
    }
}

/// The closest candidate to `name`, if one is close enough to be a typo.
pub fn suggest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (name.len().max(c.len()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("lowr", ["lower", "upper", "len"]), Some("lower"));
        assert_eq!(suggest("xyz", ["lower", "upper"]), None);
    }

    #[test]
    fn inner_locals_shadow_and_slots_are_reused() {
        let a = Ident {
            name: "a".into(),
            span: Span::new(0, 1),
        };
        let mut f = Frame::with_params(&[a]);
        let mark = f.enter();
        let s = f.bind("a");
        assert_eq!(f.get("a"), Some(s));
        assert_eq!(f.bound_at("a"), Some(None));
        f.leave(mark);
        assert_eq!(f.get("a"), Some(0));
        assert_eq!(f.bound_at("a"), Some(Some(Span::new(0, 1))));
        assert_eq!(f.bind("b"), 1);
        assert_eq!(f.max_slots, 2);
    }
}
