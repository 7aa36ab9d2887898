// Identity pool lifecycle and errors through @aws-sdk/client-cognito-identity (v3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  UpdateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  ListIdentityPoolsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity';
import { startEmulator, identityClient } from './helpers.mjs';

let emu;
let client;
before(async () => {
  emu = await startEmulator();
  client = identityClient(emu);
});
after(() => emu.stop());

test('identity pool create, describe, update, list, delete', async () => {
  const created = await client.send(
    new CreateIdentityPoolCommand({ IdentityPoolName: 'js_pool', AllowUnauthenticatedIdentities: true }),
  );
  assert.match(created.IdentityPoolId, /^us-east-1:/);
  const described = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
  assert.equal(described.IdentityPoolName, 'js_pool');
  const updated = await client.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: created.IdentityPoolId,
      IdentityPoolName: 'renamed',
      AllowUnauthenticatedIdentities: false,
    }),
  );
  assert.equal(updated.IdentityPoolName, 'renamed');
  assert.equal(updated.AllowUnauthenticatedIdentities, false);

  for (let i = 0; i < 4; i++) {
    await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: `p${i}`, AllowUnauthenticatedIdentities: false }));
  }
  const seen = [];
  let NextToken;
  do {
    const page = await client.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken }));
    assert.ok(page.IdentityPools.length <= 2);
    seen.push(...page.IdentityPools.map((p) => p.IdentityPoolId));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.equal(new Set(seen).size, seen.length);
  assert.ok(seen.includes(created.IdentityPoolId));

  await client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
  await assert.rejects(
    client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId })),
    (err) => {
      assert.ok(err instanceof ResourceNotFoundException, `got ${err.name}`);
      assert.equal(err.name, 'ResourceNotFoundException');
      return true;
    },
  );
});
