"""The operation table: one registry that the CLI, the API, widgets and docs all read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .explanation import Explanation
from .inputs import Args, InputError, validate_args


class UnknownOperation(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown operation {name!r}; `mathforai explain --list` lists them")
        self.name = name


@dataclass(frozen=True)
class Operation:
    name: str
    summary: str
    topic: str
    args: type[Args]
    func: Callable[[Any], Explanation]
    example: Mapping[str, Any]

    @cached_property
    def json_schema(self) -> dict[str, Any]:
        """The argument schema as JSON Schema; built once (forms ask for it per request)."""
        return self.args.model_json_schema()

    def run(self, raw: Mapping[str, Any]) -> Explanation:
        """Validate raw values and compute; bad input raises InputError."""
        return self.func(validate_args(self.args, raw, self.name))

    def arguments(self) -> list[dict[str, Any]]:
        """Each argument's name, description, whether it is required and its default."""
        out = []
        for name, info in self.args.model_fields.items():
            entry: dict[str, Any] = {
                "name": name,
                "description": info.description or "",
                "required": info.is_required(),
            }
            if not info.is_required():
                entry["default"] = info.get_default(call_default_factory=True)
            out.append(entry)
        return out

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "topic": self.topic,
            "arguments": self.arguments(),
            "example": dict(self.example),
            "schema": self.json_schema,
        }


OPERATIONS: dict[str, Operation] = {}


def operation(
    name: str, args: type[Args], *, topic: str, summary: str, example: Mapping[str, Any]
) -> Callable[[Callable[[Any], Explanation]], Callable[[Any], Explanation]]:
    """Register a function as an operation. Names are the public contract.

    `example` holds valid inputs (the seed's where it has one): the default for widgets,
    benchmarks and the contract tests that run every operation.
    """

    def register(func: Callable[[Any], Explanation]) -> Callable[[Any], Explanation]:
        if name in OPERATIONS:
            raise RuntimeError(f"operation {name!r} registered twice")
        OPERATIONS[name] = Operation(name, summary, topic, args, func, example)
        return func

    return register


def get_operation(name: str) -> Operation:
    try:
        return OPERATIONS[name]
    except KeyError:
        raise UnknownOperation(name) from None


def explain(name: str, raw: Mapping[str, Any]) -> Explanation:
    """Run operation `name` on raw (unvalidated) values."""
    return get_operation(name).run(raw)


__all__ = ["OPERATIONS", "InputError", "Operation", "UnknownOperation", "explain", "operation"]
