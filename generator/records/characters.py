"""Characters a reader cannot see: refused in every value and key of a record, and escaped wherever a
message quotes a file name, key or value, so that no message can hide or reorder what it says.

Also the look of a name (`look_alike_key`): names that differ only in what a reader cannot tell apart.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

# What no value or key may hold, however it was written (a double-quoted "\u202e" too): control characters
# but tab and line breaks, and the noncharacters XML cannot hold; the characters that change the order
# text is shown in (bidi); and the invisible ones: every format character (Unicode's Cf: zero-width
# spaces and joiners, the BOM, the soft hyphen ...), line and paragraph separators, blank "letters".
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FORMAT = ("\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f"
           "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
           "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_BLANK = "\u115f\u1160\u2028\u2029\u2800\u3164\uffa0"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
UNSHOWABLE = re.compile(f"[{_CONTROL}{_BIDI}{_FORMAT}{_BLANK}]")
_BIDI_CHARS = re.compile(f"[{_BIDI}]")
_CONTROL_CHAR = re.compile(f"[{_CONTROL}]")
_ESCAPED = re.compile(f"[{_CONTROL}{_BIDI}{_FORMAT}{_BLANK}\\t\\n\\r]")


def unshowable_message(character: str) -> str:
    """Why a value holding `character` (one UNSHOWABLE matched) is refused."""
    code = f"U+{ord(character):04X}"
    if _CONTROL_CHAR.match(character):
        return f"含有不可见的控制字符 {code}，请删除（常见于从网页或 Word 复制的文字）"
    if _BIDI_CHARS.match(character):
        return f"含有改变文字显示方向的不可见字符 {code}：网页上显示的文字会与记录不同，请删除"
    return f"含有不可见的字符 {code}（零宽字符等）：看起来相同的文字实际不同，请删除（常见于从网页或 Word 复制的文字）"


def unshowable_in(value: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, character) for every value or key in a tree of plain data that holds an UNSHOWABLE character."""
    if isinstance(value, str):
        if found := UNSHOWABLE.search(value):
            yield path, found.group()
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (found := UNSHOWABLE.search(key)):
                yield (*path, key), found.group()
            else:
                yield from unshowable_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unshowable_in(item, (*path, index))


def visible(text: str) -> str:
    """`text` with every character a reader cannot see (line breaks and tabs too) written as an escape,
    e.g. "\\u202e": for one-line messages that show exactly what a file holds."""
    return _ESCAPED.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def look_alike_key(name: str) -> str:
    """What a reader sees of a name, so that names that look the same compare equal: compatibility forms
    folded (full-width letters and brackets, compatibility ideographs, Kangxi radicals: NFKC), white space
    dropped, each letter that looks like an ASCII one (Cyrillic "А", Greek "ο", "〇") taken as that one
    (Unicode's confusables, through confusable_homoglyphs), then case folded."""
    folded = "".join(unicodedata.normalize("NFKC", name).split())
    return "".join(_as_ascii(character) for character in folded).casefold()


@functools.cache
def _as_ascii(character: str) -> str:
    if character.isascii():
        return character
    from confusable_homoglyphs.confusables import confusables_data  # 1 MB of data: read only when needed

    similar = [glyph["c"] for glyph in confusables_data.get(character, ())
               if glyph["c"].isascii() and len(glyph["c"]) == 1]
    if similar:
        return min(similar)
    upper = character.upper()
    return _as_ascii(upper) if len(upper) == 1 and upper != character else character
