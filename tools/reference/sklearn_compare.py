#!/usr/bin/env python3
"""scikit-learn reference numbers for tests/sklearn_reference.rs (issue 4).

Reads the matrices Lantern prepared (written by
`cargo test --offline --test sklearn_reference -- --ignored export_prepared_matrices`
to `$CARGO_TARGET_DIR/reference/` or `target/reference/`), fits scikit-learn's
LogisticRegression, MLPClassifier(hidden_layer_sizes=(32,)) and Ridge on exactly those
matrices, and writes tests/golden/sklearn_reference.json.

The features are read as float32 (the values Lantern trains on, bit for bit) and then widened
to float64; targets are class indices (classification) or the raw value (regression).

Usage: python tools/reference/sklearn_compare.py [reference_dir]
"""

import csv
import datetime
import json
import os
import platform
import re
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden", "sklearn_reference.json")

DATASETS = {"iris": "classification", "penguins": "classification", "diabetes": "regression"}

# LogisticRegression: defaults (C=1, lbfgs, multinomial for 3 classes, L2 on the
# coefficients only), with a tolerance and iteration budget that reach the optimum.
LOGISTIC = dict(C=1.0, tol=1e-10, max_iter=100_000)
# Ridge: default alpha, exact solver.
RIDGE = dict(alpha=1.0)
# MLPClassifier: defaults (relu, adam lr 0.001, batch min(200, n), alpha 1e-4, tol 1e-4,
# n_iter_no_change 10) except max_iter: the default 200 stops these small data sets before the
# training-loss rule does (ConvergenceWarning); 5000 lets the rule end every run.
MLP = dict(hidden_layer_sizes=(32,), max_iter=5000)
MLP_RANDOM_STATES = [0, 1, 2, 3, 4]


class RecordingMLP(MLPClassifier):
    """MLPClassifier that keeps a copy of its initial weights (same random stream, same fit), so
    Lantern can start from them and the remaining differences are the training loops'."""

    def _init_coef(self, fan_in, fan_out, dtype):
        coef, intercept = super()._init_coef(fan_in, fan_out, dtype)
        self.__dict__.setdefault("initial_layers_", []).append((coef.copy(), intercept.copy()))
        return coef, intercept


def f32_list(a):
    """Values as float32 (what Lantern holds), as short decimal text that reads back exactly."""
    return [
        float(np.format_float_positional(v, unique=True)) for v in np.asarray(a, dtype=np.float32).ravel()
    ]


def reference_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    if not os.path.isabs(target):
        target = os.path.join(ROOT, target)
    return os.path.join(target, "reference")


def load(directory, name, part):
    path = os.path.join(directory, f"{name}_{part}.csv")
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=str, ndmin=2)
    x = raw[:, :-1].astype(np.float32).astype(np.float64)
    y = raw[:, -1].astype(np.float64)
    # The fingerprint the Rust test recomputes (sum of every feature and target value).
    checksum = float(x.sum() + y.sum())
    return header[:-1], x, y, {"rows": int(x.shape[0]), "features": int(x.shape[1]), "checksum": checksum}


