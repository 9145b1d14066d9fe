"""A practice session as the terminal runs it: which exercise next, grade, record.

No printing here: the CLI shows what this module decides, so the same session logic can be
tested without a terminal. Answers go to the same progress store as the web app's.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from ..progress.db import StoreError, make_engine, migrate
from ..progress.mastery import LADDER
from ..progress.repository import ProgressStore
from .answers import AnswerFormatError
from .exercise import Exercise
from .registry import MAX_SEED
from .service import FORMAT_HINTS, Outcome, new_exercise, reveal, submit, topics_with_practice

FIRST_TOPIC = "1.1"
LEARNER_FILE = "cli_learner"
GIVE_UP = frozenset({"?", "reveal"})
QUIT = frozenset({"", "q", "quit", "exit"})
_LEARNER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

T = TypeVar("T")

__all__ = [
    "FORMAT_HINTS",
    "GIVE_UP",
    "QUIT",
    "AnswerFormatError",
    "PracticeSession",
    "SessionError",
    "Summary",
    "check_learner_id",
    "choose_topic",
    "open_store",
    "plain_math",
    "terminal_learner",
    "validate_topic",
]


class SessionError(ValueError):
    """Bad input to a session (unknown topic, bad learner id); the message says what is valid."""


# ---- where the session starts --------------------------------------------------------------


def open_store(database_url: str) -> ProgressStore:
    """The progress store at `database_url`, migrated; StoreError if it cannot be used."""
    engine = make_engine(database_url)
    migrate(engine)
    return ProgressStore(engine)


def validate_topic(topic: str) -> str:
    topics = topics_with_practice()
    if topic not in topics:
        raise SessionError(f"there is no practice for topic {topic!r}; topics: {', '.join(topics)}")
    return topic


def check_learner_id(learner_id: str) -> str:
    if not _LEARNER_ID.match(learner_id):
        raise SessionError("a learner id is 1–64 letters, digits, '.', '_' or '-'")
    return learner_id


def terminal_learner(data_dir: Path) -> str:
    """The terminal's learner id, created once in `data_dir` so progress persists between runs."""
    path = data_dir / LEARNER_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        # "x" mode: two terminals starting at once must not each write a different id.
        with path.open("x", encoding="utf-8") as f:
            learner_id = "cli-" + uuid.uuid4().hex
            f.write(learner_id + "\n")
            return learner_id
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot save the terminal learner id in {path}: {exc.strerror}") from None
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StoreError(f"cannot read the terminal learner id {path}: {exc.strerror}") from None
    if not _LEARNER_ID.match(saved):
        raise StoreError(f"{path} does not hold a learner id; delete it to start afresh")
    return saved


def _store_call(call: Callable[[], T]) -> T:
    """Run a store operation; a database failure becomes a StoreError with a one-line reason."""
    try:
        return call()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot use the progress database: {reason}") from None


def _course_order(topic: str) -> tuple[int, ...]:
    return tuple(int(p) for p in topic.split("."))


def choose_topic(store: ProgressStore, learner_id: str) -> str:
    """The most overdue review; else the weakest topic tried so far; else the first topic."""
    practicable = set(topics_with_practice())
    due = [t for t in _store_call(lambda: store.due_topics(learner_id)) if t in practicable]
    if due:
        return due[0]
    progress = _store_call(lambda: store.progress(learner_id))
    tried = [t for t in progress if t in practicable]
    if not tried:
        return FIRST_TOPIC

    def weakness(topic: str) -> tuple[Any, ...]:
        p = progress[topic]
        return (
            LADDER.index(p["mastery"]),
            p["correct"] / max(p["attempts"], 1),
            _course_order(topic),
        )

    return min(tried, key=weakness)


# ---- the session ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    answered: int
    right: int
    topics: dict[str, dict[str, Any]]
    """Per topic practised in this session: the store's attempts, correct, mastery, due."""


