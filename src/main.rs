//! The `ug` binary: runs the library's `run` and reports its error (the
//! message, the details, a hint) with the error's exit code.

fn main() {
    if let Err(err) = usergroup::run() {
        let color = usergroup::term::color_allowed(std::env::args().any(|a| a == "--no-color"));
        usergroup::report(&err, color);
        std::process::exit(err.exit_code());
    }
}
