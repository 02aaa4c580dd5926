"""What may run in a reader's browser: scripts from the site itself and the theme's own inline scripts, nothing else.

The build gives every page a Content-Security-Policy (a `<meta>` at the top of its `<head>`) that allows
scripts from the site's own host and, by their SHA-256, exactly the theme's inline scripts on that page. A
script that reached a page by any other road (a record, a setting, a template mistake) would not run, and
`check-site` fails on it first: both use the allow-list below.

The theme's three inline scripts differ from page to page only in the relative address of the site's root
(`new URL("../..",location)`), so they are recognised with that address taken out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

# mkdocs-material 9.8.2's inline scripts, normalised by `_normalised`. Upgrading the theme may change them:
# the sample-site test then fails, and each new script is read before its hash is added here.
THEME_INLINE_SCRIPTS = {
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e": "浅色/深色模式：恢复读者上次的选择",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "打开网址中 #锚点 所指的选项卡",
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374": "记下网站根地址，读写本地设置",
}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ROOT_ADDRESS = re.compile(r'new URL\("([^"]*)",location\)')
_SAFE_ADDRESS = re.compile(r"^[A-Za-z0-9./_-]*$")
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def _normalised(body: str) -> str | None:
    """The script with the root address taken out; None when that address is not a plain path."""
    addresses = _ROOT_ADDRESS.findall(body)
    if any(not _SAFE_ADDRESS.match(address) for address in addresses):
        return None
    return _ROOT_ADDRESS.sub("new URL(BASE,location)", body)


def is_theme_script(body: str) -> bool:
    normalised = _normalised(body)
    return normalised is not None and hashlib.sha256(normalised.encode()).hexdigest() in THEME_INLINE_SCRIPTS


def is_data_block(attributes: str) -> bool:
    """`<script type="application/json">`: data the theme reads (its settings), never run."""
    return re.search(r'\btype\s*=\s*"application/json"', attributes) is not None


def inline_scripts(page: str) -> Iterator[tuple[str, str]]:
    """(attributes, body) of every `<script>` without `src` on the page."""
    for match in SCRIPT.finditer(page):
        attributes, body = match.groups()
        if not re.search(r"\bsrc\s*=", attributes, re.I):
            yield attributes, body


def source_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy(script_hashes: list[str]) -> str:
    """The page's policy: everything from the site's own host only; inline scripts by hash; no plugins,
    frames, `<base>` or forms to elsewhere. Inline styles stay allowed (the theme and our bars use them)."""
    scripts = " ".join(["'self'", *script_hashes])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'")


def secured(page: str) -> str:
    """The page with its policy at the top of `<head>`: only the theme's own inline scripts get a hash."""
    hashes = [source_hash(body) for attributes, body in inline_scripts(page)
              if not is_data_block(attributes) and is_theme_script(body)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(list(dict.fromkeys(hashes)))}">'
    head = _HEAD.search(page)
    if head is None:
        return page  # not a page of ours (check-site says so)
    return page[:head.end()] + meta + page[head.end():]


def page_policy(page: str) -> str | None:
    match = _CSP_META.search(page)
    return match.group(1) if match else None