@dataclass
class PracticeSession:
    """One run of `mathforai practice`: a fixed topic, or whichever topic needs practice next.

    With a seed the whole session is reproducible: exercise n uses seed + n.
    """

    store: ProgressStore
    learner_id: str
    topic: str | None = None
    seed: int | None = None
    answered: int = 0
    right: int = 0
    current: Exercise | None = None
    practised: list[str] = field(default_factory=list)

    def next_exercise(self) -> Exercise:
        topic = self.topic or choose_topic(self.store, self.learner_id)
        if self.seed is not None:
            seed = (self.seed + self.answered) % (MAX_SEED + 1)
            self.current = new_exercise(topic, seed)
        else:
            self.current = new_exercise(topic, mastery=self._mastery(topic))
        return self.current

    def _mastery(self, topic: str) -> str:
        progress = _store_call(lambda: self.store.progress(self.learner_id))
        return progress.get(topic, {}).get("mastery", "new")

    def answer(self, text: str) -> Outcome:
        """Grade and record an answer; AnswerFormatError (nothing recorded) if it cannot be read."""
        exercise = self._require_current()
        outcome = submit(exercise.id, text)
        self._record(outcome, "practice", text)
        return outcome

    def give_up(self) -> Outcome:
        """Show the answer and its working; it counts as a wrong answer, as on the web."""
        exercise = self._require_current()
        outcome = reveal(exercise.id)
        self._record(outcome, "reveal", "reveal")
        return outcome

    def _require_current(self) -> Exercise:
        if self.current is None:
            raise RuntimeError("call next_exercise() before answering")
        return self.current

    def _record(self, outcome: Outcome, kind: str, answer: str) -> None:
        topic = outcome.exercise.topic
        _store_call(
            lambda: self.store.record(
                self.learner_id,
                topic,
                outcome.exercise.id,
                kind=kind,
                correct=outcome.grade.correct,
                answer=answer,
            )
        )
        self.current = None
        self.answered += 1
        self.right += outcome.grade.correct
        if topic not in self.practised:
            self.practised.append(topic)

    def summary(self) -> Summary:
        progress = _store_call(lambda: self.store.progress(self.learner_id))
        topics = {t: progress[t] for t in self.practised if t in progress}
        return Summary(self.answered, self.right, topics)


# ---- math as plain text --------------------------------------------------------------------

