<?php
// Includes a missing config file -> Warning with absolute path, then fatal require.
include __DIR__ . '/../config/settings.local.php';
echo json_encode(["ok" => true]);
