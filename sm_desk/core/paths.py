"""Where the user's data lives by default."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sm-desk"
DB_NAME = "sm-desk.db"


def data_dir() -> Path:
    """The user's private data folder (created 0700: nobody else may read it)."""
    override = os.environ.get("SM_DESK_DATA_DIR")
    if override:
        folder = Path(override).expanduser().absolute()  # a relative or ~ value works too
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def default_db_path() -> Path:
    return data_dir() / DB_NAME


# Folder names that sync clients use. A live SQLite file in them can be torn by the sync.
CLOUD_MARKERS = {
    "dropbox": "Dropbox", "onedrive": "OneDrive", "icloud drive": "iCloud",
    "mobile documents": "iCloud", "com~apple~clouddocs": "iCloud", "google drive": "Google Drive",
    "googledrive": "Google Drive", "my drive": "Google Drive",
}


def cloud_service(path: Path) -> str | None:
    """The sync service whose folder holds `path`, if any ('OneDrive - Acme' counts too)."""
    for part in path.expanduser().absolute().parts:
        lowered = part.lower()
        for marker, service in CLOUD_MARKERS.items():
            if lowered == marker or lowered.startswith(marker + " - ") or (
                    marker == "onedrive" and lowered.startswith("onedrive")):
                return service
    return None
