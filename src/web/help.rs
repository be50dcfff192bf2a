//! The explanations: for every control, chart and panel of [`super::catalogue`], keyed by its
//! `data-testid`, what it is and why it matters, in one to three sentences for a first-year
//! student, with the formula where one helps. Shown in place: a "?" toggletip next to each
//! control's label (`components/help_tip.rs`) and a "What is this?" disclosure under each chart.
//! Plain data, no UI crate: `tests/help_catalogue.rs` checks that nothing in the catalogue is
//! left unexplained.

/// One explanation.
pub struct Explanation {
    /// The `data-testid` it explains.
    pub id: &'static str,
    /// What it is and why it matters (1–3 sentences, plain text).
    pub text: &'static str,
    /// The maths, written with Unicode (empty when words are enough).
    pub formula: &'static str,
}

const fn e(id: &'static str, text: &'static str, formula: &'static str) -> Explanation {
    Explanation { id, text, formula }
}

/// Every explanation.
pub const EXPLANATIONS: &[Explanation] = &[
    // Run
    e("train", "Trains continuously, epoch after epoch, until you pause or the last epoch is done. Each step moves every weight a little downhill on the loss.", "w ← w − η·∂L/∂w"),
    e("step", "Trains exactly one epoch, one pass over every training row in mini-batches, then pauses. Handy to watch the first epochs one by one.", ""),
    e("step-batch", "Takes a single gradient step on the next mini-batch and shows that batch's loss. It is the smallest move training can make.", ""),
    e("stop", "Ends the run now and scores it on the test set. With a validation set it keeps the weights of the epoch whose validation loss was lowest.", ""),
    e("reset", "Starts again from epoch 0 with the same seed, so with the same initial weights and batch order. You get the very same numbers again, bit for bit.", ""),
    // Data
    e("dataset-select", "The data the model learns from. The generated 2-D sets (circle, xor, spirals …) let you watch the decision map; the real tables are small classic datasets with several columns.", ""),
    e("file-loader", "Train on your own table: a CSV file opened, dropped, pasted or fetched from a web address. It stays in your browser; nothing is uploaded.", ""),
    e("train-ratio", "The share of rows the model learns from; the rest is held out. A model is judged on rows it never saw, because fitting its own training rows proves little.", ""),
    e("validation-share", "Rows kept out of training and scored after every epoch, so you see overfitting while it happens (and can stop early). The test set stays untouched until the end.", ""),
    e("noise", "Moves points away from the clean shape, so that some land on the wrong side. Noisy data tempts a big model to memorise the mistakes.", ""),
    e("points", "How many points are generated for training and testing together. With few points a big model overfits easily; with many the picture is clearer but training slower.", ""),
    e("seed", "Every random choice (the data, the split, the initial weights, the batch order) comes from this number. Same seed, same run; change it to see how much luck matters.", ""),
    e("regenerate", "Moves to the next seed: new random data, a new split and new initial weights.", ""),
    // Table preparation
    e("target-select", "The column to predict, y. The other usable columns become the inputs, the features x.", ""),
    e("task-select", "Classification predicts a category (a class), regression predicts a number. Automatic decides from the target column: text or a few whole numbers make it classification.", ""),
    e("feature-picker", "The input columns and how each is read. Identifier-like, constant and free-text columns start unticked, with the reason next to them.", ""),
    e("derived-features", "Extra inputs computed from numeric columns, such as x², x·y or sin x. With them even a model without hidden layers can draw curved borders.", "x₁² · x₁x₂ · sin x₁"),
    e("numeric-missing", "How empty number cells are filled: with the mean (or median) of the training rows, or the rows are dropped. Computing it on the training rows only keeps the test rows truly unseen.", "x̄ = (1/n)·Σxᵢ"),
    e("categorical-missing", "How empty text cells are filled: with the most frequent category of the training rows, or the rows are dropped. Text columns are then one-hot encoded, one 0/1 column per category.", "Harbour → (0, 1, 0, 0)"),
    e("scaling", "Puts the numeric features on a common scale, fitted on the training rows. Gradient descent struggles when one column is in thousands and another in tenths, because one learning rate cannot suit both.", "z = (x − μ)/σ  or  (x − min)/(max − min)"),
    // Model
    e("add-layer", "Adds a hidden layer of 4 neurons before the output. Each layer computes h = f(W·x + b), and stacking layers with a nonlinear f lets the model draw curved borders.", "h = f(W·x + b)"),
    e("remove-layer", "Removes the last hidden layer. With no hidden layer the model is linear: logistic regression draws a straight border, linear regression fits a plane.", "σ(w·x + b)"),
    e("model-kind", "What kind of model learns: a neural network, or a model that splits the data by one feature at a time (a decision tree, a random forest, gradient-boosted trees) or compares rows (k-nearest neighbours, naive Bayes). On tables, tree ensembles are often the strongest.", ""),
    e("forest-trees", "How many trees the forest grows, each on a bootstrap sample of the rows and choosing among a random few features at each split. The forest averages them: more trees make it steadier, not more complex.", ""),
    e("boost-rounds", "How many boosting rounds: each round fits a small tree to what the model still gets wrong (the gradient of the loss) and adds a shrunken copy of it.", "F ← F + η·tree"),
    e("boost-rate", "How much of each round's tree is added (the shrinkage η). A smaller rate needs more rounds but usually predicts new rows better.", "F ← F + η·tree"),
    e("boost-leaves", "The most leaves each boosting tree may have. Trees grow leaf by leaf, splitting first the leaf whose split lowers the loss most.", ""),
    e("tree-depth", "How many questions deep a tree may go: each level splits the rows again by one feature. Deeper trees fit more detail, and more noise; 0 means no limit.", ""),
    e("leaf-rows", "The fewest training rows a leaf may hold. Bigger leaves average over more rows, which smooths the model and keeps it from memorising single points.", ""),
    e("boost-patience", "Stop after this many rounds without a lower validation loss and keep the best round, which needs a validation share. With 0, every round is fitted.", ""),
    e("tree-criterion", "How a tree scores a split of the classes: Gini impurity (the chance two rows drawn from a node disagree) or entropy (information). They pick nearly the same splits; numbers always use the squared error.", "Gini = 1 − Σ p²  ·  entropy = −Σ p·log p"),
    e("forest-features", "How many features each split of a forest's tree may choose from, drawn at random per split. Fewer make the trees differ more, so their average varies less; all of them gives bagged trees.", ""),
    e("forest-bootstrap", "Whether each tree learns from rows drawn at random with replacement (about 63% of them, some twice), so the trees differ. Off: every tree sees every row and differs only by its features.", ""),
    e("boost-l2", "Shrinks each leaf's value towards 0: a leaf's value is its rows' gradient sum over their hessian sum plus λ, so small leaves move the model less.", "leaf = −η·Σg / (Σh + λ)"),
    e("knn-distance", "How far apart two rows are, over their prepared (scaled) features: along a straight line, or as the sum of the differences, which weighs one big difference less.", "√Σ(a−b)²  ·  Σ|a−b|"),
    e("knn-weighting", "Whether the k neighbours count the same, or each by 1/distance so that nearer rows count more (a row seen in training then predicts its own target).", ""),
    e("bayes-smoothing", "Added to every feature's variance, as a share of the largest one, so that a feature that is constant within a class does not make every other value impossible.", "σ² + ε·max σ²"),
    e("knn-k", "How many of the nearest training rows vote on a prediction, or are averaged for a number. A small k follows the data closely; a large k smooths.", ""),
    e("layers", "How many neurons each hidden layer has. More neurons can fit more complex shapes, but can also memorise noise and train more slowly.", ""),
    e("activation", "The nonlinearity f after each hidden layer. Without one (linear), stacked layers collapse into a single linear map and can only draw straight borders.", "ReLU(x) = max(0, x) · tanh(x) · σ(x) = 1/(1 + e⁻ˣ)"),
    e("dropout", "While training, each hidden neuron is switched off with probability p in every step and the others are scaled up, so the network cannot lean on any single neuron. It fights overfitting; evaluation uses every neuron.", "h ← h·m/(1 − p), m = 0 with probability p"),
    // Training
    e("optimizer", "The rule that turns gradients into weight changes. SGD steps straight downhill; momentum keeps a running direction; Adam scales each weight's step by its recent gradient sizes and usually converges fastest.", "SGD: w ← w − η·g"),
    e("learning-rate", "The step size η of gradient descent. Too small and training crawls; too big and the loss jumps around or blows up.", "w ← w − η·∂L/∂w"),
    e("schedule", "How the learning rate changes over the epochs: constant, halved every 50 epochs, or lowered smoothly to 0 along a cosine. Big steps early, fine steps at the end.", "η·½(1 + cos(π·e/E))"),
    e("l2", "Penalises large weights: training minimises the loss plus ½λ·Σw², so every step also shrinks each weight a little. Smaller weights give smoother borders and fight overfitting.", "L + ½λ·Σw²,  w ← w − η·(∂L/∂w + λ·w)"),
    e("l1", "Penalises the absolute size of the weights. It pushes weights that are not needed to exactly zero, keeping only the useful inputs.", "L + α·Σ|w|"),
    e("loss", "What regression minimises, on the errors r = ŷ − y. Squared error lets big errors dominate; absolute error is robust to outliers; Huber is squared near 0 and absolute beyond δ.", "MSE = mean(r²) · MAE = mean(|r|)"),
    e("batch-size", "Rows per gradient step. A small batch gives a noisy estimate of the gradient but many cheap steps per epoch; a large batch gives smoother but fewer steps.", ""),
    e("clip-norm", "Caps the length of each step's gradient. One bad batch can then no longer throw the weights far away (exploding gradients).", "if ‖g‖ > c: g ← g·c/‖g‖"),
    e("patience", "Early stopping: the run stops when the validation loss has not improved for this many epochs, and keeps the best epoch's weights. It needs a validation share.", ""),
    e("epochs", "How many passes over the training set a run makes. In one epoch every training row is used once.", ""),
    e("table-defaults", "When you pick a table or open a file, Lantern chooses the split, batch size, learning rate, epochs with early stopping, weight decay and network from its number of rows and its task, and writes them into the experiment. The generated 2-D sets keep the playground's settings.", ""),
    // Page
    e("share-panel", "Makes a link that holds this whole experiment, or a lesson, or options for a class. Whoever opens it gets the same run, bit for bit; nothing is stored on a server.", ""),
    e("compare", "Every finished run is recorded here with its settings, curves and test metrics. Sort them, overlay their curves and see which settings differ: comparing runs is how you find out whether a change really helped.", ""),
    e("deploy", "Uses a trained model as it would be used after training: export it, predict new rows one at a time or from a file, and check whether new data still looks like the data it learned from.", ""),
    // Header and lessons
    e("stages", "The page's stages, in the order the work goes: prepare the data, train a model, evaluate it on held-out rows, compare runs, then deploy the model and watch new data. The bar under them shows the run on every stage. Each stage has its own address, kept by Back, Forward and a reload; arrow keys move between tabs.", ""),
    e("stage-next", "Goes to the stage that usually comes next in the work, keeping the experiment and the run as they are.", ""),
    e("lessons-menu", "Guided lessons that walk through one idea step by step: each step loads an experiment, says what to look at and may ask a question. A lesson is a link, so a teacher can share it and nothing is stored on a server.", ""),
    e("present-toggle", "Presentation mode for a projector: large type, and only the charts and the main controls on one screen. Escape or the same button leaves it.", ""),
    e("lesson-nav", "Back and Next move between the lesson's steps; each step loads its experiment and outlines what to look at. The step is kept in the address, so a reload or a shared address opens the same step. Close leaves the lesson and keeps the experiment on screen.", ""),
    // Own data
    e("paste-data", "Paste a table as text, one row per line, values separated by commas and the first line naming the columns. Use this data reads it like an opened file; nothing leaves your browser.", ""),
    e("url-data", "Opens a CSV file published at a web address. Nothing is downloaded until you press the button, which names the host first; the file then stays in this page like one you opened.", ""),
    e("data-prompt", "This link's data file was too big to travel in the link, so the link names it by its size and SHA-256 fingerprint. Open your copy, or fetch it from the address the link names: either way it is checked before training.", ""),
    // Table view
    e("column-kind", "How a column is read. Numeric columns are used as numbers, categorical ones become one 0/1 input per category (one-hot), and identifiers, constants and free text are left out: they carry no pattern a model can learn. Change the kind when the guess is wrong, for a postcode read as a number say.", "colour = green → (0, 1, 0) over (red, green, blue)"),
    e("column-list", "One row per column: its kind, missing cells, summary numbers and a small histogram. Wide tables show 50 columns at a time (Show more adds the next ones), and Find a column keeps only the names containing what you type.", ""),
    e("data-grid", "Go to row and Go to column jump to a cell of the grid below, by row number or column name. The grid draws only the cells in view, so a table of a million rows still scrolls smoothly.", ""),
    e("distribution-column", "The column whose values the distribution chart shows: for a number, how many rows fall in each bin; for a category, how often each value occurs. Skewed numbers or rare categories show up here before they surprise the model.", ""),
    e("scatter-x", "The column plotted from left to right in the scatter plot. Try pairs of columns: if the colours separate, those two columns together already tell the classes apart.", ""),
    e("scatter-y", "The column plotted from bottom to top in the scatter plot. Points along a rising or falling line show two columns that are correlated.", ""),
    // Chart settings
    e("plane-x", "The feature along the horizontal axis of the decision map. A map can show only two features at a time, so every other feature is held at its training mean while the picture is drawn.", ""),
    e("plane-y", "The feature along the vertical axis of the decision map (the others stay at their training mean). Picking the other axis's feature swaps the two.", ""),
    e("boundary-discrete", "Colours each point of the plane by the predicted class only, without the paler shades where the model is unsure. The border between classes shows sharply; turn it off to see where the model hesitates.", ""),
    e("loss-log", "Draws the loss on a logarithmic axis, where each step up the axis multiplies the loss by the same factor. Late in training the loss shrinks by amounts that a linear axis flattens into a line; a log axis still shows them.", "height ∝ log₁₀ L"),
    e("run-log", "Every epoch's numbers as one JSON line, in the format the command line prints, to read or download. A run in the page can then be checked line by line against the same run on the command line.", ""),
    // Share panel
    e("share-link", "Make share link puts this experiment, with its data when small enough, in the part of the address after #, which browsers never send to a server. Copy it and send it: whoever opens it gets the same run, and the meter shows how much of the 64 KiB data limit is used.", ""),
    e("share-fingerprint", "Adds the finished run's fingerprint to the link: a SHA-256 over every epoch's numbers and the final weights. Whoever opens it and trains to the end sees whether their run is the same, bit for bit.", ""),
    e("share-export", "Saves the experiment, its data included, as a JSON file, for experiments too big for a link. Import experiment opens such a file again; a file that is not one is refused and the current experiment kept.", ""),
    e("class-options", "Options for teaching with a link: a note shown above the page, training that starts as the link opens, and controls hidden or locked, so students focus on one idea.", ""),
    e("control-picker", "Pick controls by name: hidden ones are not shown to whoever opens the link, locked ones are shown but cannot be changed. Opening another link, or closing its lesson, lifts them again.", ""),
    e("lesson-builder", "Builds a guided lesson: set the page up, write what to look at, add it as a step, and repeat. Make lesson link puts every step in one link that students step through with Back and Next; Open it here tries it first.", ""),
    e("lesson-step", "One step of the lesson: its text, an optional question whose answer is shown on request, and whether it loads the experiment now on screen and starts training. The arrows reorder the steps and × deletes one.", ""),
    e("step-picker", "What this step points at, for this step only: highlighted controls and charts get a coloured outline and scroll into view, hidden ones disappear, and locked ones cannot be changed.", ""),
    // Compare runs
    e("queue-workers", "How many queued runs train at once, each in a Web Worker of its own: by default one per core but one, which the page keeps. Each run's numbers are the same whatever the number, and runs are recorded in the order they were queued.", ""),
    e("explain-section", "Pick an input: the chart shows how the model's output moves when only that input changes, for each test row (thin lines) and on average (bold). The table lists the test rows the model gets most wrong; click a heading to sort.", ""),
    e("search", "Tries settings within the ranges you give: at random, or with TPE, which proposes the next runs near the best scores so far. Each run is scored on its validation rows; Apply best makes the best run's settings the experiment's.", ""),
    e("class-weight", "Balanced weights make each class count as much in the loss as the others, however rare: the rare class is found more often, at the cost of some false alarms. Use it when one class is much rarer than the others.", "w_c = n / (k · n_c)"),
    e("queue-seeds", "Trains the same experiment again with other seeds and adds a mean ± standard deviation row. When two settings differ by less than this spread, the difference may just be luck.", "s = √(Σ(x − x̄)²/(n − 1))"),
    e("queue-folds", "Trains k runs, each tested on one of k folds of the rows after training on the others, then adds a mean ± standard deviation row: the score no longer hangs on one lucky split. \"groups of\" a column keeps each group in one fold; \"in time\" trains on the past only.", "score = (1/k)·Σ scoreᵢ"),
    e("compare-algorithms", "Trains a linear model, two MLPs, a tree, a forest, boosted trees, k-NN and (for classes) naive Bayes on the same split and seed, each next to the baseline. It shows which kind of model suits the data.", ""),
    e("grid-search", "Trains one run for every value of a setting, or for every pair of values of two settings (at most 36 runs). Type the values separated by commas, queue them, then sort the table by a metric to find the best.", ""),
    e("queue-cancel", "Stops the background queue at once. Runs that already finished stay in the table.", ""),
    e("runs-table", "One row per recorded run, with its test metrics and the baseline's under them. Click a column to sort by it, tick runs to overlay their curves and compare their settings, and delete the runs you no longer need.", ""),
    e("compare-curves", "Which curve of the selected runs to overlay: the test, validation or training loss, or accuracy or R². The log scale spreads out the small late differences between losses.", ""),
    e("spec-diff", "The settings of the selected runs side by side, the values that differ from the first run's marked. Ignore the seed to compare repeats over seeds; show all settings to see the ones they share too.", ""),
    // Deploy & monitor
    e("export-model", "Packs the finished model into a .zip: model.json, its card (inputs, preparation, test metrics), and its weights or trees. The command line predicts with the same files and gets the same numbers; the buttons save them again, as ONNX, or as a Python script that retrains it with scikit-learn.", ""),
    e("import-model", "Opens a model exported by Lantern, as its .zip or its two files, to predict with it. A file that is not a Lantern model is refused and the current model kept.", ""),
    e("predict-form", "Type the values of one new row: the prediction, with every class's probability, changes as you type. It starts from a typical training row, so change one value at a time to see what the model reacts to.", ""),
    e("predict-batch", "Predicts every row of a CSV file that has the model's input columns and appends the predictions to each row. When the file also has the target column, the model's metrics on those rows show how it does on new data.", ""),
    e("drift-check", "Compares each input column of new rows with the training rows. When new data drifts away from what the model learned from, its predictions get worse, often without any error message.", "PSI = Σ (pₙ − pₜ)·ln(pₙ/pₜ)"),
    e("retrain", "Trains the same model again, with the same settings and seed, on the old rows plus the new ones, or on the new ones only, in the background. Compare runs then shows it next to the current model on the same test rows.", ""),
    // Charts
    e("boundary-chart", "The model's answer at every point of the plane: the colour is the predicted class, paler where the model is unsure. The border between colours is the decision boundary; dots are the data (white ring training, dark ring test).", "p = σ(z) for two classes;  pₖ = eᶻᵏ/Σⱼ eᶻʲ (softmax) for more"),
    e("loss-chart", "How wrong the model is after each epoch (lower is better), on the training, validation and test rows. When the training loss falls but the test loss rises, the model is overfitting.", "cross-entropy L = −(1/n)·Σ log pᵢ(yᵢ);  regression: mean((ŷ − y)²)"),
    e("metric-chart", "Accuracy (classification) or R² (regression) after each epoch, on each set. A wide gap between training and test means the model does not generalise.", "accuracy = correct / all"),
    e("network-chart", "The network, inputs on the left and output on the right. Each line is a weight (blue positive, orange negative, thicker is larger), and each neuron shows what it computes over the plane.", ""),
    e("tree-chart", "The fitted decision tree, root on top. Each box is a node: its test (rows that pass go left, yes), how many training rows reach it, its impurity (0 when all rows agree) and its class mix or mean; a leaf predicts its majority class or its mean.", "gini = 1 − Σₖ pₖ²;  entropy = −Σₖ pₖ·log₂ pₖ"),
    e("weights-chart", "How each layer's weights spread out over the epochs, darker where more weights are. Weights that keep growing can signal overfitting; L2 keeps them small.", ""),
    e("tree-node", "Press a node (click, Enter or Space) to list the training rows that reach it under the diagram, with their values in the table's own units. A node marked with more nodes below also shows the tree from it.", ""),
    e("tree-zoom", "A deep tree is shown a few levels at a time. Up a level shows the tree from the node above the top one, and Root from the very top; the line above the diagram says which tests every row shown passes.", ""),
    e("confusion-chart", "Rows are the actual classes, columns the predicted ones. The diagonal counts correct answers; every other cell shows which classes get confused.", ""),
    e("roc-chart", "For every threshold, the share of positives found against the share of negatives wrongly flagged. The area under the curve (AUC) is the chance that a random positive scores above a random negative: 0.5 is guessing, 1 is perfect.", "TPR = TP/(TP + FN) · FPR = FP/(FP + TN)"),
    e("pr-chart", "Precision (of the rows flagged, the share that are right) against recall (of the right rows, the share flagged) as the threshold moves. It matters when a class is rare.", "precision = TP/(TP + FP) · recall = TP/(TP + FN)"),
    e("predicted-chart", "Each test row's prediction against its actual value; on the dashed line the prediction is exact. R² is 1 for a perfect model and 0 for one no better than the mean.", "R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)²"),
    e("residuals-chart", "Residual = actual − predicted, plotted against the prediction. Residuals scattered evenly around 0 are good; a curve or a funnel means the model misses a pattern.", ""),
    e("importance-chart", "How much the model relies on each input. Left: the drop in test score when that input's values are shuffled, averaged over several shuffles (the line shows their spread). Right, for trees: the input's share of the gains of the training splits, which favours inputs with many distinct values.", "dropⱼ = s(X) − s(X with column j shuffled)"),
    e("distribution-chart", "How a column's values are spread: for a number, how many rows fall in each bin; for a category, how often each value occurs.", ""),
    e("correlation-chart", "The Pearson correlation r of each pair of numeric columns, from −1 (one rises as the other falls) through 0 (no straight-line relation) to +1. Strongly correlated inputs carry overlapping information.", "r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²)"),
    e("scatter", "Every row as a point, one column across and another up, coloured by the target. A quick look at how two columns relate.", ""),
    e("compare-chart", "The selected runs' curves on one chart, one line per run. Curves that stay apart over the last epochs show a real difference; curves that cross and touch may differ only by luck.", ""),
    e("drift-charts", "For each drifted column, the share of training rows (bars) and of new rows (line) in each bin or category. Where the two differ most, the new data is unlike anything the model learned from.", ""),
    // Panels
    e("status", "What the run is doing (paused, training, done, and which epoch's weights were kept) and how many trainable numbers, weights and biases, the model has.", ""),
    e("metrics", "The latest epoch's numbers: loss, and accuracy or R², on the training, validation and test rows.", ""),
    e("evaluation", "The finished model on the test set, next to a baseline that ignores the inputs. Accuracy can look good when one class dominates; balanced accuracy averages the recall of every class, so guessing the majority gets only 1/classes.", "balanced accuracy = (1/K)·Σₖ recallₖ;  RMSE = √mean((y − ŷ)²)"),
    e("preparation", "What was done to the table before training, fitted on the training rows only: rows dropped, gaps filled, categories one-hot encoded, numbers scaled.", ""),
    e("data-view", "The table as loaded: each column's detected type, how many cells are missing, summary statistics and a small histogram, then the cells themselves.", ""),
];

/// The explanation of `id`, if it has one.
pub fn explain(id: &str) -> Option<&'static Explanation> {
    EXPLANATIONS.iter().find(|e| e.id == id)
}

/// The `id` attribute of the element holding `id`'s explanation, which the control names in
/// `aria-describedby`.
pub fn help_id(id: &str) -> String {
    format!("help-text-{id}")
}
