//! Why a command failed, and the exit status and stderr line each failure maps to: 1 for what
//! the console or the network refused, 2 for a command line that cannot be run as given (or a
//! change held back because it needs --yes), 3 for a change whose answer was lost (it may or
//! may not have happened: check before repeating).

use std::fmt;

/// A failed command.
#[derive(Debug)]
pub enum CliError {
    /// The command line cannot be run as given (exit 2).
    Usage(String),
    /// The console, the network or the file refused (exit 1).
    Api(console_core::Error),
    /// Signing in was refused (exit 1); the message names the user.
    SignIn {
        username: String,
        source: console_core::Error,
    },
    /// The call went through but reported failures (exit 1).
    Failed(String),
    /// A change that loses something was held back: run it again with --yes (exit 2).
    NeedsYes(String),
}

pub type CliResult<T = ()> = Result<T, CliError>;

impl From<console_core::Error> for CliError {
    fn from(e: console_core::Error) -> Self {
        CliError::Api(e)
    }
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::NeedsYes(_) => 2,
            CliError::Api(e) if e.kind() == console_core::ErrorKind::UnknownOutcome => 3,
            CliError::Api(_) | CliError::SignIn { .. } | CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Failed(m) | CliError::NeedsYes(m) => f.write_str(m),
            CliError::Api(e) => write_api(f, e),
            CliError::SignIn { username, source } => {
                write!(f, "cannot sign in as \"{username}\": ")?;
                write_api(f, source)?;
                let unauthorized = source.kind() == console_core::ErrorKind::Unauthorized;
                if unauthorized && !source.to_string().contains("password") {
                    f.write_str(" (check the username and password)")?;
                }
                Ok(())
            }
        }
    }
}

/// The client's sentence, plus the field when the console or the client named one and the
/// sentence does not already say it.
fn write_api(f: &mut fmt::Formatter<'_>, e: &console_core::Error) -> fmt::Result {
    let message = e.to_string();
    f.write_str(&message)?;
    match e.field() {
        Some(field) if !message.contains(field) => write!(f, " (field: {field})"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_api_errors_exit_1() {
        assert_eq!(CliError::usage("x").exit_code(), 2);
        let api = console_core::Error::from_response(404, None, br#"{"Message":"gone"}"#);
        assert_eq!(CliError::from(api).exit_code(), 1);
    }

    #[test]
    fn an_unknown_outcome_exits_3_with_its_advice() {
        let lost = console_core::Error::UnknownOutcome {
            operation: "POST /openapi/workflows/x/execute".into(),
            cause: "its answer was lost".into(),
            status: None,
            advice: "Check the jobs list to see whether it ran before running it again.".into(),
        };
        let e = CliError::from(lost);
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().contains("Check the jobs list"), "{e}");
    }

    #[test]
    fn the_field_is_named_once() {
        let e = console_core::Error::from_response(
            400,
            Some("application/json"),
            br#"{"Message":"must be 0-5000","Field":"Priority"}"#,
        );
        assert_eq!(
            CliError::from(e).to_string(),
            "must be 0-5000 (field: Priority)"
        );
    }
}
