<?php
// Catches the PDOException but sends its details to the client as JSON.
header('Content-Type: application/json');
try {
    $pdo = new PDO('sqlite:' . sys_get_temp_dir() . '/php-shop.sqlite3');
    $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $pdo->exec("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, ref TEXT UNIQUE NOT NULL)");
    $pdo->exec("INSERT OR IGNORE INTO orders (id, ref) VALUES (1, 'PO-1')");
    $sql = "INSERT INTO orders (ref) VALUES ('PO-1')";
    $pdo->exec($sql);
} catch (PDOException $e) {
    http_response_code(500);
    echo json_encode(["error" => $e->getMessage(), "code" => $e->getCode(), "query" => $sql,
                      "file" => $e->getFile(), "line" => $e->getLine(), "trace" => $e->getTraceAsString()]);
}
