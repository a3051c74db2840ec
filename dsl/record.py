"""The base of the syntax tree's and the model's frozen classes: one `__repr__` for all of them.

attrs writes and compiles a `__repr__` for every class it makes, which is a good part of what importing the
syntax tree and the model costs at start-up; this one reads the fields instead and prints the same thing.

>>> import attrs
>>> @attrs.frozen(repr=False)
... class Split(Record):
...     meters: float
...     seconds: float = attrs.field(default=0.0, repr=False)
>>> Split(400.0, 88.0)
Split(meters=400.0)
"""

from __future__ import annotations

import attrs


class Record:
    """Gives an attrs class the repr attrs would have written: `Name(field=value, …)`, fields with
    `repr=False` left out, a field's own repr function used where it has one."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = []
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            shown.append(f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}")
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({', '.join(shown)})"
