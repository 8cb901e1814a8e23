"""Sheets API emulator: every call checked against Google's Sheets v4 Discovery document, as Google.

The document is the one google-api-python-client ships (a test dependency); it is read from the
installed package, never copied. A call is refused with Google's 400 shape (INVALID_ARGUMENT and
a BadRequest fieldViolation) for an unknown body field, a wrong type, an enum value not listed,
two members of one union (Request, ExtendedValue …), an unknown or badly typed path or query
parameter, or a `fields` mask naming a field the response or the updated object does not have.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sheetsync.testing.emulator_ranges import Mask, parse_fields
from sheetsync.testing.emulator_state import ApiError

Schema = dict[str, Any]
_TYPE_PREFIX = "type.googleapis.com/google.apps.sheets.v4."

ONEOF: dict[str, tuple[str, tuple[str, ...] | None]] = {
    # The document lists union members as plain fields; these are the unions of the proto
    # (`oneof kind`, `oneof value` …). None: every field of the message is a member.
    "Request": ("kind", None),
    "Response": ("kind", None),
    "ExtendedValue": ("value", ("numberValue", "stringValue", "boolValue", "formulaValue",
                                "errorValue")),
    "EmbeddedObjectPosition": ("location", ("sheetId", "overlayPosition", "newSheet")),
    "ChartSpec": ("chart", ("basicChart", "pieChart", "bubbleChart", "candlestickChart",
                            "orgChart", "histogramChart", "waterfallChart", "treemapChart",
                            "scorecardChart")),
    "ChartData": ("type", ("sourceRange", "columnReference")),
    "ColorStyle": ("kind", ("rgbColor", "themeColor")),
    "DataFilter": ("filter", ("developerMetadataLookup", "a1Range", "gridRange")),
}


class DiscoveryMissing(RuntimeError):
    """google-api-python-client is not installed, so there is no document to check against."""


def document_path() -> Path:
    """sheets.v4.json inside the installed google-api-python-client (not imported, only found)."""
    spec = importlib.util.find_spec("googleapiclient")
    if spec is None or not spec.submodule_search_locations:
        raise DiscoveryMissing("the Sheets API emulator checks requests against the Discovery "
                               "document in google-api-python-client: pip install "
                               "google-api-python-client (in sheetsync's `test` extra)")
    base = Path(next(iter(spec.submodule_search_locations)))
    return base / "discovery_cache" / "documents" / "sheets.v4.json"


@functools.cache
def discovery() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(document_path().read_text(encoding="utf-8"))
    return doc


@functools.cache
def _methods() -> tuple[tuple[str, re.Pattern[str], dict[str, Any]], ...]:
    out = []

    def walk(resource: dict[str, Any]) -> None:
        for m in resource.get("methods", {}).values():
            pattern = re.sub(r"\{(\w+)\}", lambda g: f"(?P<{g.group(1)}>"
                             + (".+" if g.group(1) == "range" else "[^/:]+") + ")",
                             re.escape(m["flatPath"]).replace(r"\{", "{").replace(r"\}", "}"))
            out.append((m["httpMethod"], re.compile("/" + pattern), m))
        for sub in resource.get("resources", {}).values():
            walk(sub)

    walk(discovery())
    return tuple(out)


def find_method(method: str, raw_path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The Discovery method a call is, with its path parameters; None for an unknown URL."""
    path = raw_path.rstrip("/") if raw_path != "/" else raw_path
    for verb, pattern, doc in _methods():
        m = pattern.fullmatch(path)
        if verb == method and m is not None:
            return doc, {k: unquote(v) for k, v in m.groupdict().items()}
    return None


def schema(name: str) -> Schema:
    found: Schema = discovery()["schemas"][name]
    return found


@functools.cache
def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class InvalidArgument(ApiError):
    """Google's 400 for a malformed call: the message, and the same words as a BadRequest field
    violation naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(400, message)
        self.field = field

    def body(self) -> dict[str, Any]:
        out = super().body()
        out["error"]["details"] = [{
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": self.field, "description": self.message}]}]
        return out


def invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument(field, description)


# --- one call ---------------------------------------------------------------------------------

_BODY_FIELD = {"sheets.spreadsheets.values.update": "data",
               "sheets.spreadsheets.values.append": "data",
               "sheets.spreadsheets.create": "spreadsheet"}
"""What the body is called in the request message, which Google's messages name it by."""


