// PreTokenGeneration V2_0 as in AWS's documentation: a claim and a scope in the access token, a claim in
// the ID token, and one standard claim suppressed.
export const handler = async (event) => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'acme', favourite_colour: 'teal' },
        claimsToSuppress: ['phone_number'],
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'acme', permissions: ['orders:read', 'orders:write'] },
        scopesToAdd: ['orders/read'],
      },
    },
  };
  return event;
};
