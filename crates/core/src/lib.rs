//! tightlip-core: the public error model shared by every tightlip part.
//!
//! Bytes in, values out: this crate does no I/O and runs no async runtime.
