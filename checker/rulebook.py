"""Rules are data: each `rules/*.yaml` file picks a kind of check and gives it its parameters.

A rule file is validated when it loads, its parameters against the kind's own model, so a typo
fails at once with the file named instead of silently doing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.errors import InputError
from checker.models import Category, Severity
from checker.paths import builtin_rules_dir

if TYPE_CHECKING:
    from checker.kinds.base import Kind

RULE_ID = re.compile(r"^FC\d{3}$")


class RuleDocs(BaseModel):
    """What the rule checks, why it matters, an example: printed by `factlint rule ID`."""

    model_config = ConfigDict(extra="forbid")

    what: str
    why: str
    example: str


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=RULE_ID.pattern)
    name: str
    category: Category
    kind: str = Field(alias="extends")
    severity: Severity
    message: str
    params: dict[str, Any] = Field(default_factory=dict)
    docs: RuleDocs


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "file"
    return f"{where}: {error['msg']}"


def load_rule(path: Path) -> "Kind":
    """Read one rule file into a ready-to-run check."""
    from checker.kinds import KINDS

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc}); check the rule file") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"is not valid YAML ({str(exc).splitlines()[0]}); fix the rule file") from None
    if not isinstance(data, dict):
        raise InputError(path, "a rule file must be a YAML mapping")
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        raise InputError(path, f"invalid rule ({_first_error(exc)})") from None
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise InputError(path, f"unknown kind {spec.kind!r} in `extends`; use one of {', '.join(sorted(KINDS))}")
    try:
        params = kind.Params.model_validate(spec.params)
    except ValidationError as exc:
        raise InputError(path, f"invalid params ({_first_error(exc)})") from None
    return kind(spec, params)


def load_rules(folder: Path | None = None) -> list["Kind"]:
    """All rules of a folder (the bundled rules by default), sorted by id; ids must be unique."""
    folder = folder or builtin_rules_dir()
    rules: dict[str, Kind] = {}
    for path in sorted(folder.glob("*.yaml")):
        rule = load_rule(path)
        if rule.spec.id in rules:
            raise InputError(path, f"rule id {rule.spec.id} is already used by another rule file")
        rules[rule.spec.id] = rule
    if not rules:
        raise InputError(folder, "holds no rule files (*.yaml)")
    return [rules[rule_id] for rule_id in sorted(rules)]
