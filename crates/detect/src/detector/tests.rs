//! Positive examples and hard negatives for every category.

use super::*;
use std::sync::LazyLock;

static DETECTOR: LazyLock<Detector> = LazyLock::new(Detector::builtin);

fn found(body: &str) -> Vec<(Category, String, String)> {
    DETECTOR
        .scan_body(body.as_bytes())
        .into_iter()
        .map(|f| (f.category, f.rule, body[f.span].to_owned()))
        .collect()
}

#[track_caller]
fn assert_all(category: Category, bodies: &[&str]) {
    let missed: Vec<_> = bodies
        .iter()
        .filter(|b| !found(b).iter().any(|(c, ..)| *c == category))
        .collect();
    assert!(missed.is_empty(), "{category} not found in {missed:#?}");
}

#[track_caller]
fn assert_finds(category: Category, body: &str) {
    let got = found(body);
    assert!(
        got.iter().any(|(c, ..)| *c == category),
        "expected {category} in {body:?}, got {got:?}"
    );
}

#[track_caller]
fn assert_clean(body: &str) {
    let got = found(body);
    assert!(got.is_empty(), "expected nothing in {body:?}, got {got:?}");
}

#[test]
fn stack_traces() {
    let cases = [
        "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in get",
        "  File \"views.py\", line 12, in handler",
        "\tat com.acme.UserService.find(UserService.java:12)",
        "at java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
        "Caused by: java.sql.SQLException: boom",
        "java.lang.NullPointerException: Cannot invoke",
        "   at Acme.Web.Controllers.HomeController.Index() in C:\\src\\Acme\\HomeController.cs:line 42",
        "System.NullReferenceException: Object reference not set",
        "    at Object.<anonymous> (/app/x.js:1:2)",
        "    at async handler (file:///app/server.mjs:10:5)",
        "    at /app/index.js:5:9",
        "panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:",
        "goroutine 1 [running]:\nmain.main()",
        "main.main()\n\t/tmp/prog.go:8 +0x1d",
        "app/controllers/users_controller.rb:12:in `show'",
        "PHP Fatal error:  Uncaught Exception: boom",
        "Stack trace:\n#0 /var/www/html/index.php(12): foo()",
        "#1 /var/www/html/lib.php(33): bar()",
        "thread 'main' panicked at src/main.rs:1:2:",
        "** (RuntimeError) boom",
        "(elixir 1.14.0) lib/enum.ex:12: Enum.map/2",
        "** exception error: bad argument",
    ];
    assert_all(Category::StackTrace, &cases);
}

#[test]
fn sql_and_database_errors() {
    let cases = [
        "ERROR:  relation \"users\" does not exist",
        "pq: duplicate key value violates unique constraint",
        "psycopg2.errors.UndefinedTable: relation",
        "You have an error in your SQL syntax; check the manual",
        "Error: ER_DUP_ENTRY: Duplicate entry",
        "SQLSTATE[42S02]: Base table or view not found",
        "sqlite3.OperationalError: no such table: users",
        "SQLITE_ERROR: no such column: x",
        "no such table: users",
        "Incorrect syntax near 'FROM'.",
        "Msg 102, Level 15, State 1, Line 1",
        "ORA-00942: table or view does not exist",
        "org.hibernate.exception.SQLGrammarException",
        "sqlalchemy.exc.ProgrammingError: (psycopg2)",
        "SequelizeDatabaseError: column does not exist",
        "PrismaClientKnownRequestError: Unique constraint failed",
        "Invalid `prisma.user.create()` invocation",
        "ActiveRecord::StatementInvalid: PG::UndefinedTable",
        "Microsoft.EntityFrameworkCore.DbUpdateException",
        "error returned from database: relation does not exist",
        "sqlx::Error::RowNotFound",
        "diesel::result::Error::NotFound",
        "MongoServerError: E11000 duplicate key error collection",
        "WRONGTYPE Operation against a key holding the wrong kind of value",
        "redis.exceptions.ConnectionError",
        "SELECT id, email FROM users WHERE id = 1",
        "select * from orders",
        "SELECT name FROM accounts",
        "INSERT INTO users (id, name) VALUES (1, 'x')",
        "UPDATE users SET name = 'x'",
        "DELETE FROM sessions WHERE id = 3",
    ];
    assert_all(Category::Sql, &cases);
}

