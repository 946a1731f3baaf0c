"""Read an instance file (YAML) into the domain model, with one-line located errors.

Every way an input can be wrong ends here as an :class:`InputError` whose message names the
file, the measure (or other item) and the field — the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scheduler.data import FieldRuleError, Instance, InstanceRuleError
from scheduler.graph import check_graph


class InputError(Exception):
    """Bad input, with a one-line message naming file, item and field.

    Errors found in validated data also carry where the rule broke (``location``: the path
    inside the plain data, e.g. ``("measures", "3", "amounts", "2026")``) and the bare
    rule (``detail``), so that a reader of another format can point at its own cell.
    """

    def __init__(
        self, message: str, location: tuple[str, ...] | None = None, detail: str | None = None
    ):
        super().__init__(message)
        self.location = location
        self.detail = detail if detail is not None else message


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that rejects duplicate keys instead of silently keeping the last."""


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key repeated in one mapping (plain PyYAML would silently keep the last value)."""

    def __init__(self, key: Any, mark: yaml.Mark):
        super().__init__(None, None, f"duplicate key {key!r}", mark)
        self.key_mark = mark


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        try:
            # 2025 and '2025' name the same year once validated
            duplicate = key in mapping or str(key) in {str(k) for k in mapping}
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found unhashable key",
                key_node.start_mark,
            ) from None
        if duplicate:
            raise _DuplicateKeyError(key, key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_instance(path: str | Path) -> Instance:
    """Load and validate an instance file; raise :class:`InputError` on any problem."""
    return instance_from_dict(read_yaml(path), str(path))


def read_yaml(path: str | Path) -> Any:
    """The plain data of a YAML file; raise :class:`InputError` on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    return parse_yaml(text, str(path))


def parse_instance(text: str, origin: str) -> Instance:
    """Parse YAML text (from ``origin``, used in messages) into a validated instance."""
    return instance_from_dict(parse_yaml(text, origin), origin)


