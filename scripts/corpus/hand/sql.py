"""Hand-made database error leaks (engines and ORMs not run on this machine)."""
from common import leak, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, PROBLEM, html_page

C = "sql"

S = []  # (name, status, headers, body, note, kw)


def add(name, status, headers, body, note, **kw):
    S.append((name, status, headers, body, note, kw))


# --- PostgreSQL
add("postgres-relation-missing-text", 500, TEXT,
    'ERROR:  relation "users" does not exist\nLINE 1: SELECT id, email, password_digest FROM users WHERE email = $1\n                                                  ^\n',
    "raw psql-style ERROR with LINE and caret")
add("psycopg2-undefined-column-json", 500, JSON, js({"error": "psycopg2.errors.UndefinedColumn: column \"deleted_at\" does not exist\nLINE 1: ...ELECT id, name FROM projects WHERE tenant_id = 42 AND deleted_at...\n                                                             ^\nHINT:  Perhaps you meant to reference the column \"projects.deleted_on\".\n"}),
    "psycopg2 UndefinedColumn with HINT")
add("sqlalchemy-programming-error", 500, JSON, js({"detail": "(psycopg2.errors.UndefinedTable) relation \"invoice_lines\" does not exist\nLINE 1: SELECT invoice_lines.id, invoice_lines.amount FROM invoice_lines WHERE invoice_lines.invoice_id = %(invoice_id_1)s\n                                                                      ^\n\n[SQL: SELECT invoice_lines.id, invoice_lines.amount \nFROM invoice_lines \nWHERE invoice_lines.invoice_id = %(invoice_id_1)s]\n[parameters: {'invoice_id_1': 1042}]\n(Background on this error at: https://sqlalche.me/e/20/f405)"}),
    "SQLAlchemy ProgrammingError with [SQL:] and [parameters:]")
add("sqlalchemy-integrity-asyncpg", 409, TEXT, "sqlalchemy.exc.IntegrityError: (sqlalchemy.dialects.postgresql.asyncpg.IntegrityError) <class 'asyncpg.exceptions.UniqueViolationError'>: duplicate key value violates unique constraint \"ix_users_email\"\nDETAIL:  Key (email)=(maria.lopez@example.com) already exists.\n[SQL: INSERT INTO users (email, hashed_password, is_active) VALUES ($1::VARCHAR, $2::VARCHAR, $3::BOOLEAN) RETURNING users.id]\n[parameters: ('maria.lopez@example.com', '$2b$12$Qm9vYmFyYmF6cXV4MTIzNO0yN2s9Lk3mFhS8v1wJpQe', True)]\n",
    "SQLAlchemy asyncpg unique violation with DETAIL and bound params (incl. hash)")
add("pg-node-postgres-json", 500, JSON_UTF8, js({"length": 104, "name": "error", "severity": "ERROR", "code": "42P01", "position": "15", "file": "parse_relation.c", "line": "1392", "routine": "parserOpenTable", "message": "relation \"audit_log\" does not exist", "query": "INSERT INTO audit_log (actor_id, action, payload) VALUES ($1, $2, $3)"}),
    "node-postgres error object serialized whole")
add("pgx-go-sqlstate", 500, JSON, js({"error": "ERROR: duplicate key value violates unique constraint \"accounts_slug_key\" (SQLSTATE 23505)"}), "Go pgx error with SQLSTATE")
add("jdbc-psqlexception", 500, TEXT, "org.postgresql.util.PSQLException: ERROR: column \"createdat\" of relation \"event\" does not exist\n  Position: 52\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2713)\n\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)\n",
    "PgJDBC PSQLException with position")
add("pg-permission-denied", 403, JSON, js({"message": "permission denied for table payroll", "code": "42501", "hint": None, "details": None}),
    "PostgREST-style error passthrough (permission denied for table)")
