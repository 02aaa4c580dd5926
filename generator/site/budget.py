"""A project page's size budget, checked on its rendered Markdown: a record that would make its page too
large is reported against the record (file, line, key of its longest text) before the engine runs,
rather than against the built page by the check afterwards.

The built page is the Markdown (raw HTML blocks, which the engine passes through) inside the theme, which
adds about 18 KB to every page; the allowance leaves room for that with a margin.
"""

from __future__ import annotations

from .. import urls
from ..records.load import Content
from ..records.yamlsource import KeyPath
from .checksite import PROJECT_PAGE_BUDGET

THEME_ALLOWANCE = 20 * 1024
MARKDOWN_BUDGET = PROJECT_PAGE_BUDGET - THEME_ALLOWANCE


def _texts(value: object, path: KeyPath = ()) -> list[tuple[int, KeyPath]]:
    if isinstance(value, str):
        return [(len(value.encode("utf-8")), path)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _texts(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _texts(item, (*path, index))]
    return []


def check_project_pages(content: Content, markdown: dict[str, bytes]) -> None:
    """Add an error to `content.errors` for each project whose page would exceed the budget."""
    for project_id, project in content.projects.items():
        size = len(markdown.get(urls.project(project_id).rstrip("/") + ".md", b""))  # as `Page.file` names it
        if size <= MARKDOWN_BUDGET:
            continue
        texts = _texts(project.model_dump(exclude_defaults=True))
        longest = max(texts)[1] if texts else ()
        content.error(f"project:{project_id}", longest,
                      f"项目页太大，手机上打开会很慢（期望 页面内容不超过 {MARKDOWN_BUDGET // 1024} KB，"
                      f"实际 {size // 1024} KB）：请精简这个记录里的文字，这里是其中最长的一段")
