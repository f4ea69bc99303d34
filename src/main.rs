fn main() {
    if let Err(err) = usergroup::run() {
        let color = usergroup::term::color_allowed(std::env::args().any(|a| a == "--no-color"));
        usergroup::report(&err, color);
        std::process::exit(err.exit_code());
    }
}
