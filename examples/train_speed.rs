//! Native training speed of the benchmark workloads (W1, W2, W3 of tests/bench/; B1 and F1,
//! boosting and a forest, of tests/bench/learners.sh), driven
//! through the worker's [`Session`] exactly as the page's worker drives it: ~30 ms slices,
//! every event turned into its JSON wire form.
//!
//! ```sh
//! cargo run --release --example train_speed [W1,W2,W3] [repeats]
//! ```
//! Prints, per workload and repeat, samples/s, the final epoch's training loss and accuracy (the time
//! is from play to the progress that says done), then the time of the importance that follows.

use lantern::train::bench::{generate, run_data, Workload};
use lantern::train::{Command, Event, Session};
use std::time::Instant;

fn main() {
    // Threads as the command line uses them (candle's element-wise pool on this thread).
    lantern::model::matmul::candle_elementwise_on_one_thread();
    let args: Vec<String> = std::env::args().collect();
    let names = args.get(1).map_or("W1,W2,W3", String::as_str);
    let repeats: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    for name in names.split(',') {
        let Some(w) = Workload::from_name(name) else {
            eprintln!("unknown workload {name}: use W1, W2, W3, B1 or F1");
            std::process::exit(2);
        };
        let shape = w.shape();
        let (x, y) = generate(w);
        for repeat in 0..repeats {
            let mut session = Session::new();
            let data = match run_data(x.clone(), y.clone(), shape.width, shape.classes) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            };
            session.set_prepared(data);
            let mut bytes = 0;
            for e in session.handle(Command::Load { spec: w.spec(), changes: Vec::new() }) {
                bytes += e.to_json().len();
            }
            let start = Instant::now();
            session.handle(Command::Play);
            let (mut loss, mut acc) = (f64::NAN, f64::NAN);
            while session.is_playing() {
                let slice = Instant::now();
                for e in session.tick(|| slice.elapsed().as_secs_f64() < 0.030) {
                    bytes += e.to_json().len();
                    match e {
                        Event::Progress { epochs, .. } => {
                            if let Some(m) = epochs.last() {
                                loss = m.train_loss;
                                acc = m.train_accuracy.unwrap_or(f64::NAN);
                            }
                        }
                        Event::Failed { message } => {
                            eprintln!("{message}");
                            std::process::exit(1);
                        }
                        _ => {}
                    }
                }
            }
            let secs = start.elapsed().as_secs_f64();
            // What the page's worker does next: the finished run's importance, in a tick of its own.
            let after = Instant::now();
            while session.has_work() {
                bytes += session.tick(|| true).iter().map(|e| e.to_json().len()).sum::<usize>();
            }
            let importance_ms = after.elapsed().as_secs_f64() * 1000.0;
            let samples = (shape.rows * w.epochs()) as f64;
            println!(
                "{name} repeat {repeat}: {:>10.0} samples/s  {:>7.1} ms  loss {loss:.4}  acc {acc:.4}  ({bytes} bytes of events; then importance {importance_ms:.0} ms)",
                samples / secs,
                secs * 1000.0
            );
        }
    }
}
