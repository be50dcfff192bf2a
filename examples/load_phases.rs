//! Native timing of what the page's worker does with a user's file, phase by phase: read the
//! CSV, summarise it for the page ([`Session::read_file`]), then set up the first run
//! ([`Command::Load`], predicting the last column). The browser runs the same code in wasm.
//!
//! ```sh
//! cargo run --release --example load_phases -- FILE.csv [repeats]
//! ```

use lantern::data::prepare::PrepareSpec;
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::{Command, Session};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: load_phases FILE.csv [repeats]");
        std::process::exit(2);
    };
    let repeats: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    for _ in 0..repeats {
        let mut session = Session::new();
        let start = Instant::now();
        let events = session.read_file("file.csv", std::sync::Arc::new(bytes.clone()), true, &mut |_| {});
        let read = start.elapsed();
        let Some(lantern::train::Event::FileRead { digest, .. }) = events.first() else {
            eprintln!("not read: {events:?}");
            std::process::exit(1);
        };
        let target = digest.columns.last().map(|c| c.name.clone());
        let mut spec = ExperimentSpec::default();
        spec.data.source = DataSource::File { name: "file.csv".into() };
        spec.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        let start = Instant::now();
        let events = session.handle(Command::Load { spec, changes: Vec::new() });
        let load = start.elapsed();
        let json: usize = events.iter().map(|e| e.to_json().len()).sum();
        println!(
            "read + describe {:>6.0} ms · load {:>6.0} ms · {} events, {} KB of JSON",
            read.as_secs_f64() * 1e3,
            load.as_secs_f64() * 1e3,
            events.len(),
            json / 1000
        );
    }
}
