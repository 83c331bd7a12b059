"""The repository library's fixtures, shared by every newsroom test module.

Defined once here, the session's template remote is made once, not once per
module that imported it.
"""

from tests.newsroom.repo_support import (  # noqa: F401 - fixtures
    library_fixture,
    library_remote_template_fixture,
    newsroom_fixture,
    remote_fixture,
    template_remote_fixture,
)
