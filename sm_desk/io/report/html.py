"""The report as one self-contained HTML file: inline CSS, charts as data: URIs.

Jinja2 with autoescape on: every name and note from the database is escaped.
A Content-Security-Policy meta tag forbids any request the page might make.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sm_desk.io.report.content import Chart, Document, Paragraph, Table

TEMPLATES = Path(__file__).with_name("templates")
ImageSource = Callable[[Chart], str]


def data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def _blocks(document: Document, image_src: ImageSource, scale: float) -> list[dict[str, Any]]:
    out = []
    for section in document.sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append({"kind": "paragraph", "item": block})
            elif isinstance(block, Table):
                blocks.append({"kind": "table", "item": block})
            else:
                blocks.append({"kind": "chart", "item": block, "src": image_src(block),
                               "px_width": round(block.width * scale)})
        out.append({"key": section.key, "heading": section.heading, "blocks": blocks})
    return out


def render_html(document: Document, image_src: ImageSource = data_uri,
                chart_px_per_inch: float = 110) -> str:
    """The HTML text. `image_src` names each chart's image (default: embedded data URI)."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      trim_blocks=False, lstrip_blocks=False)
    template = env.get_template("report.html")
    view = {"title": document.title, "subtitle": document.subtitle,
            "key_figures": document.key_figures, "footer": document.footer,
            "sections": _blocks(document, image_src, chart_px_per_inch)}
    return template.render(doc=view)
