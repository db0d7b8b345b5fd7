/**
 * Travel0 credentials-exchange Action: machine-to-machine access tokens say which
 * application they were issued to and its tier (client_metadata.tier in tenant.yaml,
 * "standard" when unset), so the API can tell its callers apart.
 *
 * @param {Event} event - Details about the client credentials grant request.
 * @param {CredentialsExchangeAPI} api - Interface whose methods can be used to change the behavior of the exchange.
 */
exports.onExecuteCredentialsExchange = async (event, api) => {
  const namespace = event.secrets.CLAIM_NAMESPACE;
  const tier = (event.client.metadata && event.client.metadata.tier) || "standard";
  api.accessToken.setCustomClaim(`${namespace}client_name`, event.client.name);
  api.accessToken.setCustomClaim(`${namespace}tier`, tier);
};
