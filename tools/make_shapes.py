"""Build data/shapes/countries.geojson from Natural Earth 1:110m admin-0 countries.

The shapes come from a pinned PyPI wheel, not from the network: the wheel of
geopandas 0.14.4 (the last release before 1.0) ships Natural Earth's
"Admin 0 - Countries" at 1:110m as
``geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp`` (+ .dbf, .shx, .prj).
Natural Earth data are in the public domain.

This script downloads nothing. It reads the shapefile straight out of the wheel
(a zip file), keeps the states listed in data/states.csv, names them as
states.csv does, rounds coordinates to 3 decimals and writes GeoJSON.

Pins (use a throwaway virtual environment):
    pip download --no-deps geopandas==0.14.4 -d /tmp/gp
    pip install pyshp==3.1.6
Wheel used for the committed file:
    geopandas-0.14.4-py3-none-any.whl
    sha256 3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa

Run from the repository root:
    python tools/make_shapes.py /tmp/gp/geopandas-0.14.4-py3-none-any.whl
It also writes data/shapes/world.geojson: the member states of the bodies in
data/alliance_members.csv (lesson 07), rounded to 2 decimals to keep it small.
"""

import csv
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pyshp==3.1.6

ROOT = Path(__file__).resolve().parent.parent
STATES = ROOT / "data" / "states.csv"
OUT = ROOT / "data" / "shapes" / "countries.geojson"
MEMBERS = ROOT / "data" / "alliance_members.csv"
WORLD_OUT = ROOT / "data" / "shapes" / "world.geojson"
BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
EXPECTED_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"

# Natural Earth names for states whose ISO code may be missing ("-99") in the
# low-resolution file; used only when the code does not match.
NE_NAMES = {
    "FRA": "France",
    "SRB": "Serbia",
    "USA": "United States of America",
    "MDA": "Moldova",
    "NOR": "Norway",
}


def rounded(coords, digits=3):
    """Round nested coordinate lists to `digits` decimals."""
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [rounded(c, digits) for c in coords]


def drop_repeats(ring):
    """Remove consecutive duplicate points that rounding can create."""
    out = [ring[0]]
    for pt in ring[1:]:
        if pt != out[-1]:
            out.append(pt)
    return out


def clean(geom, digits=3):
    geom["coordinates"] = rounded(geom["coordinates"], digits)
    if geom["type"] == "Polygon":
        polys = [geom["coordinates"]]
    else:
        polys = geom["coordinates"]
    kept = []
    for poly in polys:
        rings = [drop_repeats(r) for r in poly]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            kept.append(rings)
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def main(wheel_path, out=OUT, states_file=STATES, digits=3):
    """Write the GeoJSON built from the wheel at `wheel_path` to `out`, keeping the states
    (iso3, name) listed in `states_file`, rounded to `digits` decimals."""
    data = Path(wheel_path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != EXPECTED_SHA256:
        sys.exit(f"unexpected wheel: sha256 {digest}, expected {EXPECTED_SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        # The .cpg file names the text encoding of the .dbf (Latin-1 here).
        encoding = zf.read(BASE + ".cpg").decode("ascii").strip() or "utf-8"
        reader = shapefile.Reader(
            shp=io.BytesIO(zf.read(BASE + ".shp")),
            shx=io.BytesIO(zf.read(BASE + ".shx")),
            dbf=io.BytesIO(zf.read(BASE + ".dbf")),
            encoding=encoding,
        )
        fields = [f[0] for f in reader.fields[1:]]
        records = []
        for sr in reader.iterShapeRecords():
            rec = dict(zip(fields, list(sr.record), strict=True))
            records.append((rec, sr.shape.__geo_interface__))

    with open(states_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    states = list({st["iso3"]: st for st in rows}.values())  # one per state, first name kept

    by_iso = {rec["iso_a3"]: (rec, geom) for rec, geom in records}
    by_name = {rec["name"]: (rec, geom) for rec, geom in records}

    features, missing = [], []
    for st in states:
        iso = st["iso3"]
        hit = by_iso.get(iso) or by_name.get(NE_NAMES.get(iso, st["name"]))
        if hit is None:
            missing.append(iso)
            continue
        _, geom = hit
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": iso, "name": st["name"]},
                "geometry": clean(dict(geom), digits),
            }
        )

    collection = {"type": "FeatureCollection", "features": features}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(features)} features, {out.stat().st_size} bytes")
    if missing:
        print("not in Natural Earth 1:110m (skipped): " + ", ".join(missing))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
    main(sys.argv[1], out=WORLD_OUT, states_file=MEMBERS, digits=2)
