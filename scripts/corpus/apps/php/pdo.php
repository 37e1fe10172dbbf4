<?php
// Real PDO/SQLite exception, uncaught -> message with SQLSTATE and stack trace.
$pdo = new PDO('sqlite:' . sys_get_temp_dir() . '/php-shop.sqlite3');
$pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
$id = $_GET['id'] ?? '1';
$stmt = $pdo->query("SELECT id, email, password FROM customers WHERE id = " . $id);
print_r($stmt->fetchAll());
