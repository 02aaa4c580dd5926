"""Work shared out among processes gives exactly what one process gives, and failures come back."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator import parallel
from generator.bench.synthetic import make_content
from generator.records.load import load
from generator.site.build import build

from .conftest import ROOT


def _slow_piece(piece):
    time.sleep(0.02)  # long enough that every process gets pieces
    return [(item, os.getpid()) for item in piece]


def test_every_piece_is_done_once_by_whichever_process_is_free(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "3")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    done = list(parallel.shared_out(_slow_piece, list(range(100)), piece=4, worth_it=True))
    assert sorted(start for start, _ in done) == list(range(0, 100, 4))
    assert all([item for item, _ in result] == list(range(start, min(start + 4, 100))) for start, result in done)
    pids = {pid for _, result in done for _, pid in result}
    assert os.getpid() in pids and len(pids) == 3
    assert list(tmp_path.iterdir()) == []  # the spool folder is gone


def test_an_error_in_a_worker_is_raised_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "2")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    parent = os.getpid()

    def fail_in_the_other_process(piece):
        if os.getpid() != parent:
            raise ValueError("另一个进程出错")
        return _slow_piece(piece)

    with pytest.raises(ValueError, match="另一个进程出错"):
        list(parallel.shared_out(fail_in_the_other_process, list(range(40)), worth_it=True))

    def die_in_the_other_process(piece):
        if os.getpid() != parent:
            os._exit(3)
        return _slow_piece(piece)

    with pytest.raises(RuntimeError, match="退出码 3"):
        list(parallel.shared_out(die_in_the_other_process, list(range(40)), worth_it=True))
    assert list(tmp_path.iterdir()) == []


def test_one_worker_runs_everything_here(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "1")
    done = list(parallel.shared_out(lambda piece: os.getpid(), list(range(500)), piece=200))
    assert done == [(0, os.getpid()), (200, os.getpid()), (400, os.getpid())]
    assert parallel.Background(lambda: os.getpid()).result() == os.getpid()


def test_held_work_starts_at_release_and_shares_the_memory_of_its_making(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "2")
    marker = tmp_path / "started"
    made_after = []

    def work():
        marker.write_text("x")
        return os.getpid(), list(made_after)

    held = parallel.Background(work, held=True)
    made_after.append("allocated after the fork")
    time.sleep(0.3)
    assert not marker.exists()  # the process is waiting for its release
    held.release()
    pid, seen = held.result()
    assert pid != os.getpid() and seen == [] and marker.exists()
    assert parallel.Background(lambda: 1, held=True).result() == 1  # result() releases work never released


def test_held_work_without_forking_runs_at_release(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "1")
    ran = []
    held = parallel.Background(lambda: ran.append(os.getpid()) or len(ran), held=True)
    assert ran == []
    held.release()
    assert ran == [os.getpid()] and held.result() == 1


def test_results_come_back_whole_and_a_result_that_cannot_be_handed_over_is_an_error(
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "2")
    shared = {"名称": "甲", "日期": dt.date(2021, 3, 20)}
    assert parallel.Background(lambda: [shared, shared, b"\xe4"]).result() == [shared, shared, b"\xe4"]
    looped: list = []
    looped.append(looped)
    with pytest.raises((ValueError, RecursionError)):
        parallel.Background(lambda: looped).result()


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_province_builds_the_same_site_on_one_core_and_on_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = make_content(tmp_path / "content", 240, months=3)  # enough projects to share the work out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640966400")
    monkeypatch.setenv("ZDXM_WORKERS", "1")
    build(content, tmp_path / "one" / "site", tmp_path / "one" / "docs")
    monkeypatch.setenv("ZDXM_WORKERS", "2")
    build(content, tmp_path / "two" / "site", tmp_path / "two" / "docs")
    one, two = _tree_bytes(tmp_path / "one" / "site"), _tree_bytes(tmp_path / "two" / "site")
    assert one.keys() == two.keys() and len(one) > 600
    assert [name for name in one if one[name] != two[name]] == []


def test_errors_are_the_same_whichever_process_read_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = make_content(tmp_path / "content", 240, months=2)
    last = content / "projects" / "p00239.yml"
    last.write_text(last.read_text(encoding="utf-8").replace("annual_plan:", "anual_plan:"), encoding="utf-8")
    found = {}
    for count in ("1", "2"):
        monkeypatch.setenv("ZDXM_WORKERS", count)
        found[count] = [str(error) for error in load(content).errors]
    assert found["1"] == found["2"] and len(found["1"]) == 2  # the unknown key, and the missing one


# --- a killed build leaves no worker and, at the next build, no folder behind --------------------------

_KILLED_PARENT = {
    # a held worker waits on its pipe for the release that will never come
    "held": """
