//! The built-in rule table.
//!
//! Patterns are ASCII, matched on bytes, and avoid look-around so every search
//! runs in linear time. Anchors are lowercase; they are matched ignoring ASCII
//! case. A rule whose pattern is case-sensitive may still use a lowercase
//! anchor: the anchor only decides whether the pattern is worth running.

use super::{Check, Pattern, Rule};
use crate::finding::{Category, Severity};

/// One row of the table, in `'static` form.
struct Row {
    id: &'static str,
    category: Category,
    severity: Severity,
    check: Check,
    pattern: &'static str,
    anchors: &'static [&'static str],
}

const fn row(
    id: &'static str,
    category: Category,
    severity: Severity,
    pattern: &'static str,
    anchors: &'static [&'static str],
) -> Row {
    Row {
        id,
        category,
        severity,
        check: Check::None,
        pattern,
        anchors,
    }
}

const fn checked(mut r: Row, check: Check) -> Row {
    r.check = check;
    r
}

use Category::{Banner, DebugPage, InternalAddress, Path, PersonalData, Secret, Sql, StackTrace};
use Severity::{High, Low, Medium};

/// Source-file extensions that show up in frames and `file:line` references.
const SOURCE_LINE_ANCHORS: &[&str] = &[
    ".py:", ".rb:", ".js:", ".mjs:", ".cjs:", ".ts:", ".go:", ".php:", ".java:", ".kt:", ".cs:",
    ".ex:", ".exs:", ".rs:", ".scala:", ".erl:",
];

/// Key names whose values are credentials.
const SECRET_KEY: &str = r"[A-Za-z0-9_.-]*(?i:password|passwd|secret|secret_?key|api_?key|access_?key|private_?key|(?:access|auth|refresh|id|api|session|bearer)_?token)";

/// Anchors for [`SECRET_KEY`].
const SECRET_KEY_ANCHORS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "api_key",
    "apikey",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "token",
];