#[test]
fn paths() {
    let cases = [
        "open /home/deploy/app/config.yml failed",
        "\"/var/www/html/index.php\"",
        "/usr/lib/python3.11/json/decoder.py",
        "in /opt/acme/bin/server",
        "/srv/app/main.py",
        "(/app/src/routes/users.js)",
        "C:\\Users\\alice\\project\\app.py",
        "C:\\inetpub\\wwwroot\\web.config",
        "node_modules/express/lib/router/index.js",
        "site-packages/django/core/handlers/base.py",
        "error at views.py:12",
    ];
    assert_all(Category::Path, &cases);
}

#[test]
fn internal_addresses() {
    let cases = [
        "connect to 10.0.0.5 failed",
        "http://10.0.0.5:8080/health",
        "upstream 192.168.1.20:3000",
        "172.16.4.2",
        "127.0.0.1:5432",
        "metadata 169.254.169.254",
        "[::1]:8080",
        "fe80::1ff:fe23:4567:890a",
        "fd12:3456:789a:1::1",
        "db.prod.internal",
        "printer.local",
        "api.default.svc.cluster.local:80",
        "build.acme.corp",
        "ip-10-0-0-1.ec2.internal",
        "localhost:5432",
        "http://localhost/admin",
    ];
    assert_all(Category::InternalAddress, &cases);
}

#[test]
fn banners_and_debug_pages_in_bodies() {
    assert_all(
        Category::Banner,
        &[
            "<hr><center>nginx/1.18.0</center>",
            "Apache/2.4.41 (Ubuntu) Server at example.com Port 80",
            "PHP/8.1.2",
            "Werkzeug/2.0.1 Python/3.9.7",
            "Microsoft-IIS/10.0",
            "Powered by Jetty(9.4.z-SNAPSHOT)",
            "Apache Tomcat/9.0.41",
            "gunicorn/20.1.0",
        ],
    );
    assert_all(
        Category::DebugPage,
        &[
            "You're seeing this error because you have <code>DEBUG = True</code> in your",
            "<title>Werkzeug Debugger</title>",
            "The debugger caught an exception in your WSGI application.",
            "Whoops, looks like something went wrong.",
            "<script src=\"/ignition/scripts\">Ignition</script>",
            "<h1>Action Controller: Exception caught</h1>",
            "<h1>Server Error in '/' Application.</h1>",
            "<h1>Whitelabel Error Page</h1>",
            "{\"status\":500,\"trace\":\"java.lang.IllegalStateException: x\"}",
            "<pre>Error: boom<br> &nbsp; &nbsp;at /app/index.js:5:9</pre>",
        ],
    );
}

#[test]
fn secrets() {
    let cases = [
        "key AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AIzaSyA1234567890abcdefghijklmnopqrstuv",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIE",
        "-----BEGIN PRIVATE KEY-----",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Authorization: Bearer abcdefghijklmnop1234567890",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "rk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "xoxb-123456789012-abcdefghijkl",
        "ya29.a0AfH6SMBxxxxxxxxxxxxxxxxxxxx",
        "postgres://user:pass@db.example.com/app",
        "mongodb+srv://u:p@cluster0.example.net",
        "redis://:hunter2@cache:6379",
        "password=hunter2",
        "{\"password\": \"hunter2\"}",
        "secret=abc123",
        "api_key=abcdef123456",
        "DATABASE_URL=postgres://db/app",
        "{'db_password': 'x9!k'}",
    ];
    assert_all(Category::Secret, &cases);
}

#[test]
fn card_numbers() {
    assert_finds(Category::PersonalData, "{\"card\":\"4242 4242 4242 4242\"}");
    assert_finds(Category::PersonalData, "pan=5555-5555-5555-4444");
    assert_clean("{\"card\":\"4242 4242 4242 4241\"}");
}

