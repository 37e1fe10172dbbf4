//! Built-in rules for stacks beyond the big ones: more databases, runtimes, products and
//! credential formats, each added for a labelled sample in `tests/corpus/` that the main
//! table missed.

use super::{Check, Pattern, Rule};
use crate::finding::{Category, Severity};

fn rule(id: &str, category: Category, severity: Severity, pattern: &str, anchors: &[&str]) -> Rule {
    Rule {
        id: id.to_owned(),
        category,
        severity,
        pattern: Pattern::Regex(pattern.to_owned()),
        anchors: anchors.iter().map(|a| (*a).to_owned()).collect(),
        check: Check::None,
    }
}

/// The rules, in table order.
pub(super) fn rules() -> Vec<Rule> {
    let mut rules = stack_traces();
    rules.extend(databases());
    rules.extend(data_layers());
    rules.extend(paths());
    rules.extend(banners());
    rules.extend(debug_pages());
    rules.extend(secrets());
    rules
}

fn stack_traces() -> Vec<Rule> {
    use Category::StackTrace;
    use Severity::Medium;
    vec![
        rule(
            "node.internal",
            StackTrace,
            Medium,
            r"\bnode:internal/[\w/.-]+(?::[0-9]+)?|\[UnhandledPromiseRejection:",
            &["node:internal/", "[unhandledpromiserejection"],
        ),
        rule(
            "haskell.callstack",
            StackTrace,
            Medium,
            r"CallStack \(from HasCallStack\):|\bcalled at [\w/.-]+\.hs:[0-9]+:[0-9]+",
            &["callstack (from hascallstack)", ".hs:"],
        ),
        rule(
            "dart.frame",
            StackTrace,
            Medium,
            r"#[0-9]+\s+\S+ \((?:dart:|package:)[^)\n]+:[0-9]+:[0-9]+\)",
            &["(dart:", "(package:"],
        ),
        rule(
            "swift.fatal",
            StackTrace,
            Medium,
            r"Fatal error: [^\n]*\bfile [\w/.-]+\.swift, line [0-9]+|\blibswiftCore\.(?:so|dylib)\b",
            &[".swift, line", "libswiftcore"],
        ),
    ]
}

fn databases() -> Vec<Rule> {
    use Category::Sql;
    use Severity::Medium;
    vec![
        rule(
            "cassandra.error",
            Sql,
            Medium,
            r"Error from server: code=[0-9]+|\[Invalid query\]",
            &["error from server: code=", "[invalid query]"],
        ),
        rule(
            "clickhouse.exception",
            Sql,
            Medium,
            r"\bDB::Exception:",
            &["db::exception:"],
        ),
        rule(
            "diesel.database_error",
            Sql,
            Medium,
            r"\bDatabaseError\((?:UniqueViolation|ForeignKeyViolation|NotNullViolation|CheckViolation|SerializationFailure|ReadOnlyTransaction|ClosedConnection|Unknown)",
            &["databaseerror("],
        ),
        rule(
            "postgres.missing_object",
            Sql,
            Medium,
            r#"(?i)\b(?:column|relation|table|schema|function|database|role|sequence|type|operator) \\?"?[\w$]+(?:\\?"?\.\\?"?[\w$]+)*\\?"? does not exist"#,
            &["does not exist"],
        ),
        rule(
            "postgres.permission",
            Sql,
            Medium,
            r"\bpermission denied for (?:table|relation|schema|sequence|database|function|view) \w+",
            &["permission denied for "],
        ),
        rule(
            "postgres.constraint",
            Sql,
            Medium,
            r"\bviolates (?:unique|foreign key|not-null|check|exclusion) constraint\b",
            &["violates "],
        ),
        rule(
            "postgrest.sqlstate",
            Sql,
            Medium,
            r#""code"\s*:\s*"(?:08|22|23|25|28|40|42|53|54|55|57|58|P0|XX)[0-9A-Z]{3}""#,
            &["\"hint\"", "\"details\""],
        ),
    ]
}

/// Errors of ORMs, drivers and other data stores.
fn data_layers() -> Vec<Rule> {
    use Category::Sql;
    use Severity::Medium;
    vec![
        rule(
            "drizzle.failed_query",
            Sql,
            Medium,
            r"\bFailed query: ",
            &["failed query: "],
        ),
        rule(
            "elasticsearch.exception",
            Sql,
            Medium,
            r#""type"\s*:\s*"[a-z_]+_exception""#,
            &["_exception\""],
        ),
        rule(
            "mysql.duplicate_entry",
            Sql,
            Medium,
            r"\bDuplicate entry '[^'\n]*' for key '[^'\n]+'|\bError [0-9]{4} \([0-9A-Z]{5}\):",
            &[
                "duplicate entry",
                "(23000)",
                "(42s02)",
                "(42s22)",
                "(42000)",
                "(hy000)",
            ],
        ),
        rule(
            "mongoose.cast_error",
            Sql,
            Medium,
            r"\bCast to \w+ failed for value\b|\bCastError\b",
            &["cast to ", "casterror"],
        ),
        rule(
            "mssql.conversion",
            Sql,
            Medium,
            r"\bConversion failed when converting\b|\bArithmetic overflow error converting\b",
            &[
                "conversion failed when converting",
                "arithmetic overflow error",
            ],
        ),
        rule(
            "typeorm.query_failed",
            Sql,
            Medium,
            r"\bQueryFailedError\b|\bEntityNotFoundError\b|\bEntityMetadataNotFoundError\b",
            &[
                "queryfailederror",
                "entitynotfounderror",
                "entitymetadatanotfounderror",
            ],
        ),
    ]
}

