//! `fieldbook serve`: build in memory, serve, rebuild on change (see [`crate::serve`]).

use crate::serve::{serve, ServeOptions};
use crate::term::tell;
use std::process::ExitCode;

/// Serves until stopped; exit 1 when the server cannot start.
pub fn run(options: &ServeOptions) -> ExitCode {
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tell(&format!("error: {message}"));
            ExitCode::from(1)
        }
    }
}
