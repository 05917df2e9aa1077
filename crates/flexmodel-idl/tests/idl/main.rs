//! The IDL's tests, one test binary (linking one binary instead of four keeps CI's link time
//! down): errors, parsing, printing, and the property tests.

mod errors;
mod parse;
mod print;
mod props;