fn paths() -> Vec<Rule> {
    use Category::Path;
    use Severity::Low;
    vec![
        rule(
            "path.windows_forward",
            Path,
            Low,
            r"(?:^|[^A-Za-z0-9])[A-Za-z]:/(?:[\w .-]+/)+[\w .-]+\.\w+",
            &["c:/", "d:/", "e:/"],
        ),
        rule(
            "path.unix_runtime",
            Path,
            Low,
            r"/(?:var/run|run/secrets|proc/self|dev/shm)/[\w.@+-]+(?:/[\w.@+-]+)*",
            &["/var/run/", "/run/secrets/", "/proc/self/", "/dev/shm/"],
        ),
    ]
}

fn banners() -> Vec<Rule> {
    use Category::Banner;
    use Severity::Low;
    vec![
        rule(
            "banner.product_version",
            Banner,
            Low,
            r"\b(?:Caddy|Oracle WebLogic Server|WebLogic Server|WordPress|Drupal|Joomla!?|Apache Tomcat|Tomcat|GlassFish(?: Server Open Source Edition)?|WildFly|JBoss(?: EAP)?|Jetty|Kestrel|OpenResty|LiteSpeed|lighttpd|Varnish|Envoy|Traefik|HAProxy|Microsoft-IIS|Werkzeug|gunicorn|uvicorn|Express|Phusion Passenger)[ /]v?[0-9]+\.[0-9]+(?:\.[0-9]+)*",
            &[
                "caddy",
                "weblogic",
                "wordpress",
                "drupal",
                "joomla",
                "tomcat",
                "glassfish",
                "wildfly",
                "jboss",
                "jetty",
                "kestrel",
                "openresty",
                "litespeed",
                "lighttpd",
                "varnish",
                "envoy",
                "traefik",
                "haproxy",
                "microsoft-iis",
                "werkzeug",
                "gunicorn",
                "uvicorn",
                "express",
                "passenger",
            ],
        ),
        rule(
            "banner.go_version",
            Banner,
            Low,
            r"\bgo1\.[0-9]+(?:\.[0-9]+)?\b",
            &["go1."],
        ),
    ]
}

fn debug_pages() -> Vec<Rule> {
    use Category::DebugPage;
    use Severity::High;
    vec![
        rule(
            "go.pprof",
            DebugPage,
            High,
            r"/debug/pprof/?",
            &["/debug/pprof"],
        ),
        rule(
            "spring.actuator",
            DebugPage,
            High,
            r#""(?:dispatcherServlets|propertySources|activeProfiles|threadDump|heapdump)"\s*:"#,
            &[
                "\"dispatcherservlets\"",
                "\"propertysources\"",
                "\"activeprofiles\"",
                "\"threaddump\"",
                "\"heapdump\"",
            ],
        ),
    ]
}

fn secrets() -> Vec<Rule> {
    use Category::Secret;
    use Severity::High;
    vec![
        rule(
            "azure.storage_key",
            Secret,
            High,
            r"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=[A-Za-z0-9+/=%]{16,}",
            &["accountkey=", "sharedaccesskey=", "sharedaccesssignature="],
        ),
        rule(
            "basic_auth.echo",
            Secret,
            High,
            r"(?i:authorization)\s*[:=]\s*Basic [A-Za-z0-9+/]{8,}={0,2}",
            &["authorization"],
        ),
        rule(
            "google.api_key_loose",
            Secret,
            High,
            r"\bAIza[0-9A-Za-z_-]{30,}",
            &["aiza"],
        ),
        rule(
            "sendgrid.key",
            Secret,
            High,
            r"\bSG\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
            &["sg."],
        ),
        rule(
            "slack.webhook",
            Secret,
            High,
            r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{10,}",
            &["hooks.slack.com/"],
        ),
        rule(
            "discord.webhook",
            Secret,
            High,
            r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]+",
            &["/api/webhooks/"],
        ),
        rule(
            "npm.token",
            Secret,
            High,
            r"\bnpm_[A-Za-z0-9]{36}\b",
            &["npm_"],
        ),
        rule(
            "openai.key",
            Secret,
            High,
            r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}",
            &["sk-"],
        ),
    ]
}
