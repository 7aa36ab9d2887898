// Sign-up to sign-out through the JS SDK v3 (issue 4), and the tokens verified with aws-jwt-verify
// (CognitoJwtVerifier with the emulator's JWKS cached, default issuer mode) and, against a second emulator in
// `--issuer-mode local`, by discovery: jose's createRemoteJWKSet and aws-jwt-verify's generic JwtVerifier with
// the issuer and jwks_uri of the openid-configuration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  GetUserCommand,
  RevokeTokenCommand,
  GlobalSignOutCommand,
  ForgotPasswordCommand,
  ConfirmForgotPasswordCommand,
  NotAuthorizedException,
  UserNotConfirmedException,
  CodeMismatchException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { createRemoteJWKSet, jwtVerify, decodeJwt, errors as joseErrors } from 'jose';
import { startEmulator, idpClient, unique } from './helpers.mjs';

const PASSWORD = 'Correct-Horse-9';

let emu;
let client;
before(async () => {
  emu = await startEmulator();
  client = idpClient(emu);
});
after(() => emu.stop());

/** A JWKS cache that never goes to the network: a verifier must find its keys in what the test cached. */
function offlineJwksCache() {
  return new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        throw new Error(`offline test: refusing to fetch ${uri}`);
      },
    },
  });
}

/** A JWKS cache whose fetcher is Node's fetch (aws-jwt-verify's own only speaks https). */
function httpJwksCache() {
  return new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        const r = await fetch(uri);
        if (r.status !== 200) throw new Error(`${uri}: ${r.status}`);
        return r.arrayBuffer();
      },
    },
  });
}

async function makePool(c = client) {
  const { UserPool } = await c.send(
    new CreateUserPoolCommand({
      PoolName: unique('jse2e'),
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
    }),
  );
  const { UserPoolClient } = await c.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
    }),
  );
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}

async function signUpAndConfirm(e, c, { poolId, clientId }) {
  const username = unique('jsuser');
  await c.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  const [message] = (await e.messages({ userPoolId: poolId, username })).slice(-1);
  await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: message.code }));
  return username;
}

async function signIn(c, clientId, username, password = PASSWORD) {
  const { AuthenticationResult } = await c.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  return AuthenticationResult;
}

function withPayload(token, changes) {
  const [h, p, s] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), ...changes };
  return [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
}

test('sign up, confirm with the outbox code, sign in, refresh, revoke, global sign-out', async () => {
  const { poolId, clientId } = await makePool();
  const username = unique('jsuser');
  const signed = await client.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  assert.equal(signed.UserConfirmed, false);
  assert.equal(signed.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  await assert.rejects(signIn(client, clientId, username), UserNotConfirmedException);

  const messages = await emu.messages({ userPoolId: poolId, username });
  assert.equal(messages.length, 1);
  assert.equal(messages[0].trigger, 'SignUp');
  assert.equal(messages[0].destination, `${username}@example.com`);
  const code = messages[0].code;
  await assert.rejects(
    client.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code === '000000' ? '111111' : '000000' }),
    ),
    CodeMismatchException,
  );
  await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }));

  const tokens = await signIn(client, clientId, username);
  assert.equal(tokens.TokenType, 'Bearer');
  assert.equal(tokens.ExpiresIn, 3600);
  const me = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(me.Username, username);
  assert.equal(me.UserAttributes.find((a) => a.Name === 'sub').Value, signed.UserSub);

  const { AuthenticationResult: refreshed } = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    }),
  );
  assert.ok(refreshed.AccessToken && refreshed.IdToken);
  assert.equal(refreshed.RefreshToken, undefined);

  await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken }));
  await assert.rejects(
    client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    ),
    (err) => err instanceof NotAuthorizedException && err.message === 'Refresh Token has been revoked',
  );
  await assert.rejects(client.send(new GetUserCommand({ AccessToken: refreshed.AccessToken })), NotAuthorizedException);

  const again = await signIn(client, clientId, username);
  await client.send(new GlobalSignOutCommand({ AccessToken: again.AccessToken }));
  await assert.rejects(
    client.send(new GetUserCommand({ AccessToken: again.AccessToken })),
    (err) => err instanceof NotAuthorizedException && err.message === 'Access Token has been revoked',
  );
});

test('forgot password, confirm with the outbox code, sign in with the new password', async () => {
  const pool = await makePool();
  const username = await signUpAndConfirm(emu, client, pool);
  const { CodeDeliveryDetails } = await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: username }));
  assert.equal(CodeDeliveryDetails.AttributeName, 'email');
  const [message] = (await emu.messages({ userPoolId: pool.poolId, username })).slice(-1);
  assert.equal(message.trigger, 'ForgotPassword');
  await client.send(
    new ConfirmForgotPasswordCommand({
      ClientId: pool.clientId,
      Username: username,
      ConfirmationCode: message.code,
      Password: 'New-Password-42',
    }),
  );
  await assert.rejects(signIn(client, pool.clientId, username), NotAuthorizedException);
  assert.ok((await signIn(client, pool.clientId, username, 'New-Password-42')).AccessToken);
});

