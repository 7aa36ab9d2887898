// Lambda triggers run from real handler files (sdk-compat/lambdas/, written as AWS's samples are and left
// unmodified) through --lambda: JS SDK v3 sign-up with an auto-confirming PreSignUp, PreTokenGeneration V2
// claims and scopes verified with aws-jwt-verify, a CommonJS callback-style PostAuthentication, the
// CUSTOM_AUTH one-time-code trio through amazon-cognito-identity-js (sendCustomChallengeAnswer, with and
// without SRP) and Amplify v6 (CUSTOM_WITHOUT_SRP / CUSTOM_WITH_SRP + confirmSignIn), and handlers that
// throw, hang, answer garbage or crash their runtime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import cognito from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, signOut } from 'aws-amplify/auth';
import { startEmulator, idpClient, unique } from './helpers.mjs';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = cognito;
const here = dirname(fileURLToPath(import.meta.url));
const lambdas = join(here, '..', 'lambdas');
const ACCOUNT = '123456789012';
const arn = (name) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const PASSWORD = 'Correct-Horse-9';

const scratch = mkdtempSync(join(tmpdir(), 'triggers-'));
const SIGNIN_LOG = join(scratch, 'signins.log');
const OTP_FILE = join(scratch, 'otp');

let emu;
let idp;
before(async () => {
  // The handlers read these from their environment, which the workers inherit from the emulator.
  process.env.SIGNIN_LOG = SIGNIN_LOG;
  process.env.OTP_FILE = OTP_FILE;
  const map = {
    preSignUp: 'pre_sign_up.mjs',
    preToken: 'pre_token_generation_v2.mjs',
    postAuth: 'post_authentication.cjs',
    define: 'define_auth_challenge.mjs',
    create: 'create_auth_challenge.mjs',
    verify: 'verify_auth_challenge.mjs',
    throws: 'misbehaving.mjs:throws',
    hangs: 'misbehaving.mjs:hangs',
    garbage: 'misbehaving.mjs:garbage',
    crashes: 'misbehaving.mjs:crashes',
  };
  const args = [];
  for (const [name, file] of Object.entries(map)) args.push('--lambda', `${name}=${join(lambdas, file)}`);
  // A short timeout keeps the hanging handler's test quick (Cognito's own is 5 s, the default).
  emu = await startEmulator([...args, '--lambda-timeout-ms', '1500']);
  idp = idpClient(emu);
});
after(() => emu.stop());

async function makePool(lambdaConfig, flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']) {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({ PoolName: unique('triggers'), LambdaConfig: lambdaConfig, AutoVerifiedAttributes: ['email'] }),
  );
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'app', ExplicitAuthFlows: flows }),
  );
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}

async function adminUser(pool, email) {
  const username = unique('u');
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    }),
  );
  await idp.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  return username;
}

/** aws-jwt-verify's JWKS cache, fetching the pool's JWKS from the emulator instead of AWS. */
function emulatorJwks() {
  return new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        const local = uri.replace(/^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com/, emu.url);
        const r = await fetch(local);
        if (r.status !== 200) throw new Error(`${local}: ${r.status}`);
        return r.arrayBuffer();
      },
    },
  });
}

test('PreSignUp auto-confirms and auto-verifies; a thrown error rejects the sign-up', async () => {
  const pool = await makePool({ PreSignUp: arn('preSignUp') });
  const ok = await idp.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: unique('ann'),
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }],
    }),
  );
  assert.equal(ok.UserConfirmed, true);
  assert.equal(ok.CodeDeliveryDetails, undefined);
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: ok.UserSub }));
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(user.UserAttributes.find((a) => a.Name === 'email_verified')?.Value, 'true');

  // Another domain: not auto-confirmed, a code goes out as usual.
  const other = await idp.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: unique('bob'),
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'bob@elsewhere.example' }],
    }),
  );
  assert.equal(other.UserConfirmed, false);
  assert.equal(other.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');

  const refused = await idp
    .send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: unique('eve'),
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'eve@blocked.example' }],
      }),
    )
    .catch((e) => e);
  assert.equal(refused.name, 'UserLambdaValidationException');
  assert.equal(refused.message, 'PreSignUp failed with error Sign-ups from this domain are not allowed.');
});

test('PreTokenGeneration V2 claims and scopes reach tokens that aws-jwt-verify accepts; PostAuthentication runs', async () => {
  const pool = await makePool({
    PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('preToken') },
    PostAuthentication: arn('postAuth'),
  });
  const username = await adminUser(pool, 'cara@example.com');
  const out = await idp.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  const { IdToken, AccessToken } = out.AuthenticationResult;
  const jwksCache = emulatorJwks();
  const id = await CognitoJwtVerifier.create({ userPoolId: pool.poolId, tokenUse: 'id', clientId: pool.clientId }, { jwksCache }).verify(IdToken);
  assert.equal(id.tenant, 'acme');
  assert.equal(id.favourite_colour, 'teal');
  const access = await CognitoJwtVerifier.create(
    { userPoolId: pool.poolId, tokenUse: 'access', clientId: pool.clientId, scope: 'orders/read' },
    { jwksCache },
  ).verify(AccessToken);
  assert.deepEqual(access.permissions, ['orders:read', 'orders:write']);
  assert.ok(access.scope.split(' ').includes('aws.cognito.signin.user.admin'));
  // Still the pool's token: the API accepts it.
  await idp.send(new GetUserCommand({ AccessToken }));

  assert.ok(existsSync(SIGNIN_LOG), 'the callback-style handler wrote its log');
  const log = readFileSync(SIGNIN_LOG, 'utf8');
  assert.match(log, new RegExp(`PostAuthentication_Authentication ${username} postAuth`));
});

