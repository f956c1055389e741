"""The contacts list in SQL: which contacts a search finds, how many, and their rows a page
at a time in the list's order; the list holds ids, never every contact's row.

A search is words. A contact is found by a word when the word starts a word of its name,
email, phone, job title or notes (the search index, `_search`), of its company's name, of
one of its tags, or of one of its custom values; every word must find it. A word with
punctuation is a phrase: "grace.novak" finds grace.novak@… (whole words, the last one
a prefix). With 500,000 contacts, every step costs what its matches cost: one pass of the
search index per word counts them, and the first page is either the first entries of the
list's name index that match (when there are many) or the matches sorted (when few).
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sm_desk.core.store.contact_indexes import BLANK_NAME, SORT_NAME
from sm_desk.core.store.contacts import LIST_COLUMNS, ListRow, list_rows
from sm_desk.core.store.database import Store
from sm_desk.core.store.search_index import CODES, INDEX, SPREAD

SORTS = ("name", "email", "company", "lifecycle", "tags")
_NAME = SORT_NAME.format(c="c.") + " COLLATE NOCASE"
_NAME_INDEX = "contacts_by_list_name"
_ID_INDEX = "contacts_by_id_name"
# Up to this many matches are sorted at once (~0.6 µs each by the narrow index: 10 ms for
# 16,000), without trying a walk first (10 ms when its stretch holds too few).
_FEW = 20_000
_FROM = "contacts c {hint} LEFT JOIN companies co ON co.id = c.company_id"
# Text sort keys; blanks last in either direction, ties in name order.
_SORT_SQL = {"email": "c.email", "company": "co.name", "lifecycle": "c.lifecycle",
             "tags": "(SELECT group_concat(t.name, ', ') FROM contact_tags ct JOIN tags t "
                     "ON t.id = ct.tag_id WHERE ct.contact_id = c.id)"}
_CONTACT, _COMPANY = CODES["contact"], CODES["company"]
_OWN_SQL = (f"SELECT rowid / {SPREAD} AS id FROM {INDEX} WHERE {INDEX} MATCH ? "
            f"AND rowid % {SPREAD} = {_CONTACT}")
_WORD = re.compile(r"[^\W_]+")
_FETCH = 20_000  # ids read per round when all of them are wanted


@dataclass(frozen=True)
class ListQuery:
    text: str = ""
    lifecycle: str = ""  # a lifecycle key, or "" for all
    sort: str = "name"  # one of SORTS
    descending: bool = False


def fold(text: str) -> str:
    """Lower case without diacritics, as the search index folds (Müller = muller)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[tuple[str, ...]]:
    """What the user typed: per space-separated word, its folded tokens (a word of
    punctuation only is left out)."""
    found = [tuple(_WORD.findall(fold(word))) for word in text.split()]
    return [tokens for tokens in found if tokens]


def finds(tokens: Sequence[str], text: str) -> bool:
    """Whether the word's tokens start at a word of `text`, the last one as a prefix."""
    have = _WORD.findall(fold(text))
    *whole, last = tokens
    size = len(whole)
    return any(have[i:i + size] == whole and have[i + size].startswith(last)
               for i in range(len(have) - size))


