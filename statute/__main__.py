"""``python -m statute`` runs the command line."""

import sys

from statute.cli import main

sys.exit(main())
