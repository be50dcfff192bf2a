//! The script's cells that spell out the data: reading the table as Lantern read it, the fitted
//! preparation, and the test metrics (see [`super`]).

use super::literal::{boolean, float, floats, string, strings, wrapped};
use super::{ScriptData, TableSource, LINE};
use crate::data::csv::numbers::MISSING_TOKENS;
use crate::data::prepare::{FeatureStep, TargetEncoding};
use crate::data::Task;
use crate::deploy::card::ModelCard;

pub(super) fn table_cell(data: &ScriptData) -> String {
    let rows = data.parts.len();
    let mut c = format!(
        "MISSING = {{{}}}  # cells Lantern reads as missing\n\
         COLUMNS = {}\n\
         ROWS = {rows}\n",
        MISSING_TOKENS.iter().map(|t| string(t)).collect::<Vec<_>>().join(", "),
        strings(&data.columns),
    );
    match &data.source {
        TableSource::Embedded { name, base64 } => {
            c.push_str(&format!(
                "DATA_FILE = {}  # a CSV path given on the command line is read instead\n\
                 DELIMITER, HEADER, DECIMAL_COMMA, DATA_SHA256 = \",\", True, False, None\n\
                 # The table as Lantern read it: CSV, zlib + base64.\n\
                 DATA = {}\n",
                string(name),
                wrapped(base64, LINE)
            ));
        }
        TableSource::File { name, delimiter, header, decimal_comma, sha256 } => {
            c.push_str(&format!(
                "DATA_FILE = {}  # a CSV path given on the command line is read instead\n\
                 DELIMITER, HEADER, DECIMAL_COMMA = {}, {}, {}  # as Lantern detected them\n\
                 DATA_SHA256 = {}\n\
                 DATA = None  # too big to embed: read from DATA_FILE\n",
                string(name),
                string(&char::from(*delimiter).to_string()),
                boolean(*header),
                boolean(*decimal_comma),
                sha256.as_deref().map_or_else(|| "None".to_string(), string),
            ));
        }
    }
    c.push_str(READ_TABLE);
    c
}

const READ_TABLE: &str = r#"

