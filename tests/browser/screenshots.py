"""`make screenshots`: the home page and a project page of the built sample site at phone width (360 px), taken
with Debian's chromium, for the opening of README.md. Made from the built site, so they show what it is now.

The project page is the first card of the project list: the furthest behind, a red light and what is late."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from generator import urls

from .test_browser import CHROMIUM, FLAGS, PHONE, served

SHOTS = {"home": urls.home(), "project": None}  # the project: the list's first card


def take(site: Path, folder: Path) -> list[Path]:
    if not CHROMIUM:
        sys.exit("没有找到 chromium（Debian：apt-get install chromium），也可以用环境变量 CHROMIUM 指定")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with served(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport=PHONE, color_scheme="light", locale="zh-CN")
        page = context.new_page()
        page.goto(address + urls.projects(), wait_until="networkidle")
        first = page.eval_on_selector("table.projects tbody th a", "a => a.href")
        for name, url in SHOTS.items():
            page.goto(address + url if url is not None else first, wait_until="networkidle")
            path = folder / f"{name}.png"
            page.screenshot(path=path)  # the first screen, as a reader's phone shows it
            written.append(path)
            print(f"已写入 {path}（{urlsplit(page.url).path}）")
        browser.close()
    return written


if __name__ == "__main__":
    take(Path(sys.argv[1] if len(sys.argv) > 1 else "site"), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"))
