<?php
// SQLite3 extension (not PDO): warning with the SQL error, then fatal on false.
$db = new SQLite3(sys_get_temp_dir() . '/php-shop.sqlite3');
$q = $_GET['q'] ?? '';
$res = $db->query("SELECT sku, title FROM products WHERE title LIKE '%" . $q . "%'");
while ($row = $res->fetchArray()) { echo $row['title'], "\n"; }
