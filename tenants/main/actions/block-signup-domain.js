/**
 * Travel0 pre-user-registration Action: no sign-ups from the email domain that this
 * environment blocks (the BLOCKED_EMAIL_DOMAIN secret, set from the
 * BLOCKED_SIGNUP_DOMAIN keyword of tenants/env/<env>.json). Subdomains are blocked too.
 *
 * @param {Event} event - Details about the user and the context in which they are signing up.
 * @param {PreUserRegistrationAPI} api - Interface whose methods can be used to change the behavior of the sign-up.
 */
exports.onExecutePreUserRegistration = async (event, api) => {
  const blocked = (event.secrets.BLOCKED_EMAIL_DOMAIN || "").trim().toLowerCase();
  const domain = (event.user.email || "").split("@").pop().toLowerCase();
  if (blocked && (domain === blocked || domain.endsWith(`.${blocked}`))) {
    console.log(`refused a sign-up from ${domain}`);
    api.access.deny(`Sign-up from the blocked domain ${domain}`,
                    "Sign-ups with this email domain are not allowed.");
  }
};
