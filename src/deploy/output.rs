//! Predictions written back as CSV: the rows as given, with the prediction columns appended.

use super::predict::{BatchPrediction, Prediction};
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
    /// probability, or the predicted value.
    ///
    /// # Errors
    /// [`Error::Output`] if the CSV writer fails (it writes to memory, so only on a bug).
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let fail = |e: ::csv::Error| Error::Output { path: "predictions.csv".into(), message: e.to_string() };
        let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let mut header: Vec<String> = self.table.columns.iter().map(|c| c.name.clone()).collect();
        header.extend(self.prediction_columns());
        w.write_record(&header).map_err(fail)?;
        let mut record: Vec<String> = Vec::with_capacity(header.len());
        for (r, p) in self.predictions.iter().enumerate() {
            record.clear();
            record.extend(self.table.columns.iter().map(|c| c.display(r).unwrap_or_default()));
            match p {
                Prediction::Class { class, probabilities, .. } => {
                    record.push(class.clone());
                    record.extend(probabilities.iter().map(|v| format!("{v}")));
                }
                Prediction::Value { value } => record.push(format!("{value}")),
            }
            w.write_record(&record).map_err(fail)?;
        }
        w.into_inner().map_err(|e| Error::Output { path: "predictions.csv".into(), message: e.to_string() })
    }
}
