"""Lexical search over claims: SQLite's FTS5 full-text index, ranked by BM25.

Dense search misses a source sentence whose wording is far from the claim's although it names
the same rare things ("Piranha 3D grossed $83 million" and a long sentence of the film's page);
the words finder catches those. It lives in the store's own SQLite file, so it is written in
the same transactions as the claims (an interrupted run leaves both as they were), updated file
by file, and merged with them. A claim is indexed by its content words (`checker.terms`) and its
document title's, the words it is read with; FTS5's vocabulary table gives each word's document
frequency, which weighs shared words (`checker.terms.idf`).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

from checker.terms import weights_of

# The table, part of the store's schema (created with it, under its error handling); the
# vocabulary view is this connection's own (temp), so opening one writes nothing to the store.
TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS claim_words USING fts5(words, detail=none)"
_COUNTS = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.claim_word_counts USING fts5vocab(main, claim_words, row)"
# A query uses only the claim's words that at most this share of the claims hold (and at least
# `RARE_WORD_CLAIMS`): a word in one claim of a hundred says little about which fact a sentence
# states, and its long list of claims is what makes a query slow (0.9 s → 0.2 s for fifty
# queries at 100k claims, bench/RESULTS.md).
RARE_WORD_SHARE = 0.01
RARE_WORD_CLAIMS = 100
# ...and of those, the five rarest: 20,000 claims querying each other (sources checked against
# each other) took 15.6 s with every rare word, 6.5 s with five (`bench/word_queries.py`), for
# the same VitaminC scores.
QUERY_WORDS = 5
_IN_CHUNK = 500  # values per "IN (...)": under SQLite's oldest limit of 999 parameters


class WordIndex:
    """The words of claims named by int ids, in the FTS5 table `TABLE` of `db`. Writes go
    through the caller's transactions."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.execute(_COUNTS)

    @classmethod
    def in_memory(cls, words: Sequence[frozenset[str]]) -> "WordIndex":
        """An index of these claims' words, the claim at position i named i."""
        db = sqlite3.connect(":memory:")
        db.execute(TABLE)
        index = cls(db)
        index.add(enumerate(words))
        return index

    def add(self, rows: Iterable[tuple[int, frozenset[str]]]) -> None:
        self._db.executemany("INSERT INTO claim_words (rowid, words) VALUES (?, ?)",
                             ((i, " ".join(sorted(words))) for i, words in rows))

    def remove_where(self, ids_query: str, *parameters: object) -> None:
        """Drop the claims whose ids `ids_query` selects."""
        self._db.execute(f"DELETE FROM claim_words WHERE rowid IN ({ids_query})", parameters)

    def size(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM claim_words").fetchone()[0]

    def frequencies(self, words: set[str]) -> dict[str, int]:
        """How many claims hold each of `words` (words none holds are left out)."""
        ordered, found = sorted(words), {}
        for start in range(0, len(ordered), _IN_CHUNK):
            chunk = ordered[start:start + _IN_CHUNK]
            found.update(self._db.execute(
                f"SELECT term, doc FROM claim_word_counts WHERE term IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def weights(self, words: set[str], leave_out: Iterable[frozenset[str]] = ()) -> dict[str, float]:
        """Each word's weight (`checker.terms.idf`) among the indexed claims, as if the claims
        whose words `leave_out` lists were not indexed."""
        frequencies, claims = self.frequencies(words), self.size()
        for held in leave_out:
            claims -= 1
            for word in held & words:
                frequencies[word] = max(frequencies.get(word, 0) - 1, 0)
        return weights_of(words, frequencies, claims)

    def search(self, queries: Sequence[frozenset[str]], limit: int,
               within: Iterable[int] | None = None) -> list[list[int]]:
        """For each query (a claim's words), the ids of up to `limit` claims sharing the rarest
        of its words, best BM25 score first; only claims whose ids `within` lists, if given."""
        frequencies = self.frequencies(set().union(*queries)) if queries else {}
        common = max(RARE_WORD_CLAIMS, RARE_WORD_SHARE * self.size())
        sql = "SELECT rowid FROM claim_words WHERE claim_words MATCH ?"
        if within is not None:
            # A table of this connection's own (temp): filtering inside the search keeps `limit`
            # results of the allowed claims, however many others rank above them.
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS search_within (id INTEGER PRIMARY KEY)")
            self._db.execute("DELETE FROM temp.search_within")
            self._db.executemany("INSERT INTO temp.search_within VALUES (?)", ((int(i),) for i in within))
            sql += " AND rowid IN (SELECT id FROM temp.search_within)"
        found = []
        for words in queries:
            rare = sorted((w for w in words if 0 < frequencies.get(w, 0) <= common),
                          key=lambda w: (frequencies[w], w))[:QUERY_WORDS]
            query = " OR ".join(f'"{word}"' for word in rare)  # words are letters only (`checker.terms`)
            found.append([i for (i,) in self._db.execute(sql + " ORDER BY rank LIMIT ?", (query, limit))]
                         if rare and limit > 0 else [])
        return found
