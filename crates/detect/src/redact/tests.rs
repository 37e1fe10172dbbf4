use super::*;
use proptest::prelude::*;
use std::sync::LazyLock;

static PLAIN: LazyLock<Redactor> = LazyLock::new(Redactor::new);
static KEYED: LazyLock<Redactor> = LazyLock::new(|| Redactor::with_hash_key(b"key"));

fn r(s: &str) -> String {
    PLAIN.redact(s)
}

#[test]
fn cards_keep_last_four() {
    assert_eq!(
        r("card 4242 4242 4242 4242 ok"),
        "card **** **** **** 4242 ok"
    );
    assert_eq!(r("4111111111111111"), "**** **** **** 1111");
    assert_eq!(r("4242424242424241"), "4242424242424241", "not Luhn-valid");
}

#[test]
fn tokens_and_keys() {
    assert_eq!(
        r("key AKIAIOSFODNN7EXAMPLE."),
        "key [REDACTED:aws_access_key]."
    );
    assert_eq!(
        r("Authorization: Bearer abcdefghijklmnop123"),
        "Authorization: Bearer [REDACTED:bearer]"
    );
    assert_eq!(
        r("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        "[REDACTED:stripe_key]"
    );
    assert_eq!(
        r("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----\nafter"),
        "[REDACTED:private_key]\nafter"
    );
    assert_eq!(r("t=eyJhbGciOiJI.eyJzdWIiOiIx.sig"), "t=[REDACTED:jwt]");
}

#[test]
fn passwords_in_assignments_json_and_dsns() {
    assert_eq!(
        r("password=hunter2&x=1"),
        "password=[REDACTED:password]&x=1"
    );
    assert_eq!(
        r(r#"{"user":"bob","password":"hunter2","api_key":"k-123"}"#),
        r#"{"user":"bob","password":"[REDACTED:password]","api_key":"[REDACTED:password]"}"#
    );
    assert_eq!(
        r(r#"{"password":"a\"b"}"#),
        r#"{"password":"[REDACTED:password]"}"#
    );
    assert_eq!(
        r("postgres://app:s3cret@db:5432/x"),
        "postgres://app:[REDACTED:dsn_password]@db:5432/x"
    );
    assert_eq!(
        r("redis://:pw@cache:6379"),
        "redis://:[REDACTED:dsn_password]@cache:6379"
    );
    assert_eq!(
        r("DATABASE_URL=postgres://h/x"),
        "DATABASE_URL=[REDACTED:env]"
    );
}

#[test]
fn validation_messages_and_placeholders_are_kept() {
    for s in [
        r#"{"password": "must be at least 8 characters"}"#,
        "password: must be at least 8 characters",
        r#"{"password": null}"#,
        "password=***",
        "An error occurred. Please try again.",
    ] {
        assert_eq!(r(s), s);
    }
}

#[test]
fn hash_key_correlates_equal_secrets() {
    let red = Redactor::with_hash_key(b"k1");
    let a = red.redact("password=hunter2");
    let b = red.redact("x password=hunter2");
    let c = red.redact("password=other");
    let tag = |s: &str| s[s.find("[REDACTED").unwrap()..].to_owned();
    assert_eq!(tag(&a), tag(&b));
    assert_ne!(tag(&a), tag(&c));
    assert!(a.starts_with("password=[REDACTED:password:"), "{a}");
    assert_eq!(tag(&a).len(), "[REDACTED:password:12345678]".len());
    assert_ne!(Redactor::with_hash_key(b"k2").redact("password=hunter2"), a);
}

#[test]
fn headers() {
    let red = Redactor::new();
    assert_eq!(
        red.redact_header("Authorization", "Basic dXNlcjpwYXNz"),
        "[REDACTED:authorization]"
    );
    assert_eq!(
        red.redact_header("set-cookie", "sid=abc; HttpOnly"),
        "[REDACTED:set-cookie]"
    );
    assert_eq!(red.redact_header("X-Api-Key", "k"), "[REDACTED:x-api-key]");
    assert_eq!(red.redact_header("Content-Type", "text/html"), "text/html");
    assert_eq!(
        red.redact_header("Location", "https://u:p@example.com/"),
        "https://u:[REDACTED:dsn_password]@example.com/"
    );
    let keyed = Redactor::with_hash_key(b"k");
    let once = keyed.redact_header("Cookie", "a=b");
    assert_eq!(keyed.redact_header("Cookie", &once), once);
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("password=hunter2".to_owned()),
        Just("\"secret\": \"x y\"".to_owned()),
        Just("\"token\":\"abc\\\"d\"".to_owned()),
        Just("4242 4242 4242 4242".to_owned()),
        Just("4111111111111111".to_owned()),
        Just("AKIAIOSFODNN7EXAMPLE".to_owned()),
        Just("Bearer abcdefghijklmnopq".to_owned()),
        Just("postgres://u:p@h/db".to_owned()),
        Just("API_KEY=zzz".to_owned()),
        Just("[REDACTED:password]".to_owned()),
        Just("-----BEGIN PRIVATE KEY-----".to_owned()),
        "[0-9 -]{0,20}",
        "[a-z=:\"' @/.]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn redaction_is_idempotent(parts in prop::collection::vec(fragment(), 0..8)) {
        let text = parts.concat();
        for red in [&*PLAIN, &*KEYED] {
            let once = red.redact(&text);
            prop_assert_eq!(red.redact(&once), once.clone(), "input {:?}", text);
        }
    }
}
