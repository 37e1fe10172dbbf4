use tightlip_tower::PublicError;

#[derive(Debug, thiserror::Error, PublicError)]
enum PaymentError {
    #[public(code = "NOT_FOUND")]
    #[error("missing")]
    Missing,
    #[error("forgot to say")]
    Unmarked,
}

fn main() {}
