"""Our code is an input of every build: its fingerprint and caches cover it."""

from pelican.settings import read_settings

from tests.conftest import REPO
from tintuc.build.wrapper import build_inputs
from tintuc.shared.code import PACKAGE, code_folders


def test_the_code_is_our_package_and_any_plugin_path(tmp_path):
    assert (PACKAGE / "shared" / "code.py").is_file()
    assert code_folders({}) == [PACKAGE]
    assert code_folders({"PLUGIN_PATHS": [str(tmp_path), str(PACKAGE)]}) == [
        PACKAGE,
        tmp_path.resolve(),
    ]


def test_an_edit_of_our_code_is_an_edit_of_the_build_s_inputs():
    settings_file = str(REPO / "pelicanconf.py")
    inputs = build_inputs(settings_file, read_settings(settings_file))
    assert PACKAGE in inputs
