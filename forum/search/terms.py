"""What a reader typed into the search box, read once into terms both databases understand.

The syntax is PostgreSQL's websearch_to_tsquery: words must all appear, "quoted words" as a
phrase, `or` between two terms accepts either, `-word` excludes. Anything else (punctuation,
operators of other syntaxes, control characters) is only a separator, so no input is an error.
PostgreSQL is given the cleaned text itself; SQLite gets the same terms as an FTS5 query whose
every word is quoted, so no FTS5 syntax can come from the reader.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200  # longer than any real search; a cap on the work one request can ask for
MAX_TERMS = 16  # beyond this a query matches nothing useful and only costs time

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")


class QueryTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"'

    def websearch(self) -> str:
        return self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'


@dataclass
class SearchTerms:
    # Every group must match; a group matches if any of its terms does ("or").
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_meaningful(self) -> bool:
        """A search needs at least one word to find: exclusions alone would list everything."""
        return bool(self.groups)

    @property
    def has_phrase(self) -> bool:
        """Whether a wanted term is a phrase (more than one word)."""
        return any(len(term.words) > 1 for group in self.groups for term in group)

    def websearch(self) -> str:
        """The query in websearch_to_tsquery's syntax, rebuilt from the terms read."""
        parts = [" or ".join(term.websearch() for term in group) for group in self.groups]
        parts.extend(f"-{term.websearch()}" for term in self.excluded)
        return " ".join(parts)

    def fts5(self) -> str:
        """The same query for SQLite's FTS5: quoted terms only, so nothing the reader typed is syntax."""
        wanted = " AND ".join(
            "(" + " OR ".join(term.fts5() for term in group) + ")" if len(group) > 1 else group[0].fts5()
            for group in self.groups
        )
        if not self.excluded:
            return wanted
        return f"({wanted}) NOT (" + " OR ".join(term.fts5() for term in self.excluded) + ")"


def clean_query(raw: str) -> str:
    """The query as the page shows it back: control characters become spaces, runs of space one."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryTooLong(f"Searches are limited to {MAX_QUERY_LENGTH} characters.")
    return without_control_characters(raw)


def without_control_characters(raw: str) -> str:
    """Control characters (NUL among them, which PostgreSQL refuses in text) as spaces, runs of space as one."""
    return " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in raw).split())


def read_terms(query: str) -> SearchTerms:
    """Read a cleaned query into its terms (see the module's docstring for the syntax)."""
    terms = SearchTerms()
    either = False  # the previous token was "or"
    count = 0
    for match in _TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        text = match.group(2) if match.group(2) is not None else match.group(4)
        if not negated and match.group(4) is not None and text.lower() == "or" and terms.groups:
            either = True
            continue
        words = tuple(word.lower() for word in _WORD.findall(text))
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        term = Term(words)
        if negated:
            terms.excluded.append(term)
        elif either:
            terms.groups[-1].append(term)
        else:
            terms.groups.append([term])
        either = False
    return terms
