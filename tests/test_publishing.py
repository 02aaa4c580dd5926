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
SELF_HOSTED = ROOT / ".forgejo" / "workflows" / "publish.yml", ROOT / ".gitea" / "workflows" / "publish.yml"
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
    assert position(steps, r"^run make test-no-browser$") < position(steps, r"^run make site$") \
        < position(steps, r"^uses actions/upload-pages-artifact@")
    # the browser tests run on each pull request (check.yml); publishing installs no browser
    assert not any("chromium" in line or "REQUIRE_BROWSER" in line for line in steps)
    assert "REQUIRE_BROWSER" not in PUBLISH.read_text(encoding="utf-8")
    upload = build_job["steps"][position(steps, r"^uses actions/upload-pages-artifact@")]
    assert upload["with"] == {"path": "site"}
    for deploy in (pages, county):
        assert deploy["needs"] == "build"
        assert deploy["if"].startswith("github.ref == 'refs/heads/main' && needs.build.outputs.latest == 'true'")
        assert not any("make" in line for line in steps_of(deploy))  # deploys what was tested, never a rebuild
    assert any(line.startswith("uses actions/deploy-pages@") for line in steps_of(pages))


def test_publish_has_least_privilege_and_deploys_in_order():
    flow = workflow(PUBLISH)
    assert flow["permissions"] == {"contents": "read"}
    granted = {name: job["permissions"] for name, job in flow["jobs"].items() if "permissions" in job}
    assert granted == {"deploy-pages": {"pages": "write", "id-token": "write"}, "deploy-county-server": {},
                       "report": {"issues": "write"}}
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
    assert set(flow["on"]) == {"pull_request", "push"}
    # code pushed to main without a pull request still meets the browser tests publishing leaves out
    assert flow["on"]["push"] == {"branches": ["main"], "paths-ignore": ["content/**"]}
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


# --- pushes close together, failures made known -----------------------------------------------------------


def fake_gh(folder: Path, head: str = "", open_issue: str = "", fails: bool = False) -> Path:
    """A stand-in for the GitHub CLI on PATH: it records its calls and answers the two questions asked."""
    folder.mkdir(exist_ok=True)
    script = folder / "gh"
    script.write_text(f"""#!/bin/sh
printf 'gh %s\\036' "$*" >> "{folder}/calls"
{"exit 1" if fails else ""}
case "$1 $2" in
  "api repos/"*) echo "{head}" ;;
  "issue list") echo "{open_issue}" ;;
esac
""", encoding="utf-8")
    script.chmod(0o755)
    return folder


