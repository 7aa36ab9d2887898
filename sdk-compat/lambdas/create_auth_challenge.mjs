// CreateAuthChallenge: a one-time code. A real one would email it; this one puts it where the test can
// read it (the user's custom:otp_hint attribute is not used: the code goes to a file named by OTP_FILE).
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export const handler = async (event) => {
  let code;
  const previous = event.request.session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE');
  if (previous.length === 0) {
    code = String(randomInt(100000, 1000000));
  } else {
    // Re-use the code of the previous round, recorded in challengeMetadata as AWS's sample does.
    code = previous[previous.length - 1].challengeMetadata.replace('CODE-', '');
  }
  if (process.env.OTP_FILE) writeFileSync(process.env.OTP_FILE, code);
  event.response.publicChallengeParameters = { email: event.request.userAttributes.email };
  event.response.privateChallengeParameters = { answer: code };
  event.response.challengeMetadata = `CODE-${code}`;
  return event;
};
