"""Read an instance file (YAML) into the domain model, with one-line located errors.

Every way an input can be wrong ends here as an :class:`InputError` whose message names the
file, the measure (or other item) and the field — the CLI prints it and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scheduler.data import Instance, InstanceRuleError
from scheduler.graph import check_graph


class InputError(Exception):
    """Bad input, with a one-line message naming file, item and field."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that rejects duplicate keys instead of silently keeping the last."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_instance(path: str | Path) -> Instance:
    """Load and validate an instance file; raise :class:`InputError` on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    return parse_instance(text, str(path))


def parse_instance(text: str, origin: str) -> Instance:
    """Parse YAML text (from ``origin``, used in messages) into a validated instance."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{origin}: {where}: invalid YAML: {problem}") from None
    return instance_from_dict(raw, origin)


def instance_from_dict(raw: Any, origin: str) -> Instance:
    """Validate plain data (from YAML, JSON or a workbook) into an instance."""
    if raw is None:
        raise InputError(f"{origin}: the file is empty")
    if not isinstance(raw, dict):
        raise InputError(f"{origin}: expected a mapping at the top level, got {type(raw).__name__}")
    try:
        instance = Instance.model_validate(raw)
    except ValidationError as error:
        raise InputError(_describe(error, raw, origin)) from None
    try:
        check_graph(instance)
    except InstanceRuleError as error:
        raise InputError(
            _format(origin, raw, error.collection, error.index, error.field, error.message)
        ) from None
    return instance


def _describe(error: ValidationError, raw: dict[str, Any], origin: str) -> str:
    """The first validation error as one located line."""
    first = error.errors(include_url=False)[0]
    rule = first.get("ctx", {}).get("error")
    if isinstance(rule, InstanceRuleError):
        return _format(origin, raw, rule.collection, rule.index, rule.field, rule.message)
    location = [str(part) for part in first["loc"]]
    collection = location[0] if location else ""
    index = int(location[1]) if len(location) > 1 and location[1].isdigit() else None
    field_start = 2 if index is not None else 1
    field = ".".join(location[field_start:]) or "(whole item)"
    message = first["msg"]
    if first["type"] == "missing":
        message = "required field is missing"
    elif "input" in first and first["type"] != "extra_forbidden":
        message = f"{message} (got {_short(first['input'])})"
    elif first["type"] == "extra_forbidden":
        message = "unknown field (check its spelling)"
    extra = f" ({error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return _format(origin, raw, collection, index, field, message) + extra


def _format(
    origin: str, raw: dict[str, Any], collection: str, index: int | None, field: str, message: str
) -> str:
    return f"{origin}: {_item_name(raw, collection, index)}: field '{field}': {message}"


def _item_name(raw: dict[str, Any], collection: str, index: int | None) -> str:
    """``measure HEV-1.1`` (or ``measures[3]`` when the item has no usable id)."""
    singular = {
        "measures": "measure",
        "groups": "group",
        "sections": "section",
        "pools": "pool",
        "targets": "target",
    }.get(collection, collection)
    if index is None:
        return collection or "instance"
    items = raw.get(collection)
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        identifier = items[index].get("id", items[index].get("year"))
        if isinstance(identifier, str | int) and not isinstance(identifier, bool):
            return f"{singular} {identifier}"
    return f"{collection}[{index}]"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
