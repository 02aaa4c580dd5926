"""`sync`: two clerks, one shared repository, the real `git`.

Each test makes a bare repository standing for the office's remote, and clones of it for the clerks, in
temporary folders. Who commits comes from environment variables; no global or system git configuration is
read or changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.office import sync as sync_module

from .conftest import FIXTURE, ROOT, SAMPLE, edit

ENGLISH = re.compile(r"^(hint|error|fatal|warning):|CONFLICT|Auto-merging|rejected", re.M)


def git(folder: Path, *arguments: str) -> str:
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", *arguments], cwd=folder, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


@dataclass
class Office:
    remote: Path
    clones: dict[str, Path]
    monkeypatch: pytest.MonkeyPatch

    def clerk(self, name: str) -> Path:
        """Work as `name` (甲, 乙 …) from now on: commits carry this name."""
        for role in ("AUTHOR", "COMMITTER"):
            self.monkeypatch.setenv(f"GIT_{role}_NAME", name)
            self.monkeypatch.setenv(f"GIT_{role}_EMAIL", f"{ord(name[0])}@example.cn")
        return self.clones.get(name, self.remote)

    def remote_file(self, relative: str) -> str:
        return git(self.remote, "show", f"main:{relative}")

    def remote_log(self) -> list[str]:
        return git(self.remote, "log", "--format=%an %s", "main").splitlines()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Office:
    return make_office(tmp_path, monkeypatch, FIXTURE)


def make_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: Path) -> Office:
    """A remote holding `content` (and a README), cloned by 甲 and 乙; the working folder is `tmp_path`."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.chdir(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    seed = tmp_path / "seed"
    shutil.copytree(content, seed / "content")
    (seed / "README.md").write_text("# 重点项目\n", encoding="utf-8")
    office = Office(remote, {}, monkeypatch)
    office.clerk("项目办")
    git(seed, "init", "--quiet", "--initial-branch=main")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "第一版")
    git(seed, "push", "--quiet", str(remote), "main")
    for name in ("甲", "乙"):
        git(tmp_path, "clone", "--quiet", str(remote), name)
        office.clones[name] = tmp_path / name
    return office


