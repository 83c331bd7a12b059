"""Who is acting: the signed-in person, as the repository side needs them."""

from dataclasses import dataclass

WRITER = "writer"
APPROVER = "approver"
ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """One signed-in account.

    :param username: the account's login name (ASCII), stable for life.
    :param name: the person's full name, as commits and the story show it.
    :param email: an address for commits; "" derives one from ``username``.
    :param roles: any of ``writer``, ``approver``, ``admin``.
    :param units: slugs of the units (``content/data/units.toml``) they act for.
    :param approver_name: their entry in ``approvers.toml``, for approvers.
    """

    username: str
    name: str
    email: str = ""
    roles: frozenset = frozenset()
    units: frozenset = frozenset()
    approver_name: str | None = None

    def approves_for(self, unit: str | None) -> bool:
        """True when this person is an approver for ``unit`` (a unit's slug)."""
        return bool(unit) and APPROVER in self.roles and unit in self.units
