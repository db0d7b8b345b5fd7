"""``/api/v2/anomaly/blocks/ips/{ip}``: check and lift suspicious-IP throttling of an address.

``GET`` answers 200 while the IP is throttled and 404 otherwise; ``DELETE`` (204) refills
its buckets, so attempts from it are accepted again at once.
"""

from __future__ import annotations

import ipaddress

from flask import Blueprint, current_app

from ...db import get_db
from ...protection import throttling
from ..auth import requires
from ..errors import ApiError
from .common import no_content

bp = Blueprint("anomaly", __name__)


def _ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ApiError(400, f"Path validation error: 'Object didn't pass validation for format "
                       f"ipv4 or ipv6: {value[:64]}' on property id (IP address to check).",
                       "invalid_uri") from None


@bp.get("/anomaly/blocks/ips/<path:ip>")
@requires("read:anomaly_blocks")
def check_ip(ip: str):
    settings = current_app.extensions["mock_idp.protection"].throttling
    address = _ip(ip)
    stages = (throttling.LOGIN, throttling.SIGNUP)
    if any(throttling.is_throttled(get_db(), settings, address, stage) for stage in stages):
        return "", 200
    raise ApiError(404, "IP address specified is not currently blocked.")


@bp.delete("/anomaly/blocks/ips/<path:ip>")
@requires("delete:anomaly_blocks")
def unblock_ip(ip: str):
    throttling.clear(get_db(), _ip(ip))
    return no_content()
