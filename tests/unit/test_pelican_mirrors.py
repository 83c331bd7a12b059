"""Where the runner drives Pelican's steps itself, it knows every step Pelican has.

An upgrade of Pelican that adds a step to ``Pelican.run`` or to ``main`` fails
here, until ``tintuc.build`` mirrors it.
"""

import ast
import inspect
import textwrap

import pelican
from pelican import Pelican

from tintuc.build.resident import PELICAN_RUN_STEPS
from tintuc.build.run_pelican import MAIN_STEPS

OWNERS = {"p": "generator", "self": "pelican", "pelican": "pelican"}


def pelican_steps(function) -> list[str]:
    """The steps of one of the installed Pelican's functions, in order.

    A step is a method called on a generator or on the Pelican object, a
    signal sent, or a function of Pelican's own.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    calls = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Call)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    steps = []
    for call in calls:
        function = call.func
        if isinstance(function, ast.Name):
            found = getattr(pelican, function.id, None)
            if getattr(found, "__module__", "").startswith("pelican"):
                steps.append(function.id)
        elif isinstance(function, ast.Attribute):
            owner = function.value
            if isinstance(owner, ast.Name) and owner.id in OWNERS:
                steps.append(f"{OWNERS[owner.id]}.{function.attr}")
            elif (
                function.attr == "send"
                and isinstance(owner, ast.Attribute)
                and isinstance(owner.value, ast.Name)
                and owner.value.id == "signals"
            ):
                steps.append(f"signal.{owner.attr}")
    return list(dict.fromkeys(steps))


def test_the_site_in_memory_knows_every_step_of_pelican_s_run():
    steps = pelican_steps(Pelican.run)
    assert "generator.check_disabled_readers" in steps  # the parse finds steps
    assert steps == list(PELICAN_RUN_STEPS), (
        "Pelican.run has other steps now: mirror them in ResidentSite.build "
        "and name them in PELICAN_RUN_STEPS"
    )


def test_the_wrapper_s_pelican_knows_every_step_of_pelican_s_main():
    steps = pelican_steps(pelican.main)
    single_build = [step for step in steps if step not in ("autoreload", "listen")]
    assert single_build == list(MAIN_STEPS), (
        "pelican.main has other steps now: mirror them in run_pelican.main"
    )
