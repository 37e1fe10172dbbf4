<?php
// Calls an undefined method on a failed query result -> uncaught Error with stack trace.
class Cart {
    public function load(array $ids) {
        $res = false;
        return $res->fetch();
    }
}
$cart = new Cart();
$cart->load([1, 2, 3]);
