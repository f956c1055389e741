"""The deal table's segment priority column and filter (marketing's hunting grounds)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

NO_RANK = 10**6
PRIORITY_FILTERS = (("Any segment", None), ("Top segment only", 1), ("Top 3 segments", 3),
                    ("Any ranked segment", NO_RANK - 1))


def segment_text(row: dict[str, object]) -> str:
    return f"#{row['segment_rank']} {row['segment']}" if row.get("segment_rank") else ""


def priority_combo() -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("segment_priority_filter")
    combo.setToolTip("Marketing's hunting grounds: deals whose contact is in a ranked segment")
    for text, rank in PRIORITY_FILTERS:
        combo.addItem(text, rank)
    return combo
