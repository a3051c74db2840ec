"""The services' answers, read with suspicion: every value strides takes from one is checked for its kind
before it is used as a key, compared, or put into a URL. An answer that does not fit is a one-line
`DeliveryError` naming the service, what was asked and the field, never a traceback."""

from __future__ import annotations

from typing import Any

from strides.delivery import DeliveryError

Json = dict[str, Any]
KINDS = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number",
         float: "a number", type(None): "null"}


def _kind(value: Any) -> str:
    return KINDS.get(type(value), type(value).__name__)


def listing(answer: Any, service: str, what: str) -> list[Json]:
    """A list of objects."""
    if not isinstance(answer, list):
        raise DeliveryError(f"{service} answered {what} with {_kind(answer)}, not a list")
    for item in answer:
        if not isinstance(item, dict):
            raise DeliveryError(f"{service} answered {what} with an item that is {_kind(item)}, not an object")
    return answer


def record(answer: Any, service: str, what: str) -> Json:
    """One object."""
    if not isinstance(answer, dict):
        raise DeliveryError(f"{service} answered {what} with {_kind(answer)}, not an object")
    return answer


def ident(item: Json, key: str, service: str, what: str) -> int:
    """A positive whole number that names something (it goes into a URL)."""
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        shown = "none" if value is None else _kind(value) if not isinstance(value, int) else "out of range"
        raise DeliveryError(f"{service} answered {what} with a `{key}` that is not an id ({shown})")
    return value


def optional_ident(item: Json, key: str, service: str, what: str) -> int | None:
    return None if item.get(key) is None else ident(item, key, service, what)


def text(item: Json, key: str, service: str, what: str) -> str | None:
    """Text, or None when the field is missing or null."""
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise DeliveryError(f"{service} answered {what} with a `{key}` that is {_kind(value)}, not text")
    return value


def whole(item: Json, key: str, service: str, what: str, low: int, high: int) -> int | None:
    """A whole number from `low` to `high`, or None when the field is missing or null."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or not low <= value <= high:
        shown = _kind(value) if isinstance(value, bool) or not isinstance(value, int | float) else f"{value:g}"
        raise DeliveryError(f"{service} answered {what} with a `{key}` strides cannot use ({shown}; it takes "
                            f"{low} to {high})")
    return round(value)
