"""The Store: one SQLite file, opened safely, written only in named steps.

Opening checks the file before anything writes to it, so a file that is not
ours, damaged, too new or in use is refused and left exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.store import schema
from sm_desk.core.store.errors import (
    CorruptDatabase,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    MissingDatabase,
    MissingFolder,
    NotSmDeskDatabase,
    StoreError,
    fault,
)
from sm_desk.core.store.lock import FileLock
from sm_desk.core.store.undo import Changes, Row, RowChange, UndoStack, UndoStep

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# Rows in one step from which the bulk paths pay off: a rollback journal for the step,
# and (into a smaller table) rebuilding its indexes once instead of row by row.
LARGE_WRITE_ROWS = 5000
Listener = Callable[[Changes], None]


def _dict_factory(cursor: sqlite3.Cursor, row: Sequence[Any]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


# Tables whose rows are the user's business: a file holding any is not "empty".
BUSINESS_TABLES = ("contacts", "companies", "campaigns", "touches", "deals", "tasks")

class Store:
    """An open SM Desk database. Create with `Store.open(path)` or `Store.memory()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, lock: FileLock | None,
                 readonly: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self._db: Database | None = None
        self._step: Step | None = None
        self._listeners: list[Listener] = []
        self._columns: dict[str, list[str]] = {}
        self._children: dict[str, list[tuple[str, str, str]]] | None = None
        self.undo_stack = UndoStack()
        self._closed = False

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], readonly: bool = False,
             create: bool = True) -> Store:
        """Open (or, with `create`, create) the database at `path`; raise a StoreError
        subclass naming the fault to refuse it: the file is then left as it was.

        A file the user may not write is opened read-only (they can look and export).
        """
        if not str(path).strip():
            raise MissingDatabase("''", "an empty path names no file")
        path = Path(path).expanduser().absolute()
        if not path.parent.is_dir():
            raise MissingFolder(path, f"the folder {path.parent} does not exist")
        exists = path.exists()
        if not exists and (readonly or not create):
            raise MissingDatabase(path)
        _check_header(path)
        folder_writable = os.access(path.parent, os.W_OK)
        if not exists and not folder_writable:
            raise DatabaseReadOnly(path, f"the folder {path.parent} cannot be written")
        # SQLite writes a journal beside the file: a folder we cannot write means read-only.
        readonly = readonly or not folder_writable or (exists and not os.access(path, os.W_OK))
        lock = FileLock(path.resolve())  # two names of one file share one lock
        try:
            locked = lock.acquire()
        except OSError:  # cannot create the side file: a read-only folder
            locked, readonly, lock = True, True, None  # type: ignore[assignment]
        if not locked:
            raise DatabaseLocked(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path, readonly, folder_writable)
            # A full quick_check costs ~0.2 s on a large file: run it when the last
            # session did not close cleanly (a crash) or the file came from elsewhere;
            # otherwise the cheap checks (size, schema, each table's newest page).
            pending = _inspect(conn, path, verify=lock is None or not lock.was_clean)
            if pending and readonly:
                raise DatabaseReadOnly(path, "it needs an upgrade that cannot be written")
            store = cls(conn, path, lock, readonly)
            store._configure()
            if pending:
                store._migrate()
            return store
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.release()
            if isinstance(exc, sqlite3.Error):
                raise fault(exc, path) from exc
            raise

    @classmethod
    def reader(cls, path: Path) -> Store:
        """A second, query-only connection to an open file, for a thread that only reads
        (the report, the dashboard's figures): no lock (the window's store holds it), and
        WAL lets it read while the window writes. Close it on the thread that opened it."""
        conn = sqlite3.connect(path, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise fault(exc, path) from exc
        return cls(conn, path, None, readonly=True)

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory database with the full schema (tests, dry runs)."""
        conn = sqlite3.connect(":memory:")
        store = cls(conn, None, None)
        store._configure()
        store._migrate()
        return store

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None and not self.readonly:
            # WAL: readers never block the writer. FULL: a commit survives power loss.
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        schema.migrations().apply(self.db)  # type: ignore[attr-defined]
        self._columns.clear()
        self._children = None

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.conn is not None:
            if self.path is not None and not self.readonly:
                with suppress(sqlite3.Error):  # fold the WAL back: the file is whole on its own
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, imported on first use."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- reading -------------------------------------------------------------------------

    def cursor(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Rows as dicts (the connection itself keeps tuples, which sqlite-utils expects)."""
        return _dict_cursor(self.conn, sql, params)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return self.cursor(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        result: Row | None = self.cursor(sql, params).fetchone()
        return result

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def get(self, table: str, row_id: int) -> Row | None:
        self.columns(table)  # validates the name
        return self.query_one(f"SELECT * FROM {table} WHERE id = ?", [row_id])

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            names = [r["name"] for r in self.query(f"PRAGMA table_info({table})")]
            if not names:
                raise KeyError(f"no table {table!r}")
            self._columns[table] = names
        return self._columns[table]

    def tables(self) -> list[str]:
        return [r["name"] for r in self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")]

    def has_business_data(self) -> bool:
        """True once any business table holds a row (an EXISTS probe, not a count: cheap on big files)."""
        return any(self.scalar(f"SELECT EXISTS (SELECT 1 FROM {t})") for t in BUSINESS_TABLES)

    def counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f"SELECT count(*) FROM {t}")) for t in self.tables()}

    def setting(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else json.loads(value)

    def applied_migrations(self) -> list[str]:
        return [r["name"] for r in self.query(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [schema.MIGRATION_SET])]

    def integrity_problems(self, quick: bool = False) -> list[str]:
        """Empty when SQLite's integrity (or quick) check and the foreign keys pass."""
        pragma = "quick_check" if quick else "integrity_check"
        problems = [r[pragma] for r in self.query(f"PRAGMA {pragma}") if r[pragma] != "ok"]
        problems += [f"{r['table']} row {r['rowid']} points to a missing {r['parent']}"
                     for r in self.query("PRAGMA foreign_key_check")]
        return problems

    # -- writing -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(changes)` after every committed step, undo and redo."""
        self._listeners.append(listener)

    def _notify(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)

    @contextmanager
    def step(self, label: str, *, undoable: bool = True, large: bool = False
             ) -> Iterator[Step]:
        """One transaction named for the user ("Move touch"). Nested steps join the outer one.

        Everything written inside commits together or not at all. An undoable step
        can be undone as a whole; bulk work (imports, demo data) is not recorded
        and clears the undo history, since the recorded rows would no longer match.
        `large`: LARGE_WRITE_ROWS rows or more (see `_rollback_journal`).
        """
        if self.readonly:
            raise DatabaseReadOnly(self.path or ":memory:", "it was opened read-only")
        if self._step is not None:
            yield self._step
            return
        step = Step(self, label, record=undoable)
        self._step = step
        try:
            with self._rollback_journal(large), self.db.atomic():
                yield step
        finally:
            self._step = None
        if step.summary:
            if undoable:
                self.undo_stack.push(step.undo)
            else:
                self.undo_stack.clear()
            self._notify(step.summary)

    @contextmanager
    def _rollback_journal(self, wanted: bool) -> Iterator[None]:
        """Write one large transaction through a rollback journal, then go back to WAL.

        WAL writes every page twice (to the log, then the checkpoint copies it into the
        file) and SQLite's docs say it "does not work well for very large transactions";
        a rollback journal writes new pages once and journals only the pages that were
        there before, just as safe with synchronous=FULL: a crash rolls it back on the
        next open. 100k imported contacts: ~0.17 s less. Needs the only connection: when
        the switch is refused, the write goes through WAL as usual."""
        if not wanted or self.path is None:
            yield
            return
        try:
            switched = self.scalar("PRAGMA journal_mode = DELETE") == "delete"
        except sqlite3.Error:
            switched = False
        try:
            yield
        finally:
            if switched:
                with suppress(sqlite3.Error):  # else the next open sets WAL again
                    self.conn.execute("PRAGMA journal_mode = WAL")

    @property
    def undo_label(self) -> str | None:
        return self.undo_stack.undo_label

    @property
    def redo_label(self) -> str | None:
        return self.undo_stack.redo_label

    def undo(self) -> Changes:
        step = self.undo_stack.pop_undo()
        if step is None:
            return Changes()
        with self.db.atomic():
            for change in reversed(step.changes):
                self._put(change.table, change.id, change.after, change.before)
        self.undo_stack.undone(step)
        summary = step.summary()
        self._notify(summary)
        return summary

    def redo(self) -> Changes:
        step = self.undo_stack.pop_redo()
        if step is None:
            return Changes()
        with self.db.atomic():
            for change in step.changes:
                self._put(change.table, change.id, change.before, change.after)
        self.undo_stack.redone(step)
        summary = step.summary()
        self._notify(summary)
        return summary

    def _put(self, table: str, row_id: int, current: Row | None, target: Row | None) -> None:
        """Make row `row_id` of `table` equal `target` (None: absent)."""
        if target is None:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        elif current is None:
            self._insert_row(table, target)
        else:
            self._update_row(table, row_id, target)

    def _insert_row(self, table: str, values: Row) -> int:
        names = self._checked(table, values)
        marks = ", ".join("?" for _ in names)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
            [values[n] for n in names])
        return int(cursor.lastrowid or 0)

    def _update_row(self, table: str, row_id: int, values: Row) -> None:
        names = [n for n in self._checked(table, values) if n != "id"]
        if names:
            assignments = ", ".join(f"{n} = ?" for n in names)
            self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                              [values[n] for n in names] + [row_id])

    def _checked(self, table: str, values: Row) -> list[str]:
        known = self.columns(table)
        unknown = set(values) - set(known)
        if unknown:
            raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
        return [n for n in known if n in values]

    def delete_impact(self, table: str, row_id: int) -> dict[str, int]:
        """What deleting the row takes with it ({'touches': 12, 'activities': 30}) and what
        it unlinks ({'deals (unlinked)': 3}), so a confirmation can say exactly that."""
        impact: dict[str, int] = {}
        for child, column, on_delete in self.children(table):
            ids = [r["id"] for r in self.query(
                f"SELECT id FROM {child} WHERE {column} = ?", [row_id])]
            if not ids:
                continue
            if on_delete == "CASCADE":
                impact[child] = impact.get(child, 0) + len(ids)
                for child_id in ids:
                    for name, count in self.delete_impact(child, child_id).items():
                        impact[name] = impact.get(name, 0) + count
            elif on_delete == "SET NULL":
                key = f"{child} (unlinked)"
                impact[key] = impact.get(key, 0) + len(ids)
        return impact

    def children(self, table: str) -> list[tuple[str, str, str]]:
        """(child table, column, on_delete) for every foreign key that points at `table`."""
        if self._children is None:
            graph: dict[str, list[tuple[str, str, str]]] = {}
            for child in self.tables():
                for fk in self.query(f"PRAGMA foreign_key_list({child})"):
                    graph.setdefault(fk["table"], []).append((child, fk["from"], fk["on_delete"]))
            self._children = graph
        return self._children.get(table, [])


class Step:
    """The writes of one named step. Every write goes through here, so undo sees it."""

    def __init__(self, store: Store, label: str, record: bool) -> None:
        self.store = store
        self.undo = UndoStep(label)
        self.summary = Changes()
        self._record = record

    def _log(self, table: str, row_id: int, before: Row | None, after: Row | None) -> None:
        self.summary.add(table, row_id)
        if self._record:
            self.undo.changes.append(RowChange(table, row_id, before, after))

    def insert(self, table: str, values: Row) -> int:
        row_id = self.store._insert_row(table, values)
        self._log(table, row_id, None, self.store.get(table, row_id) if self._record else None)
        return row_id

    def update(self, table: str, row_id: int, values: Row) -> bool:
        """Write `values` into the row; True when anything actually changed."""
        before = self.store.get(table, row_id)
        if before is None:
            raise LookupError(f"{table} {row_id} does not exist")
        if "updated_at" in before and "updated_at" not in values:
            values = {**values, "updated_at": to_iso(now_utc())}
        if all(before.get(k) == v for k, v in values.items() if k != "updated_at"):
            return False
        self.store._update_row(table, row_id, values)
        self._log(table, row_id, before, self.store.get(table, row_id))
        return True

    def delete(self, table: str, row_id: int) -> None:
        """Delete a row and, first, what depends on it, so undo can put all of it back."""
        before = self.store.get(table, row_id)
        if before is None:
            return
        for child, column, on_delete in self.store.children(table):
            if on_delete not in ("CASCADE", "SET NULL"):
                continue
            for row in self.store.query(f"SELECT id FROM {child} WHERE {column} = ?", [row_id]):
                if on_delete == "CASCADE":
                    self.delete(child, row["id"])
                else:
                    self.update(child, row["id"], {column: None})
        self.store.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        self._log(table, row_id, before, None)

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Bulk insert (imports, demo data): fast, and recorded only as "table changed"."""
        self.store._checked(table, dict.fromkeys(columns))
        marks = ", ".join("?" for _ in columns)
        cursor = self.store.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        self._record = False  # bulk rows are not kept for undo; the stack is cleared
        self.summary.add(table, None)
        return cursor.rowcount

    def set_setting(self, key: str, value: Any) -> None:
        encoded = json.dumps(value)
        row = self.store.query_one("SELECT id FROM settings WHERE key = ?", [key])
        if row is None:
            self.insert("settings", {"key": key, "value": encoded})
        else:
            self.update("settings", row["id"], {"value": encoded})

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A set-based write that undo cannot see; only for store modules' bulk work."""
        return self.store.conn.execute(sql, params).rowcount


