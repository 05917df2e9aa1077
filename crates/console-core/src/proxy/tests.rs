//! The proxy rules without a network: how a choice is read, checked and shown, which
//! addresses count as loopback, and which client each request takes.

use super::*;
use crate::ErrorKind;

fn url_proxy(url: &str, username: Option<&str>, password: Option<&str>) -> Proxy {
    Proxy::Url {
        url: url.into(),
        username: username.map(Into::into),
        password: password.map(Into::into),
    }
}

/// The refusal of `text`, asserting it is the core's invalid-input error naming `proxy`.
fn refusal(text: &str) -> String {
    let err = Proxy::parse(text).expect_err(text);
    assert_eq!(
        (err.kind(), err.field()),
        (ErrorKind::InvalidInput, Some("proxy")),
        "{text}: {err}"
    );
    err.to_string()
}

#[test]
fn the_default_choice_is_the_systems() {
    assert_eq!(Proxy::default(), Proxy::System);
    assert_eq!(HttpConfig::default().proxy, Proxy::System);
}

#[test]
fn parse_reads_system_none_and_a_url_with_its_user() {
    assert_eq!(Proxy::parse("system").unwrap(), Proxy::System);
    assert_eq!(Proxy::parse(" NONE ").unwrap(), Proxy::None);
    assert_eq!(
        Proxy::parse("http://proxy.corp:3128").unwrap(),
        url_proxy("http://proxy.corp:3128", None, None)
    );
    assert_eq!(
        Proxy::parse("https://alice@proxy.corp/").unwrap(),
        url_proxy("https://proxy.corp", Some("alice"), None)
    );
    // A Windows domain user, escaped as a URL must escape it.
    assert_eq!(
        Proxy::parse("http://CORP%5Calice@10.0.0.8:8080").unwrap(),
        url_proxy("http://10.0.0.8:8080", Some("CORP\\alice"), None)
    );
    assert_eq!(
        "http://[fd00::1]:3128".parse::<Proxy>().unwrap(),
        url_proxy("http://[fd00::1]:3128", None, None)
    );
}

#[test]
fn a_proxy_that_is_not_http_or_names_no_host_is_refused_naming_the_field() {
    let cases = [
        ("ftp://x", "not ftp://"),
        ("socks5://proxy.corp:1080", "not socks5://"),
        ("file:///tmp/proxy", "not file://"),
        ("proxy.corp:3128", "starts with http:// or https://"),
        ("", "starts with http:// or https://"),
        ("http://", "cannot be read"),
        ("http://:3128", "cannot be read"),
        ("http://proxy.corp:99999", "cannot be read"),
    ];
    for (text, says) in cases {
        let message = refusal(text);
        assert!(message.contains(says), "{text:?}: {message}");
    }
}

#[test]
fn a_password_in_the_text_is_refused_and_never_repeated() {
    for text in [
        "http://alice:s3cret@proxy.corp:3128",
        "alice:s3cret@proxy.corp:3128",
    ] {
        let message = refusal(text);
        assert!(!message.contains("s3cret"), "{message}");
    }
    assert!(refusal("http://alice:s3cret@proxy.corp").contains("password"));
}

#[test]
fn check_refuses_credentials_in_the_url_a_colon_in_the_user_and_a_password_alone() {
    let cases = [
        (
            url_proxy("http://bob@p.corp", None, None),
            "user name or password",
        ),
        (url_proxy("http://p.corp", Some("a:b"), None), "':'"),
        (
            url_proxy("http://p.corp", None, Some("pw")),
            "needs a proxy user name",
        ),
        (url_proxy("gopher://p.corp", None, None), "not gopher://"),
    ];
    for (proxy, says) in cases {
        let err = proxy.check().expect_err(says);
        assert_eq!(err.field(), Some("proxy"));
        assert!(err.to_string().contains(says), "{err}");
    }
    let fine = url_proxy("https://p.corp:8443", Some("alice"), Some("pw"));
    assert!(fine.check().is_ok());
    assert!(Proxy::System.check().is_ok() && Proxy::None.check().is_ok());
}

