"""Check the extraction corpora: files, metadata and every annotated figure.

    python tests/corpora/check.py [CORPUS_DIR ...]

With no argument, every folder next to this script that holds an annotations.json is
checked. For each figure: the fields and their values are of the documented kinds, the
metric is a pack metric (knowledge/pack/metrics.toml) or null, the sentence occurs
verbatim in its article (whitespace-normalised) and the value is written in it, as digits
("1,450", "1.1 million", "27th") or words ("Fifty-one", "two million", "fourth", "a dozen";
"no"/"none"/"no one" for 0, "one", or "a"/"an" just before the counted noun, for 1).
Exits 1 on any error. Stdlib only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
METRICS_TOML = HERE.parent.parent / "knowledge" / "pack" / "metrics.toml"
QUALIFIERS = {"exact", "approx", "at_least", "more_than", "fewer_than", "up_to"}
FIGURE_KEYS = {"value", "qualifier", "counted", "event", "metric", "place", "country", "sentence"}
META_KEYS = {"outlet", "title", "url", "published"}
MIN_WORDS, MAX_WORDS = 80, 250

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
ORDINAL_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())
    if w != "_"}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

DIGITS = re.compile(
    r"(?<![\w.-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th)?"
    r"(?:\s+(hundred|thousand|million|billion)\b)?", re.I)
WORD = re.compile(r"[a-z]+", re.I)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _word_value(word: str) -> int | None:
    """Value of one number word, hyphenated compounds included ("fifty-one", "twenty-first")."""
    parts = word.lower().split("-")
    if len(parts) == 1:
        w = parts[0]
        for table in (UNITS, TENS, ORDINALS, ORDINAL_TENS):
            if w in table:
                return table[w]
        return None
    if len(parts) == 2 and parts[0] in TENS:
        tail = UNITS.get(parts[1]) or ORDINALS.get(parts[1])
        if tail and tail < 10:
            return TENS[parts[0]] + tail
    return None


def values_in(sentence: str) -> set[float]:
    """Every number the sentence writes, as digits or as words."""
    found: set[float] = set()
    for m in DIGITS.finditer(sentence):
        number = float(m.group(1).replace(",", ""))
        if m.group(3):
            number *= SCALES[m.group(3).lower()]
        found.add(number)
    tokens = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", sentence)
    lowered = [t.lower() for t in tokens]
    i = 0
    while i < len(tokens):
        value = _word_value(tokens[i])
        if value is None:
            i += 1
            continue
        j = i + 1
        total = value
        while j < len(tokens) and lowered[j] in SCALES:
            total *= SCALES[lowered[j]]
            j += 1
        found.update({float(value), float(total)})
        if j < len(tokens) and lowered[j] == "dozen":
            found.add(float(value * 12))
        i = max(j, i + 1)
    words = set(lowered)
    if "dozen" in words:
        found.add(12.0)
    if words & {"no", "none", "nobody", "zero"}:
        found.add(0.0)
    if words & {"one", "single"}:
        found.add(1.0)
    return found


def article_counts(sentence: str, counted: str) -> bool:
    """"a"/"an" stands for 1 only just before the counted noun ("killing a US contractor")."""
    tokens = [t.strip(".,;:!?\"“”‘’()").lower() for t in sentence.split()]
    head = counted.split()[0]
    for i, token in enumerate(tokens):
        if token in {"a", "an"} and any(t.startswith(head) for t in tokens[i + 1:i + 5]):
            return True
    return False


def pack_metrics() -> set[str]:
    with METRICS_TOML.open("rb") as handle:
        return {m["id"] for m in tomllib.load(handle)["metric"]}


def check_corpus(folder: Path, metrics: set[str]) -> tuple[list[str], Counter]:
    errors: list[str] = []
    stats: Counter = Counter()

    def err(where: str, message: str) -> None:
        errors.append(f"{folder.name}/{where}: {message}")

    try:
        annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{folder.name}/annotations.json: {exc}"], stats
    if not isinstance(annotations, list):
        return [f"{folder.name}/annotations.json: not a list"], stats

    texts = {p.name for p in folder.glob("*.txt")}
    annotated = [a.get("article") for a in annotations if isinstance(a, dict)]
    for name, n in Counter(annotated).items():
        if n > 1:
            err(str(name), "annotated more than once")
    for name in sorted(texts - set(annotated)):
        err(name, "article has no annotations entry")

    for entry in annotations:
        if not isinstance(entry, dict) or set(entry) != {"article", "figures"}:
            err("annotations.json", f"bad entry {entry!r:.80}")
            continue
        name = entry["article"]
        path = folder / name
        if not path.is_file():
            err(name, "article file missing")
            continue
        text = path.read_text(encoding="utf-8")
        stats["articles"] += 1
        words = len(text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            err(name, f"{words} words, outside {MIN_WORDS}-{MAX_WORDS}")
        lines = text.splitlines()
        headline = lines[0].strip() if lines else ""
        if not headline:
            err(name, "first line (the headline) is empty")

        meta_path = path.with_suffix(".meta.json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            err(meta_path.name, str(exc))
            meta = {}
        if meta:
            if set(meta) != META_KEYS:
                err(meta_path.name, f"keys {sorted(meta)} != {sorted(META_KEYS)}")
            if meta.get("title") != headline:
                err(meta_path.name, "title is not the article's first line")
            if not isinstance(meta.get("outlet"), str) or not meta.get("outlet"):
                err(meta_path.name, "outlet missing")
            if meta.get("url") is not None:
                err(meta_path.name, "url should be null")
            try:
                day = dt.date.fromisoformat(str(meta.get("published")))
                if not dt.date(2019, 1, 1) <= day <= dt.date(2025, 12, 31):
                    err(meta_path.name, f"published {day} outside 2019-2025")
            except ValueError:
                err(meta_path.name, f"published {meta.get('published')!r} is not YYYY-MM-DD")

        flat = norm(text)
        seen: set[tuple] = set()
        figures = entry["figures"]
        if not isinstance(figures, list) or not figures:
            err(name, "no figures")
            continue
        for k, fig in enumerate(figures):
            where = f"{name} figure {k + 1}"
            if not isinstance(fig, dict) or set(fig) != FIGURE_KEYS:
                err(where, f"keys {sorted(fig) if isinstance(fig, dict) else fig!r}")
                continue
            value = fig["value"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                err(where, f"value {value!r} is not a non-negative number")
                continue
            if fig["qualifier"] not in QUALIFIERS:
                err(where, f"qualifier {fig['qualifier']!r}")
            counted = fig["counted"]
            if not isinstance(counted, str) or not counted or counted != counted.lower():
                err(where, f"counted {counted!r} should be a lower-case noun")
            for key in ("event", "metric", "place", "country"):
                if fig[key] is not None and (not isinstance(fig[key], str) or not fig[key]):
                    err(where, f"{key} {fig[key]!r} should be a string or null")
            if fig["metric"] is not None and fig["metric"] not in metrics:
                err(where, f"metric {fig['metric']!r} is not a pack metric")
            if fig["place"] is None and fig["country"] is not None:
                err(where, "country without a place")
            sentence = fig["sentence"]
            if not isinstance(sentence, str) or not sentence.strip():
                err(where, "sentence missing")
                continue
            if norm(sentence) not in flat:
                err(where, f"sentence not found in the article: {sentence[:70]!r}")
            if float(value) not in values_in(sentence) and not (
                    value == 1 and article_counts(sentence, counted)):
                err(where, f"value {value} not written in the sentence: {sentence[:70]!r}")
            key = (value, fig["qualifier"], counted, fig["event"], norm(sentence))
            if key in seen:
                err(where, "duplicate of an earlier figure")
            seen.add(key)
            stats["figures"] += 1
            stats[f"metric:{fig['metric']}"] += 1
    return errors, stats


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or sorted(
        p.parent for p in HERE.glob("*/annotations.json"))
    if not folders:
        print("no corpora found", file=sys.stderr)
        return 1
    metrics = pack_metrics()
    failed = False
    for folder in folders:
        errors, stats = check_corpus(folder, metrics)
        by_metric = ", ".join(f"{k[7:]} {v}" for k, v in sorted(stats.items())
                              if k.startswith("metric:") and k != "metric:None")
        print(f"{folder.name}: {stats['articles']} articles, {stats['figures']} figures "
              f"({stats['metric:None']} without a pack metric; {by_metric or 'none with one'})")
        for line in errors:
            print("  " + line)
        failed = failed or bool(errors)
    print("FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
