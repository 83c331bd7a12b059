"""The devserver makes its site in memory beside its server threads, forking nothing.

On a site of 100 stories or more the gate, the readers and the photos fork
workers in a build; the site in memory is made with ``BUILD_IN_ONE_PROCESS``
(and beside a thread every worker count is one anyway). The probe is a fresh
process, so no thread of the test runner counts.
"""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow
STORIES = 120

PROBE = """
import argparse, json, os, sys, threading
from pathlib import Path
from tests.conftest import REPO, copy_fixture_content
from tintuc.build import devserver

root = Path(sys.argv[1])
content = copy_fixture_content(root / "content")
story = (content / "articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md").read_text()
for number in range(int(sys.argv[2])):
    copy = story.replace("Slug: Lễ hội Lồng Tồng Định Hoá", f"Slug: le-hoi-{number}")
    copy = copy.replace("Id: 398dac02-ec66-5345-8df3-37f65f4a432e",
                        f"Id: 398dac02-ec66-5345-8df3-{number:012d}")
    (content / "articles/nguoi-tot-viec-tot" / f"le-hoi-{number}.md").write_text(copy)
server = devserver.Devserver(argparse.Namespace(
    settings=str(REPO / "pelicanconf.py"), output=str(root / "served"),
    cache=str(root / "cache"), host="", bind="127.0.0.1", port=8000,
    extra=[f'PATH="{content}"', "BUILDSPEED_WORKERS=2", "PHOTOS_WORKERS=2"],
))
forks, real_fork = [], os.fork
def fork():
    forks.append(threading.active_count())
    return real_fork()
os.fork = fork
stop = threading.Event()
threading.Thread(target=stop.wait, name="http", daemon=True).start()  # a server's
making = threading.Thread(target=server.make_resident)
making.start()
making.join()
stop.set()
site = server.resident
print("PROBE", json.dumps({
    "forks": forks,
    "stories": len(site.stories) if site else 0,
}))
"""


def make_in_memory(tmp_path) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), str(STORIES)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.rsplit("PROBE", 1)[1]), done.stdout


def test_the_site_in_memory_is_made_beside_threads_without_a_fork(tmp_path):
    found, log = make_in_memory(tmp_path)
    assert found["stories"] > 100, log
    assert found["forks"] == [], log