import os, signal, time
from generator.parallel import Background
work = Background(lambda: time.sleep(600), fork=True, held=True)
print(work._process.pid, flush=True)
time.sleep(0.3)
os.kill(os.getpid(), signal.SIGKILL)
""",
    # a worker of shared_out is in the middle of a long piece
    "shared": """
import os, signal, sys, time
from pathlib import Path
from generator.parallel import shared_out
parent, told = os.getpid(), Path(sys.argv[1])
def piece(items):
    if os.getpid() != parent:
        told.write_text(str(os.getpid()))
        time.sleep(600)
    while not told.exists():
        time.sleep(0.05)
    print(told.read_text(), flush=True)
    os.kill(parent, signal.SIGKILL)
list(shared_out(piece, list(range(10)), worth_it=True))
""",
}


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie has ended; only its parent's bookkeeping is left


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="forking and /proc: Linux")
@pytest.mark.parametrize("kind", _KILLED_PARENT)
def test_a_worker_ends_when_its_build_is_killed(kind: str, tmp_path: Path):
    environment = {**os.environ, "ZDXM_WORKERS": "2",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    said = tmp_path / "said.txt"  # not a pipe: a worker that outlived it would hold the pipe open
    with said.open("w") as out:
        parent = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT[kind], str(tmp_path / "worker-pid")],
                                  stdout=out, stderr=subprocess.STDOUT, env=environment)
        assert parent.wait(timeout=60) == -signal.SIGKILL, said.read_text()
    worker = int(said.read_text().split()[0])
    try:
        deadline = time.monotonic() + 10
        while not _gone(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(worker), f"worker {worker} outlived its killed parent"
    finally:
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)


def test_running_tells_a_live_process_from_a_dead_one():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert parallel.running(os.getpid()) and parallel.running(os.getppid())
    assert not parallel.running(child.pid)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_build_removes_what_killed_builds_left_and_keeps_what_a_running_one_is_making(tree: Path, tmp_path: Path,
                                                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    site, docs = tmp_path / "public" / "site", tmp_path / "build" / "docs"
    build(tree, site, docs)
    dead, alive = _dead_pid(), os.getppid()  # pytest's parent: surely running
    leftovers = [tmp_path / "build" / f".static-{dead}", tmp_path / "public" / f".site.building-{dead}",
                 tmp_path / "public" / f".site.old-{dead}", tmp_path / f"zdxm-pieces-{dead}-x1y2"]
    kept = [tmp_path / "build" / f".static-{alive}", tmp_path / "public" / f".site.old-{alive}",
            tmp_path / f"zdxm-pieces-{alive}-x1y2", tmp_path / "public" / ".site.old-notapid",
            tmp_path / "public" / f".other.old-{dead}"]
    for folder in leftovers + kept:
        folder.mkdir()
        (folder / "half.html").write_text("半成品", encoding="utf-8")
    build(tree, site, docs)
    monkeypatch.setenv("ZDXM_WORKERS", "2")  # work shared out (a province's build) clears dead spool folders
    assert len(list(parallel.shared_out(_slow_piece, list(range(10)), worth_it=True))) == 10
    assert [folder for folder in leftovers if folder.exists()] == []
    assert [folder for folder in kept if not folder.exists()] == []


def test_a_build_killed_between_its_two_renames_gets_the_previous_site_back(tree: Path, tmp_path: Path):
    site, docs = tmp_path / "site", tmp_path / "docs"
    build(tree, site, docs)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    aside = tmp_path / f".site.old-{_dead_pid()}"
    site.rename(aside)  # where the killed build left it: moved aside, the new one not yet in place
    from generator.records.errors import ContentInvalid

    (tree / "units.yml").write_text("[", encoding="utf-8")  # and this build fails
    with pytest.raises(ContentInvalid):
        build(tree, site, docs)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not aside.exists()
