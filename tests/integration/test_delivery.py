"""Delivery: reproducible builds, a real deploy, the link gate, security headers."""

import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, build_site, copy_fixture_content, output_files
from tintuc.linkcheck import linkcheck
from tintuc.linkcheck.linkcheck import broken_links, page_links

SITE = "http://127.0.0.1:8765"


def publish(content, output, cache, one_process=False):
    return build_site(
        content,
        output,
        conf="publishconf.py",
        SITEURL=SITE,
        CACHE_PATH=str(cache),
        **({"BUILD_IN_ONE_PROCESS": True} if one_process else {}),
    )


def test_builds_are_byte_identical_cold_warm_and_elsewhere(tmp_path, sample_content):
    cold = output_files(publish(sample_content, tmp_path / "a", tmp_path / "cache-a"))
    warm = output_files(publish(sample_content, tmp_path / "b", tmp_path / "cache-a"))
    other = output_files(publish(sample_content, tmp_path / "c", tmp_path / "cache-c"))
    assert len(cold) > 100
    assert [name for name in cold if cold[name] != warm.get(name)] == []
    assert [name for name in cold if cold[name] != other.get(name)] == []
    assert cold.keys() == warm.keys() == other.keys()


def git(*arguments, cwd, env):
    return subprocess.run(
        ["git", *arguments],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_make_deploy_pushes_to_a_real_bare_repository(sample_site, tmp_path):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "CI",
        "GIT_AUTHOR_EMAIL": "ci@example.vn",
        "GIT_COMMITTER_NAME": "CI",
        "GIT_COMMITTER_EMAIL": "ci@example.vn",
    }
    remote = tmp_path / "pages.git"
    work = tmp_path / "work"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path, env=env)
    git("init", "-q", str(work), cwd=tmp_path, env=env)
    for attempt in ("abc1234", "def5678"):
        subprocess.run(
            [
                "make",
                "--no-print-directory",
                "-f",
                str(REPO / "Makefile"),
                "-C",
                str(work),
                "deploy",
                f"VENV={REPO / '.venv'}",
                f"OUTPUTDIR={sample_site}",
                f"DEPLOY_REMOTE={remote}",
                f"SOURCE_COMMIT={attempt}",
                "CNAME=dinhhoa.example.vn",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    files = set(
        git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote, env=env).split()
    )
    published = {name for name in output_files(sample_site)}
    assert files == published | {"CNAME", ".nojekyll"}
    assert (
        git("show", "gh-pages:CNAME", cwd=remote, env=env).strip()
        == "dinhhoa.example.vn"
    )
    log = git("log", "--format=%s", "gh-pages", cwd=remote, env=env).splitlines()
    assert log == [
        "Xuất bản từ def5678 (deploy of def5678)",
        "Xuất bản từ abc1234 (deploy of abc1234)",
    ]
    index = git("show", "gh-pages:index.html", cwd=remote, env=env)
    assert index == (sample_site / "index.html").read_text(encoding="utf-8")


def test_page_links_reads_every_kind_of_link():
    html = (
        '<a href="/a/">a</a><img src="/b.jpg" srcset="/c.webp 480w, /d.webp 800w" alt="">'
        '<link rel="stylesheet" href="e.css"><iframe src="https://www.youtube.com/embed/x">'
    )
    assert page_links(html) == [
        "/a/",
        "/b.jpg",
        "/c.webp",
        "/d.webp",
        "e.css",
        "https://www.youtube.com/embed/x",
    ]


def test_broken_links_finds_missing_pages_and_assets(tmp_path):
    (tmp_path / "bai").mkdir()
    (tmp_path / "bai" / "index.html").write_text(
        f'<a href="{SITE}/">home</a><a href="../khong-co/">x</a><img src="/anh.jpg" alt="">'
        '<a href="https://example.vn/">out</a><a href="#top">top</a><a href="mailto:a@b.vn">m</a>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<a href="/bai/?utm=1#x">bài</a>', encoding="utf-8"
    )
    assert broken_links(tmp_path, SITE) == [
        ("bai/index.html", "../khong-co/"),
        ("bai/index.html", "/anh.jpg"),
    ]


def test_a_broken_internal_link_stops_the_production_build(tmp_path, capsys):
    content = copy_fixture_content(tmp_path / "content")
    story = content / "articles" / "thoi-su" / "2026-11-20-hong.md"
    text = (REPO / "tests/fixtures/broken/allowed-embed.md").read_text(encoding="utf-8")
    story.write_text(
        text + "\n[Xem thêm](/bai-viet/khong-ton-tai/)\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit, match="1 liên kết hỏng"):
        publish(content, tmp_path / "output", tmp_path / "cache")
    assert (
        "bai-viet/bai-kiem-tra/index.html: lỗi: liên kết hỏng /bai-viet/khong-ton-tai/"
        in (capsys.readouterr().err)
    )


def test_a_page_kept_from_the_last_build_still_reports_a_link_to_a_removed_story(
    tmp_path, capsys, monkeypatch
):
    content = copy_fixture_content(tmp_path / "content")
    text = (REPO / "tests/fixtures/broken/allowed-embed.md").read_text(encoding="utf-8")
    # An old story in another section and commune: on no other story's page.
    linked = content / "articles" / "nguoi-tot-viec-tot" / "2020-01-02-duoc-tro.md"
    linked.write_text(
        text.replace("bai-kiem-tra", "duoc-tro")
        .replace("1f9f1d9d", "2f9f1d9d")
        .replace("2026-11-20", "2020-01-02")
        .replace("Thời sự", "Điển hình tiên tiến")
        .replace("Xã Định Hóa", "Thị trấn Chợ Chu"),
        encoding="utf-8",
    )
    linking = content / "articles" / "thoi-su" / "2026-11-20-tro.md"
    linking.write_text(text + "\n[Xem thêm](/bai-viet/duoc-tro/)\n", encoding="utf-8")
    publish(content, tmp_path / "output", tmp_path / "cache", one_process=True)
    # A body edited elsewhere: the linking page is taken from the page cache,
    # the very file checked last time, and is not even read.
    with linked.open("a", encoding="utf-8") as story:
        story.write("\nMột dòng thêm.\n")
    opened = []

    def recording_open(path, *args, **kwargs):
        opened.append(path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(linkcheck, "open", recording_open, raising=False)
    publish(content, tmp_path / "output", tmp_path / "cache", one_process=True)
    assert [path for path in opened if "duoc-tro" in path]
    assert not [path for path in opened if "bai-kiem-tra" in path]
    linked.unlink()
    parsed = []
    monkeypatch.setattr(
        linkcheck,
        "page_links",
        lambda html: parsed.append(html) or page_links(html),
    )
    with pytest.raises(SystemExit, match="1 liên kết hỏng"):
        # In one process, so that the parsing above is seen here.
        publish(content, tmp_path / "output", tmp_path / "cache", one_process=True)
    assert (
        "bai-viet/bai-kiem-tra/index.html: lỗi: liên kết hỏng /bai-viet/duoc-tro/"
        in capsys.readouterr().err
    )
    # The linking page is the same: its links were kept, not parsed again.
    assert parsed and not [html for html in parsed if "/bai-viet/duoc-tro/" in html]


def test_every_page_has_a_strict_policy_and_no_inline_code(sample_site):
    for page in sample_site.rglob("*.html"):
        if page.relative_to(sample_site).parts[0] == "admin":
            continue  # the newsroom has a policy of its own (test_newsroom_build)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})[
            "content"
        ]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, page
        assert "unsafe-inline" not in policy
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == (
            "strict-origin-when-cross-origin"
        )
        for script in soup.find_all("script"):
            assert script.get("src") or script["type"] == "application/ld+json", page
        assert not [tag for tag in soup.find_all(True) if "style" in tag.attrs], page
    headers = (sample_site / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/*\n  Content-Security-Policy: default-src 'self';")
    assert (
        "frame-ancestors 'self'" in headers
        and "X-Content-Type-Options: nosniff" in headers
    )
    assert (sample_site / ".nojekyll").is_file()


def test_the_link_check_finds_the_same_on_every_core(tmp_path):
    for n in range(7):
        (tmp_path / f"p{n}").mkdir()
        (tmp_path / f"p{n}" / "index.html").write_text(
            f'<a href="/p{n + 1}/">next</a><a href="/thieu-{n}.jpg">x</a>'
            f'<img src="{SITE}/p{n}/" alt="">',
            encoding="utf-8",
        )
    serial = broken_links(tmp_path, SITE)
    assert len(serial) == 8
    assert broken_links(tmp_path, SITE, workers=3) == serial


def test_a_second_check_parses_only_changed_pages_but_checks_every_target(
    tmp_path, monkeypatch
):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f'<a href="/{name}/">tự trỏ</a><a href="/c/">c</a>', encoding="utf-8"
        )
    known = {}
    assert broken_links(tmp_path, SITE, known=known) == []
    parsed = []
    monkeypatch.setattr(linkcheck, "page_links", lambda html: parsed.append(html) or [])
    (tmp_path / "a" / "index.html").write_text('<a href="/d/">d</a>', encoding="utf-8")
    (tmp_path / "c" / "index.html").unlink()
    assert broken_links(tmp_path, SITE, known=known) == [("b/index.html", "/c/")]
    assert parsed == ['<a href="/d/">d</a>']  # only the changed page
    assert len(known["pages"]) == 2
