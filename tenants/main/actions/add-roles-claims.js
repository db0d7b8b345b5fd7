/**
 * Travel0 post-login Action: the user's roles and the permissions they grant, as
 * namespaced custom claims in the ID token and the access token.
 *
 * event.authorization carries role names only, so the permissions of each role on the
 * Travel0 API are listed below; a unit test (tests/unit/actions) fails when this list
 * and the roles in tenant.yaml drift apart. The namespace is the CLAIM_NAMESPACE secret.
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
const ROLE_PERMISSIONS = {
  customer: ["read:orders", "create:orders"],
  support: ["read:orders", "read:reports"],
  // Organization roles (in an organization login, event.authorization.roles holds these).
  "org-admin": ["read:bookings", "create:bookings", "delete:bookings", "manage:agency"],
  "org-member": ["read:bookings", "create:bookings"],
};

exports.onExecutePostLogin = async (event, api) => {
  const namespace = event.secrets.CLAIM_NAMESPACE;
  const roles = (event.authorization && event.authorization.roles) || [];
  const granted = roles.flatMap((role) => ROLE_PERMISSIONS[role] || []);
  const permissions = [...new Set(granted)].sort();
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${namespace}roles`, roles);
    token.setCustomClaim(`${namespace}permissions`, permissions);
  }
};
