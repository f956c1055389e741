"""How the PDF lays a table out so that no word is split inside a cell.

Each column gets at least the width of its longest word (so text wraps at spaces only),
numbers their whole width; what is left goes to the text columns that want more. When
the words do not fit across the page, the table's font shrinks (8 pt down to 6 pt). A
cell longer than CELL_CHARS is cut at a space with "…": a table row must fit on a page
(the full text is in the CSV export).
"""

from __future__ import annotations

from collections.abc import Sequence

FONT_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0)
PAD = 9.0  # the cell's left and right padding (3 + 3 in pdf.py), with a little air
MAX_NATURAL = 220.0  # a text column never asks for more than this before wrapping
CELL_CHARS = 400


def cell_text(text: str, limit: int = CELL_CHARS) -> str:
    """`text`, cut at the last space before `limit` characters (with "…") when longer."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip() + " …"


def _words(text: str) -> list[str]:
    return text.split() or [""]


def layout(rows: Sequence[Sequence[str]], numeric: Sequence[int], width: float,
           font: str, bold: str, bold_last: bool = False) -> tuple[float, list[float]]:
    """(font size, column widths) for `rows` (the header first; with bold_last, a bold
    total row last) across `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    count = len(rows[0])
    for size in FONT_SIZES:
        def measure(text: str, head: bool, size: float = size) -> float:
            return float(stringWidth(text, bold if head else font, size)) + PAD

        least, natural = [0.0] * count, [0.0] * count
        for r, row in enumerate(rows):
            head = r == 0
            strong = head or (bold_last and r == len(rows) - 1)
            for i, text in enumerate(row):
                whole = measure(text, strong)
                if i in numeric and not head:
                    least[i] = max(least[i], whole)  # numbers never wrap
                else:
                    least[i] = max(least[i], *(measure(w, strong) for w in _words(text)))
                natural[i] = max(natural[i], whole)
        if sum(least) <= width or size == FONT_SIZES[-1]:
            break
    return size, _share(least, natural, width, numeric)


def _share(least: list[float], natural: list[float], width: float,
           numeric: Sequence[int] = ()) -> list[float]:
    """Give each column its least width, then the rest to those wanting more, in
    proportion to how much more; what nobody wants goes to the widest text column (the
    first column when all are numbers)."""
    widths = list(least)
    spare = width - sum(widths)
    if spare <= 0:
        return [w * width / sum(widths) for w in widths] if sum(widths) else widths
    wants = [max(0.0, min(n, max(low, MAX_NATURAL)) - low)
             for n, low in zip(natural, least, strict=True)]
    wanted = sum(wants)
    if wanted > 0:
        scale = min(1.0, spare / wanted)
        widths = [w + want * scale for w, want in zip(widths, wants, strict=True)]
    spare = width - sum(widths)
    if spare > 0.5:
        text = [i for i in range(len(widths)) if i not in numeric] or [0]
        widest = max(text, key=lambda i: natural[i])
        widths[widest] += spare
    return widths
