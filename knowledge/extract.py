"""Propose candidate figures from an article: the number, what it counts, what happened
to it, where, when and who says so.

Rules, not a model. A number (digits, words, fractions, vague quantities, "no one") is
a figure when the copy says what it counts: a noun phrase after it ("2,500 US soldiers",
"14 bus routes"), a noun before it ("troops to 2,500", "the death toll rose to 45",
"American soldiers, 4,200, remain"), or an event that counts people ("41 were missing",
"killed a translator"). What happened to it (killed, wounded, missing, displaced,
arrested, rescued, deployed, fired, destroyed, withdrawn, a level or a target …) is read
from the verbs around it. The pack's metric rules (nouns, events, context words, the
place a metric is about) decide whether a pack metric fits; otherwise the figure gets a
metric named from its own words ("people.missing", label "people · missing"). Places
come from the sentence, its paragraph and the article's own country (knowledge.places),
never from the pack's default. Years, dates, ages, money, measures, magnitudes, phone
numbers, rankings and page furniture are never figures.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Final

from knowledge.actors import ActorIndex, strip_titles
from knowledge.dates import DatePoint
from knowledge.numbers import NumberMention, find_numbers
from knowledge.places import COUNTRY_WIDE, DIVISIONS, FACILITY, PlaceIndex, PlaceMention, PlaceRef, gazetteer
from knowledge.sentences import (
    AsciiFast,
    CaseBlind,
    Rebuilt,
    Searcher,
    Sentence,
    case_blind,
    sentences,
    words_in,
)
from knowledge.timex import TimeMention, find_times

__all__ = ["ExtractionContext", "MetricRule", "Proposal", "event_name", "event_noun", "extract",
           "is_person", "metric_for_words"]

# --------------------------------------------------------------------------- the grammar

# What happened to what is counted: event name -> the words copy uses for it.
_EVENT_WORDS: Final[dict[str, str]] = {
    "level": r"stationed|based|numbered|numbering|remain(?:s|ed|ing)?|keep(?:s|ing)?|kept|"
             r"serv(?:e|es|ed|ing)|garrisoned|houses|housing",
    "killed": r"kill(?:ed|ing|s)?|dead|died|dies|deaths?|slain|perished|fatalities|martyred|"
              r"drowned|execut(?:ed|ing)|lost (?:their|his|her) lives|death toll|toll|"
              r"shot dead|shot and killed|(?:stabbed|beaten|burned|burnt|hacked|"
              r"crushed|trampled|stoned) to death",
    "wounded": r"wound(?:ed|ing|s)?|injur(?:ed|ing|ies|es|y)|hurt(?:s|ing)?|harmed|maimed|"
               r"treated for (?:\w+\s+){0,2}(?:injur(?:y|ies)|wounds|burns)",
    "hospitalised": r"hospitali[sz]ed|treated in hospital|taken to hospital|in hospital",
    "infected": r"infect(?:ed|ing|s)?|fell ill|sickened",
    "returned": r"return(?:ed|ing)|came back|went home",
    "authorised": r"authori[sz](?:ed|es|ing)|ceiling",
    "handed over": r"hand(?:ed|ing|s)? (?:over|back|to)|transferred|turned over",
    "closed": r"clos(?:e|ed|ing|es)|shut(?:s|ting)?(?: down)?",
    "burned": r"burn(?:ed|t|s|ing)|scorched|charred",
    "missing": r"missing|unaccounted for",
    "displaced": r"displac(?:ed|ing)|fled|fleeing|homeless|uprooted|forced from their homes|"
                 r"(?:left|leaving|abandoned) (?:their|its|his|her) homes?",
    "evacuated": r"evacuat(?:ed|ing)",
    "escaped": r"escap(?:ed|es|ing)|broke out of|broken out of",
    "surrendered": r"surrender(?:ed|ing|s)?|laid down (?:their|his|her) arms|"
                   r"gave (?:themselves|himself|herself) up",
    "arrested": r"arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|rounded up|taken into custody|"
                r"in custody",
    "rescued": r"rescu(?:ed|ing|es)|saved|pulled (?:alive )?from",
    "trapped": r"trapped|buried alive|cut off by (?:the )?(?:floods?|water|fighting)|"
               r"buried (?:under|beneath) (?:the )?(?:rubble|debris|mud|snow)",
    "deployed": r"deploy(?:ed|ing|s)?|dispatch(?:ed|ing)|mobili[sz](?:ed|ing)|sent|send(?:s|ing)?|"
                r"arriv(?:ed|ing|es|e)|flown in|reinforc\w+",
    "fired": r"fir(?:ed|ing)|launch(?:ed|ing)|lobbed|shot at",
    "intercepted": r"intercept(?:ed|ing|s)?|shot down|shoot(?:s|ing)? down|downed",
    "destroyed": r"destroy(?:ed|ing|s)?|razed|flattened|levell?ed|demolished|washed away|"
                 r"swept away|collapsed|burned down|burnt|sunk|sank|sinking|scuttled|gutted",
    "damaged": r"damag(?:ed|ing|es)|flooded|submerged",
    "captured": r"captur(?:ed|ing|es)|seiz(?:ed|ing|es)",
    "kidnapped": r"kidnapp?(?:ed|ing)|abduct(?:ed|ing)|taken hostage|held hostage|held captive|"
                 r"in captivity|held by (?:the |their )?(?:gunmen|kidnappers|captors|abductors|"
                 r"bandits|militants|rebels|insurgents)",
    "released": r"releas(?:ed|ing)|freed",
    "withdrawn": r"withdr[ae]wn?|withdraw(?:s|ing|al)?|pull(?:ed|ing|s)? (?:out|back)|"
                 r"pull(?:ed|ing|s)?(?=[^.;]{0,40}\b(?:from|out)\b)|pull-?outs?|leav(?:e|es|ing)|"
                 r"left (?:the|its|their)|exit(?:ed|ing)?|redeploy(?:ed|ing)?|pullback|"
                 r"br(?:ing|ought) home|repatriat(?:ed|ing)|mov(?:e|ed|es|ing) (?:out|from)|"
                 r"relocat(?:e|ed|es|ing)|go home|expell?(?:ed|ing|s)?",
    "striking": r"on strike|walked (?:off|out)|strik(?:e|ing)",
    "protesting": r"protest(?:ed|ing)|rall(?:ied|ying)|march(?:ed|ing)|demonstrat(?:ed|ing)",
    "cut": r"cut(?:s|ting)?|axed|eliminated|shed|laid off|scrapped",
    "waiting": r"waiting|idle|stranded|stuck|anchored",
    "voted": r"voted(?: for| against| in favou?r)?",
    "sanctioned": r"sanction(?:ed|ing|s)?",
}
_EVENT_ORDER: Final = list(_EVENT_WORDS)
_EVENT_RE: Final[dict[str, CaseBlind]] = {
    name: case_blind(re.compile(r"\b(?:" + words + r")\b", re.I))
    for name, words in _EVENT_WORDS.items()}
_ANY_EVENT: Final = case_blind(re.compile(r"\b(?P<w>" + "|".join(f"(?:{w})" for w in _EVENT_WORDS.values())
                        + r")\b", re.I))
# What may befall a single thing a verb names: "destroying one helicopter".
_STRUCK: Final = frozenset({"destroyed", "damaged", "captured", "intercepted", "burned"})
_HUMAN_EVENTS: Final = {"killed", "wounded", "missing", "displaced", "evacuated", "arrested",
                        "rescued", "kidnapped", "released", "hospitalised", "returned", "trapped",
                        "surrendered", "escaped", "infected"}
_AUX: Final = (r"(?:(?:were|was|have been|had been|has been|have|has|had|are|is|been|being|will be|"
               r"among the|among|"
               r"would be|"
               r"could be|may be|might be|to be|got|get|remain|remained|remains|are still|were still|"
               r"are now|were now|reportedly|also|now|still|later|since|already|just|initially|feared|"
               r"believed|presumed|began|"
               r"begin|begins|started|start|starts)\s+)*")
_EVENT_AFTER: Final = case_blind(re.compile(r"^\s*(?:(?:who|that|which)\s+)?" + _AUX + r"(?P<w>" + "|".join(
                                            f"(?:{w})" for w in _EVENT_WORDS.values()) + r")\b", re.I))
_EVENT_LATER: Final = case_blind(re.compile(r"^(?:(?!\band\b)[^.;\d]){0,90}?\b(?:were|was|have been|had been|"
                                            r"has been)\s+"
                                            r"(?:\w+\s+)?(?P<w>killed|wounded|injured|hurt|arrested|detained|"
                                            r"rescued|evacuated|displaced|abducted|kidnapped|missing|destroyed|"
                                            r"damaged|closed|flooded|burned|burnt|seized|captured)\b", re.I))
_EVENT_BEFORE: Final = case_blind(re.compile(r"\b(?P<w>" + "|".join(f"(?:{w})" for w in _EVENT_WORDS.values())
                           + r")(?:\s+(?:at least|more than|about|around|some|nearly|over|"
                                             r"up to|another|a further|an additional|an extra|additional|"
                                             r"extra|an estimated|a total of|as many as|"
                                             r"only|just|almost|roughly|approximately|fewer than|less than|"
                                             r"no fewer than|the|its|their|all|of))*\s*$", re.I))
_BODIES_OF: Final = re.compile(r"\bbodies\s+of\s+(?:(?:at\s+least|some|about|around|another|"
                               r"nearly|more\s+than|over)\s+)?$", re.I)
# An event named by its noun, of what it befell: "the evacuation of 40 villages".
_EVENT_OF_NOUN: Final = {"evacuation": "evacuated", "death": "killed", "killing": "killed",
                         "arrest": "arrested", "detention": "arrested", "release": "released",
                         "rescue": "rescued", "abduction": "kidnapped", "kidnapping": "kidnapped",
                         "displacement": "displaced"}
_EVENT_NOUN_OF: Final = re.compile(r"\b(?P<w>" + "|".join(f"{w}s?" for w in _EVENT_OF_NOUN) +
                                   r")\s+of\s+(?:(?:at\s+least|some|about|around|more\s+than|nearly|"
                                   r"over|another|an\s+estimated)\s+)?$", re.I)
_ASKED_FOR: Final = re.compile(r"\b(?:demand\w*|call\w*\s+for|seek\w*|sought|urg\w*|push\w*\s+for|"
                               r"negotiat\w*|press\w*\s+for|ask\w*\s+for|wants?|wanted|"
                               r"plan\w*|order\w*|prevent\w*|avoid\w*|feared|fear\w*|await\w*)\s+"
                               r"(?:for\s+)?(?:the\s+)?$", re.I)
_CLAUSE_BREAK: Final = case_blind(re.compile(r"[.;:]|\b(?:while|but|whereas|although|though|after|before|"
                                             r"when|since|because|as|who|which|that)\b", re.I))
# A clause of its own: "…were reported missing, and rescuers had found 3 survivors".
_NEW_CLAUSE: Final = re.compile(r",\s+and\s+(?:the\s+)?[a-z]+\s+(?:had|has|have|were|was|are|is|said|"
                                r"[a-z]+ed)\b")
_LEVEL: Final = case_blind(re.compile(
    r"\b(?:remain(?:s|ed|ing)?|stationed|based|there (?:are|were|is)|"
    r"(?:are|were|is) (?:still|now) (?:in|on|at|there)|"
    r"still (?:has|have|had)|(?:has|have|had) (?:about|around|some|roughly)?|"
    r"presence|number(?:ed|s)?|total(?:led|ing)?|level)\b", re.I))
_DRAW_TO: Final = case_blind(re.compile(
    r"\b(?:draw(?:n|ing|s)?|drew|reduc\w+|cut|bring(?:ing)?|brought|lower\w*|"
    r"fell|fall(?:en|ing)?|drop\w*|shrink\w*|shrunk|decreas\w+|trim\w*|"
    r"scal\w+ (?:back|down)|increas\w+|rais(?:e|es|ed|ing)|boost\w*|"
    r"doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|expand\w*|"
    r"ris(?:e|es|en|ing)|rose|swell\w*|swollen)\b[^.]{0,60}?\bto\s+"
    r"(?:\w+\s+){0,2}$", re.I))
_FUTURE: Final = case_blind(re.compile(r"\b(?:will|would|shall|plans?|planned|planning|expected|target\w*|"
                                       r"goal|aim\w*|to be|set to|by)\b", re.I))
_CUT_BY: Final = case_blind(re.compile(r"\b(?:cut\w*|reduc\w+|trim\w*|shrink\w*|shrunk|lower\w*|slash\w*|"
                                       r"scal\w+ (?:back|down))\b[^.;]{0,40}\bby\s+(?:\w+\s+){0,2}$", re.I))
_AIR_DEFENCE: Final = case_blind(re.compile(r"\bair[- ]defen[cs]es?\b", re.I))
_HEADLINE_FUTURE: Final = case_blind(re.compile(r"\bto\s+$", re.I))
_PLANNED: Final = case_blind(re.compile(
    r"\b(?:will|would|shall|due to|plans?|planned|planning|committed|pledged|"
    r"agreed|aims?|aiming|target(?:s|ing)?|goal|is to|are to|set to|expected to|"
    r"building|build|reach|by the end of|under the plan)\b", re.I))
_ASKED: Final = case_blind(re.compile(
    r"\b(?:ask(?:ed|ing)?|demand\w*|request\w*|wanted|call(?:ed)? for)\b", re.I))
_SPEECH_VERBS: Final = (r"said|says|say|told|tells|added|adds|confirmed|confirms|announced|"
                       r"announces|stated|states|claimed|claims|revealed|reveals|noted|warned|"
                       r"insisted|described|declared|according to|reported")
_SPEECH: Final = case_blind(re.compile(r"\b(?:" + _SPEECH_VERBS + r")\b", re.I))
_IMPLIED: Final = case_blind(re.compile(r"\b(?:the|that|this)\s+(?:number|figure|total|count|tally)\b", re.I))
_TOLL_BEFORE: Final = case_blind(re.compile(
    r"\b(?P<np>(?:death|casualty|injury)\s+toll|toll|number of "
    r"(?:(?:the|its|their|his|her|our|these|those)\s+)?"
    r"(?P<of>(?:[a-z-]+\s+){0,2}?[a-z-]+s)|number|total|tally|count)\s+(?:\w+\s+){0,5}?"
    r"(?:rose|climbed|jumped|increased|passed|topped|exceeded|surpassed|crossed|"
    r"reached|hit|stood at|stands at|stood|was|is|to|at|of)\s+(?:\w+\s+){0,2}$", re.I))
# A plural noun whose count the number is, as the subject of a verb of reaching: "as
# infections passed 10,000", "arrivals at the camps rose to 3,000".
_SUBJECT_REACHED: Final = re.compile(
    r"\b(?P<n>[a-z]{3,}s)(?:\s+(?:at|in|of|from|to)\s+(?:the\s+)?[a-z-]+){0,1}\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:rose|risen|passed|topped|exceeded|surpassed|crossed|"
    r"reached|climbed|jumped|increased|grew|stood|stand|stands)\s+(?:to\s+|at\s+)?"
    r"(?:(?:about|around|some|nearly|almost|more\s+than|over|roughly)\s+)?$")
_NOT_SUBJECTS: Final = {"this", "these", "those", "was", "has", "its", "his", "hers", "ours", "theirs",
                        "thus", "plus", "less", "unless", "always", "perhaps", "whereas", "figures",
                        "numbers", "totals", "levels", "prices", "temperatures", "rates", "costs",
                        "losses", "sales", "exports", "imports", "earnings", "profits", "revenues"}
_APPOSITION: Final = re.compile(r"(?P<np>(?:[A-Z][\w.-]*\s+)?[a-z][a-z-]+s),\s*(?:about|around|some|"
                                r"roughly|nearly|almost|more than|at least|fewer than|over|an "
                                r"estimated)?\s*$")
_BACK_SHARED: Final = re.compile(r"\s*,?\s*(?:or|to|and|versus|vs\.?|"
                                 r"compared (?:with|to)|up from|down from|from|out of)\s+(?:about|"
                                 r"around|some|nearly|just|only|roughly|almost|more than|fewer than|"
                                 r"less than|over|under)?\s*", re.I)
_BARE: Final = re.compile(r"\s*(?:[.,;:!?)\"”]|$|(?:by|in|this|next|when|before|after|over|more|"
                          r"and|or|are|were|is|was|will|would|have|had|remain\w*|left)\b)",
                          re.I)
_PHONE: Final = re.compile(r"(?=[+(\d])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
_AGE_BEFORE: Final = case_blind(re.compile(
    r"\b(?:aged?|age of|ages)\s*$|\b(?:aged?|ages)\s+\d+(?:\s*(?:,|and|or|"
    r"to|-|–)\s*\d+)*\s*(?:,|and|or|to|-|–)\s*$|"
    r"\b(?:children|kids|boys|girls|babies|infants|adults|people|those)\s+(?:under|over|below|"
    r"above)\s*(?:the\s+age\s+of\s*)?$", re.I))  # "children under five": an age
_AGE_AFTER: Final = re.compile(r"^(?:-|\s)?(?:years?|yrs?)(?:-|\s)old\b|^-year-old\b|^s\b", re.I)
_MONEY_BEFORE: Final = case_blind(re.compile(r"[$€£¥₹]\s*$|\b(?:usd|us\$|eur|gbp|rs\.?|inr|npr)\s*$", re.I))
_MONEY_AFTER: Final = re.compile(
    r"^\s*(?:million\s+|billion\s+|bn\s+|m\s+)?(?:[$€£]|dollars?|euros?|pounds|usd|dinars?|"
    r"rupees?|yuan|yen|won|naira|shillings?|rand|lira|liras|dirhams?|riyals?|francs?|pesos?|"
    r"roubles?|rubles?|hryvnias?|taka|ringgit|baht|cents?|pence|soles|reais|bolivianos?|"
    r"quetzal(?:es)?|colones|lempiras?|cedis?|kwacha|birr|rupiah|dong|kip|riels?|kyats?|"
    r"afghanis?|laris?|drams?|tenge|manats?|lei|forints?|zloty(?:s|ch)?|korun[ay]|"
    r"kron(?:a|or|er|ur)|kroner|leones?|dalasis?|ariary|tugriks?|rials?|pula|guaran[ií]e?s)\b",
    re.I)
_PERCENT_AFTER: Final = re.compile(r"^\s*(?:%|per ?cent|percent|percentage|pc\b)", re.I)
_MEASURE: Final = set("""
km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters m cm mm
foot feet inch inches yard yards kg kgs kilogram kilograms gram grams g tonne tonnes ton tons
lb lbs pound litre litres liter liters gallon gallons barrel barrels bpd degree degrees c f
celsius fahrenheit sq square mph kph km/h knots mw gw kw kwh
megawatts gigawatts volts calories points point times percent magnitude richter am pm gmt
utc hours hour minutes minute seconds second decades decade centuries century o'clock
storeys storey floors floor sqm mb gb tb kb mbps
""".split())
_DURATIONS: Final = {"years": "years", "year": "years", "months": "months", "month": "months",
                     "hours": "hours", "hour": "hours",
                     "weeks": "weeks", "week": "weeks", "days": "days", "day": "days"}
_MEASURE_ONLY: Final = _MEASURE - set(_DURATIONS) - {"times"}  # a unit that makes a number no count
_IDENTIFIER_BEFORE: Final = case_blind(re.compile(
    r"\b(?:resolution|route|flight|article|highway|platform|room|no\.|number|chapter|section|"
    r"line|gate|terminal|level|phase|stage|category|grade|class|building|block|sector|unit|"
    r"page|paragraph|apollo|camp|bus|tram|channel|window|seat|row|pier|berth|dock|ward|"
    r"district|zone|area|precinct|division|paragraph|item|version|model|type|mark|code|"
    r"figure|table|exhibit|lot|plot|house|kilometre|km|mile|year|vote|score|match|game|"
    r"round|series|top|ranked|rank|ranking|no|nos|#)\s*$", re.I))
_QUALIFIER_WORD: Final = re.compile(r"\b(?:About|Around|Some|Over|Nearly|Almost|Roughly|At|More|Fewer|"
                                    r"Less|Up|Only|Just|Another|Exactly|Approximately)\s+$")
_RANKING_AFTER: Final = re.compile(r"^\s*(?:st|nd|rd|th)\b|^(?:st|nd|rd|th)\b", re.I)
_MAGNITUDE: Final = case_blind(re.compile(r"magnitude|richter|earthquake|quake|tremor", re.I))
_TIME_OF_DAY: Final = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?|o'clock|:\d\d|h\d\d|gmt|local time)\b", re.I)

# Words that end the noun phrase after a number.
_STOP: Final = set("""
of in on at by for from with to into onto over under after before during since until as
and or but nor than then that which who whom whose what when where while if because so
were was is are be been being have has had having will would shall should can could may
might must do does did not no yes also still just only even now ago earlier later said say
says told tell added according including such more less most least very too each per a an
the this these those its their his her our my your some any all both either neither
there here it they them he she we you i me us him one ones between among around about
against across along behind beyond near via amid amidst toward towards within without upon
""".split()) - {"us"}
_MODIFIER_ONLY: Final = set("""
more additional extra other further another new remaining current total existing active own
regular deployed estimated armed unarmed civilian innocent young elderly foreign military
combat us u.s. coalition nato us-led local international
""".split())
_COLLECTIVE: Final = set("""
people police personnel staff crew cattle livestock sheep aircraft infantry militia
children men women fish deer offspring clergy youth poultry swine gentry folk
""".split())
_NOT_PLURAL_ENDINGS: Final = ("ss", "us", "is", "ous", "news", "series", "species", "yes")
# Nouns in -ics that name a field, not things counted ("medics", "clinics" are counted).
_FIELDS_ICS: Final = frozenset("""
politics economics physics mathematics maths athletics electronics logistics ethics gymnastics
genetics linguistics aesthetics acoustics optics dynamics aerobics analytics semantics
ceramics robotics forensics hydraulics aeronautics geopolitics demographics mechanics
""".split())
_PERSON_WORDS: Final = set("""
people persons person civilians civilian children child kids women woman men man boys boy
girls girl babies baby infants adults residents resident villagers inhabitants citizens
nationals victims passengers pilgrims tourists migrants refugees asylum-seekers workers
worker employees staff personnel soldiers soldier servicemen servicemembers
marines sailors airmen officers officer policemen policewomen police guards fighters
fighter militants militant rebels insurgents gunmen attackers combatants recruits
protesters protestors demonstrators activists students pupils schoolchildren schoolgirls
schoolboys teachers doctors nurses medics
journalists reporters contractors contractor translator translators diplomats diplomat
officials official lawmakers members member prisoners detainees hostages suspects
patients survivors dead wounded injured missing displaced others farmers fishermen miners
drivers dockworkers strikers voters family families relatives individuals individual
""".split())
# People who fight: taken prisoner when captured, not abducted.
_COMBATANTS: Final = set("""
soldiers soldier fighters fighter militants militant rebels rebel insurgents insurgent gunmen
attackers combatants jihadists jihadist militiamen guerrillas guerrilla paratroopers
commandos mercenaries
""".split())
# Plural nouns after a number that do not make a figure an editor wants.
_NOT_COUNTED: Final = set("""
sides ways times things parts reasons questions issues options aspects steps words terms
occasions instances cases respects points stages phases rounds fronts hands eyes kinds
sorts types forms percent ones others fold
""".split()) - {"cases"}
_NOT_PERSON: Final = set("""
cattle livestock sheep goats cows animals birds dogs horses camels chickens pigs buffalo
houses homes buildings vehicles cars trucks ships boats aircraft planes jets drones
rockets missiles shells bombs mortars tanks bridges roads crops hectares acres
""".split())
_PERSON_SUFFIXES: Final = ("ians", "ists", "ees", "workers", "men", "women", "officers", "fighters",
                           "soldiers", "members", "ers", "ors", "ants", "ents")
_WORD: Final = AsciiFast(re.compile(r"[\w][\w.'’-]*"))
# A model designation between a number and its noun: "AS90", "F-35", "MQ-9".
_MODEL: Final = re.compile(r"[A-Z][A-Za-z]*-?\d+[A-Za-z]*")
_FURTHER: Final = {"more", "additional", "extra", "further", "other"}
_QUALIFIERS: Final[list[tuple[CaseBlind, str]]] = [
    (case_blind(pattern), qualifier) for pattern, qualifier in [
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of|not less than)\s*$", re.I),
     "at_least"),
    (re.compile(r"(?:more than|over|above|upwards of|in excess of|exceeding|upward of|"
                r"just over|well over)\s*$", re.I), "more_than"),
    (re.compile(r"(?:fewer than|less than|under|below|nearly|almost|just under|short of|"
                r"not quite)\s*$", re.I), "fewer_than"),
    (re.compile(r"(?:up to|as many as|a maximum of|at most|no more than|as much as)\s*$",
                re.I), "up_to"),
    (re.compile(r"(?:around|about|roughly|approximately|some|an estimated|estimated|circa|"
                r"approx\.?|close to|nearly|or so)\s*$", re.I), "approx"),
]]
_ZERO: Final = re.compile(
    r"\b(?P<no>[Nn]o one|[Nn]o-one|[Nn]one of (?:the|its|their|our|his|her)|[Nn]obody|"
    r"[Nn]o(?! fewer| less| more))\b"
    r"(?P<np>(?:\s+[a-z][\w-]*|\s+\d[\d,]*(?=\s+[a-z])){0,3}?)\s+(?:" + _AUX +
    r")(?P<w>killed|hurt|injured|wounded|harmed|dead|died|missing|arrested|detained)\b")
_ONE_AFTER_VERB: Final = re.compile(
    r"\b(?P<w>kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)|arrest(?:ed|ing)|"
    r"kidnapp?(?:ed|ing)|abduct(?:ed|ing)|rescu(?:ed|ing)|detain(?:ed|ing)|shot|"
    r"execut(?:ed|ing))\s+(?P<a>an?|one)\s+(?P<np>(?:[\w][\w-]*\s+){0,2}?[a-z][\w-]*)\b")
_EVENT_NOUNS: Final = {"deaths": "killed", "death": "killed", "fatalities": "killed",
                       "fatality": "killed", "injuries": "wounded", "injury": "wounded",
                       "arrests": "arrested", "abductions": "kidnapped", "kidnappings": "kidnapped",
                       "evacuations": "evacuated", "disappearances": "missing",
                       "displacements": "displaced", "rescues": "rescued", "killings": "killed",
                       "infections": "infected"}
_LIVES_TAKEN: Final = re.compile(r"\b(?:claim\w*|cost\w*|took|tak(?:e|es|en|ing)|lost|losing)\s+"
                                r"(?:(?:at\s+least|about|around|more\s+than|over|nearly|some|"
                                r"another|a\s+further)\s+)?$", re.I)
_OF_THEM: Final = re.compile(r"\s+of\s+them\b")
_LOST_BEFORE: Final = CaseBlind(re.compile(
    r"\b(?:lost|losing|loses|lose)\s+(?:(?:at least|about|around|some|nearly|more than|over|"
    r"another|a further|up to|only|just)\s+)?$", re.I))
_SHARED_PARTICIPLE: Final = re.compile(r"\s+(?:were\s+|was\s+)?(?:destroyed|damaged|killed|wounded|"
                                       r"injured|missing|arrested|rescued|evacuated)\b")
_UNDER_ATTACK: Final = case_blind(re.compile(
    r"\b(?:under attack|attacked|targeted|struck|hit)\s+(?:(?:at least|"
    r"more than|about|some|nearly|over|around|almost|roughly|"
    r"up to|as many as)\s+)?$", re.I))
_AGE_WORD: Final = re.compile(r"\d{1,3}-(?:year|month|week|day)-old")
_ONE_BEFORE_VERB: Final = re.compile(  # (?=…): most places fail at once
    r"(?=[AaOo])(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bwhen\s)|(?<=\bafter\s))(?P<a>[Aa]n?|[Oo]ne)\s+"
    r"(?P<np>(?:[\w-]+\s+){0,3}?[a-z][a-z-]*)(?:,\s*\d{1,3},)?\s+"
    r"(?:(?:was|has been|had been)\s+(?:also\s+|later\s+|reportedly\s+)?"
    r"(?P<w>killed|wounded|injured|hurt|found dead|shot dead)|(?P<w2>died|drowned))\b")
_RUNNING: Final = re.compile(
    r"\bthe\s+(?P<n>\d{1,4}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth)(?:st|nd|rd|th)?\s+(?P<np>(?:[A-Za-z][\w-]*\s+){0,2}?[a-z][\w-]*)\b"
    r"(?=[^.;]{0,80}?\b(?:since|this year|this month|this week|so far|to date)\b)", re.I)
_ORDINALS: Final = (r"\d{1,4}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                    r"tenth|eleventh|twelfth")
# "The storm … was the 11th to hit the country this year": the subject is what is counted.
_SUBJECT: Final = re.compile(r"^\s*(?P<the>The|This|That)\s")
_RUNNING_BARE: Final = re.compile(
    r"\b(?:was|is|became|becomes|marked|marks|been)\s+the\s+(?P<n>" + _ORDINALS + r")\b"
    r"(?=\s+(?:to|on|in|at|against|of|such|since|this)\b)"
    r"(?=[^.;]{0,80}?\b(?:since|this year|this month|this week|so far|to date)\b)", re.I)
# "…; one dead", "one killed": a lone one where a clause begins.
_ONE_ALONE: Final = re.compile(r"(?=[Oo])(?:^|(?<=[;:,—–]\s)|(?<=\band\s))(?P<a>[Oo]ne)\s+"
                               r"(?P<w>dead|killed|hurt|injured|wounded|missing)\b")
# A number with no noun of its own, before a preposition or the clause's end: it counts
# what the sentence counted before ("built for 400 people, was holding nearly 6,000 on …").
_AFTER_BARE: Final = re.compile(r"\s*(?:[.,;:!?)\"”]|$|(?:in|on|at|across|into|from|near|inside|"
                                r"outside|last|this|when|by|before|after|were|was|are|is|had|have|"
                                r"remain\w*)\b)", re.I)
# A duration set by a decision: "a 48-hour strike", "extended … for another 12 months",
# "given the ambassador 48 hours to leave".
_DECIDED_NOUN: Final = re.compile(r"^[\s-]*(?P<w>strike|walkout|stoppage|ceasefire|truce|curfew|"
                                  r"lockdown|ban|deadline|ultimatum|mandate|moratorium|shutdown|"
                                  r"closure|pause|suspension|blockade|extension|state of emergency)\b",
                                  re.I)
_EXTENDED: Final = re.compile(r"\b(?:extend(?:s|ed|ing)?|renew(?:s|ed|ing)?|prolong(?:s|ed|ing)?)\b"
                              r"[^.;]{0,70}?\b(?:for|by|to)\s+(?:another|a further|an additional|"
                              r"a|an)?\s*$", re.I)
_GIVEN: Final = re.compile(r"\b(?:gave|given|give|gives|giving|granted|grant)\s+(?:[\w'’-]+\s+){0,4}$",
                           re.I)
_ORDINAL_WORDS: Final = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_ROLE_PHRASES: Final = CaseBlind(re.compile(  # any-case words: [a-z] is any letter, "us" is "US"
    r"\b(?:the\s+)?(?:[a-z][a-z]+(?:'s|’s)?\s+|us\s+|u\.s\.\s+)?(?:prime minister|pm|foreign "
    r"minister|president|speaker|secretary of state|defen[cs]e secretary|defen[cs]e minister|"
    r"interior minister|national security adviser)\b", re.I))
_NOT_NAMES: Final = {"the", "a", "an", "in", "on", "at", "this", "that", "his", "her", "its",
                     "their", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday", "january", "february", "march", "april", "may", "june", "july",
                     "august", "september", "october", "november", "december"}
_DATELINE: Final = re.compile(
    r"^\s*(?P<city>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]*[A-ZÀ-ÖØ-Þ])(?:,\s*(?P<region>[A-Z][\w .'’-]*?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?P<outlet>\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s")


_ANY_QUALIFIER: Final = CaseBlind(re.compile("|".join(f"(?:{p.pattern})" for p, _q in _QUALIFIERS),
                                             re.I))

# The words a pattern cannot match without: each set must share a word with the sentence
# (sentences.words_in), or the pattern is not run on it. Most sentences lack them all.
_VERB_AFTER_ONE: Final = frozenset("""killed killing wounded wounding injured injuring arrested
arresting kidnaped kidnaping kidnapped kidnapping abducted abducting rescued rescuing detained
detaining shot executed executing""".split())
_VERB_BEFORE_ONE: Final = frozenset("killed wounded injured hurt dead died drowned".split())
# Keyed by the pattern's id: a compiled pattern hashes its whole program on every lookup.
_NEEDS: dict[int, tuple[frozenset[str], ...]] = {
    id(_ZERO): (frozenset("no none nobody".split()), frozenset(
        "killed hurt injured wounded harmed dead died missing arrested detained".split())),
    id(_ONE_AFTER_VERB): (_VERB_AFTER_ONE, frozenset("a an one".split())),
    id(_ONE_BEFORE_VERB): (_VERB_BEFORE_ONE, frozenset("a an one".split())),
    id(_RUNNING): (frozenset(["the"]), frozenset("since year month week far date".split())),
    id(_SPEECH): (frozenset("""said says say told tells added adds confirmed confirms announced
