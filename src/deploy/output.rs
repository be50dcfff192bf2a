//! Predictions written back as CSV: the rows as given, with the prediction columns appended.

use super::predict::{BatchPrediction, Prediction};
use crate::data::table::Table;
use crate::error::{Error, Result};

impl BatchPrediction {
    /// Names of the appended columns: `predicted_<target>`, then `p_<class>` per class for
    /// classification. A name already taken by an input column gets `_2` (or `_3`, …).
    pub fn prediction_columns(&self) -> Vec<String> {
        let mut wanted = vec![format!("predicted_{}", self.target)];
        wanted.extend(self.class_names.iter().map(|c| format!("p_{c}")));
        let mut taken: Vec<String> = self.table.columns.iter().map(|c| c.name.clone()).collect();
        wanted
            .into_iter()
            .map(|w| {
                let mut name = w.clone();
                let mut k = 2;
                while taken.contains(&name) {
                    name = format!("{w}_{k}");
                    k += 1;
                }
                taken.push(name.clone());
                name
            })
            .collect()
    }

    /// The rows as CSV (comma-separated, `\n` line ends, quoted where needed): every column
    /// as given — numbers written back in Rust's shortest exact form (`39.1`), missing cells
    /// empty — then [`BatchPrediction::prediction_columns`]: the class name and each class's
    /// probability, or the predicted value. The same bytes as [`BatchPrediction::csv_header`]
    /// followed by [`BatchPrediction::csv_rows`] over slices covering every row.
    ///
    /// # Errors
    /// [`Error::Output`] if the CSV writer fails (it writes to memory, so only on a bug).
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut out = self.csv_header()?;
        out.extend(self.csv_rows(0..self.predictions.len())?);
        Ok(out)
    }

    /// The header line of [`BatchPrediction::to_csv`].
    ///
    /// # Errors
    /// As [`BatchPrediction::to_csv`].
    pub fn csv_header(&self) -> Result<Vec<u8>> {
        let mut header: Vec<String> = self.table.columns.iter().map(|c| c.name.clone()).collect();
        header.extend(self.prediction_columns());
        write_records(std::iter::once(header))
    }

    /// The lines of rows `rows` of [`BatchPrediction::to_csv`] (a host with one thread writes a
    /// big file a slice at a time; rows past the end are ignored).
    ///
    /// # Errors
    /// As [`BatchPrediction::to_csv`].
    pub fn csv_rows(&self, rows: std::ops::Range<usize>) -> Result<Vec<u8>> {
        let rows = rows.start.min(self.predictions.len())..rows.end.min(self.predictions.len());
        write_records(rows.map(|r| {
            let mut record: Vec<String> = self.table.columns.iter().map(|c| c.display(r).unwrap_or_default()).collect();
            match &self.predictions[r] {
                Prediction::Class { class, probabilities, .. } => {
                    record.push(class.clone());
                    record.extend(probabilities.iter().map(|v| format!("{v}")));
                }
                Prediction::Value { value } => record.push(format!("{value}")),
            }
            record
        }))
    }
}

/// A table as CSV, written like [`BatchPrediction::to_csv`] without prediction columns
/// (numbers in their shortest exact form, so reading the file back gives the same numbers).
///
/// # Errors
/// [`Error::Output`] if the CSV writer fails (only on a bug).
pub fn table_to_csv(table: &Table) -> Result<Vec<u8>> {
    let header = std::iter::once(table.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>());
    let rows = (0..table.rows()).map(|r| table.columns.iter().map(|c| c.display(r).unwrap_or_default()).collect());
    write_records(header.chain(rows))
}

/// CSV lines of `records` (comma-separated, `\n` line ends, quoted where needed). Each line
/// depends on its record only, so lines written apart concatenate to the same bytes.
fn write_records(records: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let fail = |e: String| Error::Output { path: "predictions.csv".into(), message: e };
    let mut w =
        ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).flexible(true).from_writer(Vec::new());
    for record in records {
        w.write_record(&record).map_err(|e| fail(e.to_string()))?;
    }
    w.into_inner().map_err(|e| fail(e.to_string()))
}
