/**
 * Travel0 credentials-exchange Action: machine-to-machine access tokens say which
 * application they were issued to and its tier (client_metadata.tier in tenant.yaml,
 * "standard" when unset), so the API can tell its callers apart. A token asked for an
 * organization (Organizations for M2M: the `organization` parameter) also carries that
 * organization's partner tier, the same claim an agent's token has.
 *
 * @param {Event} event - Details about the client credentials grant request.
 * @param {CredentialsExchangeAPI} api - Interface whose methods can be used to change the behavior of the exchange.
 */
exports.onExecuteCredentialsExchange = async (event, api) => {
  const namespace = event.secrets.CLAIM_NAMESPACE;
  const tier = (event.client.metadata && event.client.metadata.tier) || "standard";
  api.accessToken.setCustomClaim(`${namespace}client_name`, event.client.name);
  api.accessToken.setCustomClaim(`${namespace}tier`, tier);
  const orgTier = event.organization && event.organization.metadata && event.organization.metadata.tier;
  if (orgTier) {
    api.accessToken.setCustomClaim(`${namespace}org_tier`, orgTier);
  }
};
