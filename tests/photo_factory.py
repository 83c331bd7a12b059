"""Photos made in the tests, so no binary fixture is committed."""

import io
import random

from PIL import Image, ImageChops, ImageFilter

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
BODY_SERIAL_NUMBER = 0xA431
CAMERA_MODEL = 0x0110
ORIENTATION = 0x0112
SERIAL = "SERIAL-4815162342"


def noise(size, seed: int) -> Image.Image:
    """Greyscale noise that is the same on every run (Pillow's is not seeded)."""
    width, height = size
    return Image.frombytes("L", size, random.Random(seed).randbytes(width * height))


def phone_photo(size=(4000, 3000), seed: int = 7) -> Image.Image:
    """A detailed, photo-like image: fine grain over coarse shapes and light."""
    width, height = size
    fine = noise(size, seed).filter(ImageFilter.GaussianBlur(1.2))
    coarse = noise((width // 40, height // 40), seed + 1).resize(
        size, Image.Resampling.BICUBIC
    )
    light = Image.linear_gradient("L").resize(size)
    red = ImageChops.add(coarse, fine, 2.0)
    green = ImageChops.add(light, fine, 2.0)
    blue = ImageChops.multiply(coarse, light.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    return Image.merge("RGB", (red, green, blue))


def private_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, serial number and GPS position."""
    exif = Image.Exif()
    exif[CAMERA_MODEL] = "Phone X"
    exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = SERIAL
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (21.0, 54.0, 30.0)
    gps[3] = "E"
    gps[4] = (105.0, 37.0, 12.0)
    return exif


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    """The bytes of ``image`` saved in ``image_format``."""
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()
