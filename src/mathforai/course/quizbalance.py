"""Quick checks that cannot be guessed: how many each topic has, and where their keys sit.

A learner who always picks the same position must not do well, so within a part no one
position may hold the correct choice in more than MAX_KEY_SHARE of the quick checks (the
source order matters too: it is the order with JavaScript off before the per-learner shuffle
is applied, and the order authors read).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import Course

MIN_QUICK_CHECKS = 3
MAX_KEY_SHARE = 0.40


def key_positions(course: Course) -> dict[int, Counter[int]]:
    """Per part: how many quick checks have their correct choice at each position (0-based)."""
    parts: dict[int, Counter[int]] = defaultdict(Counter)
    for topic in course.topics:
        for quiz in topic.quizzes:
            if quiz.correct_index is not None:
                parts[int(topic.part)][quiz.correct_index] += 1
    return dict(parts)


def quiz_problems(course: Course) -> list[str]:
    """Topics with too few quick checks, and parts whose keys favour one position."""
    problems = [
        f"{topic.id} ({topic.source}): has {len(topic.quizzes)} quick check(s); every topic "
        f"needs at least {MIN_QUICK_CHECKS}"
        for topic in course.topics
        if len(topic.quizzes) < MIN_QUICK_CHECKS
    ]
    for part, counts in sorted(key_positions(course).items()):
        total = sum(counts.values())
        position, most = counts.most_common(1)[0]
        if most > MAX_KEY_SHARE * total:
            spread = ", ".join(f"choice {p + 1}: {n}" for p, n in sorted(counts.items()))
            problems.append(
                f"part {part}: the correct answer is choice {position + 1} in {most} of its "
                f"{total} quick checks ({most / total:.0%}; at most {MAX_KEY_SHARE:.0%} may "
                f"share a position): move some keys ({spread})"
            )
    return problems
