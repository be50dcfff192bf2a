//! The page's stages, in workflow order: where a person is in the work (Data → Model & train →
//! Evaluate → Compare → Deploy & monitor). A stage is part of how an experiment is shown, like a
//! link's teaching options: the address names it (see [`crate::page::address`]) and a lesson
//! step may open one.

use crate::choice::Choice;
use serde::{Deserialize, Serialize};

/// One stage of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Open, paste or fetch a table; inspect, prepare it and pick the features.
    Data,
    /// The playground: model and training settings, the decision map, curves and the network.
    /// A first visit and the default experiment open here.
    #[default]
    Train,
    /// Held-out metrics, confusion matrix, ROC and precision-recall curves, residuals.
    Evaluate,
    /// Finished runs side by side: seeds, grid search, algorithms.
    Compare,
    /// Export the model, predict new rows, watch them drift and retrain.
    Deploy,
}

crate::choices!(Stage, "stage", {
    Data => "data", "Data";
    Train => "train", "Model & train";
    Evaluate => "evaluate", "Evaluate";
    Compare => "compare", "Compare";
    Deploy => "deploy", "Deploy & monitor";
});

impl Stage {
    /// One line on what the stage is for (the navigation's tooltip and the stage's heading).
    pub fn purpose(self) -> &'static str {
        match self {
            Stage::Data => "Open a table, look at its columns, prepare it and pick the features.",
            Stage::Train => "Shape the model, train it and watch it learn.",
            Stage::Evaluate => "How the trained model does on the test rows it never saw.",
            Stage::Compare => "Finished runs side by side: repeat over seeds, search a grid, try other algorithms.",
            Stage::Deploy => "Export the model, predict new rows, check them for drift and retrain.",
        }
    }

    /// The stage after this one in workflow order (`None` after the last).
    pub fn next(self) -> Option<Stage> {
        Self::ALL.get(self.index() + 1).copied()
    }

    /// The stage before this one (`None` before the first).
    pub fn previous(self) -> Option<Stage> {
        self.index().checked_sub(1).and_then(|k| Self::ALL.get(k).copied())
    }

    /// Position in workflow order, from 0.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The first stage (Data).
    pub fn first() -> Stage {
        Stage::Data
    }

    /// The last stage (Deploy & monitor).
    pub fn last() -> Stage {
        Stage::Deploy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for &s in Stage::ALL {
            assert_eq!(Stage::parse(s.name()).unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.name()));
            assert_eq!(Stage::ALL.iter().filter(|t| t.name() == s.name() || t.label() == s.label()).count(), 1);
        }
    }

    #[test]
    fn unknown_names_are_errors_that_list_the_stages() {
        let e = Stage::parse("Data").unwrap_err().to_string();
        assert!(e.contains("unknown value `Data`") && e.contains("data, train, evaluate, compare, deploy"), "{e}");
        assert!(Stage::parse("").is_err());
    }

    #[test]
    fn workflow_order() {
        assert_eq!(Stage::default(), Stage::Train);
        assert_eq!(Stage::Data.next(), Some(Stage::Train));
        assert_eq!(Stage::Deploy.next(), None);
        assert_eq!(Stage::Data.previous(), None);
        assert_eq!(Stage::Compare.previous(), Some(Stage::Evaluate));
        assert_eq!(Stage::ALL.iter().map(|s| s.index()).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        assert_eq!((Stage::first(), Stage::last()), (Stage::ALL[0], Stage::ALL[4]));
    }
}
