//! Lowering: AST path segments into a [`PathPlan`], once, at compile time.
//!
//! Names become owned strings, slices keep their parts, filters become a
//! [`FilterPlan`] (constant regexes compiled, well-typedness checked), and
//! the Ferry expressions a path embeds (dynamic selectors, variables in
//! filters) are handed to the compiler's `lower` callback, which returns
//! the executor's node type `N`. Nothing here runs per record.

use ferry_dsl::ast;
use ferry_dsl::codes::BAD_QUERY;
use ferry_dsl::{Diagnostic, Diagnostics, Span};

use super::filter::FilterPlan;

/// Compiles a Ferry expression embedded in a path into the executor's node.
pub type Lower<'l, N> = dyn FnMut(&ast::Expr) -> Result<N, Diagnostics> + 'l;

/// The largest index magnitude RFC 9535 allows (I-JSON's exact integers).
const MAX_INDEX: i64 = (1 << 53) - 1;

/// A compiled path: the segments after its base, ready to run on any
/// value. `N` is the executor's compiled expression, used by dynamic
/// selectors and variables inside filters; the path layer only stores it
/// and asks a [`PathEnv`](super::PathEnv) to evaluate it.
///
/// ```
/// use ferry_dsl::ast::ExprKind;
/// use ferry_engine::error::Raise;
/// use ferry_engine::path::{PathEnv, PathPlan};
/// use ferry_engine::value::Val;
///
/// /// An executor without expressions of its own.
/// struct Env<'a>(Val<'a>);
/// impl<'a> PathEnv<'a, ()> for Env<'a> {
///     fn root(&self) -> Val<'a> { self.0.clone() }
///     fn eval(&mut self, _: &()) -> Result<Val<'a>, Raise> { Ok(Val::Null) }
/// }
///
/// let expr = ferry_dsl::parse_query("$.customer.email").unwrap();
/// let ExprKind::Path { segments, .. } = &expr.kind else { unreachable!() };
/// let plan: PathPlan<()> = PathPlan::compile(segments, &mut |_| Ok(())).unwrap();
/// assert!(plan.is_singular());
///
/// let doc = serde_json::json!({"customer": {"email": "ada@example.com"}});
/// let mut env = Env(Val::from_json(&doc));
/// let email = plan.get(Val::from_json(&doc), &mut env).unwrap();
/// assert_eq!(email.unwrap().as_str(), Some("ada@example.com"));
/// ```
pub struct PathPlan<N> {
    pub(crate) segments: Vec<SegmentPlan<N>>,
    /// For a singular path, its lookups in a flat list: the hot path of
    /// every mapping (`$.customer.email`) walks this instead of segments.
    pub(crate) steps: Option<Box<[Step]>>,
}

/// One lookup of a singular path.
pub(crate) enum Step {
    Name(Box<str>),
    Index(i64),
    /// The dynamic selector of segment `.0`.
    Dynamic(usize),
}

/// One segment: its selectors, applied in order to each input node (and,
/// for a descendant segment, to each of its descendants).
pub(crate) struct SegmentPlan<N> {
    pub(crate) descendant: bool,
    pub(crate) selectors: Vec<SelectorPlan<N>>,
}

/// One selector, prepared.
pub(crate) enum SelectorPlan<N> {
    Name(Box<str>),
    Wildcard,
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Filter(Box<FilterPlan<N>>),
    /// Ferry extension: a member or element chosen per record.
    Dynamic(N),
}

impl<N> PathPlan<N> {
    /// Lowers segments. `lower` compiles a Ferry expression (a dynamic
    /// selector's expression, or a variable inside a filter, given as an
    /// `ExprKind::Var` expression) into `N`; its errors are returned with
    /// the path's own.
    pub fn compile(
        segments: &[ast::Segment],
        lower: &mut Lower<'_, N>,
    ) -> Result<PathPlan<N>, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut plans = Vec::with_capacity(segments.len());
        for segment in segments {
            let mut selectors = Vec::with_capacity(segment.selectors.len());
            for selector in &segment.selectors {
                match compile_selector(selector, segment.span, lower) {
                    Ok(s) => selectors.push(s),
                    Err(d) => diagnostics.0.extend(d),
                }
            }
            plans.push(SegmentPlan {
                descendant: segment.descendant,
                selectors,
            });
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let steps = plans
            .iter()
            .enumerate()
            .map(|(i, s)| match s.selectors.as_slice() {
                _ if s.descendant => None,
                [SelectorPlan::Name(name)] => Some(Step::Name(name.clone())),
                [SelectorPlan::Index(index)] => Some(Step::Index(*index)),
                [SelectorPlan::Dynamic(_)] => Some(Step::Dynamic(i)),
                _ => None,
            })
            .collect();
        Ok(PathPlan {
            segments: plans,
            steps,
        })
    }

