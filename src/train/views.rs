//! What the charts show of a model, computed from a [`Trainer`]: its output over a plane of
//! two chosen features (the others held at their training mean), what each neuron computes
//! over that plane, and the test set's predictions in the target's units.

use super::grid::DecisionGrid;
use super::trainer::Trainer;
use crate::data::synthetic::EXTENT;
use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Two features (indices into the prepared feature columns) spanning a plane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plane {
    /// Horizontal axis.
    pub x: usize,
    /// Vertical axis.
    pub y: usize,
}

impl Plane {
    /// The plane with feature `i` across. Picking the feature that is up already swaps the two,
    /// so a plane never has the same feature on both axes.
    pub fn with_x(self, i: usize) -> Plane {
        if i == self.y {
            Plane { x: i, y: self.x }
        } else {
            Plane { x: i, y: self.y }
        }
    }

    /// The plane with feature `i` up. Picking the feature that is across already swaps the two.
    pub fn with_y(self, i: usize) -> Plane {
        if i == self.x {
            Plane { x: self.y, y: i }
        } else {
            Plane { x: self.x, y: i }
        }
    }

    /// The plane with feature `i` across (`horizontal`) or up: [`Plane::with_x`] or
    /// [`Plane::with_y`].
    pub fn with_axis(self, horizontal: bool, i: usize) -> Plane {
        if horizontal {
            self.with_x(i)
        } else {
            self.with_y(i)
        }
    }
}

/// Most points of each split sent for a plane's scatter (a seeded-free, evenly strided sample).
pub const PLANE_POINTS: usize = 1500;

/// A plane's axes and data, for the decision map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaneView {
    /// The two features.
    pub plane: Plane,
    /// Every prepared feature name (to choose from).
    pub features: Vec<String>,
    /// Horizontal range.
    pub x_range: (f64, f64),
    /// Vertical range.
    pub y_range: (f64, f64),
    /// Training rows: the two features and the target (at most [`PLANE_POINTS`]).
    pub train: Dataset,
    /// Test rows, likewise.
    pub test: Dataset,
}

impl PlaneView {
    /// Generated 2-D data's own plane: its two features on the fixed `[−EXTENT, EXTENT]` square
    /// (what [`Trainer::plane_view`] gives for it, but from the split alone, so the page draws
    /// the points before the worker answers).
    pub fn generated(split: crate::data::Split) -> PlaneView {
        PlaneView {
            plane: Plane { x: 0, y: 1 },
            features: split.train.features.clone(),
            x_range: (-EXTENT, EXTENT),
            y_range: (-EXTENT, EXTENT),
            train: split.train,
            test: split.test,
        }
    }

    /// The features the decision map's pickers offer, by index: every feature when there are more
    /// than two to choose from, none otherwise (two features make only one plane).
    pub fn choosable_features(&self) -> &[String] {
        if self.features.len() > 2 {
            &self.features
        } else {
            &[]
        }
    }
}

impl Trainer {
    /// Features of the prepared data.
    pub fn feature_names(&self) -> &[String] {
        &self.split().train.features
    }

    /// The default plane: the first two features (`None` with fewer than two).
    pub fn default_plane(&self) -> Option<Plane> {
        (self.split().train.width() >= 2).then_some(Plane { x: 0, y: 1 })
    }

