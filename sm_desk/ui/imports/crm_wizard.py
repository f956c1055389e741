"""File > Import deals, companies or activities…: the wizard over sm_desk.io.crm_import
(the pages are in crm_pages); LinkedIn's Connections.csv goes straight to its import. Everything is written in one step at the end; Cancel or
any failure writes nothing; the import can be undone from its last page or the history."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from sm_desk.core.store import Store
from sm_desk.io.crm_import import CrmResult, Parsed
from sm_desk.io.csv_rows import CsvSource
from sm_desk.ui.imports.crm_pages import FilePage, MappingPage, PreviewPage, StagePage
from sm_desk.ui.imports.crm_result import ResultPage


class CrmImportWizard(QWizard):
    def __init__(self, store: Store, parent: QWidget | None = None, say: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.say = say or (lambda _text: None)
        self.setWindowTitle("Import deals, companies or activities")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.source: CsvSource | None = None
        self.entity = "deals"
        self.layout_key = ""
        self.zone = ""
        self.parsed: Parsed | None = None
        self.stages: dict[str, int] = {}
        self.import_result: CrmResult | None = None
        self.cancel_event = threading.Event()
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.stage_page = StagePage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        self.addPage(self.file_page)
        self.mapping_id = self.addPage(self.mapping_page)
        self.stage_id = self.addPage(self.stage_page)
        self.preview_id = self.addPage(self.preview_page)
        self.result_id = self.addPage(self.result_page)
        self.resize(900, 600)

    def reject(self) -> None:
        self.cancel_event.set()
        super().reject()


def import_crm_command(window: Any) -> CrmImportWizard:
    """File > Import deals, companies or activities…"""
    wizard = CrmImportWizard(window.ctx.store, window, window.ctx.say)
    window.crm_import = wizard
    wizard.open()
    return wizard
