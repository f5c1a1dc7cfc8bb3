"""Propose candidate figures from an article: the number, what it counts, when, where, who.

Rules, not a model: a number (digits, words, fractions, vague quantities) becomes a
figure only when the copy says what it counts — a noun after it ("2,500 US soldiers"),
a noun before it ("troops to 2,500"), a casualty verb ("killed 12"), or the noun of the
previous sentence ("The number was drawn down to 3,000"). Years, dates, ordinals, ages,
phone numbers, money and page furniture are never figures. Every proposal carries its
verbatim sentence and offsets and is stored as a *candidate* for editors to review.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.actors import ActorIndex, strip_titles
from knowledge.dates import DatePoint
from knowledge.numbers import NumberMention, find_numbers
from knowledge.sentences import Sentence, sentences
from knowledge.timex import TimeMention, find_times

__all__ = ["ExtractionContext", "Proposal", "extract"]

_NOUNS: dict[str, str] = {}
for _cls, _words in {
    "troops": "troops troop soldiers soldier forces force personnel servicemen marines "
              "servicemembers service-members",
    "attacks": "attacks attack strikes strike incidents assaults ambushes bombings raids",
    "rockets": "rockets rocket missiles missile mortars mortar projectiles katyushas",
    "drones": "drones drone uavs",
    "people": "people persons person civilians children child women woman men man "
              "protesters fighters militants individuals iraqis americans contractors "
              "residents victims diplomats officials employees workers family members",
    "bases": "bases base installations camps outposts",
    "years": "years year",
    "months": "months month",
    "weeks": "weeks week",
    "days": "days day",
}.items():
    for _word in _words.split():
        _NOUNS[_word] = _cls

_MODIFIERS = set(
    """us u.s. american iraqi iranian kurdish coalition foreign more additional extra other
    military combat of the those these its their his her our american-led us-led nato
    syrian turkish british french new further unarmed armed civilian innocent young
    elderly rocket drone mortar katyusha remaining current total existing active regular
    deployed estimated""".split()
)
_DURATIONS = {"years", "months", "weeks", "days"}
_WORD = re.compile(r"[\w][\w.'’-]*")
_QUALIFIERS = [
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of|not less than)\s*$", re.I),
     "at_least"),
    (re.compile(r"(?:more than|over|above|upwards of|in excess of|exceeding|upward of)\s*$",
                re.I), "more_than"),
    (re.compile(r"(?:fewer than|less than|under|below|nearly|almost|just under|short of)\s*$",
                re.I), "fewer_than"),
    (re.compile(r"(?:up to|as many as|a maximum of|at most|no more than)\s*$", re.I), "up_to"),
    (re.compile(r"(?:around|about|roughly|approximately|some|an estimated|estimated|circa|"
                r"approx\.?|close to|nearly)\s*$", re.I), "approx"),
]
_CASUALTY_BEFORE = re.compile(
    r"\b(?P<verb>kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)?|dead|died|deaths?)\b"
    r"(?:\s+(?:at least|more than|about|around|some|nearly|over|up to|another))?\s*$", re.I)
_CASUALTY_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,4}?(?:(?:were|was|have been|had been|are|is|been|being)\s+)?"
    r"(?P<verb>killed|dead|died|wounded|injured|hurt|lost their lives)\b"
    r"|^[^.;]{0,90}?\b(?:were|was|have been|had been)\s+(?P<verb2>killed|wounded|injured)\b",
    re.I)
_CASUALTY_ANYWHERE = re.compile(
    r"\b(?P<verb>kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)|dead|died|deaths?)\b", re.I)
_WITHDRAW = re.compile(r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)? out|pull-?outs?|leav(?:e|es|ing)|"
                       r"left|exit(?:ed|ing)?|redeploy\w*|pullback)\b", re.I)
_DRAW_TO = re.compile(r"\b(?:draw(?:n|ing|s)?|drew|reduc\w+|cut|bring(?:ing)?|brought|lower\w*|"
                      r"fell|fall(?:en|ing)?|drop\w*|shrink\w*|shrunk|decreas\w+)\b[^.]{0,60}?"
                      r"\bto\s+(?:\w+\s+){0,2}$", re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|plans?|planned|planning|expected|target\w*|"
                     r"goal|aim\w*|by)\b", re.I)
_ASKED = re.compile(r"\b(?:ask(?:ed|ing)?|demand\w*|request\w*|wanted|call(?:ed)? for)\b", re.I)
_INQUIRY = re.compile(r"\b(?:committee|inquiry|investigat\w+|probe|results|deadline|report back|"
                      r"findings)\b", re.I)
_SANCTIONS = re.compile(r"\bsanction\w*\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|added|adds|confirmed|confirms|announced|"
                     r"announces|stated|states|claimed|claims|revealed|reveals|noted|warned|"
                     r"insisted|described|declared|according to|reported)\b", re.I)
_IMPLIED = re.compile(r"\b(?:the|that|this)\s+(?:number|figure|total|count|tally|toll)\b", re.I)
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
_AGE_BEFORE = re.compile(r"\b(?:aged?|age of)\s*$", re.I)
_AGE_AFTER = re.compile(r"^(?:-|\s)?(?:years?|yrs?)(?:-|\s)old\b|^-year-old\b", re.I)
_MONEY_BEFORE = re.compile(r"[$€£]\s*$|\b(?:usd|us\$|eur|gbp)\s*$", re.I)
_MONEY_AFTER = re.compile(r"^\s*(?:[$€£]|dollars?|euros?|pounds|usd|dinars?)", re.I)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per ?cent|percentage)", re.I)
_ROLE_PHRASES = re.compile(
    r"\b(?:the\s+)?(?:iraqi\s+|iraq's\s+|us\s+)?(?:prime minister|pm|foreign minister|"
    r"president|speaker|secretary of state|defense secretary|national security adviser)\b",
    re.I)
_TIME_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass
class ExtractionContext:
    """What extraction needs to know of the store: metrics, places, actors, scope."""

    metrics: set[str]
    places: dict[str, str]          # alias (case-folded) -> place id
    place_within_scope: set[str]    # places inside the story's scope
    scope: str | None
    actors: ActorIndex
    actor_kinds: dict[str, str] = field(default_factory=dict)
    _place_pattern: re.Pattern[str] | None = None

    def place_pattern(self) -> re.Pattern[str]:
        if self._place_pattern is None:
            names = sorted(self.places, key=len, reverse=True)
            self._place_pattern = re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I
            ) if names else re.compile(r"(?!x)x")
        return self._place_pattern


@dataclass
class Proposal:
    """A candidate figure, before it is stored."""

    metric: str
    value: float
    qualifier: str
    unit: str
    quote: str
    quote_start: int
    quote_end: int
    as_of: DatePoint | None = None
    period: tuple[DatePoint, DatePoint] | None = None
    place_id: str | None = None
    actor_ids: list[str] = field(default_factory=list)
    attributed_to: str | None = None
    new_actor: str | None = None
    note: str = ""
    strength: int = 0

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        if self.period:
            return self.period[0].start, self.period[1].end
        assert self.as_of is not None
        return self.as_of.start, self.as_of.end


@dataclass
class _Token:
    start: int
    end: int
    word: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0).lower().rstrip(".,'’")) for m in
            _WORD.finditer(text)]


def _noun_after(text: str, number: NumberMention) -> tuple[str, str, int] | None:
    """(class, noun words as written, end offset) of what the number counts, looking right."""
    rest = text[number.end:]
    tokens = _tokens(rest)
    first: _Token | None = None
    previous_end = 0
    for i, token in enumerate(tokens[:5]):
        gap = rest[previous_end: token.start]
        if any(ch in gap for ch in ",;:()[]") or ("." in gap and gap.strip(" \"“”'‘’")):
            break
        previous_end = token.end
        word = token.word
        if word in _NOUNS:
            cls = _NOUNS[word]
            start = first.start if first is not None else token.start
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.word in _NOUNS and _NOUNS[nxt.word] != cls \
                    and not rest[token.end: nxt.start].strip():
                return _NOUNS[nxt.word], rest[start: nxt.end], number.end + nxt.end
            return cls, rest[start: token.end], number.end + token.end
        if word in _MODIFIERS or word.endswith("-led"):
            if first is None and word not in {"of", "the", "those", "these", "its", "their"}:
                first = token
            continue
        break
    return None


def _noun_before(text: str, number: NumberMention) -> tuple[str, str] | None:
    """The noun of 'troops to 2,500' or 'troops down to 3,000': a count noun shortly before."""
    before = text[: number.start]
    if not re.search(r"\b(?:to|at|of|by|from)\s+(?:\w+\s+){0,2}$", before, re.I) or \
            re.search(r"\bup\s+to\s+$", before, re.I):
        return None
    for token in reversed(_tokens(before[-70:])):
        if token.word in _NOUNS and _NOUNS[token.word] not in _DURATIONS:
            return _NOUNS[token.word], token.word
    return None


def _qualifier(text: str, number: NumberMention) -> str:
    before = re.sub(r"[\"“”‘’']", "", text[max(0, number.start - 40): number.start])
    if number.kind == "vague":
        return "more_than"
    for pattern, qualifier in _QUALIFIERS:
        if pattern.search(before):
            return qualifier
    return "exact"


def _excluded(text: str, number: NumberMention, times: list[TimeMention],
              phones: list[tuple[int, int]]) -> bool:
    if any(t.start <= number.start < t.end for t in times):
        return True
    if any(a <= number.start < b for a, b in phones):
        return True
    before, after = text[: number.start], text[number.end:]
    if _AGE_BEFORE.search(before) or _AGE_AFTER.search(after):
        return True
    if _MONEY_BEFORE.search(before) or _MONEY_AFTER.search(after) or _PERCENT_AFTER.search(after):
        return True
    if number.kind == "digits" and 1900 <= number.value <= 2100 and "," not in number.text \
            and number.value == int(number.value):
        noun = _noun_after(text, number)
        return noun is None
    return False


def _casualty(text: str, number: NumberMention) -> str | None:
    """'killed' or 'wounded' when a casualty verb governs the number."""
    before = text[max(0, number.start - 120): number.start]
    verb = None
    after = text[number.end: number.end + 110]
    match = _CASUALTY_BEFORE.search(before)
    if match:
        verb = match.group("verb")
    else:
        match = _CASUALTY_AFTER.search(after)
        if match:
            verb = match.group("verb") or match.group("verb2")
        else:
            found = list(_CASUALTY_ANYWHERE.finditer(before))
            clause = before[found[-1].end():] if found else ""
            if found and not re.search(r"[.;:]|\b(?:while|but|as|after|when)\b", clause):
                verb = found[-1].group("verb")
    if not verb:
        return None
    verb = verb.lower()
    return "wounded" if verb.startswith(("wound", "injur", "hurt")) else "killed"


def _metric(cls: str, text: str, number: NumberMention, context_text: str,
            noun_text: str) -> tuple[str, str] | None:
    """(metric, unit) for a number whose noun class is ``cls``."""
    casualty = _casualty(text, number) if cls in {"people", "troops"} else None
    if casualty:
        return f"casualties.{casualty}", noun_text or "people"
    if cls == "troops":
        before = text[: number.start]
        if number.value < 1:
            if _WITHDRAW.search(_clause(text, number)):
                return "troops.withdrawn", "share of US forces"
            return None
        if _DRAW_TO.search(before):
            after = text[number.end: number.end + 60]
            if _FUTURE.search(before[-120:]) or re.match(r"\s*by\b", after):
                return "troops.target", "troops"
            return "troops.level", "troops"
        if re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", before, re.I):
            return "troops.level", "troops"
        if _WITHDRAW.search(_clause(text, number)):
            return "troops.withdrawn", "troops"
        return "troops.level", "troops"
    if cls == "attacks":
        return "attacks.count", noun_text or "attacks"
    if cls == "rockets":
        return "attacks.rockets", "rockets"
    if cls == "drones":
        return "attacks.drones", "drones"
    if cls == "people":
        if _SANCTIONS.search(text):
            return "sanctions.persons", "persons"
        return None
    if cls == "bases":
        return "bases.count", "bases"
    if cls in _DURATIONS:
        if cls in {"years", "months"} and _WITHDRAW.search(context_text) or re.search(
                r"\bpull-?out|\bwithdrawal\b", text, re.I):
            if _ASKED.search(text[max(0, number.start - 130): number.start]):
                return "withdrawal.period_requested", cls
            return "withdrawal.period", cls
        if cls in {"days", "weeks"} and _INQUIRY.search(text):
            return "investigation.deadline", cls
    return None


def _clause(text: str, number: NumberMention) -> str:
    """The clause holding the number: cut at ; : , and at 'and'/'but' joining clauses."""
    cut = re.compile(r"[;:,]|\s(?:and|but|while|whereas)\s")
    start = 0
    for match in cut.finditer(text, 0, number.start):
        start = match.end()
    match = cut.search(text, number.end)
    end = match.start() if match else len(text)
    return text[start:end]


def _nearest_time(times: list[TimeMention], number: NumberMention) -> TimeMention | None:
    if not times:
        return None
    return min(times, key=lambda t: min(abs(t.start - number.end), abs(number.start - t.end)))


_UNKNOWN_PLACE = re.compile(r"\b(?:in|near|at|outside|into)\s+(?:the\s+)?"
                            r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)")
_NOT_PLACES = {name.lower() for name in calendar.month_name[1:] + calendar.day_name[:]} | {
    "the", "a", "an", "this", "that", "his", "her", "its", "their", "washington", "iraqi",
    "american", "us", "parliament", "government", "congress"}


def _unknown_place(context: ExtractionContext, text: str) -> str | None:
    """A capitalised place name after 'in'/'near' that neither the places nor actors know."""
    for match in _UNKNOWN_PLACE.finditer(text):
        name = match.group("name")
        if name.lower() in _NOT_PLACES or name.casefold() in context.places:
            continue
        if context.actors.find_in(name):
            continue
        return name
    return None


def _place(context: ExtractionContext, text: str, number: NumberMention) -> str | None:
    best: tuple[int, str] | None = None
    for match in context.place_pattern().finditer(text):
        place = context.places.get(match.group(0).casefold())
        if place is None:
            continue
        distance = min(abs(match.start() - number.end), abs(number.start - match.end()))
        if re.search(r"\bfrom\s+$", text[: match.start()], re.I):
            distance += 200  # where it came from, not where it happened
        if best is None or distance < best[0]:
            best = (distance, place)
    return best[1] if best else None


def _speaker(context: ExtractionContext, text: str, published: dt.date
             ) -> tuple[str | None, str | None, list[str]]:
    """(speaker actor id, unknown speaker name, actor ids named) for a sentence."""
    mentions = context.actors.find_in(text)
    named = [actor_id for _a, _b, actor_id in mentions]
    speech = _SPEECH.search(text)
    if not speech:
        return None, None, named
    candidates = [(a, b, i) for a, b, i in mentions
                  if context.actor_kinds.get(i) not in {"media", "state"}]
    for match in _ROLE_PHRASES.finditer(text):
        _rest, roles = strip_titles(match.group(0))
        holders = context.actors.by_role(roles[-1], on=published) if roles else set()
        if len(holders) == 1:
            candidates.append((match.start(), match.end(), next(iter(holders))))
    if candidates:
        def rank(c: tuple[int, int, str]) -> tuple[int, int]:
            kind = context.actor_kinds.get(c[2], "person")
            distance = min(abs(c[0] - speech.end()), abs(speech.start() - c[1]))
            return ({"person": 0, "organization": 1}.get(kind, 2), distance)

        return min(candidates, key=rank)[2], None, named
    # An unknown name next to a speech verb is proposed as a new actor.
    window = text[max(0, speech.start() - 60): speech.end() + 60]
    names = re.findall(r"\b[A-Z][a-z]+(?:[\s-](?:al-|el-)?[A-Z][a-z]+){1,3}\b", window)
    for name in names:
        if name.split()[0].lower() in {"the", "a", "in", "on", "at"}:
            continue
        if context.place_pattern().search(name) or name.split()[0].lower() in _NOT_PLACES:
            continue
        return None, name, named
    return None, None, named


def _note(context: ExtractionContext, place: str | None, window: tuple[dt.date, dt.date],
          published: dt.date | None) -> str:
    notes = []
    if place and context.scope and place not in context.place_within_scope:
        notes.append("about a place outside this story")
    if published and window[1] < published - dt.timedelta(days=400):
        notes.append(f"dates from {window[0].year}, long before publication")
    return "; ".join(notes)


def extract(text: str, *, published: dt.date | None, context: ExtractionContext,
            title: str | None = None, mentions: dict[str, int] | None = None) -> list[Proposal]:
    """Candidate figures in ``text``, one per distinct claim, strongest statement kept.

    If ``mentions`` is given, it is filled with how often each known actor is named.
    """
    published = published or dt.date.today()
    title_key = " ".join((title or "").split()).casefold()
    found: list[Proposal] = []
    previous_noun: tuple[str, str] | None = None
    speaker_time: dict[str, TimeMention] = {}
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences(text):
        if title_key and " ".join(sentence.text.split()).casefold() == title_key:
            continue
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for paragraph in by_paragraph.values():
        analysed = []
        paragraph_speaker: str | None = None
        for sentence in paragraph:
            speaker, new_name, named = _speaker(context, sentence.text, published)
            analysed.append((sentence, speaker, new_name, named))
            if mentions is not None:
                for actor_id in named:
                    mentions[actor_id] = mentions.get(actor_id, 0) + 1
            paragraph_speaker = paragraph_speaker or speaker
        paragraph_text = " ".join(s.text for s in paragraph)
        for index, (sentence, speaker, new_name, named) in enumerate(analysed):
            sentence_text = sentence.text
            quoted = sentence_text.lstrip().startswith(("\"", "“", "'", "‘"))
            who = speaker or (paragraph_speaker if quoted or index else None)
            times = find_times(sentence_text, published)
            days = [t for t in times if t.point.precision == "day" and t.until is None]
            if days:
                for actor_id in {who, *named} - {None}:
                    speaker_time[actor_id] = days[0]
            phones = [(m.start(), m.end()) for m in _PHONE.finditer(sentence_text)
                      if sum(c.isdigit() for c in m.group(0)) >= 7]
            numbers = find_numbers(sentence_text)
            shared: dict[int, tuple[str, str]] = {}
            for i, number in enumerate(numbers[:-1]):
                nxt = numbers[i + 1]
                between = sentence_text[number.end: nxt.start]
                if re.fullmatch(r"\s*(?:to|and|or|-|–)\s+(?:[a-z]+\s+){0,3}", between, re.I):
                    noun = _noun_after(sentence_text, nxt)
                    if noun:
                        shared[i] = (noun[0], noun[1])
            for i, number in enumerate(numbers):
                if _excluded(sentence_text, number, times, phones):
                    continue
                noun = _noun_after(sentence_text, number)
                cls, noun_text = (noun[0], noun[1]) if noun else (None, "")
                if cls is None and i in shared:
                    cls, noun_text = shared[i]
                if cls is None and number.kind not in {"vague", "fraction"}:
                    before = _noun_before(sentence_text, number)
                    if before:
                        cls, noun_text = before[0], before[1]
                if cls is None and number.kind not in {"vague", "fraction"} and \
                        _casualty(sentence_text, number):
                    cls, noun_text = "people", "people"
                if cls is None and re.match(r"\s+(?:more|others?|additional|extra)\b",
                                            sentence_text[number.end:]):
                    earlier = [t for t in _tokens(sentence_text[: number.start])
                               if t.word in _NOUNS and _NOUNS[t.word] not in _DURATIONS]
                    if earlier:
                        cls, noun_text = _NOUNS[earlier[-1].word], earlier[-1].word
                if cls is None and _IMPLIED.search(sentence_text[: number.start]) \
                        and previous_noun:
                    cls, noun_text = previous_noun
                if cls is None:
                    continue
                if number.kind == "vague" and not noun:
                    continue
                if number.kind == "words" and number.value == 1 and not noun:
                    continue
                resolved = _metric(cls, sentence_text, number, paragraph_text, noun_text)
                if resolved is None or resolved[0] not in context.metrics:
                    continue
                metric, unit = resolved
                mention = _nearest_time(times, number)
                if mention is None and who in speaker_time:
                    mention = speaker_time[who]
                as_of: DatePoint | None = None
                period = None
                if mention is None:
                    as_of = DatePoint(published, "day")
                elif mention.until is not None:
                    period = (mention.point, mention.until)
                else:
                    as_of = mention.point
                place = _place(context, sentence_text, number)
                stranger = None if place else _unknown_place(context, sentence_text)
                if place is None and stranger is None:
                    place = context.scope
                proposal = Proposal(
                    metric=metric, value=number.value, qualifier=_qualifier(sentence_text, number),
                    unit=unit, quote=sentence_text, quote_start=sentence.start,
                    quote_end=sentence.end, as_of=as_of, period=period, place_id=place,
                    actor_ids=[a for a in dict.fromkeys(named) if a != who],
                    attributed_to=who, new_actor=new_name if not who else None,
                )
                proposal.note = _note(context, place, proposal.window, published)
                if stranger:
                    proposal.note = "; ".join(filter(None, [
                        f"about {stranger}, a place the pack does not know", proposal.note]))
                proposal.strength = (2 if proposal.qualifier != "exact" else 0) + (
                    1 if who else 0) + (1 if mention is not None else 0)
                found.append(proposal)
            nouns = [n for n in (_noun_after(sentence_text, x) for x in numbers) if n]
            if nouns:
                previous_noun = (nouns[-1][0], nouns[-1][1])
    return _distinct(found)


def _distinct(proposals: Iterable[Proposal]) -> list[Proposal]:
    """One proposal per claim: same metric and value within a week are the same claim."""
    kept: list[Proposal] = []
    for proposal in proposals:
        start, end = proposal.window
        twin = next((k for k in kept if k.metric == proposal.metric and k.value == proposal.value
                     and abs((k.window[0] - start).days) <= 7
                     and abs((k.window[1] - end).days) <= 7), None)
        if twin is None:
            kept.append(proposal)
        elif proposal.strength > twin.strength:
            kept[kept.index(twin)] = proposal
    return kept
