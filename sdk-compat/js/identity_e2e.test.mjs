// Identity pools end to end in the JS SDK v3 (issue 6): fromCognitoIdentityPool (@aws-sdk/credential-providers)
// pointed at the emulator with a user-pool ID token from a real sign-in, and as a guest; then STS
// GetCallerIdentity (@aws-sdk/client-sts, same endpoint) signed with the credentials it produced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { startEmulator, idpClient, identityClient, unique, REGION } from './helpers.mjs';

const PASSWORD = 'Correct-Horse-9';
const ACCOUNT = '123456789012';
const AUTH_ROLE = `arn:aws:iam::${ACCOUNT}:role/JsAuthRole`;
const UNAUTH_ROLE = `arn:aws:iam::${ACCOUNT}:role/JsUnauthRole`;

let emu;
let setup;
before(async () => {
  emu = await startEmulator();
  const idp = idpClient(emu);
  const identity = identityClient(emu);
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: unique('jsid') }));
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const username = unique('jsid');
  await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username: username, MessageAction: 'SUPPRESS' }));
  await idp.send(
    new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username: username, Password: PASSWORD, Permanent: true }),
  );
  const { AuthenticationResult } = await idp.send(
    new InitiateAuthCommand({
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  const provider = `cognito-idp.${REGION}.amazonaws.com/${UserPool.Id}`;
  const { IdentityPoolId } = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'js_e2e',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: UserPoolClient.ClientId }],
    }),
  );
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId,
      Roles: { authenticated: AUTH_ROLE, unauthenticated: UNAUTH_ROLE },
    }),
  );
  setup = { identityPoolId: IdentityPoolId, provider, idToken: AuthenticationResult.IdToken };
});
after(() => emu.stop());

function sts(credentials) {
  return new STSClient({ region: REGION, endpoint: emu.url, credentials });
}

test('fromCognitoIdentityPool with a user-pool login, then STS GetCallerIdentity', async () => {
  const provider = fromCognitoIdentityPool({
    identityPoolId: setup.identityPoolId,
    logins: { [setup.provider]: setup.idToken },
    clientConfig: { region: REGION, endpoint: emu.url },
  });
  const creds = await provider();
  assert.match(creds.accessKeyId, /^ASIA/);
  assert.ok(creds.secretAccessKey && creds.sessionToken);
  assert.ok(creds.expiration instanceof Date && creds.expiration > new Date());
  assert.match(creds.identityId, /^us-east-1:/);

  const caller = await sts(provider).send(new GetCallerIdentityCommand({}));
  assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/JsAuthRole/CognitoIdentityCredentials`);
  assert.equal(caller.Account, ACCOUNT);
});

test('fromCognitoIdentityPool as a guest gets the unauthenticated role', async () => {
  const provider = fromCognitoIdentityPool({
    identityPoolId: setup.identityPoolId,
    clientConfig: { region: REGION, endpoint: emu.url },
  });
  const caller = await sts(provider).send(new GetCallerIdentityCommand({}));
  assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/JsUnauthRole/CognitoIdentityCredentials`);
});

test('credentials with a wrong secret fail STS signature verification', async () => {
  const creds = await fromCognitoIdentityPool({
    identityPoolId: setup.identityPoolId,
    logins: { [setup.provider]: setup.idToken },
    clientConfig: { region: REGION, endpoint: emu.url },
  })();
  await assert.rejects(
    sts({ ...creds, secretAccessKey: 'wrong-secret' }).send(new GetCallerIdentityCommand({})),
    (err) => err.name === 'SignatureDoesNotMatch' && err.$metadata.httpStatusCode === 403,
  );
});

test('fromCognitoIdentityPool with a tampered login is refused', async () => {
  const [h, p, s] = setup.idToken.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.sub = 'someone-else';
  const forged = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
  const provider = fromCognitoIdentityPool({
    identityPoolId: setup.identityPoolId,
    logins: { [setup.provider]: forged },
    clientConfig: { region: REGION, endpoint: emu.url },
  });
  await assert.rejects(provider(), (err) => err.name === 'NotAuthorizedException');
});
