// Amplify v6 (aws-amplify/auth) in Node against the emulator (issue 5): Amplify.configure with
// userPoolEndpoint and identityPoolEndpoint, signIn (USER_SRP_AUTH, Amplify's default), fetchAuthSession
// (tokens, then identity-pool credentials checked with STS GetCallerIdentity), a wrong password, signOut.
//
// Amplify's singleton is per process, so this file configures it once (node --test runs each file in its own
// process). Under Node 20 no browser globals are needed: Amplify falls back to in-memory token storage when
// there is no window.localStorage, and fetch, crypto.getRandomValues and atob are Node globals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Amplify } from 'aws-amplify';
import { signIn, signOut, signUp, confirmSignUp, fetchAuthSession, getCurrentUser } from 'aws-amplify/auth';
import { startEmulator, idpClient, identityClient, unique, REGION } from './helpers.mjs';

const PASSWORD = 'Correct-Horse-9';
const ACCOUNT = '123456789012';

let emu;
let cfg;
before(async () => {
  emu = await startEmulator();
  const idp = idpClient(emu);
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: unique('amplify'), AutoVerifiedAttributes: ['email'] }));
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'amplify',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const identity = identityClient(emu);
  const { IdentityPoolId } = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'amplify_pool',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [
        { ProviderName: `cognito-idp.${REGION}.amazonaws.com/${UserPool.Id}`, ClientId: UserPoolClient.ClientId },
      ],
    }),
  );
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId,
      Roles: { authenticated: `arn:aws:iam::${ACCOUNT}:role/AmplifyAuth` },
    }),
  );
  cfg = { userPoolId: UserPool.Id, clientId: UserPoolClient.ClientId, identityPoolId: IdentityPoolId };
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: UserPool.Id,
        userPoolClientId: UserPoolClient.ClientId,
        userPoolEndpoint: emu.url,
        identityPoolId: IdentityPoolId,
        identityPoolEndpoint: emu.url,
      },
    },
  });
});
after(() => emu.stop());

async function confirmedUser() {
  const idp = idpClient(emu);
  const username = unique('amp');
  await idp.send(new AdminCreateUserCommand({ UserPoolId: cfg.userPoolId, Username: username, MessageAction: 'SUPPRESS' }));
  await idp.send(
    new AdminSetUserPasswordCommand({ UserPoolId: cfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  return username;
}

test('Amplify signIn with a wrong password is refused', async () => {
  const username = await confirmedUser();
  await assert.rejects(signIn({ username, password: 'Wrong-Password-1' }), (err) => {
    assert.equal(err.name, 'NotAuthorizedException');
    return true;
  });
});

test('Amplify signIn, fetchAuthSession (tokens and identity-pool credentials), signOut', async () => {
  const username = await confirmedUser();
  const result = await signIn({ username, password: PASSWORD });
  assert.equal(result.isSignedIn, true);
  assert.equal(result.nextStep.signInStep, 'DONE');

  const current = await getCurrentUser();
  assert.equal(current.username, username);

  const session = await fetchAuthSession();
  assert.equal(session.tokens.idToken.payload['cognito:username'], username);
  assert.equal(session.tokens.accessToken.payload.client_id, cfg.clientId);
  assert.match(session.identityId, /^us-east-1:/);
  const creds = session.credentials;
  assert.match(creds.accessKeyId, /^ASIA/);
  const caller = await new STSClient({ region: REGION, endpoint: emu.url, credentials: creds }).send(
    new GetCallerIdentityCommand({}),
  );
  assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/AmplifyAuth/CognitoIdentityCredentials`);

  // A forced refresh goes through REFRESH_TOKEN_AUTH at the emulator.
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  assert.equal(refreshed.tokens.idToken.payload['cognito:username'], username);

  await signOut();
  await assert.rejects(getCurrentUser());
});

test('Amplify signUp, confirmSignUp with the code from the outbox, then signIn', async () => {
  const username = unique('ampsu');
  const up = await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  assert.equal(up.isSignUpComplete, false);
  assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  assert.equal(up.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  const [message] = (await emu.messages({ userPoolId: cfg.userPoolId, username })).slice(-1);
  assert.equal(message.trigger, 'SignUp');
  const confirmed = await confirmSignUp({ username, confirmationCode: message.code });
  assert.equal(confirmed.isSignUpComplete, true);
  const result = await signIn({ username, password: PASSWORD });
  assert.equal(result.isSignedIn, true);
  const session = await fetchAuthSession();
  assert.equal(session.tokens.idToken.payload.email, `${username}@example.com`);
  assert.equal(session.tokens.idToken.payload.email_verified, true);
  await signOut({ global: true });
});
