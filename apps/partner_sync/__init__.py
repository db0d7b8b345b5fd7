"""Sunrise Travel's booking integration: a partner's back end that books through the Travel0
API as its agency, without a person logging in (Organizations for machine-to-machine access).

It asks the tenant for a client-credentials token *for its organization* (auth0-python's
``GetToken.client_credentials(audience, organization=...)``), so the token carries that
agency's ``org_id``, then calls ``/api/orgs/<org_id>/bookings`` like the agency's agents do.
The client grant requires an organization and is associated with ``sunrise-travel`` only:
asking for another agency is refused by the tenant, and a token of one agency is refused on
another agency's URL by the API.

    AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... python -m apps.partner_sync \\
        --domain travel0-dev.us.auth0.com --api https://api.travel0.example \\
        --organization sunrise-travel --destination Lisbon --travellers 2

Against ``make up`` every option has a default (the local tenant, API and the demo tenant's
``Sunrise Booking Sync`` credentials, read from the mock's ``/_cookbook/clients``).
"""

from .sync import BookingSync, SyncError, main

__all__ = ["BookingSync", "SyncError", "main"]
