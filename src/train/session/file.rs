//! The user's file, read once where the training happens: the worker reads the bytes as CSV,
//! keeps the table for its runs and, when the page asks, sends back what the page shows of it
//! ([`FileDigest`]) with the table's cells. The page never parses the file, never loops over
//! its rows to summarise it, and never holds its bytes — so picking a 100,000-row file does not
//! freeze it.

use super::protocol::Event;
use super::Session;
use crate::data::csv::stream::InMemory;
use crate::data::csv::{read_csv_from, DetectedFormat, Notice, ReadOptions, Source};
use crate::data::distribution::{Correlation, CORRELATED_COLUMNS};
use crate::data::parts::ColumnHead;
use crate::data::schema::{summarize_table, ColumnSummary};
use crate::spec::link::codec::FileMeasure;
use crate::spec::link::{DataReference, LinkBudget, LinkData};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What the page shows of a user's file the worker read: everything but the cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileDigest {
    /// The file's name, as opened.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// How it was read (delimiter, encoding …).
    pub format: DetectedFormat,
    /// What the reader changed or guessed, for the user to check.
    pub notices: Vec<Notice>,
    /// One summary per column, in table order.
    pub summaries: Vec<ColumnSummary>,
    /// The correlation heat map's matrix.
    pub correlation: Correlation,
    /// The columns without their cells, in table order.
    pub columns: Vec<ColumnHead>,
    /// The file as a share link carries it: embedded when small enough, else its size and
    /// SHA-256 (the page adds the address it came from, if any).
    pub link: LinkData,
    /// The link's data budget for this file (what the Share menu's size meter shows).
    pub budget: LinkBudget,
}

impl Session {
    /// Reads a CSV file's bytes as the user's table for runs whose data is a file: as
    /// [`Session::read_source`] on bytes in memory.
    pub fn read_file(
        &mut self,
        name: &str,
        bytes: Arc<Vec<u8>>,
        describe: bool,
        progress: &mut dyn FnMut(f64),
    ) -> Vec<Event> {
        self.read_source(name, &mut InMemory(&bytes), describe, progress)
    }

