//! Every answer decoder of the client on arbitrary bodies (the first byte picks the decoder),
//! and the error reader on arbitrary statuses and bodies. A decoder answers a value or a
//! `Decode` error naming where the body went wrong; it never panics.
#![no_main]

use encoo_api::{answers, Error, ErrorKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let kind = answers::KINDS[pick as usize % answers::KINDS.len()];
    match answers::decode(kind, body) {
        Ok(()) => {}
        Err(Error::Decode { message, .. }) => assert!(!message.is_empty()),
        // An empty `{Count, List}` layout answer means the layout is not there.
        Err(e) if kind == "layout" => assert_eq!(e.kind(), ErrorKind::NotFound),
        Err(e) => panic!("{kind}: not a decode error: {e:?}"),
    }
    if body.len() >= 2 {
        let status = 100 + u16::from_le_bytes([body[0], body[1]]) % 500;
        let content_type = (pick & 1 == 1).then_some("text/html");
        let e = Error::from_response(status, content_type, &body[2..]);
        assert_eq!(e.status(), Some(status));
        assert!(!e.to_string().is_empty());
    }
});