def run_step(script: str, folder: Path, **environment: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """A workflow step's script run by bash -e (as GitHub runs it), with the fake gh first on PATH."""
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", **environment}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=folder, env=env, capture_output=True, text=True)
    calls = folder / "calls"
    return result, calls.read_text(encoding="utf-8").split("\036")[:-1] if calls.exists() else []


def step_named(job: dict, name: str) -> dict:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    return step


def test_a_run_whose_commit_is_no_longer_the_newest_does_not_publish(tmp_path: Path):
    """GitHub starts queued runs in no promised order: an older run that starts last must not publish."""
    step = step_named(workflow(PUBLISH)["jobs"]["build"], "是否仍是最新的推送")
    environment = {"GITHUB_REPOSITORY": "office/zdxm", "GITHUB_REF_NAME": "main", "GITHUB_SHA": "a" * 40}
    for case, gh, expected in (("newest", {"head": "a" * 40}, "true"), ("superseded", {"head": "b" * 40}, "false"),
                               ("unreachable", {"fails": True}, "true")):  # the API unreachable: publish
        output = tmp_path / f"{case}.out"
        result, calls = run_step(step["run"], fake_gh(tmp_path / case, **gh), GITHUB_OUTPUT=str(output),
                                 **environment)
        assert result.returncode == 0, (case, result.stderr)
        assert output.read_text() == f"latest={expected}\n", case
        assert calls == ["gh api repos/office/zdxm/commits/main --jq .sha"]


def test_a_failed_publication_opens_an_issue_and_the_next_success_closes_it(tmp_path: Path):
    job = workflow(PUBLISH)["jobs"]["report"]
    assert job["needs"] == ["build", "deploy-pages", "deploy-county-server"]
    assert job["if"] == "${{ !cancelled() && github.ref == 'refs/heads/main' }}"
    assert not any("uses" in step for step in job["steps"])  # runs nothing from the repository
    script = job["steps"][0]["run"]
    run = {"GITHUB_SHA": "c" * 40, "GITHUB_ACTOR": "zhangsan", "RUN_URL": "https://github.com/o/r/actions/runs/7"}

    result, calls = run_step(script, fake_gh(tmp_path / "first"), BUILD="failure", PAGES="skipped",
                             COUNTY="skipped", **run)
    assert result.returncode == 0, result.stderr
    assert calls[0].startswith("gh issue list --state open --label 发布失败")
    assert calls[1].startswith("gh label create 发布失败")
    assert calls[2].startswith("gh issue create --title 网站发布失败 --label 发布失败 --body 提交 " + "c" * 40)
    assert "测试并生成网站：失败；发布到 GitHub Pages：跳过" in calls[2] and run["RUN_URL"] in calls[2]

    result, calls = run_step(script, fake_gh(tmp_path / "again", open_issue="12"), BUILD="success", PAGES="failure",
                             COUNTY="skipped", **run)
    assert result.returncode == 0 and calls[1].startswith("gh issue comment 12 --body ")

    result, calls = run_step(script, fake_gh(tmp_path / "fixed", open_issue="12"), BUILD="success", PAGES="success",
                             COUNTY="skipped", **run)
    assert result.returncode == 0 and calls[1].startswith("gh issue close 12 --comment ")

    result, calls = run_step(script, fake_gh(tmp_path / "fine"), BUILD="success", PAGES="success", COUNTY="success",
                             **run)
    assert result.returncode == 0 and len(calls) == 1  # nothing open, nothing failed: nothing to say


# --- the same publication on a self-hosted Forgejo or Gitea -------------------------------------------------


def test_self_hosted_workflow_is_one_file_for_forgejo_and_gitea_and_valid():
    forgejo, gitea = SELF_HOSTED
    assert forgejo.read_bytes() == gitea.read_bytes()  # Forgejo reads .forgejo/, Gitea reads .gitea/
    result = check_workflows(*SELF_HOSTED)
    assert result.returncode == 0, result.stdout + result.stderr
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".forgejo/workflows/*.yml .gitea/workflows/*.yml" in ci


def test_self_hosted_workflow_tests_builds_and_copies_without_github_pages():
    flow = workflow(SELF_HOSTED[0])
    assert flow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    (job,) = flow["jobs"].values()
    assert job["runs-on"] == "zdxm"
    steps = steps_of(job)
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert position(steps, r"make test-no-browser$") < position(steps, r"make site$") \
        < position(steps, r"rsync \$options site/")
    assert "REQUIRE_BROWSER" not in SELF_HOSTED[0].read_text(encoding="utf-8")
    assert not any("pages" in line for line in steps)  # no GitHub Pages here
    assert step_named(job, "发布失败时开 issue")["if"] == "failure()"


def test_self_hosted_copy_publishes_only_the_newest_commit(tmp_path: Path):
    """The copy step, run for real: a clone of a remote, its site/ copied into SITE_DIR only while the run's
    commit is the newest on main; an older run starting late leaves the newer site alone."""
    step = step_named(workflow(SELF_HOSTED[0])["jobs"]["publish"], "复制到网站目录")
    remote, clone, web = tmp_path / "remote.git", tmp_path / "clone", tmp_path / "www" / "zdxm"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True)
    subprocess.run(["git", "clone", "--quiet", str(remote), str(clone)], check=True, capture_output=True)
    git(clone, "commit", "--quiet", "--allow-empty", "-m", "一")
    git(clone, "push", "--quiet", "origin", "main")
    first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    (clone / "site").mkdir()
    (clone / "site" / "index.html").write_text("第一版", encoding="utf-8")
    web.mkdir(parents=True)
    (web / "old.html").write_text("已删去的页面", encoding="utf-8")
    environment = {**os.environ, "SITE_DIR": str(web), "GITHUB_SHA": first}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=environment, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in web.iterdir()) == ["index.html"] and (web / "index.html").read_text() == "第一版"

    git(clone, "commit", "--quiet", "--allow-empty", "-m", "二")
    git(clone, "push", "--quiet", "origin", "main")
    (clone / "site" / "index.html").write_text("旧的运行", encoding="utf-8")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=environment, capture_output=True,
                            text=True)
    assert result.returncode == 0 and "这次只测试、不发布" in result.stdout
    assert (web / "index.html").read_text() == "第一版"


def test_the_makefile_installs_from_a_pypi_mirror_only_when_one_is_given():
    mirror = "https://pypi.tuna.tsinghua.edu.cn/simple"

    def pip_lines(*arguments: str, **environment: str) -> list[str]:
        env = {key: value for key, value in os.environ.items() if key not in ("PIP_INDEX_URL", "MAKEFLAGS")}
        dry_run = subprocess.run(["make", "-n", "-B", ".venv/.installed-runtime", *arguments], cwd=ROOT,
                                 env={**env, **environment}, capture_output=True, text=True)
        lines = [line for line in dry_run.stdout.splitlines() if "-m pip install" in line]
        assert len(lines) == 1, dry_run.stdout + dry_run.stderr
        return lines

    assert all("--index-url" not in line for line in pip_lines())  # no mirror is hard-coded
    assert all(f"--index-url {mirror}" in line for line in pip_lines(f"PIP_INDEX_URL={mirror}"))
    assert all(f"--index-url {mirror}" in line for line in pip_lines(PIP_INDEX_URL=mirror))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"export PIP_INDEX_URL={mirror}" in readme and "https://mirrors.aliyun.com/pypi/simple/" in readme