    /// Reads a CSV file from `source`, a chunk at a time (see [`read_csv_from`]: a big file's
    /// bytes are never all in memory), as the user's table for runs whose data is a file.
    ///
    /// With `describe` (the page's worker), answers [`Event::FileRead`] — the digest and the
    /// table — or, for a file that is not a table, [`Event::FileRefused`], keeping the table
    /// and run it had. `progress` gets the share read now and then. Without `describe`, a
    /// refused file fails the run.
    ///
    /// The table is shared with the event, not copied: in wasm, memory not taken is memory
    /// later work reuses (a module's memory never shrinks, so every peak stays).
    pub fn read_source(
        &mut self,
        name: &str,
        source: &mut dyn Source,
        describe: bool,
        progress: &mut dyn FnMut(f64),
    ) -> Vec<Event> {
        let mut measure = FileMeasure::default();
        let read = read_csv_from(source, &ReadOptions::default(), progress, &mut |piece| {
            if describe {
                measure.feed(piece);
            }
        });
        let refused = |e: crate::error::Error| {
            let message = format!("`{name}` was not loaded: {e}");
            vec![Event::FileRefused { name: name.to_string(), message }]
        };
        let loaded = match read {
            Ok(loaded) => loaded,
            Err(e) if describe => return refused(e),
            Err(e) => return self.fail(e),
        };
        if !describe {
            self.set_table(loaded.table);
            return Vec::new();
        }
        let size = source.len();
        let (sha256, budget) = measure.finish();
        let link = if budget.data_fits {
            // Small once compressed: the link carries the file itself.
            let mut bytes = vec![0; size];
            if let Err(e) = source.read_at(0, &mut bytes) {
                return refused(e);
            }
            LinkData::sized(name, &bytes, None, &budget)
        } else {
            let size = size as u64;
            LinkData::Reference(DataReference { name: name.to_string(), size, sha256: Some(sha256), url: None })
        };
        let digest = FileDigest {
            name: name.to_string(),
            size,
            summaries: summarize_table(&loaded.table),
            correlation: Correlation::of(&loaded.table, CORRELATED_COLUMNS),
            columns: loaded.table.heads(),
            format: loaded.format,
            notices: loaded.notices,
            link,
            budget,
        };
        let table = Arc::new(loaded.table);
        self.table = Some(table.clone());
        self.prepared = None;
        vec![Event::FileRead { digest: Box::new(digest), table }]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::data::parts::Cells;
    use crate::train::Command;

    const CSV: &[u8] = b"x,colour,y\n1,red,0\n2,blue,1\n3,red,0\n4,,1\n";

    #[test]
    fn a_described_file_comes_back_as_digest_and_cells_through_the_wire() {
        let mut session = Session::new();
        let mut shares = Vec::new();
        let events = session.read_file("a.csv", Arc::new(CSV.to_vec()), true, &mut |s| shares.push(s));
        assert_eq!(shares.last(), Some(&1.0));
        assert!(shares.windows(2).all(|w| w[0] <= w[1]), "{shares:?}");
        let [event] = <[Event; 1]>::try_from(events).unwrap();
        let (text, table) = event.into_wire();
        assert!(!text.contains("\"red\",0"), "no cells in the JSON: {text}");
        let table = table.unwrap();
        assert!(Arc::ptr_eq(&table, session.table.as_ref().unwrap()), "shared with the session, not copied");
        // The host posts each column's cells; the page joins them to the digest's columns.
        let cells: Vec<Cells> = (*table).clone().into_parts().1;
        assert_eq!(cells[0], Cells::Numbers(vec![1.0, 2.0, 3.0, 4.0]));
        let Event::FileRead { digest, table: back } = Event::from_wire(&text, cells.clone()).unwrap() else {
            panic!("{text}")
        };
        assert_eq!((digest.name.as_str(), digest.size), ("a.csv", CSV.len()));
        assert_eq!(digest.summaries.len(), 3);
        assert_eq!(digest.correlation.names, ["x", "y"]);
        assert!(matches!(digest.link, LinkData::Embedded(_)) && digest.budget.data_fits);
        assert_eq!(*back, *table, "the page's table is the worker's");
        // Cells that do not fit the columns are refused.
        assert!(Event::from_wire(&text, cells[..2].to_vec()).is_err());
        assert!(Event::from_wire(&text, vec![cells[1].clone(), cells[0].clone(), cells[2].clone()]).is_err());
        assert!(Event::from_wire(r#""ready""#, vec![Cells::Numbers(vec![])]).is_err());
    }

    #[test]
    fn a_refused_file_keeps_the_table_the_worker_had() {
        let mut session = Session::new();
        session.read_file("a.csv", Arc::new(CSV.to_vec()), true, &mut |_| {});
        let events = session.read_file("bad.csv", Arc::new(b"only\n1\n".to_vec()), true, &mut |_| {});
        let [Event::FileRefused { name, message }] = events.as_slice() else { panic!("{events:?}") };
        assert_eq!(name, "bad.csv");
        assert!(message.starts_with("`bad.csv` was not loaded: "), "{message}");
        assert_eq!(session.table.as_ref().unwrap().columns.len(), 3);
        // Not described (the Compare queue's worker): the run fails instead.
        let events = session.handle(Command::File {
            name: "bad.csv".into(),
            describe: false,
            bytes: Arc::new(b"only\n1\n".to_vec()),
        });
        assert!(matches!(events.as_slice(), [Event::Failed { .. }]), "{events:?}");
    }

    #[test]
    fn a_big_file_is_referenced_by_its_hash() {
        let mut csv = b"a,b\n".to_vec();
        let mut s = 1u64;
        for _ in 0..20_000 {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            csv.extend_from_slice(format!("{},{}\n", s >> 40, s >> 50).as_bytes());
        }
        let mut session = Session::new();
        let events = session.read_file("big.csv", Arc::new(csv.clone()), true, &mut |_| {});
        let [Event::FileRead { digest, .. }] = events.as_slice() else { panic!() };
        let LinkData::Reference(r) = &digest.link else { panic!("{:?}", digest.budget) };
        assert_eq!(r.size, csv.len() as u64);
        assert_eq!(r.sha256.as_deref(), Some(crate::spec::link::sha256_hex(&csv).as_str()));
        assert!(!digest.budget.data_fits);
    }
}
