"""Checks an ONNX file written by `lantern export --format onnx` against `lantern predict`.

1. `onnx.checker.check_model(model, full_check=True)` (with shape inference), and the file
   says it is Lantern's (producer_name "lantern", metadata target/classes).
2. The raw rows of a CSV file are fed to onnxruntime: one [N,1] tensor per graph input, double
   (or float) for numbers (a missing cell -- empty or one of Lantern's missing tokens -- is NaN) and string
   for categories (trimmed, as Lantern's reader trims; missing cells are passed as they are).
3. The outputs are compared with the CSV `lantern predict` wrote for the same file (its last
   columns: the predicted class and one probability per class, or the predicted value):
   labels equal, probabilities within --tolerance (absolute), values within --tolerance
   relative to max(1, |value|).

Prints one JSON line (rows, label mismatches, max abs differences) and exits 1 when a check
fails.

Requires the venv that tools/setup.sh makes (tools/onnx-venv: onnx, onnxruntime and numpy at
pinned versions).

Usage: python tools/reference/onnx_check.py --onnx model.onnx --data rows.csv \
           --predictions predicted.csv [--tolerance 1e-5]
"""

import argparse
import csv
import json
import math
import sys

import numpy as np
import onnx
import onnxruntime as ort

# Lantern's missing-cell tokens (src/data/csv/numbers.rs, MISSING_TOKENS), compared after trimming.
MISSING = {"", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "?", "-"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(cell):
    cell = cell.strip()
    if cell in MISSING:
        return math.nan
    return float(cell)


def feeds(model, header, rows):
    """One [N,1] array per graph input, from the CSV columns of the same names."""
    out = {}
    for value in model.graph.input:
        name = value.name
        if name not in header:
            raise SystemExit(f"the data has no column `{name}`, which the ONNX model reads")
        j = header.index(name)
        cells = [r[j] if j < len(r) else "" for r in rows]
        elem = value.type.tensor_type.elem_type
        if elem == onnx.TensorProto.DOUBLE:
            out[name] = np.array([[number(c)] for c in cells], dtype=np.float64)
        elif elem == onnx.TensorProto.FLOAT:
            out[name] = np.array([[number(c)] for c in cells], dtype=np.float32)
        elif elem == onnx.TensorProto.STRING:
            out[name] = np.array([[c.strip()] for c in cells], dtype=object)
        else:
            raise SystemExit(f"input `{name}` has element type {elem}, which this checker does not feed")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--predictions", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-5)
    a = ap.parse_args()

    model = onnx.load(a.onnx)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    problems = []
    if model.producer_name != "lantern":
        problems.append(f"producer_name is {model.producer_name!r}")
    classes = json.loads(meta.get("classes", "[]"))

    header, rows = read_csv(a.data)
    session = ort.InferenceSession(a.onnx, providers=["CPUExecutionProvider"])
    outputs = [o.name for o in session.get_outputs()]
    results = dict(zip(outputs, session.run(None, feeds(model, header, rows))))

    _, predicted = read_csv(a.predictions)
    if len(predicted) != len(rows):
        problems.append(f"{len(predicted)} predicted rows for {len(rows)} rows")
    report = {"rows": len(rows), "onnx_bytes": len(model.SerializeToString()), "opsets": {
        (o.domain or "ai.onnx"): o.version for o in model.opset_import}}
    if classes:
        k = len(classes)
        labels = [str(v) for v in results[outputs[0]].reshape(-1)]
        probs = np.asarray(results[outputs[1]], dtype=np.float64)
        want_labels = [r[-(k + 1)] for r in predicted]
        want_probs = np.array([[float(v) for v in r[-k:]] for r in predicted], dtype=np.float64)
        mismatches = [i for i, (x, y) in enumerate(zip(labels, want_labels)) if x != y]
        diff = float(np.max(np.abs(probs - want_probs))) if len(rows) else 0.0
        report.update(label_mismatches=len(mismatches), max_abs_diff_probabilities=diff, classes=k)
        if mismatches:
            i = mismatches[0]
            problems.append(f"row {i + 1}: ONNX says {labels[i]!r}, lantern predict {want_labels[i]!r}")
        if not diff <= a.tolerance:
            problems.append(f"probabilities differ by {diff:.3g} > {a.tolerance}")
    else:
        values = np.asarray(results[outputs[0]], dtype=np.float64).reshape(-1)
        want = np.array([float(r[-1]) for r in predicted], dtype=np.float64)
        diff = np.abs(values - want)
        rel = diff / np.maximum(1.0, np.abs(want))
        report.update(max_abs_diff_value=float(np.max(diff)) if len(rows) else 0.0,
                      max_rel_diff_value=float(np.max(rel)) if len(rows) else 0.0)
        if not float(np.max(rel, initial=0.0)) <= a.tolerance:
            problems.append(f"values differ by {float(np.max(rel)):.3g} (relative) > {a.tolerance}")
    report["problems"] = problems
    print(json.dumps(report))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
