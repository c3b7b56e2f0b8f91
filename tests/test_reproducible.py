"""Reproducible builds: the same input gives the same bytes, whatever the output folder.

Two dates reach the site. Each record page shows when its YAML last changed
(its citation, the feed and the sitemap's <lastmod> carry it), taken from git
history; outside git, from SOURCE_DATE_EPOCH. MkDocs stamps hand-written pages'
`update_date` (their <lastmod>) and the gzip header of sitemap.xml.gz with the
build date, which honours SOURCE_DATE_EPOCH too. So a build with it pinned is
byte-identical; in a git work tree a new build date changes the sitemap and
nothing else.
"""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import subprocess
from pathlib import Path

from conftest import MKDOCS

EPOCH = 1_700_000_000  # 2023-11-14 UTC
OTHER_EPOCH = 1_600_000_000  # 2020-09-13 UTC


def build(project: Path, out: Path, epoch: int) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(out)], cwd=project, capture_output=True,
                            text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def differing(a: Path, b: Path) -> list[str]:
    assert files(a) == files(b), files(a) ^ files(b)
    return sorted(f for f in files(a) if not filecmp.cmp(a / f, b / f, shallow=False))


def test_two_builds_into_different_folders_are_byte_identical(project: Path, tmp_path: Path):
    first = build(project, tmp_path / "out-1" / "site", EPOCH)
    second = build(project, tmp_path / "elsewhere" / "deeper" / "site", EPOCH)
    assert differing(first, second) == []
    assert len(files(first)) > 20
    for text_file in ("index.html", "sitemap.xml", "search/search_index.json"):
        assert str(tmp_path) not in (first / text_file).read_text(encoding="utf-8"), f"{text_file} names the output folder"


def commit_all(project: Path, when: str) -> None:
    """Make the project a git work tree with one commit of everything, made at `when`."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def test_the_build_date_reaches_only_the_sitemap(project: Path, tmp_path: Path):
    commit_all(project, "2021-05-06T12:00:00+00:00")
    first = build(project, tmp_path / "a", EPOCH)
    other = build(project, tmp_path / "b", OTHER_EPOCH)
    assert differing(first, other) == ["sitemap.xml", "sitemap.xml.gz"]
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    # Generated pages carry their data's last commit; hand-written ones (About) the build date.
    # Empty would mean site_url is unset and the sitemap lists nothing.
    assert dates == {"2021-05-06", "2023-11-14"}, dates
    assert "<lastmod>2023-11-14</lastmod>" in sitemap.split("/about/</loc>")[1].split("</url>")[0]
    with gzip.open(first / "sitemap.xml.gz") as gz:
        assert gz.read().decode("utf-8") == sitemap
    header_mtime = int.from_bytes((first / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert header_mtime == 1_699_920_000  # midnight UTC of the pinned day, not the time of the build


def test_outside_git_the_build_date_dates_the_records(project: Path, tmp_path: Path):
    site = build(project, tmp_path / "a", EPOCH)
    page = next((site / "meetings").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<time datetime="2023-11-14">' in page and '<meta name="citation_date" content="2023/11/14">' in page
    assert "<updated>2023-11-14T00:00:00Z</updated>" in (site / "feed.xml").read_text(encoding="utf-8")
