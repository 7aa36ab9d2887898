// USER_SRP_AUTH with amazon-cognito-identity-js (issue 5): CognitoUser.authenticateUser against a
// CognitoUserPool whose `endpoint` is the emulator; right and wrong password, NEW_PASSWORD_REQUIRED after
// AdminCreateUser, and a refresh through getSession/refreshSession.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import cognito from 'amazon-cognito-identity-js';
import { startEmulator, idpClient, unique } from './helpers.mjs';

const { CognitoUserPool, CognitoUser, AuthenticationDetails, CognitoUserAttribute } = cognito;
const PASSWORD = 'Correct-Horse-9';

let emu;
let idp;
let pool;
before(async () => {
  emu = await startEmulator();
  idp = idpClient(emu);
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: unique('srp'), AutoVerifiedAttributes: ['email'] }));
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  pool = { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
});
after(() => emu.stop());

async function confirmedUser(username = unique('srpuser')) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: 'SUPPRESS' }));
  await idp.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  return username;
}

function userPool() {
  return new CognitoUserPool({ UserPoolId: pool.poolId, ClientId: pool.clientId, endpoint: emu.url });
}

/** authenticateUser as a promise: resolves { session } or { newPasswordRequired, user }, rejects with the error. */
function authenticate(user, username, password) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ session }),
      onFailure: reject,
      newPasswordRequired: (userAttributes, requiredAttributes) =>
        resolve({ newPasswordRequired: true, userAttributes, requiredAttributes }),
    });
  });
}

test('authenticateUser (USER_SRP_AUTH) with the right password returns a valid session', async () => {
  const username = await confirmedUser();
  const user = new CognitoUser({ Username: username, Pool: userPool() });
  assert.equal(user.getAuthenticationFlowType(), 'USER_SRP_AUTH');
  const { session } = await authenticate(user, username, PASSWORD);
  assert.ok(session.isValid());
  const id = session.getIdToken().decodePayload();
  assert.equal(id['cognito:username'], username);
  assert.equal(id.aud, pool.clientId);
  assert.equal(id.token_use, 'id');
  const access = session.getAccessToken().decodePayload();
  assert.equal(access.client_id, pool.clientId);
  assert.equal(access.username, username);
  assert.ok(session.getRefreshToken().getToken());

  // The library's own GetUser call with the session it keeps.
  const attributes = await new Promise((resolve, reject) =>
    user.getUserAttributes((err, attrs) => (err ? reject(err) : resolve(attrs))),
  );
  assert.ok(attributes.some((a) => a.getName() === 'sub'));

  // And a refresh with the refresh token.
  const refreshed = await new Promise((resolve, reject) =>
    user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
  );
  assert.equal(refreshed.getIdToken().decodePayload()['cognito:username'], username);
});

test('authenticateUser with a wrong password fails with NotAuthorizedException', async () => {
  const username = await confirmedUser();
  const user = new CognitoUser({ Username: username, Pool: userPool() });
  await assert.rejects(authenticate(user, username, 'Wrong-Password-1'), (err) => {
    assert.equal(err.code ?? err.name, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
    return true;
  });
});

test('authenticateUser for an unknown user fails', async () => {
  const user = new CognitoUser({ Username: 'nobody-at-all', Pool: userPool() });
  await assert.rejects(authenticate(user, 'nobody-at-all', PASSWORD), (err) => {
    assert.ok(['UserNotFoundException', 'NotAuthorizedException'].includes(err.code ?? err.name), String(err.code));
    return true;
  });
});

test('authenticateUser after AdminCreateUser asks for a new password, completeNewPasswordChallenge signs in', async () => {
  const username = unique('srpnew');
  const temporary = 'Temp-Pass-123';
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: username,
      TemporaryPassword: temporary,
      MessageAction: 'SUPPRESS',
    }),
  );
  const user = new CognitoUser({ Username: username, Pool: userPool() });
  const challenge = await authenticate(user, username, temporary);
  assert.equal(challenge.newPasswordRequired, true);
  const session = await new Promise((resolve, reject) =>
    user.completeNewPasswordChallenge('Final-Pass-456', {}, { onSuccess: resolve, onFailure: reject }),
  );
  assert.equal(session.getIdToken().decodePayload()['cognito:username'], username);
  const { UserStatus } = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
  assert.equal(UserStatus, 'CONFIRMED');
  const again = await authenticate(new CognitoUser({ Username: username, Pool: userPool() }), username, 'Final-Pass-456');
  assert.ok(again.session.isValid());
});

test('CognitoUserPool.signUp, confirmRegistration with the outbox code, then USER_PASSWORD_AUTH sign-in', async () => {
  const username = unique('srpsu');
  const p = userPool();
  const signed = await new Promise((resolve, reject) =>
    p.signUp(username, PASSWORD, [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` })], null,
      (err, r) => (err ? reject(err) : resolve(r))),
  );
  assert.equal(signed.userConfirmed, false);
  const [message] = (await emu.messages({ userPoolId: pool.poolId, username })).slice(-1);
  await new Promise((resolve, reject) =>
    signed.user.confirmRegistration(message.code, true, (err, r) => (err ? reject(err) : resolve(r))),
  );
  const user = new CognitoUser({ Username: username, Pool: userPool() });
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  const { session } = await authenticate(user, username, PASSWORD);
  assert.equal(session.getIdToken().decodePayload().email_verified, true);
  await assert.rejects(authenticate(new CognitoUser({ Username: username, Pool: userPool() }), username, 'Nope-Nope-1'));
});
