"""The one approval rule: on the list, not a writer, for the unit, until its day."""

import datetime

import pytest

from tests.conftest import FIXTURE_CONTENT
from tintuc.directory.model import load_directory
from tintuc.editorial.approvers import (
    DOCUMENT_WORDING,
    STORY_WORDING,
    Approval,
    approval_problems,
    load_approvers,
)

DATA = FIXTURE_CONTENT / "data"
UNITS = load_directory(DATA)["unit"]
APPROVERS = load_approvers(DATA, UNITS)
COMMUNE_UNIT = UNITS.find("UBND xã Định Hóa")
POLICE = UNITS.find("Công an xã Định Hóa")


def refusals(name, writers=("Trần Văn Quang",), unit=COMMUNE_UNIT, day=1, **kw):
    approval = Approval(
        name=name,
        writers=writers,
        unit=unit,
        unit_written=kw.pop("unit_written", unit is not None),
        date=datetime.date(2026, 1, day),
    )
    wording = kw.pop("wording", STORY_WORDING)
    return [hint for _, hint in approval_problems(approval, APPROVERS, UNITS, wording)]


def test_an_approver_on_the_list_for_the_unit_passes():
    assert refusals("Nguyễn Thị Thu") == []
    assert refusals("le van thanh", unit=POLICE) == []  # every unit; any spelling


@pytest.mark.parametrize("wording", [STORY_WORDING, DOCUMENT_WORDING])
def test_each_broken_rule_is_refused_for_stories_and_documents(wording):
    assert refusals("Trần Văn Lạ", wording=wording) == [
        "approver is not on the approvers list"
    ]
    assert len(refusals("Nguyễn Thị Thu", ("nguyen thi thu",), wording=wording)) == 1
    assert len(refusals("Nguyễn Thị Thu", unit=POLICE, wording=wording)) == 1
    assert len(refusals("Nguyễn Thị Thu", unit=None, wording=wording)) == 1


def test_until_is_the_last_day_an_approver_approves():
    assert refusals("Hoàng Văn Bình", day=31) == []
    late = Approval("Hoàng Văn Bình", (), COMMUNE_UNIT, True, datetime.date(2026, 2, 1))
    found = approval_problems(late, APPROVERS, UNITS, DOCUMENT_WORDING)
    assert found == approval_problems(late, APPROVERS, UNITS, STORY_WORDING)
    assert found == [
        (
            "người duyệt 'Hoàng Văn Bình' đã thôi duyệt từ 31/01/2026, trước ngày "
            "ghi ở trường Date (01/02/2026)",
            "approver had stopped approving by the file's date",
        )
    ]


def test_an_unknown_unit_is_left_to_its_own_message():
    assert refusals("Nguyễn Thị Thu", unit=None, unit_written=True) == []