announces stated states claimed claims revealed reveals noted warned insisted described
declared according reported""".split()),),
    id(_ROLE_PHRASES): (frozenset(
        "prime pm foreign president speaker secretary defence defense interior national".split()),),
}


def _lacks_words(pattern: re.Pattern[str] | CaseBlind, text: str) -> bool:
    """True when ``text`` lacks every word of one of the sets ``pattern`` needs."""
    needs = _NEEDS.get(id(pattern))
    if needs is None:
        return False
    words = words_in(text)
    if words is None:
        return False
    for need in needs:
        if words.isdisjoint(need):
            return True
    return False


def _finditer(pattern: re.Pattern[str] | CaseBlind, text: str) -> Iterable[re.Match[str]]:
    return () if _lacks_words(pattern, text) else pattern.finditer(text)


def _search(pattern: re.Pattern[str] | CaseBlind, text: str) -> re.Match[str] | None:
    return None if _lacks_words(pattern, text) else pattern.search(text)


@dataclass(frozen=True, slots=True)
class MetricRule(Rebuilt):
    """How a pack metric is recognised in copy (the fields of metrics.toml)."""

    id: str
    label: str
    unit: str
    counts: frozenset[str] = frozenset()     # nouns; "people" also means any noun for people
    events: frozenset[str] = frozenset()     # event names; empty = any
    context: tuple[str, ...] = ()            # words the sentence, paragraph or title must use
    within: str | None = None                # place id the figure must lie in
    owners: tuple[str, ...] = ()             # whose: modifiers a named owner must be one of
    share_unit: str | None = None            # unit of a share ("half of the forces")
    unless: tuple[str, ...] = ()             # words in the sentence that rule it out

    @classmethod
    def from_json(cls, metric_id: str, label: str, unit: str,
                  rules: dict | None) -> MetricRule:
        rules = rules or {}
        return cls(metric_id, label, unit,
                   frozenset(w.lower() for w in rules.get("counts", [])),
                   frozenset(rules.get("events", [])),
                   tuple(w.lower() for w in rules.get("context", [])),
                   rules.get("within"), tuple(w.lower() for w in rules.get("owners", [])),
                   rules.get("share_unit"), tuple(w.lower() for w in rules.get("unless", [])))


@dataclass
class ExtractionContext:
    """What extraction needs to know of the store: metric rules, places, actors."""

    rules: list[MetricRule]
    places: PlaceIndex
    actors: ActorIndex
    actor_kinds: dict[str, str] = field(default_factory=dict)
    scope: str | None = None           # the story's place: only for notes, never a default
    metrics: set[str] = field(default_factory=set)  # every metric id the store knows

    def __post_init__(self) -> None:
        self.metrics = self.metrics | {r.id for r in self.rules}
        self.pack_metrics = {r.id for r in self.rules}
        self.count_words = {w for r in self.rules for w in r.counts if w != "people"}
        # _numbers_in's last few thousand answers: wire copy repeats sentences.
        self.numbers_seen: dict[tuple[object, ...], tuple[_Found, ...]] = {}


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
    place: PlaceRef | None = None
    actor_ids: list[str] = field(default_factory=list)
    attributed_to: str | None = None
    new_actor: str | None = None
    note: str = ""
    strength: int = 0
    counted: str = ""
    event: str = ""
    label: str = ""
    fits_pack: bool = False
    figure_start: int | None = None  # the number's own offsets in the text
    figure_end: int | None = None

    @property
    def place_id(self) -> str | None:
        return self.place.id if self.place else None

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        if self.period:
            return self.period[0].start, self.period[1].end
        assert self.as_of is not None
        return self.as_of.start, self.as_of.end


@dataclass
class _Counted:
    """What a number counts: its head noun, the phrase as written, and its owners."""

    head: str
    phrase: str
    owners: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    end: int = 0          # offset in the sentence where the phrase ends
    start: int = 0
    duration: bool = False


class _Token:
    """A word of copy: its offsets, lower-cased form and text as written (a plain class
    with slots: made for every word after a number, a dataclass costs more)."""

    __slots__ = ("end", "raw", "start", "word")

    def __init__(self, start: int, end: int, word: str, raw: str) -> None:
        self.start, self.end, self.word, self.raw = start, end, word, raw


def _tokens(text: str, offset: int = 0, limit: int | None = None) -> list[_Token]:
    return [_Token(offset + m.start(), offset + m.end(), m.group(0).lower().rstrip(".,'’"),
                   m.group(0)) for m in itertools.islice(_WORD.finditer(text), limit)]


class _LazyTokens:
    """The first ``limit`` words of ``text`` from ``pos``, read only as far as asked for
    (the phrase after a number mostly ends at its first or second word)."""

    __slots__ = ("_found", "_limit", "_tokens")

    def __init__(self, text: str, pos: int, limit: int) -> None:
        self._found = _WORD.finditer(text, pos)  # no lookbehind: as on text[pos:]
        self._limit = limit
        self._tokens: list[_Token] = []

    def at(self, index: int) -> _Token | None:
        """The index-th word, or None past the last (or the limit)."""
        tokens = self._tokens
        while len(tokens) <= index:
            if len(tokens) >= self._limit:
                return None
            match = next(self._found, None)
            if match is None:
                self._limit = len(tokens)
                return None
            raw = match.group(0)
            tokens.append(_Token(match.start(), match.end(), raw.lower().rstrip(".,'’"), raw))
        return tokens[index]


def _plural(word: str) -> bool:
    if word in _COLLECTIVE:
        return True
    if word.endswith("men") and len(word) > 4:  # "fishermen", "gunmen", "policewomen"
        return not word.endswith(("imen", "umen", "amen")) and (
            not word.endswith("omen") or word.endswith("women"))  # not "specimen", "omen"
    return len(word) > 2 and word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS) \
        and not (word.endswith("ics") and word in _FIELDS_ICS)


def is_person(noun: str) -> bool:
    """Whether a plural noun counts people ("villagers", "pupils", "aid workers")."""
    return bool(noun) and _is_person(noun.lower())


def _is_person(head: str) -> bool:
    if head in _NOT_PERSON:
        return False
    last = head.split()[-1]
    return last in _PERSON_WORDS or last.endswith(_PERSON_SUFFIXES)


_NOT_MEN: Final = {"human", "german", "roman", "shaman", "caiman", "talisman", "ottoman"}


def _plural_form(word: str) -> str:
    if _plural(word) or word in _PERSON_WORDS and word.endswith("s"):
        return word
    irregular = {"person": "people", "child": "children", "man": "men", "woman": "women"}
    if word in irregular:
        return irregular[word]
    if word.endswith("man") and len(word) > 4 and word not in _NOT_MEN:
        return word[:-3] + "men"  # "policeman", "fisherman", "gunman"
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    if word.endswith("is"):
        return word  # "Nepalis", "Somalis": already people, plural
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# Patterns the functions below use, compiled once.
_HYPHEN_WORD: Final = re.compile(r"-(?P<w>[a-z]+)\b")
_OF_LEAD: Final = {skip: re.compile(r"\s+of\s+(?:(?:the|its|their|those|these|all|his|her|our)\s+"
                                    r"(?:[a-z][\w-]*(?:'s|’s)\s+)?|"
                                    r"(?:the\s+)?[A-Z][\w-]*(?:'s|’s)\s+)" + ("?" if skip else ""))
                   for skip in (False, True)}
_TOTAL: Final = re.compile(r"(?:(?:roughly|about|around|some|nearly|almost|approximately|an "
                           r"estimated|over|more than|fewer than)\s+)?(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+")
_NOUN_WORD: Final = re.compile(r"[a-z][a-z'’-]*|u\.s|us")
_DEMONYM: Final = re.compile(r"(?:is|ans|ese|ns)$")
_PLAIN_WORD: Final = re.compile(r"[a-z][a-z-]*")
_OF_THEM_COMMA: Final = re.compile(r"\s*(?:of them\s*)?,")
_TO_BEFORE: Final = CaseBlind(re.compile(r"\b(?:to|at|of|by|from)\s+(?:\w+\s+){0,2}$", re.I))
_UP_TO: Final = CaseBlind(re.compile(r"\bup\s+to\s+$", re.I))
_QUOTES: Final = re.compile(r"[\"“”‘’']")
_OR_SO: Final = re.compile(r"\s+or so\b|\s+or more\b|\s*\+")
_RANGE_AFTER: Final = re.compile(r"^[-–]\d")
_RANGE_BEFORE: Final = re.compile(r"\d[-–:/]$")
_RATIO_AFTER: Final = re.compile(r"(?:\s+in\s+(?:every\s+)?(?:(?!(?:19|20)\d\d\b)\d[\d,]*|two|three|"
                                 r"four|five|six|seven|eight|nine|ten|twenty|a hundred|100|a thousand)"
                                 # "four out of five", "nine out of 10" (not "40 out of 300 people")
                                 r"|\s+out\s+of\s+(?:two|three|four|five|six|seven|eight|nine|ten|10|"
                                 r"twenty|a hundred|100))\b(?!\s*(?:%|per))",
                                 re.I)
_RATIO_BEFORE: Final = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)"
                                  r"\s+in\s+(?:every\s+)?$|\b(?:one|two|three|four|five|six|seven|eight|"
                                  r"nine)\s+out\s+of\s+$", re.I)
_RATHER_THAN: Final = CaseBlind(re.compile(r"\b(?:rather than|instead of)\s+$", re.I))
_HYPHENATED: Final = re.compile(r"-[a-z]")
_HYPHEN_DURATION: Final = re.compile(r"-(?:years?|months?|weeks?|days?|hours?)\b")
_CALL: Final = CaseBlind(re.compile(r"\b(?:call|dial|phone|hotline|ring|text)\s+$", re.I))
_RANKED_OF: Final = re.compile(r"\d(?:st|nd|rd|th)\s+(?:\w+\s+)?(?:of|out of)\s+$")
_THE_TWO: Final = CaseBlind(re.compile(r"\b(?:the two|both)\s+$", re.I))
_THE_BEFORE: Final = CaseBlind(re.compile(r"\bthe\s+$", re.I))
_NAME_BEFORE: Final = re.compile(r"(?:^|[^.!?]\s)[A-Z][\w-]*\s+$")
_OPENING_WORD_BEFORE: Final = re.compile(r"(?:^|[.!?\"“]\s*)[A-Z][\w-]*\s+$")
_COMMA: Final = re.compile(r"\s*,")
_NAME_COMMA: Final = re.compile(r"[A-Z][a-z]+,\s*$")
_CLAUSE_CUT = re.compile(r"[;:,]|\s(?:and|but|while|whereas)\s")
_SET_OFF: Final = re.compile(r",\s*(?:[a-z]+\s+){0,2}$")
_LEAVING: Final = CaseBlind(re.compile(r"\b(?:leaving|leave|leaves|left)\s+(?:\w+\s+){0,2}$", re.I))
_BY: Final = re.compile(r"\s*by\b")
_FROM_BEFORE: Final = CaseBlind(re.compile(r"\bfrom\s+(?:\w+\s+){0,2}$", re.I))
# Between two numbers that share the noun after the second: "12 to 15 people", "five or
# as many as 10 boats" (qualifiers only: "5 and forced 2,000 people" share nothing).
_RANGE_BETWEEN: Final = CaseBlind(re.compile(
    r"\s*(?:to|and|or|-|–)\s+(?:(?:at|least|as|many|much|about|some|nearly|more|than|over|"
    r"around|up|almost|perhaps|possibly|maybe|even|another|an?|estimated|roughly|"
    r"approximately|just|under|fewer|less)\s+){0,3}", re.I))
_MORE_AFTER: Final = re.compile(r"\s+(?:more|others?|additional|extra)\b")
_TIMES_AFTER: Final = re.compile(r"\s+times\b")
_ARE_DEPLOYED: Final = CaseBlind(re.compile(
    r"\b(?:are|is|remain|remains|were|stay|stays|now|currently|still)\s+(?:\w+\s+)?"
    r"deployed\b", re.I))

# _excluded's tests of what stands just before a number (each ends where it begins) and just
# after it (each starts where it ends): any match excludes it, so each side is one pattern,
# tried at once.
_EXCLUDED_BEFORE: Final = CaseBlind(re.compile("|".join(f"(?:{p.pattern})" for p in (
    _AGE_BEFORE, _MONEY_BEFORE, _RANGE_BEFORE, _RATHER_THAN, _RATIO_BEFORE, _CALL, _THE_TWO)),
    re.I))
_EXCLUDED_AFTER: Final = CaseBlind(re.compile("|".join(f"(?:{p.pattern})" for p in (
    _AGE_AFTER, _MONEY_AFTER, _PERCENT_AFTER, _TIME_OF_DAY, _RANGE_AFTER, _RATIO_AFTER)), re.I))


# --------------------------------------------------------------------------- what is counted


def _noun_after(text: str, start: int, *, singular: bool = False,
                skip_of: bool = False) -> _Counted | None:
    """The noun phrase that starts at ``start``: '2,500 [US soldiers]', '14 [bus routes]'."""
    rest = text[start:]
    hyphen = _HYPHEN_WORD.match(rest)
    if hyphen:
        word = hyphen.group("w").lower()
        if word in _DURATIONS:
            return _Counted(_DURATIONS[word], word, end=start + hyphen.end(), start=start,
                            duration=True)
        return None
    offset = 0
    lead = _OF_LEAD[skip_of].match(rest)
    if lead:
        offset = lead.end()
        total = _TOTAL.match(rest[offset:])
        if total and (total.group(0)[0].isdigit() or find_numbers(total.group(0).strip())):
            offset += total.end()  # "79 of the 230 seats": the seats
    tokens = _LazyTokens(text, start + offset, 9)  # the phrase is in the first 8
    modifiers: list[_Token] = []
    previous_end = start + offset
    for index in range(8):
        token = tokens.at(index)
        if token is None:
            break
        gap = text[previous_end: token.start]
        if gap != " " and (any(ch in gap for ch in ",;:()[]\"“”")
                           or ("." in gap and gap.strip(" '‘’"))
                           or (not gap.isprintable() and gap.strip())):
            break  # punctuation, or a control character: not one phrase
        previous_end = token.end
        word = token.word
        if singular and not modifiers and _AGE_WORD.fullmatch(word):
            continue  # "a 72-year-old woman": the woman
        if _MODEL.fullmatch(token.raw) or (word.isdigit() and modifiers
                                           and modifiers[-1].raw[0].isupper()):
            continue  # "30 AS90 guns", "32 F-35 jets", "14 Challenger 2 tanks": a model
        if not _NOUN_WORD.fullmatch(word):
            break
        if word in _FURTHER and not modifiers:
            modifiers.append(token)  # "1,500 more soldiers"
            continue
        if word == "and" and modifiers and modifiers[-1].raw[0].isupper():
            following = tokens.at(index + 1)
            if following is not None and following.raw[0].isupper():
                continue  # "350 US Army and Air Force personnel": one phrase of owners
        if word in _STOP:
            break
        if word in _DURATIONS and not modifiers:
            return _Counted(_DURATIONS[word], word, end=token.end, start=token.start,
                            duration=True)
        if word in _MEASURE:
            return None
        if word in {"dead", "injured", "wounded", "missing", "killed", "hurt"} and not modifiers:
            return _Counted("people", "people", modifiers=(word,), end=token.end,
                            start=token.start)  # "12 injured"; "eight of the wounded were …"
        if token.raw[0].isupper() and _DEMONYM.search(word) and not singular:
            following = tokens.at(index + 1)
            if following is None or text[token.end: following.start].strip() or \
                    following.raw[0].isupper() or following.word in _STOP or \
                    _event_name(following.word) is not None:
                # "30 Afghans", "12 Nepalis": people named by where they are from
                return _Counted(word, word, end=token.end, start=token.start)
        if singular and word not in _MODIFIER_ONLY and not token.raw[0].isupper():
            following = tokens.at(index + 1)
            joined = following is not None and not text[token.end: following.start].strip()
            if following is not None and joined and _PLAIN_WORD.fullmatch(following.word) and \
                    following.word not in _STOP and _event_name(following.word) is None \
                    and following.word not in _MEASURE:
                modifiers.append(token)  # "drone [attack]": the head comes last
                continue
        head_now = (not singular and _plural(word) and word not in _MODIFIER_ONLY) or \
            (singular and word not in _MODIFIER_ONLY and not token.raw[0].isupper())
        if head_now and word in _COLLECTIVE:
            following = tokens.at(index + 1)
            if following is not None and not text[token.end: following.start].strip() and \
                    _plural(following.word) and following.word not in _STOP and \
                    following.word not in _MEASURE:
                head_now = False  # "12 crew members", "40 police officers": the last noun
        if head_now:
            phrase_start = next((m.start for m in modifiers if m.raw[0].islower()
                                 and m.word not in _MODIFIER_ONLY), token.start)
            words = [m for m in modifiers if m.start >= phrase_start]
            phrase = " ".join([*(m.word for m in words), word])
            owners = tuple(m.word for m in modifiers if m.raw[0].isupper()
                           or m.word in {"us", "u.s", "us-led", "american-led", "nato"}
                           or m.word.endswith("-led"))
            return _Counted(word, phrase, owners, tuple(m.word for m in modifiers),
                            end=token.end, start=(modifiers[0].start if modifiers
                                                  else token.start))
        if len(modifiers) >= 5 or sum(1 for m in modifiers if not m.raw[0].isupper()) >= 3:
            break
        if word.endswith("ly"):  # an adverb ends the phrase, a noun ("family") does not
            after_it = tokens.at(index + 1)
            next_word = after_it.word if after_it is not None else ""
            if not (_plural(next_word) or next_word in _PERSON_WORDS):
                break
        modifiers.append(token)
    return None


def _noun_before(text: str, number: NumberMention, rules: Sequence[MetricRule],
                 count_words: set[str]) -> _Counted | None:
    """'troops to 2,500', 'the death toll rose to 45', 'American soldiers, 4,200, remain'."""
    before = text[: number.start]
    toll = _TOLL_BEFORE.search(before[-120:])
    if toll:
        np = toll.group("np").lower()
        if toll.group("of"):
            words = toll.group("of").lower().split()
            return _Counted(words[-1], " ".join(words))
        if "toll" in np:
            return _Counted("people", "people", modifiers=("dead",) if "death" in np else ())
    reached = _SUBJECT_REACHED.search(before[-80:])
    if reached and reached.group("n").lower() not in _NOT_SUBJECTS:
        noun = reached.group("n").lower()  # "as infections passed 10,000"
        return _Counted(noun, noun)
    apposition = _APPOSITION.search(before[-60:])
    if apposition and _OF_THEM_COMMA.match(text[number.end:]):
        words = apposition.group("np").split()
        owners = tuple(w.lower() for w in words[:-1] if w[0].isupper())
        return _Counted(words[-1].lower(), " ".join(w.lower() for w in words), owners)
    if not _TO_BEFORE.search(before) or _UP_TO.search(before):
        return None
    for token in reversed(_tokens(before[-70:], len(before) - len(before[-70:]))):
        if token.word in count_words and token.word not in _DURATIONS:
            previous = _tokens(before[max(0, token.start - 30): token.start])
            owners = tuple(t.word for t in previous[-2:] if t.raw[0].isupper())
            return _Counted(token.word, token.word, owners, start=token.start, end=token.end)
    return None


def _qualifier(text: str, number: NumberMention) -> str:
    before = _QUOTES.sub("", text[max(0, number.start - 40): number.start])
    if number.kind == "vague":
        return "more_than"
    if _ANY_QUALIFIER.search(before):  # most numbers have none: one search, not five
        for pattern, qualifier in _QUALIFIERS:
            if pattern.search(before):
                return qualifier
    if _OR_SO.match(text[number.end:]):
        return "approx" if "so" in text[number.end: number.end + 8] else "at_least"
    return "exact"


def _excluded(text: str, number: NumberMention, times: list[TimeMention],
              phones: list[tuple[int, int]]) -> bool:
    if any(t.start <= number.start < t.end for t in times):
        return True
    if any(a <= number.start < b for a, b in phones):
        return True
    # What stands just before the number: each pattern ends there and spans a few words,
    # so it is looked for in the last stretch of the text only (the same matches).
    at, lo = number.start, max(0, number.start - 80)
    before, after = text[lo: at], text[number.end:]
    if _EXCLUDED_BEFORE.search(text, lo, at) or _EXCLUDED_AFTER.match(after):
        return True  # an age, money, a share, a time of day, a range, a rate ("one in five
        # children"), the number that was not ("rather than"), one to call, "the two"
    if _HYPHENATED.match(after) and not _HYPHEN_DURATION.match(after):
        return True  # "one-way", "12-member": part of a word
    if _RANKED_OF.search(text, lo, at):
        return True  # a ranking: "189th of 191 countries"
    if number.kind == "words" and number.text.lower() in {"hundred", "thousand", "million",
                                                           "billion"}:
        return True  # the scale of a number written with digits we do not count ($2.8 billion)
    if number.text.lower() == "two" and _THE_BEFORE.search(text, lo, at):
        return True  # "the two countries": a reference, not a count
    if number.kind == "digits" and _NAME_BEFORE.search(text, lo, at) and \
            not _OPENING_WORD_BEFORE.search(text, lo, at) and \
            not _QUALIFIER_WORD.search(text, lo, at):
        return True  # a name with a number: Air Base 101, Tower 22, France 2
    if _COMMA.match(after) and number.value < 120 and number.kind == "digits" and \
            _NAME_COMMA.search(text, lo, at):
        return True  # "Boris Pistorius, 64,": an age
    if number.kind == "digits" and _IDENTIFIER_BEFORE.search(before[-25:]) and \
            not any(0 <= number.start - t.end <= 2 for t in times):
        return True  # "Route 5", not "Last year 14 ships …": the word ends a time
    if number.value != int(number.value) and number.kind == "digits" and number.value < 1000:
        return True
    if number.kind == "digits" and number.value < 10 and _MAGNITUDE.search(
            text[max(0, number.start - 20): number.end + 20]):
        return True
    if number.kind == "digits" and 1900 <= number.value <= 2100 and "," not in number.text \
            and number.value == int(number.value):
        return _noun_after(text, number.end) is None
    return False


# --------------------------------------------------------------------------- what happened


def event_name(word: str) -> str | None:
    """The event a word names ("killed" for "kill", "wounded" for "injuries", "kidnapped" for
    "abductions"), or None."""
    return _event_name(word) or event_noun(word)


def event_noun(word: str) -> str | None:
    """The event a noun for it names ("kidnapped" for "abductions", "evacuated" for
    "evacuation"), or None."""
    lowered = word.lower()
    return _EVENT_NOUNS.get(lowered) or _EVENT_NOUNS.get(lowered + "s")


@lru_cache(maxsize=4096)
def _event_name(word: str) -> str | None:
    lowered = word.lower()
    for name in _EVENT_ORDER:
        if _EVENT_RE[name].fullmatch(lowered):
            return name
    return None


def _decided(text: str, number: NumberMention, counted: _Counted) -> str | None:
    """What a duration was set for — 'strike' ("a 48-hour strike"), 'extended' ("extended
    for another 12 months"), 'deadline' ("given him 48 hours to leave") — or None."""
    noun = _DECIDED_NOUN.match(text[counted.end:])
    if noun:
        word = noun.group("w").lower()
        return "extended" if word == "extension" else _event_name(word) or word
    before = text[: number.start]
    if _EXTENDED.search(before[-100:]):
        return "extended"
    if _GIVEN.search(before[-60:]) and re.match(r"\s+to\s+[a-z]", text[counted.end:]):
        return "deadline"
    return None


_CLAUSE_CUT = re.compile(r"[;:]|,(?<!\d,)|,(?!\d{3})|\s(?:and|but|while|whereas)\s")


def _clause(text: str, start: int, end: int) -> str:
    """The clause holding a span: cut at ; : , and at 'and'/'but' joining clauses."""
    cut = _CLAUSE_CUT
    begin = 0
    for match in cut.finditer(text, 0, start):
        begin = match.end()
    after = cut.search(text, end)
    return text[begin: after.start() if after else len(text)]


# The whole a part is taken from: "eight of the [30] passengers".
_PART_OF: Final = CaseBlind(re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|twenty|thirty|forty|fifty|hundred|thousand|dozen|none|"
    r"most|many|some|half))\s+of\s+(?:the|its|their|his|her|our|those|"
    r"these)\s+(?:[a-z][\w-]*(?:'s|’s)\s+)?(?:(?:roughly|about|around|some|"
    r"nearly|almost|estimated|more than|over)\s+)?$"
    r"|\d\s+out\s+of\s+(?:the\s+)?(?:(?:about|around|some|nearly|almost|more "
    r"than|over)\s+)?$", re.I))  # "arrested 40 out of 300 protesters"
