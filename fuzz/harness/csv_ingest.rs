//! CSV ingestion, as the page and `lantern inspect` do it: bytes → [`Table`] (encoding, delimiter,
//! header sniffing, refusals) → column summaries and the inspect report → preparation for
//! training, with the target column, task, imputation and scaling chosen from the first bytes.
//!
//! The properties: any input is read or refused with an error, never a panic or a hang
//! (`-timeout=5` catches the latter); and read as a stream (as the page's worker reads a big
//! file), in chunks of 1 to 64 bytes, it gives the same table, notices or refusal as read whole. Input layout: byte 0 picks the target column, byte 1 the
//! task and options, the rest is the file.
//!
//! Shared by the fuzz target (`fuzz/fuzz_targets/csv_ingest.rs`) and by `tests/fuzz_corpus.rs`,
//! which runs every committed corpus input through it on stable Rust.

use lantern::data::csv::stream::{read_chunked, Chunking, InMemory};
use lantern::data::csv::{read_csv, report, Loaded, ReadOptions};
use lantern::data::prepare::{
    prepare, CategoricalImpute, NumericImpute, PrepareSpec, Scaling, SplitFractions, TaskChoice,
};
use lantern::data::schema::summarize_table;

/// Runs one fuzz input; panics only on a bug.
pub fn run(input: &[u8]) {
    let (choice, bytes) = match input {
        [a, b, rest @ ..] => ((*a, *b), rest),
        _ => return,
    };
    let whole = read_csv(bytes, &ReadOptions::default());
    let chunking = Chunking { chunk: 1 + usize::from(choice.0 % 64), whole_below: 0 };
    let streamed = read_chunked(&mut InMemory(bytes), &ReadOptions::default(), &mut |_| {}, &mut |_| {}, chunking);
    assert_eq!(outcome(&streamed), outcome(&whole), "read as a stream in chunks of {}", chunking.chunk);
    let Ok(loaded) = whole else { return };
    let summaries = summarize_table(&loaded.table);
    let _ = report::text(&loaded, &summaries);
    let _ = report::json(&loaded, &summaries);

    let columns = loaded.table.columns.len();
    if columns == 0 {
        return;
    }
    let (target, options) = choice;
    let target = loaded.table.columns[target as usize % columns].name.clone();
    let spec = PrepareSpec {
        target: Some(target),
        task: match options % 3 {
            0 => TaskChoice::Auto,
            1 => TaskChoice::Regression,
            _ => TaskChoice::Classification,
        },
        numeric_missing: match (options / 3) % 3 {
            0 => NumericImpute::Mean,
            1 => NumericImpute::Median,
            _ => NumericImpute::DropRows,
        },
        categorical_missing: if options & 0x20 == 0 {
            CategoricalImpute::MostFrequent
        } else {
            CategoricalImpute::DropRows
        },
        scaling: match (options >> 6) % 3 {
            0 => Scaling::Standardize,
            1 => Scaling::MinMax,
            _ => Scaling::None,
        },
        ..PrepareSpec::default()
    };
    let fractions = SplitFractions { train: 0.6, validation: if options & 0x10 == 0 { 0.0 } else { 0.2 } };
    if let Ok(prepared) = prepare(&loaded.table, &spec, fractions, u64::from(options)) {
        let _ = prepared.fitted.describe();
        // New rows go through the same fitted steps (prediction time).
        let rows: Vec<usize> = (0..loaded.table.rows()).collect();
        let _ = prepared.fitted.transform_rows(&loaded.table, &rows);
    }
}

/// A read's outcome, comparable: the table, format and notices, or the refusal.
fn outcome(read: &lantern::error::Result<Loaded>) -> String {
    match read {
        Ok(l) => format!("{:?} {:?} {:?}", l.table, l.format, l.notices),
        Err(e) => format!("{e:?}"),
    }
}
