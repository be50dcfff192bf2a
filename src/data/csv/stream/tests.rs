//! A file read as a stream gives exactly what it gives read whole: the same table, format and
//! notices, or the same refusal — whatever the chunk size, across every chunk boundary.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::data::csv::{read_csv, tests::random_files};

/// The outcome of a read, comparable: the table, format and notices, or the refusal's text
/// with its line and column.
fn outcome(read: Result<Loaded>) -> String {
    match read {
        Ok(l) => format!("{:?} {:?} {:?}", l.table, l.format, l.notices),
        Err(Error::Data { message, line, column }) => format!("refused at {line:?}/{column:?}: {message}"),
        Err(e) => format!("failed: {e}"),
    }
}

/// Reads `bytes` streamed in chunks of `chunk` bytes (never read whole for being small), and
/// checks that `observe` saw every byte once, in order.
fn streamed(bytes: &[u8], options: &ReadOptions, chunk: usize) -> Result<Loaded> {
    let mut seen = Vec::new();
    let chunking = Chunking { chunk, whole_below: 0 };
    let read =
        read_chunked(&mut InMemory(bytes), options, &mut |_| {}, &mut |piece| seen.extend_from_slice(piece), chunking);
    assert_eq!(seen, bytes, "observed bytes, chunks of {chunk}");
    read
}

fn same_both_ways(bytes: &[u8], options: &ReadOptions, chunks: &[usize]) {
    let whole = outcome(read_csv(bytes, options));
    for &chunk in chunks {
        assert_eq!(
            outcome(streamed(bytes, options, chunk)),
            whole,
            "chunks of {chunk}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn files_read_as_streams_match_files_read_whole() {
    let files: [&[u8]; 16] = [
        b"x,y,label\n1,2.5,a\n3,-4e1,b\n",
        b"\xEF\xBB\xBFa,b\r\n1,2\r\n3,4\r\n",
        b"a;b\n1,5;2\n3,25;4\n",
        b"name,note\n\"multi\nline\",2\n\" spaced \",3\nplain , 4\n",
        b"a,b\n1,2\n3,\"oops\n4,5\n",
        b"a,b\n1,2\n,\n,\n5,6\n",
        b"a,b\n1,2,3\n",
        b"city,t\ncaf\xC3\xA9,1\n\xE2\x82\xAC,2\nna\xC3\xAFve,3\n",
        b"name\ncaf\xE9 \x80\n1\n",
        b"a,b\r1,2\r3,4\r",
        b"  [{\"a\": 1}]\n",
        b"a,b\n1,\x002\n",
        b"\n\n a , b \n\n1,2\n\n\n3,4\n",
        b"1,2\n3,4\n5,6\n",
        b"a\tb\tc\n1\t\"x\"\"y\"\t3\n4\t5\t6\n",
        b"a,b\n\"x\"y\",2\n3,4\n",
    ];
    for bytes in files {
        same_both_ways(bytes, &ReadOptions::default(), &[1, 2, 3, 5, 8, 64]);
    }
    let options = ReadOptions { delimiter: Some(b';'), header: Some(false), ..ReadOptions::default() };
    same_both_ways(b"a;b\n1;2\n", &options, &[1, 4]);
    let options = ReadOptions { delimiter: Some(b'"'), ..ReadOptions::default() };
    same_both_ways(b"a,b\n1,2\n", &options, &[1, 4]);
}

#[test]
fn random_files_read_as_streams_match_files_read_whole() {
    for (i, bytes) in random_files(1_500).iter().enumerate() {
        same_both_ways(bytes, &ReadOptions::default(), &[1 + i % 7, 16]);
    }
}

#[test]
fn a_big_file_is_read_a_chunk_at_a_time() {
    // A file bigger than the head, with quotes and a text column, so that both passes run.
    let mut csv = b"id,name,value\n".to_vec();
    for i in 0..60_000 {
        csv.extend_from_slice(format!("{i},\"n{}, x\",{}.5\n", i % 13, i % 97).as_bytes());
    }
    assert!(csv.len() > sniff::SAMPLE_BYTES + 4);
    struct Counting<'b> {
        bytes: &'b [u8],
        largest: usize,
        read: usize,
    }
    impl Source for Counting<'_> {
        fn len(&self) -> usize {
            self.bytes.len()
        }
        fn read_at(&mut self, start: usize, buf: &mut [u8]) -> Result<()> {
            (self.largest, self.read) = (self.largest.max(buf.len()), self.read + buf.len());
            InMemory(self.bytes).read_at(start, buf)
        }
    }
    let mut source = Counting { bytes: &csv, largest: 0, read: 0 };
    let chunking = Chunking { chunk: 1 << 16, whole_below: 0 };
    let mut shares = Vec::new();
    let loaded = read_chunked(&mut source, &ReadOptions::default(), &mut |s| shares.push(s), &mut |_| {}, chunking);
    assert_eq!(outcome(loaded), outcome(read_csv(&csv, &ReadOptions::default())));
    // The head, then chunks: never the whole file at once; read in full by the scan and both passes.
    assert_eq!(source.largest, 3 + sniff::SAMPLE_BYTES + 1);
    assert!(source.read > 3 * csv.len() && source.read < 4 * csv.len(), "{} of {}", source.read, csv.len());
    assert!(shares.windows(2).all(|w| w[0] <= w[1]) && shares.last() == Some(&1.0), "{shares:?}");
}

#[test]
fn a_file_that_cannot_be_read_says_so() {
    struct Failing<'b>(&'b [u8]);
    impl Source for Failing<'_> {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn read_at(&mut self, start: usize, buf: &mut [u8]) -> Result<()> {
            if start > 20 {
                return Err(Error::data("the file changed while it was read. Open it again."));
            }
            InMemory(self.0).read_at(start, buf)
        }
    }
    let csv = b"a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n";
    let chunking = Chunking { chunk: 8, whole_below: 0 };
    let err = read_chunked(&mut Failing(csv), &ReadOptions::default(), &mut |_| {}, &mut |_| {}, chunking).unwrap_err();
    assert!(err.to_string().contains("the file changed while it was read"), "{err}");
}
