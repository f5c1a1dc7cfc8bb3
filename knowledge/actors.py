"""Actor names: normalisation of the many spellings copy uses, and resolution to one actor.

Resolution goes from cheap and certain to costly and doubtful: the alias as written,
its normalised key, generated initials, a title that names a role, and only then a
fuzzy score over a small block of candidates. A fuzzy match is accepted only above a
cut-off and clearly ahead of the next actor; otherwise the caller gets a did-you-mean
list.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from rapidfuzz import fuzz, process

from knowledge.sentences import AsciiFast, Rebuilt, words_in

__all__ = [
    "ActorEntry",
    "ActorIndex",
    "Candidate",
    "Resolution",
    "initials",
    "normalise",
    "strip_titles",
]

_ARTICLES: Final = {"al", "el", "ul", "the"}
_STOP_IN_INITIALS: Final = {"of", "the", "and", "for", "al", "el", "in"}
_TRANSLIT: Final = (
    ("isation", "ization"),
    ("ou", "u"),
    ("dh", "d"),
    ("kh", "k"),
    ("th", "t"),
    ("ph", "f"),
    ("gh", "g"),
    ("q", "k"),
    ("z", "d"),
    ("e", "i"),
    ("o", "u"),
    ("y", "i"),
)
_REPEAT: Final = re.compile(r"(.)\1+")
_FIRST_RUN: Final = re.compile(r"\w+")
_SPAN_WORD: Final = AsciiFast(re.compile(r"[\w][\w'’.-]*[\w.]|[\w]"))
_NON_WORD: Final = re.compile(r"[^a-z0-9]+")
_APOSTROPHES: Final = re.compile(r"['’‘`ʼʻ]")

# Titles that precede a name in copy; a query made only of a title names a role.
_TITLES: Final = {
    "pm": "prime minister",
    "prime minister": "prime minister",
    "premier": "prime minister",
    "fm": "foreign minister",
    "foreign minister": "foreign minister",
    "president": "president",
    "speaker": "speaker",
    "secretary of state": "secretary of state",
    "acting defense secretary": "defense secretary",
    "defense secretary": "defense secretary",
    "national security adviser": "national security adviser",
    "spokesman": "spokesman",
    "army colonel": "",
    "colonel": "",
    "col": "",
    "general": "",
    "gen": "",
    "mp": "",
    "mr": "",
    "mrs": "",
    "ms": "",
    "dr": "",
    "sheikh": "",
    "minister": "",
    "us": "",
    "the": "",
}
_TITLE_ORDER: Final = sorted(_TITLES, key=lambda t: -len(t))

FUZZY_CUTOFF: Final = 85.0
FUZZY_MARGIN: Final = 6.0
SUGGEST_CUTOFF: Final = 70.0
MIN_FUZZY_LEN: Final = 4
PARTIAL_WEIGHT: Final = 0.85
SHORT_ALIAS: Final = 3


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return _NON_WORD.sub(" ", stripped).strip()


def _translit(token: str) -> str:
    for old, new in _TRANSLIT:
        token = token.replace(old, new)
    return _REPEAT.sub(r"\1", token)


def normalise(text: str) -> str:
    """Fold a name to a key that its common spellings share.

    >>> normalise("Mustafa Al-Kazemi") == normalise("mustafa al-Kadhimi")
    True
    """
    tokens = [t for t in _fold(text).split() if t not in _ARTICLES]
    return " ".join(_translit(t) for t in tokens)


def initials(name: str) -> str:
    """Initials of a multi-word organisation name: 'Asaib Ahl al-Haq' -> 'AAH'."""
    words = [w for w in _fold(name).split() if w not in _STOP_IN_INITIALS]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words).upper()


def strip_titles(text: str) -> tuple[str, list[str]]:
    """Remove leading titles ('PM', 'Foreign Minister', 'Iraqi PM') from a folded name.

    Returns the rest and the roles the titles name, e.g. ``("kadhimi", ["prime minister"])``.
    """
    rest = _fold(text)
    roles: list[str] = []
    changed = True
    while changed and rest:
        changed = False
        for title in _TITLE_ORDER:
            if rest == title or rest.startswith(title + " "):
                rest = rest[len(title) :].strip()
                if _TITLES[title]:
                    roles.append(_TITLES[title])
                changed = True
                break
        else:
            # A country's word before a title: "Iraqi PM …", "Pakistan's foreign minister …".
            words = rest.split()
            for skip in (1, 2):
                if len(words) > skip and (skip == 1 or words[1] == "s"):
                    tail = " ".join(words[skip:])
                    if any(tail == t or tail.startswith(t + " ") for t in _TITLE_ORDER
                           if _TITLES[t]):
                        rest = tail
                        changed = True
                        break
    return rest, roles


@dataclass(frozen=True, slots=True)
class ActorEntry(Rebuilt):
    """What the index needs to know of an actor."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate(Rebuilt):
    """An actor a name may refer to, with how sure we are (0-100)."""

    id: str
    name: str
    kind: str
    score: float


