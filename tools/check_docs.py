"""Check the guides: every link, anchor, command and path they show is real.

Usage: python tools/check_docs.py [ROOT]   (make check-docs)

Reads README.md and every docs/**/*.md under ROOT (default: this checkout)
and prints one ``file:line: problem`` per thing that does not resolve:

- a relative link to a file that does not exist, or to an anchor (``#…``)
  that no heading of the target makes (GitHub's rule for heading anchors);
- ``make TARGET`` in code, for a target the Makefile does not have;
- ``python -m MODULE`` in code, for a module that does not import here;
- a repository path in code (``src/…``, ``tools/…``, ``tests/…`` …) that does
  not exist. Paths with a placeholder (``<section>``, ``YYYY``, ``…``, ``*``)
  are examples and are skipped.

Exits 1 when anything is wrong, so guides do not rot.
"""

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MAKE = re.compile(r"(?<![\w-])make\s+(?:--?[\w-]+(?:=\S+)?\s+)*([a-z][a-z0-9-]*)")
MODULE = re.compile(r"python3?\s+-m\s+([A-Za-z_][\w.]*)")
MAKE_TARGET = re.compile(r"^([a-z][a-z0-9-]*)\s*:(?!=)", re.MULTILINE)
# Top-level folders of the repository whose paths a guide may name in code.
TOP = ("src/", "tools/", "tests/", "theme/", "docs/", "bench/", ".ci/", ".github/")
TOP += ("plugins/",)  # gone: code lives in src/tintuc/, so any such path is stale
TOPS = "|".join(re.escape(top) for top in TOP)
PATH = re.compile(rf"(?<![\w./-])((?:{TOPS})[\w./<>…*{{}}-]*)")
PLACEHOLDER = re.compile(r"[<>…*{}]|YYYY|\bN\b|\.\.\.")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if match:
            anchor = github_anchor(match[2])
            count = seen.get(anchor, 0)
            seen[anchor] = count + 1
            anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def code_of(text: str):
    """(line number, code) for each fenced line and each inline code span."""
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            yield number, line
        else:
            for span in INLINE_CODE.findall(line):
                yield number, span


def link_problems(path: Path, root: Path):
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            target = match[1] or match[2]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # https:, mailto: …: not ours to check offline
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                yield number, f"liên kết hỏng (broken link): {target}"
            elif anchor and linked.suffix == ".md":
                if anchor not in anchors_of(linked):
                    yield number, f"không có mục #{anchor} (no such heading): {target}"
            elif root not in linked.parents and linked != root:
                yield number, f"liên kết ra ngoài kho (outside the repo): {target}"


def command_problems(path: Path, root: Path, targets: set[str]):
    text = path.read_text(encoding="utf-8")
    for number, code in code_of(text):
        for target in MAKE.findall(code):
            if target not in targets:
                yield number, f"Makefile không có lệnh (no make target): make {target}"
        for module in MODULE.findall(code):
            if not module_imports(module):
                yield number, f"không có mô-đun (no module): python -m {module}"
        for found in PATH.findall(code):
            named = found.rstrip(".,:;")
            if not PLACEHOLDER.search(named) and not (root / named).exists():
                yield number, f"không có tệp (no such path): {named}"


def module_imports(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def make_targets(root: Path) -> set[str]:
    return set(MAKE_TARGET.findall((root / "Makefile").read_text(encoding="utf-8")))


def guides(root: Path) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def problems(root: Path) -> list[str]:
    targets = make_targets(root)
    found = []
    for path in guides(root):
        name = path.relative_to(root)
        for number, message in [
            *link_problems(path, root),
            *command_problems(path, root, targets),
        ]:
            found.append(f"{name}:{number}: {message}")
    return found


def main(argv=None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    root = Path(arguments[0]).resolve() if arguments else ROOT
    found = problems(root)
    for line in found:
        print(line)
    checked = len(guides(root))
    if found:
        print(f"{len(found)} lỗi trong {checked} tệp hướng dẫn ({len(found)} problems)")
        return 1
    print(f"Hướng dẫn: {checked} tệp, mọi liên kết và lệnh đều đúng (docs OK)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
