"""Build partners/data/world_map.json (inline-SVG world map) from Natural Earth data.

Build-time only: the site reads the generated JSON, never this script. To re-run:

    npm install world-atlas@2.0.2      # in a scratch folder outside the repo
    pip install pycountry              # ISO 3166 numeric -> alpha-2
    python scripts/build_world_map.py node_modules/world-atlas/countries-50m.json

Output: {"viewBox", "source", "licence", "countries": {alpha2: svg_path}}. Natural Earth I
projection; arcs are simplified (Douglas-Peucker) before rings are assembled, so shared
borders stay shared. Antarctica is left out; Kosovo is "XK"; Crimea is drawn as Ukraine.
"""

import argparse
import json
import math
from pathlib import Path

import pycountry

WIDTH = 1000.0
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "partners" / "data" / "world_map.json"
# Natural Earth features without an ISO numeric id (or that we fold into a country).
BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
SKIP = {"AQ", "Siachen Glacier", "Indian Ocean Ter."}
CRIMEA = (34.1, 44.95)  # Simferopol: the Russia polygon containing it is drawn as UA
SOURCE = "Natural Earth 1:50m Admin 0 countries v4.1.0, via npm world-atlas@2.0.2"
LICENCE = "Natural Earth data: public domain. world-atlas packaging: ISC (c) Michael Bostock."


def decode_arcs(topo):
    """Delta-decode quantized TopoJSON arcs: integer points and lon/lat points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    raw, lonlat = [], []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x, y))
        raw.append(pts)
        lonlat.append([(px * sx + tx, py * sy + ty) for px, py in pts])
    return raw, lonlat


def project(lon, lat):
    """Natural Earth I projection (Savric et al.), unit sphere, y pointing down."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, -y