test('aws-jwt-verify CognitoJwtVerifier accepts the ID and access tokens (default issuer mode)', async () => {
  const pool = await makePool();
  const username = await signUpAndConfirm(emu, client, pool);
  const tokens = await signIn(client, pool.clientId, username);
  const jwks = await (await fetch(`${emu.url}/${pool.poolId}/.well-known/jwks.json`)).json();

  const idVerifier = CognitoJwtVerifier.create(
    { userPoolId: pool.poolId, tokenUse: 'id', clientId: pool.clientId },
    { jwksCache: offlineJwksCache() },
  );
  idVerifier.cacheJwks(jwks);
  const id = await idVerifier.verify(tokens.IdToken);
  assert.equal(id.token_use, 'id');
  assert.equal(id.aud, pool.clientId);
  assert.equal(id['cognito:username'], username);
  assert.equal(id.email_verified, true);
  assert.equal(id.iss, `https://cognito-idp.us-east-1.amazonaws.com/${pool.poolId}`);

  const accessVerifier = CognitoJwtVerifier.create(
    { userPoolId: pool.poolId, tokenUse: 'access', clientId: pool.clientId },
    { jwksCache: offlineJwksCache() },
  );
  accessVerifier.cacheJwks(jwks);
  const access = accessVerifier.verifySync(tokens.AccessToken);
  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, pool.clientId);
  assert.equal(access.scope, 'aws.cognito.signin.user.admin');
  assert.equal(access.aud, undefined);
  assert.equal(access.username, username);

  // Wrong token use, wrong client.
  await assert.rejects(idVerifier.verify(tokens.AccessToken));
  const otherClient = CognitoJwtVerifier.create(
    { userPoolId: pool.poolId, tokenUse: 'id', clientId: 'someotherclientid' },
    { jwksCache: offlineJwksCache() },
  );
  otherClient.cacheJwks(jwks);
  await assert.rejects(otherClient.verify(tokens.IdToken));
});

test('aws-jwt-verify refuses tampered, foreign-pool and revoked-but-unexpired tokens as it should', async () => {
  const pool = await makePool();
  const username = await signUpAndConfirm(emu, client, pool);
  const tokens = await signIn(client, pool.clientId, username);
  const jwks = await (await fetch(`${emu.url}/${pool.poolId}/.well-known/jwks.json`)).json();
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: pool.poolId, tokenUse: 'id', clientId: pool.clientId },
    { jwksCache: offlineJwksCache() },
  );
  verifier.cacheJwks(jwks);

  await assert.rejects(verifier.verify(withPayload(tokens.IdToken, { 'cognito:username': 'admin' })), /signature/i);

  const other = await makePool();
  const otherUser = await signUpAndConfirm(emu, client, other);
  const foreign = (await signIn(client, other.clientId, otherUser)).IdToken;
  // Its kid is unknown here (and the offline cache will not fetch)...
  await assert.rejects(verifier.verify(foreign));
  // ...and under this pool's kid the signature does not verify.
  const spoofed = [tokens.IdToken.split('.')[0], ...foreign.split('.').slice(1)].join('.');
  await assert.rejects(verifier.verify(spoofed));

  // Revocation is invisible to offline verification but GetUser refuses the access token.
  await client.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: tokens.RefreshToken }));
  assert.equal((await verifier.verify(tokens.IdToken))['cognito:username'], username);
  await assert.rejects(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), NotAuthorizedException);
});

test('issuer mode local: discovery-based verification with jose and aws-jwt-verify JwtVerifier', async () => {
  const local = await startEmulator(['--issuer-mode', 'local', '--fixed-code', '123456']);
  try {
    const c = idpClient(local);
    const pool = await makePool(c);
    const username = unique('local');
    await c.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    await c.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: username, ConfirmationCode: '123456' }));
    const tokens = await signIn(c, pool.clientId, username);

    const issuer = `${local.url}/${pool.poolId}`;
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, issuer);
    assert.equal(discovery.jwks_uri, `${issuer}/.well-known/jwks.json`);
    assert.equal(decodeJwt(tokens.IdToken).iss, issuer);

    // jose, with the keys fetched from the discovered jwks_uri.
    const keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(tokens.IdToken, keys, { issuer: discovery.issuer, audience: pool.clientId });
    assert.equal(payload.token_use, 'id');
    assert.equal(payload['cognito:username'], username);
    const { payload: access } = await jwtVerify(tokens.AccessToken, keys, { issuer: discovery.issuer });
    assert.equal(access.client_id, pool.clientId);
    await assert.rejects(
      jwtVerify(withPayload(tokens.IdToken, { email: 'evil@example.com' }), keys, { issuer: discovery.issuer }),
      joseErrors.JWSSignatureVerificationFailed,
    );
    await assert.rejects(
      jwtVerify(tokens.IdToken, keys, { issuer: `https://cognito-idp.us-east-1.amazonaws.com/${pool.poolId}` }),
      joseErrors.JWTClaimValidationFailed,
    );

    // aws-jwt-verify's generic verifier, with issuer and jwksUri from the discovery document.
    const verifier = JwtVerifier.create(
      { issuer: discovery.issuer, jwksUri: discovery.jwks_uri, audience: pool.clientId },
      { jwksCache: httpJwksCache() },
    );
    const verified = await verifier.verify(tokens.IdToken);
    assert.equal(verified.sub, payload.sub);
    await assert.rejects(verifier.verify(withPayload(tokens.IdToken, { sub: 'x' })));
    const accessVerifier = JwtVerifier.create(
      { issuer: discovery.issuer, jwksUri: discovery.jwks_uri, audience: null, customJwtCheck: ({ payload: p }) => {
        if (p.token_use !== 'access' || p.client_id !== pool.clientId) throw new Error('not our access token');
      } },
      { jwksCache: httpJwksCache() },
    );
    assert.equal((await accessVerifier.verify(tokens.AccessToken)).username, username);
    await assert.rejects(accessVerifier.verify(tokens.IdToken));
  } finally {
    local.stop();
  }
});
