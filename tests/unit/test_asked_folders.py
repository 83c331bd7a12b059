"""The folders a Pelican run asks for (``build.asked``), and those the wrapper keeps."""

import os
import subprocess
import sys
import tempfile

from tests.conftest import REPO
from tintuc.build.asked import FOLDERS_FD, read_folders
from tintuc.build.state import remove_empty, scan

# In a process of its own: hearing wraps ``os.mkdir`` for the whole process.
RUN = """
import os, sys
from pathlib import Path
from tintuc.build.asked import hear_folders
root = Path(sys.argv[1])
asked = hear_folders(str(root))
os.makedirs(root / "trong", exist_ok=True)  # there already: asked all the same
(root / "moi" / "con").mkdir(parents=True)
os.mkdir(root.parent / "ngoai")  # not under root
pid = os.fork()
if pid == 0:  # a worker, which leaves without a word
    os.makedirs(root / "tho" / "viec", exist_ok=True)
    os._exit(0)
os.waitpid(pid, 0)
asked.close()
"""


def test_every_folder_made_under_the_output_is_told_forked_workers_too(tmp_path):
    root = tmp_path / "out"
    (root / "trong").mkdir(parents=True)
    with tempfile.TemporaryFile() as heard:
        subprocess.run(
            [sys.executable, "-c", RUN, str(root)],
            cwd=REPO,
            env={**os.environ, FOLDERS_FD: str(heard.fileno())},
            pass_fds=(heard.fileno(),),
            check=True,
        )
        assert read_folders(heard) == {"trong", "moi", "moi/con", "tho", "tho/viec"}


def test_the_folders_left_empty_are_those_not_removable_and_their_parents(tmp_path):
    for folder in ("anh", "cu/a", "cu/b", "giu/mot", "giu/hai"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "giu" / "hai" / "index.html").write_text("x")
    _, empty = scan(tmp_path)
    # "anh" was asked for; "giu" keeps "hai"; "cu" is not removable itself.
    left = remove_empty(tmp_path, empty, {"cu/a", "cu/b", "giu", "giu/mot"})
    assert left == ["anh", "cu"]
    assert sorted(scan(tmp_path)[1]) == left