# The counted noun's own verb ("two officers were treated …"): an event named earlier in
# the sentence is not this number's.
_OWN_VERB: Final = re.compile(r"(?:\s+of\s+(?:the\s+)?[a-z]+)?"  # "hectares of farmland were …"
                              r"\s*(?:(?:were|was|have been|had been|has been|are|is|will be)\s+"
                              r"(?:\w+ly\s+)?[a-z]+(?:ed|en|wn|t)\b"
                              r"|(?:were|was|are|is|remain(?:ed|s)?)\s+(?:still\s+)?"
                              r"(?:on|at|in|under|without)\s)")  # "3 others were on the run"
_NEXT_WORD: Final = re.compile(r"[\s-]*([A-Za-z/]+)(?![\w-])")
# A subject of two nouns: "Two soldiers and a civilian were killed".
_COORDINATED: Final = re.compile(r"\s+and\s+(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
                                 r"\s+(?:[a-z-]+\s+){1,2}(?:were|was|have been|had been)\s+"
                                 r"(?:\w+ly\s+)?(?P<w>killed|wounded|injured|hurt|arrested|detained|"
                                 r"rescued|evacuated|abducted|kidnapped|missing)\b", re.I)
_ASIDE: Final = re.compile(r"\s*,(?:[^,.;:\d]{1,50}|\s*(?:about|some|around|nearly|roughly|almost|more than|"
                           r"over)?\s*\d+(?:\.\d+)?\s*(?:%|percent|per cent)[^,.;:\d]{0,40}),")
