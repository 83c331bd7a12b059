"""Draw the sample site's illustrative photos (CC0, ours), the same on every run.

Usage: python tools/draw_sample_photos.py content/images/2026

Each is a simple landscape of the district drawn with Pillow (sky, hills,
fields and a subject), saved as a small JPEG. They are illustrations, and
their captions say so.
"""

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 800)
# File, seed, sky (top, bottom), hills, ground, subject.
SCENES = [
    (
        "ruong-bac-thang-quy-ky.jpg",
        11,
        ("#8fc1e3", "#e8f1f2"),
        "#5b8c3a",
        "#c9b33d",
        "terraces",
    ),
    ("le-hoi-long-tong.jpg", 12, ("#f4a261", "#fde2c0"), "#6a994e", "#a7c957", "flags"),
    ("nha-van-hoa-thon.jpg", 13, ("#a2d2ff", "#f1f7ff"), "#386641", "#90a955", "house"),
    (
        "lop-hoc-tin-hoc.jpg",
        14,
        ("#dfe7ec", "#f7f9fa"),
        "#7a8b99",
        "#c7ccd1",
        "screens",
    ),
    (
        "cho-phien-cho-chu.jpg",
        15,
        ("#9ecae1", "#f0f7fb"),
        "#52796f",
        "#d4a373",
        "stalls",
    ),
    (
        "doan-vien-lam-duong.jpg",
        16,
        ("#bde0fe", "#f8fbff"),
        "#4f772d",
        "#b08968",
        "road",
    ),
    (
        "vuon-buoi-binh-thanh.jpg",
        17,
        ("#caf0f8", "#f5fcfd"),
        "#2d6a4f",
        "#74c69d",
        "orchard",
    ),
    ("ho-bao-linh.jpg", 18, ("#90e0ef", "#e9f9fc"), "#40916c", "#4ea8de", "lake"),
    (
        "dien-tap-phong-chay.jpg",
        19,
        ("#adb5bd", "#e9ecef"),
        "#588157",
        "#8d99ae",
        "truck",
    ),
    (
        "cau-treo-linh-thong.jpg",
        20,
        ("#a9d6e5", "#eef8fb"),
        "#3a5a40",
        "#468faf",
        "bridge",
    ),
]


def gradient(top: str, bottom: str) -> Image.Image:
    """A vertical sky from ``top`` to ``bottom``."""
    first, last = Image.new("RGB", (1, 1), top), Image.new("RGB", (1, 1), bottom)
    ramp = Image.linear_gradient("L").resize(SIZE)
    return Image.composite(last.resize(SIZE), first.resize(SIZE), ramp)


def hills(draw, rng, colour: str, base: int, height: int) -> None:
    """A ridge of rounded hills along ``base``."""
    points, x = [(0, SIZE[1])], 0
    while x <= SIZE[0]:
        points.append((x, base - rng.randint(height // 3, height)))
        x += rng.randint(60, 140)
    points += [(SIZE[0], base), (SIZE[0], SIZE[1])]
    draw.polygon(points, fill=colour)


def subject(draw, rng, kind: str) -> None:  # noqa: PLR0912 - one branch a scene
    """The scene's subject, in the foreground."""
    w, h = SIZE
    if kind == "terraces":
        for n in range(9):
            y = 470 + n * 36
            draw.arc((-200 - n * 30, y - 90, w + 200, y + 90), 190, 350, "#e9c46a", 10)
    elif kind == "flags":
        for n in range(14):
            x = 60 + n * 80
            draw.line((x, 620, x, 420), "#5c4033", 5)
            colour = ("#e63946", "#ffb703", "#219ebc", "#fb8500")[n % 4]
            draw.polygon([(x, 420), (x + 50, 440), (x, 460)], fill=colour)
    elif kind == "house":
        draw.rectangle((380, 470, 820, 660), "#b5651d")
        draw.polygon([(340, 480), (600, 330), (860, 480)], fill="#7f4f24")
        draw.rectangle((560, 560, 640, 660), "#432818")
    elif kind == "screens":
        for row in range(2):
            for col in range(4):
                x, y = 110 + col * 260, 420 + row * 170
                draw.rectangle((x, y, x + 200, y + 120), "#1d3557")
                draw.rectangle((x + 10, y + 10, x + 190, y + 110), "#a8dadc")
    elif kind == "stalls":
        for n in range(6):
            x = 40 + n * 190
            colour = ("#e76f51", "#2a9d8f", "#e9c46a")[n % 3]
            draw.polygon([(x, 500), (x + 80, 440), (x + 160, 500)], fill=colour)
            draw.rectangle((x + 10, 500, x + 150, 620), "#f4f1de")
    elif kind == "road":
        draw.polygon([(520, 800), (680, 800), (620, 470), (590, 470)], fill="#adb5bd")
        for n in range(8):
            x = 300 + n * 90
            draw.ellipse((x, 600, x + 34, 634), "#023e8a")
            draw.rectangle((x + 8, 634, x + 26, 700), "#0077b6")
    elif kind == "orchard":
        for n in range(16):
            x, y = 40 + (n % 8) * 150, 470 + (n // 8) * 140
            draw.ellipse((x, y, x + 110, y + 100), "#1b4332")
            for _ in range(5):
                fx, fy = x + rng.randint(10, 90), y + rng.randint(10, 80)
                draw.ellipse((fx, fy, fx + 14, fy + 14), "#d9ed92")
    elif kind == "lake":
        draw.rectangle((0, 520, w, h), "#48cae4")
        for n in range(5):
            x = 120 + n * 210
            draw.rectangle((x, 600, x + 150, 660), outline="#6c584c", width=6)
    elif kind == "truck":
        draw.rectangle((320, 500, 880, 640), "#d62828")
        draw.rectangle((780, 440, 900, 640), "#9d0208")
        for x in (400, 600, 820):
            draw.ellipse((x - 40, 600, x + 40, 680), "#212529")
        draw.line((420, 500, 860, 400), "#adb5bd", 8)
    elif kind == "bridge":
        draw.rectangle((0, 600, w, h), "#1d6fa5")
        draw.line((0, 560, w, 560), "#6c584c", 10)
        draw.arc((-100, 330, w + 100, 790), 200, 340, "#343a40", 6)
        for x in range(60, w, 60):
            draw.line((x, 470, x, 560), "#495057", 2)


def draw_scene(seed, sky, hill_colour, ground, kind) -> Image.Image:
    rng = random.Random(seed)
    image = gradient(*sky)
    draw = ImageDraw.Draw(image)
    draw.ellipse((920, 90, 1020, 190), "#fff3b0")
    hills(draw, rng, "#7fa88a", 420, 220)
    hills(draw, rng, hill_colour, 500, 160)
    draw.rectangle((0, 560, SIZE[0], SIZE[1]), ground)
    subject(draw, rng, kind)
    # A little grain, so it compresses as a photo does.
    grain = Image.frombytes("L", SIZE, rng.randbytes(SIZE[0] * SIZE[1]))
    grain = grain.filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
    return Image.blend(image, grain, 0.06).filter(ImageFilter.SMOOTH)


def main(folder: str) -> int:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, seed, sky, hill_colour, ground, kind in SCENES:
        image = draw_scene(seed, sky, hill_colour, ground, kind)
        image.save(target / name, "JPEG", quality=80, optimize=True)
        print(f"{target / name}: {(target / name).stat().st_size:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
