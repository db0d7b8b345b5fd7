"""Organizations' client grants in `cookbook tenant deploy` (Organizations for M2M access).

The files name them as auth0-deploy-cli does, by client name
(``organizations[].client_grants: [{client_id: <client name>}]``), which stands for that
client's one client grant. Within an organization of the files the files own the list:
missing associations are added, others removed where deletions are allowed. A deployer
without ``read:organization_client_grants`` leaves them alone.
"""

from __future__ import annotations

from scenarios.management import Management, ManagementError


def read_org_client_grants(mgmt: Management, org_id: str, names: dict[str, str]) -> list | None:
    """Client names of the grants associated with the organization; None when not readable."""
    try:
        grants = mgmt.all(f"/organizations/{org_id}/client-grants", "client_grants")
    except ManagementError as exc:
        if ": 403 " not in str(exc):
            raise
        return None
    return sorted(names.get(g["client_id"], g["client_id"]) for g in grants)


def wanted_org_client_grants(org: dict) -> list[str]:
    return sorted(item["client_id"] for item in org.get("client_grants") or [])


def plan_org_client_grants(org: str, wanted: list[str], held: list[str] | None,
                           existing: dict | None, change_type) -> list:
    """Add what the files list; one deletion per association the files do not have."""
    if held is None:
        return []
    missing = [name for name in wanted if name not in held]
    changes = ([change_type("update", "org_client_grants", org, {"add": missing}, existing)]
               if missing else [])
    return changes + [change_type("delete", "org_client_grant", f"{org}/{name}",
                                  remote={"organization": existing, "client": name})
                      for name in held if name not in wanted]


def apply_org_client_grants(change, mgmt: Management, ids: dict) -> None:
    org_id = (change.remote or mgmt.call("GET", f"/organizations/name/{change.name}"))["id"]
    for client in change.payload["add"]:
        mgmt.call("POST", f"/organizations/{org_id}/client-grants",
                  json={"grant_id": _grant_id(mgmt, change.name, client)})


def apply_org_client_grant_removal(change, mgmt: Management, ids: dict) -> None:
    org = change.remote["organization"]
    grant_id = _grant_id(mgmt, org["name"], change.remote["client"])
    mgmt.call("DELETE", f"/organizations/{org['id']}/client-grants/{grant_id}")


def _grant_id(mgmt: Management, org: str, client_name: str) -> str:
    """The client's one grant, as auth0-deploy-cli resolves a client name."""
    client = next((c for c in mgmt.all("/clients", "clients") if c["name"] == client_name), None)
    grants = [g for g in mgmt.all("/client-grants", "client_grants")
              if client is not None and g["client_id"] == client["client_id"]]
    if len(grants) != 1:
        raise ManagementError(f"organization {org}: {client_name!r} must have exactly one "
                              f"client grant on the tenant (it has {len(grants)})")
    return grants[0]["id"]
