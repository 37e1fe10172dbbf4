use tightlip_tower::PublicError;

#[derive(Debug, thiserror::Error, PublicError)]
#[tightlip(catalog = "tests/ui/no-such-file.toml")]
enum PaymentError {
    #[internal]
    #[error("db")]
    Database,
}

fn main() {}
