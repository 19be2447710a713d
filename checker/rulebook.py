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

from checker.errors import FactlintError, InputError
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
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: a date like 2025-13-45
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"is not valid YAML ({problem}); fix the rule file") from None
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


def select_rules(rules: list["Kind"], select: list[str], ignore: list[str]) -> list["Kind"]:
    """The rules `select` names (all when empty) less those `ignore` names, by id or id prefix
    ("FC1" is every conflict rule); a selector that names no rule is an error."""
    ids = [rule.spec.id for rule in rules]
    for selector in (*select, *ignore):
        if not any(rule_id.startswith(selector.upper()) for rule_id in ids):
            raise FactlintError(f"unknown rule {selector!r} in --select/--ignore; `factlint rules` lists them "
                                f"({', '.join(ids)})")

    def named(rule_id: str, selectors: list[str]) -> bool:
        return any(rule_id.startswith(s.upper()) for s in selectors)

    return [r for r in rules if (not select or named(r.spec.id, select)) and not named(r.spec.id, ignore)]


def override_params(rules: list["Kind"], overrides: dict[str, dict[str, Any]], origin: Path) -> list["Kind"]:
    """Rules with parameters from configuration (`[rules.FC101] min_similarity = 0.6`), each
    override validated by the rule's kind like the rule file itself."""
    by_id = {rule.spec.id: rule for rule in rules}
    for rule_id in overrides:
        if rule_id not in by_id:
            raise FactlintError(f"{origin}: [rules.{rule_id}] names no rule; `factlint rules` lists them")
    result = []
    for rule in rules:
        if rule.spec.id not in overrides:
            result.append(rule)
            continue
        params = {**rule.spec.params, **overrides[rule.spec.id]}
        try:
            validated = type(rule).Params.model_validate(params)
        except ValidationError as exc:
            raise FactlintError(f"{origin}: [rules.{rule.spec.id}] {_first_error(exc)}") from None
        result.append(type(rule)(rule.spec.model_copy(update={"params": params}), validated))
    return result
