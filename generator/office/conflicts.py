"""Both versions of each part git could not combine, shown to the clerk in Chinese.

During `sync`'s rebase the version above `=======` is the one already pushed by someone else, the one
below it the clerk's own (git replays the clerk's commits onto what others pushed).
"""

from __future__ import annotations

from pathlib import Path

from ..records.yamlhints import conflicts

_THEIRS, _OURS = "别人已推送的版本", "你的版本"


def _version(label: str, lines: list[tuple[int, str]]) -> list[str]:
    head = f"      {label}：" + "  " * (len(_THEIRS) - len(label))  # Chinese characters are two columns wide
    if not lines:
        return [f"{head}（这几行被删去了）"]
    pad = " " * (6 + len(_THEIRS) * 2 + 2)
    return [head + lines[0][1]] + [pad + text for _, text in lines[1:]]


def shown_conflicts(root: Path, paths: list[str]) -> str:
    """Every conflicting part of each file, both versions one under the other."""
    out: list[str] = []
    for path in paths:
        out.append(f"  {path}：")
        try:
            text = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        blocks, _ = conflicts(text)
        if not blocks:
            out.append("    两个人都改了这个文件，其中一人删除了它（或它不是文本文件），无法逐段显示")
        for number, block in enumerate(blocks, start=1):
            out.append(f"    第 {number} 处：")
            out += _version(_THEIRS, block.upper) + _version(_OURS, block.lower)
    return "\n".join(out)
