"""Reference: matplotlib alone importing itself and drawing a deck's charts at 200 dpi.

Run as its own process (``python mpl_charts.py SPECS.json OUTDIR``) so its time
and memory include the import, as a cold deckgen build pays it.  The PNGs it
writes are also the pictures pandoc and the python-pptx baseline put on their
chart slides.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def draw(spec: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    kind = spec.get("type", "bar")
    categories = [str(c) for c in spec.get("categories") or []]
    series = spec.get("series") or []
    values = [[v if v is not None else 0 for v in s["values"]] for s in series]
    if kind == "heatmap":
        grid = [[v if v is not None else 0 for v in row] for row in spec.get("values") or [[0]]]
        ax.imshow(grid, cmap="RdBu")
    elif kind in ("pie", "donut"):
        ax.pie(values[0], labels=categories,
               wedgeprops={"width": 0.4} if kind == "donut" else None)
    elif kind in ("line", "area", "scatter"):
        for s, vals in zip(series, values, strict=True):
            if kind == "line":
                ax.plot(categories, vals, label=s.get("name", ""))
            elif kind == "area":
                ax.fill_between(range(len(vals)), vals, alpha=0.5, label=s.get("name", ""))
            else:
                ax.scatter(range(len(vals)), vals, label=s.get("name", ""))
        ax.legend()
    else:
        bottom = [0.0] * len(categories)
        for i, (s, vals) in enumerate(zip(series, values, strict=True)):
            if kind == "stacked-bar":
                bars = ax.bar(categories, vals, bottom=bottom, label=s.get("name", ""))
                bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
            else:
                width = 0.8 / max(len(series), 1)
                xs = [k + i * width for k in range(len(categories))]
                bars = (ax.barh if kind == "barh" else ax.bar)(xs, vals, width,
                                                               label=s.get("name", ""))
            if spec.get("labels"):
                ax.bar_label(bars)
        if kind != "stacked-bar":
            (ax.set_yticks if kind == "barh" else ax.set_xticks)(range(len(categories)),
                                                                 categories)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    plt.close(fig)


def main() -> None:
    specs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in specs.items():
        draw(spec, out / f"{name}.png")


if __name__ == "__main__":
    main()
