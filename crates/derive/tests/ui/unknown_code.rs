use tightlip_tower::PublicError;

#[derive(Debug, thiserror::Error, PublicError)]
#[tightlip(catalog = "../../../../crates/derive/tests/ui/errors.toml")]
enum PaymentError {
    #[public(code = "INSUFICIENT_FUNDS")]
    #[error("short")]
    Short,
}

fn main() {}
