// PostAuthentication, CommonJS with a callback, as older AWS samples are written: logs the sign-in and
// appends the user to a file the test reads (SIGNIN_LOG).
const fs = require('node:fs');

exports.handler = (event, context, callback) => {
  console.log(`User ${event.userName} signed in to ${event.userPoolId} (request ${context.awsRequestId})`);
  if (process.env.SIGNIN_LOG) {
    fs.appendFileSync(process.env.SIGNIN_LOG, `${event.triggerSource} ${event.userName} ${context.functionName}\n`);
  }
  callback(null, event);
};
