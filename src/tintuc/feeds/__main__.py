"""``python -m feeds ping``: tell the WebSub hub that the deployed feeds changed."""

import argparse
import sys
from pathlib import Path

from pelican.settings import read_settings

from .feeds import public_siteurl
from .items import absolute_url
from .settings import DEFAULTS
from .websub import ping_hub


def feed_topics(output: Path, siteurl: str, names) -> list[str]:
    """The public URL of every feed file in the built site, sorted."""
    return sorted(
        absolute_url(siteurl, path.relative_to(output).as_posix())
        for path in output.rglob("*")
        if path.name in names
    )


def main(argv=None) -> int:
    """Ping the hub for every feed; report failures but do not fail the deploy."""
    parser = argparse.ArgumentParser(prog="python -m feeds")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("command", choices=["ping"])
    parser.add_argument("--output", default="output")
    parser.add_argument("--hub", default=None)
    parser.add_argument("--siteurl", default=None)
    arguments = parser.parse_args(argv)
    settings = {**DEFAULTS, **read_settings(arguments.settings)}
    hub = arguments.hub if arguments.hub is not None else settings["FEEDS_HUB"]
    if not hub:
        print("Không có WebSub hub; bỏ qua. (No hub configured.)")
        return 0
    siteurl = arguments.siteurl or public_siteurl(settings)
    names = set(settings["FEEDS_FILES"].values())
    topics = feed_topics(Path(arguments.output), siteurl, names)
    problems = ping_hub(hub, topics)
    for problem in problems:
        print(f"cảnh báo: không báo được cho hub: {problem}", file=sys.stderr)
    print(f"Đã báo {len(topics) - len(problems)}/{len(topics)} nguồn tin cho {hub}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
