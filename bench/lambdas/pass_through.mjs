// The cheapest possible trigger: answers the event unchanged. `cognito-load --op InitiateAuthTriggers`
// runs it as PreAuthentication, PreTokenGeneration and PostAuthentication, so the figure is the cost of
// three invocations of a warm local Node worker.
export const handler = async (event) => event;
