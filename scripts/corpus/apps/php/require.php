<?php
require '/var/www/shop/config/database.php';
