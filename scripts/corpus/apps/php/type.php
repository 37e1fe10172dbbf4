<?php
declare(strict_types=1);
function applyDiscount(float $price, int $pct): float { return $price * (100 - $pct) / 100; }
echo applyDiscount(19.99, $_GET['pct'] ?? '10');
