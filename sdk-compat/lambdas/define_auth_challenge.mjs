// DefineAuthChallenge of AWS's one-time-code sample: (optionally) verify the password by SRP, then one
// custom challenge; three wrong answers fail the sign-in.
export const handler = async (event) => {
  const session = event.request.session;
  const last = session[session.length - 1];
  if (session.length === 1 && last.challengeName === 'SRP_A') {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (last && last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult === true) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  } else {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = 'CUSTOM_CHALLENGE';
  }
  return event;
};
