//! The token answer parser on arbitrary bytes: a token, lifetime and refresh token, or an
//! error naming what is wrong; never a panic, never an empty token accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match encoo_api::parse_token_answer(data) {
        Ok((access, _, _)) => assert!(!access.trim().is_empty()),
        Err(e) => assert_eq!(e.kind(), encoo_api::ErrorKind::Decode),
    }
});
