"""The report as PDF with reportlab's platypus, from the same Document as the HTML.

Why reportlab: a pure-Python, long-maintained PDF library that needs no display or
browser engine (works from the command line and in a worker thread), lays out
tables and images with page breaks, and embeds TrueType subsets so the text is
extractable. Fonts: DejaVu Sans from matplotlib's own data (always installed with
it), so names in any Latin, Greek or Cyrillic script print, and the euro sign.
Paper: A4, or Letter where the locale's territory uses it (see paper_for_locale).
"""

from __future__ import annotations

import io
import locale
import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sm_desk.io.report.content import Chart, Document, Paragraph, Table
from sm_desk.io.report.pdf_layout import cell_text, layout

# Territories that use US Letter (CLDR paperSize data).
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR", "CR",
                                "SV", "NI", "PA", "DO", "BZ", "PE", "BO"})
FONT, BOLD = "SMDeskSans", "SMDeskSans-Bold"
INK, MUTED, ACCENT, RULE, SHADE = "#1f2933", "#616e7c", "#2f6fb0", "#d9e2ec", "#f0f4f8"
_fonts_ready = False


def paper_for_locale(name: str | None = None) -> str:
    """'letter' or 'a4' from a locale name like 'en_US.UTF-8' (default: the environment's)."""
    if name is None:
        for variable in ("LC_ALL", "LC_PAPER", "LANG"):
            if os.environ.get(variable):
                name = os.environ[variable]
                break
        else:
            name = locale.getlocale()[0] or ""
    territory = name.split(".")[0].split("@")[0].replace("-", "_").partition("_")[2]
    return "letter" if territory.upper() in LETTER_TERRITORIES else "a4"


def _register_fonts() -> tuple[str, str]:
    global _fonts_ready
    if not _fonts_ready:
        try:
            import matplotlib
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
            pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD)
        except (OSError, ImportError):
            return "Helvetica", "Helvetica-Bold"
        _fonts_ready = True
    return FONT, BOLD


