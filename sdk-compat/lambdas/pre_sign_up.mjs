// PreSignUp in the style of AWS's documentation sample: auto-confirm (and auto-verify the email of) users
// whose address is on the company's domain; refuse sign-ups from a blocked domain.
export const handler = async (event) => {
  const email = event.request.userAttributes.email ?? '';
  if (email.endsWith('@blocked.example')) {
    throw new Error('Sign-ups from this domain are not allowed');
  }
  if (email.endsWith('@example.com')) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
