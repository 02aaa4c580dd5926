"""Publishing: builds you can trust, and the workflows that publish them.

- Reproducible: the same commit builds byte-identical output, whatever the folder, clock, time zone or
  hash seed; every date comes from the last commit.
- Atomic: a failure at any stage after loading leaves the previous site byte for byte, with no
  temporary folder left behind (a content error is covered in test_build.py).
- The workflow files are valid for GitHub and keep the properties the publication depends on.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.site.build import build
from generator.site.engine import BuildFailed
from generator.site.render import TEMPLATES

from .conftest import FIXTURE, ROOT, SAMPLE, edit

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH, CHECK = WORKFLOWS / "publish.yml", WORKFLOWS / "check.yml"
DATA = "data/"  # the data downloads, written by generator/export/


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `root`, by relative path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(root.rglob("*"))}


def differing(first: dict, second: dict) -> list[str]:
    return sorted(path for path in first.keys() | second.keys() if first.get(path, b"?") != second.get(path, b"?"))


def git(repo: Path, *arguments: str, date: str | None = None) -> None:
    env = {**os.environ, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.cn", "-c", "commit.gpgsign=false",
                    *arguments], cwd=repo, env=env, check=True, capture_output=True)


# --- reproducible ---------------------------------------------------------------------------------------


def _build_in_subprocess(base: Path, **environment: str) -> subprocess.Popen:
    """`python -m generator build` of the shipped content, run from `base`, into `base`."""
    base.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}  # taken from git
    env.update(PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])), **environment)
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(SAMPLE),
                             "--out", str(base / "public"), "--docs", str(base / "markdown")],
                            cwd=base, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_same_commit_builds_byte_identical_sites(tmp_path: Path):
    first = _build_in_subprocess(tmp_path / "first", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8")
    time.sleep(1.5)  # the second build runs at another clock second, as well as from another folder
    second = _build_in_subprocess(tmp_path / "second-build", PYTHONHASHSEED="2", TZ="Asia/Shanghai", LC_ALL="C")
    for process in (first, second):
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, errors
    one, two = snapshot(tmp_path / "first" / "public"), snapshot(tmp_path / "second-build" / "public")
    for produced in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "bulletins/feed.xml",
                     "index.html", "projects/hengyuan-food/index.html"):
        assert produced in one, produced
    changed = differing(one, two)
    assert [path for path in changed if not path.startswith(DATA)] == []
    # The data downloads come from generator/export/ (the data-export work, owned there): an XLSX is a zip
    # whose entry times and document properties default to the clock. Kept as its own assertion on purpose.
    assert [path for path in changed if path.startswith(DATA)] == [], "data/ 下的下载文件两次生成不一致"


def test_dates_come_from_the_last_commit_not_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "十二月调度会记录", date="2021-12-06T10:00:00+08:00")
    site = tmp_path / "site"

    build(repo, site, tmp_path / "docs")
    sitemap = (site / "sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {b"2021-12-06"}
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == 1638748800  # the gzip header: the commit's day, 0:00 UTC
    assert gzip.decompress(packed) == sitemap
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the build's date does not leak into the next build

    (repo / "site.yml").write_text((repo / "site.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "一月调度会记录", date="2022-01-10T09:00:00+08:00")
    build(repo, site, tmp_path / "docs")
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_bytes())) == {b"2022-01-10"}


def test_a_given_source_date_epoch_wins(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1625097600")  # 2021-07-01 00:00 UTC
    build(tree, tmp_path / "site", tmp_path / "docs")
    sitemap = (tmp_path / "site" / "sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {b"2021-07-01"}
    assert os.environ["SOURCE_DATE_EPOCH"] == "1625097600"


# --- atomic ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content, built once: the 'previous site' every failing build must leave alone."""
    base = tmp_path_factory.mktemp("published")
    build(FIXTURE, base / "site", base / "docs")
    return base / "site"


FAILURES = {
    # stage: (template file, text, replacement, what the error says)
    "render": ("pages/about.md.j2", "{{", "{% if %}{{", "页面模板有误"),
    "mkdocs": ("overrides/main.html", "{% block extrahead %}", "{% block extrahead %}{% if %}", "主题模板有误"),
    "check-site": ("overrides/main.html", "{% block extrahead %}",
                   '{% block extrahead %}<script src="https://cdn.example.com/track.js"></script>',
                   "从外部加载 https://cdn.example.com/track.js"),
}


@pytest.mark.parametrize("stage", FAILURES)
def test_a_failed_stage_leaves_the_previous_site_untouched(stage: str, published: Path, tmp_path: Path):
    relative, old, new, says = FAILURES[stage]
    templates = tmp_path / "site_templates"
    shutil.copytree(TEMPLATES, templates)
    edit(templates, relative, old, new)
    public = tmp_path / "public" / "site"
    shutil.copytree(published, public)
    before, beside = snapshot(public), sorted(os.listdir(public.parent))

    with pytest.raises(BuildFailed, match=re.escape(says)):
        build(FIXTURE, public, tmp_path / "docs", templates=templates)

    assert snapshot(public) == before
    assert sorted(os.listdir(public.parent)) == beside  # no half-built or old folder left behind


