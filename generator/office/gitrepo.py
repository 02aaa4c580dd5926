"""The real `git`, run for the office's tools: its states and its failures recognised and said in Chinese.

git runs with `LC_ALL=C`, so that its English can be recognised here whatever the computer's language;
that English reaches the clerk only under `--debug`, or as a quoted detail after the Chinese explanation.
Nothing here changes git's configuration.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RESOLVING = "zdxm-sync-resolving"  # in the .git folder while `sync --resolve` waits for the clerk's edits


class Refused(Exception):
    """Sync stops here; the message says why and what to do, in Chinese."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message, self.code = message, code


# git's words for the failures a clerk meets, and what they mean (the first that matches wins)
_FAILURES = [
    (r"Please tell me who you are|unable to auto-detect email address|empty ident name",
     "git 还不知道你的名字，提交里要写上是谁改的。运行一次（换成你的名字和邮箱）：\n"
     "  git config user.name \"张三\"\n  git config user.email \"zhangsan@example.cn\""),
    (r"would be overwritten by (merge|checkout)|untracked working tree files would be overwritten",
     "你电脑上 content/ 以外有没有提交的文件，和别人推送的文件重名或改到了同一个文件。"
     "先把这些文件挪到仓库以外（或用 git restore 文件名 撤销对它的修改），再运行 sync"),
    (r"protected branch|GH006|pre-receive hook declined|hook declined",
     "远程仓库拒绝了这次推送（分支受保护，或仓库设置了推送检查）。请找管理仓库的同事"),
    (r"[Rr]epository not found|does not appear to be a git repository|No such remote",
     "找不到远程仓库（地址不对，或仓库已改名、删除）。运行 git remote -v 可以看到现在的地址"),
    (r"Permission denied \(publickey|Authentication failed|could not read Username|[Ii]nvalid username or password|"
     r"HTTP Basic: Access denied|error: 403|returned error: 40[13]",
     "远程仓库不接受你的身份（没有权限，或密码、密钥不对）。请找管理仓库的同事确认你的账号有推送权限"),
    (r"Could not resolve host|Connection (timed out|refused|reset)|Network is unreachable|Operation timed out|"
     r"Could not read from remote repository|unable to access",
     "连不上远程仓库（网络不通，或仓库地址不对）。请检查网络后再试"),
]


def explain(stderr: str, fallback: str) -> str:
    """git's failure, said in Chinese, with git's own last words quoted as a detail."""
    detail = next((line.strip() for line in reversed(stderr.strip().splitlines())
                   if line.strip() and not line.startswith("hint:")), "")
    reason = next((chinese for pattern, chinese in _FAILURES if re.search(pattern, stderr)), fallback)
    return f"{reason}（git 的原话：{detail}）" if detail else reason


@dataclass
class Repository:
    root: Path
    debug: bool = False

    @classmethod
    def of(cls, folder: Path, debug: bool = False) -> Repository:
        inside = folder if folder.is_dir() else folder.parent
        probe = Repository(inside, debug)
        result = probe.git("rev-parse", "--show-toplevel", check=False)
        if result.returncode != 0:
            raise Refused(f"{folder} 不在 git 仓库里：sync 要在用 git clone 取得的仓库目录里运行"
                          "（例如 cd 到仓库目录，再运行 python -m generator sync）")
        return cls(Path(result.stdout.strip()).resolve(), debug)

    def git(self, *arguments: str, check: bool = True, failure: str = "") -> subprocess.CompletedProcess:
        """Run git in the repository; with `check`, a failure raises Refused with `failure` explained."""
        command = ["git", "-c", "core.quotepath=false", "-c", "color.ui=false", *arguments]
        environment = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no"}
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, encoding="utf-8",
                                errors="replace", env=environment, stdin=subprocess.DEVNULL)
        if self.debug:
            print(f"$ {' '.join(command)}  → {result.returncode}\n{result.stdout}{result.stderr}", file=sys.stderr)
        if check and result.returncode != 0:
            raise Refused(explain(result.stderr, failure or "git 没有完成这一步"))
        return result

    def output(self, *arguments: str) -> str:
        return self.git(*arguments).stdout.strip()

    def git_path(self, name: str) -> Path:
        return self.root / self.output("rev-parse", "--git-path", name)

    def in_progress(self) -> str | None:
        """The unfinished operation the repository is in: 变基 (rebase), 合并 (merge) … or None."""
        for name, what in (("rebase-merge", "变基（rebase）"), ("rebase-apply", "变基（rebase）"),
                           ("MERGE_HEAD", "合并（merge）"), ("CHERRY_PICK_HEAD", "拣选（cherry-pick）"),
                           ("REVERT_HEAD", "撤销提交（revert）")):
            if self.git_path(name).exists():
                return what
        return None

    def branch(self) -> str | None:
        """The branch checked out, or being rebased (HEAD is detached while a rebase waits)."""
        result = self.git("symbolic-ref", "-q", "--short", "HEAD", check=False)
        if result.stdout.strip():
            return result.stdout.strip()
        for folder in ("rebase-merge", "rebase-apply"):
            head = self.git_path(folder) / "head-name"
            if head.is_file():
                return head.read_text(encoding="utf-8").strip().removeprefix("refs/heads/") or None
        return None

    def upstream(self, branch: str) -> tuple[str, str] | None:
        """The remote and the branch on it that `branch` is published to, or None when there is no remote."""
        remote = self.git("config", f"branch.{branch}.remote", check=False).stdout.strip()
        merge = self.git("config", f"branch.{branch}.merge", check=False).stdout.strip()
        if remote and remote != "." and merge.startswith("refs/heads/"):
            return remote, merge.removeprefix("refs/heads/")
        remotes = self.output("remote").split()
        if not remotes:
            return None
        return ("origin" if "origin" in remotes else remotes[0]), branch

    def has(self, ref: str) -> bool:
        return self.git("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).returncode == 0

    def count(self, commits: str) -> int:
        return int(self.output("rev-list", "--count", commits))

    def status(self) -> list[tuple[str, str]]:
        """(two-letter status, path) of every changed or new file, paths from the repository root."""
        entries = self.git("status", "--porcelain", "-z", "--untracked-files=all").stdout.split("\0")
        changes, skip = [], False
        for entry in entries:
            if skip or not entry:
                skip = False
                continue
            changes.append((entry[:2], entry[3:]))
            skip = entry[0] in "RC"  # a rename or copy is followed by its old name
        return changes

    def conflicted(self) -> list[str]:
        return [path for path in self.output("diff", "--name-only", "--diff-filter=U").splitlines() if path]