# "300 civilians, many of them herders, were …", "1.9 million people, about 90 percent of
# the population, have been displaced"
# "14 children under 10 were killed": an age after the noun, then the verb.
_AGE_TRAIL: Final = re.compile(r"\s*(?:under|over|below|above|aged)\s+(?:the\s+age\s+of\s+)?"
                               r"(?:\d+|[a-z]+)(?:\s+years?(?:\s+old)?)?(?=\s)")
# "12 people, including 5 children, were killed": the part, set off, shares the verb.
_PART_ASIDE: Final = re.compile(r"\s*,\s*(?:including|among them|most of them|many of them)\s+"
                                r"[^,.;:]{1,50},", re.I)
_AGE_ASIDE: Final = re.compile(r"\s*,[^,.;:\d]{0,40}?\baged?\s+\d+(?:\s*(?:,|and|or)\s*\d+)*\s*,",
                               re.I)  # "three suspects, aged 17, 19 and 24, were …"
_FROM_HOMES: Final = re.compile(r"\s*(?:people\s+|others\s+)?(?:from|out of)\s+(?:their|his|her)\s+"
                                r"(?:homes?|villages?|towns?)\b"
                                r"|\s*(?:people\s+|others\s+|residents\s+)?to\s+(?:flee|leave|abandon)\b",
                                re.I)  # "forced 40,000 from their homes", "forcing 40,000 to flee"
# A verb of its own between an event and a number: "killing 9 people and forcing 40,000 …".
_CAUSING: Final = re.compile(
    r"\b(?:(?:forc|prompt|caus|driv|send|push|strand|trapp|cutt|leav)ing|left)\b", re.I)


@lru_cache(maxsize=4096)
def _passive(text: str) -> bool:
    """Whether a sentence may hold "were", "was" or "been" (without them _EVENT_LATER and
    _COORDINATED match nowhere in it: no other letter folds onto theirs but ſ onto s)."""
    lowered = text.lower()
    return "were" in lowered or "was" in lowered or "been" in lowered or "ſ" in text


_OF_AFTER: Final = re.compile(r"\s+of\b")


# "left 11 soldiers and six civilians dead": the state after the second noun is the first's too.
_AND_STATE: Final = re.compile(r"\s+and\s+(?:(?:the|its|their|his|her)\s+)?(?:an?|one|two|three|four|"
                               r"five|six|seven|eight|nine|ten|dozens|scores|\d[\d,.]*)\s+"
                               r"(?:[a-z-]+\s+){0,2}?(?:(?:still|now|all)\s+)?"
                               r"(?P<w>dead|wounded|injured|hurt|missing|homeless|damaged|destroyed|"
                               r"stranded)\b", re.I)


# Forces that left a place the copy names: "… soldiers left Niger on Friday".
_LEFT_PLACE: Final = re.compile(r"\s+(?:have\s+|had\s+|has\s+)?(?:left|quit|exited)\s+[A-ZÀ-ÖØ-Þ]")


# A sentence that opens on more of what the one before counted: "Another 15 are …".
_ANOTHER: Final = CaseBlind(re.compile(r"\s*(?:another|a further|an additional)\s+", re.I))
# A clause of its own between a count and a later passive verb.
_LATER_BREAK: Final = CaseBlind(re.compile(r"\b(?:after|before|since|when|whenever|while|because|until|where|"
                                           r"following|once|whereas|although|though)\b", re.I))
# A subject of its own right before a passive verb: "… after a police officer was killed".
_SUBJECT_BEFORE: Final = CaseBlind(re.compile(
    r"\b(?:a|an|the|his|her|their|its|another)\s+(?:[a-z-]+\s+)?[a-z-]+(?<!ed)\s+"
    r"(?:were|was|have been|had been|has been)\s+(?:\w+\s+)?$", re.I))


def _own_subject(after: str, later: re.Match[str]) -> bool:
    """Whether a passive verb found after a count belongs to a clause of its own with its own
    subject ("put 2,000 soldiers on alert after a police officer was killed"), not to the
    count ("miners working in the shaft when it flooded were rescued", "held 30 protesters
    before they were released")."""
    cut = _LATER_BREAK.search(after, 0, later.start("w"))
    return cut is not None and bool(_SUBJECT_BEFORE.search(after[: later.start("w")],
                                                           cut.end()))


# A part of a whole that has a number of its own: "four of the five …", "two of its 30 …".
_WHOLE_NUMBERED: Final = CaseBlind(re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|those|these)\s+(?:(?:roughly|about|around|some|"
    r"nearly|almost|more than|over|estimated)\s+)?(?:\d|(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozen)\b)", re.I))
# Past tenses that are never a participle describing a noun: "eight of the 30 died".
_INTRANSITIVE: Final = frozenset("died dies drowned perished fled remained remains returned arrived "
                                 "came went walked marched rallied protested voted".split())


def _bare_participle(text: str, counted: _Counted | None) -> bool:
    """Whether a participle follows the counted noun with no verb of its own ("the five miners
    trapped by a collapse"), so that it describes the noun rather than telling what
    happened to part of it ("eight of the 30 passengers were killed")."""
    if counted is None or not counted.end:
        return False
    after = text[counted.end: counted.end + 90]
    match = _EVENT_AFTER.match(after)
    return match is not None and not after[: match.start("w")].strip() and \
        match.group("w").lower() not in _INTRANSITIVE


# Verbs in the present whose bare form is also a noun ("rescue workers"): events only
# right before a number.
_BARE_VERBS: Final = {"rescue": "rescued", "free": "released", "release": "released",
                      "evacuate": "evacuated", "abduct": "kidnapped", "kidnap": "kidnapped",
                      "capture": "captured", "displace": "displaced"}
_BARE_VERB_BEFORE: Final = CaseBlind(re.compile(
    r"\b(?P<w>" + "|".join(_BARE_VERBS) + r")\s+(?:(?:at least|more than|about|around|some|"
    r"nearly|over|up to|another|almost|roughly|all)\s+)*$", re.I))


def _acting_verb(text: str, number: NumberMention) -> str | None:
    """The event a verb right before the number names ("freed 45", "rescued some 30"), but
    not "leave", which says how they were left ("leaving 212 ships waiting")."""
    before = text[max(0, number.start - 140): number.start]
    acting = _EVENT_BEFORE.search(before) if _ANY_EVENT.search(before) else None
    if acting is None:
        bare = _BARE_VERB_BEFORE.search(before)  # a headline's "Troops rescue 45 …"
        return _BARE_VERBS[bare.group("w")] if bare else None
    if acting.group("w").lower().startswith(("leav", "left")):
        return None
    return _event_name(acting.group("w"))


def _event(text: str, number: NumberMention, counted: _Counted | None) -> str | None:
    """What happened to what the number counts, from the verbs around it."""
    if _BODIES_OF.search(text, max(0, number.start - 40), number.start):
        return "killed"  # "recovered the bodies of 12 victims": 12 dead
    happened = _EVENT_NOUN_OF.search(text, max(0, number.start - 50), number.start)
    if happened is not None and not _ASKED_FOR.search(
            text, max(0, happened.start() - 30), happened.start()):
        return _EVENT_OF_NOUN[happened.group("w").lower().rstrip("s")]  # "forcing the
        # evacuation of 40 villages", not "demanded the release of 30 prisoners"
    after_from = counted.end if counted and counted.end > number.end else number.end
    if after_from > number.end and _OF_AFTER.match(text, number.end):
        verb = _EVENT_BEFORE.search(text[max(0, number.start - 140): number.start])
        if verb:  # "withdraw 1,000 of the 2,000 troops now deployed": the verb before
            return _event_name(verb.group("w"))
    passive = _passive(text)
    after = text[after_from: after_from + 90]
    if after.startswith(",") and _SET_OFF.search(text[: number.start]):
        after = after[1:]  # "forces, about 400 soldiers, left": set off by commas
    aside = _ASIDE.match(after) or _AGE_ASIDE.match(after) or _PART_ASIDE.match(after) or \
        _AGE_TRAIL.match(after)
    later = _EVENT_LATER.match(after) if passive else None
    if later and (find_numbers(after[: later.start("w")]) or _own_subject(after, later)):
        later = None  # "four aircraft, months after three marines were killed", "put 2,000
        # soldiers on alert after a police officer was killed": theirs
    match = _EVENT_AFTER.match(after) or later or (
        _EVENT_AFTER.match(after[aside.end():]) if aside else None)
    if match is not None and match is not later and \
            not match.string[match.start(): match.start("w")].strip():
        if after_from > number.end and _WHOLE_NUMBERED.match(text, number.end) and \
                _bare_participle(text, counted):
            return None  # "four of the five miners trapped by …": the five were trapped
        # A bare participle after the noun describes it when a verb of its own acts on the
        # number: "freed 45 students abducted from a school" were freed.
        acting = _acting_verb(text, number)
        if acting is not None:
            return acting
    if match is None and _LEAVING.search(text, max(0, number.start - 60), number.start) and \
            not (counted is not None and counted.head == "people" and counted.modifiers
                 and _event_name(counted.modifiers[0]) in _HUMAN_EVENTS):
        match = _AND_STATE.match(after)  # "left 11 soldiers and six civilians dead" (but
        # "left 7 dead and 21 injured": the 7 are dead)
    if match:
        name = _event_name(match.group("w"))
        if name == "killed" and _FEARED.search(match.string, match.start(), match.start("w")):
            return "missing"  # "11 people are feared dead": not known to be dead
        return name
    if _FROM_HOMES.match(after):
        return "displaced"  # "forced some 50,000 from their homes"
    for modifier in counted.modifiers if counted else ():
        name = _event_name(modifier)
        if name in _HUMAN_EVENTS:
            return _acting_verb(text, number) or name  # "rescue 45 kidnapped students"
    before = text[max(0, number.start - 140): number.start]
    # _EVENT_BEFORE ends with an event word, as _ANY_EVENT finds them: with none before the
    # number it cannot match.
    events = list(_ANY_EVENT.finditer(before))
    match = (_EVENT_BEFORE.search(before) if events else None) or (
        _COORDINATED.match(after) if passive else None)
    if match and match.group("w").lower().startswith(("leav", "left")) and \
            _LEAVING.search(before) and (counted is None or _is_person(counted.head)):
        # "…, leaving about 600 in the Caribbean nation": the people who stay, not "began
        # leaving 3 bases"
        return "target" if _PLANNED.search(text) else "level"
    if match:
        return _event_name(match.group("w"))
    found = events if not _OWN_VERB.match(after) else []
    if found:
        between = before[found[-1].end():]
        name = _event_name(found[-1].group("w"))
        if not _CLAUSE_BREAK.search(between) and not _NEW_CLAUSE.search(between) and \
                not _CAUSING.search(between) and (
                name in {"destroyed", "damaged"} or (
                name in _HUMAN_EVENTS and (counted is None or _is_person(counted.head))) or (
                name == "captured" and counted is not None and _is_person(counted.head))):
            return name  # "killing five children and two women", not "12 people drowned
            # … and 4,000 hectares of farmland were submerged"
    return None


_FEARED: Final = re.compile(r"\b(?:feared|believed|presumed)\b", re.I)
_SUBORDINATE: Final = CaseBlind(re.compile(r"\b(?:after|before|since|following|having|once|until)\b",
                                          re.I))


def _own_part(text: str, number: NumberMention) -> str:
    """The number's clause without a subordinate part on either side ("has 11,000 troops in
    the country | after withdrawing …")."""
    cut = _CLAUSE_CUT
    begin = 0
    for match in cut.finditer(text, 0, number.start):
        begin = match.end()
    after = cut.search(text, number.end)
    stop = after.start() if after else len(text)
    for match in _SUBORDINATE.finditer(text, begin, number.start):
        begin = match.start()
    later = _SUBORDINATE.search(text, number.end, stop)
    return text[begin: later.start() if later else stop]


def _change(text: str, number: NumberMention, headline: bool) -> str | None:
    """level, withdrawn or target: how a count of forces (or anything held) changes."""
    before = text[: number.start]
    if _LEAVING.search(before):
        return "target" if _PLANNED.search(text) else "level"
    if _DRAW_TO.search(before):
        after = text[number.end: number.end + 60]
        # "by" a date makes a plan in the change's own clause only: "rose to 19 by
        # Wednesday, bringing the total to 57" states a level, "will be sent by March,
        # bringing the total to 450" a plan.
        cut = max(before.rfind(","), before.rfind(";"))
        for plan in _FUTURE.finditer(before, max(0, len(before) - 120)):
            if plan.group(0).lower() != "by" or plan.start() > cut:
                return "target"
        if _BY.match(after):
            return "target"
        return "level"
    if _FROM_BEFORE.search(before):
        return "level"
    clause = _clause(text, number.start, number.end)
    if _EVENT_RE["withdrawn"].search(clause) and _EVENT_RE["withdrawn"].search(
            _own_part(text, number)):
        return "withdrawn"  # not "still has 11,000 troops there after withdrawing …"
    if _LEVEL.search(clause):
        return "level"
    return None


# --------------------------------------------------------------------------- which metric


def _slug(text: str) -> str:
    return re.sub(r"[^a-z]+", "_", text.lower()).strip("_") or "things"


def metric_for_words(counted: str, event: str | None) -> tuple[str, str]:
    """(id, label) of a metric named from the copy's own words: ('people.missing',
    'people · missing')."""
    event = event or "count"
    return f"{_slug(counted)}.{_slug(event)}", (counted if event == "count"
                                                 else f"{counted} · {event}")


