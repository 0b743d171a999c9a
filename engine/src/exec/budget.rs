//! What one record may cost: work, memory, and whether to stop.
//!
//! Work is counted in units of about one evaluation step: a function call,
//! a comprehension or filter step, a built-in call plus the share of its
//! input it walks (see [`crate::stdlib::Cost`]) and of the value it
//! builds. Memory is the total size of the values built for the record,
//! whether or not they are still alive: a record that builds and drops a
//! gigabyte of strings is stopped as surely as one that keeps them.
//!
//! The hot path is one addition and one comparison: the limit, and the
//! interrupt flag, are looked at only every [`CHECK_EVERY`] units, so the
//! interrupt check costs nothing measurable and still comes within
//! microseconds of the signal.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::codes;
use crate::error::Raise;
use crate::value::{Arr, Obj, Str, Val};

/// Work units between two looks at the limit and the interrupt flag.
const CHECK_EVERY: u64 = 4096;

/// A flag that stops the records being mapped, from any thread: the CLI
/// sets it on SIGINT/SIGTERM, a service when a request is cancelled.
///
/// A record in progress fails with `E0507` at its next check (within a few
/// thousand evaluation steps); records not yet started fail at once. The
/// flag stays set until [`Interrupt::reset`].
///
/// ```
/// let stop = ferry_engine::Interrupt::new();
/// let mapping = ferry_engine::Mapping::compile_str("[for x in range(0, 100000) => x]")
///     .unwrap()
///     .with_interrupt(stop.clone());
/// stop.trigger();
/// let error = mapping.apply(&serde_json::json!({})).unwrap_err();
/// assert_eq!(error.code(), "E0507");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// A flag not yet triggered.
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Asks every record mapped under this flag to stop.
    pub fn trigger(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// True once [`Interrupt::trigger`] was called (and not reset).
    pub fn is_triggered(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Lets records run again.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub(crate) fn flag(&self) -> &AtomicBool {
        &self.0
    }
}

/// The meter of one record.
pub(crate) struct Budget<'a> {
    spent: u64,
    next_check: u64,
    max_work: u64,
    built: u64,
    max_memory: u64,
    interrupt: Option<&'a AtomicBool>,
}

impl<'a> Budget<'a> {
    pub(crate) fn new(max_work: u64, max_memory: u64, interrupt: Option<&'a AtomicBool>) -> Self {
        Budget {
            spent: 0,
            // The first check comes at once: a record that starts after an
            // interrupt stops before doing anything.
            next_check: 0,
            max_work,
            built: 0,
            max_memory,
            interrupt,
        }
    }

    /// Charges `units` of work.
    #[inline(always)]
    pub(crate) fn spend(&mut self, units: u64) -> Result<(), Raise> {
        self.spent = self.spent.saturating_add(units);
        if self.spent >= self.next_check {
            return self.check();
        }
        Ok(())
    }

    /// Charges `bytes` of built values.
    #[inline(always)]
    pub(crate) fn build(&mut self, bytes: u64) -> Result<(), Raise> {
        self.built = self.built.saturating_add(bytes);
        if self.built > self.max_memory {
            return Err(self.over_memory());
        }
        Ok(())
    }

    /// Charges a value a built-in returned: what it built is the part no
    /// one else holds (shared values were counted when they were built),
    /// as memory, and as work by its size.
    pub(crate) fn built_value(&mut self, v: &Val<'_>) -> Result<(), Raise> {
        let mut fresh = Fresh::default();
        fresh.add(v, self.max_memory.saturating_sub(self.built));
        self.build(fresh.bytes)?;
        self.spend(fresh.units)
    }

    /// Charges the top of a value just built from parts already counted
    /// (`a + b`): its own container or text, not what it holds.
    #[inline]
    pub(crate) fn built_top(&mut self, v: &Val<'_>) -> Result<(), Raise> {
        let (bytes, units) = match v {
            Val::Str(Str::Shared(s)) => {
                (string_bytes(s.len()), s.len() as u64 / TEXT_BYTES_PER_UNIT)
            }
            Val::Arr(Arr::Owned(items)) => (array_bytes(items.len()), items.len() as u64),
            Val::Obj(Obj::Owned(map)) => (object_bytes(map.len()), map.len() as u64),
            _ => return Ok(()),
        };
        self.build(bytes)?;
        self.spend(units)
    }

    /// Bytes built so far.
    #[cfg(test)]
    pub(crate) fn built(&self) -> u64 {
        self.built
    }

    /// Bytes a record may still build: the output text is held to the
    /// same limit.
    pub(crate) fn max_memory(&self) -> u64 {
        self.max_memory
    }

