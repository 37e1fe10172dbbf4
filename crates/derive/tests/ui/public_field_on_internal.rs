use tightlip_tower::PublicError;

#[derive(Debug, thiserror::Error, PublicError)]
enum PaymentError {
    #[internal]
    #[error("db {host}")]
    Database {
        #[public]
        host: String,
    },
}

fn main() {}
