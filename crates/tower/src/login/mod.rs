//! Anti-enumeration for logins: one answer for every failure, and a latency floor.
//!
//! A caller must not learn whether an account exists or is locked from the status,
//! headers, bytes or timing of a failed login. [`LoginFailure`] renders the same problem
//! for every reason (the reason goes to the incident only) and [`MinimumLatency`] pads the
//! handler's time to a floor so that a fast "unknown user" looks like a slow "wrong password".

mod latency;

pub use latency::MinimumLatency;

use crate::error::{Cause, ErrorReport};

/// Why a login failed; only the incident learns which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailureReason {
    /// No account has this name.
    UnknownUser,
    /// The account exists; the password did not match.
    WrongPassword,
    /// The account is locked or disabled.
    LockedAccount,
}

impl LoginFailureReason {
    /// The reason as the incident records it.
    pub fn as_str(self) -> &'static str {
        match self {
            LoginFailureReason::UnknownUser => "unknown_user",
            LoginFailureReason::WrongPassword => "wrong_password",
            LoginFailureReason::LockedAccount => "locked_account",
        }
    }
}

/// A failed login: the same 401 problem outside whatever the reason.
///
/// ```
/// use tightlip_tower::login::{LoginFailure, LoginFailureReason};
///
/// let catalog = tightlip_core::Catalog::builtin();
/// let unknown = LoginFailure::new(LoginFailureReason::UnknownUser).report();
/// let locked = LoginFailure::new(LoginFailureReason::LockedAccount).report();
/// assert_eq!(unknown.problem(&catalog, None), locked.problem(&catalog, None));
/// assert_ne!(unknown.chain(), locked.chain());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailure {
    reason: LoginFailureReason,
    code: &'static str,
}

impl LoginFailure {
    /// A failure with the built-in code `UNAUTHORIZED`.
    pub fn new(reason: LoginFailureReason) -> Self {
        Self {
            reason,
            code: "UNAUTHORIZED",
        }
    }

    /// The same failure under a catalog code of your own, such as `LOGIN_FAILED`.
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Why the login failed.
    pub fn reason(&self) -> LoginFailureReason {
        self.reason
    }

    /// The report: the code outside, the reason inside.
    pub fn report(&self) -> ErrorReport {
        ErrorReport::public(self.code, Cause::LoginFailure)
            .with_internal(format!("login failed: {}", self.reason.as_str()))
    }
}

#[cfg(feature = "axum")]
impl axum::response::IntoResponse for LoginFailure {
    fn into_response(self) -> axum::response::Response {
        self.report().into_response()
    }
}
