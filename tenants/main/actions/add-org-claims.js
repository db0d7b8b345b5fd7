/**
 * Travel0 Partners post-login Action: in an organization login, the member's organization
 * roles and the organization's tier (from its metadata) as namespaced claims in the ID
 * token and the access token. Logins without an organization get neither claim.
 *
 * Auth0 itself adds org_id (and org_name when the tenant allows names); apps must still
 * check org_id against the organization they asked for.
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  if (!event.organization) {
    return;
  }
  const namespace = event.secrets.CLAIM_NAMESPACE;
  const roles = (event.authorization && event.authorization.roles) || [];
  const metadata = event.organization.metadata || {};
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${namespace}org_roles`, roles);
    token.setCustomClaim(`${namespace}org_display_name`, event.organization.display_name);
    if (metadata.tier) {
      token.setCustomClaim(`${namespace}org_tier`, metadata.tier);
    }
  }
};