def _has_word(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    for word in words:
        if word.endswith("*"):
            if _word_pattern(word).search(lowered):
                return True
        elif _word_pattern(word).search(lowered):
            return True
    return False


@lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern[str]:
    """The pattern ``_has_word`` looks for: a word, or with a final * any word it begins."""
    if word.endswith("*"):
        return re.compile(r"\b" + re.escape(word[:-1]))
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")


@lru_cache(maxsize=1024)
def _counts_durations(counts: frozenset[str]) -> bool:
    return any(w in _DURATIONS for w in counts)


def _fits(rule: MetricRule, counted: _Counted, event: str, place: PlaceRef | None,
          context_text: str, fraction: bool, sentence_text: str = "") -> bool:
    if fraction and not rule.share_unit:
        return False
    if counted.duration != _counts_durations(frozenset(rule.counts)):
        return False
    head, phrase = counted.head, counted.phrase
    if not (head in rule.counts or phrase in rule.counts
            or ("people" in rule.counts and (_is_person(head) or event in _HUMAN_EVENTS
                                             and head not in _NOT_PERSON))):
        return False
    if rule.events and event not in rule.events:
        return False
    if rule.context and not _has_word(context_text, rule.context):
        return False
    if rule.unless and _has_word(sentence_text, rule.unless):
        return False  # "five camps for Sahrawi refugees" are no military camps
    if rule.within and place is not None and not place.lies_in(rule.within):
        return False
    if rule.owners and counted.owners and not any(
            o in rule.owners or o.rstrip("s") in rule.owners for o in counted.owners):
        return False
    return True


# --------------------------------------------------------------------------- places


def _dateline(paragraph: str, places: PlaceIndex) -> tuple[int, list[PlaceMention]]:
    match = _DATELINE.match(paragraph)
    if not match:
        return 0, []
    found = places.find(paragraph[: match.end()], dateline_end=match.end())
    if match.group("outlet"):  # "(North Sea Wire)": the outlet's name is no place
        found = [m for m in found if not match.start("outlet") <= m.start < match.end("outlet")]
    city_start, city_end = match.span("city")
    country = next((m.place.country for m in found if m.start >= city_end
                    and m.place.country and not m.place.chain), None)
    if country and not any(m.start < city_end and city_start < m.end for m in found):
        # "CHITWAN, Nepal —": a dateline city the gazetteer lacks is a place in its country
        ref = places.copy_ref(match.group("city").title(), country)
        if ref is not None:
            found.insert(0, PlaceMention(city_start, city_end, ref, True, False))
    return (match.end(), found) if found else (0, [])


def _article_country(places: PlaceIndex, dateline: list[PlaceMention],
                     by_sentence: list[list[PlaceMention]],
                     lead: Sequence[tuple[PlaceMention, bool]] = ()) -> PlaceRef | None:
    """The country the article is about: its dateline's, unless the body never names that
    country and names another (a desk dateline: BEIRUT for a story on Syria), or the lead
    puts its event in another country only ("NAIROBI, Kenya — A bomb killed 9 people in
    the Somali town of …"); else the country the body names most (of those named as
    often, the one the lead puts its event in). A country is counted
    once a sentence, however many of its places the sentence names ("Ethiopia's Somali
    region" names Ethiopia once)."""
    mentions = [m for ms in by_sentence for m in ms]
    named = {m.place.country for m in mentions if m.place.country and not _town(m.place)}
    where = {m.place.country for m, said in lead if said or m.place.country in named}
    # a town abroad counts when its country is named too: not a namesake town abroad
    home = {places.country_of(m.place) for m in dateline} - {None}
    if len(where) == 1 and None not in where and home and \
            not any(c.country in where for c in home if c is not None):
        return places.country_ref(next(c for c in where if c))  # a desk's story about another
        # country
    counts: dict[str, int] = {}
    for sentence_mentions in by_sentence:
        codes = dict.fromkeys(m.place.country for m in sentence_mentions if m.place.country and (
            m.place.country in named or not _small_town(m.place)))
        for code in codes:  # a small namesake town abroad, its country never named
            # ("Crete", Illinois, in a story from Athens), proves nothing
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    for mention in dateline:
        country = places.country_of(mention.place)
        if country and (counts.get(country.country or "", 0) or not ranked
                        or ranked[0][1] < 2):
            return country  # the dateline's, unless another country is named more than once
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        tied = {code for code, count in ranked if count == ranked[0][1]}
        in_lead = {m.place.country for m, _said in lead if m.place.country} & tied
        if len(in_lead) != 1:
            return None
        return places.country_ref(next(iter(in_lead)))  # named as often as others, and
        # the one the lead puts its event in ("extended its mission in Western Sahara")
    return places.country_ref(ranked[0][0])


def _town(ref: PlaceRef) -> bool:
    return (ref.gazetteer_id or "").startswith("city:")


def _small_town(ref: PlaceRef) -> bool:
    if not _town(ref):
        return False
    entry = gazetteer().entries.get(ref.gazetteer_id or "")
    return entry is not None and entry.population < 100_000


_WITHDRAWN_FROM: Final = re.compile(r"\b(?:" + _EVENT_WORDS["withdrawn"] + r")\b"
                                    r"(?:[^\"“”.;,]|(?<=\d)[,.](?=\d)){0,50}"
                                    r"\b(?:from|out of)\s+(?:the\s+)?$", re.I)


def _owner_of_noun(text: str, end: int, counted_words: set[str]) -> bool:
    """True when a place name is used as the owner of a noun: 'US troop numbers', 'the
    Chadian army', 'French withdrawal' (a noun for people, for what a pack metric counts,
    for an institution, or for an event)."""
    following = re.match(r"\s+([a-z][\w-]*)", text[end:])
    if not following:
        return False
    word = following.group(1)
    return word in _PERSON_WORDS or word in _OWNED_NOUNS or word in counted_words or \
        word.rstrip("s") in counted_words or _event_name(word) is not None or \
        _plural(word) and _is_person(word)


_OWNED_NOUNS: Final = {"forces", "force", "military", "army", "navy", "mission", "embassy",
                       "officials", "government", "president", "envoy", "presence", "base", "bases",
                       "officer"}


def _lead_place(places: PlaceIndex, by_paragraph: dict[int, list[Sentence]],
                sentence_places: dict[int, list[PlaceMention]], dateline_end: dict[int, int],
                title_key: str, country: PlaceRef | None) -> tuple[bool, PlaceRef | None]:
    """The place the article gives its event: the most specific place its lead names where
    it happened (in the article's country), else the place the headline names so, else the
    dateline city when the lead names it and no place abroad;
    (True, None) when the lead's event lies in no one place (sanctions on people in three
    countries, an exchange between two); (False, None) when the lead names no place."""
    headline: PlaceRef | None = None  # where the headline puts the event
    for paragraph in by_paragraph.values():
        first = paragraph[0]
        if " ".join(first.text.split()).casefold() == title_key:
            said = sentence_places.get(first.start, [])
            named = []
            for i, m in enumerate(said):
                if not m.locative or m.attributive or m.modifier or \
                        _FROM.search(first.text, max(0, m.start - 60), m.start) or \
                        _TALKS.search(first.text, max(0, m.start - 40), m.start) or \
                        _HEADING_TO.search(first.text, max(0, m.start - 50), m.start):
                    continue  # not "Inquiry update from the capital": where it is told from
                if i + 1 < len(said) and re.fullmatch(r"['’]s\s+", first.text[m.end:
                                                                               said[i + 1].start]):
                    m = said[i + 1]  # "in South Sudan's Upper Nile": Upper Nile
                if country is not None and m.place.country == country.country and \
                        m.place.id != country.id:
                    named.append(m.place)
            headline = named[-1] if named else None
            continue
        text = first.text
        end = dateline_end.get(first.start, 0)
        if _COUNTRYWIDE_FIGURE.search(text, end):
            return False, None  # "has killed 93 people across the country": the country's
        mentions = [m for m in sentence_places.get(first.start, [])  # not "Nepal's Chitwan"
                    if not re.match(r"['’]s\s+[A-Z]", text[m.end: m.end + 4])]
        body = [m for m in mentions if m.start >= end]
        for mention in body:
            group = _listed_with(body, mention, text)
            if len(group) > 1 and all(m.place.country and not m.place.chain for m in group) \
                    and mention.modifier and _RECIPROCAL.match(text, max(g.end for g in group)):
                return True, None  # "Ghana and Togo each freed 90 prisoners"
        body = [m for m in body if m.locative and not _of_a_later_figure(text, m.start)
                and not _PARTLY.search(text, max(0, m.start - 60), m.start)
                and not _TALKS.search(text, max(0, m.start - 40), m.start)
                and not _HEADING_TO.search(text, max(0, m.start - 50), m.start)
                and not (_FROM.search(text, max(0, m.start - 60), m.start)
                         and not _withdrawn_from(text, m))]
        for mention in body:
            group = _listed_with(body, mention, text)
            if len({m.place.country for m in group}) > 1:
                return True, None  # "sanctions on 14 people in Ghana, Togo and Benin"
            if country is not None and mention.place.country == country.country:
                break  # a place in the article's country comes first
        abroad = bool(body)
        if country is not None:  # a place in the article's country, or a region
            body = [m for m in body if m.place.country in (country.country, None)]
        abroad = abroad and not body or bool(_AWAY.search(text, end))  # "an army post
        # near the border with Mali", "in a village": not the dateline city
        body.sort(key=lambda m: m.attributive)  # "near the Chilean border" last
        if body:
            place = body[0].place
            for other in body[1:]:  # "struck northern Chile …, injuring 40 in Antofagasta"
                if other.place.id != place.id and other.place.lies_in(place.id) and \
                        _FIGURE_IN.search(text, max(0, other.start - 60), other.start):
                    place = other.place
            return True, place
        datelined = [m.place for m in mentions if m.start < end and m.place.chain]
        if any(m.start >= end and m.place.id == country.id for m in mentions) \
                or _THE_COUNTRY_S.search(text, end) if country is not None else False:
            return False, None  # LISBON — "Portugal's centre-right won …", "the country's
            # worst outbreak": the country's event
        if headline is not None:
            return True, headline  # "… in South Sudan's Upper Nile", the body naming none
        if abroad:
            return False, None  # "near the border with Mali": somewhere in the country
        if datelined and country is not None and datelined[0].country == country.country:
            return True, datelined[0]  # ROTTERDAM — a strike at the port: the dateline city
        return False, None
    return False, None


# A capital named by its country's nationality: "in the Somali capital".
_NATION_CAPITAL: Final = re.compile(r"\bthe\s+(?P<n>[A-Z][a-z]+)\s+capital\b(?!['’]s|\s+of\b)")


def _with_capitals(places: PlaceIndex, text: str,
                   found: list[PlaceMention]) -> list[PlaceMention]:
    """The places a sentence names, with each capital it names by its country's nationality
    ("a car bomb in the Somali capital"): where, as the capital's name would be."""
    if "capital" not in text:
        return found
    extra = []
    for match in _NATION_CAPITAL.finditer(text):
        code = places.demonym_country(match.group("n"))
        ref = places.capital_ref(code) if code else None
        if ref is not None and not any(m.start < match.end() and match.start() < m.end
                                       for m in found):
            extra.append(PlaceMention(match.start(), match.end(), ref, True, False))
    return sorted([*found, *extra], key=lambda m: m.start) if extra else found


# Where no city is: "near the border", "in a village", "in the countryside".
_AWAY: Final = re.compile(
    r"\b(?:in|at|near|along|on|from|around)\s+(?:an?|the)\s+(?:[A-Za-z-]+\s+){0,2}?(?:border|"
    r"frontier|village|countryside)s?\b")
# A part of the country the copy does not name: "in the central region", "across the north".
_UNNAMED_PART: Final = re.compile(
    r"\b(?:in|across|throughout)\s+the\s+(?:(?:northern|southern|eastern|western|central|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|coastal|rural)\s+)?"
    r"(?:regions?|provinces?|north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west|interior)\b")


def _away_from_towns(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``start:end`` is told of as somewhere no town is ("near the
    border", "in a village", "in the central region"), with no other number in between."""
    for away in itertools.chain(_AWAY.finditer(text), _UNNAMED_PART.finditer(text)):
        between = (away.end(), start) if away.end() <= start else (end, away.start())
        if not _DIGIT.search(text, *between):
            return True
    return False


# "the Somali town of", "the Yemeni port of": whose the place named next is.
_KIND_BY_NATION: Final = re.compile(r"\b(?P<n>[A-Z][a-z]+)\s+(?:[a-z]+\s+)?(?:town|village|city|port|"
                                    r"island|province|region|district)\s+of\s+$")


def _lead_where(places: PlaceIndex, by_paragraph: dict[int, list[Sentence]],
                sentence_places: dict[int, list[PlaceMention]], dateline_end: dict[int, int],
                title_key: str) -> list[tuple[PlaceMention, bool]]:
    """The places the lead's first sentence names as where its event happened (not whose,
    not where people came from or were heading, not where talks were held), each with
    whether the copy says whose it is ("the Somali town of …")."""
    for paragraph in by_paragraph.values():
        first = paragraph[0]
        if " ".join(first.text.split()).casefold() == title_key:
            continue
        text, end = first.text, dateline_end.get(first.start, 0)
        named = sentence_places.get(first.start, [])
        where = [m for m in named if m.start >= end and
                 m.locative and not m.attributive and not m.modifier
                 and not _WHOSE_PLACE.match(text, m.end)
                 and not any(_FROM.search(text, max(0, head.start - 60), head.start)
                             for head in _listed_with(named, m, text))  # "from Mali and
                 # Senegal": where they came from, each of them
                 and not _TO.search(text, max(0, m.start - 20), m.start)
                 and not _HEADING_TO.search(text, max(0, m.start - 50), m.start)
                 and not _TALKS.search(text, max(0, m.start - 40), m.start)]
        out = []
        for m in where:
            if not _town(m.place):
                out.append((m, False))
                continue
            spelt = any(e.key == m.place.gazetteer_id and primary for e, primary
                        in gazetteer().lookup(text[m.start: m.end]))
            whose = _KIND_BY_NATION.search(text, max(0, m.start - 40), m.start) or \
                _NATION_CAPITAL.fullmatch(text, m.start, m.end)
            if whose and places.demonym_country(whose.group("n")) == m.place.country:
                out.append((m, True))  # "the Somali town of Beledweyne": Somalia's, said so
            elif spelt:
                out.append((m, False))  # not "Stettin", another spelling of a city abroad
        return out
    return []


def _of_a_later_figure(text: str, start: int) -> bool:
    """Whether the place at ``start`` lies in a later clause that states a figure of its
    own before it ("culled 2,000 hens, and another 500 birds on farms in X are due …")."""
    if _PART_IN.search(text, max(0, start - 50), start):
        return True  # "killed 45 people across the Gaza Strip, including 12 in Khan Younis"
    breaks = [m.end() for m in _CLAUSES_MEET.finditer(text, 0, start)]
    if not breaks:
        return False
    stretch = text[breaks[-1]: start].rsplit(",", 1)[-1]
    return bool(_DIGIT.search(stretch) or _spells_any(_COUNT_WORDS, stretch)) \
        and bool(_DIGIT.search(text, 0, breaks[-1])
                 or _spells_any(_COUNT_WORDS, text[: breaks[-1]]))


# A part's place after the whole: "…, including 12 in Khan Younis", "…, 12 of them in Luuq"
# (not "including 12 children, in Luuq", which places the whole).
_PART_NUMBER: Final = (r"(?:\d[\d,.]*|[A-Za-z-]*(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve|teen|ty|hundred|thousand))")
_PART_IN: Final = re.compile(r"(?:\b(?:including|among them|among whom|of whom)\s+(?:(?:some|about|at "
                             r"least)\s+)?" + _PART_NUMBER + r"(?:\s+[a-z]+)?|\b" + _PART_NUMBER
                             + r"\s+of\s+(?:them|whom|those|these))\s+(?:in|at|near)\s+(?:the\s+)?$")


# The lead's figure is the whole country's: "has killed 93 people across the country".
_COUNTRYWIDE_FIGURE: Final = re.compile(r"\d(?:[\d,.]*\d)?(?:\s+(?:million|thousand))?(?:\s+[a-z-]+)"
                                        r"{0,3}?\s+(?:(?:across|throughout)\s+the\s+(?:country|nation)|"
                                        + COUNTRY_WIDE + r")\b")
# The lead speaks of the whole country: "the country's worst outbreak", "countrywide"; not
# "the country's biggest port" (the dateline city, named again).
_THE_COUNTRY_S: Final = re.compile(r"\b(?:the\s+(?:country|nation)['’]s(?!(?:\s+[\w-]+){0,2}\s+"
                                   r"(?:port|city|town|capital|harbou?r|airport|refinery|mine|factory|"
                                   r"plant|hospital|stadium|prison|base|market)s?\b)|"
                                   + COUNTRY_WIDE + r")\b", re.I)


# A figure a whole holds (a force, a mission, a country), not one the lead's event made.
_HOLDING: Final = re.compile(r"\b(?:has|have|had|holds|held|keeps|kept|numbered|numbers|totals|"
                             r"totalled|totaled|has\s+recruited|had\s+recruited)\s+(?:(?:now|still|"
                             r"about|some|nearly|roughly|around|more\s+than|over|almost)\s+)*"
                             r"(?=\d|[a-z]+\s+(?:thousand|hundred)|about|some|nearly|roughly|around)"
                             r"|\bwhich\s+numbered\b|\bhas\s+recruited\b", re.I)


# A force where it stands, not at the lead's event: "4,000 Rwandan troops are operating
# alongside the rebels", "some 900 remain deployed".
_STANDING: Final = re.compile(r"\b(?:are|is|remain|remains)\s+(?:now\s+|still\s+)?(?:operating|"
                              r"deployed|stationed|based|present)\b", re.I)
# "in the province", "at the camp": the place the lead named, spoken of again.
_THE_PLACE: Final = re.compile(r"\b(?:in|at|near|inside|around|across)\s+the\s+(?:province|region|"
                               r"state|district|city|town|village|camp|area|base|island)\b", re.I)
# "mostly in Gao", "most of them towards the town of Adwa", "most of them in Tigray
# province south of Mekelle": where part of it is, not where the figure is.
_PARTLY: Final = CaseBlind(re.compile(r"\b(?:mostly|mainly|largely|chiefly|partly|many\s+of\s+them|"
                                      r"most\s+of\s+them|some\s+of\s+them)\s+[^,;:.()\d]{0,50}$", re.I))
# Where it came from: "from neighbouring Togo", "out of the northern city of Tromso".
_FROM: Final = re.compile(r"\b(?:[Ff]rom|[Oo]ut\s+of)\s+(?:the\s+)?(?:(?!(?:in|at|on|near)\s)[a-z-]+\s+)"
                          r"{0,2}?(?:(?<!their\s)(?<!homes\s)(?<!home\s)(?:in|at)\s+(?:the\s+)?)?"
                          r"(?:[A-ZÀ-ÖØ-Þ][\w-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w-]*){0,2}['’]s\s+(?:[a-z-]+\s+)"
                          r"{0,2}?)?(?:(?:city|town|village|island|province|region|district|port|"
                          r"capital|camp)\s+of\s+)?$")  # "from Ethiopia's Sidama region", "from camps
# in Cox's Bazar": from (not "from their homes in X", where they were driven from them)
# Where it went: "moving from Crete to Cyprus", "the rest going to Malta".
_TO: Final = re.compile(r"\b(?:to|towards|for|into)\s+(?:the\s+)?$", re.I)
# Where talks were held is not where their figures are: "agreed at talks in Oslo".
_TALKS: Final = CaseBlind(re.compile(r"\b(?:talks|negotiations|summit|meeting|conference)\s+"
                                     r"(?:held\s+)?(?:in|at)\s+(?:the\s+)?$", re.I))
# A place the figure's own noun phrase takes: "5,000 US military personnel in Bahrain",
# "1,000 soldiers rotating through the country", "killing three and injuring 40 in Homs".
_ATTACHED: Final = re.compile(r"(?:\s+and\s+(?:[a-z]+ing\s+)?[\w,.-]+(?:\s+[\w,.-]+){0,2}?)?(?:\s+[a-z]+ing)?"
                              r"\s+(?:in|at|on|across|throughout|through|inside|near|outside|around)\s+"
                              r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|"
                              r"north-?eastern|north-?western|south-?eastern|south-?western|"
                              r"neighbouring|neighboring)\s+)?")
# Another clause: "keeping 200 police as clashes spread in Tigray".
_OTHER_CLAUSE: Final = re.compile(r"\b(?:as|while|whereas|although|though|because)\s", re.I)
# Between two countries: "Ghana and Togo each freed 90 prisoners".
_RECIPROCAL: Final = re.compile(r"\s+(?:each|both|swap\w*|exchang\w*|trad(?:e|ed|es|ing))\b", re.I)
# Inside the place after it: "near Adwa in northern Ethiopia", "the Dadaab refugee camp in
# Garissa".
_INNER_GAP: Final = re.compile(r"(?:,?\s+(?:(?!(?:[a-z]+ed|and|or|but|then)\s)[a-z-]+\s+){0,3}?in\s+|"
                               r"\s+" + DIVISIONS + r"\s+of\s+)"  # "the Bajaur district of
                               # northwest Pakistan"
                               r"(?:the\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}['’]s\s+)?(?:(?:northern|"
                               r"southern|eastern|western|central|north-?east(?:ern)?|"
                               r"north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
                               r"north|south|east|west)\s+)?")


# The conflict as a whole: "a war that has killed …", "sanctioned 12 individuals over the
# conflict", "displaced by the violence", "the war has killed".
_WHOLE: Final = re.compile(r"\b(?:(?:over|during|in|by|throughout)\s+(?:the|this|a)\s+(?:war|conflict|"
                           r"violence|insurgency)\b(?!\s+(?:in|at|on)\s)|(?:the|this)\s+(?:war|conflict|"
                           r"insurgency)\s+(?:has|had|have)\b)", re.I)
# A running tally over a long span, not the lead's event: "the fifth attack since the start
# of the month", "eleven have been killed so far this year", "has lost 900 since 2015",
# "has lost 600 soldiers this year", "has displaced 700,000 people since January", "have
# fled since the war began";
# and the terms of a mandate ("extended the mission's mandate for 6 months, keeping 9,000
# troops"), set for the mission's whole area.
_TALLY: Final = re.compile(r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:year|"
                           r"month|season|war|conflict|mission|operation)\b|\b(?:so\s+far|to\s+date)\s+"
                           r"this\s+(?:year|month|season)\b|\bmandate\b|"
                           r"\b(?:has|have|had)\s[^.;]{0,80}\b(?:since\s+(?:19|20)\d\d|this\s+year|since\s+"
                           r"(?:january|february|march|april|may|june|july|august|september|october|"
                           r"november|december)\b|since\s+the\s+(?:war|fighting|conflict|insurgency|"
                           r"offensive|crisis|violence|outbreak|epidemic|floods|rains|monsoon|"
                           r"drought)\s+"
                           r"(?:began|started|erupted|broke\s+out))", re.I)
# "Chile's police say", "Chile's interior ministry said": the country's speaker, not its
# whole (as "Chile's previous worst outbreak" is).
_SUBJECT_VERB: Final = re.compile(r"\s+(?:is|are|was|were|has|have|had|will|would|could|keeps|kept|"
                                  r"[a-z]+ed)\b")
# Forces a country sends or offers are not where it is: "Kenya has pledged 1,000 troops".
_SENDING: Final = re.compile(r"\b(?:sen[dt]s?|sending|pledg\w*|contribut\w*|dispatch\w*|offer\w*|"
                             r"promis\w*|donat\w*|provid\w*)\b", re.I)


def _opening_country(text: str, mentioned: Sequence[PlaceMention],
                     dateline_end: int) -> PlaceRef | None:
    """The country a sentence opens with as its subject ("Serbia has deployed …"), when it
    names no other place and sends nothing elsewhere; None otherwise."""
    after = [m for m in mentioned if m.start >= dateline_end]
    if not after or not after[0].place.country or after[0].place.chain:
        return None
    first = after[0]
    if text[dateline_end: first.start].strip() or _WHOSE_SPEAKER.match(text, first.end) or \
            any(not m.place.lies_in(first.place.id) for m in after[1:]) or \
            not _SUBJECT_VERB.match(text, first.end) or _SENDING.search(text):
        return None
    return first.place


_WHOSE_SPEAKER: Final = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}?(?:police|officials?|ministry|"
                                   r"ministers?|government|authorities|army|military|forces|navy|"
                                   r"president|prime\s+minister|spokes(?:man|woman|person)|agency|"
                                   r"office|department|service|media|embassy|envoy|leaders?|"
                                   r"commission|council|court|parliament|[A-Z])")
# What counts places lies in none of them.
_PLACE_COUNTS: Final = {"countries", "country", "nations", "nation"}
_OPENER: Final = re.compile(r"^(?:In|At|Near|Outside|Across)\s")
# Between a place and the place it is told from: "Ventanilla, north of Lima".
_BEARING_GAP: Final = re.compile(r",\s+(?:about\s+|some\s+)?(?:\d[\d,.]*\s*(?:km|kilometres|kilometers|"
                                 r"miles)\s+(?:\(\d[\d,.]*\s*(?:km|miles)\)\s+)?)?(?:north|south|east|west)"
                                 r"(?:-?(?:east|west))?\s+of\s+(?:the\s+)?")
# A place a figure is in: "injuring 40 in Idlib province".
_FIGURE_IN: Final = re.compile(r"\d(?:[\d,.]*\d)?(?:\s+[A-Za-z-]+){0,4}?\s+(?:in|at|near|outside|"
                               r"across)\s+(?:the\s+)?(?:[a-z]+ern\s+)?$")


def _withdrawn_from(text: str, mention: PlaceMention, event: str = "withdrawn") -> bool:
    """Whether a place after "from" is what is withdrawn from ("pull 1,500 troops out of
    Latvia", "moving from Crete", "its withdrawal from Idlib province"), or with ``event``
    evacuated or displaced, what people left ("evacuated from towns in Donetsk")."""
    if event == "withdrawn" and (pulled := _WITHDRAWN_FROM.search(
            text[max(0, mention.start - 60): mention.start])) is not None:
        return not _NOT_FROM_VERB.search(pulled.group(0))
    origin = _FROM.search(text, max(0, mention.start - 60), mention.start)
    if origin is None:
        return False
    clause = re.split(r"[\"“”.;]|,(?!\d)", text[max(0, origin.start() - 50): origin.end()])[-1]
    verbs = list(_EVENT_RE[event].finditer(clause))
    return bool(verbs) and not _NOT_FROM_VERB.search(clause, verbs[-1].end())


# Events whose "from" names where they happened: "evacuated from towns in Donetsk".
_LEFT: Final = frozenset({"evacuated", "displaced"})
# Words between a verb and "from" that make "from" another phrase's: "withdrawn amid concern
# from Berlin".
_NOT_FROM_VERB: Final = re.compile(r"\b(?:amid|despite|after|because|following|over|as|with)\b")


def _place_in_sentence(mentions: list[PlaceMention], number: NumberMention,
                       counted: _Counted | None, text: str, event: str | None,
                       actor_spans: list[tuple[int, int]], *, dateline_end: int = 0,
                       places: PlaceIndex | None = None, country: PlaceRef | None = None,
                       nearby: Sequence[PlaceMention] = (),
                       others: Sequence[tuple[int, int]] = (),
                       kinds: dict[str, PlaceRef] | None = None
                       ) -> tuple[bool, PlaceRef | None]:
    """The place the sentence names for a figure: the place its own noun phrase takes, else
    the nearest place named as where (not whose, not who acts, not where it came from, not
    where talks were held) in its clause; a sentence that opens "In X, …" is about X,
    whatever its apposition names ("In Nasir, in Upper Nile, …"); a list of places is the
    country that holds them all, else a region the paragraph names (``nearby``), else none.
    A place in another clause of the sentence that states its own figure (``others``, the
    sentence's other figures) is that figure's ("3,000 fled across Kenya, and 40 were killed
    in Eldoret"). "In the region", "on the island" is the place named so before (``kinds``,
    see ``_place_of_kind``). (False, None) when the sentence names no place for it."""
    mentions = [m for m in mentions if m.start >= dateline_end]  # the dateline is the lead's
    if country is not None:  # "in the country", "across the emirate": the article's country
        shape = _sentence_shape(text)
        if shape.countrywide or shape.kinds:
            mentions = sorted([*mentions, *(PlaceMention(a, b, country, True, False)
                                            for a, b in shape.countrywide),
                               *(PlaceMention(a, b, ref, True, False) for a, b, kind in shape.kinds
                                 if (ref := _place_of_kind(kind, kinds or {}, country,
                                                           places)) is not None)],
                              key=lambda m: m.start)
    if mentions and _OPENER.match(text[dateline_end:].lstrip()) and mentions[0].locative:
        first = mentions[0]
        commas = [i for i, ch in enumerate(text) if ch == "," and i >= first.end]
        if commas and commas[0] - first.end <= 2 and len(commas) > 1 and \
                not commas[0] < number.start < commas[1]:
            mentions = [m for m in mentions if not commas[0] < m.start < commas[1]]
    heads: dict[int, PlaceMention] = {}  # each name's list, by the list's first name
    for mention in mentions:
        if id(mention) not in heads:
            group = sorted(_listed_with(mentions, mention, text), key=lambda m: m.start)
            for member in group:
                heads[id(member)] = group[0]
            if len(group) > 1 and group[-1].end <= number.start and all(
                    m.place.country and not m.place.chain for m in group) and \
                    _RECIPROCAL.match(text, group[-1].end) and not group[0].locative:
                return True, None  # "Ghana and Togo each freed …": between them
    phrase_end = number.end
    if counted and number.end <= counted.start < counted.end and counted.start - number.end < 30:
        phrase_end = counted.end
    withdrawn = event in {"withdrawn", "duration", "duration_asked"}
    leaving = withdrawn or event in _LEFT  # where they left from is where it was
    shape = _sentence_shape(text)
    clauses = shape.clauses
    own = next((c for c in clauses if c[0] <= number.start < c[1]), (0, len(text)))
    said_from = shape.said_from
    aside = next(((a, b) for a, b in shape.asides if a < number.start < b), None)
    best: tuple[tuple[int, int], PlaceRef] | None = None
    best_mention: PlaceMention | None = None
    host: PlaceMention | None = None
    candidates: list[tuple[tuple[int, int], PlaceMention]] = []
    for mention in mentions:
        if counted and counted.end > counted.start and \
                counted.start <= mention.start < max(counted.end, number.end) and \
                not counted.end <= number.start - 30:
            continue  # the owner, as in "2,500 US troops" (not a noun read far back: "killed
            # 75 people across the country and infected more than 2,000")
        hosts = bool(mention.place.country) and (
            (held := _HOSTS.match(text, mention.end)) is not None and held.end() == number.start)
        if hosts:  # "Senegal keeps 4,000 French troops": where they are, unless the sentence
            # says where ("France keeps about 900 troops in Senegal")
            host = mention
            continue
        if mention.modifier:
            continue  # "US troops", "Kenya has pledged": whose, or who acts, not where
        if any(_BEARING_GAP.fullmatch(text, m.end, mention.start) for m in mentions
               if m.end < mention.start):
            continue  # "a refinery near Ventanilla, north of Lima": where Ventanilla lies
        if _PARTLY.search(text, max(0, mention.start - 60), mention.start):
            continue  # "fewer than 2,000 remain, mostly in Gao": where some of them are
        if re.match(r"['’]s\s+[A-Z]", text[mention.end: mention.end + 4]) and not (
                mention.place.chain and FACILITY.match(text, mention.end)) and not any(
                m.start > mention.start and m.start - mention.end <= 4 for m in mentions):
            continue  # "central Nepal's Chitwan district": holds a place it does not resolve
        if not mention.locative and any(a <= mention.start < b for a, b in actor_spans):
            continue
        if not mention.locative:
            continue  # "Indonesia, which has 1,200 troops", "Chad's president said"
        if _TALKS.search(text, max(0, mention.start - 40), mention.start):
            continue  # "agreed at talks in Oslo"
        if said_from is not None and mention.start >= said_from > number.end:
            continue  # "…, the foreign ministry in Oslo said": where the speaker is
        if _HEADING_TO.search(text, max(0, mention.start - 50), mention.start):
            continue  # "the soldiers were heading east to Obo": where they were going
        if aside is not None and not aside[0] <= mention.start < aside[1] and (
                mention.start >= aside[1] or any(aside[0] <= m.start < aside[1] for m in mentions)):
            continue  # "Chad's police, which has 9,000 officers, is patrolling around Lake Fitri"
            # (but "at Nyala's hospital, which has 20 beds": the hospital's place)
        if _CLAUSE_SUBJECT_BEFORE.search(text, max(0, mention.start - 8), mention.start) and \
                _FINITE_AFTER.match(text, mention.end):
            continue  # "…, and Australia is paying …": who acts in the next clause
        part = _PART_IN.search(text, max(number.end, mention.start - 50), mention.start) \
            if mention.start > number.end else None
        if part is not None and part.start() >= number.end:
            continue  # "killed 30 people, 12 of them in Sindhupalchok": the part's place (but
            # "killed 30, including 12 children, in Sindhupalchok": both)
        head = heads.get(id(mention), mention)
        elsewhere = False  # in another clause that states a figure of its own
        if not own[0] <= mention.start < own[1]:
            clause = next((c for c in clauses if c[0] <= mention.start < c[1]), own)
            elsewhere = bool(_DIGIT.search(text, clause[0], clause[1])) or any(
                clause[0] <= a < clause[1] for a, _b in others)
            if elsewhere and clause[0] > own[0]:
                continue  # "…, and another 2,000 cattle died near Moyale", "…, and Australia is
                # spending A$90 million at Kalgaroo": that clause's own amount's place
        distance = min(abs(mention.start - number.end), abs(number.start - mention.end))
        tier = 2 if elsewhere else 1  # "took 80 pupils from Dangoma; nearly 30 are …"
        if _FROM.search(text, max(0, head.start - 60), head.start):
            if not (_withdrawn_from(text, head) or event in _LEFT and
                    _withdrawn_from(text, head, event)):
                continue  # where it came from, not where it happened
            tier = 0 if withdrawn else 1  # "pull 1,500 troops out of Latvia", "1,200
            # civilians were evacuated from towns in Donetsk"
        elif leaving and _TO.search(text, max(0, head.start - 20), head.start):
            tier = 2  # "moving from Crete to Cyprus": where they go is not where they leave
        elif mention.attributive and _owner_of_noun(text, mention.end, set()):
            continue  # "attacks on US forces", "fire at the Turkish embassy": whose, not where
        elif mention.attributive or (mention.start > number.end and _OTHER_CLAUSE.search(
                text, number.end, mention.start)):
            tier = 2  # "near the Chilean border", "as clashes spread in Tigray"
        elif head.start >= phrase_end and _ATTACHED.fullmatch(text, phrase_end, head.start):
            tier = 0  # "5,000 US military personnel in Bahrain"
        if mention.place.chain and mention.end <= number.start and \
                _SAYS_NEXT.match(text, mention.end) and \
                _SPEAKER_IN.fullmatch(text, dateline_end, mention.start):  # a town, not a
            # country ("The force in Bosnia said it would bring in 500 troops": Bosnia's)
            capital = places.capital_ref(mention.place.country) \
                if places is not None and mention.place.country else None
            if capital is not None and capital.id == mention.place.id:
                continue  # "The federal government in Brasilia said it had sent 600 soldiers":
                # where a government speaks from, not where its figure is
            tier = 3  # "The army in Pemba said 14 were captured near Macomia": where the
            # speaker is, unless the sentence names no other place ("Police in Kano said")
        rank = (tier, distance)
        candidates.append((rank, mention))
        if best is None or rank < best[0]:
            best = (rank, mention.place)
            best_mention = mention
    if host is not None and (best_mention is None or not (
            best_mention.start > number.end and own[0] <= best_mention.start < own[1]
            and not _OTHER_CLAUSE.search(text, number.end, best_mention.start)
            and not _FROM.search(text, max(0, best_mention.start - 60), best_mention.start))):
        best, best_mention = ((1, 0), host.place), host
    if best is None or best_mention is None:
        return False, None
    if best_mention.place.country and not best_mention.place.chain:
        inside = [(rank, m) for rank, m in candidates if m.start > number.end
                  and own[0] <= m.start < own[1] and rank[0] <= best[0][0]
                  and m.place.lies_in(best_mention.place.id)
                  and not any(number.end <= a < m.start for a, _b in others)]  # not "killed
        # 30 in Nepal, 12 of them in Sindhupalchok"
        if inside:  # "In neighbouring Chad, three shells landed near a camp in Ouaddaï
            # province": the place in the country its own clause names
            best_mention = min(inside, key=lambda c: c[0][1])[1]
            best = (best[0], best_mention.place)
    index = mentions.index(best_mention)
    whose = [m for m in mentions if m is not best_mention and _WHOSE_PLACE.match(text, m.end)]
    beside = [m for m in mentions if m not in whose or m is best_mention]  # "in Chad's …"
    index = beside.index(best_mention)
    for other in beside[max(0, index - 1): index + 2]:
        if other is best_mention or other.place.country != best_mention.place.country or \
                best_mention.place.lies_in(other.place.id):
            continue  # "In Afghanistan, floods in Nangarhar province": the inner place stays
        gap = text[other.end: best_mention.start] if other.start < best_mention.start \
            else text[best_mention.end: other.start]
        inner = (other.start < best_mention.start and _INNER_GAP.fullmatch(gap)) or (
            other.start > best_mention.start and re.fullmatch(r"['’]s\s+", gap)) or (
            other.place.lies_in(best_mention.place.id) and re.fullmatch(r",\s+", gap))
        if inner:  # "near Balasore in Odisha state", "Syria's Deir el-Zor", "Goma, Congo"
            best_mention = other
            best = (best[0], other.place)
    listed = _listed_with(mentions, best_mention, text)
    if len(listed) > 1:
        countries = {m.place.country for m in listed}
        if len(countries) == 1 and None not in countries and places is not None:
            return True, places.country_ref(next(c for c in countries if c))  # "North Kivu and
            # Ituri"
        regions = {m.place.id: m.place for m in nearby if m.locative and m.place.country is None}
        if len(regions) == 1:  # "spread across Ghana, Togo and Benin … in West Africa"
            return True, next(iter(regions.values()))
        return True, None  # "in Ghana, Togo and Benin": no one place holds the figure
    return True, best[1]


# Who speaks, and where, opening a sentence: "The government in Maputo said …".
_SPEAKER_IN: Final = re.compile(r"\s*(?:[A-Za-z'’.-]+\s+){1,5}(?:in|at)\s+(?:the\s+)?")
_SAYS_NEXT: Final = re.compile(r",?\s+(?:" + _SPEECH_VERBS + r")\b")
# A part of what the sentence before counted: "Twenty-seven of the attackers".
_OF_THE: Final = re.compile(r"\s+of\s+(?:the|these|those)\s+([a-z]+)\b(?!['’])(?!\s+\d)")


@dataclass(frozen=True, slots=True)
class _Shape(Rebuilt):
    """What a sentence says of places apart from its names, found once per sentence."""

    clauses: tuple[tuple[int, int], ...]           # where its clauses begin and end
    said_from: int | None                          # "…, the ministry in Oslo said."
    asides: tuple[tuple[int, int], ...]            # ", which has about 9,000 officers,"
    countrywide: tuple[tuple[int, int], ...]       # "in the country", "nationwide"
    kinds: tuple[tuple[int, int, str], ...]        # "in the region", "on the island"


@lru_cache(maxsize=4096)
def _sentence_shape(text: str) -> _Shape:
    bounds = [0, *(m.start() for m in _CLAUSES_MEET.finditer(text)), len(text)]
    attribution = _ATTRIBUTION.search(text) if _SAID_WORD.search(text) else None
    asides = tuple((m.start(), m.end()) for m in _WHICH_HAS.finditer(text)) \
        if ", which" in text or ", who" in text else ()
    countrywide = tuple((m.start("w"), m.end("w")) for pattern in (_THE_COUNTRY, _NATIONWIDE)
                        for m in _finditer(pattern, text))
    kinds = tuple((m.start("w"), m.end("w"), text[m.start("k"): m.end("k")])
                  for m in _finditer(_THE_KIND, text))
    return _Shape(tuple(zip(bounds, bounds[1:], strict=False)),
                  attribution.start() if attribution else None, asides, countrywide, kinds)


_SAID_WORD: Final = re.compile(r"\b(?:said|says|told|reported|announced|added)\b")
# A place named as whose place comes next: "in Kenya's Turkana county".
_WHOSE_PLACE: Final = re.compile(r"['’]s\s+(?:[a-z-]+\s+)?[A-ZÀ-ÖØ-Þ]")
# Where something was on its way to is not where it was: "a convoy bound for Obo".
_HEADING_TO: Final = re.compile(r"\b(?:heading|headed|bound|travell?ing|driving|sailing|flying|"
                                r"en\s+route|on\s+(?:its|their|his|her)\s+way)(?:\s+[a-z-]+){0,2}?"
                                r"\s+(?:to|for|towards?)\s+(?:the\s+)?$"
                                # a route: "carrying 47 people from Potosi to Oruro"
                                r"|\bfrom\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+to\s+"
                                r"(?:the\s+)?$")
# Who said it, at the end of a sentence: "…, the foreign ministry in Oslo said."
_ATTRIBUTION: Final = re.compile(
    r",\s+(?:the\s+|a\s+)?[^,;:\"“”\d]{0,60}?\s(?:said|says|told\s+[^,;:\d]{0,40}|"
    r"reported|announced|added)(?:\s+on\s+\w+|\s+\w+day)?"
                                 # "…, the defence ministry said in New Delhi": where it was said
    r"(?:\s+(?:in|from)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})?"
    r"(?:\s+on\s+\w+|\s+\w+day)?[.!]?$")
# Where a sentence's clauses meet: "…, and 40 were killed in Eldoret", "…; another 20 …".
_CLAUSES_MEET: Final = re.compile(r";|,\s+(?:and|but|while|whereas)\s|,\s+(?:[a-z-]+\s+){0,2}?(?:after|"
                                  r"before|when|since|until|because)\s")
# A place that holds the figure as its subject: "Senegal keeps 4,000 French troops",
# "Senegal hosts about 4,000", "Honduras reported two deaths".
_HOSTS: Final = re.compile(r"\s+(?:keeps|kept|hosts|hosted|houses|housed|is\s+home\s+to|"
                           r"reported|recorded|registered|confirmed|logged|counted|"  # "Honduras
                           # reported two deaths": its tally
                           r"(?:has|have|had)\s+"
                           r"(?:so\s+far\s+|now\s+)?(?:registered|recorded|counted|logged|received|"
                           r"taken\s+in))\s+(?:(?:about|"
                           r"some|around|nearly|roughly|more\s+than|over|at\s+least|up\s+to|almost)\s+)?")
# A figure set off in a relative clause: "Chad's police, which has about 9,000 officers, …".
_WHICH_HAS: Final = re.compile(r",\s+(?:which|who)\s+(?:has|have|had|numbers?|numbered|counts?|"
                               r"employs?|employed)\b[^,;:()\"“”]*(?:,(?=\d)[^,;:()\"“”]*)*,(?!\d)")
# A name that opens a clause and is its subject: "…, and Australia is paying".
_CLAUSE_SUBJECT_BEFORE: Final = re.compile(r"(?:[,;]\s+(?:and|but)|[,;])\s+$")
_FINITE_AFTER: Final = re.compile(r"\s+(?:is|are|was|were|has|have|had|will|would|could|says|said|"
                                  r"plans|wants|hopes|intends)\b")


_THE_COUNTRY = CaseBlind(re.compile(
    r"\b(?:in|across|throughout|through|inside|from|out of|of|to|into|left|"
    r"leave|leaves|leaving|fled|flee|quit|enter|enters|entered|entering|reached|"
    r"hit|hits|struck|strikes|swept|sweeps|battered|batters|ravaged|ravages|"
    r"pounded|pounds|lashed|lashes|outside)\s+"
    r"(?P<w>(?<!outside )the\s+(?:country|emirate|kingdom|nation|island nation|territory|"
    r"enclave)(?!\s+of\b)|"  # not "the enclave of Oecusse": the place named
    r"(?<=outside )the\s+capital(?!['’]s)|"  # "outside the capital": elsewhere"
    r"(?:(?<=in )|(?<=across )|(?<=throughout ))the\s+(?:north|south|east|"
    r"west|north-?east|north-?west|south-?east|south-?west)(?!\s+of\b))\b",
    re.I))
# The country again, by its region or kind: "in the Caribbean nation", "across the Gulf
# kingdom", "the West African country" (capitalised: not "the neighbouring country").
_COUNTRY_NOUNS: Final = ("country", "nation", "kingdom", "emirate")
_THE_NAMED_COUNTRY: Final = re.compile(
    r"\b(?:in|across|throughout|inside|from|of|left|leave|leaves|leaving|fled|reached|hit|"
    r"struck|swept)\s+(?P<w>the\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:"
    + "|".join(_COUNTRY_NOUNS) + r"))\b(?!['’])")
_NEEDS[id(_THE_COUNTRY)] = (frozenset(["the"]), frozenset(
    "country emirate kingdom nation territory enclave capital north south east west northeast "
    "northwest southeast "
    "southwest".split()))


# A place spoken of again by its kind: "in the region", "on the island", "across the state".
_KINDS: Final = r"region|province|state|district|county|island|valley|peninsula"
_THE_KIND = CaseBlind(re.compile(
    r"(?:\b(?:in|across|throughout|on|inside)\s+(?:the\s+(?:north|south|east|"
    r"west|north-?east|north-?west|south-?east|south-?west|centre|center)\s+"
    r"of\s+)?|^\s*)(?P<w>the\s+(?P<k>" + _KINDS + r"|capital|city|town))\b(?!\s+of\b)"
    r"(?!\s+capital\b)"  # "in the state capital, Wad Madani": the city"
    r"(?!\s+(?:government|police|governor|authorities|council|assembly)\b)",
    re.I))  # "The state has recorded 1,200 murders": the state named before
_NEEDS[id(_THE_KIND)] = (frozenset(["the"]), frozenset(
    [*_KINDS.split("|"), "capital", "city", "town"]))
# How copy says what kind of place a name is: "Sidama region", "the island of Kavros".
_KIND_AFTER: Final = re.compile(r"\s+(?P<k>" + _KINDS + r")s?\b(?!\s+of\b)", re.I)
_KIND_OF: Final = re.compile(r"\bthe\s+(?:[A-Za-z-]+\s+)?(?P<k>" + _KINDS + r")\s+of\s+$", re.I)
_KIND_WORD = re.compile(r"\b(?:" + _KINDS + r")s?\b", re.I)
_NEEDS[id(_KIND_WORD)] = (frozenset(w + s for w in _KINDS.split("|") for s in ("", "s")),)
_SUBDIVISION_KINDS: Final = {"region", "province", "state", "district", "county"}


def _note_kinds(text: str, mentions: Iterable[PlaceMention], kinds: dict[str, PlaceRef]) -> None:
    """Remember the places a sentence names by their kind ("Sidama region"), and the last
    province the gazetteer knows that it names without one (key "")."""
    for m in mentions:
        said = _KIND_AFTER.match(text, m.end) or _KIND_OF.search(text, max(0, m.start - 40),
                                                                  m.start)
        if said:
            kinds[said.group("k").lower()] = m.place
            kinds.setdefault("named", m.place)
            kinds["last"] = m.place
        elif (m.place.gazetteer_id or "").startswith("sub:"):
            kinds[""] = m.place
        if m.locative and (_town(m.place) or m.place.origin == "copy" and not said):
            kinds["city"] = m.place  # the town "in the city's centre" speaks of


def _place_of_kind(kind: str, kinds: dict[str, PlaceRef], country: PlaceRef | None,
                   places: PlaceIndex | None = None) -> PlaceRef | None:
    """The place "the region" ("the island", …) speaks of: the last named so; else, for a
    province, the last province named without its kind, unless the copy names its places'
    kinds and none of this one; for a valley or a peninsula, the last place named by its
    kind; else the article's country (an island nation's "across the island"). "The capital" is the country's
    capital city, as the gazetteer knows it; "the city" ("the town") the last town named as
    where, if any."""
    kind = kind.lower()
    if kind in {"city", "town"}:
        return kinds.get("city")  # the last town named as where: "in the city's Chinatown"
    if kind == "capital":
        if country is None or country.country is None or places is None:
            return None
        return places.capital_ref(country.country)
    if kind in kinds:
        return kinds[kind]
    if kind in _SUBDIVISION_KINDS and "" in kinds and "named" not in kinds:
        return kinds[""]
    if kind in {"valley", "peninsula"} and "last" in kinds:
        return kinds["last"]  # "the district of Swat … stranded in the valley": Swat
    return country


# The whole country, said without naming it: "killed nationwide", "days of national mourning",
# "seats in parliament".
_NATIONWIDE = CaseBlind(re.compile(r"\b(?P<w>" + COUNTRY_WIDE + r"|(?<=\bof\s)national(?=\s+[a-z])|"
                                   r"(?<=\bin\s)parliament)\b", re.I))
_NEEDS[id(_NATIONWIDE)] = (frozenset(  # "nation-wide", "nationwide", "the whole country", …
    {"wide", "country", "national", "parliament"}
    | {alt.replace("-?", "") for alt in COUNTRY_WIDE.split("|") if "\\" not in alt}),)


def _listed_with(mentions: list[PlaceMention], mention: PlaceMention,
                 text: str) -> list[PlaceMention]:
    """The places named in one list with ``mention`` ("Mali, Niger, Chad and Mauritania")."""
    index = mentions.index(mention)
    group = [mention]
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(mentions):
            a, b = (mentions[i + step], mentions[i]) if step < 0 else (mentions[i],
                                                                       mentions[i + step])
            if not re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?", text[a.end: b.start]):
                break
            group.append(mentions[i + step])
            i += step
    return group


# --------------------------------------------------------------------------- speakers


def _speaker(context: ExtractionContext, text: str, published: dt.date, *, full: bool = True
             ) -> tuple[str | None, str | None, list[str], list[tuple[int, int]]]:
    """(speaker actor id, unknown speaker name, actor ids named, their spans); with
    ``full`` false, only the actors named."""
    mentions = context.actors.find_in(text)
    named = [actor_id for _a, _b, actor_id in mentions]
    spans = [(a, b) for a, b, _i in mentions]
    speech = _search(_SPEECH, text) if full else None
    if not speech:
        return None, None, named, spans
    candidates = [(a, b, i) for a, b, i in mentions
                  if context.actor_kinds.get(i) not in {"media", "state"}]
    for match in _finditer(_ROLE_PHRASES, text):
        phrase = text[match.start(): match.end()]
        words = phrase.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        _rest, roles = strip_titles(" ".join(words))
        if not roles and len(words) > 1:
            _rest, roles = strip_titles(" ".join(words[1:]))
        holders = context.actors.by_role(roles[-1], on=published) if roles else set()
        if len(holders) == 1:
            candidates.append((match.start(), match.end(), next(iter(holders))))
    if candidates:
        def rank(c: tuple[int, int, str]) -> tuple[int, int]:
            kind = context.actor_kinds.get(c[2], "person")
            distance = min(abs(c[0] - speech.end()), abs(speech.start() - c[1]))
            return ({"person": 0, "organization": 1}.get(kind, 2), distance)

        return min(candidates, key=rank)[2], None, named, spans
    window = text[max(0, speech.start() - 60): speech.end() + 60]
    names = re.findall(r"\b[A-Z][a-z]+(?:[\s-](?:al-|el-)?[A-Z][a-z]+){1,3}\b", window)
    for name in names:
        if name.split()[0].lower() in _NOT_NAMES:
            continue
        if context.places.find(name):
            continue
        return None, name, named, spans
    return None, None, named, spans


def _nearest_time(times: list[TimeMention], start: int, end: int) -> TimeMention | None:
    if not times:
        return None
    return min(times, key=lambda t: min(abs(t.start - end), abs(start - t.end)))


def _note(context: ExtractionContext, place: PlaceRef | None, window: tuple[dt.date, dt.date],
          published: dt.date | None) -> str:
    notes = []
    if place and context.scope and not place.lies_in(context.scope):
        notes.append("about a place outside this story")
    if published and window[1] < published - dt.timedelta(days=400):
        notes.append(f"dates from {window[0].year}, long before publication")
    return "; ".join(notes)


# --------------------------------------------------------------------------- the pass


@dataclass
class _Found:
    """A number with what it counts, before the metric is chosen."""

    value: float
    start: int
    end: int
    counted: _Counted
    event: str | None
    qualifier: str
    fraction: bool = False
    period_since: bool = False
    decided: str | None = None  # what a duration was set for ("strike", "extended")


def _numbers_in(text: str, times: list[TimeMention], context: ExtractionContext,
                last_noun: _Counted | None, headline: bool,
                sole_noun: bool = False) -> list[_Found]:
    """Every counting number in one sentence, with what it counts and what happened.
    ``sole_noun``: the sentence before counted only ``last_noun``."""
    # The last few thousand answers are kept (wire copy repeats sentences); what a
    # sentence counts may be the last sentence's noun, so that noun is part of the key.
    noun = (last_noun.head, last_noun.phrase, last_noun.owners) if last_noun else None
    key = (text, tuple((t.start, t.end) for t in times), headline, noun, sole_noun)
    known = context.numbers_seen.get(key)
    if known is not None:
        return list(known)
    out: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for match in _finditer(_ZERO, text):
        words = [w for w in match.group("np").split() if not w[0].isdigit()]
        if not words and match.group("np").strip():
            continue
        head = words[-1].lower() if words else "people"
        if head in {"one", "-one"} or not words:
            head = "people"
        nobody = _Counted(head, " ".join(words).lower() or "people", end=match.end("np"))
        out.append(_Found(0, match.start(), match.end("no"), nobody,
                          _event_name(match.group("w")), "exact"))
        # "none of its 1,200 soldiers were hurt": the 1,200 is a figure of its own
        taken.append((match.start(), match.end("no") if _DIGIT.search(match.group("np"))
                      else match.end()))
    for match in _finditer(_ONE_AFTER_VERB, text):
        counted = _noun_after(text, match.start("np") - 1, singular=True)
        if counted is None:
            continue
        out.append(_Found(1, match.start("a"), match.end("a"), counted,
                          _event_name(match.group("w")), "exact"))
        taken.append((match.start("a"), match.end("a")))
    for match in _finditer(_ONE_BEFORE_VERB, text):
        words = match.group("np").split()
        head = words[-1].lower()
        if not (_is_person(head) or _is_person(_plural_form(head))) or any(
                a <= match.start() < b for a, b in taken):
            continue
        counted = _Counted(head, " ".join(w.lower() for w in words if not w[0].isdigit()),
                           start=match.start("np"), end=match.end("np"))
        word = match.group("w") or match.group("w2")
        event = "killed" if word in {"found dead", "shot dead", "died", "drowned"} \
            else _event_name(word)
        out.append(_Found(1, match.start("a"), match.end("a"), counted, event, "exact"))
        taken.append((match.start("a"), match.end("a")))
    for match in _finditer(_RUNNING, text):
        counted = _noun_after(text, match.start("np"), singular=True)
        if counted is None:
            continue
        counted = _Counted(_plural_form(counted.head), _plural_phrase(counted.phrase),
                           counted.owners, counted.modifiers, counted.end, counted.start)
        raw = match.group("n").lower()
        value = float(raw) if raw.isdigit() else float(_ORDINAL_WORDS[raw])
        if value == 1:
            continue  # "the first time": not a count
        out.append(_Found(value, match.start("n"), match.end("n"), counted,
                          "count", "exact", period_since=True))
        taken.append((match.start(), match.end()))
    for match in _ONE_ALONE.finditer(text):
        if any(a <= match.start("a") < b for a, b in taken):
            continue
        out.append(_Found(1, match.start("a"), match.end("a"), _Counted("people", "people"),
                          "killed" if match.group("w").lower() == "dead"
                          else _event_name(match.group("w")), "exact"))
        taken.append((match.start("a"), match.end("a")))
    subject = _SUBJECT.match(text)
    subject_end = subject.end("the") if subject else 0
    for match in _RUNNING_BARE.finditer(text) if subject else ():
        counted = _noun_after(text, subject_end, singular=True)
        if counted is None or any(a <= match.start("n") < b for a, b in taken):
            continue
        raw = match.group("n").lower()
        value = float(raw.rstrip("stndrh")) if raw[0].isdigit() else float(_ORDINAL_WORDS[raw])
        counted = _Counted(_plural_form(counted.head), _plural_phrase(counted.phrase),
                           counted.owners, counted.modifiers, counted.end, counted.start)
        out.append(_Found(value, match.start("n"), match.end("n"), counted, "count", "exact",
                          period_since=True))  # "The storm was the 11th to hit … this year"
        taken.append((match.start(), match.end()))
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)
              if sum(c.isdigit() for c in m.group(0)) >= 7]
    numbers = find_numbers(text)
    shared: dict[int, _Counted] = {}
    for i, number in enumerate(numbers[:-1]):
        nxt = numbers[i + 1]
        between = text[number.end: nxt.start]
        if _RANGE_BETWEEN.fullmatch(between):
            ranged = _noun_after(text, nxt.end)
            if ranged:
                shared[i] = ranged
    sentence_nouns: list[_Counted] = []
    for i, number in enumerate(numbers):
        if any(a <= number.start < b for a, b in taken):
            continue
        if _excluded(text, number, times, phones):
            continue
        if number.kind == "vague":
            continue  # "dozens", "hundreds", "tens of thousands": no figure to check
        unit = _NEXT_WORD.match(text, number.end)
        if unit and unit.group(1).lower() in _MEASURE_ONLY:
            continue  # "160 km away", "40 degrees": a measure, never a count
        fraction = number.kind == "fraction"
        singular = number.value == 1
        counted = _noun_after(text, number.end, singular=singular,
                              skip_of=number.kind in {"vague", "fraction"})
        if counted is None and i in shared:
            counted = shared[i]
        if counted is None and out and out[-1].counted.end and _BACK_SHARED.fullmatch(
                text[out[-1].counted.end: number.start]):
            counted = out[-1].counted  # "over 3 years rather than 8", "from 5,200 to 3,000"
        decided = _decided(text, number, counted) if counted is not None and \
            counted.duration else None
        if counted is not None and counted.duration and decided is None and not any(
                w in _DURATIONS for r in context.rules for w in r.counts):
            continue
        if counted is None and number.kind not in {"vague", "fraction"}:
            counted = _noun_before(text, number, context.rules,
                                   context.count_words | _PERSON_WORDS)
        if counted is None and sentence_nouns and _SHARED_PARTICIPLE.match(text[number.end:]):
            counted = sentence_nouns[-1]  # "350 homes were damaged and 44 destroyed"
        if counted is None and _MORE_AFTER.match(text[number.end:]) and sentence_nouns:
            counted = sentence_nouns[-1]
        implied = _IMPLIED.search(text[: number.start]) if counted is None else None
        restated = next((f for f in out if implied is not None and f.end <= implied.start()
                         and not f.counted.duration), None)
        if restated is not None:  # "1.2 million people marched, …, while the union put the
            counted = restated.counted  # figure at 3.5 million": the same count, disputed
        elif implied is not None and last_noun:
            counted = last_noun
        of_them = _OF_THEM.match(text, number.end) if sentence_nouns else None
        if counted is None and of_them:  # "1,450 houses were damaged, 212 of them destroyed"
            counted = replace(sentence_nouns[-1], end=of_them.end())
        event = _event(text, number, counted) if restated is None else restated.event
        if counted is not None and counted.head in _EVENT_NOUNS:
            event = _EVENT_NOUNS[counted.head]  # "34 deaths", "12 injuries": people it befell
            counted = _Counted("people", "people", counted.owners, counted.modifiers,
                               counted.end, counted.start)
        elif counted is not None and counted.head == "lives" and _LIVES_TAKEN.search(
                text, max(0, number.start - 40), number.start):
            event = "killed"  # "the heatwave has claimed 23 lives" (not "saved 40 lives")
            counted = _Counted("people", "people", counted.owners, counted.modifiers,
                               counted.end, counted.start)
        if event is None and counted is not None and _LOST_BEFORE.search(
                text, max(0, number.start - 40), number.start) and (
                _is_person(counted.head) or counted.head in context.count_words):
            event = "killed"  # "the battalion lost two soldiers": dead, not a level
        if (event in _HUMAN_EVENTS or event == "deployed") and counted is not None and \
                _FROM_BEFORE.search(
                text, max(0, number.start - 40), number.start) and not _is_person(
                counted.head) and counted.head not in context.count_words:
            event = "count"  # "troops from 50 countries deployed": where they came from, not
            # what was deployed ("people from 12 villages destroyed by floods" were)
        if event == "captured" and counted is not None and _is_person(counted.head) and \
                counted.head not in _COMBATANTS and counted.head not in context.count_words:
            event = "kidnapped"  # "seized 61 pupils": people seized are abducted (fighters
            # captured are taken prisoner: "14 insurgents had been captured")
        if event not in (None, "count", "deployed", "level") and _PART_OF.search(
                text[: number.start]) and not _bare_participle(text, counted):
            event = "count"  # "Eight of the 30 passengers were killed": 30 on board
        if counted is None and number.kind not in {"vague", "fraction"}:
            if event in _HUMAN_EVENTS:
                earlier = [n for n in sentence_nouns
                           if _is_person(n.head) or n.head in context.count_words]
                if not earlier and sole_noun and last_noun is not None and \
                        _is_person(last_noun.head) and _ANOTHER.fullmatch(text, 0, number.start):
                    earlier = [last_noun]  # "… rescued 45 students. Another 15 are held", not
                    # "killed 32 people, including 20 children. Another 45 were wounded."
                counted = earlier[-1] if earlier else _Counted("people", "people")
            elif last_noun is not None and (_change(text, number, headline) or event in
                                            {"withdrawn", "deployed"}) \
                    and last_noun.head in context.count_words and _BARE.match(
                        text[number.end:]):
                counted = last_noun  # "there are now 2,500", "will withdraw 2,200 by May"
        if counted is not None and counted.head in {"others", "more"}:
            earlier = [n for n in sentence_nouns if n.head not in {"others", "more"} and (
                event not in _HUMAN_EVENTS or _is_person(n.head))]
            counted = earlier[-1] if earlier else _Counted("people", "people",
                                                           end=counted.end,
                                                           start=counted.start)
        repeated = _TIMES_AFTER.match(text[number.end:])
        if repeated and _UNDER_ATTACK.search(text[max(0, number.start - 40): number.start]):
            counted = _Counted("attacks", "attacks", start=number.end,
                               end=number.end + repeated.end())  # "came under attack 78 times"
        if counted is None and sentence_nouns and number.kind in {"digits", "words"} and \
                _AFTER_BARE.match(text[number.end:]):
            counted = sentence_nouns[-1]  # "900 troops in Syria and 2,500 in Kuwait"
        if counted is None or counted.head in _NOT_COUNTED:
            continue
        if number.value == 1 and event not in _HUMAN_EVENTS and not (
                event in _STRUCK and _acting_verb(text, number) == event
                and not text[number.end: counted.start].strip()):
            if not counted.duration:  # "seized one vessel and sunk two others": vessels
                sentence_nouns.append(counted)
            continue  # "one official said": a lone one counts people killed, hurt, missing,
            # or a thing a verb befell ("destroying one helicopter")
        if _DRAW_TO.search(text[: number.start]) and event not in _HUMAN_EVENTS:
            event = _change(text, number, headline)
        elif counted.head in context.count_words or counted.phrase in context.count_words:
            change = _change(text, number, headline)
            settled = False
            if event == "deployed" and _ARE_DEPLOYED.search(text[number.end: number.end + 80]):
                event = "level"  # "2,000 US troops are deployed in Syria": where they are
                settled = True
            elif _PART_OF.search(text[: number.start]):
                event = "level"  # "pulled 1,400 of its 3,600 troops out": 3,600 were there
                settled = True
            elif event in (None, "withdrawn", "cut") and change:
                event = change if event not in {"withdrawn", "cut"} or change == "target" and \
                    _LEAVING.search(text[: number.start]) else "withdrawn"
            if event in {None, "count"} and counted.end > number.end and \
                    _LEFT_PLACE.match(text, counted.end):
                event = "withdrawn"  # "the last 150 French soldiers left Niger"
            if event == "cut" or event is None and _CUT_BY.search(text[: number.start]):
                event = "withdrawn"  # "cut its force by 2,000 soldiers", "after cutting 600
                # from the force"
            if event in {None, "level", "count"} and not settled and _PLANNED.search(
                    _clause(text, number.start, number.end)):
                event = "target"
            if event is None and headline and _HEADLINE_FUTURE.search(text[: number.start]):
                event = "target"
        if event == "destroyed" and _AIR_DEFENCE.search(text):
            event = "intercepted"  # "air defences destroyed 62 of the drones": in the air
        if counted.duration:
            asked = _ASKED.search(text[max(0, number.start - 130): number.start])
            event = "duration_asked" if asked else "duration"
        if event is None:
            event = "count"
        if event in _HUMAN_EVENTS and not _is_person(counted.head) and \
                counted.head not in _NOT_PERSON:
            pass
        out.append(_Found(number.value, number.start, number.end, counted, event,
                          _qualifier(text, number), fraction=fraction, decided=decided))
        if not counted.duration:
            sentence_nouns.append(counted)
    out.sort(key=lambda f: f.start)
    if len(context.numbers_seen) >= 4096:
        context.numbers_seen.clear()
    context.numbers_seen[key] = tuple(out)
    return out


