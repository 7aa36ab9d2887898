// User pool lifecycle and errors through @aws-sdk/client-cognito-identity-provider (v3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  DeleteUserPoolCommand,
  ListUserPoolsCommand,
  paginateListUserPools,
  ResourceNotFoundException,
  InvalidParameterException,
} from '@aws-sdk/client-cognito-identity-provider';
import { startEmulator, idpClient, unique, REGION, credentials } from './helpers.mjs';

let emu;
let client;
before(async () => {
  emu = await startEmulator();
  client = idpClient(emu);
});
after(() => emu.stop());

test('create and describe a user pool', async () => {
  const name = unique('js');
  const { UserPool: created } = await client.send(new CreateUserPoolCommand({ PoolName: name }));
  assert.equal(created.Name, name);
  assert.match(created.Id, /^us-east-1_[0-9a-zA-Z]+$/);
  assert.ok(created.CreationDate instanceof Date);
  assert.equal(created.Policies.PasswordPolicy.MinimumLength, 8);
  const { UserPool: described } = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));
  assert.equal(described.Id, created.Id);
  assert.equal(described.Arn, created.Arn);
});

test('update a user pool', async () => {
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: unique('js') }));
  await client.send(
    new UpdateUserPoolCommand({ UserPoolId: UserPool.Id, MfaConfiguration: 'OPTIONAL', UserPoolTags: { a: 'b' } }),
  );
  const { UserPool: after } = await client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool.Id }));
  assert.equal(after.MfaConfiguration, 'OPTIONAL');
  assert.deepEqual(after.UserPoolTags, { a: 'b' });
});

test('list user pools paginates without gaps or duplicates', async () => {
  const prefix = unique('page');
  const ours = new Set();
  for (let i = 0; i < 7; i++) {
    const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: `${prefix}-${i}` }));
    ours.add(UserPool.Id);
  }
  const seen = [];
  let NextToken;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 3, NextToken }));
    assert.ok(page.UserPools.length <= 3);
    seen.push(...page.UserPools.map((p) => p.Id));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.equal(new Set(seen).size, seen.length);
  for (const id of ours) assert.ok(seen.includes(id), `${id} missing`);

  const viaPaginator = [];
  for await (const page of paginateListUserPools({ client, pageSize: 2 }, { MaxResults: 2 })) {
    viaPaginator.push(...page.UserPools.map((p) => p.Id));
  }
  for (const id of ours) assert.ok(viaPaginator.includes(id));
});

test('delete, then describe throws ResourceNotFoundException', async () => {
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: unique('js') }));
  await client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool.Id }));
  await assert.rejects(client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool.Id })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `got ${err.name}`);
    assert.ok(err instanceof CognitoIdentityProviderServiceException);
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(err.message, /does not exist/);
    return true;
  });
});

test('malformed pool id throws InvalidParameterException with the AWS message', async () => {
  await assert.rejects(client.send(new DescribeUserPoolCommand({ UserPoolId: 'nounderscore' })), (err) => {
    assert.ok(err instanceof InvalidParameterException, `got ${err.name}`);
    assert.equal(
      err.message,
      "1 validation error detected: Value 'nounderscore' at 'userPoolId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+',
    );
    return true;
  });
});

test('DeletionProtection ACTIVE refuses delete', async () => {
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({ PoolName: unique('js'), DeletionProtection: 'ACTIVE' }),
  );
  await assert.rejects(client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool.Id })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    return true;
  });
  await client.send(new UpdateUserPoolCommand({ UserPoolId: UserPool.Id, DeletionProtection: 'INACTIVE' }));
  await client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool.Id }));
});

test('a client configured only by AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER reaches the emulator', async () => {
  const envClient = new CognitoIdentityProviderClient({ region: REGION, credentials });
  const { UserPool } = await envClient.send(new CreateUserPoolCommand({ PoolName: unique('env') }));
  const { UserPool: described } = await client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool.Id }));
  assert.equal(described.Id, UserPool.Id);
});
