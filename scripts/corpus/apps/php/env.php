<?php
// "health" endpoint dumping getenv() -> secrets.
header('Content-Type: application/json');
http_response_code(503);
echo json_encode(["status" => "degraded", "env" => ["DB_DSN" => getenv('DB_DSN'), "DB_PASSWORD" => getenv('DB_PASSWORD'),
                  "MAIL_PASSWORD" => getenv('MAIL_PASSWORD'), "APP_KEY" => getenv('APP_KEY')]], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES);
