"""The Management API v2 of a mock tenant (``/api/v2/*``)."""
