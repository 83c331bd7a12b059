"""``make report`` as the office runs it: ``tintuc.stats.report.main``, in process."""

from tests.integration.test_report import report_site
from tintuc.stats.report import main


def test_a_period_written_wrong_is_refused_in_one_line(tmp_path, capsys):
    code = main(["--quarter", "2026-Q5", "--reports", str(tmp_path / "reports")])
    said = capsys.readouterr().err
    assert code == 1
    assert said == "lỗi: quý '2026-Q5' phải viết như 2026-Q4\n"
    assert not (tmp_path / "reports").exists()


def test_a_report_is_made_and_its_files_are_named(tmp_path, capsys):
    site = report_site(tmp_path)
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"from pelicanconf import *\nPATH = {site['PATH']!r}\n", encoding="utf-8"
    )
    reports = tmp_path / "reports"
    arguments = ["--settings", str(settings), "--from", "2026-11", "--to", "2026-11"]
    assert main([*arguments, "--reports", str(reports)]) == 0
    said = capsys.readouterr().out
    made = sorted(path.name for path in next(reports.iterdir()).iterdir())
    assert made and said.startswith("Đã lập báo cáo ")
    assert all(f"  {name}" in said for name in made)