_SYMBOLS = {
    "cdot": " · ",
    "times": " × ",
    "div": " ÷ ",
    "pm": " ± ",
    "cap": " ∩ ",
    "cup": " ∪ ",
    "mid": " | ",
    "le": " ≤ ",
    "leq": " ≤ ",
    "ge": " ≥ ",
    "geq": " ≥ ",
    "ne": " ≠ ",
    "neq": " ≠ ",
    "approx": " ≈ ",
    "to": " → ",
    "rightarrow": " → ",
    "in": " ∈ ",
    "sum": "Σ",
    "prod": "Π",
    "partial": "∂",
    "nabla": "∇",
    "infty": "∞",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "|": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "{": "{",
    "}": "}",
    "$": "$",
    "%": "%",
    "_": "_",
    "&": "&",
    "#": "#",
    "\\": "; ",
}
_SYMBOLS.update(
    {
        "alpha": "α",
        "beta": "β",
        "gamma": "γ",
        "delta": "δ",
        "epsilon": "ε",
        "eta": "η",
        "theta": "θ",
        "lambda": "λ",
        "mu": "μ",
        "pi": "π",
        "rho": "ρ",
        "sigma": "σ",
        "tau": "τ",
        "phi": "φ",
        "omega": "ω",
    }
)
_SYMBOLS.update({"Sigma": "Σ", "Delta": "Δ", "Pi": "Π", "Omega": "Ω", "Theta": "Θ"})
_SPACES = {",", ";", ":", " ", "!", "quad", "qquad"}
_STYLES = {"mathbf", "mathrm", "mathit", "text", "textbf", "boldsymbol", "operatorname", "bm"}
_SKIP = {"left", "right", "displaystyle", "limits", "big", "Big", "bigl", "bigr"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_SUPERSCRIPT = dict(zip("0123456789+-−()nTi", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ⁿᵀⁱ"))
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def plain_math(markdown: str) -> str:
    """A prompt's Markdown with $…$ math written as plain Unicode text for a terminal."""
    text = _MATH.sub(_math_text, markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()


def _math_text(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        # Display math (a matrix, usually) gets a line of its own, as on the page.
        return "\n" + _latex(match.group(1)).strip() + "\n"
    return _latex(match.group(2)).strip()


def _latex(src: str) -> str:
    return "".join(_pieces(src))


def _pieces(src: str) -> Iterator[str]:
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            m = _COMMAND.match(src, i)
            assert m is not None  # a backslash always matches one character at least
            piece, i = _command(m.group(1), src, m.end())
            yield piece
        elif ch in "^_":
            arg, i = _argument(src, i + 1)
            yield _superscript(_latex(arg)) if ch == "^" else _subscript(_latex(arg))
        elif ch == "{":
            arg, i = _argument(src, i)
            yield _latex(arg)
        elif ch == "}":
            i += 1  # an unbalanced brace: drop it rather than show LaTeX
        elif ch == "~":
            yield " "
            i += 1
        else:
            yield ch
            i += 1


def _command(name: str, src: str, i: int) -> tuple[str, int]:
    """The text for the command `name` whose arguments start at src[i], and where it ends."""
    if name in ("frac", "dfrac", "tfrac"):
        top, i = _argument(src, i)
        bottom, i = _argument(src, i)
        return f"{_wrap(_latex(top))}/{_wrap(_latex(bottom))}", i
    if name == "sqrt":
        arg, i = _argument(src, i)
        return "√" + _wrap(_latex(arg)), i
    if name in ("hat", "bar", "vec", "tilde"):
        arg, i = _argument(src, i)
        mark = {"hat": "\u0302", "bar": "\u0304", "vec": "\u20d7", "tilde": "\u0303"}[name]
        return _latex(arg) + mark, i
    if name in _STYLES:
        arg, i = _argument(src, i)
        return _latex(arg), i
    if name == "mathbb":
        arg, i = _argument(src, i)
        return "".join(_BLACKBOARD.get(c, c) for c in _latex(arg)), i
    if name == "begin":
        return _environment(src, i)
    if name in _SKIP:
        # \left. and \right. are invisible delimiters.
        return "", i + 1 if src[i : i + 1] == "." else i
    if name in _SPACES:
        return " ", i
    if name in ("partial", "nabla"):
        # Written next to what they act on: ∂f, ∇f.
        return _SYMBOLS[name], len(src) - len(src[i:].lstrip())
    # Function names (\ln, \sin, \log, \max …) and unknown commands read well as the word.
    return _SYMBOLS.get(name, name), i


def _argument(src: str, i: int) -> tuple[str, int]:
    """One argument at src[i]: a {group}, a \\command or a single character."""
    while i < len(src) and src[i] == " ":
        i += 1
    if i >= len(src):
        return "", i
    if src[i] == "{":
        depth = 0
        for j in range(i, len(src)):
            depth += {"{": 1, "}": -1}.get(src[j], 0)
            if depth == 0:
                return src[i + 1 : j], j + 1
        return src[i + 1 :], len(src)
    if src[i] == "\\":
        m = _COMMAND.match(src, i)
        assert m is not None
        return m.group(0), m.end()
    return src[i], i + 1


def _environment(src: str, i: int) -> tuple[str, int]:
    """A matrix environment as [[a, b], [c, d]], the way answers are typed."""
    env, i = _argument(src, i)
    end = src.find(f"\\end{{{env}}}", i)
    end = len(src) if end < 0 else end
    body, after = src[i:end], min(len(src), end + len(f"\\end{{{env}}}"))
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    cells = [[_latex(c).strip() for c in r.split("&")] for r in rows]
    if "matrix" in env:
        return "[" + ", ".join("[" + ", ".join(r) + "]" for r in cells) + "]", after
    return "; ".join(", ".join(r) for r in cells), after


def _wrap(text: str) -> str:
    text = text.strip()
    return text if re.fullmatch(r"[\w.∂∇‖]+", text) else f"({text})"


def _superscript(text: str) -> str:
    text = text.strip()
    if text and all(c in _SUPERSCRIPT for c in text):
        return "".join(_SUPERSCRIPT[c] for c in text)
    return "^" + (text if len(text) == 1 else f"({text})")


def _subscript(text: str) -> str:
    text = text.strip()
    return "_" + (text if re.fullmatch(r"\w+", text) else f"({text})")