#[test]
fn hard_negatives_stay_clean() {
    let bodies = [
        r#"{"type":"about:blank","title":"Not Found","status":404}"#,
        r#"{"errors":{"password": must be at least 8 characters}}"#,
        r#"{"password": "must be at least 8 characters"}"#,
        "password: must be at least 8 characters",
        "An error occurred. Please try again.",
        "SQL is a query language",
        "Please select an item from the menu and update your settings.",
        "Delete from your account page.",
        "null",
        "https://api.example.com/v1",
        r#"{"id":"3f2c8a9e-1b4d-4c7e-9f3a-2d5e6b7c8d9f"}"#,
        r#"{"at":"2024-01-15T10:30:00Z","ts":1705314600000}"#,
        r#"{"version": "2.3.1"}"#,
        r#"{"next_page_token":"abc"}"#,
        "<select name=\"x\"><option>a</option></select>",
        "window.localStorage",
        "Asia/Tokyo",
        r#"{"href":"/api/users/42"}"#,
        "Bearer realm=\"api\"",
        "version 10.2.1 released",
        "Don't panic: it is fine",
    ];
    let dirty: Vec<_> = bodies
        .iter()
        .map(|b| (b, found(b)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert!(dirty.is_empty(), "{dirty:#?}");
}

#[test]
fn findings_are_sorted_and_same_category_overlaps_merge() {
    let body = "Traceback (most recent call last):\n  File \"/srv/app/x.py\", line 3\npassword=hunter2 at 10.0.0.1";
    let findings = DETECTOR.scan_body(body.as_bytes());
    assert!(
        findings
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start)
    );
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            assert!(
                a.category != b.category || a.span.end <= b.span.start,
                "{a:?} overlaps {b:?}"
            );
        }
    }
    let cats: Vec<_> = findings.iter().map(|f| f.category).collect();
    for c in [
        Category::StackTrace,
        Category::Path,
        Category::Secret,
        Category::InternalAddress,
    ] {
        assert!(cats.contains(&c), "{c} missing from {findings:?}");
    }
}

#[test]
fn header_banners_secrets_and_addresses() {
    let h = |n: &str, v: &str| (n.to_owned(), v.as_bytes().to_vec());
    let headers = vec![
        h("Server", "nginx/1.18.0"),
        h("X-Powered-By", "Express"),
        h("X-AspNet-Version", "4.0.30319"),
        h("X-Backend", "10.0.3.7:8080"),
        h("X-Debug-Token", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        h("Server", "nginx"),
        h("Content-Type", "application/json"),
    ];
    let findings = DETECTOR.scan_headers(&headers);
    let got: Vec<_> = findings
        .iter()
        .map(|f| (f.header.as_deref().unwrap(), f.category))
        .collect();
    assert_eq!(
        got,
        [
            ("Server", Category::Banner),
            ("X-Powered-By", Category::Banner),
            ("X-AspNet-Version", Category::Banner),
            ("X-Backend", Category::InternalAddress),
            ("X-Debug-Token", Category::Secret),
        ]
    );
}

#[test]
fn user_rules_extend_the_builtins() {
    let extra = Rules::from_toml(
        "[[rule]]\nid = \"acme.code\"\ncategory = \"debug_page\"\nliterals = [\"ACME-DEBUG\"]\n\n[[rule]]\nid = \"acme.re\"\ncategory = \"secret\"\npattern = \"acme_[0-9]{6}\"\n",
        "acme.toml",
    )
    .unwrap();
    let d = Detector::with_rules(extra).unwrap();
    let f = d.scan_body(b"x ACME-DEBUG y acme_123456");
    let rules: Vec<_> = f.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["acme.code", "acme.re"]);
}

