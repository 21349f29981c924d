//! PDF text worker (to be written).

/// Entry point of the hidden `essaylint worker pdf-text` subcommand.
pub fn worker_main() -> i32 {
    2
}
