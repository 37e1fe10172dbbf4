use tightlip_tower::{Problem, PublicError};

#[derive(Debug, thiserror::Error, PublicError)]
#[tightlip(catalog = "../../../../crates/derive/tests/ui/errors.toml")]
enum PaymentError {
    #[public(code = "INSUFFICIENT_FUNDS")]
    #[error("short by {amount}")]
    Short {
        #[public]
        amount: u32,
        #[public]
        currency: &'static str,
        account: String,
    },
    #[internal]
    #[error("database")]
    Database,
}

fn main() {
    let problem: Problem = PaymentError::Short { amount: 5, currency: "EUR", account: "x".into() }.into();
    assert_eq!(problem.status, 409);
    assert_eq!(problem.detail.as_deref(), Some("The balance does not cover 5 EUR."));
    assert_eq!(Problem::from(PaymentError::Database).status, 500);
}