def read_records():
    """The table's data rows, as lists of cell texts."""
    path = DATA_FILE
    if len(sys.argv) > 1 and "ipykernel" not in sys.modules:
        path = sys.argv[1]
    elif DATA is not None:
        text = zlib.decompress(base64.b64decode("".join(DATA))).decode("utf-8")
        return list(csv.reader(io.StringIO(text, newline="")))[1:]
    with open(path, "rb") as f:
        raw = f.read()
    if DATA_SHA256 is not None and hashlib.sha256(raw).hexdigest() != DATA_SHA256:
        print(f"warning: {path} is not the file the model was trained on (its SHA-256 differs)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER) if r]
    return rows[1:] if HEADER else rows


records = read_records()
if len(records) != ROWS:
    sys.exit(f"the table has {len(records)} rows, the one the model was trained on {ROWS}: give that file")


def cells(name):
    """Column `name`'s cells, trimmed as Lantern trims them."""
    j = COLUMNS.index(name)
    return [r[j].strip(" \t\r\n\f") if j < len(r) else "" for r in records]


def number(text):
    """A cell as Lantern reads a number: NaN when missing or not a finite number."""
    if text in MISSING:
        return math.nan
    if DECIMAL_COMMA:
        if "." in text or text.count(",") > 1:
            return math.nan
        text = text.replace(",", ".")
    try:
        v = float(text)
    except ValueError:
        return math.nan
    return v if math.isfinite(v) else math.nan


def numbers(name):
    return np.array([number(t) for t in cells(name)], dtype=np.float64)
"#;

pub(super) fn preparation_cell(card: &ModelCard) -> String {
    let p = &card.preparation;
    let mut steps = String::new();
    for (step, words) in p.steps.iter().zip(p.describe()) {
        steps.push_str(&format!("    # {words}\n"));
        let code = match step {
            FeatureStep::Numeric { column, fill, center, scale } => {
                format!("(\"numeric\", {}, {}, {}, {})", string(column), float(*fill), float(*center), float(*scale))
            }
            FeatureStep::OneHot { column, categories, fill } => {
                let codes = card.input(column).is_some_and(|c| c.reads_numbers());
                format!(
                    "(\"one_hot\", {}, {}, {}, {})",
                    string(column),
                    strings(categories),
                    string(fill),
                    boolean(codes)
                )
            }
            FeatureStep::Derived { derived, fills, center, scale } => {
                let op = match derived {
                    crate::data::prepare::Derived::Square { .. } => "square",
                    crate::data::prepare::Derived::Product { .. } => "product",
                    crate::data::prepare::Derived::Sin { .. } => "sin",
                };
                format!(
                    "(\"{op}\", {}, {}, {}, {})",
                    strings(&derived.inputs()),
                    floats(fills),
                    float(*center),
                    float(*scale)
                )
            }
        };
        steps.push_str(&format!("    {code},\n"));
    }
    let target = match &p.target {
        TargetEncoding::Classes { names } => format!(
            "CLASSES = {}\n\
             index = {{c: k for k, c in enumerate(CLASSES)}}\n\
             codes = {{}}  # a class written as a number (`1` or `1.0`)\n\
             for k, c in enumerate(CLASSES):\n    \
             if not math.isnan(number(c)):\n        \
             codes[number(c)] = k\n\
             y = np.array([index.get(t, codes.get(number(t), -1)) for t in cells(TARGET)])\n",
            strings(names)
        ),
        TargetEncoding::Value { center, scale } => format!(
            "TARGET_CENTER, TARGET_SCALE = {}, {}  # Lantern trains on (y − center) / scale\n\
             y_raw = numbers(TARGET)\n\
             y = ((y_raw - TARGET_CENTER) / TARGET_SCALE).astype(np.float32)\n",
            float(*center),
            float(*scale)
        ),
    };
    format!(
        "STEPS = [\n{steps}]\n\
         FEATURES = {}\n\
         TARGET = {}\n\n\n\
         def prepare():\n    \
         \"\"\"Every row's features, float32 as Lantern trains on them.\"\"\"\n    \
         out = []\n    \
         for kind, name, *rest in STEPS:\n        \
         if kind == \"numeric\":\n            \
         fill, center, scale = rest\n            \
         x = numbers(name)\n            \
         out.append((np.where(np.isnan(x), fill, x) - center) / scale)\n        \
         elif kind == \"one_hot\":  # unseen → all zeros\n            \
         categories, fill, numeric_codes = rest\n            \
         if numeric_codes:  # number codes compare as numbers\n                \
         keys, values = [number(c) for c in categories], numbers(name).tolist()\n                \
         values = [number(fill) if math.isnan(v) else v for v in values]\n            \
         else:\n                \
         keys, values = categories, [fill if t in MISSING else t for t in cells(name)]\n            \
         position = {{k: i for i, k in enumerate(keys)}}\n            \
         hot = np.zeros((len(records), len(categories)))\n            \
         for r, v in enumerate(values):\n                \
         if v in position:\n                    \
         hot[r, position[v]] = 1.0\n            \
         out.extend(hot.T)\n        \
         else:  # a derived feature of the filled values\n            \
         fills, center, scale = rest\n            \
         xs = [np.where(np.isnan(numbers(c)), f, numbers(c)) for c, f in zip(name, fills)]\n            \
         raw = xs[0] * xs[0] if kind == \"square\" else xs[0] * xs[1] if kind == \"product\" else np.sin(xs[0])\n            \
         out.append((raw - center) / scale)\n    \
         return np.column_stack(out).astype(np.float32)\n\n\n\
         X = prepare()\n\
         {target}",
        strings(&p.output_names),
        string(&card.target),
    )
}

pub(super) fn metrics_cell(card: &ModelCard) -> String {
    let lantern: Vec<String> = ModelCard::headline(&card.test)
        .into_iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(k, v)| format!("{}: {}", string(k), float(v)))
        .collect();
    let compute = match card.task {
        Task::Classification { .. } => {
            "predicted = np.asarray(model.predict(X[TEST]))\n\
             truth = y[TEST]\n\
             recalls = [np.mean(predicted[truth == k] == k) for k in range(len(CLASSES)) if np.any(truth == k)]\n\
             metrics = {\"accuracy\": float(np.mean(predicted == truth)), \"balanced_accuracy\": float(np.mean(recalls))}\n"
        }
        Task::Regression => {
            "predicted = np.asarray(model.predict(X[TEST]), dtype=np.float64) * TARGET_SCALE + TARGET_CENTER\n\
             truth = y_raw[TEST]\n\
             residual = truth - predicted\n\
             total = np.sum((truth - truth.mean()) ** 2)\n\
             metrics = {\n    \
             \"rmse\": float(np.sqrt(np.mean(residual**2))),\n    \
             \"mae\": float(np.mean(np.abs(residual))),\n    \
             \"r2\": float(1 - np.sum(residual**2) / total) if total > 0 else float(np.all(residual == 0)),\n\
             }\n"
        }
    };
    format!(
        "LANTERN = {{{}}}  # Lantern's test metrics of this run\n\n\
         {compute}\
         print(f\"test rows: {{len(TEST)}}\")\n\
         for key, value in metrics.items():\n    \
         print(f\"{{key}}: {{value:.4f}} (Lantern: {{LANTERN.get(key, math.nan):.4f}})\")\n\
         print(json.dumps({{**metrics, \"lantern\": LANTERN}}))\n",
        lantern.join(", ")
    )
}
