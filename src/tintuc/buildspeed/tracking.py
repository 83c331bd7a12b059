"""Template environments that tell ``shared.reads`` which stories a page reads.

Jinja reads every attribute and item a template names through the
environment's ``getattr`` and ``getitem``, and so do its own filters and tests
(``attr``, ``map``, ``sort``…; those that show a story as text show its file's
name, ``Content.__str__``). The plugins' filters and tests, and every function
a template calls (``Context.call``), may read stories in Python: the content
objects in their arguments count as read. Every name a template reads of its
context is recorded too (``Context.resolve_or_missing``).
"""

import functools

from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.runtime import Macro
from pelican.contents import Content

from tintuc.shared import reads


def instrument(environment) -> None:
    """Make ``environment`` record what its templates read (once; idempotent)."""
    if getattr(environment, "tintuc_records_reads", False):
        return
    environment.tintuc_records_reads = True
    plain_getattr, plain_getitem = environment.getattr, environment.getitem

    def getattr_recorded(obj, attribute):
        if isinstance(obj, Content):
            reads.read(obj, attribute)
        return plain_getattr(obj, attribute)

    def getitem_recorded(obj, argument):
        if isinstance(obj, Content):
            reads.read(obj, argument if type(argument) is str else reads.WHOLE)
        return plain_getitem(obj, argument)

    environment.getattr = getattr_recorded
    environment.getitem = getitem_recorded
    for functions, jinja_own in (
        (environment.filters, DEFAULT_FILTERS),
        (environment.tests, DEFAULT_TESTS),
    ):
        for name, function in list(functions.items()):
            if function is not jinja_own.get(name):
                functions[name] = recorded(function)
    environment.context_class = recording_context(environment.context_class)


def recorded(function):
    """``function``, counting the content objects it is given as read."""
    # Jinja passes a context or environment first to some: not the page's data.
    given = 1 if getattr(function, "jinja_pass_arg", None) else 0

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if reads.active():
            note_arguments(function, args[given:], kwargs)
        return function(*args, **kwargs)

    return wrapper


def note_arguments(function, args: tuple, kwargs: dict) -> None:
    """Count what ``function`` is given as read, and the object it is a method of.

    One given the template's context may read any of it: its page is not kept.
    """
    passed = getattr(function, "jinja_pass_arg", None)
    if passed is not None and passed.name == "context":
        reads.unknown()
        return
    given = {k: v for k, v in kwargs.items() if k not in JINJA_OWN_ARGUMENTS}
    reads.note((args, given, getattr(function, "__self__", None)))


# What Jinja adds to a call for a function given the context (see above).
JINJA_OWN_ARGUMENTS = {"_loop_vars", "_block_vars"}


def recording_context(base: type) -> type:
    """A template context that records the names read and calls' arguments."""

    class RecordingContext(base):
        def resolve_or_missing(self, key):
            # How a template reads every name it uses (and includes and
            # imports with the context, which get a context of this class).
            reads.resolved(key)
            return super().resolve_or_missing(key)

        def call(self, function, /, *args, **kwargs):
            # A macro's reads go through the environment like its template's.
            if reads.active() and not isinstance(function, Macro):
                note_arguments(function, args, kwargs)
            return super().call(function, *args, **kwargs)

    return RecordingContext
