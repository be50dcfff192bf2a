#!/usr/bin/env python3
"""scikit-learn reference numbers for Lantern's validation building blocks (src/validate, issue 22).

Writes tests/golden/validate_reference.json, which tests/validate_reference.rs checks without Python:

- folds: the test rows of every fold of unshuffled KFold, StratifiedKFold, GroupKFold and the
  train and test rows of TimeSeriesSplit (with gap, test_size, max_train_size) on small fixtures
  drawn here with numpy (RandomState(0)), stored with the fixtures. Shuffled folds are not
  compared: Lantern shuffles with its own seeded generator, not NumPy's.
- class_weight: compute_class_weight("balanced", classes=np.unique(y), y=y) and
  compute_sample_weight("balanced", y).
- summary: the mean and sample standard deviation (ddof=1) of fold scores, and GridSearchCV's
  rank_test_score rule (scipy.stats.rankdata(-means, method="min"), NaN means tied with the worst).
- metrics: balanced_accuracy_score; average_precision_score (binary, and macro over the
  binarised labels for three classes); for binary scores, the threshold of the
  precision_recall_curve with the largest F1 (the highest threshold among equal F1s), the highest
  recall with precision >= 0.8, and precision_score / recall_score / f1_score /
  balanced_accuracy_score of the rule "score >= threshold" there.
- dependence: sklearn.inspection.partial_dependence(method="brute", kind="both") with the default
  grid (percentiles 5-95, 100 points, or the distinct values when fewer) of three fixed models whose
  maths Lantern's test repeats exactly from the exported coefficients: a binary
  LogisticRegression on degree-2 polynomial features (P(class 1)), a three-class
  LogisticRegression (each class's probability), a LinearRegression on degree-2 polynomial
  features. 150 rows, three features: two continuous (multiples of 1/256, exact in float32), one
  whole number 0-5 (a grid of its distinct values). The grid, the average, and the ICE curves of
  the first 10 rows are stored.

Usage: python tools/reference/sklearn_validate.py   (scikit-learn, numpy, scipy; see docs/validation.md)
"""

import json
import os
import platform

import numpy as np
import scipy
import sklearn
from scipy.stats import rankdata
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden", "validate_reference.json")
ICE_ROWS = 10


def ints(a):
    return [int(v) for v in a]


def floats(a):
    return [float(v) for v in np.ravel(a)]


def folds():
    rng = np.random.RandomState(0)
    out = {"k_fold": [], "stratified": [], "group": [], "time_series": []}
    for n, k in [(7, 2), (7, 3), (10, 5), (23, 4), (23, 23)]:
        tests = [ints(t) for _, t in KFold(k).split(np.zeros(n))]
        out["k_fold"].append({"rows": n, "k": k, "tests": tests})
    labels = [
        ints(rng.randint(0, 3, 40)),
        ints([1] * 6 + [0] * 24),  # imbalanced, the rare class first
        ints(rng.choice([0, 0, 0, 1, 2], 37)),
        ints([2, 0, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1, 1, 0, 2]),  # classes first seen as 2, 0, 1
    ]
    for y in labels:
        counts = np.bincount(y)
        for k in [2, 3, 5]:
            if k > counts[counts > 0].min():
                continue
            tests = [ints(t) for _, t in StratifiedKFold(k).split(np.zeros(len(y)), y)]
            out["stratified"].append({"labels": y, "k": k, "tests": tests})
    groups = [
        ints(rng.randint(0, 12, 50)),
        ints(rng.randint(0, 6, 30) * 10 + 3),
        ints([5, 5, 1, 1, 2, 2, 3, 3, 4, 4, 4, 0]),  # equal sizes: ties
        ints(np.repeat(np.arange(9), [1, 2, 3, 1, 2, 3, 1, 2, 3])),
    ]
    for g in groups:
        for k in [2, 3, 4]:
            tests = [ints(t) for _, t in GroupKFold(k).split(np.zeros(len(g)), groups=g)]
            out["group"].append({"groups": g, "k": k, "tests": tests})
    for n, k, gap, test_size, max_train in [
        (20, 3, 0, None, None),
        (23, 4, 2, None, None),
        (30, 5, 1, 3, 8),
        (12, 2, 0, 5, None),
        (100, 5, 3, None, 40),
    ]:
        split = TimeSeriesSplit(n_splits=k, gap=gap, test_size=test_size, max_train_size=max_train)
        pairs = [(ints(tr), ints(te)) for tr, te in split.split(np.zeros(n))]
        out["time_series"].append(
            {
                "rows": n,
                "k": k,
                "gap": gap,
                "test_size": test_size,
                "max_train": max_train,
                "trains": [p[0] for p in pairs],
                "tests": [p[1] for p in pairs],
            }
        )
    return out


