"""Carry-over identity: which task a line of a later day's list is.

A task line is the same task as one that was open on that day, in the same project, when
their words are close enough; otherwise it is a new task. The score is difflib's ratio of
the normalised words (1.0 for the same words), taken against the last few texts the task
was seen as, so a task whose words drift a little every day is still followed. Done tasks
are never candidates after the day they were done: a chore done every few days ("Dishes")
is a new task each time.

Users override the score with pairs of texts: ``same`` (always the same task, whatever the
score) and ``separate`` (never the same task). Pairs are compared by normalised words.
Every decision comes with its reason, for ``--explain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from uuid import UUID

from engine.importers.notes.rules import DEFAULT_THRESHOLD, MatchRules
from engine.importers.notes.state import KnownTask

__all__ = ["DEFAULT_THRESHOLD", "Match", "MatchRules", "match_lines", "similarity"]

NEAR_MISS = 0.5  # candidates scoring this much (when scored in full) are named when a line starts a new task
# Words too common to say two tasks are alike; texts sharing none of the others are not compared
# (scoring every open task against every line was most of an import's time).
_COMMON = frozenset(["the", "and", "for", "with", "about", "from", "into", "onto", "that", "this", "then", "than", "are", "was", "were", "will"])


@dataclass(frozen=True)
class Match:
    """Why a line is (or is not) an existing task."""

    line: int
    words: str
    task_id: UUID | None  # None: a new task
    task_words: str | None  # the text of the task it was compared with
    score: float
    rule: str  # "same words", "similar", "same (--same)", "new", "new (--separate)"
    first_day: date | None = None


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0..1."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def _signature(words: str) -> tuple[frozenset[str], int]:
    """The telling words of a text (3+ letters, not common), and how many words it has."""
    split = words.split()
    return frozenset(w for w in split if len(w) >= 3 and w not in _COMMON), len(split)


def _task_signature(task: KnownTask) -> tuple[frozenset[str], int]:
    """The telling words of all of a task's variants, and the fewest words a variant has: a line
    sharing none of those words, with more than two words itself or facing only variants of more
    than two, is skipped by ``_score`` on every variant, so the task need not be scored at all."""
    summary = task.match_summary
    if summary is None:
        telling: set[str] = set()
        fewest = 1 << 30
        for variant in task.variants:
            words, count = _signature(variant)
            telling |= words
            fewest = min(fewest, count)
        summary = task.match_summary = (frozenset(telling), fewest)
    return summary  # type: ignore[return-value]


@lru_cache(maxsize=8192)
def _letters(words: str) -> dict[str, int]:
    """How often each character occurs in a text."""
    counts: dict[str, int] = {}
    for ch in words:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _quick_ratio(a: str, b: str) -> float:
    """difflib's quick_ratio (the characters two texts share, in any order), from cached counts."""
    ca, cb = _letters(a), _letters(b)
    if len(ca) > len(cb):
        ca, cb = cb, ca
    shared = 0
    for ch, n in ca.items():
        m = cb.get(ch)
        if m:
            shared += min(n, m)
    length = len(a) + len(b)
    return 2.0 * shared / length if length else 1.0


def _score(words: str, task: KnownTask, rules: MatchRules) -> tuple[float, str, str]:
    """(score, rule, the variant it was scored against); score 0 for a vetoed pair. A pair that
    cannot reach the threshold (by length, or by letters) is not scored in full; its score is 0."""
    best = (0.0, "new", task.variants[-1] if task.variants else "")
    signature, count = _signature(words)
    threshold = rules.threshold
    for variant in reversed(task.variants):
        if rules.same or rules.separate:
            said = rules.override(words, variant)
            if said == "separate":
                return (0.0, "new (--separate)", variant)
            if said == "same":
                return (1.0, "same (--same)", variant)
        if words == variant:
            return (1.0, "same words", variant)
        other, other_count = _signature(variant)
        if signature.isdisjoint(other) and (count > 2 or other_count > 2):
            continue
        shorter, longer = sorted((len(words), len(variant)))
        if 2 * shorter / (shorter + longer) < threshold:  # difflib's real_quick_ratio, without building a matcher
            continue
        if _quick_ratio(words, variant) < threshold:
            continue
        score = SequenceMatcher(None, words, variant, autojunk=False).ratio()
        if score > best[0]:
            best = (score, "similar" if score >= threshold else "new", variant)
    return best