@dataclass(slots=True)
class Resolution:
    """The outcome of resolving a name: a match, or candidates to suggest."""

    query: str
    match: Candidate | None
    candidates: list[Candidate] = field(default_factory=list)
    how: str = "none"


class ActorIndex:
    """In-memory index over every alias of every actor.

    >>> index = ActorIndex([ActorEntry("pmf", "Popular Mobilization Forces", "organization",
    ...                                ("Popular Mobilisation Forces",))])
    >>> index.resolve("PMF").match.id
    'pmf'
    """

    def __init__(self, actors: Iterable[ActorEntry]) -> None:
        self.actors: dict[str, ActorEntry] = {}
        self._exact: dict[str, set[str]] = {}
        self._by_key: dict[str, set[str]] = {}
        self._initials: dict[str, set[str]] = {}
        self._keys: list[str] = []
        self._key_actor: list[str] = []
        self._blocks: dict[str, list[int]] = {}
        self._roles: list[tuple[str, str, dt.date | None, dt.date | None]] = []
        self._short_exact: set[str] = set()
        self._first_words: dict[str, int] = {}
        self._found: dict[tuple[str, int], tuple[tuple[int, int, str], ...]] = {}
        seen_keys: set[tuple[str, str]] = set()
        for actor in actors:
            self.actors[actor.id] = actor
            for spelling in (actor.name, *actor.aliases):
                self._exact.setdefault(spelling.strip().casefold(), set()).add(actor.id)
                words = _SPAN_WORD.findall(spelling.strip())
                if words:
                    first = words[0].casefold()
                    self._first_words[first] = max(self._first_words.get(first, 0), len(words))
                if len(spelling.strip()) <= SHORT_ALIAS:
                    self._short_exact.add(spelling.strip())
                folded = _fold(spelling)
                if len(folded) > SHORT_ALIAS:
                    self._exact.setdefault(folded, set()).add(actor.id)
                key = normalise(spelling)
                if not key or len(key.replace(" ", "")) <= SHORT_ALIAS:
                    continue  # short aliases ('IS', 'US') match only as written
                self._by_key.setdefault(key, set()).add(actor.id)
                if (key, actor.id) in seen_keys:
                    continue
                seen_keys.add((key, actor.id))
                position = len(self._keys)
                self._keys.append(key)
                self._key_actor.append(actor.id)
                for block in _blocks(key):
                    self._blocks.setdefault(block, []).append(position)
            if actor.kind in {"organization", "group", "state", "media"}:
                for spelling in (actor.name, *actor.aliases):
                    letters = initials(spelling)
                    if letters:
                        self._initials.setdefault(letters, set()).add(actor.id)
            for title, start, end in actor.roles:
                self._roles.append((_fold(title), actor.id, start, end))
        # Where a name can start: the first run of word characters of each first word.
        self._first_runs = frozenset(m.group() for w in self._first_words
                                     if (m := _FIRST_RUN.match(w)) is not None)

    def __len__(self) -> int:
        return len(self._keys)

    def find_in(self, text: str, *, max_words: int = 6) -> list[tuple[int, int, str]]:
        """Actors named in ``text`` under an exact spelling, longest match first.

        Returns ``(start, end, actor_id)``. Spellings of three letters or fewer ('US', 'IS')
        count only with the same capitals; ambiguous spellings are skipped. The last few
        thousand answers are kept: wire copy repeats sentences.
        """
        known = self._found.get((text, max_words))
        if known is not None:
            return list(known)
        if text.isascii() and (runs := words_in(text)) is not None and \
                runs.isdisjoint(self._first_runs):
            return []  # a name starts at a run of word characters; no run begins one
        found = self._find_in(text, max_words)
        if len(self._found) >= 4096:
            self._found.clear()
        self._found[(text, max_words)] = tuple(found)
        return found

    def _find_in(self, text: str, max_words: int) -> list[tuple[int, int, str]]:
        first_words = self._first_words
        folded = text.casefold()
        if len(folded) != len(text) or "\u0345" in text:
            # A letter folds to more than one: fold word by word.
            words = [(m.start(), m.end()) for m in _SPAN_WORD.finditer(text)]
            heads = [text[a:b].casefold() for a, b in words]
        else:
            # Every letter folds to one letter of the same kind: the folded text has the same
            # words at the same places, so it is read once, for the words and their heads.
            matches = list(_SPAN_WORD.finditer(folded))
            words = [m.span() for m in matches]
            heads = [m.group() for m in matches]
        # A name starts only at one of its first words; a text with none of them is done.
        starts = [at for at, head in enumerate(heads) if head in first_words
                  or head[-1] == "." and head.rstrip(".") in first_words]
        if not starts:
            return []
        found: list[tuple[int, int, str]] = []
        i = 0
        for at in starts:
            if at < i:
                continue
            head = heads[at]
            longest = first_words.get(head) or first_words[head.rstrip(".")]
            i = at
            hit = None
            for j in range(min(len(words), i + min(max_words, longest)) - 1, i - 1, -1):
                start, end = words[i][0], words[j][1]
                span = text[start:end]
                ids = self._exact.get(span.casefold())
                if not ids and span.endswith("."):
                    span, end = span[:-1], end - 1
                    ids = self._exact.get(span.casefold())
                if not ids or len(ids) != 1:
                    continue
                if len(span) <= SHORT_ALIAS and span not in self._short_exact:
                    continue
                hit = (start, end, next(iter(ids)), j)
                break
            if hit:
                found.append(hit[:3])
                i = hit[3] + 1
            else:
                i += 1
        return found

    def _candidate(self, actor_id: str, score: float) -> Candidate:
        actor = self.actors[actor_id]
        return Candidate(actor.id, actor.name, actor.kind, round(score, 1))

    def _settle(self, query: str, ids: set[str], score: float, how: str) -> Resolution:
        ranked = sorted(ids, key=lambda i: self.actors[i].name)
        if len(ranked) == 1:
            return Resolution(query, self._candidate(ranked[0], score), [], how)
        return Resolution(query, None, [self._candidate(i, score) for i in ranked], "ambiguous")

    def by_role(self, role: str, *, on: dt.date | None = None) -> set[str]:
        """Actors holding a role whose title contains ``role`` (on a date, if given)."""
        found = set()
        for title, actor_id, start, end in self._roles:
            if role not in title:
                continue
            if on and ((start and on < start) or (end and on > end)):
                continue
            found.add(actor_id)
        return found

    def resolve(self, name: str, *, on: dt.date | None = None, limit: int = 5) -> Resolution:
        """Resolve a name as a reporter might type it to one actor, or suggest some."""
        query = " ".join(name.split())[:200]
        if not query:
            return Resolution(query, None)
        exact = self._exact.get(query.casefold())
        if exact:
            return self._settle(query, exact, 100.0, "alias")
        folded = _fold(query)
        if len(folded) > SHORT_ALIAS:
            if folded in self._exact:
                return self._settle(query, self._exact[folded], 100.0, "alias")
            whole = normalise(folded)
            if whole in self._by_key:
                return self._settle(query, self._by_key[whole], 97.0, "normalised")
        rest, roles = strip_titles(query)
        if not rest and not roles:
            rest = _fold(query)  # the whole query was a word like 'Iraq': not a title here
        compact = rest.replace(" ", "").upper() if query.replace(" ", "").isalpha() else ""
        if rest:
            hit = self._exact.get(rest) if len(rest) > SHORT_ALIAS else None
            if hit:
                return self._settle(query, hit, 100.0, "alias")
            key = normalise(rest)
            if key in self._by_key:
                return self._settle(query, self._by_key[key], 97.0, "normalised")
            if 2 <= len(compact) <= 6 and compact in self._initials:
                return self._settle(query, self._initials[compact], 95.0, "initials")
        elif roles:
            holders = self.by_role(roles[-1], on=on)
            if holders:
                return self._settle(query, holders, 90.0, "role")
            return Resolution(query, None)
        else:
            return Resolution(query, None)
        key = normalise(rest)
        if len(key.replace(" ", "")) < MIN_FUZZY_LEN:
            return Resolution(query, None)
        return self._fuzzy(query, key, limit=limit)

    def _fuzzy(self, query: str, key: str, *, limit: int) -> Resolution:
        blocks = _blocks(key)
        hits: Counter[int] = Counter()
        for block in blocks:
            hits.update(self._blocks.get(block, ()))
        if not hits:
            return Resolution(query, None)
        need = 2 if len(blocks) >= 4 else 1
        size = len(key)
        low, high = size * 0.55, size / 0.55
        pool = [i for i, count in hits.items()
                if count >= need and low <= len(self._keys[i]) <= high]
        choices = {i: self._keys[i] for i in pool}
        best: dict[str, float] = {}
        scored = process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=limit * 8
        )
        query_tokens = key.split()
        for alias_key, score, position in scored:
            if not _tokens_agree(query_tokens, alias_key.split()):
                score = min(score, FUZZY_CUTOFF - 1)
            actor_id = self._key_actor[position]
            if score > best.get(actor_id, 0.0):
                best[actor_id] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.actors[item[0]].name))
        if ranked:
            top = ranked[0][1]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
            if top >= FUZZY_CUTOFF and top - runner_up >= FUZZY_MARGIN:
                candidates = [self._candidate(a, s) for a, s in ranked[:limit]]
                return Resolution(query, candidates[0], candidates[1:], "fuzzy")
        # No safe match: suggest actors whose names contain words like the ones typed
        # (a first name alone, a surname alone); these are never accepted as a match.
        partial = []
        if " " not in key:  # one word typed: a first name or surname alone
            partial = process.extract(
                key, {i: self._keys[i] for i in hits}, scorer=fuzz.token_set_ratio,
                score_cutoff=80, limit=limit * 8,
            )
        suggestions = dict(best)
        for _alias_key, score, position in partial:
            actor_id = self._key_actor[position]
            score = min(score * PARTIAL_WEIGHT, FUZZY_CUTOFF - 1)
            if score > suggestions.get(actor_id, 0.0):
                suggestions[actor_id] = score
        ranked = sorted(suggestions.items(), key=lambda item: (-item[1], self.actors[item[0]].name))
        candidates = [self._candidate(a, s) for a, s in ranked[:limit]]
        return Resolution(query, None, candidates, "suggest" if candidates else "none")


def _blocks(key: str) -> set[str]:
    """Blocking keys: each token's first three and last three letters."""
    out = set()
    for token in key.split():
        if len(token) >= 3:
            out.add("p:" + token[:3])
            out.add("s:" + token[-3:])
        elif token:
            out.add("p:" + token)
    return out


def _tokens_agree(query_tokens: list[str], alias_tokens: list[str]) -> bool:
    """Every word typed must resemble some word of the alias (Saddam is not Fuad)."""
    return all(
        any(fuzz.ratio(q, a) >= 75 for a in alias_tokens) for q in query_tokens
    ) and len(alias_tokens) <= len(query_tokens) + 1
