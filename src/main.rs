//! `lantern` command line: see `lantern --help`.

fn main() {
    // The thread use is the program's own choice, whatever variables the shell has set: the
    // matrix products pick theirs by size (model::matmul), candle's element-wise pool stays on
    // this thread.
    lantern::model::matmul::candle_elementwise_on_one_thread();
    std::process::exit(lantern::cli::main());
}
