//! `lantern` command line: see `lantern --help`.

fn main() {
    std::process::exit(lantern::cli::main());
}