#[test]
fn invalid_utf8_is_scanned_as_bytes() {
    let mut body = b"\xff\xfe Traceback (most recent call last):\x80".to_vec();
    body.extend_from_slice(b" AKIAIOSFODNN7EXAMPLE \xc3");
    let f = DETECTOR.scan_body(&body);
    assert_eq!(f.len(), 2, "{f:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn leaky_fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"Traceback (most recent call last):".to_vec()),
            Just(b"10.0.0.1".to_vec()),
            Just(b"fe80::1".to_vec()),
            Just(b"::1".to_vec()),
            Just(b"password=".to_vec()),
            Just(b"\"secret\": \"".to_vec()),
            Just(b"postgres://u:p@".to_vec()),
            Just(b"4242 4242 4242 4242".to_vec()),
            Just(b"SELECT a, b FROM t".to_vec()),
            Just(b"C:\\Users\\".to_vec()),
            Just(b"/home/x/".to_vec()),
            Just(b".internal".to_vec()),
            prop::collection::vec(any::<u8>(), 0..40),
        ]
    }

    proptest! {
        #[test]
        fn scan_never_panics_and_spans_are_in_bounds(body in prop::collection::vec(any::<u8>(), 0..2048)) {
            for f in DETECTOR.scan_body(&body) {
                prop_assert!(f.span.start < f.span.end && f.span.end <= body.len(), "{:?}", f);
            }
        }

        #[test]
        fn scan_of_leak_fragments_is_sorted_and_in_bounds(parts in prop::collection::vec(leaky_fragment(), 0..12)) {
            let body = parts.concat();
            let findings = DETECTOR.scan_body(&body);
            prop_assert!(findings.windows(2).all(|w| w[0].span.start <= w[1].span.start));
            for f in &findings {
                prop_assert!(f.span.start < f.span.end && f.span.end <= body.len(), "{:?}", f);
            }
            let headers = vec![("X-Leak".to_owned(), body.clone()), ("Server".to_owned(), body.clone())];
            for f in DETECTOR.scan_headers(&headers) {
                prop_assert!(f.span.end <= body.len());
            }
        }
    }
}

#[test]
fn leaks_far_into_large_bodies_are_found_in_windows() {
    let mut body = br#"{"items":["#.to_vec();
    while body.len() < 200_000 {
        body.extend_from_slice(
            br#"{"id":"3f2c8a9e","price":10.99,"href":"https://api.example.com/v1"},"#,
        );
    }
    let leak_at = body.len();
    body.extend_from_slice(b"\"x\"],\"debug\":\"ERROR:  relation \\\"users\\\" does not exist\"}");
    let f = DETECTOR.scan_body(&body);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, "postgres.error");
    assert!(f[0].span.start > leak_at);
}

/// The scan as it ran before the reverse pass marked starts: each category's
/// leftmost-first regex searched over each of its windows from the window start.
/// The fast path must return exactly its findings.
mod reference {
    use super::super::*;
    use crate::checks;
    use regex_automata::Input;
    use regex_automata::hybrid::dfa::Cache;
    use regex_automata::util::iter::Searcher;

    /// Each category's regex, and one cache for it.
    pub(super) struct Reference {
        regexes: Vec<Option<(meta::Regex, meta::Cache)>>,
    }

    impl Reference {
        pub(super) fn new(detector: &Detector) -> Self {
            let regexes = detector
                .groups
                .iter()
                .map(|group| {
                    let group = group.as_ref()?;
                    let patterns: Vec<String> = group
                        .rules
                        .iter()
                        .map(|&i| detector.rules[i].regex_source())
                        .collect();
                    let regex = rules::compile(&patterns).unwrap();
                    let cache = regex.create_cache();
                    Some((regex, cache))
                })
                .collect();
            Self { regexes }
        }

        /// Bytes the lazy-DFA and other search caches take now.
        pub(super) fn cache_bytes(&self) -> usize {
            self.regexes
                .iter()
                .flatten()
                .map(|(_, cache)| cache.memory_usage())
                .sum()
        }

