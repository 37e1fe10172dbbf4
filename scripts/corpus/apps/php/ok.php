<?php
header('Content-Type: application/problem+json');
http_response_code(403);
echo json_encode(["type" => "https://api.example.com/problems/forbidden", "title" => "Forbidden",
                  "status" => 403, "detail" => "Your API key does not grant access to invoices. Ask an administrator for the invoices:read scope."]);
