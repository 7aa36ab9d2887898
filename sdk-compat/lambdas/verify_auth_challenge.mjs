// VerifyAuthChallengeResponse: the answer must equal the private code.
export const handler = async (event) => {
  event.response.answerCorrect = event.request.privateChallengeParameters.answer === event.request.challengeAnswer;
  return event;
};
