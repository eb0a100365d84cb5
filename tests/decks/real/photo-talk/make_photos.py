"""Makes the photo-talk's stand-in photographs: smooth gradients and busy textures.

Run once with Pillow and numpy; the JPEGs are committed beside it.  Seeded,
so running it again makes the same pictures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).parent / "photos"
W, H = 800, 450


def gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    t = np.linspace(0, 1, H)[:, None, None]
    rows = np.array(top) * (1 - t) + np.array(bottom) * t
    return Image.fromarray(np.repeat(rows, W, axis=1).astype(np.uint8))


def busy(seed: int, scale: int, low: int, high: int, tint: tuple[float, float, float],
         blur: float) -> Image.Image:
    """Blobs of light and dark at ``scale`` pixels plus fine grain: a crowd, leaves, a city."""
    rng = np.random.default_rng(seed)
    coarse = rng.random((H // scale + 2, W // scale + 2))
    big = np.asarray(Image.fromarray((coarse * 255).astype(np.uint8)).resize(
        (W, H), Image.BICUBIC), dtype=np.float64) / 255
    grain = rng.random((H, W))
    mix = np.clip(0.75 * big + 0.25 * grain, 0, 1)
    grey = low + (high - low) * mix
    rgb = np.stack([grey * c for c in tint], axis=-1)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    return image.filter(ImageFilter.GaussianBlur(blur)) if blur else image


def main() -> None:
    HERE.mkdir(exist_ok=True)
    gradient((18, 24, 52), (180, 92, 40)).save(HERE / "dusk.jpg", quality=80)
    gradient((236, 240, 244), (196, 206, 214)).save(HERE / "fog.jpg", quality=80)
    busy(1, 24, 10, 250, (1.0, 0.95, 0.85), 1.2).save(HERE / "city.jpg", quality=60)
    busy(2, 10, 40, 200, (0.55, 0.9, 0.45), 0.6).save(HERE / "leaves.jpg", quality=60)
    busy(3, 40, 150, 250, (1.0, 0.92, 0.78), 0.8).save(HERE / "sand.jpg", quality=60)


if __name__ == "__main__":
    main()