def sklearn_preparation(directory, name, features, x_train, x_test):
    """Redoes the preparation with scikit-learn's own transformers from the raw CSV and the row
    indices Lantern reports, and returns the largest |difference| from Lantern's matrices.

    Numeric feature columns: SimpleImputer(strategy="mean") then StandardScaler (population sd).
    Categorical ones (written `column=category` in the header): SimpleImputer(strategy=
    "most_frequent") then OneHotEncoder(handle_unknown="ignore"), matched by category name, since
    Lantern orders categories by first appearance and scikit-learn sorts them. Both fitted on the
    training rows only. The class index is checked against the sorted class names too."""
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    with open(os.path.join(directory, f"{name}_rows.json"), encoding="utf-8") as f:
        index = json.load(f)
    with open(os.path.join(ROOT, "www", "datasets", f"{name}.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, cells = rows[0], np.array(rows[1:], dtype=object)
    train, test = index["train"], index["test"]
    worst = 0.0
    one_hot = {}
    for j, feature in enumerate(features):
        if "=" in feature:
            column, category = feature.split("=", 1)
            one_hot.setdefault(column, []).append((j, category))
            continue
        values = cells[:, header.index(feature)]
        v = np.array([np.nan if c in ("NA", "") else float(c) for c in values]).reshape(-1, 1)
        imputer = SimpleImputer(strategy="mean").fit(v[train])
        scaler = StandardScaler().fit(imputer.transform(v[train]))
        for part, x in ((train, x_train), (test, x_test)):
            ours = scaler.transform(imputer.transform(v[part]))[:, 0]
            worst = max(worst, float(np.max(np.abs(ours - x[:, j]))))
    for column, outputs in one_hot.items():
        values = cells[:, header.index(column)].copy()
        values[values == "NA"] = np.nan
        v = values.reshape(-1, 1)
        imputer = SimpleImputer(strategy="most_frequent", missing_values=np.nan).fit(v[train])
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(imputer.transform(v[train]))
        categories = list(encoder.categories_[0])
        assert sorted(categories) == sorted(c for _, c in outputs), (name, column, categories, outputs)
        for part, x in ((train, x_train), (test, x_test)):
            encoded = encoder.transform(imputer.transform(v[part]))
            for j, category in outputs:
                worst = max(worst, float(np.max(np.abs(encoded[:, categories.index(category)] - x[:, j]))))
    return worst


def check_classes(directory, name, y_train, y_test):
    """The class indices Lantern wrote are the positions of the class names, sorted."""
    with open(os.path.join(directory, f"{name}_rows.json"), encoding="utf-8") as f:
        index = json.load(f)
    with open(os.path.join(ROOT, "www", "datasets", f"{name}.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    t = rows[0].index(index["target"])
    labels = np.array([r[t] for r in rows[1:]])
    names = sorted(set(labels[index["train"]]))
    for part, y in (("train", y_train), ("test", y_test)):
        assert [names.index(c) for c in labels[index[part]]] == list(y), (name, part)


def softmax_objective(model, x, y, C):
    """mean cross-entropy + ||W||^2 / (2 C n): LogisticRegression's objective divided by C n."""
    p = model.predict_proba(x)
    idx = np.searchsorted(model.classes_, y)
    ce = -np.mean(np.log(p[np.arange(len(y)), idx]))
    return float(ce + np.sum(model.coef_ ** 2) / (2 * C * len(y)))


def ridge_objective(x, y, alpha):
    """(||y' - Xw' - b'||^2 + alpha ||w'||^2) / n with y' the standardised target (training mean,
    population sd): Ridge's objective on the target Lantern trains on, divided by n."""
    ys = (y - y.mean()) / y.std()
    m = Ridge(alpha=alpha).fit(x, ys)
    r = ys - m.predict(x)
    return float((r @ r + alpha * m.coef_ @ m.coef_) / len(y))


def main():
    directory = reference_dir()
    out = {
        "generated_by": "tools/reference/sklearn_compare.py",
        "date": datetime.date.today().isoformat(),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "split": {"seed": 42, "train_fraction": 0.8, "validation_fraction": 0.0},
        "settings": {
            "logistic": f"LogisticRegression({', '.join(f'{k}={v!r}' for k, v in LOGISTIC.items())})",
            "ridge": f"Ridge({', '.join(f'{k}={v!r}' for k, v in RIDGE.items())})",
            "mlp": f"MLPClassifier({', '.join(f'{k}={v!r}' for k, v in MLP.items())}, random_state=0..4), other defaults",
        },
        "datasets": {},
    }
    for name, task in DATASETS.items():
        features, x_train, y_train, train_info = load(directory, name, "train")
        _, x_test, y_test, test_info = load(directory, name, "test")
        d = {"feature_names": features, "train": train_info, "test": test_info}
        # Lantern's float32 matrices against scikit-learn's float64 transformers: up to ~1e-6.
        d["preparation_max_abs_diff"] = sklearn_preparation(directory, name, features, x_train, x_test)
        assert d["preparation_max_abs_diff"] < 1e-5, (name, d["preparation_max_abs_diff"])
        if task == "classification":
            y_train, y_test = y_train.astype(int), y_test.astype(int)
            check_classes(directory, name, y_train, y_test)
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                lr = LogisticRegression(**LOGISTIC).fit(x_train, y_train)
            d["logistic"] = {
                "test_accuracy": float(accuracy_score(y_test, lr.predict(x_test))),
                "train_accuracy": float(accuracy_score(y_train, lr.predict(x_train))),
                "train_objective": softmax_objective(lr, x_train, y_train, LOGISTIC["C"]),
                "n_iter": int(np.max(lr.n_iter_)),
                "converged": bool(np.max(lr.n_iter_) < LOGISTIC["max_iter"]),
            }
            runs = []
            for rs in MLP_RANDOM_STATES:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ConvergenceWarning)
                    m = RecordingMLP(random_state=rs, **MLP).fit(x_train, y_train)
                runs.append({
                    "random_state": rs,
                    "test_accuracy": float(accuracy_score(y_test, m.predict(x_test))),
                    "train_accuracy": float(accuracy_score(y_train, m.predict(x_train))),
                    "n_iter": int(m.n_iter_),
                    "final_loss": float(m.loss_),
                    # False if max_iter ended the run instead of the training-loss rule.
                    "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
                    # Lantern's layout: w is (inputs, outputs) row-major, like coefs_.
                    "initial_weights": [
                        {"inputs": int(c.shape[0]), "outputs": int(c.shape[1]), "w": f32_list(c), "b": f32_list(b)}
                        for c, b in m.initial_layers_
                    ],
                })
            accs = [r["test_accuracy"] for r in runs]
            d["mlp"] = {
                "runs": runs,
                "test_accuracy_mean": float(np.mean(accs)),
                "test_accuracy_min": float(np.min(accs)),
                "test_accuracy_max": float(np.max(accs)),
                "test_accuracy_random_state_0": runs[0]["test_accuracy"],
            }
        else:
            rg = Ridge(**RIDGE).fit(x_train, y_train)
            d["ridge"] = {
                "test_r2": float(r2_score(y_test, rg.predict(x_test))),
                "train_r2": float(r2_score(y_train, rg.predict(x_train))),
                "train_objective": ridge_objective(x_train, y_train, RIDGE["alpha"]),
            }
        out["datasets"][name] = d
        shown = {k: v for k, v in d.items() if k not in ("feature_names", "mlp")}
        if "mlp" in d:
            shown["mlp"] = {k: v for k, v in d["mlp"].items() if k != "runs"}
            shown["mlp"]["runs"] = [{k: v for k, v in r.items() if k != "initial_weights"} for r in d["mlp"]["runs"]]
        print(name, json.dumps(shown, indent=1))
    text = json.dumps(out, indent=2)
    # Lists of numbers (the initial weights) on one line each.
    text = re.sub(r"\[\s+([-+0-9.eE,\s]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(GOLDEN, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print("wrote", GOLDEN)


if __name__ == "__main__":
    main()
