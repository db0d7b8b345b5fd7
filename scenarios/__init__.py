"""The scenario catalog and the `cookbook` command (up, compose, scenarios)."""
