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

/// Starts a new peak of this process's resident memory (Linux: VmHWM reset by `clear_refs`)
/// and returns the resident memory now, in bytes (0 where /proc is not there).
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kb("VmRSS") * 1024
}

/// Peak resident memory since [`reset_peak`] above `base`, in MB. Big buffers are mapped and
/// unmapped by the allocator, so this follows what is live: in wasm, where a module's memory
/// never shrinks, the worker's memory grows by about this peak.
fn peak_mb(base: u64) -> f64 {
    (status_kb("VmHWM") * 1024).saturating_sub(base) as f64 / 1e6
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

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
        let arc = std::sync::Arc::new(bytes.clone());
        let base = reset_peak();
        let start = Instant::now();
        let events = session.read_file("file.csv", arc, true, &mut |_| {});
        let read = start.elapsed();
        let read_peak = peak_mb(base);
        let Some(lantern::train::Event::FileRead { digest, .. }) = events.first() else {
            eprintln!("not read: {events:?}");
            std::process::exit(1);
        };
        let target = digest.columns.last().map(|c| c.name.clone());
        let mut spec = ExperimentSpec::default();
        spec.data.source = DataSource::File { name: "file.csv".into() };
        spec.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        let base_load = reset_peak();
        let start = Instant::now();
        let events = session.handle(Command::Load { spec, changes: Vec::new() });
        let load = start.elapsed();
        let load_peak = peak_mb(base_load);
        let json: usize = events.iter().map(|e| e.to_json().len()).sum();
        println!(
            "read + describe {:>6.0} ms, peak +{read_peak:.1} MB over the file's bytes · load {:>6.0} ms, peak \
             +{load_peak:.1} MB over the table · {} events, {} KB of JSON · file {:.1} MB",
            read.as_secs_f64() * 1e3,
            load.as_secs_f64() * 1e3,
            events.len(),
            json / 1000,
            bytes.len() as f64 / 1e6
        );
    }
}