add("postgrest-bad-column", 400, JSON, js({"code": "42703", "details": None, "hint": None, "message": "column employees.salary_band does not exist"}), "PostgREST 42703 error body")
add("cockroach-retry", 500, TEXT, "pq: restart transaction: TransactionRetryWithProtoRefreshError: TransactionRetryError: retry txn (RETRY_SERIALIZABLE - failed preemptive refresh): \"sql txn\" meta={id=3b4f1e2a key=/Table/112/1/\"acct-99\"/0 pri=0.01 epo=0 ts=1715678467.123456789,1 min=1715678467.0,0 seq=3} lock=true stat=PENDING\nHINT: See: https://www.cockroachlabs.com/docs/v23.1/transaction-retry-error-reference.html#retry_serializable\n",
    "CockroachDB retry error with key span")
add("sqlx-rust-relation", 500, TEXT, "error returned from database: relation \"sessions\" does not exist\n\nCaused by:\n    relation \"sessions\" does not exist\n", "sqlx (Rust) database error")
add("diesel-unique-violation", 409, JSON, js({"error": "DatabaseError(UniqueViolation, \"duplicate key value violates unique constraint \\\"users_email_key\\\"\")"}), "Diesel DatabaseError debug format")
add("rails-activerecord-undefined-table", 500, TEXT, "ActiveRecord::StatementInvalid (PG::UndefinedTable: ERROR:  relation \"subscriptions\" does not exist\nLINE 8:  WHERE a.attrelid = '\"subscriptions\"'::regclass\n                             ^\n):\n\napp/models/account.rb:41:in `active_plan'\n",
    "ActiveRecord StatementInvalid PG::UndefinedTable")
add("activerecord-recordnotunique-json", 422, JSON, js({"status": 422, "error": "PG::UniqueViolation: ERROR:  duplicate key value violates unique constraint \"index_users_on_email\"\nDETAIL:  Key (email)=(j.smith@example.com) already exists.\n: INSERT INTO \"users\" (\"email\", \"encrypted_password\", \"created_at\", \"updated_at\") VALUES ($1, $2, $3, $4) RETURNING \"id\""}),
    "ActiveRecord RecordNotUnique with INSERT text")
add("django-psycopg-programmingerror", 500, TEXT, "ProgrammingError at /api/reports/\ncolumn reports_report.owner_id does not exist\nLINE 1: ...report\".\"title\", \"reports_report\".\"created\", \"reports_...\n                                                             ^\n\nRequest Method: GET\nRequest URL: https://reports.example.com/api/reports/\nDjango Version: 4.2.11\nException Type: ProgrammingError\nException Value: column reports_report.owner_id does not exist\n",
    "Django plain-text technical 500 for psycopg ProgrammingError")
# --- MySQL / MariaDB
add("mysql-syntax-error-php", 200, HTML, "<html><body>\nYou have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''1'' ORDER BY created_at DESC LIMIT 10' at line 1\n</body></html>\n",
    "classic mysqli_error() output after a quote in input")
add("mysql-syntax-error-json", 500, JSON, js({"code": "ER_PARSE_ERROR", "errno": 1064, "sqlMessage": "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'WHERE id = 7' at line 1", "sqlState": "42000", "index": 0, "sql": "UPDATE products SET price = 12.50, WHERE id = 7"}),
    "node mysql2 error object with sql field")
add("mariadb-syntax-error", 500, TEXT, "(conn=1183, no: 1064, SQLState: 42000) You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'group WHERE id=3' at line 1\nsql: SELECT * FROM group WHERE id=3 - parameters:[]\n",
    "MariaDB Connector/J error with SQL")
