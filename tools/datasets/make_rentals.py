"""Writes www/datasets/rentals.csv: a small, made-up table of flat rentals with the mess of a
real export, for the lesson "Preparing a messy real table" (www/lessons/messy_table.json).

The data are synthetic: no real flat, city or person is described. Run from the crate root:
    python3 tools/datasets/make_rentals.py
Standard library only; the seed makes the file identical on every run (its SHA-256 is in
www/datasets/README.md).

What makes it messy, on purpose:
- `listing` is an identifier (a different code on every row): useless as a feature;
- `currency` has the same value on every row: no information;
- `district` is text (four categories), with some cells missing;
- `area_m2` and `year_built` have missing cells, written in three ways (empty, NA, ?);
- the numbers live on very different scales: 0.3 to 18 km, 1 to 5 rooms, 18 to 140 m²,
  years 1890 to 2022, rents in the hundreds or thousands.

The rent follows a simple rule plus noise, so a model can learn it:
    rent = base[district] + 11·area + 40·rooms − 15·distance + 1.2·(year − 1960) + 70·balcony + N(0, 90²)
"""
import random

random.seed(20261127)
BASE = {"Centre": 700, "Harbour": 550, "University": 450, "Suburbs": 300}
DISTANCE = {"Centre": (0.3, 3.0), "Harbour": (1.5, 6.0), "University": (2.0, 8.0), "Suburbs": (6.0, 18.0)}
MISSING = ["", "NA", "?"]
ROWS = 300

codes = random.sample(range(1000, 10000), ROWS)
lines = ["listing,district,area_m2,rooms,year_built,distance_km,balcony,currency,rent_eur"]
for i in range(ROWS):
    district = random.choices(list(BASE), weights=[3, 2, 2, 3])[0]
    area = round(random.uniform(18, 140), 1)
    rooms = max(1, min(5, round(area / 28 + random.gauss(0, 0.6))))
    year = random.randint(1890, 2022)
    lo, hi = DISTANCE[district]
    distance = round(random.uniform(lo, hi), 2)
    balcony = random.random() < 0.4
    rent = BASE[district] + 11 * area + 40 * rooms - 15 * distance + 1.2 * (year - 1960) + 70 * balcony
    rent = max(250, round(rent + random.gauss(0, 90)))
    cells = [
        f"F{codes[i]}",
        random.choice(MISSING) if random.random() < 0.06 else district,
        random.choice(MISSING) if random.random() < 0.08 else f"{area}",
        f"{rooms}",
        random.choice(MISSING) if random.random() < 0.10 else f"{year}",
        f"{distance}",
        "yes" if balcony else "no",
        "EUR",
        f"{rent}",
    ]
    lines.append(",".join(cells))

with open("www/datasets/rentals.csv", "w", newline="\n") as f:
    f.write("\n".join(lines) + "\n")
