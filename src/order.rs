//! Stable orderings by number or text keys, through two sort routines.
//!
//! Every `sort_by` with its own closure or element type compiles to its own copy of the
//! standard library's sort, about 5 KB of the page's wasm each; the ~15 places that order rows,
//! columns, runs or drawing strokes by a computed key share the two copies here instead.
//! Orderings on several keys are stable sorts applied from the last key to the first.

use std::cmp::Ordering;

/// The direction of an ordering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

impl Direction {
    /// `Descending` when `descending`.
    pub fn from_descending(descending: bool) -> Self {
        if descending {
            Self::Descending
        } else {
            Self::Ascending
        }
    }

    fn apply(self, o: Ordering) -> Ordering {
        match self {
            Self::Ascending => o,
            Self::Descending => o.reverse(),
        }
    }
}

/// Positions `0..keys.len()` ordered by `keys` in IEEE 754 total order (`f64::total_cmp`:
/// −NaN < −∞ < … < −0 < +0 < … < +∞ < NaN), equal keys in position order (stable).
pub fn by_numbers(keys: &[f64], direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| direction.apply(keys[a].total_cmp(&keys[b])));
    order
}

/// Positions `0..keys.len()` ordered by `keys` (byte-wise, as `str`'s `Ord`), equal keys in
/// position order (stable).
pub fn by_texts(keys: &[&str], direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| direction.apply(keys[a].cmp(keys[b])));
    order
}

/// Reorders `items` to `order` (a permutation of their positions, as [`by_numbers`] returns).
pub fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect();
}

/// Sorts `items` stably by a number computed from each (see [`by_numbers`]).
pub fn sort_by_number<T>(items: &mut Vec<T>, direction: Direction, key: impl Fn(&T) -> f64) {
    let keys: Vec<f64> = items.iter().map(key).collect();
    permute(items, &by_numbers(&keys, direction));
}

/// Sorts `items` stably by a text taken from each (see [`by_texts`]).
pub fn sort_by_text<T>(items: &mut Vec<T>, direction: Direction, key: impl Fn(&T) -> &str) {
    let order = {
        let keys: Vec<&str> = items.iter().map(key).collect();
        by_texts(&keys, direction)
    };
    permute(items, &order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Ascending, Descending};

    #[test]
    fn numbers_in_total_order_and_stable() {
        let keys = [2.0, -0.0, f64::NAN, 0.0, 2.0, f64::NEG_INFINITY, 1.0];
        assert_eq!(by_numbers(&keys, Ascending), [5, 1, 3, 6, 0, 4, 2]);
        // Descending reverses the comparison, not the result: equal keys keep position order.
        assert_eq!(by_numbers(&keys, Descending), [2, 0, 4, 6, 3, 1, 5]);
        assert!(by_numbers(&[], Ascending).is_empty());
    }

    #[test]
    fn texts_bytewise_and_stable() {
        let keys = ["b", "B", "a", "b", ""];
        assert_eq!(by_texts(&keys, Ascending), [4, 1, 2, 0, 3]);
        assert_eq!(by_texts(&keys, Descending), [0, 3, 2, 1, 4]);
    }

    #[test]
    fn sorting_items_matches_the_standard_stable_sort() {
        let items: Vec<(u64, &str)> = vec![(3, "c"), (1, "z"), (3, "a"), (2, "b"), (1, "y"), (0, "x")];
        let mut ours = items.clone();
        sort_by_number(&mut ours, Descending, |p| p.0 as f64);
        let mut std = items.clone();
        std.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(ours, std);

        // Two keys: the last key first, then the first (count descending, then name).
        let mut ours = items.clone();
        sort_by_text(&mut ours, Ascending, |p| p.1);
        sort_by_number(&mut ours, Descending, |p| p.0 as f64);
        let mut std = items;
        std.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        assert_eq!(ours, std);
    }

    #[test]
    fn permute_moves_every_item_once() {
        let mut v = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        permute(&mut v, &[2, 0, 1]);
        assert_eq!(v, ["c", "a", "b"]);
    }
}