def validate_call(method: str, raw_path: str, query: dict[str, list[str]], payload: Any) -> None:
    """Raise the ApiError Google would answer this call with; return when it would take it."""
    found = find_method(method, raw_path)
    if found is None:
        return  # the router answers 404 for a URL the API does not have
    doc, path_params = found
    params = doc.get("parameters", {})
    for name, value in path_params.items():
        _param(name, params.get(name, {}), [value])
    common = discovery()["parameters"]
    for name, values in query.items():
        spec = params.get(name) if name in params else common.get(name)
        if spec is None or spec.get("location", "query") != "query":
            raise invalid(name, f'Invalid JSON payload received. Unknown name "{name}": Cannot '
                                f"bind query parameter. Field '{name}' could not be found in "
                                "request message.")
        _param(name, spec, values)
    response = doc.get("response", {}).get("$ref")
    for fields in query.get("fields", []):
        if response is not None:
            check_mask(fields, response, "fields")
    request = doc.get("request", {}).get("$ref")
    if request is None:
        if payload not in (None, {}):
            raise invalid("", 'Invalid JSON payload received. Unknown name "": Root element '
                              "must be a message.")
        return
    if payload is None:
        payload = {}
    check_value(payload, {"$ref": request}, _BODY_FIELD.get(doc["id"], ""))


def _param(name: str, spec: dict[str, Any], values: list[str]) -> None:
    field = snake(name)
    if len(values) > 1 and not spec.get("repeated"):
        raise invalid(field, f"Invalid value at '{field}': repeated values for a single field")
    for value in values:
        kind = spec.get("type", "string")
        if "enum" in spec and value not in spec["enum"]:
            raise invalid(field, f"Invalid value at '{field}' "
                                 f"({_TYPE_PREFIX}{name[0].upper()}{name[1:]}), \"{value}\"")
        if kind == "boolean" and value.lower() not in ("true", "false"):
            raise invalid(field, f"Invalid value at '{field}' (TYPE_BOOL), \"{value}\"")
        if kind == "integer" and not re.fullmatch(r"-?\d+", value):
            raise invalid(field, f"Invalid value at '{field}' (TYPE_INT32), \"{value}\"")


# --- a body against its schema ----------------------------------------------------------------

def _shown(value: Any) -> str:
    return json.dumps(value)[:200]


def check_value(value: Any, spec: dict[str, Any], path: str) -> None:
    """Raise Google's 400 when `value` does not fit the Discovery `spec` (a property or $ref)."""
    if value is None:
        return  # JSON null leaves a field unset, in every position
    if "$ref" in spec:
        _check_message(value, spec["$ref"], path)
        return
    kind = spec.get("type")
    if kind == "array":
        if not isinstance(value, list):
            raise invalid(path, f"Invalid value at '{path}' "
                                f"(type.googleapis.com/google.protobuf.ListValue), {_shown(value)}")
        for i, item in enumerate(value):
            check_value(item, spec.get("items", {}), f"{path}[{i}]")
    elif kind == "object":
        extra = spec.get("additionalProperties")
        if not isinstance(value, dict):
            raise invalid(path, f"Invalid value at '{path}' (type.googleapis.com/"
                                f"google.protobuf.Struct), {_shown(value)}")
        for key, item in value.items():
            if extra is not None:
                check_value(item, extra, f"{path}[{key}]")
    elif kind == "any":
        if isinstance(value, dict | list):
            raise invalid(path, f"Invalid value at '{path}' (type.googleapis.com/"
                                f"google.protobuf.Value), {_shown(value)}: only a number, text "
                                "or a boolean")
    else:
        _check_scalar(value, spec, path)


