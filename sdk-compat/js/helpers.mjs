// Shared by the JS SDK v3 suites: start the built emulator ($COGNITO_EMULATOR_BIN) on port 0, read its
// address line, and build clients pointed at it. Use in a test file:
//
//   import { startEmulator, idpClient } from './helpers.mjs';
//   let emu; before(async () => { emu = await startEmulator(); }); after(() => emu.stop());
//
// Each test file runs in its own process with its own emulator.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';

const PREFIX = 'cognito-emulator listening on ';
export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'AKIAEMULATOREXAMPLE', secretAccessKey: 'emulator-secret-example' };

export async function startEmulator(extraArgs = []) {
  const binary = process.env.COGNITO_EMULATOR_BIN;
  if (!binary) throw new Error('COGNITO_EMULATOR_BIN is not set (run through sdk-compat/run.sh)');
  const child = spawn(binary, ['--port', '0', '--log-level', 'warn', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('emulator did not print its address in 15 s')), 15000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      if (!line.startsWith(PREFIX)) reject(new Error(`unexpected first line: ${line}`));
      else resolve(line.slice(PREFIX.length).trim());
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  // Other suites' SDK clients may rely on the env twins, as users do.
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = url;
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY = url;
  const emu = {
    url,
    child,
    stop() {
      child.kill('SIGTERM');
    },
    async health() {
      return (await fetch(`${url}/_emulator/health`)).json();
    },
    async reset() {
      await fetch(`${url}/_emulator/reset`, { method: 'POST' });
    },
    /** The message outbox, oldest first, optionally filtered by pool and user. */
    async messages({ userPoolId, username } = {}) {
      const q = new URLSearchParams();
      if (userPoolId) q.set('userPoolId', userPoolId);
      if (username) q.set('username', username);
      const body = await (await fetch(`${url}/_emulator/messages?${q}`)).json();
      return Array.isArray(body) ? body : body.messages;
    },
    async clearMessages() {
      await fetch(`${url}/_emulator/messages`, { method: 'DELETE' });
    },
  };
  for (let i = 0; i < 200; i++) {
    try {
      if ((await emu.health()).status === 'ok') return emu;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  emu.stop();
  throw new Error(`emulator at ${url} never answered /_emulator/health`);
}

export function idpClient(emu) {
  return new CognitoIdentityProviderClient({ region: REGION, endpoint: emu.url, credentials });
}

export function identityClient(emu) {
  return new CognitoIdentityClient({ region: REGION, endpoint: emu.url, credentials });
}

export function unique(prefix = 't') {
  return `${prefix}-${randomUUID().slice(0, 10)}`;
}
