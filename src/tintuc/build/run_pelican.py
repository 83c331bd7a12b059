"""One Pelican build, run as the ``pelican`` command runs it, without its spinner.

``pelican``'s ``main`` shows "Generating..." with a rich status line, which
redraws itself from a thread for the whole build; the build forks workers,
and a fork must not happen beside a thread (``shared.workers.fork``). Plain
``pelican`` still works: beside that thread the build runs in one process.
The wrapper runs this instead, so its builds keep their workers.

Mirrors ``pelican.main`` for a single build (no ``-r``, no ``-l``), with
Pelican's public functions; ``MAIN_STEPS`` names what it calls, and a test
compares them with the installed Pelican's ``main``.

One build per process: what the site is made of lives until the process
ends, and the cyclic collector's full collections scan all of it again and
again as it grows (12 of them, 2.5 s of an edit's build at 10,000 stories).
So it is frozen out of the collector once the stories are read and again once
the context is made (``freeze_the_site``); by then next to nothing made is
cyclic garbage (10 objects at 10,000 stories), which freezing would keep.
"""

import gc
import logging
import os
import sys

from pelican import LOG_HANDLERS, get_instance, parse_arguments, signals
from pelican.log import init as init_logging

from tintuc.shared.workers import end_with

from .asked import hear_folders

logger = logging.getLogger("pelican")
# The calls of ``pelican.main``'s single-build path, in order.
MAIN_STEPS = ("parse_arguments", "init_logging", "get_instance", "pelican.run")
# The pid of the build wrapper that runs this: the build ends with it.
PARENT = "TINTUC_BUILD_PARENT"
# The exit code of a build interrupted (SIGINT): 128 + the signal's number.
INTERRUPTED = 130


def freeze_the_site(sender) -> None:
    """Keep every object made so far out of the collector's scans, for good."""
    gc.freeze()


def main(argv=None) -> int:
    """Build once with Pelican's own command-line options."""
    if os.environ.get(PARENT):
        end_with(int(os.environ[PARENT]))
    arguments = parse_arguments(argv)
    if arguments.autoreload or arguments.listen:
        raise SystemExit("run_pelican builds once: use pelican for -r and -l")
    init_logging(
        level=arguments.verbosity,
        fatal=arguments.fatal,
        name="pelican",
        handler=LOG_HANDLERS[arguments.log_handler],
        logs_dedup_min_level=getattr(logging, arguments.logs_dedup_min_level),
    )
    asked = hear_folders(arguments.output) if arguments.output else None
    try:
        pelican, _ = get_instance(arguments)
        signals.article_generator_finalized.connect(freeze_the_site)
        signals.all_generators_finalized.connect(freeze_the_site)
        pelican.run()
        if asked is not None:
            asked.close()
    except KeyboardInterrupt:
        if not os.environ.get(PARENT):  # the wrapper says it, and what it does next
            logger.warning(
                "Lần dựng bị ngắt giữa chừng; thư mục %s chưa dựng xong. "
                "(Interrupted.)",
                arguments.output,
            )
        return INTERRUPTED  # pelican's main says 0: a half-built site is no build
    except Exception as error:  # noqa: BLE001 - reported as pelican's main does
        logger.critical("%s: %s", error.__class__.__name__, error, exc_info=True)
        return getattr(error, "exitcode", 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
