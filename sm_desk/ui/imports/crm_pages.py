"""The pages of File > Import deals, companies or activities: file -> columns -> stages
(deals only) -> preview (a dry run of the whole file) -> import (progress, Cancel)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sm_desk.core.sales import stage_map
from sm_desk.core.store.crm_import import stages as our_stages
from sm_desk.io.crm_import import (
    ENTITIES,
    FIELDS,
    apply,
    detect,
    detect_entity,
    foreign_stages,
    guess,
    layouts,
    open_file,
    read,
)
from sm_desk.io.crm_import.layouts import REQUIRED
from sm_desk.io.csv_sniff import NotCsvError
from sm_desk.io.linkedin import is_connections
from sm_desk.ui.imports.crm_common import in_background, rows_model, rows_table
from sm_desk.ui.widgets.labels import plain_label, problem_label

if TYPE_CHECKING:
    from sm_desk.ui.imports.crm_wizard import CrmImportWizard

LINKEDIN = "linkedin"
KIND_LABELS = {"companies": "Companies (organisations)", "deals": "Deals",
               "activities": "Activities (calls, meetings, notes, emails)"}
PREVIEW_ROWS = 50
SHOWN = {"companies": ("name", "website", "industry"),
         "deals": ("title", "stage", "value_minor", "currency", "contact_name", "company"),
         "activities": ("kind", "at", "summary", "deal", "contact_name")}


class FilePage(QWizardPage):
    def __init__(self, wizard: CrmImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Choose an export")
        self.setSubTitle("A CSV export of HubSpot, Pipedrive or Zoho Bigin is recognised by its "
                         "columns; any other spreadsheet (saved as CSV) is matched in the next "
                         "step. Importing the same export again updates what it brought in.")
        self.kind = QComboBox()
        self.kind.setObjectName("crm_kind")
        self.kind.addItem("Found from the file's columns", None)
        for entity in ENTITIES:
            self.kind.addItem(KIND_LABELS[entity], entity)
        self.kind.addItem("LinkedIn connections (contacts)", LINKEDIN)
        self.path = QLineEdit()
        self.path.setObjectName("crm_path")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.zone = QLineEdit()
        self.zone.setObjectName("crm_zone")
        self.zone.setPlaceholderText("this computer's (or e.g. Europe/Berlin)")
        self.problem = problem_label()
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("It holds", self.kind)
        form.addRow("Times in the file are in", self.zone)
        form.addRow(self.problem)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import from another CRM", "",
                                              "CSV files (*.csv *.txt *.tsv);;All files (*)")
        if path:
            self.path.setText(path)

    def validatePage(self) -> bool:  # noqa: N802
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        zone = self.zone.text().strip()
        try:
            if zone:
                ZoneInfo(zone)
            self.w.source = open_file(self.path.text().strip())
        except (ZoneInfoNotFoundError, ValueError):
            self.problem.setText(f"'{zone}' is not a time zone (e.g. America/New_York)")
            return False
        except OSError as exc:
            self.problem.setText(f"Cannot read the file: {exc.strerror or exc}")
            return False
        except NotCsvError as exc:
            self.problem.setText(f"Not imported: {exc}")
            return False
        self.w.zone = zone
        self.w.entity = self.kind.currentData() or (
            LINKEDIN if is_connections(self.w.source.header)
            else detect_entity(self.w.source.header))
        self.problem.clear()
        return True

    def nextId(self) -> int:  # noqa: N802
        """LinkedIn's file needs no matching: straight to the import."""
        return self.w.result_id if self.w.entity == LINKEDIN else self.w.mapping_id


