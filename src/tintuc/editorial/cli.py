"""Commands for editors: ``check`` and ``new`` (the build is ``tintuc.build``).

Run with ``plugins`` on PYTHONPATH, as the Makefile does.
"""

import argparse
import datetime
import sys
import uuid
from pathlib import Path

from pelican.settings import read_settings

from tintuc.vn_text.dates import VIETNAM_TIME
from tintuc.vn_text.slug import slugify_vi

from .gate import has_errors, load_site, print_report, run_checks

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


def main(argv=None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m editorial")
    parser.add_argument("--settings", default="pelicanconf.py")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check all content")
    new = commands.add_parser("new", help="create a draft story")
    new.add_argument("--title", required=True)
    new.add_argument("--section", required=True)
    arguments = parser.parse_args(argv)
    handlers = {"check": command_check, "new": command_new}
    return handlers[arguments.command](arguments)