    /// True when the path is singular: one name, index or dynamic selector
    /// per segment and no descendant segment, so it yields at most one node
    /// (RFC 9535's singular query, plus Ferry's dynamic selectors).
    pub fn is_singular(&self) -> bool {
        self.steps.is_some()
    }

    /// The name, when the path is one member lookup (`.qty`, `$.id`): the
    /// commonest path of all, which the executor reads without walking.
    #[inline]
    pub(crate) fn single_name(&self) -> Option<&str> {
        match self.steps.as_deref() {
            Some([Step::Name(name)]) => Some(name),
            _ => None,
        }
    }

    /// The JSON Pointer this path denotes from its start, when it is made of
    /// names and non-negative indexes only (used to locate errors about
    /// values that cannot be found by address, such as null or booleans).
    pub fn static_pointer(&self) -> Option<String> {
        let mut pointer = String::new();
        for segment in &self.segments {
            if segment.descendant {
                return None;
            }
            match segment.selectors.as_slice() {
                [SelectorPlan::Name(name)] => {
                    pointer.push('/');
                    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                }
                [SelectorPlan::Index(i)] if *i >= 0 => {
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                }
                _ => return None,
            }
        }
        Some(pointer)
    }

    /// The member names of a path made only of `.name` segments (the
    /// paths the optimizer may share prefixes of).
    pub fn static_names(&self) -> Option<Vec<&str>> {
        self.segments
            .iter()
            .map(|s| match s.selectors.as_slice() {
                [SelectorPlan::Name(name)] if !s.descendant => Some(&**name),
                _ => None,
            })
            .collect()
    }

    /// The path `.a.b.c` from its member names.
    pub fn from_names(names: &[&str]) -> PathPlan<N> {
        let segments = names
            .iter()
            .map(|n| SegmentPlan {
                descendant: false,
                selectors: vec![SelectorPlan::Name((*n).into())],
            })
            .collect();
        let steps = Some(names.iter().map(|n| Step::Name((*n).into())).collect());
        PathPlan { segments, steps }
    }

    /// The executor's expressions this path uses as dynamic selectors
    /// (`t[$.code]`), in order (not those inside filters).
    pub fn dynamic_exprs(&self) -> impl Iterator<Item = &N> {
        self.segments
            .iter()
            .flat_map(|s| s.selectors.iter())
            .filter_map(|selector| match selector {
                SelectorPlan::Dynamic(n) => Some(n),
                _ => None,
            })
    }

    /// True for a path without segments (a bare `@` or `$`).
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Calls `f` on every executor expression the path embeds: its
    /// dynamic selectors and, unlike [`PathPlan::dynamic_exprs`], those
    /// inside filters (variables, query starts, their dynamic selectors).
    pub(crate) fn each_expr(&self, f: &mut dyn FnMut(&N)) {
        for selector in self.segments.iter().flat_map(|s| s.selectors.iter()) {
            match selector {
                SelectorPlan::Dynamic(n) => f(n),
                SelectorPlan::Filter(filter) => filter.each_expr(f),
                _ => {}
            }
        }
    }

    /// A copy of the path whose dynamic selectors hold `map(expr)` (the
    /// optimizer copying a function body). `None` when `map` gives none or
    /// the path has a filter: filter plans (and the regex caches they may
    /// hold) are not copied.
    pub(crate) fn map_exprs<M>(&self, map: &mut dyn FnMut(&N) -> Option<M>) -> Option<PathPlan<M>> {
        let mut segments = Vec::with_capacity(self.segments.len());
        for segment in &self.segments {
            let mut selectors = Vec::with_capacity(segment.selectors.len());
            for selector in &segment.selectors {
                selectors.push(match selector {
                    SelectorPlan::Name(name) => SelectorPlan::Name(name.clone()),
                    SelectorPlan::Wildcard => SelectorPlan::Wildcard,
                    SelectorPlan::Index(i) => SelectorPlan::Index(*i),
                    SelectorPlan::Slice { start, end, step } => SelectorPlan::Slice {
                        start: *start,
                        end: *end,
                        step: *step,
                    },
                    SelectorPlan::Filter(_) => return None,
                    SelectorPlan::Dynamic(n) => SelectorPlan::Dynamic(map(n)?),
                });
            }
            segments.push(SegmentPlan {
                descendant: segment.descendant,
                selectors,
            });
        }
        let steps = self.steps.as_ref().map(|steps| {
            steps
                .iter()
                .map(|step| match step {
                    Step::Name(name) => Step::Name(name.clone()),
                    Step::Index(i) => Step::Index(*i),
                    Step::Dynamic(segment) => Step::Dynamic(*segment),
                })
                .collect()
        });
        Some(PathPlan { segments, steps })
    }
}

