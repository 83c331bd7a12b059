"""The names kept beside an output folder are spelled once, and make clean agrees."""

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tintuc.build.beside import LOCK, SUFFIXES, beside


def test_make_clean_removes_exactly_what_the_build_keeps_beside_an_output():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^BESIDE = .*?\$\(foreach s,([^,]+),", makefile, re.M)
    assert listed, "the Makefile's BESIDE macro is gone"
    assert listed[1].split() == list(SUFFIXES)


def test_each_name_is_hidden_beside_its_output():
    assert beside(Path("/site/output"), LOCK) == Path("/site/.output.lock")
    with pytest.raises(ValueError, match="not kept beside"):
        beside(Path("output"), "tmp")
