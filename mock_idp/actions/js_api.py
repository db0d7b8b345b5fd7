"""The ``api`` object of each trigger, as JavaScript that records every call.

Nothing here changes the login directly: each method appends ``[operation, ...args]``
to the execution's record, and Python applies the record after the Action returns, the
way Auth0 applies an Action's requests after it completes.
"""

API_JS = r"""
Object.defineProperty(globalThis, "__api", { writable: false, configurable: false, value: (function () {
  "use strict";

  function memoryCache() {
    const records = new Map();
    return {
      get: (key) => records.get(String(key)),
      set: (key, value, options) => {
        const ttl = (options && options.ttl) || 15 * 60 * 1000;
        records.set(String(key), { value: String(value), expires_at: Date.now() + ttl });
        return { type: "success" };
      },
      delete: (key) => { records.delete(String(key)); return { type: "success" }; },
    };
  }

  function unsupported(prefix, names) {
    const out = {};
    for (const name of names) {
      out[name] = () => { throw new Error(`${prefix}.${name} is not supported by the mock tenant`); };
    }
    return out;
  }

  function builder(api, record) {
    return (op, shape) => (...args) => { record(op, ...(shape ? shape(...args) : args)); return api; };
  }
  const claim = (name, value) => [String(name), value];
  const key = (name, value) => [String(name), value];

  function encodeToken(input, options) {
    if (!options || !options.secret) throw new Error("api.redirect.encodeToken needs a secret");
    const now = input.nowSeconds;
    const redirect = input.redirect || {};
    const claims = { iat: now, exp: now + (options.expiresInSeconds || 900), iss: redirect.issuer,
                     sub: redirect.userId, ip: redirect.ip, state: redirect.state };
    return __crypto.sign(Object.assign(claims, options.payload || {}), String(options.secret));
  }

  function validateToken(input, options) {
    if (!options || !options.secret) throw new Error("api.redirect.validateToken needs a secret");
    const name = options.tokenParameterName || "session_token";
    const request = input.event.request || {};
    const token = (request.query || {})[name] || (request.body || {})[name];
    if (!token) throw new Error(`The /continue request has no ${name} parameter`);
    const payload = __crypto.verify(token, String(options.secret));
    if (typeof payload.exp === "number" && payload.exp < input.nowSeconds) {
      throw new Error("Invalid token: expired");
    }
    const redirect = input.redirect || {};
    if (payload.state !== (redirect.continued || redirect.state)) {
      throw new Error("Invalid token: its state does not belong to this login");
    }
    return payload;
  }

  function postLogin(input, record) {
    const api = {};
    const call = builder(api, record);
    api.access = { deny: call("access.deny", (reason) => [String(reason)]) };
    api.idToken = { setCustomClaim: call("idToken.setCustomClaim", claim) };
    api.accessToken = {
      setCustomClaim: call("accessToken.setCustomClaim", claim),
      addScope: call("accessToken.addScope", (scope) => [String(scope)]),
      removeScope: call("accessToken.removeScope", (scope) => [String(scope)]),
    };
    api.user = {
      setUserMetadata: call("user.setUserMetadata", key),
      setAppMetadata: call("user.setAppMetadata", key),
    };
    api.multifactor = { enable: call("multifactor.enable", (provider, options) => [String(provider), options || {}]) };
    api.redirect = {
      canRedirect: () => Boolean((input.redirect || {}).allowed),
      sendUserTo: call("redirect.sendUserTo", (url, options) => [String(url), (options && options.query) || {}]),
      encodeToken: (options) => encodeToken(input, options),
      validateToken: (options) => validateToken(input, options),
    };
    api.authentication = unsupported("api.authentication",
      ["challengeWith", "challengeWithAny", "enrollWith", "enrollWithAny", "recordMethod", "setPrimaryUser"]);
    api.cache = memoryCache();
    return api;
  }

  function credentialsExchange(input, record) {
    const api = {};
    const call = builder(api, record);
    api.access = { deny: call("access.deny", (code, reason) => [String(code), reason === undefined ? null : String(reason)]) };
    api.accessToken = { setCustomClaim: call("accessToken.setCustomClaim", claim) };
    api.cache = memoryCache();
    return api;
  }

  function preUserRegistration(input, record) {
    const api = {};
    const call = builder(api, record);
    api.access = { deny: call("access.deny", (reason, message) => [String(reason), message === undefined ? null : String(message)]) };
    api.user = {
      setUserMetadata: call("user.setUserMetadata", key),
      setAppMetadata: call("user.setAppMetadata", key),
    };
    api.cache = memoryCache();
    return api;
  }

  const cacheOnly = () => ({ cache: memoryCache() });

  return Object.freeze({
    "post-login": postLogin,
    "credentials-exchange": credentialsExchange,
    "pre-user-registration": preUserRegistration,
    "post-user-registration": cacheOnly,
    "post-change-password": cacheOnly,
  });
})() });
"""