def extract(text: str, *, published: dt.date | None, context: ExtractionContext,
            title: str | None = None, mentions: dict[str, int] | None = None) -> list[Proposal]:
    """Candidate figures in ``text``, one per distinct claim, strongest statement kept.

    If ``mentions`` is given, it is filled with how often each known actor is named.
    """
    published = published or dt.date.today()
    title_key = " ".join((title or "").split()).casefold()
    places = context.places
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences(text):
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    # First pass: datelines and the places each sentence names, for the article's country.
    dateline_end: dict[int, int] = {}
    dateline_places: list[PlaceMention] = []
    sentence_places: dict[int, list[PlaceMention]] = {}
    for number, paragraph in enumerate(by_paragraph.values()):
        first = paragraph[0]
        if number < 3 and not dateline_places and \
                " ".join(first.text.split()).casefold() != title_key:
            end, at_dateline = _dateline(first.text, places)
            if end:
                dateline_end[first.start] = end
                dateline_places = at_dateline
        for sentence in paragraph:
            end = dateline_end.get(sentence.start, 0)
            sentence_places[sentence.start] = _with_capitals(
                places, sentence.text, places.find(sentence.text, dateline_end=end))
            if end:
                sentence_places[sentence.start] = [*dateline_places, *(
                    m for m in sentence_places[sentence.start] if m.start >= end)]
    by_start = {s.start: s.text for ps in by_paragraph.values() for s in ps}
    again_at = [start for start, text_of in by_start.items()
                if any(f" {noun}" in text_of for noun in _COUNTRY_NOUNS)]
    for sentence_start in again_at:
        sentence_places[sentence_start] = _named_again(
            by_start[sentence_start], sentence_places[sentence_start],
            dateline_end.get(sentence_start, 0))
    countable_at = {start: _might_count(text_of) for start, text_of in by_start.items()}
    # Who speaks matters only in paragraphs that may hold a figure; who is named, everywhere.
    speakers = {s.start: _speaker(context, s.text, published, full=any(
        countable_at[t.start] for t in ps)) for ps in by_paragraph.values() for s in ps}

    def counted_mentions(start: int, ms: list[PlaceMention]) -> list[PlaceMention]:
        counted = []
        for m in ms:
            if m.start < dateline_end.get(start, 0):
                continue
            if (m.modifier or m.attributive) and _owner_of_noun(by_start[start], m.end,
                                                             context.count_words):
                continue
            if _TALKS.search(by_start[start], max(0, m.start - 40), m.start):
                continue  # where talks were held says nothing of the story's country
            if m.locative or not any(a <= m.start < b for a, b in speakers[start][3]):
                counted.append(m)
        return counted

    country = _article_country(places, dateline_places, [
        counted_mentions(start, ms) for start, ms in sentence_places.items()],
                               _lead_where(places, by_paragraph, sentence_places, dateline_end,
                                           title_key))
    named = [country.country] if country and country.country else []
    if named:  # read again, now knowing the article's country ("Loreto" in Peru)
        countries_named = {m.place.country for ms in sentence_places.values() for m in ms
                           if m.place.country and not m.place.chain}
        for sentence_start, text_of in by_start.items():
            if not countable_at[sentence_start] and not _spells_any(_KIND_WORD, text_of) and \
                    " ".join(text_of.split()).casefold() != title_key:
                continue  # a sentence with no figure matters for the places it names by
                # kind, and the headline for where it puts the event
            end = dateline_end.get(sentence_start, 0)
            actor_spans = speakers[sentence_start][3]
            sentence_places[sentence_start] = [
                *(m for m in sentence_places[sentence_start] if m.start < end),
                *(m for m in _with_capitals(places, text_of, places.find(
                    text_of, countries=named, dateline_end=end, create_in=named[0]))
                  if m.start >= end and not (m.place.origin == "copy" and any(
                      a < m.end and m.start < b for a, b in actor_spans)))]
            for i, m in enumerate(sentence_places[sentence_start]):
                if m.start >= end and m.locative and m.place.chain and \
                        m.place.country not in countries_named and (
                        namesake := places.namesake_in(
                            m.place, text_of[m.start: m.end], named[0],
                            not_a_city=bool(_NOT_A_CITY_BEFORE.search(
                                text_of, max(0, m.start - 40), m.start)
                                or _NOT_A_CITY_AFTER.match(text_of, m.end)))) is not None:
                    sentence_places[sentence_start][i] = replace(m, place=namesake)
    for sentence_start in again_at:  # read again: as in the first reading
        sentence_places[sentence_start] = _named_again(
            by_start[sentence_start], sentence_places[sentence_start],
            dateline_end.get(sentence_start, 0))
    lead_said, lead = _lead_place(places, by_paragraph, sentence_places, dateline_end,
                                  title_key, country)
    lead_paragraph = next((ps for ps in by_paragraph.values()
                           if " ".join(ps[0].text.split()).casefold() != title_key), None)
    found: list[Proposal] = []
    headline_figures: list[Proposal] = []
    kinds: dict[str, PlaceRef] = {}  # places named by their kind so far: "Sidama region"
    last_noun: _Counted | None = None
    last_heads: set[str] = set()  # what the last sentence with figures counted
    speaker_time: dict[str, TimeMention] = {}
    before: tuple[str, list[PlaceRef]] = ("", [])  # the last sentence read, and its places
    for paragraph in by_paragraph.values():
        analysed = []
        paragraph_speaker: str | None = None
        for sentence in paragraph:
            speaker, new_name, named, spans = speakers[sentence.start]
            analysed.append((sentence, speaker, new_name, named, spans))
            if mentions is not None:
                for actor_id in named:
                    mentions[actor_id] = mentions.get(actor_id, 0) + 1
            paragraph_speaker = paragraph_speaker or speaker
        paragraph_text = " ".join(s.text for s in paragraph)
        nearby = [m for s in paragraph for m in sentence_places.get(s.start, [])
                  if m.start >= dateline_end.get(s.start, 0)]
        context_text = paragraph_text
        for index, (sentence, speaker, new_name, named, spans) in enumerate(analysed):
            sentence_text = sentence.text
            found_before = len(found)
            headline = bool(title_key) and " ".join(sentence_text.split()).casefold() == title_key
            quoted = sentence_text.lstrip().startswith(("\"", "“", "'", "‘"))
            who = speaker or (paragraph_speaker if quoted or index else None)
            countable = countable_at[sentence.start]
            times = find_times(sentence_text, published) if countable or named else []
            days = [t for t in times if t.point.precision == "day" and t.until is None]
            if days:
                for actor_id in {a for a in (who, *named) if a is not None}:
                    speaker_time[actor_id] = days[0]
            mentioned = sentence_places.get(sentence.start, [])
            figures = _numbers_in(sentence_text, times, context, last_noun, headline,
                                  len(last_heads) == 1) \
                if countable else []
            for figure in figures:
                counted, event = figure.counted, figure.event or "count"
                said, place = _place_in_sentence(
                    mentioned, _span(figure), counted, sentence_text, event, spans,
                    dateline_end=dateline_end.get(sentence.start, 0), places=places,
                    country=country, nearby=nearby,
                    others=[(f.start, f.end) for f in figures if f is not figure],
                    kinds=kinds)
                sanctioned, nation = _nation_sanctioned(places, sentence_text, figure.start,
                                                        counted)
                if nation is not None:
                    said, place = True, nation  # "sanctions on 8 Uruguayan officials": Uruguay's
                if not said:
                    place = lead if lead_said else country
                    if place is lead and lead is not None and country is not None and \
                            lead.id != country.id and (lead.origin == "copy" or (
                                lead.gazetteer_id or "").startswith("city:")) and \
                            _away_from_towns(sentence_text, figure.start, figure.end):
                        place = country  # "near the Somali border, where 30 were killed",
                        # "displaced 350,000 in the central region": not the lead's town
                    if sanctioned and country is not None and place is not None:
                        place = country  # "entry bans on 11 officials": the country's people
                    if lead is not None and country is not None and not headline and \
                            lead.id != country.id and lead.lies_in(country.id) and \
                            paragraph is not lead_paragraph and \
                            not _THE_PLACE.search(sentence_text) and (
                                _HOLDING.search(sentence_text) or _STANDING.search(sentence_text)
                                or _WHOLE.search(sentence_text)
                                or _TALLY.search(sentence_text)
                                or any(m.place.id == country.id and not sentence_text[
                                    dateline_end.get(sentence.start, 0): m.start].strip()
                                       and not _WHOSE_SPEAKER.match(sentence_text, m.end)
                                       for m in mentioned)):
                        place = country  # "The mission had 13,000 peacekeepers", "Chile
                        # lost 40,000 hectares last year", "Chile's worst outbreak killed 90"
                        # (not "Chile's police say"): the whole
                    opener = _opening_country(sentence_text, mentioned,
                                              dateline_end.get(sentence.start, 0))
                    if opener is not None and not headline and (
                            place is None or not place.lies_in(opener.id)):
                        place = opener  # "Serbia has deployed 1,200 soldiers near the
                        # border", in a story set in Kosovo: Serbia's, not the lead town's
                    back = _OF_THE.match(sentence_text, figure.end)
                    if back and before[1] and place is not None and \
                            back.group(1) in before[0].lower() and \
                            before[1][-1].id != place.id and \
                            _may_lie_in(before[1][-1], place):
                        place = before[1][-1]  # "… stormed the post in Daraban.
                        # Twenty-seven of the attackers were killed": where they were
                    if counted.head in _PLACE_COUNTS:
                        place = None  # "More than 20 countries have joined": in none of them
                rule = next((r for r in context.rules
                             if _fits(r, counted, event, place, context_text,
                                      figure.fraction, sentence_text)), None)
                if figure.fraction and rule is None:
                    continue  # shares are figures only where the pack says
                if counted.duration and rule is None:
                    if figure.decided is None:
                        continue  # a duration is a figure where the pack says, or a decision
                    event = figure.decided
                if rule is not None:
                    metric, label = rule.id, rule.label
                    unit = (rule.share_unit or rule.unit) if figure.fraction else (
                        counted.phrase if rule.unit == "people" and counted.phrase
                        else rule.unit)
                else:
                    metric, label = metric_for_words(
                        counted.phrase if figure.value == 1 else _plural_phrase(counted.phrase),
                        event)
                    if metric in context.pack_metrics:
                        where = place.name if place else "elsewhere"
                        metric = f"{metric}_{_slug(where)}"
                        label = f"{label} · {where}"
                    unit = counted.phrase
                mention = _nearest_time(times, figure.start, figure.end)
                if mention is None and who in speaker_time:
                    mention = speaker_time[who]
                as_of: DatePoint | None = None
                period = None
                if figure.period_since and mention is not None:
                    period = (mention.point, DatePoint(published, "day"))
                elif mention is None:
                    as_of = DatePoint(published, "day")
                elif mention.until is not None:
                    period = (mention.point, mention.until)
                else:
                    as_of = mention.point
                proposal = Proposal(
                    metric=metric, value=figure.value, qualifier=figure.qualifier,
                    unit=unit, quote=sentence_text, quote_start=sentence.start,
                    quote_end=sentence.end, as_of=as_of, period=period, place=place,
                    actor_ids=[a for a in dict.fromkeys(named) if a != who],
                    attributed_to=who, new_actor=new_name if not who else None,
                    counted=counted.phrase, event=event, label=label,
                    fits_pack=rule is not None,
                    figure_start=sentence.start + figure.start,
                    figure_end=sentence.start + figure.end,
                )
                proposal.note = _note(context, place, proposal.window, published)
                proposal.strength = (2 if proposal.qualifier != "exact" else 0) + (
                    1 if who else 0) + (1 if mention is not None else 0) + (
                    0 if headline else 1)
                found.append(proposal)
                if headline:
                    headline_figures.append(proposal)
                if not counted.duration:
                    last_noun = counted
            if len(found) > found_before:
                last_heads = {p.counted for p in found[found_before:]}
            _note_kinds(sentence_text, mentioned, kinds)
            if not headline:  # the places its figures took, else those it names as where
                given = [p.place for p in found[found_before:] if p.place]
                before = (sentence_text, given or [
                    m.place for m in mentioned
                    if m.locative and m.start >= dateline_end.get(sentence.start, 0)])
    for proposal in headline_figures:
        _place_as_restated(proposal, found, headline_figures, context, published)
    return _distinct(found)


