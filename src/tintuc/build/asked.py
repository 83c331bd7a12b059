"""The output folders a Pelican run asks for, told to the wrapper that runs it.

The wrapper makes the last output's folders before Pelican runs (see
``wrapper.FolderMaker``) and removes those left empty. A folder a clean build
leaves empty on purpose (the photos' folder of a site with no story) must stay:
Pelican asked for it. Every ``os.mkdir`` of the run is heard, whether the
folder was there or not (``os.makedirs``, ``Path.mkdir`` and ``shutil`` call
it), and written to a file the wrapper gives by its descriptor
(``FOLDERS_FD``): by this process at its end, by each forked worker (which
ends with ``os._exit``) as it asks. ``os.mkdir`` is wrapped rather than heard
by an audit hook (PEP 578): a hook is called for every audited event, and a
build raises hundreds of thousands (``id()`` is one), at 1.4 µs each.
"""

import os

# The file descriptor, in the environment, of the file the folders go to.
FOLDERS_FD = "TINTUC_BUILD_FOLDERS_FD"


class AskedFolders:
    """Hears the folders under ``root`` this process and its forks make."""

    def __init__(self, root: str, descriptor: int) -> None:
        self.prefix = os.path.abspath(root) + os.sep
        self.descriptor = descriptor
        self.asked: set[str] = set()
        self.at_once = False
        os.register_at_fork(after_in_child=self.write_at_once)
        make = os.mkdir

        def mkdir(path, mode=0o777, *, dir_fd=None):
            if dir_fd is None:  # else relative to an open folder: not the build's
                self.hear(path)
            return make(path, mode, dir_fd=dir_fd)

        os.mkdir = mkdir

    def write_at_once(self) -> None:
        """In a forked child: nothing is written at its end, so write as it asks."""
        self.asked, self.at_once = set(), True

    def hear(self, path) -> None:
        path = os.path.abspath(os.fsdecode(path))
        if not path.startswith(self.prefix):
            return
        folder = path[len(self.prefix) :].replace(os.sep, "/")
        if self.at_once:
            self.write([folder])
        else:
            self.asked.add(folder)

    def write(self, folders) -> None:
        # Names as the file system has them, undecodable bytes included.
        data = b"".join(os.fsencode(folder) + b"\n" for folder in folders)
        while data:
            data = data[os.write(self.descriptor, data) :]

    def close(self) -> None:
        """Write what this process heard (at the end of the run)."""
        self.write(sorted(self.asked))
        self.asked = set()


def hear_folders(root: str) -> AskedFolders | None:
    """Start hearing the folders made under ``root``, if the wrapper asks to."""
    descriptor = os.environ.get(FOLDERS_FD)
    return AskedFolders(root, int(descriptor)) if descriptor else None


def read_folders(file) -> set[str]:
    """The folders written to ``file`` (open, binary) by a finished run."""
    file.seek(0)
    return set(map(os.fsdecode, file.read().splitlines()))
