/**
 * Travel0-Classic: the Get User script of an automatic migration.
 *
 * Auth0 runs it for an email this connection does not hold yet when it must know whether the
 * person exists in the legacy store: on sign-up (so nobody opens a second account with a
 * Classic member's address) and on password reset (so a Classic member who forgot their
 * password can set a new one here). callback(null) means "no such member".
 * Same configuration (LEGACY_AGENCY too) and profile mapping as login.js.
 */
async function getByEmail(email, callback) {
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
    const agency = configuration.LEGACY_AGENCY ?
      `&agency=${encodeURIComponent(configuration.LEGACY_AGENCY)}` : "";
    const url = `${configuration.LEGACY_API_URL}/api/users/by-email?email=` +
      encodeURIComponent(email) + agency;
    response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${configuration.LEGACY_API_SECRET}`,
        Accept: "application/json",
      },
    });
  } catch (error) {
    return callback(new Error(`Travel0 Classic could not be reached: ${error.message}`));
  }
  if (response.status === 404) {
    return callback(null);
  }
  if (!response.ok) {
    return callback(new Error(`Travel0 Classic answered ${response.status} to the user lookup`));
  }
  return callback(null, toAuth0Profile(await response.json()));
}