#[test]
fn debug_and_display_never_show_the_password() {
    let proxy = url_proxy("http://proxy.corp:3128", Some("alice"), Some("s3cret"));
    let debug = format!("{proxy:?}");
    assert_eq!(
        debug,
        r#"Url { url: "http://proxy.corp:3128", username: Some("alice"), has_password: true }"#
    );
    assert_eq!(proxy.to_string(), "http://alice@proxy.corp:3128");
    let config = HttpConfig {
        proxy,
        ..Default::default()
    };
    assert!(!format!("{config:?}").contains("s3cret"));
    // Even credentials wrongly left in the URL are hidden.
    let unchecked = url_proxy("http://bob:hunter2@p.corp/x", None, None);
    assert!(!format!("{unchecked:?}").contains("hunter2"));
    assert_eq!(unchecked.to_string(), "http://bob:***@p.corp/x");
}

#[test]
fn display_reads_back_as_the_same_choice_without_the_password() {
    let choices = [
        Proxy::System,
        Proxy::None,
        url_proxy("http://proxy.corp:3128", None, None),
        url_proxy("https://[fd00::1]:8443", Some("CORP\\alice"), None),
    ];
    for choice in choices {
        assert_eq!(Proxy::parse(&choice.to_string()).unwrap(), choice);
    }
    let with_password = url_proxy("http://p.corp", Some("alice"), Some("pw"));
    assert_eq!(
        Proxy::parse(&with_password.to_string()).unwrap(),
        url_proxy("http://p.corp", Some("alice"), None)
    );
}

#[test]
fn loopback_is_127_slash_8_ipv6_one_and_localhost() {
    let loopback = [
        "http://127.0.0.1:8080/openapi/x?y=1",
        "https://127.9.9.9",
        "http://127.1:81",
        "http://[::1]:81/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:3000",
        "http://LocalHost./",
    ];
    let elsewhere = [
        "http://10.0.0.1",
        "http://console.test:8080",
        "http://localhost.example.com",
        "http://mylocalhost",
        "http://[::2]/",
        "https://api.encoo.com",
        "not a url",
    ];
    for url in loopback {
        assert!(is_loopback_url(url), "{url} is loopback");
    }
    for url in elsewhere {
        assert!(!is_loopback_url(url), "{url} is not loopback");
    }
}

#[test]
fn loopback_goes_direct_whatever_the_choice_and_none_sends_everything_direct() {
    let through = url_proxy("http://proxy.corp:3128", None, None);
    for proxy in [&Proxy::System, &through] {
        assert_eq!(Route::of(proxy, "http://127.0.0.1:81/x"), Route::Direct);
        assert_eq!(Route::of(proxy, "http://localhost:81/x"), Route::Direct);
        assert_eq!(Route::of(proxy, "https://api.encoo.com/x"), Route::Proxied);
    }
    assert_eq!(
        Route::of(&Proxy::None, "https://api.encoo.com/x"),
        Route::Direct
    );
}

#[test]
fn the_client_for_the_consoles_own_address_is_built_first_and_the_other_when_needed() {
    let config = HttpConfig {
        proxy: url_proxy("http://proxy.corp:3128", Some("alice"), Some("pw")),
        ..Default::default()
    };
    let clients = Clients::new(&config, "http://127.0.0.1:8080").unwrap();
    assert!(clients.direct.get().is_some() && clients.proxied.get().is_none());
    clients
        .for_url(&config, "https://storage.example/b")
        .unwrap();
    assert!(clients.proxied.get().is_some());
}

#[test]
fn an_unusable_proxy_is_refused_when_the_http_client_is_built() {
    let config = HttpConfig {
        proxy: url_proxy("ftp://x", None, None),
        ..Default::default()
    };
    // Even for a loopback console, which would never use it.
    let err = crate::Http::new(config, "http://127.0.0.1:8080").unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (ErrorKind::InvalidInput, Some("proxy"))
    );
}
