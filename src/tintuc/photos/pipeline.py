"""Turn one photo into its published derivatives. Pure apart from file I/O.

Every derivative is re-encoded from pixels only, so no EXIF, GPS, maker
note, serial number or ICC profile survives. Animated GIFs keep their first
frame: a still photo is what a news story needs, and it is far smaller.
"""

import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError as error:
        raise PhotoError("ảnh quá lớn, có thể là ảnh độc hại") from error
    except UnidentifiedImageError as error:
        raise PhotoError("không phải tệp ảnh, hoặc định dạng không hỗ trợ") from error
    except OSError as error:
        raise PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
    if width * height > max_pixels:
        raise PhotoError(
            f"ảnh {width}×{height} quá lớn (hơn {max_pixels // 1_000_000} megapixel)"
        )
    return width, height


def open_photo(data: bytes, max_pixels: int) -> Image.Image:
    """Decode, check and normalise a photo: upright, sRGB, 8-bit, first frame."""
    if not data:
        raise PhotoError("tệp ảnh rỗng (0 byte)")
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise PhotoError("ảnh quá lớn, có thể là ảnh độc hại") from error
    except UnidentifiedImageError as error:
        raise PhotoError("không phải tệp ảnh, hoặc định dạng không hỗ trợ") from error
    except OSError as error:  # a header cut short
        raise PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoError(
            f"ảnh {width}×{height} quá lớn (hơn {max_pixels // 1_000_000} megapixel)"
        )
    try:
        image.seek(0)
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


def resize_to_width(image: Image.Image, width: int) -> Image.Image:
    """Scale to ``width``, keeping the aspect ratio."""
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


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


def crop_around(
    image: Image.Image, size: tuple[int, int], focus: tuple[float, float]
) -> Image.Image:
    """Crop to ``size``'s aspect ratio around ``focus`` (fractions), then scale."""
    return ImageOps.fit(
        image.convert("RGB"), size, Image.Resampling.LANCZOS, centering=focus
    )


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
    image = open_photo(Path(job.source).read_bytes(), job.max_pixels)
    quality = dict(job.quality)
    folder.mkdir(parents=True, exist_ok=True)
    files = []

    def save(picture: Image.Image, suffix: str, kind: str, fmt: str, level=None):
        extension = "jpg" if fmt == "jpeg" else fmt
        name = f"{job.stem}-{job.key[:8]}-{suffix}.{extension}"
        data = encode(picture, fmt, level or quality[fmt])
        write_atomic(folder / name, data)
        files.append(
            {
                "name": name,
                "kind": kind,
                "width": picture.width,
                "height": picture.height,
            }
        )

    for width in derivative_widths(image.width, job.widths):
        resized = resize_to_width(image, width)
        for fmt in ("webp", "jpeg"):
            save(resized, str(width), fmt, fmt)
    ratio_width, ratio_height = job.thumb_ratio
    for width in derivative_widths(image.width, job.thumb_widths):
        size = (width, round(width * ratio_height / ratio_width))
        thumbnail = crop_around(image, size, job.focus)
        for fmt in ("webp", "jpeg"):
            save(thumbnail, f"t{width}", f"thumb-{fmt}", fmt)
    save(crop_around(image, job.social_size, job.focus), "mxh", "social", "jpeg")
    if job.keep_original:
        save(image, "goc", "original", "jpeg", 92)
    manifest = {"key": job.key, "files": files}
    write_atomic(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode())
    seal(folder, folder / SEAL)
    return manifest


def cached_manifest(job: Job) -> dict | None:
    """The manifest of ``job``'s derivatives if they are all there, whole."""
    folder = Path(job.cache_dir) / job.key
    if not is_sealed(folder, folder / SEAL):
        return None
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("key") == job.key else None