        pub(super) fn scan(&mut self, d: &Detector, hay: &[u8], allowed: Mask) -> Vec<Finding> {
            let windows = d.windows(hay, d.present & allowed);
            let mut out = Vec::new();
            for ((regex, windows), group) in self.regexes.iter_mut().zip(&windows).zip(&d.groups) {
                let (Some((regex, cache)), Some(group)) = (regex, group) else {
                    continue;
                };
                for window in windows {
                    let mut searcher = Searcher::new(Input::new(hay).range(window.clone()));
                    while let Some(m) =
                        searcher.advance(|input| Ok(regex.search_with(cache, input)))
                    {
                        if out.len() >= MAX_FINDINGS {
                            break;
                        }
                        if m.is_empty() {
                            continue;
                        }
                        let rule = &d.rules[group.rules[m.pattern().as_usize()]];
                        if checks::passes(rule.check, hay, &m.range()) {
                            out.push(finding(rule, m.range()));
                        }
                    }
                }
            }
            d.card_findings(hay, allowed, &mut out);
            dedupe(out)
        }
    }

    /// Bytes the detector's per-thread caches take on this thread.
    pub(super) fn scratch_bytes(d: &Detector) -> usize {
        let scratch = d.scratch.get();
        scratch.starts.as_ref().map_or(0, Cache::memory_usage)
            + scratch
                .groups
                .iter()
                .flatten()
                .map(Cache::memory_usage)
                .sum::<usize>()
    }
}

/// The leaky body of `benches/scan.rs`.
fn bench_leaky(size: usize) -> Vec<u8> {
    let chunk = "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in get\n\
        sqlalchemy.exc.ProgrammingError: relation \"users\" does not exist\n\
        SELECT id, email FROM users WHERE id = 1 -- via 10.0.0.5:5432 db.prod.internal\n\
        password=hunter2 card 4242 4242 4242 4242 AKIAIOSFODNN7EXAMPLE\n";
    chunk.bytes().cycle().take(size).collect()
}

#[test]
fn scratch_memory_after_the_leaky_bench_bodies() {
    // A fresh detector on a fresh thread, so the caches hold only these scans.
    std::thread::spawn(|| {
        let detector = Detector::builtin();
        let mut reference = reference::Reference::new(&detector);
        // The 1 MiB body spans more than the start marks cover and is searched per
        // window, with the caches of the per-window regexes, as before.
        for size in [1 << 10, 64 << 10] {
            let body = bench_leaky(size);
            assert_eq!(
                detector.scan_body(&body),
                reference.scan(&detector, &body, Mask::MAX)
            );
        }
        let fast = reference::scratch_bytes(&detector);
        let before = reference.cache_bytes();
        println!(
            "per-thread cache bytes after the 1 KiB and 64 KiB leaky bench bodies: {fast} \
             (per-window search: {before})"
        );
        assert!(fast <= 4 << 20, "{fast} bytes of cache");
    })
    .join()
    .unwrap();
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test reads the labelled corpus; the library itself does no I/O"
)]
fn fast_path_matches_the_reference_on_the_corpus_spliced_and_mutated() {
    fn files(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "http") {
                out.push(std::fs::read(&path).unwrap());
            }
        }
    }
    let mut samples = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus"),
        &mut samples,
    );
    assert!(samples.len() > 300);
    let mut reference = reference::Reference::new(&DETECTOR);
    let mut check = |body: &[u8]| {
        assert_eq!(
            DETECTOR.scan_body(body),
            reference.scan(&DETECTOR, body, Mask::MAX),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    };
    // A fixed xorshift so failures reproduce; few splices, as the unoptimised test build is slow.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap()
    };
    for sample in &samples {
        check(sample);
    }
    // Past the span the start marks cover, and the findings cap.
    check(&bench_leaky(1 << 20));
    for _ in 0..150 {
        let a = &samples[next(samples.len())];
        let b = &samples[next(samples.len())];
        let mut body = a[..next(a.len() + 1)].to_vec();
        body.extend_from_slice(&b[next(b.len() + 1)..]);
        for _ in 0..next(8) {
            if body.is_empty() {
                break;
            }
            let at = next(body.len());
            match next(3) {
                0 => body[at] = u8::try_from(next(256)).unwrap(),
                1 => {
                    body.remove(at);
                }
                _ => body.insert(at, body[next(body.len())]),
            }
        }
        check(&body);
    }
}

mod fast_path_properties {
    use super::*;
    use proptest::prelude::*;
    use std::cell::RefCell;