static TABLE: &[Row] = &[
    // ---- stack traces -------------------------------------------------------
    row(
        "python.traceback",
        StackTrace,
        High,
        r"Traceback \(most recent call last\):",
        &["traceback (most recent"],
    ),
    row(
        "python.frame",
        StackTrace,
        Medium,
        r#"File "[^"\n]+", line [0-9]+"#,
        &["\", line "],
    ),
    row(
        "jvm.frame",
        StackTrace,
        Medium,
        r"at (?:[\w.$@-]+/)*[A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+\((?:[\w$-]+\.(?:java|kt|scala|groovy|clj):[0-9]+|Native Method|Unknown Source)\)",
        &[
            ".java:",
            ".kt:",
            ".scala:",
            ".groovy:",
            ".clj:",
            "(native method)",
            "(unknown source)",
        ],
    ),
    row(
        "jvm.caused_by",
        StackTrace,
        Medium,
        r"Caused by: [\w$.]+(?:Exception|Error|Throwable)",
        &["caused by: "],
    ),
    row(
        "jvm.exception",
        StackTrace,
        Medium,
        r"\b(?:java|javax|jakarta|kotlin|scala|org\.springframework)\.(?:[a-z]\w*\.)*[A-Z]\w*(?:Exception|Error)\b",
        &[
            "java.",
            "javax.",
            "jakarta.",
            "kotlin.",
            "scala.",
            "springframework.",
        ],
    ),
    row(
        "dotnet.frame",
        StackTrace,
        Medium,
        r"at [\w.`<>\[\],]+\([^)\n]*\) in [^\n]+:line [0-9]+",
        &[":line "],
    ),
    row(
        "dotnet.exception",
        StackTrace,
        Medium,
        r"\bSystem\.(?:[A-Z]\w*\.)*[A-Z]\w*Exception\b",
        &["system."],
    ),
    row(
        "node.frame",
        StackTrace,
        Medium,
        r"at (?:async )?(?:[\w$.<>\[\] ]+ )?\((?:file://|node:)?(?:/|[A-Za-z]:\\|internal/)[^()\n]*:[0-9]+:[0-9]+\)",
        &[
            ".js:",
            ".mjs:",
            ".cjs:",
            ".ts:",
            "<anonymous>",
            "file://",
            "node:",
        ],
    ),
    row(
        "node.frame_bare",
        StackTrace,
        Medium,
        r"at (?:async )?(?:file://)?/[^\s()]+:[0-9]+:[0-9]+",
        &[".js:", ".mjs:", ".cjs:", ".ts:", "file://"],
    ),
    row(
        "go.goroutine",
        StackTrace,
        High,
        r"goroutine [0-9]+ \[[a-z ,0-9]+\]:",
        &["goroutine "],
    ),
    row(
        "go.panic",
        StackTrace,
        High,
        r"\bpanic: (?:runtime error: |assignment to entry in nil map|send on closed channel)",
        &["panic: "],
    ),
    row(
        "go.frame",
        StackTrace,
        Medium,
        r"\.go:[0-9]+ \+0x[0-9a-f]+",
        &[".go:"],
    ),
    row(
        "ruby.frame",
        StackTrace,
        Medium,
        r"[\w./-]+\.rb:[0-9]+:in [`'][^'\n]+'",
        &[".rb:"],
    ),
    row(
        "php.error",
        StackTrace,
        High,
        r"PHP (?:Fatal error|Warning|Parse error|Notice|Deprecated):|<b>(?:Fatal error|Parse error|Warning|Notice)</b>:",
        &[
            "php fatal",
            "php warning",
            "php parse",
            "php notice",
            "php deprecated",
            "error</b>",
            "warning</b>",
            "notice</b>",
        ],
    ),
    row(
        "php.stack_trace",
        StackTrace,
        High,
        r"Stack trace:\r?\n#0 ",
        &["stack trace:"],
    ),
    row(
        "php.frame",
        StackTrace,
        Medium,
        r"#[0-9]+ (?:/|[A-Za-z]:\\)[^\n(]+\.php\([0-9]+\)",
        &[".php("],
    ),
    row(
        "rust.panic",
        StackTrace,
        High,
        r"thread '[^'\n]+' panicked at ",
        &["' panicked at"],
    ),
    row(
        "elixir.error",
        StackTrace,
        High,
        r"\*\* \((?:[A-Z][\w.]*|exit|throw|EXIT)\)",
        &["** ("],
    ),
    row(
        "erlang.exception",
        StackTrace,
        High,
        r"\*\* exception (?:error|exit|throw):",
        &["** exception"],
    ),
    row(
        "elixir.frame",
        StackTrace,
        Medium,
        r"\([a-z_]+ [0-9]+\.[0-9]+(?:\.[0-9]+)?[\w.-]*\) [\w/.-]+\.(?:ex|exs|erl):[0-9]+",
        &[".ex:", ".exs:", ".erl:"],
    ),
    // ---- SQL and database errors -------------------------------------------
    row(
        "postgres.error",
        Sql,
        High,
        r#"(?:ERROR|FATAL):\s+[^\n]*?(?:relation "|column "|syntax error at or near|duplicate key value|violates (?:not-null|foreign key|unique|check) constraint|does not exist)"#,
        &[
            "relation \"",
            "column \"",
            "syntax error at or near",
            "duplicate key value",
            "violates ",
            "does not exist",
        ],
    ),
    row("postgres.pq", Sql, Medium, r"\bpq: [a-z]", &["pq: "]),
    row(
        "postgres.psycopg",
        Sql,
        Medium,
        r"\bpsycopg2?\.\w+",
        &["psycopg"],
    ),
    row("postgres.pg_gem", Sql, Medium, r"\bPG::[A-Z]\w+", &["pg::"]),
    row(
        "postgres.npgsql",
        Sql,
        Medium,
        r"\bNpgsql(?:\.\w+|Exception)",
        &["npgsql"],
    ),
    row(
        "mysql.syntax",
        Sql,
        High,
        r"You have an error in your SQL syntax",
        &["error in your sql syntax"],
    ),
    row(
        "mysql.error_code",
        Sql,
        Medium,
        r"\bER_[A-Z_]{3,}\b",
        &[
            "er_dup_",
            "er_no_",
            "er_parse_",
            "er_bad_",
            "er_access_denied",
            "er_table",
            "er_lock_",
            "er_data_",
            "er_truncated",
            "er_wrong_",
            "er_row_",
            "er_not_supported",
        ],
    ),
    row(
        "mysql.driver",
        Sql,
        Medium,
        r"\bcom\.mysql\.[\w.]+|MySQLSyntaxErrorException|\bMySQLdb\.\w+|\bpymysql\.err\b|\bmysqli?_[a-z_]+\(",
        &["mysql"],
    ),
    row(
        "sql.sqlstate",
        Sql,
        Medium,
        r"SQLSTATE(?:\[[0-9A-Z]{5}\]|[ :=]+[0-9A-Z]{5}\b)",
        &["sqlstate"],
    ),
    row(
        "sqlite.error",
        Sql,
        Medium,
        r"\bsqlite3\.(?:OperationalError|IntegrityError|DatabaseError|ProgrammingError)|\bSQLITE_[A-Z]+\b|\bno such (?:table|column): ",
        &["sqlite", "no such table", "no such column"],
    ),
    row(
        "mssql.error",
        Sql,
        High,
        r"Incorrect syntax near|Msg [0-9]+, Level [0-9]+|Unclosed quotation mark after the character string|\b(?:System|Microsoft)\.Data\.SqlClient\b",
        &[
            "incorrect syntax near",
            ", level ",
            "unclosed quotation mark",
            "sqlclient",
        ],
    ),
    row("oracle.error", Sql, Medium, r"\bORA-[0-9]{5}\b", &["ora-"]),
    row(
        "hibernate.error",
        Sql,
        Medium,
        r"\borg\.hibernate\.[\w.]+",
        &["org.hibernate."],
    ),
    row(
        "sqlalchemy.error",
        Sql,
        Medium,
        r"\bsqlalchemy\.(?:exc|orm|engine|dialects)\.\w+",
        &["sqlalchemy."],
    ),
    row(
        "sequelize.error",
        Sql,
        Medium,
        r"\bSequelize[A-Z]\w*Error\b",
        &["sequelize"],
    ),
    row(
        "prisma.error",
        Sql,
        Medium,
        r"\bPrismaClient\w*Error\b|Invalid `prisma\.\w+",
        &["prisma"],
    ),
    row(
        "activerecord.error",
        Sql,
        Medium,
        r"\bActiveRecord::[A-Z]\w+",
        &["activerecord::"],
    ),
    row(
        "efcore.error",
        Sql,
        Medium,
        r"\bMicrosoft\.EntityFrameworkCore[\w.]*|\bSystem\.Data\.Entity[\w.]*",
        &["entityframework", "system.data.entity"],
    ),
    row(
        "sqlx.error",
        Sql,
        Medium,
        r"\bsqlx::[\w:]+|error returned from database: ",
        &["sqlx::", "error returned from database"],
    ),
    row(
        "diesel.error",
        Sql,
        Medium,
        r"\bdiesel::result::[\w:]+",
        &["diesel::"],
    ),
    row(
        "mongodb.error",
        Sql,
        Medium,
        r"\bMongo[A-Za-z]*Error\b|\bE11000 duplicate key",
        &["mongo", "e11000"],
    ),
    row(
        "redis.error",
        Sql,
        Medium,
        r"\bWRONGTYPE Operation|\bredis\.exceptions\.\w+|\bERR unknown command\b",
        &["wrongtype", "redis.exceptions", "err unknown command"],
    ),
    row(
        "sql.select",
        Sql,
        High,
        r#"(?i)\bselect\s+(?:distinct\s+)?(?:\*|count\(\*\)|[\w."`\[\]\\]+(?:\s*,\s*[\w."`\[\]*\\]+)+|[\w"`\[\]\\]+\.[\w."`\[\]*\\]+)\s+from\s+[\w."`\[\]\\]+"#,
        &["select"],
    ),
    row(
        "sql.select_upper",
        Sql,
        High,
        r#"\bSELECT\s+[\w."`\[\]\\]+\s+FROM\s+[\w."`\[\]\\]+"#,
        &["select"],
    ),
    row(
        "sql.insert",
        Sql,
        High,
        r#"(?i)\binsert\s+into\s+[\w."`\[\]\\]+\s*(?:\([^)]*\)\s*)?values\b"#,
        &["insert"],
    ),
    row(
        "sql.update",
        Sql,
        High,
        r#"(?i)\bupdate\s+[\w."`\[\]\\]+\s+set\s+[\w."`\[\]\\]+\s*="#,
        &["update"],
    ),
    row(
        "sql.delete",
        Sql,
        High,
        r#"\bDELETE\s+FROM\s+[\w."`\[\]\\]+|(?i)\bdelete\s+from\s+[\w."`\[\]\\]+(?:\s+where\s|\s*;)"#,
        &["delete"],
    ),
    // ---- paths ---------------------------------------------------------------
    checked(
        row(
            "path.unix_home",
            Path,
            Low,
            r"/(?:home|Users|root)/[\w.@+-]+(?:/[\w.@+-]+)*",
            &["/home/", "/users/", "/root/"],
        ),
        Check::PathStart,
    ),
    checked(
        row(
            "path.unix_system",
            Path,
            Low,
            r"/(?:var/(?:www|lib|log|task|app|cache)|usr/(?:local/)?(?:lib|lib64|share|src|bin)|opt|srv|etc)/[\w.@+-]+(?:/[\w.@+-]+)*",
            &["/var/", "/usr/", "/opt/", "/srv/", "/etc/"],
        ),
        Check::PathStart,
    ),
    checked(
        row(
            "path.app_source",
            Path,
            Low,
            r"/(?:app|src|code|workspace|build|deploy|tmp|data)/[\w.@+/-]*\.(?:js|mjs|cjs|ts|jsx|tsx|py|rb|php|java|go|rs|ex|exs|cs|kt|scala|erb|jsp|vue)\b",
            &[
                "/app/",
                "/src/",
                "/code/",
                "/workspace/",
                "/build/",
                "/deploy/",
                "/tmp/",
                "/data/",
            ],
        ),
        Check::PathStart,
    ),
    row(
        "path.windows",
        Path,
        Low,
        r"\b[A-Za-z]:\\\\?(?:[\w.$@~()-]+(?: [\w.$@~()-]+)*\\{0,2})+",
        &[":\\"],
    ),
    row(
        "path.node_modules",
        Path,
        Low,
        r"node_modules[/\\]+[\w.@+-]+",
        &["node_modules"],
    ),
    row(
        "path.site_packages",
        Path,
        Low,
        r"(?:site|dist)-packages[/\\]+[\w.+-]+",
        &["site-packages", "dist-packages"],
    ),
    row(
        "path.source_line",
        Path,
        Low,
        r"\b[\w-]+(?:\.[\w-]+)*\.(?:py|rb|js|mjs|cjs|ts|go|php|java|kt|cs|ex|exs|rs|scala|erl):[0-9]+\b",
        SOURCE_LINE_ANCHORS,
    ),
    // ---- internal addresses -------------------------------------------------
    checked(
        row(
            "ip.private_v4",
            InternalAddress,
            Medium,
            r"\b(?:10|127|169\.254|172\.(?:1[6-9]|2[0-9]|3[01])|192\.168|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))(?:\.[0-9]{1,3}){2,3}\b",
            &[
                "10.", "127.", "169.254.", "172.1", "172.2", "172.3", "192.168.", "100.",
            ],
        ),
        Check::InternalIp,
    ),
    checked(
        row(
            "ip.internal_v6",
            InternalAddress,
            Medium,
            r"(?i)\b(?:fe[89ab][0-9a-f]|f[cd][0-9a-f]{2})::?[0-9a-f:]*|::1\b",
            &["::", "fe80:", "fd00:", "fc00:"],
        ),
        Check::InternalIp,
    ),
    checked(
        row(
            "host.internal",
            InternalAddress,
            Medium,
            r"(?i)\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:internal|local|corp|lan|intranet|localdomain|consul|home\.arpa)\b",
            &[
                ".internal",
                ".local",
                ".corp",
                ".lan",
                ".intranet",
                ".consul",
                ".home.arpa",
            ],
        ),
        Check::HostEnd,
    ),
    row(
        "host.localhost",
        InternalAddress,
        Medium,
        r"(?i)\blocalhost:[0-9]{1,5}\b|\b[a-z][a-z0-9+.-]*://localhost\b",
        &["localhost"],
    ),
    // ---- banners ---------------------------------------------------------------
    row(
        "banner.server",
        Banner,
        Low,
        r"(?i)\b(?:nginx|apache|microsoft-iis|lighttpd|openresty|caddy|litespeed|gunicorn|uvicorn|werkzeug|kestrel|jetty|apache tomcat|tomcat|php|python|openssl|express|webrick|puma|passenger|node\.js|mod_[a-z_]+)/[0-9]+(?:\.[0-9]+)*[\w.-]*(?: \([A-Za-z][\w ]*\))?",
        &[
            "nginx/",
            "apache/",
            "iis/",
            "lighttpd/",
            "openresty/",
            "caddy/",
            "litespeed/",
            "gunicorn/",
            "uvicorn/",
            "werkzeug/",
            "kestrel/",
            "jetty/",
            "tomcat/",
            "php/",
            "python/",
            "openssl/",
            "express/",
            "webrick/",
            "puma/",
            "passenger/",
            "node.js/",
            "mod_",
        ],
    ),
    row(
        "banner.jetty",
        Banner,
        Low,
        r"(?i)\bjetty\([0-9][\w.-]*\)",
        &["jetty("],
    ),
    // ---- debug pages ---------------------------------------------------------
    row(
        "django.debug",
        DebugPage,
        High,
        r"seeing this error because you have (?:<code>)?DEBUG = True",
        &["debug = true"],
    ),
    row(
        "werkzeug.debugger",
        DebugPage,
        High,
        r"Werkzeug Debugger|The debugger caught an exception",
        &["werkzeug debugger", "the debugger caught an exception"],
    ),
    row(
        "laravel.debug",
        DebugPage,
        High,
        r"Whoops(?:!|,) (?:There was an error|looks like something went wrong)|\bIgnition\b|laravel-ignition|\bIlluminate\\\\{0,1}[A-Z]\w*",
        &["whoops", "ignition", "illuminate\\"],
    ),
    row(
        "rails.debug",
        DebugPage,
        High,
        r"Action Controller: Exception caught|<h1>Routing Error</h1>|Rails\.root: ",
        &[
            "action controller: exception",
            "routing error",
            "rails.root",
        ],
    ),
    row(
        "aspnet.ysod",
        DebugPage,
        High,
        r"Server Error in '[^'\n]*' Application|Microsoft \.NET Framework Version:|An unhandled exception occurred while processing the request",
        &[
            "server error in '",
            ".net framework version",
            "unhandled exception occurred while",
        ],
    ),
    row(
        "spring.whitelabel",
        DebugPage,
        Medium,
        r"Whitelabel Error Page",
        &["whitelabel error page"],
    ),
    row(
        "spring.trace",
        DebugPage,
        High,
        r#""trace"\s*:\s*"[\w.$]+(?:Exception|Error)\b"#,
        &["\"trace\""],
    ),
    row(
        "express.dev",
        DebugPage,
        High,
        r"<pre>[A-Za-z]*Error(?::|<br>)[^<]*(?:<br> ?(?:&nbsp; ?)*at |\n\s+at )",
        &["<pre>"],
    ),
    // ---- secrets ---------------------------------------------------------------
    row(
        "aws.access_key",
        Secret,
        High,
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b",
        &["akia", "asia", "agpa", "aida", "aroa"],
    ),
    row(
        "gcp.api_key",
        Secret,
        High,
        r"\bAIza[0-9A-Za-z_-]{35}",
        &["aiza"],
    ),
    row(
        "private_key",
        Secret,
        High,
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
        &["private key"],
    ),
    row(
        "jwt",
        Secret,
        High,
        r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*",
        &[".eyj"],
    ),
    row(
        "bearer",
        Secret,
        High,
        r"(?i)\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*",
        &["bearer"],
    ),
    row(
        "stripe.live_key",
        Secret,
        High,
        r"\b(?:sk|rk)_live_[0-9A-Za-z]{16,}",
        &["_live_"],
    ),
    row(
        "github.token",
        Secret,
        High,
        r"\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b|\bgithub_pat_[0-9A-Za-z_]{22,}",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    ),
    row(
        "slack.token",
        Secret,
        High,
        r"\bxox[baprs]-[0-9A-Za-z-]{10,}",
        &["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
    ),
    row(
        "google.oauth",
        Secret,
        High,
        r"\bya29\.[0-9A-Za-z_-]{20,}",
        &["ya29."],
    ),
    checked(
        row(
            "dsn.credentials",
            Secret,
            High,
            r#"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@"'<>]*:[^\s/@"'<>]+@[\w.-]+"#,
            &["@"],
        ),
        Check::SecretValue,
    ),
    checked(
        row(
            "env.secret",
            Secret,
            High,
            r#"\b[A-Z][A-Z0-9_]*_(?:URL|DSN|KEY|SECRET|TOKEN|PASSWORD|PASS|PWD)=[^\s"'&]+"#,
            &[
                "_url=",
                "_dsn=",
                "_key=",
                "_secret=",
                "_token=",
                "_password=",
                "_pass=",
                "_pwd=",
            ],
        ),
        Check::SecretValue,
    ),
];

/// Secret assignments are built from [`SECRET_KEY`], so they live outside `TABLE`.
fn assignment_rows() -> [Rule; 2] {
    let quoted = format!(r#"["']?{SECRET_KEY}["']?\s*[:=]\s*(?:"[^"\n]+"|'[^'\n]+')"#);
    let bare = format!(r#"\b{SECRET_KEY}\s*=\s*[^\s&"',;<>]+"#);
    let anchors: Vec<String> = SECRET_KEY_ANCHORS.iter().map(|a| (*a).to_owned()).collect();
    [
        Rule {
            id: "assignment.quoted".into(),
            category: Secret,
            severity: High,
            pattern: Pattern::Regex(quoted),
            anchors: anchors.clone(),
            check: Check::SecretValue,
        },
        Rule {
            id: "assignment.bare".into(),
            category: Secret,
            severity: High,
            pattern: Pattern::Regex(bare),
            anchors,
            check: Check::SecretValue,
        },
    ]
}

/// The card rule: the regex shape; the Luhn checksum runs in code.
fn card_row() -> Rule {
    Rule {
        id: "card.pan".into(),
        category: PersonalData,
        severity: High,
        pattern: Pattern::Regex(r"[0-9](?:[ -]?[0-9]){12,18}".into()),
        anchors: Vec::new(),
        check: Check::Luhn,
    }
}

/// All built-in rules, in table order.
pub(super) fn table() -> Vec<Rule> {
    let mut rules: Vec<Rule> = TABLE
        .iter()
        .map(|r| Rule {
            id: r.id.to_owned(),
            category: r.category,
            severity: r.severity,
            pattern: Pattern::Regex(r.pattern.to_owned()),
            anchors: r.anchors.iter().map(|a| (*a).to_owned()).collect(),
            check: r.check,
        })
        .collect();
    rules.extend(assignment_rows());
    rules.extend(super::coverage::rules());
    rules.push(card_row());
    rules
}
