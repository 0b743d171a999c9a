//! I-Regexp (RFC 9485), the regex dialect of the JSONPath `match` and
//! `search` functions, translated to the `regex` crate.
//!
//! The dialects differ in a few places the translation settles: I-Regexp's
//! `.` excludes only `\n` and `\r` (the crate's excludes `\n` alone), `&`
//! and `~` are plain characters inside a class (the crate's set operators),
//! and I-Regexp has no `(?…)` groups and only a short list of escapes, so
//! patterns using the crate's extras are rejected rather than silently
//! given another meaning. A rejected pattern makes the function false.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::Regex;

use crate::stdlib::compile_regex;

/// How a pattern is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchoring {
    /// `match`: the whole string.
    Full,
    /// `search`: any substring.
    Anywhere,
}

/// Compiles an I-Regexp, with the engine's regex size limits; `None` when
/// it is not a valid one.
pub(crate) fn compile(pattern: &str, anchoring: Anchoring) -> Option<Regex> {
    let body = translate(pattern)?;
    let source = match anchoring {
        Anchoring::Full => format!("^(?:{body})$"),
        Anchoring::Anywhere => body,
    };
    compile_regex(&source).ok()
}

/// The pattern in `regex` syntax, or `None` for constructs I-Regexp lacks.
fn translate(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next()?;
                if !matches!(escaped, '(' ..= '+' | '-' | '.' | '?' | '[' ..= '^' | '{' ..= '}'
                    | 'n' | 'r' | 't' | 'p' | 'P')
                {
                    return None;
                }
                out.push('\\');
                out.push(escaped);
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                // A `]` right after the opening bracket is not the end in
                // the crate's syntax; I-Regexp has no such case.
                if chars.peek() == Some(&']') {
                    return None;
                }
            }
            '[' => return None,
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str("[^\\n\\r]"),
            '(' if chars.peek() == Some(&'?') => return None,
            _ => out.push(c),
        }
    }
    if in_class { None } else { Some(out) }
}

/// Patterns computed per record, compiled once each (up to a bound).
#[derive(Debug)]
pub(crate) struct RegexCache {
    anchoring: Anchoring,
    entries: Mutex<HashMap<Box<str>, Option<Arc<Regex>>>>,
}

/// Distinct patterns kept before the cache starts over.
const CACHE_CAPACITY: usize = 64;

impl RegexCache {
    /// An empty cache for one call site.
    pub(crate) fn new(anchoring: Anchoring) -> RegexCache {
        RegexCache {
            anchoring,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The compiled pattern, `None` when invalid.
    pub(crate) fn get(&self, pattern: &str) -> Option<Arc<Regex>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = entries.get(pattern) {
            return found.clone();
        }
        if entries.len() >= CACHE_CAPACITY {
            entries.clear();
        }
        let compiled = compile(pattern, self.anchoring).map(Arc::new);
        entries.insert(pattern.into(), compiled.clone());
        compiled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(pattern: &str, text: &str) -> bool {
        compile(pattern, Anchoring::Full).is_some_and(|r| r.is_match(text))
    }

    fn search(pattern: &str, text: &str) -> bool {
        compile(pattern, Anchoring::Anywhere).is_some_and(|r| r.is_match(text))
    }

    #[test]
    fn match_is_anchored_and_search_is_not() {
        assert!(full("a.*", "ab"));
        assert!(!full("a.*", "bab"));
        assert!(search("a.*", "bab"));
        assert!(full("a|b", "b") && !full("a|b", "ab"));
    }

    #[test]
    fn dot_excludes_only_newline_and_carriage_return() {
        assert!(full(".", "\u{2028}"));
        assert!(!full(".", "\n"));
        assert!(!full(".", "\r"));
        assert!(full("a.b", "a\u{10101}b"));
        assert!(full("a[.b]c", "a.c") && !full("a[.b]c", "axc"));
    }

    #[test]
    fn escapes_and_classes_follow_i_regexp() {
        assert!(full(r"a\.c", "a.c") && !full(r"a\.c", "abc"));
        assert!(full(r"a[\].]c", "a]c"));
        assert!(full(r"\p{Lu}", "Ж") && !full(r"\p{Lu}", "ж"));
        assert!(full("[a&&b]+", "a&b"));
        assert!(compile(r"\d", Anchoring::Full).is_none());
        assert!(compile("(?i)a", Anchoring::Full).is_none());
        assert!(compile("[a", Anchoring::Full).is_none());
        assert!(compile("a(", Anchoring::Full).is_none());
    }

    #[test]
    fn cache_remembers_invalid_patterns_too() {
        let cache = RegexCache::new(Anchoring::Anywhere);
        assert!(cache.get("b+").is_some_and(|r| r.is_match("abb")));
        assert!(cache.get("(").is_none());
        assert!(cache.get("(").is_none());
    }
}
