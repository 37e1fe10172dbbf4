<?php
header('Content-Type: application/json');
http_response_code(422);
echo json_encode(["message" => "The given data was invalid.", "errors" => [
  "password" => ["The password must be at least 12 characters.", "Password must contain a digit."],
  "phone" => ["The phone format is invalid. Use +44 20 7946 0958 style numbers."]]]);
