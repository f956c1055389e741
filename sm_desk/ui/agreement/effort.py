"""The hours each kind of work counts for in the hat balance (Agreement.effort_hours)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QVBoxLayout, QWidget

from sm_desk.core.agreement import DEFAULT_EFFORT_HOURS
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.report.hats import EXPLAINED
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import plain_label

OTHER_LABELS = {"campaign": "Marketing: setting a campaign up",
                "task:marketing": "Marketing: a completed task",
                "activity:call": "Sales: a call", "activity:meeting": "Sales: a meeting",
                "activity:email": "Sales: an email", "task:sales": "Sales: a completed task"}


def effort_label(key: str) -> str:
    if key.startswith("touch:"):
        kind = key.split(":", 1)[1]
        return f"Marketing: a {TOUCH_KIND_LABELS.get(kind, kind).lower()} done"
    return OTHER_LABELS.get(key, key)


class EffortDialog(QDialog):
    """Edit the hours; `edited()` returns only those that differ from the defaults."""

    def __init__(self, effort: dict[str, float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hours per kind of work")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(EXPLAINED, "color: #6b7785;"))
        form = QFormLayout()
        layout.addLayout(form)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        for key, default in DEFAULT_EFFORT_HOURS.items():
            box = QDoubleSpinBox()
            box.setRange(0, 100)
            box.setDecimals(2)
            box.setSingleStep(0.25)
            box.setSuffix(" h")
            box.setValue(float(effort.get(key, default)))
            self.boxes[key] = box
            form.addRow(effort_label(key), box)
        layout.addWidget(save_cancel(self, self.accept))

    def edited(self) -> dict[str, float]:
        return {key: box.value() for key, box in self.boxes.items()
                if abs(box.value() - DEFAULT_EFFORT_HOURS[key]) > 1e-9}
