//! `ferry compat OLD NEW`: how two versions of a schema differ, and whether
//! each difference breaks consumers (readers) or producers (writers).
//! (Being written.)