    /// Range of the plane's axes: the fixed `[−6, 6]` of generated data, else the training
    /// rows' range of each feature widened by 5 % on each side.
    pub fn plane_ranges(&self, plane: Plane) -> Result<((f64, f64), (f64, f64))> {
        self.check(plane)?;
        if self.preparation().is_none() {
            return Ok(((-EXTENT, EXTENT), (-EXTENT, EXTENT)));
        }
        let train = &self.split().train;
        let range = |f: usize| {
            let (lo, hi) = column(train, f).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                let v = f64::from(v);
                (lo.min(v), hi.max(v))
            });
            if !lo.is_finite() {
                return (-1.0, 1.0);
            }
            let pad = ((hi - lo) * 0.05).max(1e-3);
            (lo - pad, hi + pad)
        };
        Ok((range(plane.x), range(plane.y)))
    }

    /// The plane's axes and a sample of its points.
    pub fn plane_view(&self, plane: Plane) -> Result<PlaneView> {
        let (x_range, y_range) = self.plane_ranges(plane)?;
        let two = |d: &Dataset| -> Dataset {
            let step = d.rows().div_ceil(PLANE_POINTS).max(1);
            let rows: Vec<usize> = (0..d.rows()).step_by(step).collect();
            let w = d.width();
            Dataset {
                features: vec![d.features[plane.x].clone(), d.features[plane.y].clone()],
                x: rows.iter().flat_map(|&r| [d.x[r * w + plane.x], d.x[r * w + plane.y]]).collect(),
                y: rows.iter().map(|&r| d.y[r]).collect(),
                task: d.task,
            }
        };
        Ok(PlaneView {
            plane,
            features: self.feature_names().to_vec(),
            x_range,
            y_range,
            train: two(&self.split().train),
            test: two(&self.split().test),
        })
    }

    /// Inputs for the cells of a `resolution²` grid over `plane`: every feature at its
    /// training mean except the plane's two, which take the cell centres. `(cells, width)`.
    fn plane_inputs(&self, plane: Plane, resolution: usize) -> Result<Tensor> {
        let (xr, yr) = self.plane_ranges(plane)?;
        let w = self.split().train.width();
        let means = self.feature_means();
        let centres = DecisionGrid::cell_centres(resolution, xr, yr);
        let mut x = Vec::with_capacity(resolution * resolution * w);
        for cell in centres.chunks(2) {
            let start = x.len();
            x.extend_from_slice(means);
            x[start + plane.x] = cell[0];
            x[start + plane.y] = cell[1];
        }
        Ok(Tensor::from_vec(x, (resolution * resolution, w), &Device::Cpu)?)
    }

    /// The model's output over `plane` at `resolution²` cells: probability of class 1, the
    /// predicted class (with its probability in `confidence`) for more classes, or the value.
    pub fn plane_grid(&self, plane: Plane, resolution: usize) -> Result<DecisionGrid> {
        let (x_range, y_range) = self.plane_ranges(plane)?;
        let Some(network) = self.model() else { return self.learner_plane_grid(plane, resolution, x_range, y_range) };
        let z = network.forward(&self.plane_inputs(plane, resolution)?)?;
        let (values, confidence) = match self.split().train.task {
            Task::Regression => (z.flatten_all()?.to_vec1()?, Vec::new()),
            Task::Classification { classes } if classes > 2 => {
                let p = candle_nn::ops::softmax_last_dim(&z)?;
                let class: Vec<u32> = p.argmax(1)?.to_vec1()?;
                let best: Vec<f32> = p.max(1)?.to_vec1()?;
                (class.into_iter().map(|c| c as f32).collect(), best)
            }
            Task::Classification { .. } => (candle_nn::ops::sigmoid(&z)?.flatten_all()?.to_vec1()?, Vec::new()),
        };
        Ok(DecisionGrid { resolution, x_range, y_range, values, confidence })
    }

    /// [`Trainer::plane_grid`] for a model that is not a network: its class probabilities or
    /// values on the plane's cells.
    fn learner_plane_grid(
        &self,
        plane: Plane,
        resolution: usize,
        x_range: (f64, f64),
        y_range: (f64, f64),
    ) -> Result<DecisionGrid> {
        let cells = resolution * resolution;
        let width = self.split().train.width();
        let x: Vec<f32> = self.plane_inputs(plane, resolution)?.flatten_all()?.to_vec1()?;
        let out = self.learner().map(|l| l.output(&x, cells, width)).transpose()?.flatten();
        let out = out.unwrap_or_else(|| self.prior_output(cells));
        let (values, confidence) = match self.split().train.task {
            Task::Regression => (out.iter().map(|&v| v as f32).collect(), Vec::new()),
            Task::Classification { classes } if classes > 2 => {
                let class = crate::learn::argmax_rows(&out, classes);
                let best = out.chunks_exact(classes).zip(&class).map(|(p, &c)| p[c as usize] as f32).collect();
                (class, best)
            }
            Task::Classification { .. } => (out.chunks_exact(2).map(|p| p[1] as f32).collect(), Vec::new()),
        };
        Ok(DecisionGrid { resolution, x_range, y_range, values, confidence })
    }

    /// What every unit computes over `plane`, for the network diagram: one `resolution²` map
    /// per unit, row-major from the lowest row, in column order — the inputs (each scaled to
    /// `[−1, 1]` by its largest magnitude on the plane), each hidden layer's units after the
    /// activation (scaled likewise when they leave `[−1, 1]`), then the outputs as the decision
    /// map reads them (probability for classification, value for regression).
    pub fn unit_maps(&self, plane: Plane, resolution: usize) -> Result<Vec<Vec<f32>>> {
        // A network's units; other models have none to show.
        let Some(network) = self.model() else { return Ok(Vec::new()) };
        let x = self.plane_inputs(plane, resolution)?;
        let mut columns = vec![x.clone()];
        let mut layers = network.forward_all(&x)?;
        if let Some(out) = layers.pop() {
            columns.extend(layers);
            columns.push(match self.split().train.task {
                Task::Regression => out,
                Task::Classification { classes } if classes > 2 => candle_nn::ops::softmax_last_dim(&out)?,
                Task::Classification { .. } => candle_nn::ops::sigmoid(&out)?,
            });
        }
        let last = columns.len() - 1;
        let mut maps = Vec::new();
        for (c, t) in columns.iter().enumerate() {
            let units = t.t()?.contiguous()?;
            let (n_units, _) = units.dims2()?;
            for u in 0..n_units {
                let mut v: Vec<f32> = units.get(u)?.to_vec1()?;
                if c != last {
                    let peak = v.iter().fold(0f32, |m, a| m.max(a.abs()));
                    if peak > 1.0 {
                        v.iter_mut().for_each(|a| *a /= peak);
                    }
                }
                maps.push(v);
            }
        }
        Ok(maps)
    }

    /// The test rows' actual and predicted targets, in the target's own units (regression only;
    /// empty for classification).
    pub fn test_predictions(&self) -> Result<(Vec<f32>, Vec<f32>)> {
        if self.split().train.task != Task::Regression {
            return Ok((Vec::new(), Vec::new()));
        }
        let test = &self.split().test;
        let predicted = self.predict(&test.x)?;
        let decode = |v: f32| self.preparation().map_or(f64::from(v), |f| f.target.decode(f64::from(v))) as f32;
        Ok((test.y.iter().map(|&v| decode(v)).collect(), predicted.into_iter().map(decode).collect()))
    }

    fn check(&self, plane: Plane) -> Result<()> {
        let w = self.split().train.width();
        if plane.x >= w || plane.y >= w || plane.x == plane.y {
            return Err(Error::spec(
                "plane",
                format!("choose two different features out of {w} (got {} and {})", plane.x, plane.y),
            ));
        }
        Ok(())
    }
}

