//! The defaults for a table on the page ([`crate::spec::table_defaults`]): applied when a
//! bundled table is picked in the dataset menu or a file is opened, and remembered so that the
//! training panel's "?" can say why each setting has its value. Going back from a table to a
//! generated 2-D set brings back the playground's teaching defaults.

use super::AppState;
use crate::data::builtin::BuiltinDataset;
use crate::data::prepare::PrepareSpec;
use crate::data::Generator;
use crate::spec::table_defaults::{TableDefaults, TableShape};
use crate::spec::{DataSource, ExperimentSpec};
use leptos::prelude::*;

impl AppState {
    /// `next` with the defaults for a table of `shape` written in (its split, network and
    /// training settings; see [`TableDefaults::apply`]), remembered with `next`'s data source for
    /// the training panel's explanation. Call it when a table is chosen, never for a spec that
    /// states its own settings (a link's, a lesson's): those replay as they say.
    pub fn with_table_defaults(&self, mut next: ExperimentSpec, shape: TableShape) -> ExperimentSpec {
        let defaults = TableDefaults::for_table(shape);
        defaults.apply(&mut next);
        self.table_defaults.set(Some((next.data.source.clone(), defaults)));
        next
    }

    /// The dataset menu picked the bundled table `table`: its usual target, with the defaults
    /// for its size and task (known before the file is fetched).
    pub fn pick_builtin(&self, table: &'static BuiltinDataset) {
        let mut next = self.spec.get_untracked();
        next.data.source = DataSource::Builtin { name: table.name.to_string() };
        next.data.prepare = PrepareSpec { target: Some(table.target.to_string()), ..PrepareSpec::default() };
        let next = self.with_table_defaults(next, TableShape::of_builtin(table));
        self.edit(|s| *s = next);
    }

    /// The dataset menu picked the generated set `generator`: from a table, with the
    /// playground's teaching defaults again (split, network, training); from another generated
    /// set, keeping the settings.
    pub fn pick_generated(&self, generator: Generator) {
        self.edit(|s| {
            if s.data.generator().is_none() {
                let playground = ExperimentSpec::default();
                s.data.train_fraction = playground.data.train_fraction;
                s.data.validation_fraction = playground.data.validation_fraction;
                s.model = playground.model;
                s.training = playground.training;
            }
            s.data.set_synthetic(Some(generator), None, None);
        });
    }

    /// The defaults chosen for the table the experiment trains on, if they were chosen on this
    /// page (not for generated data, nor for a table whose settings came with a link).
    pub fn defaults_in_use(&self) -> Option<TableDefaults> {
        let source = self.spec.with(|s| s.data.source.clone());
        self.table_defaults.with(|d| d.as_ref().filter(|(from, _)| *from == source).map(|(_, d)| d.clone()))
    }
}
