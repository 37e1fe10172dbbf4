<?php
namespace App\Billing;

class InvoiceRenderer {
    public function render(int $invoiceId): string {
        throw new \RuntimeException("Template invoice-v2.twig not found in /var/www/shop/templates/billing");
    }
}
function handle(): void {
    (new InvoiceRenderer())->render(1042);
}
handle();
