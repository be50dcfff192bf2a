//! The Model panel's wording: which family of model the hidden layers make.

use crate::data::Task;

/// The model panel's name for a network with `hidden` hidden layers, predicting `task` (not yet
/// known: `None`) with `classes` class names:
///
/// - no hidden layer: linear regression for a regression task, softmax (multinomial logistic)
///   regression for more than two classes, logistic regression otherwise (also before the task
///   is known with at most two class names);
/// - otherwise "1 hidden layer (MLP)" or "N hidden layers (MLP)".
///
/// The class count comes from the class names the page shows, not from `task`, so the wording
/// follows what the user sees. (Compare's shorter names: [`crate::compare::model_name`].)
pub fn model_family(hidden: usize, task: Option<Task>, classes: usize) -> String {
    let regression = task.is_some_and(|t| !t.is_classification());
    match hidden {
        0 if regression => "No hidden layer: linear regression".to_string(),
        0 if classes > 2 => "No hidden layer: softmax (multinomial logistic) regression".to_string(),
        0 => "No hidden layer: logistic regression".to_string(),
        1 => "1 hidden layer (MLP)".to_string(),
        n => format!("{n} hidden layers (MLP)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_models_by_task_and_classes() {
        let two = Some(Task::Classification { classes: 2 });
        let three = Some(Task::Classification { classes: 3 });
        assert_eq!(model_family(0, Some(Task::Regression), 0), "No hidden layer: linear regression");
        // A regression stays linear whatever class names are left over.
        assert_eq!(model_family(0, Some(Task::Regression), 5), "No hidden layer: linear regression");
        assert_eq!(model_family(0, two, 2), "No hidden layer: logistic regression");
        assert_eq!(model_family(0, three, 3), "No hidden layer: softmax (multinomial logistic) regression");
        // Before the task is known, the class names decide.
        assert_eq!(model_family(0, None, 0), "No hidden layer: logistic regression");
        assert_eq!(model_family(0, None, 2), "No hidden layer: logistic regression");
        assert_eq!(model_family(0, None, 4), "No hidden layer: softmax (multinomial logistic) regression");
    }

    #[test]
    fn networks_count_their_hidden_layers() {
        for task in [None, Some(Task::Regression), Some(Task::Classification { classes: 3 })] {
            assert_eq!(model_family(1, task, 3), "1 hidden layer (MLP)");
            assert_eq!(model_family(2, task, 3), "2 hidden layers (MLP)");
            assert_eq!(model_family(6, task, 3), "6 hidden layers (MLP)");
        }
    }
}
