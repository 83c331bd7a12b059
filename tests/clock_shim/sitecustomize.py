"""A stopped clock for builds run as processes by tests (``TINTUC_TEST_NOW``).

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