def summary():
    rng = np.random.RandomState(4)
    out = {"folds": [], "ranks": []}
    for k in [2, 5, 10]:
        v = rng.rand(k)
        out["folds"].append({"values": floats(v), "mean": float(np.mean(v)), "std": float(np.std(v, ddof=1))})
    for means in [[0.8, 0.9, 0.8, float("nan"), 0.7], [0.5, 0.5, 0.5], [0.1, float("nan"), 0.3, 0.2, 0.3, 0.05]]:
        a = np.array(means)
        # sklearn.model_selection._search: NaN means tie with the worst finite mean.
        filled = np.nan_to_num(a, nan=np.nanmin(a) - 1)
        worst_low = np.where(np.isnan(a), np.nanmax(a) + 1, a)
        out["ranks"].append(
            {
                "means": [None if np.isnan(m) else m for m in means],
                "higher": ints(rankdata(-filled, method="min")),
                "lower": ints(rankdata(worst_low, method="min")),
            }
        )
    return out


def class_weights():
    rng = np.random.RandomState(1)
    cases = [
        [0, 1, 0, 2, 1, 0],
        [0] * 90 + [1] * 10,
        ints(rng.choice([0, 1, 2, 3], 57, p=[0.5, 0.3, 0.15, 0.05])),
        [0, 0, 2, 2, 2],  # class 1 absent
    ]
    out = []
    for y in cases:
        y = np.array(y)
        present = np.unique(y)
        w = compute_class_weight("balanced", classes=present, y=y)
        k = int(y.max()) + 1
        full = [0.0] * k
        for c, v in zip(present, w):
            full[int(c)] = float(v)
        out.append(
            {"labels": ints(y), "classes": k, "weights": full, "sample_weights": floats(compute_sample_weight("balanced", y))}
        )
    return out


def metrics():
    rng = np.random.RandomState(2)
    out = {"balanced_accuracy": [], "binary": [], "multiclass": []}
    for n, k in [(50, 2), (80, 3), (33, 4)]:
        actual = rng.randint(0, k, n)
        predicted = np.where(rng.rand(n) < 0.6, actual, rng.randint(0, k, n))
        out["balanced_accuracy"].append(
            {"k": k, "actual": ints(actual), "predicted": ints(predicted), "value": balanced_accuracy_score(actual, predicted)}
        )
    for n, share in [(60, 0.2), (200, 0.05), (40, 0.5)]:
        positive = (rng.rand(n) < share).astype(int)
        positive[0] = 1
        # Scores on a float32 grid with ties: k/64.
        scores = np.clip(np.round((0.35 * positive + rng.rand(n) * 0.65) * 64) / 64, 0, 1).astype(np.float32)
        s = scores.astype(np.float64)
        precision, recall, thresholds = precision_recall_curve(positive, s)
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)[:-1]
        best = int(np.flatnonzero(f1 == f1.max())[-1])
        t_f1 = float(thresholds[best])
        ok = np.flatnonzero(precision[:-1] >= 0.8)
        if len(ok):
            r = recall[:-1][ok]
            cand = ok[r == r.max()]
            p = precision[:-1][cand]
            t_p = float(thresholds[cand[p == p.max()][-1]])
        else:
            t_p = None

        def at(t):
            pred = (s >= t).astype(int)
            return {
                "threshold": t,
                "precision": precision_score(positive, pred, zero_division=0),
                "recall": recall_score(positive, pred, zero_division=0),
                "f1": f1_score(positive, pred, zero_division=0),
                "balanced_accuracy": balanced_accuracy_score(positive, pred),
            }

        out["binary"].append(
            {
                "positive": ints(positive),
                "scores": floats(scores),
                "average_precision": average_precision_score(positive, s),
                "max_f1": at(t_f1),
                "precision_0_8": at(t_p) if t_p is not None else None,
            }
        )
    for n in [45, 90]:
        actual = rng.randint(0, 3, n)
        raw = rng.rand(n, 3) + np.eye(3)[actual] * 0.6
        probs = (raw / raw.sum(axis=1, keepdims=True)).astype(np.float32)
        onehot = np.eye(3)[actual]
        out["multiclass"].append(
            {
                "actual": ints(actual),
                "probs": floats(probs),
                "average_precision_macro": average_precision_score(onehot, probs.astype(np.float64), average="macro"),
            }
        )
    return out


