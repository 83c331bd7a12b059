"""The folders a Pelican run asks for (``build.asked``), and those the wrapper keeps."""

import os
import subprocess
import sys
import tempfile

from tests.conftest import REPO
from tintuc.build.asked import FOLDERS_FD, read_folders
from tintuc.build.state import remove_empty, scan
from tintuc.build.wrapper import FolderMaker, run_pelican

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
os.mkdir(os.path.join(os.fsencode(root), b"h\\xffa"))  # bytes no UTF-8 decodes
pid = os.fork()
if pid == 0:  # a worker, which leaves without a word
    os.makedirs(root / "tho" / "viec", exist_ok=True)
    os.mkdir(os.path.join(os.fsencode(root), b"t\\xfeb"))
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
        told = {"trong", "moi", "moi/con", "tho", "tho/viec"}
        undecodable = {os.fsdecode(b"h\xffa"), os.fsdecode(b"t\xfeb")}
        assert read_folders(heard) == told | undecodable


def test_the_folders_left_empty_are_those_not_removable_and_their_parents(tmp_path):
    for folder in ("anh", "cu/a", "cu/b", "giu/mot", "giu/hai"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "giu" / "hai" / "index.html").write_text("x")
    _, empty = scan(tmp_path)
    # "anh" was asked for; "giu" keeps "hai"; "cu" is not removable itself.
    left = remove_empty(tmp_path, empty, {"cu/a", "cu/b", "giu", "giu/mot"})
    assert left == ["anh", "cu"]
    assert sorted(scan(tmp_path)[1]) == left


def test_a_run_not_asked_to_tell_its_folders_gets_no_inherited_descriptor(
    tmp_path, capfd
):
    """A descriptor number left in the environment would name another file."""
    show = f"import os; print('fd=' + os.environ.get('{FOLDERS_FD}', 'none'))"
    code, asked = run_pelican(
        [sys.executable, "-c", show],
        tmp_path / "staging",
        {**os.environ, FOLDERS_FD: "7"},
        tmp_path / "old",
        maker=FolderMaker(),
        folders=None,
        held=(),
    )
    assert (code, asked) == (0, set())
    assert "fd=none" in capfd.readouterr().out