def sync(capsys: pytest.CaptureFixture[str], clone: Path, *options: str) -> tuple[int, str, str]:
    code = main(["sync", "--content", str(clone / "content"), *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_two_clerks_edit_different_records_and_the_second_sync_rebases_and_pushes(office, capsys):
    edit(office.clerk("甲"), "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和冷库")
    code, out, err = sync(capsys, office.clones["甲"], "-m", "甲：调整年度计划")
    assert code == 0, err
    assert "content/projects/alpha.yml（说明：“甲：调整年度计划”）" in out and "同步完成" in out

    clone = office.clerk("乙")  # cloned before 甲 pushed: 乙's plain `git push` would be refused
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, out, err = sync(capsys, clone, "-m", "乙：8月月报")
    assert code == 0, err
    assert "取回别人推送的修改：甲：甲：调整年度计划" in out
    assert "把你的提交接在别人的修改之后：完成" in out and "再次校验（包括别人推送的修改）：通过" in out
    assert "1 个提交已推送到 origin/main" in out
    assert not ENGLISH.search(out + err)
    assert office.remote_log() == ["乙 乙：8月月报", "甲 甲：调整年度计划", "项目办 第一版"]
    assert git(office.remote, "rev-list", "--merges", "--count", "main") == "0"  # no merge commit
    assert "description: 建设食品加工车间和冷库" in office.remote_file("content/projects/alpha.yml")
    assert "description: 新建道路 3.5 公里" in office.remote_file("content/projects/beta.yml")


def test_both_edit_the_same_line_the_conflict_is_explained_and_nothing_is_lost(office, capsys):
    edit(office.clerk("甲"), "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和冷库")
    assert sync(capsys, office.clones["甲"], "-m", "甲的修改")[0] == 0
    clone = office.clerk("乙")
    edit(clone, "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和仓库")
    mine = (clone / "content/projects/alpha.yml").read_bytes()

    code, out, err = sync(capsys, clone, "-m", "乙的修改")
    assert code == 1
    assert "两个人同时修改了这一段" in err
    assert ("  content/projects/alpha.yml：\n    第 1 处：\n      别人已推送的版本：description: 建设食品加工车间和冷库\n"
            "      你的版本：        description: 建设食品加工车间和仓库\n") in err
    assert "你的提交保存在本机，没有丢失，也还没有推送" in err and "sync --resolve" in err
    assert not ENGLISH.search(out + err)
    # the clerk's commit is kept as it was, the file as the clerk wrote it, no rebase left half done
    assert git(clone, "log", "-1", "--format=%s") == "乙的修改"
    assert (clone / "content/projects/alpha.yml").read_bytes() == mine
    assert git(clone, "status", "--porcelain") == ""
    assert not (clone / ".git" / "rebase-merge").exists()
    assert office.remote_log()[0] == "甲 甲的修改"

    # --resolve writes both versions into the file; until they are edited, sync names them at their line
    code, _, err = sync(capsys, clone, "--resolve")
    assert code == 1 and "两个版本都已写进上面的文件" in err
    text = (clone / "content/projects/alpha.yml").read_text(encoding="utf-8")
    assert "<<<<<<<" in text and "description: 建设食品加工车间和冷库\n=======\ndescription: 建设食品加工车间和仓库\n>>>>>>>" in text
    code, _, err = sync(capsys, clone)
    assert code == 1
    assert re.search(r"content/projects/alpha\.yml:7:1 — 两个人同时修改了这一段.*一个版本是第 8 行“description: 建设食品加工车间和冷库”，"
                     r"另一个版本是第 10 行“description: 建设食品加工车间和仓库”", err)
    (clone / "content/projects/alpha.yml").write_text(
        re.sub(r"<<<<<<<[^\n]*\n.*?>>>>>>>[^\n]*\n", "description: 建设食品加工车间和展厅\n", text, flags=re.S), encoding="utf-8")
    code, out, err = sync(capsys, clone)
    assert code == 0, err
    assert "完成合并：你的提交已接在别人的修改之后" in out and "同步完成" in out
    assert office.remote_log()[:2] == ["乙 乙的修改", "甲 甲的修改"]
    assert "description: 建设食品加工车间和展厅" in office.remote_file("content/projects/alpha.yml")
    assert git(office.remote, "rev-list", "--merges", "--count", "main") == "0"


def test_resolve_can_be_abandoned(office, capsys):
    edit(office.clerk("甲"), "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和冷库")
    assert sync(capsys, office.clones["甲"], "-m", "甲的修改")[0] == 0
    clone = office.clerk("乙")
    edit(clone, "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和仓库")
    assert sync(capsys, clone, "-m", "乙的修改", "--resolve")[0] == 1
    code, out, _ = sync(capsys, clone, "--abort")
    assert code == 0 and "已放弃这次合并" in out
    assert "description: 建设食品加工车间和仓库" in (clone / "content/projects/alpha.yml").read_text(encoding="utf-8")
    assert git(clone, "log", "-1", "--format=%s") == "乙的修改" and git(clone, "status", "--porcelain") == ""
    assert sync(capsys, clone, "--abort")[1].startswith("没有进行中的 sync --resolve 合并")


def test_invalid_content_is_refused_before_anything_is_committed(office, capsys):
    clone = office.clerk("乙")
    edit(clone, "content/projects/alpha.yml", "total_investment: 5000", "total_investment: -1")
    head = git(clone, "rev-parse", "HEAD")
    code, _, err = sync(capsys, clone, "-m", "有错的修改")
    assert code == 1
    assert "content/projects/alpha.yml:14:19 total_investment — 总投资（万元）：不能为负数" in err
    assert "记录有以上错误，没有提交也没有推送" in err
    assert git(clone, "rev-parse", "HEAD") == head
    assert git(clone, "status", "--porcelain") == "M content/projects/alpha.yml"
    assert office.remote_log() == ["项目办 第一版"]


def test_edits_valid_alone_but_invalid_together_are_not_pushed(office, capsys):
    meeting = (FIXTURE / "meetings" / "2021-05-06-dispatch.yml").read_text(encoding="utf-8")
    for name, day in (("甲", "05"), ("乙", "06")):
        clone = office.clerk(name)
        text = meeting.replace("date: 2021-05-06", f"date: 2021-07-{day}").replace("2021-04", "2021-06") \
            .replace("deadline: 2021-05-20", "deadline: 2021-07-20")
        (clone / f"content/meetings/2021-07-{day}-dispatch.yml").write_text(text, encoding="utf-8")
        code, _, err = sync(capsys, clone, "-m", f"{name}：7月调度例会")
        if name == "甲":
            assert code == 0, err
    assert code == 1
    assert "通报月份重复：2021-06" in err and "合在一起后，记录有以上错误，没有推送" in err
    assert office.remote_log()[0] == "甲 甲：7月调度例会"
    assert git(office.clones["乙"], "log", "-1", "--format=%s") == "乙：7月调度例会"  # kept, to correct


def test_nothing_to_sync(office, capsys):
    clone = office.clerk("乙")
    head = git(clone, "rev-parse", "HEAD")
    code, out, err = sync(capsys, clone, "-m", "没有改动")
    assert code == 0, err
    assert "提交：content/ 没有改动，不需要提交" in out
    assert out.strip().endswith("没有需要同步的内容：本机与远程仓库一致。")
    assert git(clone, "rev-parse", "HEAD") == head and office.remote_log() == ["项目办 第一版"]


def test_only_content_is_committed_and_other_changes_are_named_and_left_alone(office, capsys):
    clone = office.clerk("乙")
    (clone / "README.md").write_text("# 改过的说明\n", encoding="utf-8")
    (clone / "笔记.txt").write_text("草稿\n", encoding="utf-8")
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, out, err = sync(capsys, clone, "-m", "乙：8月月报")
    assert code == 0, err
    assert "content/ 以外的改动：README.md、笔记.txt。sync 只提交 content/ 下的记录" in out
    assert git(clone, "show", "--name-only", "--format=", "HEAD") == "content/projects/beta.yml"
    status = git(clone, "-c", "core.quotepath=false", "status", "--porcelain")
    assert sorted(line.strip() for line in status.splitlines()) == ["?? 笔记.txt", "M README.md"]
    assert office.remote_file("README.md") == "# 重点项目"


def test_a_push_refused_because_someone_pushed_meanwhile_is_tried_again(office, capsys, tmp_path):
    """甲 pushes between 乙's fetch and 乙's push (from 乙's pre-push hook, once)."""
    first = office.clones["甲"]
    edit(first, "content/projects/gamma.yml", "description: ", "description: 新建")
    hook = office.clones["乙"] / ".git" / "hooks" / "pre-push"
    hook.write_text(f"""#!/bin/sh
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
if [ ! -e "{tmp_path}/raced" ]; then
  touch "{tmp_path}/raced"
  cd "{first}" && git -c commit.gpgsign=false commit --quiet -am 甲：同时推送 && git push --quiet origin main
fi
""", encoding="utf-8")
    hook.chmod(0o755)
    clone = office.clerk("乙")
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, out, err = sync(capsys, clone, "-m", "乙：8月月报")
    assert code == 0, err
    assert "推送：别人刚刚也推送了修改，重新取回后再推送（第 2 次）" in out
    assert office.remote_log()[:2] == ["乙 乙：8月月报", "乙 甲：同时推送"]  # the hook ran as 乙's identity
    assert not ENGLISH.search(out + err)


def test_before_commit_steps_run_after_validation_and_their_files_are_committed(office, capsys, monkeypatch):
    seen = []

    def freeze(sync: sync_module.Sync) -> str:
        seen.append(git(sync.repo.root, "rev-parse", "HEAD"))
        (sync.content / "media").mkdir(exist_ok=True)
        (sync.content / "media" / "frozen.txt").write_text("已发布\n", encoding="utf-8")
        return "已固定 1 期通报"

    monkeypatch.setattr(sync_module, "BEFORE_COMMIT", [freeze])
    clone = office.clerk("乙")
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, out, err = sync(capsys, clone, "-m", "乙：8月月报")
    assert code == 0, err
    assert out.index("校验记录：通过") < out.index("提交前的准备：已固定 1 期通报") < out.index("提交：")
    assert sorted(git(clone, "show", "--name-only", "--format=", "HEAD").splitlines()) == [
        "content/media/frozen.txt", "content/projects/beta.yml"]

    edit(clone, "content/projects/beta.yml", "total_investment: 3000", "total_investment: -1")
    assert sync(capsys, clone, "-m", "有错")[0] == 1
    assert len(seen) == 1  # never run on content that does not validate


def test_refusals_before_anything_is_done(office, capsys, tmp_path):
    outside = tmp_path / "plain"
    shutil.copytree(FIXTURE, outside / "content")
    code, _, err = sync(capsys, outside)
    assert code == 1 and "不在 git 仓库里：sync 要在用 git clone 取得的仓库目录里运行" in err

    clone = office.clerk("乙")
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, _, err = sync(capsys, clone)
    assert code == 2 and "content/ 有改动，提交时要写一句说明，例如：python -m generator sync -m" in err

    git(clone, "checkout", "--quiet", "--detach")
    code, _, err = sync(capsys, clone, "-m", "x")
    assert code == 1 and "当前不在任何分支上" in err and "git switch main" in err
    git(clone, "checkout", "--quiet", "main")

    git(clone, "remote", "remove", "origin")
    code, _, err = sync(capsys, clone, "-m", "x")
    assert code == 1 and "没有设置远程仓库" in err
    git(clone, "remote", "add", "origin", str(office.remote))

    (Path(git(clone, "rev-parse", "--absolute-git-dir")) / "MERGE_HEAD").write_text(git(clone, "rev-parse", "HEAD"))
    code, _, err = sync(capsys, clone, "-m", "x")
    assert code == 1 and "没有完成的合并（merge）之中" in err and "git merge --abort" in err
    assert git(clone, "log", "-1", "--format=%s") == "第一版"


def test_git_failures_are_explained_in_chinese(office, capsys):
    clone = office.clerk("乙")
    git(clone, "remote", "set-url", "origin", str(office.remote.parent / "gone.git"))
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    code, _, err = sync(capsys, clone, "-m", "乙：8月月报")
    assert code == 1
    assert err.startswith("找不到远程仓库（地址不对，或仓库已改名、删除）。运行 git remote -v 可以看到现在的地址（git 的原话：")
    assert git(clone, "log", "-1", "--format=%s") == "乙：8月月报"  # committed; pushed by the next sync


def test_debug_shows_gits_own_words(office, capsys):
    clone = office.clerk("乙")
    code = main(["--debug", "sync", "--content", str(clone / "content")])
    err = capsys.readouterr().err
    assert code == 0 and "$ git -c core.quotepath=false" in err and "fetch" in err


def test_make_sync_passes_the_message():
    dry_run = subprocess.run(["make", "-n", "sync", "M=2021年8月月报"], cwd=Path(__file__).parent.parent,
                             capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""})
    assert '-m generator sync -m "2021年8月月报"' in dry_run.stdout


def test_the_staff_guide_quotes_what_sync_really_prints(tmp_path, monkeypatch, capsys):
    """Section 七's and section 十三's examples, re-run on the shipped content from the repository's folder."""
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    office = make_office(tmp_path, monkeypatch, SAMPLE)
    record = "content/projects/hengyuan-food.yml"
    march = "    image: 生产线设备进场安装，完成20%"
    edit(office.clerk("甲"), record, march, march.replace("20%", "30%"))
    monkeypatch.chdir(office.clones["甲"])  # as the clerk runs it: from the repository, content/ by default
    capsys.readouterr()
    code = main(["sync", "-m", "2022年3月月报"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [line for line in out.splitlines() if line not in guide] == []

    edit(office.clerk("乙"), record, march, march.replace("20%", "25%"))
    monkeypatch.chdir(office.clones["乙"])
    code = main(["sync", "-m", "2022年3月月报"])
    err = capsys.readouterr().err
    conflict = err[err.index("你的修改和别人已推送的修改"):err.index("怎么办")].strip().splitlines()
    assert code == 1 and len(conflict) > 5
    assert [line for line in conflict if line not in guide] == []
    assert main(["sync", "--resolve"]) == 1
    capsys.readouterr()
    assert main(["validate"]) == 1
    (line, _) = capsys.readouterr().err.splitlines()
    assert line in guide


def test_the_guides_undo_of_one_file_keeps_the_others(office):
    clone = office.clerk("乙")
    edit(clone, "content/projects/alpha.yml", "description: 建设食品加工车间", "description: 建设食品加工车间和冷库")
    edit(clone, "content/projects/beta.yml", "description: 新建道路 3 公里", "description: 新建道路 3.5 公里")
    git(clone, "restore", "content/projects/alpha.yml")  # 第十四节
    assert git(clone, "status", "--porcelain") == "M content/projects/beta.yml"
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    assert "git restore content/projects/hengyuan-food.yml" in guide
    whole_folder = [line for line in guide.splitlines() if "git checkout -- content/" in line or "git restore content/`" in line]
    assert whole_folder and all("不要" in line for line in whole_folder)  # named only to warn against it