def _dict_cursor(conn: sqlite3.Connection, sql: str,
                 params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = _dict_factory
    return cursor.execute(sql, params)


def _check_header(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(path, exc.strerror or str(exc)) from exc
    if header[:len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise NotSmDeskDatabase(path, "it is not an SQLite file")
    journals = [path.with_name(path.name + side) for side in ("-wal", "-journal")]
    if len(header) < 100 or any(j.exists() and j.stat().st_size for j in journals):
        return  # a journal may hold the newest size, or roll a half-written one back
    size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if size == 1 else size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if counter_valid and pages * page_size > path.stat().st_size:
        raise CorruptDatabase(path, f"it is cut short: {path.stat().st_size:,} bytes of "
                                    f"{pages * page_size:,}")


def _connect(path: Path, readonly: bool, folder_writable: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if not readonly:
        return sqlite3.connect(path, timeout=timeout)
    journals = [path.with_name(path.name + side) for side in ("-wal", "-journal")]
    if any(j.exists() and j.stat().st_size for j in journals):  # SQLite must read them too
        if not folder_writable:
            raise DatabaseReadOnly(path, "its journal holds changes that need a folder "
                                         "it can write; open it once where it can")
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=timeout)
    # Nothing to fold in, and no other copy writes it while we hold the lock: read the
    # file as it stands, without the -wal/-shm side files a read-only place cannot take.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, timeout=timeout)


def _newest_pages(conn: sqlite3.Connection) -> None:
    """Read each table's last row: its b-tree's right edge, where new rows are written
    (well under a millisecond in all; a damaged page there says 'malformed')."""
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        text = (sql or "").upper()
        if "WITHOUT ROWID" not in text and not text.startswith("CREATE VIRTUAL"):
            conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid DESC LIMIT 1').fetchall()


def _inspect(conn: sqlite3.Connection, path: Path, verify: bool) -> list[str]:
    """Refuse what we must not touch; return the migrations still to apply."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == schema.APPLICATION_ID:
            if verify:
                problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
                if problems != ["ok"]:
                    raise CorruptDatabase(path, "; ".join(problems))
            else:
                _newest_pages(conn)
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_NOTADB:
            raise CorruptDatabase(path, str(exc)) from exc  # the header said SQLite
        raise fault(exc, path) from exc
    if app_id != schema.APPLICATION_ID:
        if app_id == 0 and not tables:
            return [name for name, _ in schema.MIGRATIONS]  # a new, empty file
        raise NotSmDeskDatabase(path, "it belongs to another program")
    applied = set()
    if "_sqlite_migrations" in tables:
        applied = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET])}
    if applied - schema.KNOWN_NAMES:
        raise DatabaseTooNew(path, f"unknown migration {sorted(applied - schema.KNOWN_NAMES)[0]}")
    return [name for name, _ in schema.MIGRATIONS if name not in applied]
