"""Tenant as code: load, validate and deploy ``tenants/<name>/`` into a mock tenant."""

from .errors import TenantFileError
from .loader import TenantSpec, load_tenant

__all__ = ["TenantFileError", "TenantSpec", "load_tenant"]
