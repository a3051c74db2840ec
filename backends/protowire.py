"""The protobuf wire format, as much of it as a WorkoutKit file uses: varints, doubles and length-delimited
fields, written and read without a protobuf runtime or a schema.

Writing: each function returns one field's bytes; a message is the concatenation of its fields, written in
ascending field order (as Apple's serialiser does), so the same values always give the same bytes.

Reading: `parse` splits a message into its fields and `Message` hands them out by number and type. Whatever
the bytes, reading ends in a value or a `WireError`: lengths are checked against the data, never trusted.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import NamedTuple

VARINT, I64, LEN, I32 = 0, 1, 2, 5
MAX_VARINT_BYTES = 10  # 64 bits at 7 a byte
MAX_FIELD = 2**29 - 1


class WireError(ValueError):
    """Bytes that are not a protobuf message of the expected shape."""


# --- writing ----------------------------------------------------------------------------------------------


def varint(number: int) -> bytes:
    """An unsigned integer, 7 bits a byte, least significant first."""
    if number < 0:
        raise ValueError(f"a varint holds no negative number: {number}")
    out = bytearray()
    while number > 0x7F:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return varint(field << 3 | wire)


def uint(field: int, number: int) -> bytes:
    """An unsigned integer or enum field."""
    return _key(field, VARINT) + varint(number)


def double(field: int, number: float) -> bytes:
    """A 64-bit float field, little-endian."""
    return _key(field, I64) + struct.pack("<d", number)


def length_delimited(field: int, body: bytes) -> bytes:
    """A nested message or raw bytes."""
    return _key(field, LEN) + varint(len(body)) + body


def string(field: int, text: str) -> bytes:
    """A UTF-8 string field."""
    return length_delimited(field, text.encode("utf-8"))


# --- reading ----------------------------------------------------------------------------------------------


class Field(NamedTuple):
    number: int
    wire: int
    value: int | float | bytes  # a varint, a double or fixed32 as its integer, or the bytes of a LEN field


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint starting at `at`, and where the next thing starts."""
    number, shift = 0, 0
    for index in range(at, min(at + MAX_VARINT_BYTES, len(data))):
        byte = data[index]
        number |= (byte & 0x7F) << shift
        if byte < 0x80:
            return number, index + 1
        shift += 7
    raise WireError(f"a number at byte {at} runs past the end" if len(data) - at < MAX_VARINT_BYTES
                    else f"a number at byte {at} is longer than 64 bits")


def fields(data: bytes) -> Iterator[Field]:
    """The fields of one message, in the order they were written."""
    at = 0
    while at < len(data):
        key, at = read_varint(data, at)
        number, wire = key >> 3, key & 7
        if not 1 <= number <= MAX_FIELD:
            raise WireError(f"field number {number} at byte {at} is out of range")
        value: int | float | bytes
        if wire == VARINT:
            value, at = read_varint(data, at)
        elif wire == I64:
            value, at = struct.unpack("<d", _take(data, at, 8))[0], at + 8
        elif wire == I32:
            value, at = int.from_bytes(_take(data, at, 4), "little"), at + 4
        elif wire == LEN:
            size, at = read_varint(data, at)
            value, at = _take(data, at, size), at + size
        else:
            raise WireError(f"field {number} has wire type {wire}, which this format never uses")
        yield Field(number, wire, value)


def _take(data: bytes, at: int, size: int) -> bytes:
    if at + size > len(data):
        raise WireError(f"a field at byte {at} needs {size} bytes; {len(data) - at} are left")
    return data[at:at + size]


class Message:
    """One message's fields by number; the getters check the wire type each field was meant to have."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        self._fields: dict[int, list[Field]] = {}
        for field in fields(data):
            self._fields.setdefault(field.number, []).append(field)

    def __contains__(self, number: int) -> bool:
        return number in self._fields

    def uint(self, number: int, default: int | None = None) -> int:
        """A varint field (the last one written wins, as in protobuf); `default` when it is absent."""
        value = self._last(number, VARINT, default)
        if not isinstance(value, int):
            raise WireError(f"{self.name}: field {number} is not a number")
        return value

    def double(self, number: int, default: float | None = None) -> float:
        value = self._last(number, I64, default)
        if not isinstance(value, float):
            raise WireError(f"{self.name}: field {number} is not a decimal number")
        return value

    def string(self, number: int) -> str | None:
        """A UTF-8 text field, or None when it is absent."""
        found = self._fields.get(number)
        if not found:
            return None
        try:
            return self._bytes(found[-1]).decode("utf-8")
        except UnicodeDecodeError:
            raise WireError(f"{self.name}: field {number} is not UTF-8 text") from None

    def message(self, number: int, name: str) -> Message | None:
        """The nested message in field `number`, or None when it is absent."""
        found = self.messages(number, name)
        return found[-1] if found else None

    def required(self, number: int, name: str) -> Message:
        """The nested message in field `number`, named `the {name}`; a `WireError` naming it when it is absent."""
        found = self.message(number, f"the {name}")
        if found is None:
            raise WireError(f"{self.name} has no {name}")
        return found

    def messages(self, number: int, name: str) -> list[Message]:
        """Every nested message in a repeated field, in order."""
        return [Message(self._bytes(field), name) for field in self._fields.get(number, [])]

    def _last(self, number: int, wire: int, default: int | float | None) -> int | float | bytes:
        found = self._fields.get(number)
        if not found:
            if default is None:
                raise WireError(f"{self.name} has no field {number}")
            return default
        if found[-1].wire != wire:
            raise WireError(f"{self.name}: field {number} has wire type {found[-1].wire}, not {wire}")
        return found[-1].value

    def _bytes(self, field: Field) -> bytes:
        if not isinstance(field.value, bytes):
            raise WireError(f"{self.name}: field {field.number} has wire type {field.wire}, not {LEN}")
        return field.value