def _vetoed(words: str, task: KnownTask, rules: MatchRules) -> bool:
    return bool(rules.separate) and any(rules.override(words, v) == "separate" for v in task.variants)


def match_lines(
    lines: Sequence[tuple[int, str]],
    candidates: Iterable[KnownTask],
    day: date,
    rules: MatchRules,
) -> dict[int, Match]:
    """Decide, for task lines (line number, normalised words) of one project on one day, which
    open task each is. Each task takes at most one line; the best-scoring pairs go first
    (ties: the earlier line, then the older task), so a line never steals a better match."""
    pool = [t for t in candidates if t.open_on(day)]
    decided: dict[int, Match] = {}
    taken: set[UUID] = set()
    # Same words first (the best score there is; most lines of a list are yesterday's lines):
    # in line order, each to the oldest task seen in those words. Only the rest are scored.
    by_words: dict[str, list[KnownTask]] = {words: [] for _line, words in lines}
    for task in pool:
        if not by_words.keys().isdisjoint(task.variants):
            for variant in task.variants:
                if variant in by_words:
                    by_words[variant].append(task)
    for index, (line, words) in enumerate(lines):
        for task in by_words.get(words, ()):
            if task.id not in taken and not _vetoed(words, task, rules):
                decided[index] = Match(line, words, task.id, words, 1.0, "same words", task.first_day)
                taken.add(task.id)
                break
    pool = [t for t in pool if t.id not in taken]
    pairs: list[tuple[float, int, date, str, int, KnownTask, str, str]] = []
    best_miss: dict[int, tuple[float, KnownTask, str, str]] = {}
    overrides = bool(rules.same or rules.separate)  # said pairs are looked at whatever their words
    for index, (_line, words) in enumerate(lines):
        if index in decided:
            continue
        signature, count = _signature(words)
        for task in pool:
            if not overrides:
                telling, fewest = _task_signature(task)
                if signature.isdisjoint(telling) and (count > 2 or fewest > 2):
                    # every variant would be skipped (none is the line's words: the first pass
                    # took every such task): a score of 0, which records nothing
                    continue
            score, rule, variant = _score(words, task, rules)
            if score >= rules.threshold and rule != "new (--separate)":
                pairs.append((-score, index, task.first_day, task.id.hex, 0, task, rule, variant))
            elif score >= NEAR_MISS or rule == "new (--separate)":
                old = best_miss.get(index)
                if old is None or score > old[0]:
                    best_miss[index] = (score, task, rule, variant)
    pairs.sort(key=lambda p: p[:4])
    wanted = {p[1] for p in pairs}
    for neg_score, index, _first, _hex, _, task, rule, variant in pairs:
        if index in decided or task.id in taken:
            continue
        line, words = lines[index]
        decided[index] = Match(line, words, task.id, variant, -neg_score, rule, task.first_day)
        taken.add(task.id)
    out: dict[int, Match] = {}
    for index, (line, words) in enumerate(lines):
        if index in decided:
            out[line] = decided[index]
            continue
        miss = best_miss.get(index)
        if index in wanted:
            out[line] = Match(line, words, None, None, 0.0, "new (its closest tasks matched other lines)")
        elif miss is None:
            out[line] = Match(line, words, None, None, 0.0, "new")
        else:
            score, task, rule, variant = miss
            out[line] = Match(line, words, None, variant, score, rule if rule != "new" else "new", task.first_day)
    return out