def test_the_same_templates_build_and_replace_the_site(published: Path, tmp_path: Path):
    """The control for the test above: the untouched copy of the templates does build."""
    templates = tmp_path / "site_templates"
    shutil.copytree(TEMPLATES, templates)
    public = tmp_path / "public" / "site"
    shutil.copytree(published, public)
    (public / "stale.html").write_text("上一次发布留下的页面", encoding="utf-8")
    build(FIXTURE, public, tmp_path / "docs", templates=templates)
    assert snapshot(public) == snapshot(published)
    assert os.listdir(public.parent) == ["site"]


# --- the workflows --------------------------------------------------------------------------------------


def workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def check_workflows(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120)


def test_workflows_are_valid_for_github():
    result = check_workflows(PUBLISH, CHECK)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_is_refused(tmp_path: Path):
    broken = tmp_path / "publish.yml"
    broken.write_text(PUBLISH.read_text(encoding="utf-8").replace("pages: write", "pages: publish"), encoding="utf-8")
    result = check_workflows(broken)
    assert result.returncode == 1
    assert "permissions.pages" in result.stdout


def steps_of(job: dict) -> list[str]:
    """Each step as one line: `uses ...` or `run ...`."""
    return [f"uses {step['uses']}" if "uses" in step else f"run {step['run']}" for step in job["steps"]]


def position(lines: list[str], pattern: str) -> int:
    found = [n for n, line in enumerate(lines) if re.search(pattern, line)]
    assert len(found) == 1, (pattern, lines)
    return found[0]


def _checks_out_all_history_with_python(job: dict) -> None:
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "requirements*.txt"}


def test_publish_tests_then_builds_then_deploys_only_from_main():
    flow = workflow(PUBLISH)
    assert flow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build_job, pages, county = flow["jobs"]["build"], flow["jobs"]["deploy-pages"], flow["jobs"]["deploy-county-server"]
    _checks_out_all_history_with_python(build_job)
    steps = steps_of(build_job)
    assert position(steps, r"^run make test$") < position(steps, r"^run make site$") \
        < position(steps, r"^uses actions/upload-pages-artifact@")
    upload = build_job["steps"][position(steps, r"^uses actions/upload-pages-artifact@")]
    assert upload["with"] == {"path": "site"}
    for deploy in (pages, county):
        assert deploy["needs"] == "build"
        assert deploy["if"].startswith("github.ref == 'refs/heads/main'")
        assert not any("make" in line for line in steps_of(deploy))  # deploys what was tested, never a rebuild
    assert any(line.startswith("uses actions/deploy-pages@") for line in steps_of(pages))


def test_publish_has_least_privilege_and_deploys_in_order():
    flow = workflow(PUBLISH)
    assert flow["permissions"] == {"contents": "read"}
    granted = {name: job["permissions"] for name, job in flow["jobs"].items() if "permissions" in job}
    assert granted == {"deploy-pages": {"pages": "write", "id-token": "write"}, "deploy-county-server": {}}
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False


def test_county_server_job_deploys_the_tested_site_only_when_configured():
    flow = workflow(PUBLISH)
    county = flow["jobs"]["deploy-county-server"]
    assert "needs.build.outputs.county-server == 'true'" in county["if"]
    assert flow["jobs"]["build"]["outputs"]["county-server"] == "${{ steps.county-server.outputs.configured }}"
    steps = steps_of(county)
    download = county["steps"][position(steps, r"^uses actions/download-artifact@")]
    assert download["with"]["name"] == "github-pages"  # the very artifact GitHub Pages publishes
    assert "StrictHostKeyChecking=yes" in steps[position(steps, r"rsync --recursive")]
    secrets = set(re.findall(r"secrets\.([A-Z_]+)", PUBLISH.read_text(encoding="utf-8")))
    assert len(secrets) == 5
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(secrets) if name not in readme] == []  # every secret is documented


def test_pull_requests_are_validated_tested_and_built():
    flow = workflow(CHECK)
    assert set(flow["on"]) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    (job,) = flow["jobs"].values()
    _checks_out_all_history_with_python(job)
    steps = steps_of(job)
    assert position(steps, r"^run make validate FORMAT=github$") < position(steps, r"^run make test$") \
        < position(steps, r"^run make site$") < position(steps, r"^uses actions/upload-artifact@")
    assert job["steps"][position(steps, r"^uses actions/upload-artifact@")]["with"]["path"] == "site"
    dry_run = subprocess.run(["make", "-n", "validate", "FORMAT=github"], cwd=ROOT, capture_output=True, text=True)
    assert "-m generator validate --format github" in dry_run.stdout
