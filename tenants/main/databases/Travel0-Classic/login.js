/**
 * Travel0-Classic: the Login script of an automatic ("trickle") migration.
 *
 * Auth0 runs it when someone logs in with an email this connection does not hold yet. It asks
 * Travel0 Classic (apps/legacy) whether the password is right; on success Auth0 creates the
 * user in this connection with a hash of the password just typed, and from then on logs them
 * in itself: this script never runs for them again.
 *
 * configuration (tenant.yaml, values from tenants/env/<env>.json):
 *   LEGACY_API_URL     where Travel0 Classic's API is, e.g. https://classic.travel0.example
 *   LEGACY_API_SECRET  the shared secret its API wants as a bearer token
 *   LEGACY_AGENCY      (optional) a partner agency: the connection migrates that agency's
 *                      agents (Coral-Cruises-Classic) instead of the consumers
 * The API also only answers calls from the tenant's outbound addresses (docs/migration.md).
 *
 * The mapping to Auth0's profile is the same in get_user.js and apps/legacy/export.py (the
 * bulk path): a member gets the same user_id and fields whichever way they arrive.
 */
async function login(email, password, callback) {
  function toAuth0Profile(member) {
    const name = member.display_name ||
      [member.first_name, member.last_name].filter(Boolean).join(" ") || member.email;
    return {
      user_id: `classic-${member.id}`,
      email: member.email,
      email_verified: member.email_confirmed === true,
      given_name: member.first_name || undefined,
      family_name: member.last_name || undefined,
      name,
      user_metadata: {
        marketing_consent: member.newsletter === true,
        preferred_language: member.language || undefined,
      },
      app_metadata: {
        migrated_from: "travel0-classic",
        classic_member_since: member.member_since || undefined,
        loyalty_points: member.loyalty_points || 0,
        classic_agency: member.agency || undefined,
      },
    };
  }

  let response;
  try {
    response = await fetch(`${configuration.LEGACY_API_URL}/api/users/verify`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${configuration.LEGACY_API_SECRET}`,
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify({ email, password, agency: configuration.LEGACY_AGENCY || undefined }),
    });
  } catch (error) {
    return callback(new Error(`Travel0 Classic could not be reached: ${error.message}`));
  }
  if (response.status === 401) {
    const answer = await response.json().catch(() => ({}));
    if (answer.error === "invalid_credentials") {
      return callback(new WrongUsernameOrPasswordError(email, "Wrong email or password."));
    }
    return callback(new Error("Travel0 Classic refused the tenant's credentials " +
                              "(check LEGACY_API_SECRET)"));
  }
  if (!response.ok) {
    return callback(new Error(`Travel0 Classic answered ${response.status} to the login check`));
  }
  return callback(null, toAuth0Profile(await response.json()));
}
