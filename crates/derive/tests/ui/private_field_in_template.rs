use tightlip_tower::PublicError;

#[derive(Debug, thiserror::Error, PublicError)]
#[tightlip(catalog = "../../../../crates/derive/tests/ui/errors.toml")]
enum PaymentError {
    #[public(code = "INSUFFICIENT_FUNDS")]
    #[error("short")]
    Short {
        #[public]
        amount: u32,
        currency: String,
    },
}

fn main() {}