def simplify(pts, tol):
    """Douglas-Peucker keeping both ends (closed arcs also keep the point farthest away)."""
    if len(pts) < 3:
        return pts
    keep = {0, len(pts) - 1}
    stack = [(0, len(pts) - 1)]
    if pts[0] == pts[-1]:
        far = max(range(len(pts)), key=lambda i: math.dist(pts[0], pts[i]))
        keep.add(far)
        stack = [(0, far), (far, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        seg = math.hypot(bx - ax, by - ay) or 1e-12
        best, idx = tol, None
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / seg
            if d > best:
                best, idx = d, i
        if idx is not None:
            keep.add(idx)
            stack += [(a, idx), (idx, b)]
    return [pts[i] for i in sorted(keep)]


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def clip(ring, lon, keep_east):
    """Sutherland-Hodgman: clip a ring to one side of the meridian at ``lon``."""
    out = []
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        in1, in2 = (x1 >= lon) == keep_east, (x2 >= lon) == keep_east
        if in1:
            out.append((x1, y1))
        if in1 != in2:
            out.append((lon, y1 + (y2 - y1) * (lon - x1) / (x2 - x1)))
    return out


def cut_antimeridian(ring):
    """Split a lon/lat ring that jumps across +-180 degrees into pieces within [-180, 180]."""
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        prev = unwrapped[-1][0]
        unwrapped.append((lon - 360 * round((lon - prev) / 360), lat))
    pieces = []
    for shift in (-360, 0, 360):
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip(clip(piece, -180, keep_east=True), 180, keep_east=False)
        if len(piece) > 2:
            pieces.append(piece + piece[:1])
    return pieces


def ring_points(arc_ids, arcs):
    out = []
    for i in arc_ids:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def stitch(rings, raw):
    """Merge a country's rings: drop arcs used in both directions, re-link the rest."""
    used = [i for ring in rings for i in ring]
    ids = [i for i in used if ~i not in used]
    start = {}
    for i in ids:
        start.setdefault(raw[i][0] if i >= 0 else raw[~i][-1], []).append(i)
    merged = []
    while ids:
        ring = [ids.pop()]
        start[raw[ring[0]][0] if ring[0] >= 0 else raw[~ring[0]][-1]].remove(ring[0])
        first = ring[0]
        while True:
            last = ring[-1]
            end = raw[last][-1] if last >= 0 else raw[~last][0]
            if end == (raw[first][0] if first >= 0 else raw[~first][-1]) or not start.get(end):
                break
            nxt = start[end].pop()
            ids.remove(nxt)
            ring.append(nxt)
        merged.append(ring)
    return merged


def area(ring):
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def path_data(rings):
    """Relative SVG path with coordinates in tenths, e.g. 'M12.3 4l.5-1.2z'."""

    def num(tenths):
        s = f"{tenths / 10:g}" if tenths % 10 else str(tenths // 10)
        return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s

    def pair(a, b):
        sa, sb = num(a), num(b)
        return sa + ("" if sb.startswith("-") else " ") + sb

    parts = []
    for ring in rings:
        pts = [(round(x * 10), round(y * 10)) for x, y in ring]
        dedup = [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]
        if dedup[-1] == dedup[0]:
            dedup.pop()
        if len(dedup) < 3:
            continue
        steps = []
        for (x0, y0), (x1, y1) in zip(dedup, dedup[1:], strict=False):
            step = pair(x1 - x0, y1 - y0)
            steps.append(step if step.startswith("-") else " " + step)
        parts.append("M" + pair(*dedup[0]) + "l" + "".join(steps).lstrip() + "z")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=0.3, help="simplify, in px")
    parser.add_argument("--min-area", type=float, default=0.4, help="drop islands, in px^2")
    args = parser.parse_args()

    topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    raw, lonlat = decode_arcs(topo)

    polygons = {}  # alpha-2 -> list of polygons (lists of rings of arc ids)
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        country = pycountry.countries.get(numeric=geom["id"]) if geom.get("id") else None
        code = BY_NAME.get(name) or (country.alpha_2 if country else None)
        if code is None or code in SKIP or name in SKIP:
            print(f"skipped: {name} ({geom.get('id')})")
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            owner = code
            if code == "RU" and point_in_ring(CRIMEA, ring_points(poly[0], lonlat)):
                owner = "UA"
            polygons.setdefault(owner, []).append(poly)

    used = {i if i >= 0 else ~i for ps in polygons.values() for p in ps for r in p for i in r}
    unit = {i: [project(*p) for p in lonlat[i]] for i in used}
    xs = [x for i in used for x, _ in unit[i]]
    ys = [y for i in used for _, y in unit[i]]
    scale = (WIDTH - 2) / (max(xs) - min(xs))
    x0, y0 = min(xs) - 1 / scale, min(ys) - 1 / scale
    height = math.ceil((max(ys) - y0) * scale + 1)

    def to_px(points):
        return [((x - x0) * scale, (y - y0) * scale) for x, y in points]

    px = {i: to_px(pts) for i, pts in unit.items()}
    simple = {i: simplify(pts, args.tolerance) for i, pts in px.items()}

    countries = {}
    for code, polys in sorted(polygons.items()):
        rings = stitch([r for p in polys for r in p], raw)
        shapes = [ring_points(r, simple) for r in rings]
        if max(area(s) for s in shapes) < args.min_area:  # tiny: keep full detail
            shapes = [ring_points(r, px) for r in rings]
        for k, r in enumerate(rings):  # Russia and Fiji cross the antimeridian
            ll = ring_points(r, lonlat)
            if any(abs(b[0] - a[0]) > 180 for a, b in zip(ll, ll[1:], strict=False)):
                shapes[k] = []
                for piece in cut_antimeridian(ll):
                    shapes.append(simplify(to_px(project(*p) for p in piece), args.tolerance))
        shapes = [s for s in shapes if s]
        biggest = max(area(s) for s in shapes)
        d = path_data([s for s in shapes if area(s) >= min(args.min_area, biggest)])
        if d:
            countries[code] = d
        else:
            print(f"too small to draw: {code}")

    data = {
        "viewBox": f"0 0 {WIDTH:g} {height}",
        "source": SOURCE,
        "licence": LICENCE,
        "countries": countries,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{len(countries)} countries, {args.out.stat().st_size} bytes -> {args.out}")


if __name__ == "__main__":
    main()
