"""Which legacy encoding a text file is in, when it is neither UTF-8 nor UTF-16.

charset-normalizer proposes; for the multi-byte East Asian encodings its ranking is
kept, and for the single-byte ones (where a few names are not enough for it: KOI8-R
comes out as Hebrew, Polish as Celtic) every encoding that people really export CSV
in is tried and the one whose words look like names wins: no symbol inside a word,
one script per word, no 'йБЮМ' casing. Windows-1252 wins ties among Latin candidates.

Only the lines holding non-ASCII bytes are looked at (all of them, up to SAMPLE_BYTES),
so an accented name on line 90,000 counts as much as one on line 2.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

SAMPLE_BYTES = 1 << 20
# Single-byte encodings in the order they are preferred on a tie (a smaller prior).
SINGLE_BYTE: dict[str, float] = {
    "cp1252": 0.0, "cp1250": 0.01, "iso8859_2": 0.015, "cp1251": 0.01, "koi8_r": 0.02,
    "iso8859_15": 0.03, "cp1253": 0.03, "cp1254": 0.03, "cp1257": 0.03, "koi8_u": 0.03,
    "iso8859_5": 0.04, "cp1255": 0.05, "cp1256": 0.05, "cp874": 0.05, "mac_roman": 0.06,
    "cp850": 0.08, "cp866": 0.06,
}
RARE_PRIOR = 0.1  # an encoding charset-normalizer proposes that is not in the list above
MULTI_BYTE = {"cp932": "cp932", "shift_jis": "cp932", "shift_jis_2004": "cp932",
              "shift_jisx0213": "cp932", "euc_jp": "euc_jp", "euc_jis_2004": "euc_jp",
              "euc_jisx0213": "euc_jp", "gb2312": "gb18030", "gbk": "gb18030",
              "gb18030": "gb18030", "hz": "gb18030", "big5": "big5", "big5hkscs": "big5hkscs",
              "cp950": "cp950", "cp949": "cp949", "euc_kr": "cp949", "johab": "johab",
              "iso2022_jp": "iso2022_jp", "iso2022_kr": "iso2022_kr"}
_WORD = re.compile(r"[^\s,;|\t\"'()\[\]{}<>:/\\.!?=+*&%$#@~`^0-9_-]+")
_BAD_CATEGORIES = frozenset({"So", "Sk", "Sm", "Sc", "Co", "Cn", "Cc", "Cf", "Mn", "No",
                             "Pi", "Pf", "Ps", "Pe", "Po", "Pd"})
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK", "HALFWIDTH": "CJK",
                  "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}


def non_ascii_lines(data: bytes, limit: int = SAMPLE_BYTES) -> bytes:
    """The lines of `data` that hold a byte above 127, joined, up to `limit` bytes."""
    out: list[bytes] = []
    size = 0
    for line in data.splitlines(keepends=True):
        if not line.isascii():
            out.append(line)
            size += len(line)
            if size >= limit:
                break
    return b"".join(out)


def detect(data: bytes) -> str:
    """The Python codec name of the legacy encoding `data` (not UTF-8) is most likely in."""
    sample = non_ascii_lines(data)
    if not sample:
        return "cp1252"
    proposed: list[str] = []
    try:
        from charset_normalizer import from_bytes

        matches = from_bytes(sample, cp_exclusion=["utf_8", "utf_16", "utf_32", "utf_7"])
        proposed = [m.encoding for m in matches]
    except Exception:  # noqa: BLE001 - detection is a guess; the scoring below still runs
        proposed = []
    if proposed and proposed[0] in MULTI_BYTE:
        return _first_decoding(data, [MULTI_BYTE[proposed[0]], proposed[0]])
    candidates = dict(SINGLE_BYTE)
    for name in proposed[:3]:
        if name in MULTI_BYTE:
            candidates.setdefault(MULTI_BYTE[name], RARE_PRIOR)
        else:
            candidates.setdefault(name, RARE_PRIOR)
    scored: list[tuple[float, float, str]] = []
    for codec, prior in candidates.items():
        try:
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((oddness(text) + prior, prior, codec))
    if not scored:
        return "latin-1"
    scored.sort()
    return _first_decoding(data, [codec for _, _, codec in scored])


def _first_decoding(data: bytes, codecs_in_order: list[str]) -> str:
    """The first codec that decodes the whole file (latin-1 decodes anything)."""
    for codec in codecs_in_order:
        try:
            data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return codec
    return "latin-1"


def oddness(text: str) -> float:
    """The share of words with non-ASCII letters that do not look like words of a name:
    a symbol inside, letters of two scripts, a lower-case letter before a capital, or
    Latin letters mostly accented (names in Latin script are mostly plain letters)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    odd = sum(map(_odd_word, words))
    return odd / len(words)


def _odd_word(word: str) -> bool:
    scripts: set[str] = set()
    seen_lower = False
    accented = 0
    for index, char in enumerate(word):
        category = unicodedata.category(char)
        if category in _BAD_CATEGORIES:
            return True
        if category[0] != "L":
            continue
        name = unicodedata.name(char, "")
        first = name.split(" ", 1)[0]
        scripts.add(_SCRIPT_GROUPS.get(first, first))
        accented += not char.isascii()
        if category == "Ll":
            seen_lower = seen_lower or index == 0
        elif category == "Lu" and seen_lower:
            return True  # 'йБЮМ': KOI8-R read as Windows-1251
    if scripts == {"LATIN"} and len(word) > 2 and accented * 2 > len(word):
        return True  # 'Èâàí': Cyrillic or Greek read as a Latin code page
    return len(scripts) > 1


def codec_name(name: str) -> str:
    """A Python codec name for what a user typed ('Shift_JIS', 'windows-1251');
    LookupError when there is none."""
    info = codecs.lookup(name.strip())
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zip: not text
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name