/// Values of feature `f` over the rows of `d`.
fn column(d: &Dataset, f: usize) -> impl Iterator<Item = f32> + '_ {
    let w = d.width();
    (0..d.rows()).map(move |r| d.x[r * w + f])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ExperimentSpec;

    #[test]
    fn generated_data_plane_is_the_fixed_square_and_matches_the_decision_grid() {
        let t = Trainer::new(&ExperimentSpec::default()).unwrap();
        let plane = t.default_plane().unwrap();
        let g = t.plane_grid(plane, 10).unwrap();
        assert_eq!((g.x_range, g.y_range), ((-6.0, 6.0), (-6.0, 6.0)));
        assert_eq!(
            Some(g),
            t.decision_grid(10).unwrap().map(|mut d| {
                d.confidence.clear();
                d
            })
        );
        // Inputs, 8, 8 and 1 output unit.
        let maps = t.unit_maps(plane, 5).unwrap();
        assert_eq!(maps.len(), 2 + 8 + 8 + 1);
        assert!(maps.iter().all(|m| m.len() == 25));
        assert!(maps[..18].iter().flatten().all(|v| (-1.0..=1.0).contains(v)));
        // The output map is the decision grid.
        assert_eq!(maps[18], t.plane_grid(plane, 5).unwrap().values);
    }

    #[test]
    fn table_planes_hold_the_other_features_at_their_mean() {
        let mut s = ExperimentSpec::default();
        s.data.source = crate::spec::DataSource::Builtin { name: "iris".into() };
        s.data.prepare.target = Some("species".into());
        let t = Trainer::new(&s).unwrap();
        let plane = Plane { x: 2, y: 3 };
        let view = t.plane_view(plane).unwrap();
        assert_eq!(view.features.len(), 4);
        assert_eq!(view.train.width(), 2);
        assert_eq!(view.train.features[0], t.feature_names()[2]);
        // Standardised features: the range covers every training value, with a margin.
        let xs: Vec<f32> = view.train.x.chunks(2).map(|p| p[0]).collect();
        let lo = xs.iter().copied().fold(f32::INFINITY, f32::min);
        assert!(view.x_range.0 < f64::from(lo) && view.x_range.0 > f64::from(lo) - 1.0);
        let g = t.plane_grid(plane, 6).unwrap();
        assert_eq!(g.confidence.len(), 36);
        assert!(g.values.iter().all(|&c| c == 0.0 || c == 1.0 || c == 2.0));
        assert!(g.confidence.iter().all(|&p| p >= 1.0 / 3.0 - 1e-6 && p <= 1.0));
        assert!(t.plane_grid(Plane { x: 1, y: 1 }, 4).is_err());
        assert!(t.plane_grid(Plane { x: 0, y: 9 }, 4).is_err());
        // Three outputs: softmax maps that sum to 1 in each cell.
        let maps = t.unit_maps(plane, 3).unwrap();
        let n = maps.len();
        for cell in 0..9 {
            let sum: f32 = maps[n - 3..].iter().map(|m| m[cell]).sum();
            assert!((sum - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn picking_an_axis_keeps_the_other_or_swaps_the_two() {
        let p = Plane { x: 0, y: 1 };
        assert_eq!(p.with_x(2), Plane { x: 2, y: 1 });
        assert_eq!(p.with_y(3), Plane { x: 0, y: 3 });
        // The other axis's feature swaps them, from either picker.
        assert_eq!(p.with_x(1), Plane { x: 1, y: 0 });
        assert_eq!(p.with_y(0), Plane { x: 1, y: 0 });
        // The feature already there changes nothing.
        assert_eq!(p.with_x(0), p);
        assert_eq!(p.with_y(1), p);
        assert_eq!(p.with_axis(true, 1), p.with_x(1));
        assert_eq!(p.with_axis(false, 4), p.with_y(4));
        for i in 0..4 {
            for q in [Plane { x: 2, y: 3 }, Plane { x: 3, y: 0 }] {
                assert_ne!(q.with_x(i).x, q.with_x(i).y);
                assert_ne!(q.with_y(i).x, q.with_y(i).y);
            }
        }
    }

    #[test]
    fn generated_planes_match_the_trainers_and_offer_no_choice() {
        let spec = ExperimentSpec::default();
        let t = Trainer::new(&spec).unwrap();
        let view = PlaneView::generated(t.split().clone());
        let from_trainer = t.plane_view(t.default_plane().unwrap()).unwrap();
        assert_eq!((view.plane, &view.features), (from_trainer.plane, &from_trainer.features));
        assert_eq!((view.x_range, view.y_range), (from_trainer.x_range, from_trainer.y_range));
        assert!(view.choosable_features().is_empty());
        let mut s = ExperimentSpec::default();
        s.data.source = crate::spec::DataSource::Builtin { name: "iris".into() };
        s.data.prepare.target = Some("species".into());
        let t = Trainer::new(&s).unwrap();
        let view = t.plane_view(Plane { x: 0, y: 1 }).unwrap();
        assert_eq!(view.choosable_features(), t.feature_names());
        assert_eq!(view.choosable_features().len(), 4);
    }

    #[test]
    fn test_predictions_are_in_the_target_units() {
        let mut s = ExperimentSpec::default();
        s.data.source = crate::spec::DataSource::Builtin { name: "diabetes".into() };
        s.data.prepare.target = crate::data::builtin::builtin("diabetes").map(|b| b.target.to_string());
        s.training.epochs = 3;
        let mut t = Trainer::new(&s).unwrap();
        t.run_epoch().unwrap();
        let (actual, predicted) = t.test_predictions().unwrap();
        assert_eq!(actual.len(), t.split().test.rows());
        assert_eq!(actual.len(), predicted.len());
        // Diabetes progression is measured in the tens to hundreds, not standardised units.
        assert!(actual.iter().all(|&a| a >= 20.0), "{actual:?}");
        let crate::train::Evaluation::Regression(r) = t.evaluate_test().unwrap() else { panic!() };
        let rmse = (actual.iter().zip(&predicted).map(|(a, p)| f64::from(a - p).powi(2)).sum::<f64>()
            / actual.len() as f64)
            .sqrt();
        assert!((rmse - r.rmse).abs() < 1e-3 * r.rmse, "{rmse} vs {}", r.rmse);
    }
}