# Measures against people: "imposed sanctions on", "sanctioned", "entry bans on", "barred".
_MEASURES_ON: Final = re.compile(r"\b(?:sanction\w*|(?:travel|visa|entry)\s+bans?|asset\s+freezes?|"
                                 r"barred|banned|blacklisted)(?:\s+(?:on|against|targeting))?\s+"
                                 r"(?:[\w'’-]+\s+){0,3}$", re.I)
_MEASURE_WORD: Final = CaseBlind(re.compile(r"anction|ban|barred|freez|blacklist", re.I))


def _nation_sanctioned(places: PlaceIndex, text: str, start: int,
                       counted: _Counted | None) -> tuple[bool, PlaceRef | None]:
    """Whether the figure counts people a measure is taken against ("entry bans on 11
    officials"), and the country their nationality names ("sanctions on 8 Uruguayan
    officials", "sanctioned 5 Malian colonels"): the measure is on that country's people,
    wherever the sentence says their deeds were done."""
    if counted is None or not _MEASURE_WORD.search(text) or \
            not _MEASURES_ON.search(text, max(0, start - 60), start):
        return False, None
    for owner in reversed(counted.owners):
        code = places.demonym_country(owner)
        if code:
            return True, places.country_ref(code)
    return True, None


# The copy says a place is no city: "the island of Pemba", "the village of X", "X island".
_NOT_A_CITY_BEFORE: Final = re.compile(r"\bthe\s+(?:[a-z-]+\s+)?(?:island|islet|village|hamlet|district|"
                                       r"county|valley|peninsula|atoll)\s+of\s+$", re.I)