    #[cold]
    #[inline(never)]
    fn check(&mut self) -> Result<(), Raise> {
        if self.spent > self.max_work {
            return Err(Raise::new(
                codes::WORK_LIMIT,
                format!(
                    "the record needed more than {} units of work, the limit",
                    self.max_work
                ),
            )
            .with_help(
                "look for loops over loops or recursion that the input makes large; \
                 raise the budget with `--max-work` if the record really needs it",
            )
            .uncatchable());
        }
        if self
            .interrupt
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
        {
            return Err(interrupted());
        }
        self.next_check = self
            .spent
            .saturating_add(CHECK_EVERY)
            .min(self.max_work.saturating_add(1));
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn over_memory(&self) -> Raise {
        Raise::new(
            codes::MEMORY_LIMIT,
            format!(
                "the record built more than {} of values, the limit",
                bytes_text(self.max_memory)
            ),
        )
        .with_help(
            "look for values built in loops (strings grown with `+`, arrays \
             copied per element); raise the budget with `--max-memory` if the \
             record really needs it",
        )
        .uncatchable()
    }
}

/// `E0507`: the run was asked to stop.
pub(crate) fn interrupted() -> Raise {
    Raise::new(codes::INTERRUPTED, "stopped by an interrupt").uncatchable()
}

/// `E0506` for an output whose text would pass the memory limit.
pub(crate) fn output_too_large(max_memory: u64) -> Raise {
    Raise::new(
        codes::MEMORY_LIMIT,
        format!(
            "the output would be larger than {}, the limit",
            bytes_text(max_memory)
        ),
    )
    .with_help("a value used many times in the output is written out each time")
    .uncatchable()
}

/// `64 MiB`, `1.5 GiB`, `300 bytes`.
pub(crate) fn bytes_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Bytes a built string, array or object holds beyond its handle.
pub(crate) const VAL_BYTES: u64 = std::mem::size_of::<Val<'static>>() as u64;
pub(crate) const MEMBER_BYTES: u64 = std::mem::size_of::<(Str<'static>, Val<'static>)>() as u64;
/// Allocation header and bookkeeping of a built container or string.
pub(crate) const HEADER_BYTES: u64 = 32;
/// Bytes of text per unit of work where built-ins walk text.
pub(crate) const TEXT_BYTES_PER_UNIT: u64 = 16;

pub(crate) fn array_bytes(len: usize) -> u64 {
    HEADER_BYTES + len as u64 * VAL_BYTES
}

pub(crate) fn object_bytes(len: usize) -> u64 {
    HEADER_BYTES + len as u64 * MEMBER_BYTES
}

pub(crate) fn string_bytes(len: usize) -> u64 {
    HEADER_BYTES + len as u64
}

/// The part of a value that nobody else holds: a reference-counted part
/// with one owner was built for this value; one with more owners was
/// counted where it was built. Borrowed input costs nothing.
#[derive(Default)]
struct Fresh {
    bytes: u64,
    units: u64,
}

impl Fresh {
    /// Adds `v`, stopping once more than `cap` bytes were found (the
    /// caller fails then; the rest need not be walked).
    fn add(&mut self, v: &Val<'_>, cap: u64) {
        if self.bytes > cap {
            return;
        }
        match v {
            Val::Str(Str::Shared(s)) if std::rc::Rc::strong_count(s) == 1 => {
                self.bytes += string_bytes(s.len());
                self.units += s.len() as u64 / TEXT_BYTES_PER_UNIT;
            }
            Val::Arr(Arr::Owned(items)) if std::rc::Rc::strong_count(items) == 1 => {
                self.bytes += array_bytes(items.len());
                self.units += items.len() as u64;
                for item in items.iter() {
                    self.add(item, cap);
                }
            }
            Val::Obj(Obj::Owned(map)) if std::rc::Rc::strong_count(map) == 1 => {
                self.bytes += object_bytes(map.len());
                self.units += map.len() as u64;
                for (key, value) in map.entries.iter() {
                    if let Str::Shared(k) = key
                        && std::rc::Rc::strong_count(k) == 1
                    {
                        self.bytes += string_bytes(k.len());
                    }
                    self.add(value, cap);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_beyond_the_limit_fails_with_its_code() {
        let mut budget = Budget::new(10_000, u64::MAX, None);
        for _ in 0..10_000 {
            budget.spend(1).unwrap();
        }
        let e = budget.spend(1).unwrap_err();
        assert_eq!(e.0.code, codes::WORK_LIMIT);
        assert!(!e.0.catchable);
    }

    #[test]
    fn an_interrupt_is_seen_at_the_next_check() {
        let stop = Interrupt::new();
        let mut budget = Budget::new(u64::MAX, u64::MAX, Some(stop.flag()));
        budget.spend(1).unwrap();
        stop.trigger();
        let mut spent = 0;
        let e = loop {
            spent += 1;
            if let Err(e) = budget.spend(1) {
                break e;
            }
        };
        assert_eq!(e.0.code, codes::INTERRUPTED);
        assert!(spent <= CHECK_EVERY);
    }

    #[test]
    fn shared_parts_of_a_result_are_not_counted_again() {
        let shared = Val::string("x".repeat(1000));
        let kept = shared.clone();
        let fresh = Val::array(vec![shared, Val::string("new")]);
        let mut budget = Budget::new(u64::MAX, u64::MAX, None);
        budget.built_value(&fresh).unwrap();
        assert_eq!(budget.built(), array_bytes(2) + string_bytes(3));
        drop(kept);
    }

    #[test]
    fn memory_beyond_the_limit_fails_with_its_code() {
        let mut budget = Budget::new(u64::MAX, 1000, None);
        budget.build(1000).unwrap();
        assert_eq!(budget.build(1).unwrap_err().0.code, codes::MEMORY_LIMIT);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes_text(64 << 20), "64 MiB");
        assert_eq!(bytes_text(1536 << 20), "1.5 GiB");
        assert_eq!(bytes_text(300), "300 bytes");
    }
}
