"""Stories and documents pass one approval rule, with one message for each refusal."""

from tests.conftest import BROKEN
from tests.integration.test_documents_gate import GOOD, problems
from tintuc.editorial.gate import run_checks

RETIRED = "Hoàng Văn Bình"  # approves until 31/01/2026 (fixture approvers.toml)


def test_an_approver_past_until_refuses_a_document_as_a_story(tmp_path):
    issued_after = {**GOOD, "Approver": RETIRED, "Signer": "Nguyễn Văn Minh"}
    problems(tmp_path, (issued_after, "Nội dung."))
    content = tmp_path / "content"
    story = (BROKEN / "approver-retired.md").read_text("utf-8")
    (content / "articles" / "thoi-su" / "retired.md").write_text(
        story.replace("Date: 2026-11-20 08:00", "Date: 2026-10-15 08:00"), "utf-8"
    )
    report = run_checks(
        {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    )
    refused = {
        "story" if problem.path.endswith("retired.md") else "document": problem
        for problem in report
        if problem.is_error and "thôi duyệt" in problem.message
    }
    assert set(refused) == {"story", "document"}, report
    assert (
        refused["document"].message
        == refused["story"].message
        == (
            f"người duyệt '{RETIRED}' đã thôi duyệt từ 31/01/2026, trước ngày ghi ở "
            "trường Date (15/10/2026)"
        )
    )
    assert refused["document"].hint == refused["story"].hint
    assert refused["document"].line == 10  # the Approver line
