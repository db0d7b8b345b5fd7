"""`python -m scenarios` is the `cookbook` command."""

import sys

from scenarios.cli import main

sys.exit(main())
