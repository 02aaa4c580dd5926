"""`sync -m "说明"`: the office's git in one command, every step and every refusal said in Chinese.

The order keeps the shared history whole and the clerk's work safe:

1. refuse a folder that is not a repository, has no remote, is on no branch, or is in the middle of a
   rebase or merge someone started by hand;
2. validate the content (nothing invalid is ever committed), then run the BEFORE_COMMIT steps;
3. commit what changed under content/, and only there (other changed files are named and left alone);
4. fetch, and put the clerk's commits after what others pushed (`git rebase`: never a merge commit to
   understand). On a conflict the rebase is aborted, leaving the clerk's commit as it was, and both
   versions of each conflicting part are shown; `--resolve` instead writes both into the files for the
   clerk to edit, and the next sync carries on from there (`--abort` gives up);
5. validate again (two people's valid edits can be invalid together) and push; when someone pushed in
   the meantime, fetch and rebase again, up to PUSH_ATTEMPTS times.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..records.validate import validated
from .conflicts import shown_conflicts
from .gitrepo import RESOLVING, Refused, Repository, explain

PUSH_ATTEMPTS = 3
# git's words when someone else pushed between our fetch and our push (a push refused for any other
# reason, such as a protected branch, is not tried again)
_RACED = re.compile(r"\[rejected\].*\((fetch first|non-fast-forward)\)|cannot lock ref|failed to update ref|"
                    r"incorrect old value|stale info")

# Steps run once the content validates, just before the commit; each gets the Sync and returns a line to
# show (or None), and raises Refused to stop. The lead's `issue-bulletins` (issued bulletins frozen into
# committed files under content/) belongs here: what it writes is committed with the clerk's changes.
BEFORE_COMMIT: list[Callable[[Sync], str | None]] = []


class Sync:
    def __init__(self, arguments: argparse.Namespace) -> None:
        self.arguments = arguments
        self.content: Path = arguments.content
        self.repo = Repository.of(self.content, getattr(arguments, "debug", False))
        self.inside = Path(os.path.relpath(self.content.resolve(), self.repo.root)).as_posix()
        if self.inside.startswith(".."):
            raise Refused(f"{self.content} 不在仓库 {self.repo.root} 里面")
        self.marker = self.repo.git_path(RESOLVING)
        self.remote = self.branch = self.tracking = ""

    def say(self, step: str, result: str) -> None:
        print(f"  - {step}：{result}", flush=True)

    # ---- 1. where we are ---------------------------------------------------------------------------

    def _locate(self) -> None:
        branch = self.repo.branch()
        if branch is None:
            raise Refused("当前不在任何分支上（git 称为 detached HEAD，通常是切换到了某个旧提交）。"
                          "运行 git switch main 回到主分支，再运行 sync")
        upstream = self.repo.upstream(branch)
        if upstream is None:
            raise Refused("这个仓库没有设置远程仓库（remote），不知道推送到哪里。请找管理仓库的同事，"
                          "或运行 git remote add origin 仓库地址")
        self.remote, self.branch = upstream
        self.tracking = f"refs/remotes/{self.remote}/{self.branch}"

    def _refuse_unfinished(self) -> None:
        unfinished = self.repo.in_progress()
        if unfinished:
            raise Refused(f"仓库正处在一次没有完成的{unfinished}之中（多半是之前运行过 git pull、git rebase 或 "
                          "git merge），sync 不接着别人的操作做。不清楚是怎么回事时，运行 git rebase --abort"
                          "（或 git merge --abort）回到它开始之前的样子，再运行 sync")

    # ---- 2, 3. validate and commit -------------------------------------------------------------------

    def _valid(self, step: str) -> bool:
        content = validated(argparse.Namespace(content=self.content, format="text"))
        if content is None:
            return False
        self.say(step, f"通过（{len(content.projects)} 个项目、{len(content.meetings)} 条会议记录）")
        return True

    def _split_changes(self) -> tuple[list[str], list[str]]:
        inside, outside = [], []
        for _, path in self.repo.status():
            (inside if path == self.inside or path.startswith(self.inside + "/") else outside).append(path)
        return inside, outside

    def _commit(self) -> None:
        inside, outside = self._split_changes()
        if outside:
            shown = "、".join(outside[:8]) + (f" 等 {len(outside)} 个" if len(outside) > 8 else "")
            self.say("content/ 以外的改动", f"{shown}。sync 只提交 {self.inside}/ 下的记录，这些文件没有提交，"
                                         "原样留在你的电脑上")
        if not inside:
            self.say("提交", f"{self.inside}/ 没有改动，不需要提交")
            return
        message = (self.arguments.message or "").strip() or "自动生成的文件"  # only BEFORE_COMMIT steps changed files
        self.repo.git("add", "--all", "--", self.inside, failure="没能把改动加入提交")
        self.repo.git("commit", "--quiet", "-m", message, "--", self.inside, failure="提交没有成功")
        shown = "、".join(inside[:5]) + (f" 等 {len(inside)} 个文件" if len(inside) > 5 else "")
        self.say("提交", f"{shown}（说明：“{message}”）")

    # ---- 4. fetch and rebase -------------------------------------------------------------------------

    def _fetch(self) -> int:
        """Fetch the remote branch; the number of its commits that are not here yet."""
        refspec = f"+refs/heads/{self.branch}:{self.tracking}"
        result = self.repo.git("fetch", "--quiet", self.remote, refspec, check=False)
        if result.returncode != 0:
            if "couldn't find remote ref" in result.stderr:  # an empty remote: the first push creates it
                self.say("取回别人推送的修改", f"远程仓库还没有 {self.branch} 分支，这次推送会建立它")
                return 0
            raise Refused(explain(result.stderr, "取回别人推送的修改没有成功"))
        incoming = self.repo.count(f"HEAD..{self.tracking}")
        if incoming:
            authors = self.repo.output("log", "--format=%an：%s", "-n", "3", f"HEAD..{self.tracking}").splitlines()
            more = f" 等 {incoming} 个" if incoming > len(authors) else ""
            self.say("取回别人推送的修改", f"{'；'.join(authors)}{more}")
        else:
            self.say("取回别人推送的修改", "没有新的修改")
        return incoming

    def _rebase(self, resolve: bool) -> bool:
        result = self.repo.git("rebase", "--autostash", self.tracking, check=False)
        if result.returncode == 0:
            self.say("把你的提交接在别人的修改之后", "完成")
            return True
        conflicted = self.repo.conflicted()
        if not conflicted:
            self.repo.git("rebase", "--abort", check=False)
            raise Refused(explain(result.stderr, "把你的提交接在别人的修改之后没有成功，已恢复原样"))
        self._conflicts(conflicted, resolve)
        return False

    def _conflicts(self, conflicted: list[str], resolve: bool) -> None:
        print("\n你的修改和别人已推送的修改改到了同一处，程序不能替你决定保留哪一个"
              "（两个人同时修改了这一段）：\n", file=sys.stderr)
        print(shown_conflicts(self.repo.root, conflicted), file=sys.stderr)
        if resolve:
            self.marker.write_text("sync --resolve\n", encoding="utf-8")
            print("\n两个版本都已写进上面的文件（<<<<<<< 与 ======= 之间是别人已推送的版本，======= 与 >>>>>>> "
                  "之间是你的版本）。\n怎么办：打开文件，把每一处改成商量好的内容，删去 <<<<<<<、=======、>>>>>>> "
                  "这几行标记，保存，再运行 python -m generator sync（校验通过后推送）。"
                  "\n要放弃这次合并、回到 sync --resolve 之前的样子：python -m generator sync --abort", file=sys.stderr)
            return
        self.repo.git("rebase", "--abort", failure="没能撤销这次合并")
        print("\n你的提交保存在本机，没有丢失，也还没有推送；文件都是你改过的样子。\n怎么办：\n"
              "  1. 和改这几处的同事商量好应当怎么写；\n"
              "  2. 运行 python -m generator sync --resolve：程序取回别人的修改，在文件里用 <<<<<<< 和 >>>>>>> "
              "标出两个版本；\n"
              "  3. 打开文件改成商量好的内容，删去标记行，保存；\n"
              "  4. 再运行 python -m generator sync，校验通过后就会推送。", file=sys.stderr)

    def _continue(self) -> bool:
        print("继续 sync --resolve 开始的合并：", flush=True)
        if not self._valid("校验改好的记录"):
            print("文件里还有以上问题（“两个人同时修改了这一段”就是还没处理的冲突标记）；改好后再运行 sync。"
                  "要放弃这次合并：python -m generator sync --abort", file=sys.stderr)
            return False
        self.repo.git("add", "--all", "--", self.inside, failure="没能把改好的文件加入提交")
        result = self.repo.git("rebase", "--continue", check=False)
        if result.returncode != 0 and not self.repo.conflicted() and "No changes" in result.stdout + result.stderr:
            # the clerk kept the other version whole: nothing of this commit is left to apply
            result = self.repo.git("rebase", "--skip", check=False)
        if result.returncode == 0:
            self.marker.unlink(missing_ok=True)
            self.say("完成合并", "你的提交已接在别人的修改之后")
            return True
        if self.repo.conflicted():  # a later commit of the clerk's meets another conflict
            self._conflicts(self.repo.conflicted(), resolve=True)
            return False
        raise Refused(explain(result.stderr, "合并没有完成"))

    # ---- 5. push --------------------------------------------------------------------------------------

    def _publish(self, resolve: bool, committed: bool) -> int:
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            incoming = self._fetch()
            if incoming and not self._rebase(resolve):
                return 1
            if incoming and not self._valid("再次校验（包括别人推送的修改）"):
                print("别人推送的修改和你的修改合在一起后，记录有以上错误，没有推送。你的提交保存在本机；"
                      "改正后运行 python -m generator sync -m \"改正…\"", file=sys.stderr)
                return 1
            ahead = self.repo.count(f"{self.tracking}..HEAD" if self.repo.has(self.tracking) else "HEAD")
            if ahead == 0:
                self.say("推送", "没有需要推送的提交")
                print("没有需要同步的内容：本机与远程仓库一致。" if not (incoming or committed)
                      else "同步完成：本机已是最新。")
                return 0
            result = self.repo.git("push", "--quiet", self.remote, f"HEAD:refs/heads/{self.branch}", check=False)
            if result.returncode == 0:
                self.say("推送", f"{ahead} 个提交已推送到 {self.remote}/{self.branch}")
                print("同步完成：网站会在几分钟后自动更新（仓库的 Actions 页面可以看到进度）。")
                return 0
            if not _RACED.search(result.stderr):
                raise Refused(explain(result.stderr, "推送没有成功") + "。你的提交保存在本机，下次运行 sync 会再推送")
            self.say("推送", f"别人刚刚也推送了修改，重新取回后再推送（第 {attempt + 1} 次）")
        raise Refused(f"连续 {PUSH_ATTEMPTS} 次推送时都有别人刚刚推送过；你的提交保存在本机，过几分钟再运行 sync")

    def run(self, resolve: bool) -> int:
        resolving = self.marker.exists()
        if resolving and self.repo.in_progress() is None:  # the rebase was finished or aborted by hand
            self.marker.unlink()
            resolving = False
        if not resolving:
            self._refuse_unfinished()
        self._locate()
        if resolving:
            if not self._continue():
                return 1
            return self._publish(resolve, committed=True)
        print(f"同步 {self.inside}/ 与远程仓库 {self.remote}/{self.branch}：", flush=True)
        inside, _ = self._split_changes()
        if inside and not (self.arguments.message or "").strip():
            raise Refused(f"{self.inside}/ 有改动，提交时要写一句说明，例如："
                          "python -m generator sync -m \"2021年8月月报\"", code=2)
        if not self._valid("校验记录"):
            print("记录有以上错误，没有提交也没有推送；改正后再运行 sync。", file=sys.stderr)
            return 1
        for before_commit in BEFORE_COMMIT:
            line = before_commit(self)
            if line:
                self.say(getattr(before_commit, "title", "提交前的准备"), line)
        self._commit()
        return self._publish(resolve, committed=bool(inside))

    def abort(self) -> int:
        if not self.marker.exists() or self.repo.in_progress() is None:
            self.marker.unlink(missing_ok=True)
            print("没有进行中的 sync --resolve 合并，不需要放弃。")
            return 0
        self.repo.git("rebase", "--abort", failure="没能放弃这次合并")
        self.marker.unlink()
        print("已放弃这次合并，回到运行 sync --resolve 之前的样子：你的提交仍在本机，没有推送。")
        return 0


def sync_command(arguments: argparse.Namespace) -> int:
    try:
        sync = Sync(arguments)
        return sync.abort() if arguments.abort else sync.run(arguments.resolve)
    except Refused as refused:
        print(refused.message, file=sys.stderr)
        return refused.code
