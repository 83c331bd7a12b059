"""Turn one photo into its published derivatives. Pure apart from file I/O.

Every derivative is re-encoded from pixels only, so no EXIF, GPS, maker
note, serial number or ICC profile survives. Animated GIFs keep their first
frame: a still photo is what a news story needs, and it is far smaller.
"""

import hashlib
import io
import json
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

try:  # iPhone photos
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is pinned in requirements
    pass

from tintuc.shared.cachefiles import is_sealed, seal, write_atomic

SRGB = ImageCms.createProfile("sRGB")
MANIFEST = "manifest.json"
# Written last: what the folder holds, so a half-made folder is never used.
SEAL = ".whole.json"
# Formats whose decoder can scale down by itself (MPO: a phone's multi-picture JPEG).
JPEG_FORMATS = ("JPEG", "MPO")
# The only decoders a photo may reach: never PostScript (Ghostscript), never
# formats a phone or a camera does not make. (JPEG's opener also gives MPO.)
DECODERS = ("JPEG", "PNG", "GIF", "WEBP", "HEIF", "TIFF")
FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}


class PhotoError(ValueError):
    """A photo that cannot be published, with the reason in Vietnamese."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to make one photo's derivatives."""

    source: str
    cache_dir: str
    key: str
    stem: str
    widths: tuple[int, ...]
    quality: tuple[tuple[str, int], ...]
    max_pixels: int
    social_size: tuple[int, int]
    focus: tuple[float, float]
    keep_original: bool
    thumb_widths: tuple[int, ...] = ()
    thumb_ratio: tuple[int, int] = (3, 2)


def job_key(data: bytes, options: dict) -> str:
    """Content hash of the photo and every option that shapes its output."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def inspect_photo(path: Path, max_pixels: int) -> tuple[int, int]:
    """Read only a photo's header: its size, or PhotoError if it is unusable."""
    if path.stat().st_size == 0:
        raise PhotoError("tệp ảnh rỗng (0 byte)")
    try:
        with Image.open(path, formats=DECODERS) as image:
            width, height = image.size
    except Image.DecompressionBombError as error:
        raise PhotoError("ảnh quá lớn, có thể là ảnh độc hại") from error
    except UnidentifiedImageError as error:
        raise PhotoError("không phải tệp ảnh, hoặc định dạng không hỗ trợ") from error
    except OSError as error:
        raise PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
    refuse_too_many_pixels(width, height, max_pixels)
    return width, height


def refuse_too_many_pixels(width: int, height: int, max_pixels: int) -> None:
    """PhotoError when the photo has over ``max_pixels`` pixels, saying what to do."""
    if width * height > max_pixels:
        raise PhotoError(
            f"ảnh {width}×{height} quá lớn (hơn {max_pixels // 1_000_000} megapixel): "
            "hãy thu nhỏ ảnh (chiều rộng 4000 điểm ảnh là đủ) rồi tải lên lại"
        )


def check_photo(data: bytes, max_pixels: int) -> Image.Image:
    """Open a photo without decoding it; PhotoError if it cannot be used."""
    if not data:
        raise PhotoError("tệp ảnh rỗng (0 byte)")
    try:
        image = Image.open(io.BytesIO(data), formats=DECODERS)
    except Image.DecompressionBombError as error:
        raise PhotoError("ảnh quá lớn, có thể là ảnh độc hại") from error
    except UnidentifiedImageError as error:
        raise PhotoError("không phải tệp ảnh, hoặc định dạng không hỗ trợ") from error
    except OSError as error:  # a header cut short
        raise PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
    width, height = image.size
    refuse_too_many_pixels(width, height, max_pixels)
    return image


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The size of a checked photo once turned as its EXIF orientation says."""
    width, height = image.size
    turned = image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
    return (height, width) if turned else (width, height)


def decode(image: Image.Image, reduce_by: float = 1) -> Image.Image:
    """Decode a checked photo and normalise it: upright, sRGB, 8-bit, first frame.

    A JPEG is decoded up to ``reduce_by`` times smaller (by 2, 4 or 8, in the
    decoder itself), several times faster than decoding it whole. Other formats
    are decoded whole: a HEIC's ``draft`` would pick its embedded preview.
    """
    try:
        image.seek(0)
        if reduce_by >= 2 and image.format in JPEG_FORMATS:
            width, height = image.size
            image.draft(
                image.mode,
                (math.ceil(width / reduce_by), math.ceil(height / reduce_by)),
            )
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
    return to_srgb(ImageOps.exif_transpose(image))


def to_srgb(image: Image.Image) -> Image.Image:
    """Convert to an 8-bit RGB, RGBA or L image in sRGB, with no metadata."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "LA":
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGB")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(
                image, profile, SRGB, outputMode=output_mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the pixels are still usable as they are
    if image.mode == "CMYK":
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


@dataclass(frozen=True)
class Cut:
    """One picture made from a photo, and the files it is saved as.

    :param suffix: ends its file names (``800``, ``t160``, ``mxh``, ``goc``)
    :param size: its width and height
    :param cropped: cut to ``size``'s ratio around the focus, else the whole photo
    :param saves: (kind, format, quality or None for the job's) of each file
    """

    suffix: str
    size: tuple[int, int]
    cropped: bool
    saves: tuple[tuple[str, str, int | None], ...]


