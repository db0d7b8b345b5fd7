"""The tenant's HTTP surface, one blueprint per feature."""
