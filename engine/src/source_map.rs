//! One span space for all the files of a mapping.
//!
//! A mapping may `use` other files; its plan holds spans from all of them.
//! Like a compiler's source map, each file gets its own range of global
//! offsets, so a plain [`Span`] identifies both the file and the place, and
//! plan nodes need no file field.

use std::sync::Arc;

use ferry_dsl::{SourceFile, Span};

/// The files of one mapping, each at a base offset.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<(u32, Arc<SourceFile>)>,
    next: u32,
}

impl SourceMap {
    /// Adds a file; returns its base offset (add it to the file's spans).
    pub fn add(&mut self, file: Arc<SourceFile>) -> u32 {
        let base = self.next;
        // One byte of slack between files, so an end offset never lands
        // on the next file's start.
        let len = u32::try_from(file.text.len()).unwrap_or(u32::MAX - base - 1);
        self.next = base.saturating_add(len).saturating_add(1);
        self.files.push((base, file));
        base
    }

    /// The file a global span points into, and the span relative to it.
    pub fn resolve(&self, span: Span) -> Option<(Arc<SourceFile>, Span)> {
        let index = self
            .files
            .partition_point(|(base, _)| *base <= span.start)
            .checked_sub(1)?;
        let (base, file) = &self.files[index];
        Some((
            Arc::clone(file),
            Span {
                start: span.start - base,
                end: span.end.saturating_sub(*base),
            },
        ))
    }

    /// The first file added (the mapping itself).
    pub fn main(&self) -> Option<&Arc<SourceFile>> {
        self.files.first().map(|(_, f)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_resolve_to_their_file() {
        let mut map = SourceMap::default();
        let a = map.add(SourceFile::new("a.map", "abcdef"));
        let b = map.add(SourceFile::new("b.map", "xyz"));
        let (file, span) = map
            .resolve(Span::new(b as usize + 1, b as usize + 2))
            .unwrap();
        assert_eq!((file.name.as_str(), span), ("b.map", Span::new(1, 2)));
        let (file, span) = map
            .resolve(Span::new(a as usize + 2, a as usize + 6))
            .unwrap();
        assert_eq!((file.name.as_str(), span), ("a.map", Span::new(2, 6)));
    }
}