def _check_scalar(value: Any, spec: dict[str, Any], path: str) -> None:
    kind, fmt = spec.get("type"), spec.get("format")
    if "enum" in spec:
        if isinstance(value, bool) or value not in spec["enum"] and not (
                isinstance(value, int) and 0 <= value < len(spec["enum"])):
            name = path.rsplit(".", 1)[-1].split("[", 1)[0]
            type_name = "".join(p.capitalize() for p in name.split("_"))
            raise invalid(path, f"Invalid value at '{path}' ({_TYPE_PREFIX}{type_name}), "
                                f"{_shown(value)}")
        return
    ok: bool
    if kind == "string":
        ok = isinstance(value, str) or (fmt in ("int64", "uint64") and isinstance(value, int)
                                        and not isinstance(value, bool))
        if ok and fmt in ("int64", "uint64") and isinstance(value, str):
            ok = re.fullmatch(r"-?\d+", value) is not None
        label = "TYPE_INT64" if fmt in ("int64", "uint64") else "TYPE_STRING"
    elif kind == "integer":
        ok = _is_integer(value, 2**31 if fmt == "int32" else 2**32)
        label = "TYPE_UINT32" if fmt == "uint32" else "TYPE_INT32"
    elif kind == "number":
        ok = (isinstance(value, int | float) and not isinstance(value, bool)) or value in (
            "NaN", "Infinity", "-Infinity")
        label = "TYPE_FLOAT" if fmt == "float" else "TYPE_DOUBLE"
    elif kind == "boolean":
        ok, label = isinstance(value, bool), "TYPE_BOOL"
    else:
        ok, label = True, ""
    if not ok:
        raise invalid(path, f"Invalid value at '{path}' ({label}), {_shown(value)}")


def _is_integer(value: Any, bound: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return isinstance(value, int) and -bound <= value < bound


@functools.cache
def _properties(name: str) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = schema(name).get("properties", {})
    return props


def _check_message(value: Any, name: str, path: str) -> None:
    if not isinstance(value, dict):
        raise invalid(path, f"Invalid value at '{path}' ({_TYPE_PREFIX}{name}), {_shown(value)}")
    props = _properties(name)
    union = ONEOF.get(name)
    chosen = 0
    for key, item in value.items():
        spec = props.get(key)
        if spec is None:
            where = f" at '{path}'" if path else ""
            raise invalid(path, f'Invalid JSON payload received. Unknown name "{key}"{where}: '
                                "Cannot find field.")
        if item is None:
            continue
        if union is not None and (union[1] is None or key in union[1]):
            chosen += 1
            if chosen > 1:
                raise invalid(path, f"Invalid value at '{path}' (oneof), oneof field "
                                    f"'{union[0]}' is already set. Cannot set '{snake(key)}'")
        where = f"{path}.{snake(key)}" if path else snake(key)
        check_value(item, spec, where)
        if spec.get("format") == "google-fieldmask" and isinstance(item, str):
            target = mask_target(name)
            if target is not None:
                check_mask(item, target, where)
    if name == "Request" and not chosen:
        raise invalid(path, f"Invalid {path}: no kind of request set")


@functools.cache
def mask_target(message: str) -> str | None:
    """Which message a request's `fields` mask names fields of, from the document's own words:
    'The root `cell` is implied' (that field's message) or 'The fields of CellData'."""
    props = schema(message).get("properties", {})
    words = props.get("fields", {}).get("description", "")
    m = re.search(r"fields of (\w+)", words)
    if m and m.group(1) in discovery()["schemas"]:
        return m.group(1)
    m = re.search(r"root [`'](\w+)", words)
    if m is None:
        return None
    root = m.group(1)
    if root in props and "$ref" in props[root]:
        return str(props[root]["$ref"])
    return root if root in discovery()["schemas"] else None


def check_mask(text: str, message: str, path: str) -> None:
    """Every field a mask names exists in `message` (nested through messages and arrays)."""
    if text.strip() in ("*", ""):
        return
    try:
        mask = parse_fields(text)
    except (ValueError, IndexError):
        raise invalid(path, f"Invalid field selection {text}") from None
    _walk_mask(mask, message, path, "")


def _walk_mask(mask: Mask, message: str, path: str, prefix: str) -> None:
    props = schema(message).get("properties", {})
    for key, sub in mask.items():
        if key == "*":
            continue
        spec = props.get(key)
        if spec is None:
            raise invalid(path, f"Invalid field selection {prefix}{key}" if path == "fields" else
                          f"Invalid {path}: field mask names '{prefix}{key}', which is not a "
                          f"field of {message}")
        while spec.get("type") == "array":
            spec = spec.get("items", {})
        if sub:
            ref = spec.get("$ref")
            if ref is None:
                raise invalid(path, f"Invalid field selection {prefix}{key}.{next(iter(sub))}")
            _walk_mask(sub, ref, path, f"{prefix}{key}.")
