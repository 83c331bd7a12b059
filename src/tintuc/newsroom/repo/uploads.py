"""What an upload is, by its bytes: a photo the pipeline reads, or a real PDF."""

import posixpath

from tintuc.documents.pdf import PdfProblem, pdf_reader
from tintuc.photos import pipeline
from tintuc.photos.settings import PHOTO_SUFFIXES

from .errors import Refused
from .paths import DOCUMENT_FOLDER, PHOTO_FOLDER

PDF_SUFFIXES = (".pdf",)


def megabytes(size: int) -> str:
    """A size as people read it: "20 MB"."""
    return f"{size / (1024 * 1024):.0f} MB"


def check_upload(path: str, data: bytes, settings: dict) -> None:
    """Refuse (422) an upload that is not what its place and name say.

    ``path`` is already inside ``content/images/`` or ``content/documents/files/``
    (``paths.media_path``). Photos are decoded whole by the photo pipeline's
    reader, with its pixel limit; documents are opened by pypdf.
    """
    name = posixpath.basename(path)
    suffix = posixpath.splitext(name)[1].lower()
    if path.startswith(PHOTO_FOLDER + "/"):
        check_photo(name, suffix, data, settings)
    elif path.startswith(DOCUMENT_FOLDER + "/"):
        check_pdf(name, suffix, data, settings)
    else:  # pragma: no cover - media_path allows only the two folders
        raise Refused(403, f"Không được lưu tệp '{name}' ở đây.")


def check_photo(name: str, suffix: str, data: bytes, settings: dict) -> None:
    """A photo the site can publish: a known suffix, within limits, decodable."""
    if suffix not in PHOTO_SUFFIXES:
        raise Refused(
            422,
            f"Tệp '{name}' không phải ảnh: chỉ nhận ảnh {', '.join(PHOTO_SUFFIXES)}.",
        )
    limit = settings["NEWSROOM_PHOTO_MAX_BYTES"]
    if len(data) > limit:
        raise Refused(
            422,
            f"Ảnh '{name}' nặng {megabytes(len(data))}, quá giới hạn "
            f"{megabytes(limit)}. Hãy chọn ảnh nhỏ hơn.",
        )
    try:
        limit = settings["NEWSROOM_PHOTO_MAX_PIXELS"]
        pipeline.decode(pipeline.check_photo(data, limit)).close()
    except pipeline.PhotoError as error:
        raise Refused(422, f"Ảnh '{name}' không dùng được: {error}.") from error


def check_pdf(name: str, suffix: str, data: bytes, settings: dict) -> None:
    """A PDF that opens, has pages, has no password, within the size limit."""
    if suffix not in PDF_SUFFIXES:
        raise Refused(422, f"Tệp '{name}' phải là tệp PDF (.pdf).")
    try:
        pdf_reader(data, settings["NEWSROOM_PDF_MAX_BYTES"])
    except PdfProblem as problem:
        raise Refused(422, f"Tệp '{name}' không dùng được: {problem}.") from problem
