"""Commands for editors and the Makefile: check, new and build.

Run with ``plugins`` on PYTHONPATH, as the Makefile does.
"""

import argparse
import ctypes
import datetime
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from pelican.settings import read_settings

from buildkit.locks import exclusive
from vn_text.dates import VIETNAM_TIME
from vn_text.slug import slugify_vi

from .fingerprint import input_fingerprint
from .gate import has_errors, load_site, print_report, run_checks

# renameat2(2): the current folder, and the flag that swaps two paths.
AT_FDCWD = -100
EXCHANGE = 2

STORY_TEMPLATE = """\
Title: {title}
Id: {story_id}
Slug: {slug}
Date: {date}
Section: {section}
Unit:
Authors:
Communes:
Summary:
Tags:
Image:
Image_alt:
Image_caption:
Image_credit:
Source:
Featured: không
Approver:
Status: draft

Viết nội dung bài ở đây. Điền các trường còn trống ở trên, rồi đổi
Status thành review để gửi duyệt.
"""


def command_check(arguments) -> int:
    """Check all content; exit 1 when there is any error."""
    problems = run_checks(read_settings(arguments.settings))
    print_report(problems, sys.stdout)
    if not problems:
        print("Không có lỗi. (No problems found.)")
    return 1 if has_errors(problems) else 0


def new_story_text(title: str, slug: str, section: str, now: datetime.datetime) -> str:
    """A story file with the known fields filled and the rest to fill in."""
    return STORY_TEMPLATE.format(
        title=title,
        story_id=uuid.uuid4(),
        slug=slug,
        date=now.strftime("%Y-%m-%d %H:%M"),
        section=section,
    )


def command_new(arguments) -> int:
    """Create a draft story in its section's folder; print its path last."""
    settings = read_settings(arguments.settings)
    site = load_site(settings)
    title = " ".join(arguments.title.split())
    slug = slugify_vi(title)
    section = site.directory["section"].find(arguments.section)
    if not title or not slug:
        print('Cần TITLE="tiêu đề bài". (TITLE is required.)', file=sys.stderr)
        return 2
    if section is None:
        names = ", ".join(entry.slug for entry in site.directory["section"].active())
        print(
            f"Không có chuyên mục '{arguments.section}'. Chọn một trong: {names}. "
            "(Unknown SECTION.)",
            file=sys.stderr,
        )
        return 2
    now = datetime.datetime.now(VIETNAM_TIME)
    folder = site.content_dir / settings["ARTICLE_PATHS"][0] / section.slug
    path = folder / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        print(f"Tệp đã có: {path} (file exists)", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(new_story_text(title, slug, section.name, now), encoding="utf-8")
    print("Đã tạo bài nháp. Sửa tệp rồi chạy 'make check'. (Draft created.)")
    print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


def retired_path(output: Path) -> Path:
    """Where the previous output waits to be deleted."""
    return output.with_name(f".{output.name}.old")


def exchange(one: Path, other: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where unsupported."""
    rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename is None:
        return False
    done = rename(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), EXCHANGE)
    return done == 0


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` so that a kill at any moment leaves one whole.

    Where the system can, the two folders change places in one step; else two
    renames leave, for an instant, only the staging folder. The old output is
    kept aside: the next build deletes it while Pelican works.
    """
    retired = retired_path(output)
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists() and exchange(staging, output):
        staging.rename(retired)
        return
    if output.exists():
        output.rename(retired)
    staging.rename(output)


def one_build_at_a_time(output: Path):
    """Hold the output's lock; a second build waits for the first, and says so."""

    def say_waiting():
        print(
            f"Đang có một lần dựng khác vào {output}; chờ nó xong rồi dựng tiếp. "
            "(Another build of this output is running; waiting for it.)",
            flush=True,
        )

    return exclusive(output.with_name(f".{output.name}.lock"), on_busy=say_waiting)


def pelican_arguments(siteurl: str, options: list[str]) -> list[str]:
    """Pelican's options, every ``-e KEY=VALUE`` in one group.

    Pelican keeps only the last ``-e`` group, so SITEURL and the caller's own
    settings must travel together.
    """
    extra = [f'SITEURL="{siteurl}"'] if siteurl else []
    others, in_extra = [], False
    for option in options:
        if option in ("-e", "--extra-settings"):
            in_extra = True
        elif in_extra and not option.startswith("-"):
            extra.append(option)
        else:
            in_extra = False
            others.append(option)
    return [*others, *(["-e", *extra] if extra else [])]


def build_inputs(settings_file: str) -> list[Path]:
    """Everything a build reads: settings, content, theme, plugins, pins."""
    settings = read_settings(settings_file)
    here = Path(settings_file).resolve().parent
    inputs = [Path(settings_file).resolve(), here / "pelicanconf.py"]
    inputs += [Path(settings["PATH"]), Path(settings["THEME"])]
    inputs += [Path(folder) for folder in settings["PLUGIN_PATHS"]]
    inputs += [here / "requirements.txt", here / "requirements-dev.txt"]
    inputs += [here / "package-lock.json"]
    return [path for path in dict.fromkeys(inputs) if path.exists()]


def command_build(arguments) -> int:
    """Build into a staging folder; replace the output only if it all worked.

    When nothing the build reads has changed since the last successful build
    of this output, the output is already right: keep it and stop.
    """
    output = Path(arguments.output).resolve()
    with one_build_at_a_time(output):
        return build_once(arguments, output)


def build_once(arguments, output: Path) -> int:
    """The build itself, with this output's lock held."""
    staging = output.with_name(f".{output.name}.building")
    stamp = output.with_name(f".{output.name}.fingerprint")
    options = [
        arguments.settings,
        str(output),
        arguments.siteurl,
        *arguments.pelican_options,
    ]
    fingerprint = input_fingerprint(
        build_inputs(arguments.settings), options, datetime.datetime.now(VIETNAM_TIME)
    )
    unchanged = stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint
    if unchanged and output.is_dir() and not arguments.force:
        print(
            f"Không có gì thay đổi; giữ nguyên {output}. "
            "(Nothing changed since the last build.)"
        )
        return 0
    stamp.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pelican", "-s", arguments.settings]
    command += ["-o", str(staging)]
    command += pelican_arguments(arguments.siteurl, arguments.pelican_options)
    cleaner = threading.Thread(
        target=shutil.rmtree,
        args=(retired_path(output),),
        kwargs={"ignore_errors": True},
    )
    cleaner.start()
    built = subprocess.run(command, check=False)
    cleaner.join()
    if built.returncode:
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"Không dựng được trang; bản cũ trong {output} vẫn giữ nguyên. "
            "(Build failed; the previous output is untouched.)",
            file=sys.stderr,
        )
        return 1
    swap_in(staging, output)
    stamp.write_text(fingerprint, encoding="utf-8")
    return 0


def main(argv=None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m editorial")
    parser.add_argument("--settings", default="pelicanconf.py")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check all content")
    new = commands.add_parser("new", help="create a draft story")
    new.add_argument("--title", required=True)
    new.add_argument("--section", required=True)
    build = commands.add_parser("build", help="build, then swap the output in")
    build.add_argument("--output", required=True)
    build.add_argument("--siteurl", default="")
    build.add_argument("--force", action="store_true", help="build even if unchanged")
    build.add_argument("pelican_options", nargs="*")
    arguments = parser.parse_args(argv)
    handlers = {"check": command_check, "new": command_new, "build": command_build}
    return handlers[arguments.command](arguments)