    thread_local! {
        /// Compiling the reference regexes takes longer than a case; one per thread.
        static BUILTIN_REFERENCE: RefCell<reference::Reference> =
            RefCell::new(reference::Reference::new(&DETECTOR));
    }

    fn fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::sample::select(&[
                "Traceback (most recent call last):\n",
                "  File \"/srv/app/views.py\", line 42, in get\n",
                "sqlalchemy.exc.ProgrammingError: relation \"users\" does not exist\n",
                "ERROR:  relation \"users\" does not exist",
                "SELECT id, email FROM users WHERE id = 1",
                "select * from t",
                " -- via 10.0.0.5:5432 db.prod.internal\n",
                "192.168.1.20",
                "fe80::1",
                "[::1]:8080",
                "password=hunter2 ",
                "\"api_key\": \"abc123def\"",
                "DATABASE_URL=postgres://u:p@db/x",
                "postgres://u:p@",
                "card 4242 4242 4242 4242 ",
                "AKIAIOSFODNN7EXAMPLE",
                "/home/deploy/",
                "/var/www/html/index.php",
                "C:\\Users\\alice\\",
                "app/models/user.rb:12:in `save'",
                "\tat com.acme.Svc.run(Svc.java:12)\n",
                "    at Object.<anonymous> (/app/x.js:1:2)\n",
                "nginx/1.18.0",
                "<pre>Error: boom<br> &nbsp; &nbsp;at /app/index.js:5:9</pre>",
                "Whoops, looks like something went wrong.",
                "localhost:5432",
                ".internal",
                " ",
                "\n",
                "_",
                ".",
                "/",
                ":",
            ])
            .prop_map(|s| s.as_bytes().to_vec()),
            prop::sample::select(&[
                "password", "secret", "select", "from", "token", "10.", "::", "@"
            ])
            .prop_map(|s| s.to_ascii_uppercase().into_bytes()),
            prop::collection::vec(any::<u8>(), 0..24),
            // Long runs move leaks across window edges and grow matches past them.
            (prop::sample::select(b"a/ 0."), 0..3000_usize).prop_map(|(b, n)| vec![b; n]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn fast_path_returns_exactly_the_reference_findings(parts in prop::collection::vec(fragment(), 0..24)) {
            let body = parts.concat();
            let allowed = bit(Category::Secret) | bit(Category::InternalAddress) | bit(Category::PersonalData);
            let (body_want, headers_want) = BUILTIN_REFERENCE.with_borrow_mut(|r| {
                (r.scan(&DETECTOR, &body, Mask::MAX), r.scan(&DETECTOR, &body, allowed))
            });
            prop_assert_eq!(DETECTOR.scan_body(&body), body_want);
            prop_assert_eq!(DETECTOR.scan(&body, allowed), headers_want);
        }

        #[test]
        fn user_rules_that_match_empty_or_have_no_anchor_agree_too(parts in prop::collection::vec(fragment(), 0..12)) {
            static USER: LazyLock<Detector> = LazyLock::new(|| {
                // Built by hand: TOML rules refuse patterns that match the empty string.
                let rule = |id: &str, category, pattern: &str, anchors: &[&str]| Rule {
                    id: id.to_owned(),
                    category,
                    severity: Severity::Low,
                    pattern: rules::Pattern::Regex(pattern.to_owned()),
                    anchors: anchors.iter().map(|a| (*a).to_owned()).collect(),
                    check: Check::None,
                };
                let mut extra = Rules::new();
                extra.push(rule("acme.maybe", Category::DebugPage, r"x*\b", &["x"]));
                extra.push(rule("acme.word", Category::Secret, "[a-z]+[0-9]", &[]));
                Detector::with_rules(extra).unwrap()
            });
            thread_local! {
                static USER_REFERENCE: RefCell<reference::Reference> =
                    RefCell::new(reference::Reference::new(&USER));
            }
            let body = parts.concat();
            let want = USER_REFERENCE.with_borrow_mut(|r| r.scan(&USER, &body, Mask::MAX));
            prop_assert_eq!(USER.scan_body(&body), want);
        }
    }
}
