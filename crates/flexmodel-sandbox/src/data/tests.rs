//! Unit tests of the data core Rust API.
