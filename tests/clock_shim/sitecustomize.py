"""A stopped clock for builds run as processes by tests (``TINTUC_TEST_NOW``),
a story saved while the gate checks it (``TINTUC_TEST_SAVED_WHILE_CHECKED``),
and a state written over while Pagefind runs (``TINTUC_TEST_STATE_WRITTEN``).

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; tests that
put this folder there and set ``TINTUC_TEST_NOW`` (ISO 8601, with its zone)
get a wrapper and a Pelican child whose every clock rule (``shared.clock``)
and Pelican's own test for future dates see that moment. Never used by a build
outside the tests.
"""

import datetime
import os
import types

if os.environ.get("TINTUC_TEST_NOW"):
    MOMENT = datetime.datetime.fromisoformat(os.environ["TINTUC_TEST_NOW"])

    class StoppedClock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            if tz is None:
                return MOMENT.astimezone().replace(tzinfo=None)
            return MOMENT.astimezone(tz)

    import pelican.contents

    from tintuc.shared import clock

    clock.now = lambda: MOMENT
    pelican.contents.datetime = types.SimpleNamespace(
        datetime=StoppedClock, UTC=datetime.UTC
    )

if os.environ.get("TINTUC_TEST_SAVED_WHILE_CHECKED"):
    # {"path": a story's file, "text": what is saved over it}: written just
    # before the gate reads that file, as if its writer saved it meanwhile.
    import json
    from pathlib import Path

    from tintuc.editorial import rules

    SAVED = json.loads(os.environ["TINTUC_TEST_SAVED_WHILE_CHECKED"])
    checked = rules.check_story

    def saved_meanwhile(path, source, site):
        if os.fspath(source) == SAVED["path"]:
            Path(source).write_text(SAVED["text"], encoding="utf-8")
        return checked(path, source, site)

    rules.check_story = saved_meanwhile

if os.environ.get("TINTUC_TEST_STATE_WRITTEN"):
    # The state file (its path) written over once the search is indexed, as by
    # another build, while the usual build has let the state go.
    from pathlib import Path

    from tintuc.build import wrapper

    indexed = wrapper.index_later

    def index_then_write_state(*arguments, **options):
        errors = indexed(*arguments, **options)
        state = Path(os.environ["TINTUC_TEST_STATE_WRITTEN"])
        state.write_text('{"inputs": "another build"}', encoding="utf-8")
        return errors

    wrapper.index_later = index_then_write_state