class MappingPage(QWizardPage):
    def __init__(self, wizard: CrmImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Match the columns")
        self.info = plain_label("")
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("crm_layout")
        for key, layout in layouts().items():
            self.layout_box.addItem(layout.label, key)
        self.layout_box.activated.connect(self._relayout)
        self.combos: list[QComboBox] = []
        self.grid_host = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.problem = problem_label()
        row = QHBoxLayout()
        row.addWidget(plain_label("The file is an export of"))
        row.addWidget(self.layout_box)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.info)
        box.addLayout(row)
        box.addWidget(scroll, 1)
        box.addWidget(self.problem)

    def initializePage(self) -> None:  # noqa: N802
        source = self.w.source
        assert source is not None
        found = detect(source.header, self.w.entity)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(found)))
        self.info.setText(f"{source.name}: {KIND_LABELS[self.w.entity].lower()}, "
                          f"{len(source.header)} columns. Pick what each column holds.")
        self._relayout()

    def _relayout(self) -> None:
        source = self.w.source
        assert source is not None
        guessed = guess(source.header, self.w.entity, layouts()[self.layout_box.currentData()])
        grid = QGridLayout()
        old = self.grid_host.layout()
        if old is not None:
            QWidget().setLayout(old)
        self.grid_host.setLayout(grid)
        samples = source.head(3)
        self.combos = []
        for col, (name, chosen) in enumerate(zip(source.header, guessed, strict=True)):
            sample = " | ".join(r[col] for _, r in samples if col < len(r) and r[col])[:60]
            grid.addWidget(plain_label(name or f"(column {col + 1})"), col, 0)
            grid.addWidget(plain_label(sample), col, 1)
            combo = QComboBox()
            combo.setObjectName(f"map_{col}")
            combo.addItem("(ignore)", None)
            for key, label in FIELDS[self.w.entity].items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            self.combos.append(combo)
            grid.addWidget(combo, col, 2)
        grid.setColumnStretch(1, 1)

    def validatePage(self) -> bool:  # noqa: N802
        mapping = [c.currentData() for c in self.combos]
        missing = [FIELDS[self.w.entity][f] for f in REQUIRED[self.w.entity] if f not in mapping]
        twice = {m for m in mapping if m and mapping.count(m) > 1}
        if missing or twice:
            self.problem.setText(f"Choose a column for: {', '.join(missing)}." if missing else
                                 f"One column each: {', '.join(sorted(twice))}.")
            return False
        assert self.w.source is not None
        self.w.layout_key = self.layout_box.currentData()
        source, entity, zone = self.w.source, self.w.entity, self.w.zone
        layout = self.w.layout_key
        parsed, failure = in_background(self, lambda progress, cancel: read(
            source, entity, layout, mapping, zone=zone, progress=progress, cancel=cancel))
        if parsed is None:
            self.problem.setText("Reading stopped: nothing was imported." if failure ==
                                 "cancelled" else f"Cannot read the file: {failure}")
            return False
        self.w.parsed = parsed
        self.problem.clear()
        return True

    def nextId(self) -> int:  # noqa: N802
        return self.w.stage_id if self.w.entity == "deals" else self.w.preview_id


class StagePage(QWizardPage):
    """Their stage -> ours: obvious ones proposed, earlier choices remembered."""

    def __init__(self, wizard: CrmImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Match the stages")
        self.setSubTitle("Where each of their stages goes on your board. Won and lost deals "
                         "go to Won and Lost by their status. Your choices are remembered for "
                         "the next import from the same system.")
        self.combos: dict[str, QComboBox] = {}
        self.host = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.host)
        QVBoxLayout(self).addWidget(scroll)

    def initializePage(self) -> None:  # noqa: N802
        assert self.w.parsed is not None
        store = self.w.store
        found = foreign_stages(self.w.parsed)
        proposals = stage_map.propose(store, self.w.parsed.layout.key, found)
        fallback = stage_map.fallback(store)
        grid = QGridLayout()
        old = self.host.layout()
        if old is not None:
            QWidget().setLayout(old)
        self.host.setLayout(grid)
        self.combos = {}
        for row, proposal in enumerate(proposals):
            combo = QComboBox()
            combo.setObjectName(f"stage_{row}")
            for stage in our_stages(store):
                combo.addItem(stage["name"], stage["id"])
            combo.setCurrentIndex(max(0, combo.findData(proposal.stage_id or fallback)))
            why = {"remembered": "as last time", "same name": "same name", "won": "won",
                   "lost": "lost"}.get(proposal.why, "nothing obvious: please choose")
            grid.addWidget(plain_label(proposal.foreign), row, 0)
            grid.addWidget(plain_label(f"{proposal.deals:,} deal{'s' * (proposal.deals != 1)}"),
                           row, 1)
            grid.addWidget(combo, row, 2)
            grid.addWidget(plain_label(why, "" if proposal.stage_id else "color: #b35c00;"),
                           row, 3)
            self.combos[proposal.foreign] = combo
        grid.setRowStretch(len(proposals), 1)

    def validatePage(self) -> bool:  # noqa: N802
        self.w.stages = {name: int(c.currentData()) for name, c in self.combos.items()}
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: CrmImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Preview (a dry run of the whole file: nothing written yet)")
        self.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self.summary = plain_label("")
        self.summary.setObjectName("crm_preview_summary")
        self.model, self.view = rows_table([], "crm_preview_table")
        self.problems, self.problems_view = rows_table(["Line", "Problem"], "crm_preview_problems")
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.view, 2)
        box.addWidget(self.problems_view, 1)

    def initializePage(self) -> None:  # noqa: N802
        parsed = self.w.parsed
        assert parsed is not None
        result = apply(self.w.store, parsed, stages=self.w.stages, dry_run=True)
        shown = SHOWN[parsed.entity]
        self.model = rows_model(["Line", "Does",
                                 *(FIELDS[parsed.entity].get(f, f) for f in shown)])
        self.view.setModel(self.model)
        self.model.set_rows([[r.line, result.plans.get(r.line, ""),
                              *(_text(r.values.get(f)) for f in shown)]
                             for r in parsed.records[:PREVIEW_ROWS]])
        self.problems.set_rows([[line, f"not linked: {what}"] for line, what in result.unlinked]
                               + [[r.line, f"rejected: {r.reason}"] for r in result.rejects])
        self.problems_view.setVisible(bool(result.unlinked or result.rejects))
        self.summary.setText(result.summary() + "." + "".join(f"\nNote: {n}"
                                                              for n in result.notes))


def _text(value: Any) -> str:
    return "" if value is None else str(value)