class Listing:
    """One search, lifecycle and order over the contacts: how many it shows (`count`) of
    all (`total`), its first rows (`head`) and all its ids in order (`ids`)."""

    def __init__(self, store: Store, query: ListQuery) -> None:
        if query.sort not in SORTS:
            raise ValueError(f"unknown sort {query.sort!r}")
        self.store = store
        self.query = query
        self.total = int(store.scalar("SELECT count(*) FROM contacts"))
        # Contacts with the lifecycle (or all): what a search that finds everyone shows.
        self._universe = self.total if not query.lifecycle else int(store.scalar(
            "SELECT count(*) FROM contacts WHERE lifecycle = ?", [query.lifecycle]))
        self._found: str | None = None  # SELECT of the ids the words find (None: no words)
        self._params: list[Any] = []
        self.count = self._resolve(words(query.text))

    # -- which contacts ----------------------------------------------------------------------

    def _resolve(self, found_words: list[tuple[str, ...]]) -> int:
        """Build the SELECT of what the words find and return how many are shown."""
        if not found_words:
            return self._universe
        tags = self.store.conn.execute("SELECT id, name FROM tags").fetchall()
        selects: list[str] = []
        own = 0
        for tokens in found_words:
            parts, params, own = self._word(tokens, tags)
            if not parts:
                self._found, self._params = "SELECT 0 AS id WHERE 0", []
                return 0
            selects.append(" UNION ".join(parts))
            self._params += params
        self._found = " INTERSECT ".join(f"SELECT * FROM ({s})" for s in selects)
        if selects == [_OWN_SQL] and not self.query.lifecycle:
            count = own  # one word, only in the contacts' own text: its pass counted them
        else:
            lifecycle = (" INTERSECT SELECT id FROM contacts WHERE lifecycle = ?"
                         if self.query.lifecycle else "")
            count = int(self.store.scalar(
                f"SELECT count(*) FROM ({self._found}{lifecycle})",
                self._params + ([self.query.lifecycle] if lifecycle else [])))
        if count == self._universe:
            self._found, self._params = None, []  # finds everyone: nothing to check per row
        return count

    def _word(self, tokens: tuple[str, ...], tags: Iterable[tuple[int, str]]
              ) -> tuple[list[str], list[Any], int]:
        """SELECTs of the contacts one word finds (to be united), their parameters, and
        how many the contacts' own text holds."""
        conn = self.store.conn
        phrase = '"' + " ".join(tokens) + '"*'  # tokens are letters and digits: no quoting
        # One pass counts the contacts and the companies (name, website, industry, notes).
        own, companies = conn.execute(
            f"SELECT count(*) FILTER (WHERE rowid % {SPREAD} = {_CONTACT}), "
            f"count(*) FILTER (WHERE rowid % {SPREAD} = {_COMPANY}) "
            f"FROM {INDEX} WHERE {INDEX} MATCH ?", [phrase]).fetchone()
        parts: list[str] = []
        params: list[Any] = []
        if own:
            parts.append(_OWN_SQL)
            params.append(phrase)
        if companies:  # the company's name only
            named = [r[0] for r in conn.execute(
                f"SELECT rowid / {SPREAD} FROM {INDEX} WHERE {INDEX} MATCH ? "
                f"AND rowid % {SPREAD} = {_COMPANY}", ["{title} : " + phrase])]
            if named:
                parts.append("SELECT id FROM contacts WHERE company_id IN "
                             "(SELECT value FROM json_each(?))")
                params.append(json.dumps(named))
        tagged = [tag_id for tag_id, name in tags if finds(tokens, name)]
        if tagged:
            parts.append("SELECT contact_id AS id FROM contact_tags WHERE tag_id IN "
                         "(SELECT value FROM json_each(?))")
            params.append(json.dumps(tagged))
        custom = _custom_finds(self.store, tokens)
        if custom:
            parts.append("SELECT value AS id FROM json_each(?)")
            params.append(json.dumps(custom))
        return parts, params, int(own)

    # -- in order ----------------------------------------------------------------------------

    @property
    def pageable(self) -> bool:
        """Every contact by name: a page and a position straight from the name index (no
        need to read 500,000 ids first)."""
        return (self._found is None and not self.query.lifecycle
                and self.query.sort == "name" and not self.query.descending)

    def page(self, offset: int, limit: int) -> list[ListRow]:
        """Rows `offset` to `offset + limit` of a `pageable` listing (an index walk: ~15 ms
        to the middle of 500,000)."""
        assert self.pageable
        # The ids first, from the index alone: the skipped rows cost no row reading.
        ids = [r[0] for r in self.store.conn.execute(
            f"SELECT c.id FROM contacts c INDEXED BY {_NAME_INDEX} ORDER BY {_NAME}, c.id "
            "LIMIT ? OFFSET ?", [limit, offset])]
        return rows_of(self.store, ids)

    def position(self, contact_id: int) -> int | None:
        """Where the contact stands in a `pageable` listing (None: no such contact)."""
        assert self.pageable
        key = self.store.conn.execute(f"SELECT {_NAME} FROM contacts c WHERE c.id = ?",
                                      [contact_id]).fetchone()
        if key is None:
            return None
        before = f"SELECT count(*) FROM contacts c INDEXED BY {_NAME_INDEX} WHERE {_NAME}"
        return int(self.store.scalar(f"{before} < ?", [key[0]])) + int(self.store.scalar(
            f"{before} = ? AND c.id < ?", [key[0], contact_id]))

    def head(self, limit: int) -> list[ListRow]:
        """The first `limit` rows, in order."""
        if not self.count:
            return []
        if self._name_order():
            if self._found is None and self._walks(few=True):
                where, params = self._where()
                return self.store.conn.execute(
                    f"SELECT {LIST_COLUMNS} FROM "
                    f"{_FROM.format(hint='INDEXED BY ' + _NAME_INDEX)}{where} "
                    f"ORDER BY {_NAME}, c.id LIMIT ?", [*params, limit]).fetchall()
            if self._found is not None and self.count > _FEW:
                ids = self._walk_start(limit)
                if ids is not None:
                    return rows_of(self.store, ids)
        return rows_of(self.store, self._sorted_ids(limit))

    def ids(self) -> array[int]:
        """Every id shown, in order (8 bytes each)."""
        result: array[int] = array("q")
        if not self.count:
            return result
        if self._name_order() and self._walks(few=False):
            where, params = self._where()
            cursor = self.store.conn.execute(
                f"SELECT c.id FROM contacts c INDEXED BY {_NAME_INDEX}{where} "
                f"ORDER BY {_NAME}, c.id", params)
            while chunk := cursor.fetchmany(_FETCH):
                result.extend(row[0] for row in chunk)
        else:
            result.extend(self._sorted_ids(None))
        return result

    def _name_order(self) -> bool:
        return self.query.sort == "name" and not self.query.descending

    def _where(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if self._found is not None:
            where.append(f"c.id IN ({self._found})")
            params += self._params
        if self.query.lifecycle:
            where.append("c.lifecycle = ?")
            params.append(self.query.lifecycle)
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def _walk_start(self, limit: int) -> list[int] | None:
        """The first matches in name order from a walk of the index's first stretch (what
        should hold `limit` of them if they are spread evenly, four times over, and at
        least 30,000 contacts: names gather, "weber" is "Ada Weber", then "Bea Weber"
        16,000 contacts later in the xlarge demo); None if it holds fewer: matches that
        gather late in the alphabet ("zo") are sorted instead. The stretch ends at a name
        (its last entry's): the walk is a range of the index in its order, and stops at
        the `limit`-th match (~0.3 µs a contact: 10 ms for 30,000)."""
        stretch = min(self.total, max(30_000, 4 * limit * self.total // self.count))
        bound = self.store.conn.execute(
            f"SELECT {_NAME} FROM contacts c INDEXED BY {_NAME_INDEX} ORDER BY {_NAME} "
            "LIMIT 1 OFFSET ?", [stretch - 1]).fetchone()
        if bound is None:
            return None
        where, params = self._where()
        ids = [r[0] for r in self.store.conn.execute(
            f"SELECT c.id FROM contacts c INDEXED BY {_NAME_INDEX}{where} AND {_NAME} <= ? "
            f"ORDER BY {_NAME}, c.id LIMIT ?", [*params, bound[0], limit])]
        return ids if len(ids) == min(limit, self.count) else None

    def _sorted_ids(self, limit: int | None) -> list[int]:
        """The ids in order by sorting: the matches read by id (the search's ids drive
        the loop), or every contact (of the lifecycle). Contacts without a name or email
        come last in either direction."""
        query = self.query
        direction = " DESC" if query.descending else ""
        source = "contacts c"
        where: list[str] = []
        params: list[Any] = []
        if self._found is not None:
            # CROSS JOIN: the matches first; by name, their entries in the narrow index.
            narrow = f" INDEXED BY {_ID_INDEX}" if query.sort == "name" else ""
            source = f"({self._found}) found CROSS JOIN contacts c{narrow} ON c.id = found.id"
            params += self._params
        if query.lifecycle:
            where.append("c.lifecycle = ?")
            params.append(query.lifecycle)
        if query.sort != "name":
            key = _SORT_SQL[query.sort]
            source += " LEFT JOIN companies co ON co.id = c.company_id"
            parts = [(where, f"coalesce({key}, '') = '', {key} COLLATE NOCASE{direction}, "
                             f"{_NAME}, c.id")]
        elif not query.descending:  # blanks sort last: their name is U+10FFFF
            parts = [(where, f"{_NAME}, c.id")]
        elif self._found is not None:
            parts = [(where, f"{_NAME} = {BLANK_NAME}, {_NAME} DESC, c.id")]
        else:  # every contact by name backwards: the index read backwards, blanks after
            parts = [([*where, f"{_NAME} < {BLANK_NAME}"], f"{_NAME} DESC, c.id"),
                     ([*where, f"{_NAME} = {BLANK_NAME}"], "c.id")]
        ids: list[int] = []
        for conditions, order in parts:
            sql = (f"SELECT c.id FROM {source}"
                   + (" WHERE " + " AND ".join(conditions) if conditions else "")
                   + f" ORDER BY {order}")
            if limit is not None:
                sql += f" LIMIT {limit - len(ids)}"
            ids += [r[0] for r in self.store.conn.execute(sql, params)]
        return ids

    def _walks(self, few: bool) -> bool:
        """Walk the name index rather than sort? A walk costs about the contacts it
        passes (0.3 µs each), a sort about the matches (1.3 µs each, read by id, then
        sorted). For the first page a walk passes ~total * page / count contacts; for
        all ids, every contact."""
        if few:
            return self.count * self.count > 15 * self.total
        return self.count * 5 > self.total


def rows_of(store: Store, ids: Sequence[int]) -> list[ListRow]:
    """List rows for `ids`, in that order (a contact deleted meanwhile: a blank row)."""
    found = {row[0]: row for row in list_rows(store, ids)}
    return [found.get(i) or (i, "", "", "", "", "", "") for i in ids]


def field_values(store: Store, field_id: int) -> dict[int, str]:
    """contact id -> stored value of one custom field (for sorting by its column)."""
    return dict(store.conn.execute(
        "SELECT contact_id, value FROM custom_values WHERE field_id = ? "
        "AND contact_id IS NOT NULL", [field_id]).fetchall())


def _custom_finds(store: Store, tokens: tuple[str, ...]) -> list[int]:
    """Contacts with a custom value the word finds. LIKE narrows (ASCII case only), then
    the words are compared; yes/no fields read as "yes" and "no"."""
    pattern = "%" + max(tokens, key=len) + "%"
    rows = store.conn.execute(
        "SELECT cv.contact_id, f.kind, cv.value FROM custom_values cv "
        "JOIN custom_fields f ON f.id = cv.field_id WHERE f.entity = 'contacts' "
        "AND cv.contact_id IS NOT NULL AND (f.kind = 'yesno' OR cv.value LIKE ?)",
        [pattern]).fetchall()
    found: set[int] = set()
    for contact_id, kind, value in rows:
        text = ("yes" if value == "1" else "no") if kind == "yesno" else value
        if finds(tokens, text):
            found.add(contact_id)
    return sorted(found)