add("pymysql-duplicate-entry", 409, JSON, js({"detail": "(pymysql.err.IntegrityError) (1062, \"Duplicate entry 'ana@example.org' for key 'users.email'\")"}), "PyMySQL IntegrityError 1062")
add("gorm-duplicate-entry", 409, JSON, js({"error": "Error 1062 (23000): Duplicate entry 'acme-corp' for key 'tenants.idx_tenants_slug'"}), "Go MySQL driver via GORM")
add("mysql-access-denied", 503, TEXT, "SQLSTATE[HY000] [1045] Access denied for user 'shop_rw'@'10.0.2.15' (using password: YES)\n", "PDO MySQL access denied naming user and host")
add("laravel-queryexception-json", 500, JSON, js({"message": "SQLSTATE[23000]: Integrity constraint violation: 1452 Cannot add or update a child row: a foreign key constraint fails (`shop`.`order_items`, CONSTRAINT `order_items_order_id_foreign` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`)) (Connection: mysql, SQL: insert into `order_items` (`order_id`, `sku`, `qty`) values (99123, SKU-77, 2))", "exception": "Illuminate\\Database\\QueryException", "file": "/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 829}),
    "Laravel QueryException with Connection and SQL")
add("doctrine-dbal-exception", 500, HTML, html_page("An exception occurred", "<h1>Oops! An Error Occurred</h1><p>An exception occurred while executing a query: SQLSTATE[42S22]: Column not found: 1054 Unknown column 't0.archived' in 'where clause'</p><pre>SELECT t0.id AS id_1, t0.title AS title_2 FROM article t0 WHERE t0.archived = ?</pre>"),
    "Doctrine DBAL exception in HTML with SQL")
add("mysql-jdbc-communications-link", 500, TEXT, "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\nThe last packet sent successfully to the server was 0 milliseconds ago. The driver has not received any packets from the server.\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:174)\n", "MySQL Connector/J link failure")
add("wordpress-db-error", 500, HTML, "<div id=\"error\"><p class=\"wpdberror\"><strong>WordPress database error:</strong> [Table 'wp_prod.wp_wc_orders' doesn't exist]<br /><code>SELECT id FROM wp_wc_orders WHERE customer_id = 17 ORDER BY date_created_gmt DESC</code></p></div>",
    "WordPress wpdb error with query")
# --- SQL Server
add("mssql-incorrect-syntax", 500, TEXT, "Microsoft.Data.SqlClient.SqlException (0x80131904): Incorrect syntax near the keyword 'ORDER'.\n   at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)\n   at Contoso.Data.Reports.RunAsync(String filter) in C:\\build\\Contoso\\Data\\Reports.cs:line 88\nClientConnectionId:6a1b2c3d-4e5f-6789-abcd-ef0123456789\nError Number:156,State:1,Class:15\n",
    "SqlClient Incorrect syntax near with error number")
add("mssql-odbc-classic-asp", 500, HTML, "<font face=\"Arial\" size=2>\n<p>Microsoft OLE DB Provider for ODBC Drivers</font> <font face=\"Arial\" size=2>error '80040e14'</font>\n<p>\n<font face=\"Arial\" size=2>[Microsoft][ODBC SQL Server Driver][SQL Server]Unclosed quotation mark after the character string ''.</font>\n<p>\n<font face=\"Arial\" size=2>/products/detail.asp</font><font face=\"Arial\" size=2>, line 33</font>\n",
    "classic ASP ODBC error")
add("ef-core-dbupdate", 500, JSON_UTF8, js({"title": "DbUpdateException", "detail": "An error occurred while saving the entity changes. See the inner exception for details. ---> Microsoft.Data.SqlClient.SqlException (0x80131904): Violation of PRIMARY KEY constraint 'PK_OrderLines'. Cannot insert duplicate key in object 'dbo.OrderLines'. The duplicate key value is (10248, 11).\nThe statement has been terminated."}),
    "Entity Framework Core DbUpdateException with inner SqlException")
add("ef6-entitycommand", 500, TEXT, "System.Data.Entity.Core.EntityCommandExecutionException: An error occurred while executing the command definition. See the inner exception for details. ---> System.Data.SqlClient.SqlException: Invalid object name 'dbo.CustomerAddresses'.\n", "EF6 EntityCommandExecutionException")
add("mssql-conversion-failed", 400, JSON, js({"Message": "Conversion failed when converting the nvarchar value 'abc' to data type int.", "Procedure": "usp_GetInvoice", "LineNumber": 14, "Server": "SQLPROD01\\BILLING"}), "SQL Server conversion error with proc and instance name")
add("mssql-deadlock", 500, TEXT, "Transaction (Process ID 74) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.\nSQL: UPDATE Inventory SET Qty = Qty - @p0 WHERE Sku = @p1\n", "SQL Server deadlock with statement")
# --- Oracle
add("oracle-ora-00942", 500, TEXT, "java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist\n\n\tat oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:629)\n\tat oracle.jdbc.driver.T4CPreparedStatement.executeForDescribe(T4CPreparedStatement.java:774)\n",
    "Oracle ORA-00942 via JDBC")
add("oracle-ora-00001-json", 409, JSON, js({"errorCode": "ORA-00001", "message": "ORA-00001: unique constraint (BILLING.PK_INVOICE) violated"}), "Oracle unique constraint with schema")
add("oracle-ora-01756-html", 500, HTML, html_page("Error", "<h2>Database error</h2><p>ORA-01756: quoted string not properly terminated</p><p>Statement: SELECT * FROM CUSTOMERS WHERE LAST_NAME = 'O'Brien'</p>"), "Oracle quoting error with statement in HTML")
add("oracle-plsql-stack", 500, TEXT, "ORA-06502: PL/SQL: numeric or value error: character string buffer too small\nORA-06512: at \"HR.PKG_PAYROLL\", line 214\nORA-06512: at line 1\n", "PL/SQL error stack")
# --- Java ORMs
add("hibernate-sqlgrammar", 500, JSON, js({"timestamp": "2024-05-14T09:21:07.512+00:00", "status": 500, "error": "Internal Server Error", "message": "could not prepare statement [Table \"CUSTOMER_ORDER\" not found; SQL statement:\nselect co1_0.id,co1_0.total from customer_order co1_0 where co1_0.customer_id=? [42102-224]] [select co1_0.id,co1_0.total from customer_order co1_0 where co1_0.customer_id=?]; SQL [select co1_0.id,co1_0.total from customer_order co1_0 where co1_0.customer_id=?]", "path": "/api/customers/5/orders"}),
    "Hibernate 6 on H2: could not prepare statement with SQL")
add("spring-badsqlgrammar", 500, TEXT, "org.springframework.jdbc.BadSqlGrammarException: PreparedStatementCallback; bad SQL grammar [SELECT id, sku, qty FROM stock_levels WHERE warehouse = ?]\n\tat org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator.doTranslate(SQLErrorCodeSQLExceptionTranslator.java:248)\nCaused by: org.postgresql.util.PSQLException: ERROR: relation \"stock_levels\" does not exist\n",
    "Spring JDBC BadSqlGrammarException")
add("mybatis-error-querying", 500, TEXT, "### Error querying database.  Cause: java.sql.SQLSyntaxErrorException: Unknown column 'u.nick_name' in 'field list'\n### The error may exist in com/acme/user/mapper/UserMapper.xml\n### The error may involve com.acme.user.mapper.UserMapper.selectById-Inline\n### The error occurred while setting parameters\n### SQL: SELECT u.id, u.nick_name, u.mobile FROM t_user u WHERE u.id = ?\n### Cause: java.sql.SQLSyntaxErrorException: Unknown column 'u.nick_name' in 'field list'\n",
    "MyBatis ### error block with mapper and SQL")
add("jooq-dataaccess", 500, JSON, js({"error": "org.jooq.exception.DataAccessException: SQL [select \"public\".\"book\".\"id\" from \"public\".\"book\" where \"public\".\"book\".\"isbn\" = ?]; ERROR: operator does not exist: integer = character varying"}), "jOOQ DataAccessException")
add("h2-table-not-found", 500, TEXT, "org.h2.jdbc.JdbcSQLSyntaxErrorException: Table \"APP_USER\" not found (this database is empty); SQL statement:\nSELECT * FROM APP_USER WHERE USERNAME = ? [42104-214]\n", "H2 error with SQL statement")
# --- Node ORMs
add("sequelize-database-error", 500, JSON_UTF8, js({"name": "SequelizeDatabaseError", "parent": {"code": "42703", "sql": "SELECT \"id\", \"title\", \"slug\" FROM \"Posts\" AS \"Post\" WHERE \"Post\".\"publishedAt\" IS NOT NULL;"}, "original": {"message": "column \"publishedAt\" does not exist"}, "sql": "SELECT \"id\", \"title\", \"slug\" FROM \"Posts\" AS \"Post\" WHERE \"Post\".\"publishedAt\" IS NOT NULL;"}),
    "SequelizeDatabaseError serialized with sql")
add("sequelize-unique-constraint", 400, JSON_UTF8, js({"message": "Validation error", "errors": [{"message": "email must be unique", "type": "unique violation", "path": "email", "value": "li.wei@example.com"}], "sql": "INSERT INTO `Users` (`id`,`email`,`password`) VALUES (DEFAULT,?,?);"}),
    "SequelizeUniqueConstraintError with INSERT")
add("prisma-p2002", 409, JSON, js({"error": "\nInvalid `prisma.user.create()` invocation in\n/app/src/routes/users.ts:31:37\n\n  28 router.post('/', async (req, res) => {\n  29   const data = req.body;\n  30   try {\n→ 31     const user = await prisma.user.create(\nUnique constraint failed on the fields: (`email`)", "code": "P2002", "meta": {"target": ["email"]}}),
    "Prisma P2002 with invocation source excerpt")
add("prisma-p1001-db-unreachable", 503, JSON, js({"message": "Can't reach database server at `pg-primary.internal:5432`\n\nPlease make sure your database server is running at `pg-primary.internal:5432`.", "errorCode": "P1001", "clientVersion": "5.10.2"}), "Prisma P1001 with DB host")
add("typeorm-query-failed", 500, JSON, js({"statusCode": 500, "message": "QueryFailedError: duplicate key value violates unique constraint \"UQ_97672ac88f789774dd47f7c8be3\"", "query": "INSERT INTO \"user\"(\"id\", \"email\", \"password\") VALUES (DEFAULT, $1, $2) RETURNING \"id\"", "parameters": ["ops@example.com", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$Y2hhc2hoYXNo"]}),
    "TypeORM QueryFailedError with query and parameters")
add("knex-insert-error", 500, TEXT, "insert into \"carts\" (\"user_id\", \"sku\") values ($1, $2) - insert or update on table \"carts\" violates foreign key constraint \"carts_user_id_foreign\"\n", "knex error message prefixing the SQL")
add("drizzle-sql-error", 500, JSON, js({"message": "Failed query: select \"id\", \"name\" from \"teams\" where \"teams\".\"org_id\" = $1\nparams: 17", "cause": "relation \"teams\" does not exist"}), "Drizzle failed query + params")
# --- NoSQL and others
add("mongodb-e11000", 409, JSON, js({"ok": 0, "errmsg": "E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: \"ana@example.org\" }", "code": 11000, "codeName": "DuplicateKey", "keyPattern": {"email": 1}, "keyValue": {"email": "ana@example.org"}}),
    "MongoDB E11000 duplicate key")
add("mongoose-cast-error", 400, JSON, js({"message": "Cast to ObjectId failed for value \"latest\" (type string) at path \"_id\" for model \"Order\"", "name": "CastError", "stringValue": "\"latest\"", "kind": "ObjectId", "value": "latest", "path": "_id", "reason": {}}), "Mongoose CastError")
add("mongo-bad-query-operator", 500, TEXT, "MongoServerError: unknown top level operator: $where2. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.\n    at Connection.onMessage (/srv/api/node_modules/mongodb/lib/cmap/connection.js:202:26)\n", "MongoServerError with driver path")
add("redis-wrongtype", 500, JSON, js({"error": "WRONGTYPE Operation against a key holding the wrong kind of value", "command": "HGETALL session:6f1c0e2a"}), "Redis WRONGTYPE with command and key")
add("redis-noauth", 503, TEXT, "ReplyError: NOAUTH Authentication required.\n    at parseError (/app/node_modules/redis-parser/lib/parser.js:179:12)\n", "Redis NOAUTH")
add("cassandra-invalid-request", 400, JSON, js({"error": "InvalidRequest: Error from server: code=2200 [Invalid query] message=\"Undefined column name user_tier in table ks_prod.sessions\""}), "Cassandra invalid query with keyspace")
add("elasticsearch-query-error", 400, JSON, js({"error": {"root_cause": [{"type": "query_shard_exception", "reason": "failed to create query: For input string: \"abc\"", "index_uuid": "e3Qp1xTzS9m0cRr5dQm3Ig", "index": "orders-2024.05"}], "type": "search_phase_execution_exception", "reason": "all shards failed", "phase": "query", "grouped": True}, "status": 400}),
    "Elasticsearch error passthrough with index names")
add("clickhouse-exception", 500, TEXT, "Code: 60. DB::Exception: Table analytics.events_local does not exist. (UNKNOWN_TABLE) (version 23.8.2.7 (official build))\n", "ClickHouse DB::Exception with version")
add("db2-sql0204n", 500, TEXT, "DB2 SQL Error: SQLCODE=-204, SQLSTATE=42704, SQLERRMC=PRODLIB.CUSTMAST, DRIVER=4.26.14\n", "DB2 SQLCODE")
add("sqlite-python-operational", 500, JSON, js({"error": "sqlite3.OperationalError: database is locked", "db": "/var/lib/inventory/inventory.db"}), "SQLite locked with db path")
add("raw-sql-echo-debug", 200, JSON, js({"data": [], "debug": {"queries": [{"sql": "SELECT * FROM `orders` WHERE `user_id` = 42 AND `status` IN ('paid','shipped') ORDER BY `created_at` DESC LIMIT 20", "time_ms": 3.2}, {"sql": "SELECT COUNT(*) AS aggregate FROM `orders` WHERE `user_id` = 42", "time_ms": 0.8}]}}),
    "debug query log echoed in a 200 response")
add("raw-sql-in-html-comment", 200, HTML, html_page("Products", "<h1>Products</h1>\n<!-- query: SELECT p.id, p.name, p.cost_price FROM products p JOIN suppliers s ON s.id = p.supplier_id WHERE s.active = 1 -->\n<ul><li>Lamp</li></ul>"), "SQL left in an HTML comment")
add("sql-in-graphql-error", 200, JSON, js({"data": None, "errors": [{"message": "select \"orders\".* from \"orders\" where \"customer_id\" = $1 limit $2 - column \"customer_id\" does not exist", "locations": [{"line": 2, "column": 3}], "path": ["customer", "orders"], "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}),
    "GraphQL error passing through knex SQL")
add("supabase-pg-error-gzip", 400, JSON, js({"code": "23503", "details": "Key (team_id)=(9c1f6a2e-1d4b-4f8a-b1e0-3c2d1e0f9a8b) is not present in table \"teams\".", "hint": None, "message": "insert or update on table \"members\" violates foreign key constraint \"members_team_id_fkey\""}),
    "Postgres FK violation passthrough, gzip", gzip=True)
add("mysql-syntax-gzip", 500, HTML, "<html><body><b>Warning</b>: mysqli_query(): (42000/1064): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '\\' AND active=1' at line 1 in <b>/var/www/html/search.php</b> on line <b>27</b></body></html>",
    "mysqli warning with syntax error, gzip", gzip=True)
add("oracle-ora-00933-chunked", 500, TEXT, "Error while fetching report\nORA-00933: SQL command not properly ended\nSELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY 2 DESC FETCH FIRST 10 ROWS ONLY;\n", "Oracle error, chunked", chunked=True, chunk_size=40)
add("sqlalchemy-operational-chunked", 500, TEXT, "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at \"10.1.4.22\", port 5432 failed: FATAL:  password authentication failed for user \"reporting\"\n\n(Background on this error at: https://sqlalche.me/e/20/e3q8)\n",
    "SQLAlchemy connection failure, chunked", chunked=True, chunk_size=64)


def main():
    for name, status, headers, body, note, kw in S:
        leak(C, name, status, headers, body, note, **kw)
    save_meta("hand_sql")


if __name__ == "__main__":
    main()
