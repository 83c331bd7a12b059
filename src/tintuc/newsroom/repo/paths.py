"""Which paths a request may name: inside ``content/``, never ``.git``.

Pure functions on the text of a path; the repository is read through git, so
no path is ever opened on disk, and a symbolic link in the tree is refused
by the caller (``Newsroom``), which knows each file's mode.
"""

import posixpath
import re
import unicodedata

from .errors import Refused

CONTENT = "content"
# Media a story or the media library may write, and what each must be.
PHOTO_FOLDER = "content/images"
DOCUMENT_FOLDER = "content/documents/files"
# A file name as a URL carries it: ASCII letters, digits, dot, dash, underscore.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
# A collection or a story's slug: the parts of a workflow branch's name.
SAFE_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

OUTSIDE = (
    "Đường dẫn '{path}' nằm ngoài thư mục nội dung (content/): yêu cầu bị từ chối."
)


def refuse_path(path, reason: str = "") -> Refused:
    """A 403 naming the path (shortened and made printable) and why."""
    shown = repr(path)[1:-1] if isinstance(path, str) else "?"
    message = OUTSIDE.format(path=shown[:200])
    return Refused(403, f"{message} {reason}".strip())


def content_path(path, *, folder: str = CONTENT) -> str:
    """``path`` normalised, if it lies inside ``folder``; else refused (403).

    Refused: anything not a string, an empty path, NUL or other control
    characters, backslashes, absolute paths, ``..``, ``.`` and any part
    beginning with a dot (``.git``, ``.htaccess``), and paths outside ``folder``.
    """
    if not isinstance(path, str) or not path:
        raise refuse_path(path, "Đường dẫn trống hoặc không hợp lệ.")
    if any(unicodedata.category(char) == "Cc" for char in path) or "\\" in path:
        raise refuse_path(path, "Đường dẫn có ký tự không được phép.")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        raise refuse_path(path, "Không được dùng đường dẫn tuyệt đối.")
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise refuse_path(
            path, "Đường dẫn có '..', '.' hoặc tên bắt đầu bằng dấu chấm."
        )
    normal = unicodedata.normalize("NFC", posixpath.normpath(path))
    if normal != folder and not normal.startswith(folder + "/"):
        raise refuse_path(path)
    return normal


def media_path(path) -> str:
    """Where an upload may be written: a safe name under images or documents."""
    normal = content_path(path)
    if not normal.startswith((PHOTO_FOLDER + "/", DOCUMENT_FOLDER + "/")):
        raise refuse_path(
            path,
            f"Ảnh chỉ được lưu trong {PHOTO_FOLDER}/, tệp văn bản trong "
            f"{DOCUMENT_FOLDER}/.",
        )
    check_name(posixpath.basename(normal))
    return normal


def check_name(name: str) -> None:
    """Refuse (422) a file name a web address would mangle."""
    if not SAFE_NAME.match(name) or ".." in name:
        raise Refused(
            422,
            f"Tên tệp '{name[:100]}' không dùng được: chỉ dùng chữ không dấu, số, "
            "dấu chấm, gạch ngang hoặc gạch dưới, không có khoảng trắng. "
            "Hãy đổi tên tệp rồi tải lên lại.",
        )


def check_key(value, what: str) -> str:
    """A collection name or slug fit for a branch name ``cms/<collection>/<slug>``."""
    if not isinstance(value, str) or not SAFE_KEY.match(value):
        raise Refused(
            422,
            f"{what} '{str(value)[:100]}' không hợp lệ: chỉ chữ thường không dấu, "
            "số và dấu gạch ngang.",
        )
    return value
