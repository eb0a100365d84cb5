"""Makes the markdown-talk's pictures: a logo, a QR-like code, photographs and screenshots.

Run once with Pillow and numpy; the small PNGs are committed beside it.  Seeded,
so running it again makes the same pictures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).parent / "pictures"


def gradient(size: tuple[int, int], top: tuple[int, int, int],
             bottom: tuple[int, int, int]) -> Image.Image:
    w, h = size
    t = np.linspace(0, 1, h)[:, None, None]
    rows = np.array(top) * (1 - t) + np.array(bottom) * t
    return Image.fromarray(np.repeat(rows, w, axis=1).astype(np.uint8))


def logo() -> Image.Image:
    """A rounded square with two chevrons: the talk's project logo."""
    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 232, 232), 48, fill=(38, 84, 166, 255))
    draw.line([(70, 80), (110, 120), (70, 160)], fill="white", width=18, joint="curve")
    draw.line([(130, 160), (175, 160)], fill=(250, 200, 60), width=18)
    return image


def qr(seed: int = 7, cells: int = 25) -> Image.Image:
    """A code of black and white cells with the three finder squares of a QR code."""
    rng = np.random.default_rng(seed)
    grid = rng.random((cells, cells)) < 0.5
    for r, c in ((0, 0), (0, cells - 7), (cells - 7, 0)):
        grid[r:r + 7, c:c + 7] = False
        grid[r, c:c + 7] = grid[r + 6, c:c + 7] = True
        grid[r:r + 7, c] = grid[r:r + 7, c + 6] = True
        grid[r + 2:r + 5, c + 2:c + 5] = True
    scale, quiet = 8, 4
    size = (cells + 2 * quiet) * scale
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    for r in range(cells):
        for c in range(cells):
            if grid[r, c]:
                x, y = (c + quiet) * scale, (r + quiet) * scale
                draw.rectangle((x, y, x + scale - 1, y + scale - 1), fill="black")
    return image


def landscape(seed: int, sky: tuple[int, int, int], ground: tuple[int, int, int]
              ) -> Image.Image:
    """Sky over rolling hills: stands in for a photograph (kept small: no grain)."""
    rng = np.random.default_rng(seed)
    w, h = 480, 270
    image = gradient((w, h), sky, tuple(min(255, c + 60) for c in sky))
    draw = ImageDraw.Draw(image)
    for layer in range(3):
        base = h * (0.55 + 0.13 * layer)
        xs = np.linspace(0, w, 12)
        ys = base + rng.normal(0, 14, 12)
        shade = tuple(int(c * (1 - 0.22 * layer)) for c in ground)
        draw.polygon([(0, h), *zip(xs.tolist(), ys.tolist(), strict=True), (w, h)], fill=shade)
    return image.filter(ImageFilter.GaussianBlur(0.6)).quantize(64).convert("RGB")


def terminal() -> Image.Image:
    """A dark window with lines of coloured 'text' blocks: a screenshot of a terminal."""
    rng = np.random.default_rng(3)
    image = Image.new("RGB", (480, 300), (30, 33, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 480, 24), fill=(55, 60, 70))
    for i, colour in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        draw.ellipse((10 + 18 * i, 7, 20 + 18 * i, 17), fill=colour)
    for row in range(11):
        x = 14
        for _ in range(int(rng.integers(2, 6))):
            width = int(rng.integers(20, 90))
            colour = [(120, 200, 120), (200, 200, 210), (110, 170, 240), (230, 180, 90)][
                int(rng.integers(0, 4))]
            draw.rectangle((x, 36 + row * 23, x + width, 46 + row * 23), fill=colour)
            x += width + 10
    return image


def bars() -> Image.Image:
    """A flame graph: stacked bars of warm colours, the hot loop widest."""
    rng = np.random.default_rng(11)
    image = Image.new("RGB", (480, 260), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    spans = [(10, 470)]
    for depth in range(8):
        y = 240 - depth * 28
        nxt = []
        for a, b in spans:
            colour = (230, int(90 + rng.integers(0, 110)), 40)
            draw.rectangle((a, y - 24, b, y), fill=colour, outline=(250, 248, 242))
            if b - a > 30:
                cut = int(a + (b - a) * rng.uniform(0.3, 0.8))
                nxt.append((a, cut))
        spans = nxt
    return image


def main() -> None:
    HERE.mkdir(exist_ok=True)
    logo().save(HERE / "logo.png", optimize=True)
    qr().save(HERE / "qr.png", optimize=True)
    landscape(1, (96, 150, 210), (70, 120, 60)).save(HERE / "valley.png", optimize=True)
    landscape(2, (220, 140, 90), (90, 70, 60)).save(HERE / "dusk.png", optimize=True)
    landscape(5, (150, 160, 175), (60, 80, 90)).save(HERE / "fog.png", optimize=True)
    terminal().save(HERE / "terminal.png", optimize=True)
    bars().save(HERE / "flame.png", optimize=True)


if __name__ == "__main__":
    main()