def dependence():
    rng = np.random.RandomState(3)
    n = 150
    x = np.column_stack(
        [
            np.round(rng.normal(0, 1.5, n) * 256) / 256,
            np.round(rng.uniform(-2, 3, n) * 256) / 256,
            rng.randint(0, 6, n).astype(np.float64),
        ]
    )
    assert np.all(x.astype(np.float32).astype(np.float64) == x)
    z = 0.8 * x[:, 0] - 0.5 * x[:, 1] + 0.6 * x[:, 0] * x[:, 1] + 0.3 * x[:, 2] - 0.4 + rng.normal(0, 0.7, n)
    y_bin = (z > 0).astype(int)
    y_multi = np.digitize(x[:, 0] + 0.5 * x[:, 2] - 1.0 + rng.normal(0, 0.8, n), [-0.5, 1.2])
    y_reg = 1.5 * x[:, 0] - x[:, 1] ** 2 + 0.7 * x[:, 0] * x[:, 2] + rng.normal(0, 0.5, n)

    models = []
    binary = make_pipeline(PolynomialFeatures(2, include_bias=False), LogisticRegression(C=10.0, max_iter=10000))
    binary.fit(x, y_bin)
    models.append(
        {
            "name": "binary_logistic_poly2",
            "kind": "logistic",
            "powers": binary[0].powers_.tolist(),
            "coef": [floats(binary[1].coef_[0])],
            "intercept": floats(binary[1].intercept_),
            "outputs": "class 1",
            "estimator": binary,
        }
    )
    multi = LogisticRegression(C=1.0, max_iter=10000).fit(x, y_multi)
    models.append(
        {
            "name": "multiclass_logistic",
            "kind": "softmax",
            "powers": np.eye(3, dtype=int).tolist(),
            "coef": [floats(r) for r in multi.coef_],
            "intercept": floats(multi.intercept_),
            "outputs": "each class",
            "estimator": multi,
        }
    )
    linear = make_pipeline(PolynomialFeatures(2, include_bias=False), LinearRegression()).fit(x, y_reg)
    models.append(
        {
            "name": "linear_poly2",
            "kind": "linear",
            "powers": linear[0].powers_.tolist(),
            "coef": [floats(linear[1].coef_)],
            "intercept": [float(linear[1].intercept_)],
            "outputs": "value",
            "estimator": linear,
        }
    )
    for m in models:
        est = m.pop("estimator")
        m["features"] = []
        for f in range(3):
            pd = partial_dependence(est, x, [f], kind="both", method="brute")
            avg = np.asarray(pd["average"])  # (outputs, grid)
            ind = np.asarray(pd["individual"])  # (outputs, rows, grid)
            m["features"].append(
                {
                    "feature": f,
                    "grid": floats(pd["grid_values"][0]),
                    "average": [floats(a) for a in avg],
                    "ice": [[floats(r) for r in o[:ICE_ROWS]] for o in ind],
                }
            )
    return {"x": floats(x), "rows": n, "width": 3, "ice_rows": ICE_ROWS, "models": models}


def main():
    out = {
        "meta": {
            "script": "tools/reference/sklearn_validate.py",
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "scipy_version": scipy.__version__,
            "python_version": platform.python_version(),
        },
        "folds": folds(),
        "summary": summary(),
        "class_weight": class_weights(),
        "metrics": metrics(),
        "dependence": dependence(),
    }
    with open(GOLDEN, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {GOLDEN} ({os.path.getsize(GOLDEN):,} bytes)")


if __name__ == "__main__":
    main()
