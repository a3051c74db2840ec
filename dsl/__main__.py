"""`python -m strides`."""

from strides.cli.main import run

run()
