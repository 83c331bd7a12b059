"""Time the photo pipeline alone: ``make_derivatives`` on N generated photos.

Usage: python bench/photos.py [--photos N] [--kind corpus|phone] [--profile FILE]
(or make bench-photos PHOTOS=N KIND=corpus|phone)

``corpus`` photos are the ones ``make bench`` builds with (bench/corpus.py,
1600×1067 JPEG); ``phone`` photos are what reporters send: 4000×3000 JPEGs with
EXIF, one in ten a PNG and one in ten a HEIC. Each photo runs in this process,
one after another, with the site's default settings and an empty cache, so the
figures are per photo on one core; a cold build shares them between its
workers. Run it with another checkout's Python to measure that checkout's
pipeline on the same photos. ``--profile`` writes cProfile statistics.
"""

import argparse
import cProfile
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_photo  # noqa: E402
from PIL import Image  # noqa: E402

from tests.photo_factory import encoded, phone_photo, private_exif  # noqa: E402
from tintuc.photos.pipeline import Job, job_key, make_derivatives  # noqa: E402
from tintuc.photos.settings import DEFAULTS, PIPELINE_VERSION  # noqa: E402

# Distinct phone photos drawn; the rest reuse them with a changed corner, so
# every file differs and none is cached.
PHONE_SCENES = 4


def phone_files(folder: Path, count: int) -> list[Path]:
    """``count`` phone photos: JPEG with EXIF, every tenth a PNG or a HEIC."""
    scenes = [phone_photo(seed=seed) for seed in range(PHONE_SCENES)]
    paths = []
    for index in range(count):
        image = scenes[index % PHONE_SCENES].copy()
        image.putpixel((0, 0), (index % 256, index // 256 % 256, 0))
        if index % 10 == 4:
            path, data = folder / f"anh-{index:04d}.png", encoded(image, "PNG")
        elif index % 10 == 7:
            path = folder / f"anh-{index:04d}.heic"
            data = encoded(image, "HEIF", quality=80)
        else:
            path = folder / f"anh-{index:04d}.jpg"
            data = encoded(image, "JPEG", quality=90, exif=private_exif())
        path.write_bytes(data)
        paths.append(path)
    return paths


def corpus_files(folder: Path, count: int) -> list[Path]:
    """``count`` photos as ``make bench``'s corpus makes them."""
    paths = []
    for index in range(count):
        path = folder / f"tin-so-{index:05d}.jpg"
        make_photo(path, random.Random(index))
        paths.append(path)
    return paths


def job_for(path: Path, cache: Path) -> Job:
    """The job the photos plugin plans for a lead photo, with default settings."""
    options = {
        "version": PIPELINE_VERSION,
        "widths": DEFAULTS["PHOTOS_WIDTHS"],
        "quality": DEFAULTS["PHOTOS_QUALITY"],
        "social": DEFAULTS["PHOTOS_SOCIAL_SIZE"],
        "max_pixels": DEFAULTS["PHOTOS_MAX_PIXELS"],
        "focus": (0.5, 0.5),
        "original": False,
        "thumbs": [DEFAULTS["PHOTOS_THUMB_WIDTHS"], DEFAULTS["PHOTOS_THUMB_RATIO"]],
    }
    return Job(
        source=str(path),
        cache_dir=str(cache),
        key=job_key(path.read_bytes(), options),
        stem=path.stem,
        widths=tuple(DEFAULTS["PHOTOS_WIDTHS"]),
        quality=tuple(sorted(DEFAULTS["PHOTOS_QUALITY"].items())),
        max_pixels=DEFAULTS["PHOTOS_MAX_PIXELS"],
        social_size=tuple(DEFAULTS["PHOTOS_SOCIAL_SIZE"]),
        focus=(0.5, 0.5),
        keep_original=False,
        thumb_widths=tuple(DEFAULTS["PHOTOS_THUMB_WIDTHS"]),
        thumb_ratio=tuple(DEFAULTS["PHOTOS_THUMB_RATIO"]),
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--kind", choices=("corpus", "phone"), default="corpus")
    parser.add_argument("--profile", type=Path, default=None)
    arguments = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    try:
        (work / "in").mkdir()
        make = phone_files if arguments.kind == "phone" else corpus_files
        paths = make(work / "in", arguments.photos)
        jobs = [job_for(path, work / "cache") for path in paths]
        # CPU time: on a shared machine wall time measures the neighbours too.
        profiler = cProfile.Profile(time.process_time) if arguments.profile else None
        cpu, wall = [], []
        for job in jobs:
            if profiler:
                profiler.enable()
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            make_derivatives(job)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
            if profiler:
                profiler.disable()
        if profiler:
            profiler.dump_stats(arguments.profile)
        outputs = [p for p in (work / "cache").rglob("*") if p.suffix != ".json"]
        written = sum(path.stat().st_size for path in outputs if path.is_file())
        sources = sum(path.stat().st_size for path in paths)
        print(
            f"{arguments.photos} {arguments.kind} photos "
            f"({sources / len(paths) / 1024:.0f} KiB each), "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"Pillow {Image.__version__}, {os.cpu_count()} cores, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        print(
            f"per photo: CPU {statistics.mean(cpu) * 1000:.0f} ms "
            f"(median {statistics.median(cpu) * 1000:.0f}), "
            f"wall {statistics.mean(wall) * 1000:.0f} ms; "
            f"total CPU {sum(cpu):.1f} s; "
            f"derivatives {written / len(paths) / 1024:.0f} KiB per photo"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
