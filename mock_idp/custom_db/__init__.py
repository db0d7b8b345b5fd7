"""Custom database connections: Auth0's database action scripts run by the mock tenant.

A database connection with ``enabledDatabaseCustomization`` and ``import_mode`` on migrates
users from a legacy store as they log in ("trickle" or automatic migration): the connection's
``login`` script (JavaScript from the tenant files, run in the embedded V8 with ``fetch``
bridged to real HTTP) checks the password against the legacy store, and the user is then
created in the tenant with a bcrypt hash of the password just typed; ``get_user`` answers
whether an address is taken in the legacy store (sign-up, password reset).

Modules: ``migration`` (what the login and sign-up code paths call), ``runner`` (one script
run: V8 context, time limit, the fetch loop), ``http`` (the real requests), ``js_runtime``
(the script globals), ``tenant_files`` (``customScripts`` in tenant.yaml). Nothing is imported
here, so the tenant loader and the login code can each import the part they need.
"""