_NOT_A_CITY_AFTER: Final = re.compile(r"\s+(?:island|islet|atoll|peninsula|valley)\b", re.I)


def _named_again(text: str, mentions: list[PlaceMention], dateline_end: int
                 ) -> list[PlaceMention]:
    """``mentions`` with "the Caribbean nation", "the Gulf kingdom" read as the country the
    sentence last named ("… sent to Haiti, leaving about 600 in the Caribbean nation"), not
    as the region its adjective names; as they were when it names no country before."""
    again = [(m.start("w"), m.end("w")) for m in _THE_NAMED_COUNTRY.finditer(text)]
    if not again:
        return mentions
    named = []
    for a, b in again:
        ref = next((m.place for m in reversed(mentions) if dateline_end <= m.start
                    and m.end <= a and m.place.country and not m.place.chain), None)
        if ref is not None:
            named.append(PlaceMention(a, b, ref, True, False))
    if not named:
        return mentions
    return sorted([*(m for m in mentions if not any(n.start <= m.start < n.end for n in named)),
                   *named], key=lambda m: m.start)


def _may_lie_in(place: PlaceRef, wider: PlaceRef) -> bool:
    """Whether ``place`` lies in ``wider`` as far as is known: a town the gazetteer (or the
    copy) puts only in its country may lie in any province of that country."""
    if place.lies_in(wider.id):
        return True
    province = (wider.gazetteer_id or "").startswith("sub:")
    return province and place.country == wider.country and len(place.chain) == 1 and \
        not (place.gazetteer_id or "").startswith(("sub:", "country:"))


def _place_as_restated(proposal: Proposal, found: list[Proposal], headline: list[Proposal],
                       context: ExtractionContext, published: dt.date) -> None:
    """A headline names the wider place ("Landslide in western Kenya kills 9"); when the body
    states the same figure in a place inside it ("killed nine people in Ombalo"), or in a
    place its sentence names beside the headline's ("Hinterkar in Ölgrund"), the headline's
    figure is the body's, in the body's place."""
    if proposal.place is None:
        return
    restated = next((p for p in found if p not in headline and p.value == proposal.value
                     and (p.event == proposal.event or p.counted == proposal.counted)
                     and p.place is not None
                     and p.place.id != proposal.place.id
                     and (_may_lie_in(p.place, proposal.place)
                          or proposal.place.name in p.quote)), None)  # "Hinterkar in Ölgrund"
    if restated is None or restated.place is None:
        return
    if proposal.metric.endswith(f"_{_slug(proposal.place.name)}") and \
            restated.metric.endswith(f"_{_slug(restated.place.name)}"):
        proposal.metric, proposal.label = restated.metric, restated.label  # "… · Ombalo"
    proposal.place = restated.place
    proposal.note = _note(context, proposal.place, proposal.window, published)


_COUNT_WORDS = re.compile(r"\b(?:no|none|nobody|one|two|three|four|five|six|seven|eight|nine|"
                          r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
                          r"eighteen|nineteen|dozens?|hundreds?|thousands?|million|half|third|"
                          r"quarter|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|first|"
                          r"second|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                          r"twelfth)\b", re.I)
_COUNT_WORD_SET: Final = frozenset("""no none nobody one two three four five six seven eight
nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen dozen
dozens hundred hundreds thousand thousands million half third quarter twenty thirty forty
fifty sixty seventy eighty ninety first second fourth fifth sixth seventh eighth ninth tenth
eleventh twelfth""".split())
_NEEDS[id(_COUNT_WORDS)] = (_COUNT_WORD_SET,)


def _spells_any(pattern: Searcher, text: str) -> bool:
    """Whether ``pattern``, a case-blind ``\\b(?:word|word…)\\b``, finds one of its words
    (``_NEEDS``) in ``text``: told from the text's words (sentences.words_in) without running
    it, but on a text only the pattern can read."""
    found = words_in(text)
    if found is None:
        return pattern.search(text) is not None
    return not found.isdisjoint(_NEEDS[id(pattern)][0])


def _plural_phrase(phrase: str) -> str:
    words = phrase.split()
    return " ".join([*words[:-1], _plural_form(words[-1])]) if words else phrase


_DIGIT: Final = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _might_count(text: str) -> bool:
    """Whether a sentence can hold a figure at all (most sentences cannot)."""
    return bool(_DIGIT.search(text) or _spells_any(_COUNT_WORDS, text)
                or _search(_ONE_AFTER_VERB, text) or _search(_ONE_BEFORE_VERB, text))


def _span(figure: _Found) -> NumberMention:
    return NumberMention(figure.start, figure.end, figure.value, "digits", "")


def _distinct(proposals: Iterable[Proposal]) -> list[Proposal]:
    """One proposal per claim: same metric, value and place within a week are one claim."""
    kept: list[Proposal] = []
    for proposal in proposals:
        start, end = proposal.window
        twin = next((k for k in kept if k.metric == proposal.metric and k.value == proposal.value
                     and k.place_id == proposal.place_id
                     and abs((k.window[0] - start).days) <= 7
                     and abs((k.window[1] - end).days) <= 7), None)
        if twin is None:
            kept.append(proposal)
        elif proposal.strength > twin.strength:
            kept[kept.index(twin)] = proposal
    return kept
