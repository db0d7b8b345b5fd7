"""One blueprint per Management API resource, nested under ``management.api.bp``."""