def scaled_size(full: tuple[int, int], width: int) -> tuple[int, int]:
    """The size of the whole photo scaled to ``width``, keeping its ratio."""
    full_width, full_height = full
    return width, max(1, round(full_height * width / full_width))


def plan_cuts(full: tuple[int, int], job: Job) -> list[Cut]:
    """Every picture ``job`` makes from a photo of upright size ``full``."""
    both = (("webp", "webp", None), ("jpeg", "jpeg", None))
    cuts = [
        Cut(str(width), scaled_size(full, width), False, both)
        for width in derivative_widths(full[0], job.widths)
    ]
    ratio_width, ratio_height = job.thumb_ratio
    thumb = (("thumb-webp", "webp", None), ("thumb-jpeg", "jpeg", None))
    cuts += [
        Cut(
            f"t{width}", (width, round(width * ratio_height / ratio_width)), True, thumb
        )
        for width in derivative_widths(full[0], job.thumb_widths)
    ]
    cuts.append(Cut("mxh", job.social_size, True, (("social", "jpeg", None),)))
    if job.keep_original:
        cuts.append(Cut("goc", full, False, (("original", "jpeg", 92),)))
    return cuts


def needed_width(full: tuple[int, int], cut: Cut) -> float:
    """How wide the whole photo must be for ``cut`` to need no enlarging."""
    full_width, full_height = full
    width, height = cut.size
    if not cut.cropped:
        return width
    # ImageOps.fit keeps the whole height or the whole width, whichever fits.
    kept_width = min(full_width, full_height * width / height)
    return width * full_width / kept_width


def make_pictures(image: Image.Image, full: tuple[int, int], cuts, focus):
    """Yield each cut and its picture, made from the smallest picture that holds it.

    Pictures are made largest first: scaling 4000 pixels to 1600 once and
    1600 to 1200, 800 and 480 costs a fraction of scaling 4000 four times.
    Only whole-photo pictures are kept, as sources for the smaller ones.
    """
    sources = [image]  # whole-photo pictures, largest first
    for cut in sorted(cuts, key=lambda cut: needed_width(full, cut), reverse=True):
        need = needed_width(full, cut)
        source = next(
            (picture for picture in reversed(sources) if picture.width >= need),
            image,
        )
        if cut.cropped:
            picture = ImageOps.fit(
                source.convert("RGB"),
                cut.size,
                Image.Resampling.LANCZOS,
                centering=focus,
            )
        elif source.size == cut.size:
            picture = source
        else:
            picture = source.resize(cut.size, Image.Resampling.LANCZOS)
            sources.append(picture)
        yield cut, picture


def encode(image: Image.Image, kind: str, quality: int) -> bytes:
    """Encode deterministically, with no metadata at all."""
    pil_format, _ = FORMATS[kind]
    if kind == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.save(buffer, pil_format, quality=quality, optimize=True, progressive=True)
    else:
        image.save(buffer, pil_format, quality=quality, method=4)
    return buffer.getvalue()


def derivative_widths(original: int, widths) -> list[int]:
    """The widths to make: the configured ones, none wider than the original."""
    return sorted({min(width, original) for width in widths})


def make_derivatives(job: Job) -> dict:
    """Write the derivatives of ``job`` into its cache folder; return the manifest.

    Runs in a worker process. A manifest already in the cache is reused.
    """
    folder = Path(job.cache_dir) / job.key
    manifest = cached_manifest(job)
    if manifest is not None:
        return manifest
    # Half made by a killed build, or damaged: make it again from nothing.
    shutil.rmtree(folder, ignore_errors=True)
    with check_photo(Path(job.source).read_bytes(), job.max_pixels) as photo:
        full = upright_size(photo)
        cuts = plan_cuts(full, job)
        largest = max(needed_width(full, cut) for cut in cuts)
        image = decode(photo, reduce_by=full[0] / largest)
    quality = dict(job.quality)
    folder.mkdir(parents=True, exist_ok=True)
    saved = {}
    for cut, picture in make_pictures(image, full, cuts, job.focus):
        saved[cut] = []
        for kind, fmt, level in cut.saves:
            extension = "jpg" if fmt == "jpeg" else fmt
            name = f"{job.stem}-{job.key[:8]}-{cut.suffix}.{extension}"
            write_atomic(folder / name, encode(picture, fmt, level or quality[fmt]))
            saved[cut].append(
                {
                    "name": name,
                    "kind": kind,
                    "width": picture.width,
                    "height": picture.height,
                }
            )
    files = [item for cut in cuts for item in saved[cut]]  # in the plan's order
    manifest = {"key": job.key, "files": files}
    write_atomic(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode())
    seal(folder, folder / SEAL)
    return manifest


def cached_manifest(job: Job) -> dict | None:
    """The manifest of ``job``'s derivatives if they are all there, whole."""
    folder = os.path.join(job.cache_dir, job.key)
    if not is_sealed(folder, os.path.join(folder, SEAL)):
        return None
    try:
        with open(os.path.join(folder, MANIFEST), "rb") as kept:
            manifest = json.loads(kept.read())
    except (OSError, ValueError):
        return None
    if isinstance(manifest, dict) and manifest.get("key") == job.key:
        return manifest
    return None
