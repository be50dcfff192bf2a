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
        let events = session.read_file("file.csv", &bytes, true, &mut |_| {});
        let read = start.elapsed();
        let Some(lantern::train::Event::FileRead { digest, .. }) = events.first() else {
            eprintln!("not read: {events:?}");
            std::process::exit(1);
        };
        let target = digest.columns.last().map(|c| c.name.clone());
        let mut spec = ExperimentSpec::default();
        spec.data.source = DataSource::File { name: "file.csv".into() };
        spec.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        if std::env::var_os("PHASES").is_some() {
            let table = lantern::data::csv::read_csv(&bytes, &Default::default()).expect("read");
            phases(&table.table, &spec);
        }
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

/// The load's own phases (prepare, the trainer, the first pictures), timed separately.
fn phases(table: &lantern::data::Table, spec: &ExperimentSpec) {
    use lantern::data::prepare::{prepare, SplitFractions};
    let t = Instant::now();
    let fractions = SplitFractions { train: spec.data.train_fraction, validation: spec.data.validation_fraction };
    let p = prepare(table, &spec.data.prepare, fractions, spec.seed).expect("prepared");
    println!("  prepare {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let data = lantern::train::load_data(spec, Some(table)).expect("data");
    println!("  load_data {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let trainer = lantern::train::Trainer::with_data(spec, data).expect("trainer");
    println!("  trainer {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let plane = trainer.default_plane();
    if let Some(plane) = plane {
        let _ = trainer.plane_view(plane);
        println!("  plane view {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let _ = trainer.plane_grid(plane, lantern::train::session::GRID_RESOLUTION);
        println!("  plane grid {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    drop(p);
}