fn compile_selector<N>(
    selector: &ast::Selector,
    span: Span,
    lower: &mut Lower<'_, N>,
) -> Result<SelectorPlan<N>, Diagnostics> {
    let check = |i: Option<i64>| match i {
        Some(i) if !(-MAX_INDEX..=MAX_INDEX).contains(&i) => Err(Diagnostics::from(
            Diagnostic::error(BAD_QUERY, format!("index {i} is out of range"), span)
                .with_help("JSONPath indexes lie within ±(2^53 - 1)"),
        )),
        _ => Ok(()),
    };
    Ok(match selector {
        ast::Selector::Name(name) => SelectorPlan::Name(name.as_str().into()),
        ast::Selector::Wildcard => SelectorPlan::Wildcard,
        ast::Selector::Index(i) => {
            check(Some(*i))?;
            SelectorPlan::Index(*i)
        }
        ast::Selector::Slice { start, end, step } => {
            check(*start)?;
            check(*end)?;
            check(*step)?;
            SelectorPlan::Slice {
                start: *start,
                end: *end,
                step: *step,
            }
        }
        ast::Selector::Filter(filter) => {
            SelectorPlan::Filter(Box::new(FilterPlan::compile(filter, lower)?))
        }
        ast::Selector::Dynamic(expr) => SelectorPlan::Dynamic(lower(expr)?),
    })
}

#[cfg(test)]
mod tests {
    use ferry_dsl::ast::{BinaryOp, FilterKind, Selector};

    use super::super::testing::*;

    #[test]
    fn singular_paths_are_recognised() {
        let singular = [
            child(vec![name("a")]),
            child(vec![Selector::Index(-1)]),
            child(vec![Selector::Dynamic(var_expr("k"))]),
        ];
        assert!(compile(&singular).unwrap().is_singular());
        assert!(compile(&[]).unwrap().is_singular());
        for not_singular in [
            vec![child(vec![Selector::Wildcard])],
            vec![descendant(vec![name("a")])],
            vec![child(vec![name("a"), name("b")])],
            vec![child(vec![slice(Some(0), Some(1), None)])],
        ] {
            assert!(!compile(&not_singular).unwrap().is_singular());
        }
    }

    #[test]
    fn indexes_beyond_i_json_range_are_rejected() {
        let too_big = 1_i64 << 53;
        assert!(compile(&[child(vec![Selector::Index(too_big)])]).is_err());
        assert!(compile(&[child(vec![slice(None, Some(-too_big), None)])]).is_err());
        assert!(compile(&[child(vec![Selector::Index(too_big - 1)])]).is_ok());
    }

    #[test]
    fn lowering_errors_are_reported() {
        let bad = Selector::Dynamic(expr(ferry_dsl::ast::ExprKind::Null));
        assert_eq!(compile(&[child(vec![bad])]).unwrap_err().0[0].code, "E9999");
    }

    #[test]
    fn plans_render_as_normalized_paths() {
        let filter = compare(
            BinaryOp::Ge,
            query(at(vec![child(vec![name("it's")])])),
            call(
                "length",
                vec![query(root(vec![child(vec![Selector::Index(0)])]))],
            ),
        );
        let both = FilterKind::And(vec![
            ferry_dsl::ast::Filter {
                kind: filter,
                span: Default::default(),
            },
            ferry_dsl::ast::Filter {
                kind: FilterKind::Test(call("match", vec![query(at(vec![])), text("a.b")])),
                span: Default::default(),
            },
        ]);
        let plan = compile(&[
            child(vec![name("a"), Selector::Wildcard]),
            descendant(vec![slice(Some(1), None, Some(-1)), filter_selector(both)]),
            child(vec![Selector::Dynamic(var_expr("k"))]),
        ])
        .unwrap();
        assert_eq!(
            format!("{plan:?}"),
            r#"PathPlan("['a', *]..[1::-1, ?@['it\'s'] >= length($[0]) && match(@, 'a.b')][<expr>]")"#
        );
    }
}