def render_pdf(document: Document, paper: str | None = None) -> bytes:
    """The PDF's bytes. `paper`: 'a4' or 'letter' (default: from the locale)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = _register_fonts()
    size = LETTER if (paper or paper_for_locale()).lower() == "letter" else A4
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22,
                                textColor=colors.HexColor(INK)),
        "subtitle": ParagraphStyle("subtitle", fontName=regular, fontSize=11, leading=14,
                                   textColor=colors.HexColor(MUTED), spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=13, leading=16, spaceBefore=12,
                             spaceAfter=4, textColor=colors.HexColor(ACCENT), keepWithNext=1),
        "caption": ParagraphStyle("caption", fontName=bold, fontSize=8.5, leading=11,
                                  textColor=colors.HexColor(MUTED), keepWithNext=1),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=4),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8, leading=10.5,
                               textColor=colors.HexColor(MUTED), spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "cellnum": ParagraphStyle("cellnum", fontName=regular, fontSize=8, leading=10,
                                  alignment=2),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10),
        "headnum": ParagraphStyle("headnum", fontName=bold, fontSize=8, leading=10, alignment=2),
    }
    out = io.BytesIO()
    margin = 16 * mm
    frame_width = size[0] - 2 * margin
    pdf = SimpleDocTemplate(out, pagesize=size, leftMargin=margin, rightMargin=margin,
                            topMargin=14 * mm, bottomMargin=16 * mm, title=document.title,
                            author="SM Desk", subject=document.subtitle)
    story = _story(document, styles, frame_width, bold)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(margin, 9 * mm, document.footer)
        canvas.drawRightString(size[0] - margin, 9 * mm, f"page {doc.page}")
        canvas.restoreState()

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def write_pdf(document: Document, path: Path, paper: str | None = None) -> Path:
    path.write_bytes(render_pdf(document, paper))
    return path


def _text(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph as RLParagraph

    return RLParagraph(escape(text), style)


def _story(document: Document, styles: dict[str, Any], width: float, bold: str) -> list[Any]:
    """Headings start a new page when less than HEADING_ROOM is left and stay with the block
    after them (never stranded at a page's foot). A chart is never alone on a page: one that
    does not fit moves to the next page's top, where what follows it fills the page; the
    document's last block, when a chart, stays with the block before it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

    story: list[Any] = [_text(document.title, styles["title"]),
                        _text(document.subtitle, styles["subtitle"]),
                        _key_figures(document, styles, width), Spacer(1, 4)]

    def flowable(block: Any) -> Any:
        if isinstance(block, Paragraph):
            return _text(block.text, styles[block.style])
        if isinstance(block, Table):
            return _table(block, styles, width, bold)
        return KeepTogether([_text(block.title, styles["caption"]), _image(block, width)])

    groups: list[list[Any]] = []
    for section in document.sections:
        groups.append([CondPageBreak(HEADING_ROOM * mm)])
        heading = _text(section.heading, styles["h2"])
        if not section.blocks:
            groups.append([heading])
        for i, block in enumerate(section.blocks):
            groups.append([heading, flowable(block)] if i == 0 else [flowable(block)])
    last = document.sections[-1].blocks if document.sections else []
    if len(last) > 1 and isinstance(last[-1], Chart) and len(groups[-2]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    for group in groups:
        story.append(group[0] if len(group) == 1 else KeepTogether(group))
    return story


HEADING_ROOM = 45  # mm: a heading needs room for itself and a few lines after it


def _image(chart: Chart, width: float) -> Any:
    from reportlab.lib.units import inch
    from reportlab.platypus import Image

    scale = min(1.0, width / (chart.width * inch))
    image = Image(io.BytesIO(chart.png), width=chart.width * inch * scale,
                  height=chart.height * inch * scale)
    image.hAlign = "LEFT"
    return image


def _key_figures(document: Document, styles: dict[str, Any], width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    tones = {"up": "#2f7d4a", "down": "#b3382f", "flat": MUTED}
    cells: list[list[Any]] = []
    for k in document.key_figures:
        change = ParagraphStyle("change", parent=styles["note"],
                                textColor=colors.HexColor(tones[k.tone]), spaceAfter=0)
        value = ParagraphStyle("value", parent=styles["head"], fontSize=12, leading=15)
        cells.append([_text(k.label, styles["note"]), _text(k.value, value),
                      _text(k.change, change)])
    per_row = 4
    column = width / per_row
    grid = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    grid[-1] += [[""]] * (per_row - len(grid[-1]))
    table = RLTable(grid, colWidths=[column] * per_row)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(SHADE)),
        ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def _table(block: Table, styles: dict[str, Any], width: float, bold: str) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    regular = styles["cell"].fontName
    shown = [[cell_text(c) for c in r] for r in block.shown]
    total = [cell_text(c) for c in block.total] if block.total else None
    size, widths = layout([block.columns, *shown, *([total] if total else [])],
                          sorted(block.numeric), width, regular, bold, bool(total))
    sized = {name: ParagraphStyle(f"{name}{size}", parent=styles[name], fontSize=size,
                                  leading=size * 1.25)
             for name in ("cell", "cellnum", "head", "headnum")}

    def row(cells: list[str], head: bool = False) -> list[Any]:
        kind = "head" if head else "cell"
        return [_text(c, sized[kind + ("num" if i in block.numeric else "")])
                for i, c in enumerate(cells)]

    data = [row(block.columns, head=True)] + [row(r) for r in shown]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(SHADE)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#bcccdc")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#e4e7eb")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if block.hidden:
        data.append([_text(f"… and {block.hidden} more (all rows in the CSV export)",
                           styles["note"])] + [""] * (len(block.columns) - 1))
        commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
    if total:
        data.append(row(total, head=True))
        commands.append(("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 0.8,
                         colors.HexColor("#9fb3c8")))
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table
