"""Checks of FIT messages against the FIT profile, before garmin-fit-sdk's Encoder sees them.

The Encoder silently drops fields it does not know (sub-field names such as `duration_time` included) and
wraps integers that do not fit their type: each is refused here instead, as a mistake in strides' code.
A profile value (`"running"`, `"repeat_until_steps_cmplt"`) is handed to the Encoder as its number, which
it writes as given; it would otherwise search the type's values for the name on every message.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from garmin_fit_sdk import Profile
from garmin_fit_sdk import fit as fit_types

# A FIT field holds at most 255 bytes; a string needs one of them for its terminating NUL.
MAX_STRING_BYTES = 254


def checked(mesg_num: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The message ready for `Encoder.write_mesg`, after refusing anything the Encoder would silently mangle.

    Raises ValueError: these are mistakes in the FIT backend, not in the workout.
    """
    profile = _main_fields(mesg_num)
    message: dict[str, Any] = {"mesg_num": mesg_num}
    for name, value in fields.items():
        field = profile.get(name)
        if field is None:
            raise ValueError(f"`{name}` is not a main field of FIT message {mesg_num} (the Encoder drops it)")
        message[name] = _checked_value(name, value, field)
    return message


@functools.cache
def _main_fields(mesg_num: int) -> dict[str, Mapping[str, Any]]:
    return {field["name"]: field for field in Profile["messages"][mesg_num]["fields"].values()}


@functools.cache
def _type_numbers(type_name: str) -> dict[str, int]:
    """The number of each value of a profile type, by its name (the first, as the Encoder's own search finds)."""
    numbers: dict[str, int] = {}
    for number, value in Profile["types"].get(type_name, {}).items():
        numbers.setdefault(value, number)
    return numbers


def _checked_value(name: str, value: Any, field: Mapping[str, Any]) -> Any:
    if field["base_type"] == "string":
        _check_string(name, value)
        return value
    if isinstance(value, str):
        number = _type_numbers(field["type"]).get(value)
        if number is None:
            raise ValueError(f"`{value}` is not a value of FIT type {field['type']} (field `{name}`)")
        return number
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = integer_range(field["base_type"])
        if not low <= value <= high:
            raise ValueError(f"`{name}` = {value} is outside {low}…{high} ({field['base_type']})")
        return value
    raise ValueError(f"`{name}` = {value!r}: expected an integer or a profile value")


def _check_string(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError(f"`{name}` must be a string")
    if "\x00" in value or len(value.encode("utf-8")) > MAX_STRING_BYTES:
        raise ValueError(f"`{name}` does not fit a FIT string field: {value[:40]!r}…")


@functools.cache
def integer_range(base_type: str) -> tuple[int, int]:
    """The values a FIT integer type stores; its invalid marker (all ones, or 0 for the z types) excluded."""
    definition = fit_types.BASE_TYPE_DEFINITIONS[fit_types.FIELD_TYPE_TO_BASE_TYPE[base_type]]
    bits = definition["size"] * 8
    if definition["signed"]:
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 2
    if base_type.endswith("z"):
        return 1, 2**bits - 1
    return 0, 2**bits - 2
