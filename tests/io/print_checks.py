"""Checks on a rendered report PDF, with pypdf: no line ends inside a word from the data,
and no page holds only a chart. Used by the fuzz tests and the by-hand full run."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterable

WORD = re.compile(r"[^\W\d_]{2,}")
PIECE = re.compile(r"[^\W\d_]+")
FOOTER = re.compile(r"^(SM Desk · .*|page \d+)$")


def words_of(texts: Iterable[str]) -> set[str]:
    """Every word (letters only, two or more) in the data, as written."""
    found: set[str] = set()
    for text in texts:
        found.update(WORD.findall(text))
    return found


def page_lines(pdf: bytes) -> list[list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in reader.pages]


def split_words(pdf: bytes, words: set[str]) -> list[str]:
    """Lines that end inside a word of the data: the end of one line and the starts of the
    next ones make a data word that the first piece is not on its own ("Ques" + "tion")."""
    prefixes = {word[:n] for word in words for n in range(1, len(word) + 1)}
    found = []
    for lines in page_lines(pdf):
        tokens = [line.split() for line in lines]
        for i, here in enumerate(tokens):
            tail = PIECE.findall(here[-1]) if here else []
            if not tail or not here[-1].endswith(tail[-1]) or tail[-1] in words:
                continue
            joined = tail[-1]
            for after in tokens[i + 1:]:
                head = PIECE.findall(after[0]) if after else []
                if not head or not after[0].startswith(head[0]):
                    break
                joined += head[0]
                if joined in words:
                    found.append(f"{lines[i]!r} ends inside {joined!r}")
                    break
                if joined not in prefixes or len(after) > 1:
                    break
    return found


def chart_only_pages(pdf: bytes, captions: Iterable[str]) -> list[int]:
    """Pages (1-based) whose only content is one or more charts and their captions."""
    from pypdf import PdfReader

    titles = set(captions)
    reader = PdfReader(io.BytesIO(pdf))
    alone = []
    for number, page in enumerate(reader.pages, 1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        text = [line for line in lines if line and not FOOTER.match(line)]
        if len(page.images) and all(line in titles for line in text):
            alone.append(number)
    return alone


VOCABULARY = ("question", "because", "booking", "customer", "delivery", "newsletter",
              "quotation", "appointment", "reference", "Kundenzufriedenheit", "équipe",
              "Müller", "наш", "клиент", "proposal", "invoice", "follow", "meeting", "brand",
              "Überraschung", "conference", "exhibition", "subscription", "reorder")


def long_text(length: int, seed: int) -> str:
    """`length` characters of words (some long, some not Latin), spaces between."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(VOCABULARY) + rng.choice(("", "", "s", "ing"))
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:length].rstrip() or "x"
