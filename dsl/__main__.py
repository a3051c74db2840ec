"""`python -m strides`."""

import sys

from strides.cli import main

sys.exit(main())
