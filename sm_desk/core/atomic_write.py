"""Every file SM Desk writes appears whole or not at all.

    with replacing(target) as tmp:      # a temporary name in the target's own folder
        tmp.write_bytes(data)           # or open(tmp, "w") ... or any writer that takes a path

On success the temporary file is fsynced, renamed over the target (atomic on one file
system) and the folder fsynced, so a crash or a full disk leaves the previous file as it
was. On any failure the temporary file is removed and the error goes on.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], mode: int | None = None) -> Iterator[Path]:
    """`mode`: the new file's permissions (default: the old file's, else 0o644)."""
    target = Path(target).expanduser()
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                    dir=target.parent if str(target.parent) else ".")
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        _fsync(target.parent, directory=True)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with replacing(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    write_bytes(target, text.encode(encoding))


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and os.name == "nt":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

