//! The essaylint command line (being written).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("worker") {
        std::process::exit(essaylint::worker::worker_main());
    }
}
