"""`python -m generator.bench`: see measure.py."""

import sys

from .measure import main

sys.exit(main())
