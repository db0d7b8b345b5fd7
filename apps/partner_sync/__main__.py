"""``python -m apps.partner_sync``: book one trip as the partner integration, then list."""

import sys

from . import main

sys.exit(main(sys.argv[1:]))
