"""`python -m strides`."""

from strides.cli import run

run()