function customTrio() {
  return {
    DefineAuthChallenge: arn('define'),
    CreateAuthChallenge: arn('create'),
    VerifyAuthChallengeResponse: arn('verify'),
  };
}

test('CUSTOM_AUTH with amazon-cognito-identity-js: initiateAuth + sendCustomChallengeAnswer, with and without SRP', async () => {
  const pool = await makePool(customTrio(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  const username = await adminUser(pool, 'dan@example.com');
  const userPool = new CognitoUserPool({ UserPoolId: pool.poolId, ClientId: pool.clientId, endpoint: emu.url });

  const run = (srp) =>
    new Promise((resolve, reject) => {
      const user = new CognitoUser({ Username: username, Pool: userPool });
      user.setAuthenticationFlowType('CUSTOM_AUTH');
      let wrongSent = false;
      const callbacks = {
        onSuccess: (session) => resolve({ session, wrongSent }),
        onFailure: reject,
        customChallenge(params) {
          assert.equal(params.email, 'dan@example.com');
          if (!wrongSent) {
            wrongSent = true; // one wrong answer first: Define asks again
            user.sendCustomChallengeAnswer('000000', callbacks);
          } else {
            user.sendCustomChallengeAnswer(readFileSync(OTP_FILE, 'utf8'), callbacks);
          }
        },
      };
      const details = new AuthenticationDetails({ Username: username, Password: srp ? PASSWORD : undefined });
      if (srp) user.authenticateUser(details, callbacks);
      else user.initiateAuth(details, callbacks);
    });

  for (const srp of [false, true]) {
    const { session, wrongSent } = await run(srp);
    assert.ok(wrongSent);
    assert.ok(session.isValid());
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], username);
  }

  // With SRP, a wrong password stops the flow before any custom challenge.
  const failed = await new Promise((resolve) => {
    const user = new CognitoUser({ Username: username, Pool: userPool });
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: 'Wrong-Horse-9' }), {
      onSuccess: () => resolve(null),
      onFailure: resolve,
      customChallenge: () => resolve(new Error('reached the custom challenge')),
    });
  });
  assert.equal(failed?.code, 'NotAuthorizedException');
});

test('CUSTOM_AUTH with Amplify v6: CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP, then confirmSignIn', async () => {
  const pool = await makePool(customTrio(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  const username = await adminUser(pool, 'fay@example.com');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: emu.url } },
  });
  for (const authFlowType of ['CUSTOM_WITHOUT_SRP', 'CUSTOM_WITH_SRP']) {
    const first = await signIn({
      username,
      password: authFlowType === 'CUSTOM_WITH_SRP' ? PASSWORD : undefined,
      options: { authFlowType },
    });
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    assert.equal(first.nextStep.additionalInfo.email, 'fay@example.com');
    const done = await confirmSignIn({ challengeResponse: readFileSync(OTP_FILE, 'utf8') });
    assert.equal(done.isSignedIn, true, `${authFlowType} signs in`);
    await signOut();
  }
});

test('a handler that throws, hangs, answers garbage or crashes gets AWS errors, and the next call works', async () => {
  const cases = [
    ['throws', 'UserLambdaValidationException', 'PreSignUp failed with error Something broke.'],
    ['hangs', 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error Socket timeout exception.'],
    ['garbage', 'InvalidLambdaResponseException', 'Unrecognizable lambda output'],
    ['crashes', 'UserLambdaValidationException', null],
  ];
  for (const [fn, name, message] of cases) {
    const pool = await makePool({ PreSignUp: arn(fn) });
    for (let round = 0; round < 2; round++) {
      const err = await idp
        .send(new SignUpCommand({ ClientId: pool.clientId, Username: unique('x'), Password: PASSWORD }))
        .catch((e) => e);
      assert.equal(err.name, name, `${fn}, round ${round}`);
      if (message) assert.equal(err.message, message);
      else assert.match(err.message, /^PreSignUp failed with error RequestId: .* Error: Runtime exited with error: exit status 1\.$/);
    }
  }
  // The emulator still serves, and a working handler still works.
  const pool = await makePool({ PreSignUp: arn('preSignUp') });
  const ok = await idp.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: unique('ok'),
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'ok@example.com' }],
    }),
  );
  assert.equal(ok.UserConfirmed, true);
});
