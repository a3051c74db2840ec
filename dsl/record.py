"""The base of the syntax tree's and the model's frozen classes: one `__repr__`, `__eq__` and `__hash__` for
all of them.

attrs writes and compiles these methods for every class it makes, which is most of what importing the syntax
tree and the model costs at start-up; these read the fields instead and do the same thing. A class uses them
with `@attrs.frozen(repr=False, eq=False)`: equal when of the same class with equal fields (those of
`eq=False` left out), hashed on the same fields.

>>> import attrs
>>> @attrs.frozen(repr=False, eq=False)
... class Split(Record):
...     meters: float
...     seconds: float = attrs.field(default=0.0, repr=False)
...     where: str = attrs.field(default="", eq=False)
>>> Split(400.0, 88.0)
Split(meters=400.0, where='')
>>> Split(400.0, 88.0, "track") == Split(400.0, 88.0) and hash(Split(400.0, 88.0, "track")) == hash(Split(400.0, 88.0))
True
>>> Split(400.0) != Split(400.0, 88.0)
True
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

import attrs

_KEYS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


class Record:
    """Gives an attrs class the repr, equality and hash attrs would have written: `Name(field=value, …)`
    (fields with `repr=False` left out, a field's own repr function used where it has one); equal to an
    instance of the very same class whose compared fields are equal."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = []
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            shown.append(f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}")
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _KEYS.get(self.__class__) or _key(self.__class__)
        return key(self) == key(other)

    def __hash__(self) -> int:
        key = _KEYS.get(self.__class__) or _key(self.__class__)
        return hash((self.__class__, key(self)))


def _key(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values an instance of `cls` is compared and hashed on, as one tuple (a C getter: as fast as the
    method attrs would write)."""
    names = [field.name for field in attrs.fields(cls) if field.eq]
    key: Callable[[Any], tuple[Any, ...]]
    if len(names) > 1:
        key = attrgetter(*names)
    elif names:
        one = attrgetter(names[0])
        key = lambda record: (one(record),)  # noqa: E731
    else:
        key = lambda record: ()  # noqa: E731
    _KEYS[cls] = key
    return key