def parse_yaml(text: str, origin: str) -> Any:
    """YAML text (from ``origin``, used in messages) as plain data; a repeated key, a
    too deep nesting or a too long number is an :class:`InputError`."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except _DuplicateKeyError as error:
        raise InputError(_describe_duplicate_key(text, error, origin)) from None
    except RecursionError:
        raise InputError(f"{origin}: invalid YAML: nested too deeply") from None
    except ValueError:  # Python refuses to read an integer of thousands of digits
        raise InputError(f"{origin}: invalid YAML: a number too long to read") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{origin}: {where}: invalid YAML: {problem}") from None
    return raw


class _InstanceDumper(yaml.SafeDumper):
    """Safe YAML with enums as their values and tuples as lists."""


_InstanceDumper.add_multi_representer(Enum, lambda dumper, value: dumper.represent_str(value.value))
_InstanceDumper.add_representer(tuple, lambda dumper, value: dumper.represent_list(value))


def instance_yaml(instance: Instance, header: str = "") -> str:
    """The instance as an instance file (defaults left out); loads back to an equal instance.

    ``header`` becomes comment lines at the top.
    """
    data = instance.model_dump(mode="python", exclude_defaults=True)
    text = yaml.dump(data, Dumper=_InstanceDumper, sort_keys=False, allow_unicode=True, width=100)
    comments = "".join(f"# {line}\n" for line in header.splitlines())
    return comments + text


def instance_from_dict(raw: Any, origin: str) -> Instance:
    """Validate plain data (from YAML, JSON or a workbook) into an instance."""
    if raw is None:
        raise InputError(f"{origin}: the file is empty")
    if not isinstance(raw, dict):
        raise InputError(f"{origin}: expected a mapping at the top level, got {type(raw).__name__}")
    try:
        instance = Instance.model_validate(raw, context={"from_file": True})
    except ValidationError as error:
        raise _located_error(origin, raw, *describe_validation_error(error)) from None
    except RecursionError:
        raise InputError(f"{origin}: the data is nested too deeply") from None
    try:
        check_graph(instance)
    except InstanceRuleError as error:
        raise _located_error(origin, raw, _rule_location(error), error.message) from None
    return instance


def _located_error(
    origin: str, raw: dict[str, Any], location: Sequence[Any], message: str
) -> InputError:
    item, field = _locate(raw, location)
    path = tuple(part for step in location for part in str(step).split("."))
    return InputError(_format(origin, item, field, message), location=path, detail=message)


def describe_validation_error(error: ValidationError) -> tuple[list[Any], str]:
    """Location and message of the first validation error (a misspelt field before all
    others), with the count of further errors."""
    errors = error.errors(include_url=False)
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    location: list[Any] = list(first["loc"])
    rule = first.get("ctx", {}).get("error")
    if isinstance(rule, InstanceRuleError):
        location, message = _rule_location(rule), rule.message
    elif isinstance(rule, FieldRuleError):
        location, message = [*location, rule.field], rule.message
    elif first["type"] == "missing":
        message = "required field is missing"
    elif first["type"] == "extra_forbidden":
        message = _unknown_field(first["loc"], errors)
    elif first["type"] == "value_error" and rule is not None:
        message = str(rule)  # our own validators name the bad value themselves
    elif "input" in first:
        message = f"{first['msg']} (got {_short(first['input'])})"
    else:
        message = first["msg"]
    extra = f" ({error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return location, message + extra


def _unknown_field(location: tuple[int | str, ...], errors: Sequence[Any]) -> str:
    """Suggest the missing sibling field that a misspelt one was probably meant to be."""
    missing = [
        str(other["loc"][-1])
        for other in errors
        if other["type"] == "missing" and other["loc"][:-1] == location[:-1]
    ]
    close = difflib.get_close_matches(str(location[-1]), missing, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "check its spelling"
    return f"unknown field ({hint})"


def _describe_duplicate_key(text: str, error: _DuplicateKeyError, origin: str) -> str:
    """Name the item and field of a repeated key, found in the YAML node tree."""
    mark = error.key_mark
    try:
        raw = yaml.safe_load(text)  # keeps the last value; used only to name the item
    except yaml.YAMLError:
        raw = None
    root = yaml.compose(text, Loader=_UniqueKeyLoader)
    location = _key_path(root, mark.index, set()) if root is not None else None
    item, field = _locate(raw if isinstance(raw, dict) else {}, location or [])
    return f"{origin}: line {mark.line + 1}: {_format_item(item, field)}: duplicate key"


def _key_path(node: yaml.Node, index: int, seen: set[int]) -> list[str] | None:
    """Keys and positions from ``node`` down to the mapping key that starts at ``index``."""
    if id(node) in seen:  # an alias can make the node graph recursive
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key_node.start_mark.index == index:
                return [name]
            found = _key_path(value_node, index, seen)
            if found is not None:
                return [name, *found]
    elif isinstance(node, yaml.SequenceNode):
        for position, child in enumerate(node.value):
            found = _key_path(child, index, seen)
            if found is not None:
                return [str(position), *found]
    return None


_ITEM_COLLECTIONS = {
    "measures": "measure",
    "groups": "group",
    "sections": "section",
    "pools": "pool",
    "targets": "target",
    "assumptions": "assumption",
}
_KEYED_COLLECTIONS = {"colours": "colour"}


def _rule_location(rule: InstanceRuleError) -> list[Any]:
    return [part for part in (rule.collection, rule.index) if part not in ("", None)] + [rule.field]


def _locate(raw: dict[str, Any], location: Sequence[Any]) -> tuple[str, str]:
    """Item and dotted field of a location such as ``("measures", 3, "amounts", 2026)``."""
    parts = [str(part) for part in location]
    if len(parts) < 2:
        return "instance", parts[0] if parts else "(whole file)"
    collection, key, rest = parts[0], parts[1], parts[2:]
    if collection in _ITEM_COLLECTIONS and key.isdigit():
        return _item_name(raw, collection, int(key)), ".".join(rest) or "(whole item)"
    if collection in _KEYED_COLLECTIONS:
        return f"{_KEYED_COLLECTIONS[collection]} {key}", ".".join(rest) or "(whole item)"
    return collection, ".".join(parts[1:])


def _format_item(item: str, field: str) -> str:
    return f"{item}: field '{field}'"


def _format(origin: str, item: str, field: str, message: str) -> str:
    return f"{origin}: {_format_item(item, field)}: {message}"


def _item_name(raw: dict[str, Any], collection: str, index: int) -> str:
    """``measure HEV-1.1`` (or ``measures[3]`` when the item has no usable id)."""
    items = raw.get(collection)
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        identifier = items[index].get("id", items[index].get("year"))
        if isinstance(identifier, str | int) and not isinstance(identifier, bool):
            return f"{_ITEM_COLLECTIONS.get(collection, collection)} {identifier}"
    return f"{collection}[{index}]"


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 50
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = 4
_SHORT.maxlevel = 2


def _short(value: Any) -> str:
    """A bounded repr: never expands a large or self-referencing input (a YAML alias bomb)."""
    text = _SHORT.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
