import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider, providerBundle, terraformPlatform } from '../../src/cli/install';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'secops.ts');

/** Runs the secops CLI from source; resolves with what it printed once `until` matches or it exits. */
function secops(args: string[], until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string; kill: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    const kill = () => child.kill('SIGTERM');
    child.stdout.on('data', chunk => {
      stdout += chunk;
      if (until?.test(stdout)) resolve({ code: null, stdout, stderr, kill });
    });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', code => resolve({ code, stdout, stderr, kill }));
  });
}

describe('secops install', () => {
  test('puts the provider where the implied local mirror looks, byte for byte the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secops-install-'));
    try {
      const result = await secops(['install', '--dir', dir]);
      expect(result.code).toBe(0);
      const installed = join(dir, 'terraform.local', 'secops', 'secops', '0.1.0', terraformPlatform(), 'terraform-provider-secops_v0.1.0');
      expect(result.stdout).toContain(installed);
      expect((statSync(installed).mode % 0o1000).toString(8)).toBe('755');
      const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(digest(installed)).toBe(digest(providerBundle()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('two installs in different places are identical files (one lock file serves a team)', () => {
    const a = mkdtempSync(join(tmpdir(), 'secops-a-'));
    const b = mkdtempSync(join(tmpdir(), 'secops-b-nested-'));
    try {
      expect(readFileSync(installProvider(a)).equals(readFileSync(installProvider(join(b, 'x', 'y'))))).toBe(true);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  test('Terraform platform names', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(terraformPlatform('win32', 'x64')).toBe('windows_amd64');
  });
});

describe('secops sandbox', () => {
  test('prints export lines for a running Nomad simulator and stops on SIGTERM', async () => {
    const running = await secops(['sandbox'], /NOMAD_TOKEN=\S+\n/);
    try {
      const address = running.stdout.match(/^export NOMAD_ADDR=(http:\/\/127\.0\.0\.1:\d+)$/m)?.[1];
      const token = running.stdout.match(/^export NOMAD_TOKEN=(\S+)$/m)?.[1];
      expect(address).toBeDefined();
      const denied = await fetch(`${address}/v1/acl/binding-rules`);
      expect(denied.status).toBe(403);
      const listed = await fetch(`${address}/v1/acl/binding-rules`, { headers: { 'X-Nomad-Token': token! } });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual([]);
    } finally {
      running.kill();
    }
  });

  test('prints export lines for a running Illumio PCE simulator that accept its API key', async () => {
    const running = await secops(['sandbox'], /ILLUMIO_API_KEY_SECRET=\S+\n/);
    try {
      const line = (name: string) => running.stdout.match(new RegExp(`^export ${name}=(\\S+)$`, 'm'))?.[1];
      expect(line('ILLUMIO_PCE_HOST')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(line('ILLUMIO_PCE_ORG_ID')).toBe('1');
      const labels = `${line('ILLUMIO_PCE_HOST')}/api/v2/orgs/1/labels`;
      expect((await fetch(labels)).status).toBe(401);
      const basic = Buffer.from(`${line('ILLUMIO_API_KEY_USERNAME')}:${line('ILLUMIO_API_KEY_SECRET')}`).toString('base64');
      const listed = await fetch(labels, { headers: { Authorization: `Basic ${basic}` } });
      expect([listed.status, await listed.json()]).toEqual([200, []]);
    } finally {
      running.kill();
    }
  });

  test('prints export lines for a running Anchore RBAC simulator that accept its admin user', async () => {
    const running = await secops(['sandbox'], /ANCHORE_ACCOUNT=\S+\n/);
    try {
      const line = (name: string) => running.stdout.match(new RegExp(`^export ${name}=(\\S+)$`, 'm'))?.[1];
      const roles = `${line('ANCHORE_URL')}/roles`;
      expect((await fetch(roles)).status).toBe(401);
      const basic = Buffer.from(`${line('ANCHORE_USER')}:${line('ANCHORE_PASSWORD')}`).toString('base64');
      const listed = await fetch(roles, { headers: { 'Authorization': `Basic ${basic}`, 'x-anchore-account': line('ANCHORE_ACCOUNT')! } });
      expect(listed.status).toBe(200);
      expect((await listed.json() as { name: string }[]).map(role => role.name)).toContain('read-only');
    } finally {
      running.kill();
    }
  });

  test('prints export lines for a running Carbon Black Cloud simulator that accept its API key', async () => {
    const running = await secops(['sandbox'], /CBC_API_SECRET=\S+\n/);
    try {
      const line = (name: string) => running.stdout.match(new RegExp(`^export ${name}=(\\S+)$`, 'm'))?.[1];
      expect(line('CBC_URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const scopes = `${line('CBC_URL')}/containers/v1/orgs/${line('CBC_ORG_KEY')}/guardrails/management/scopes`;
      expect((await fetch(scopes)).status).toBe(403);
      const listed = await fetch(scopes, { headers: { 'X-AUTH-TOKEN': `${line('CBC_API_SECRET')}/${line('CBC_API_ID')}` } });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { items: Array<{ name: string }> }).items.map(scope => scope.name)).toEqual(['Any']);
    } finally {
      running.kill();
    }
  });

  test('--faults injects the fault mix into every simulator; the admin surface shows it', async () => {
    const running = await secops(['sandbox', '--faults', 'lost=0.25,429=0.08,503=0.04,seed=7'], /CHAINGUARD_GROUP=\S+\n/);
    try {
      const line = (name: string) => running.stdout.match(new RegExp(`^export ${name}=(\\S+)$`, 'm'))?.[1];
      for (const url of [line('NOMAD_ADDR'), line('ILLUMIO_PCE_HOST'), line('CBC_URL'), line('ANCHORE_URL'), line('CHAINGUARD_API_URL')]) {
        const faults = await (await fetch(`${url}/__secops/faults`)).json() as Array<Record<string, unknown>>;
        expect(faults).toEqual([expect.objectContaining({ kind: 'random', seed: 7, shares: expect.objectContaining({ lost: 0.25 }) })]);
      }
      // A seeded mix over many reads: some are answered 429 or 503, none lost (reads are never lost).
      const statuses = await Promise.all(Array.from({ length: 60 }, async () =>
        (await fetch(`${line('NOMAD_ADDR')}/v1/acl/binding-rules`, { headers: { 'X-Nomad-Token': line('NOMAD_TOKEN')! } })).status));
      expect(statuses).toContain(200);
      expect(statuses.filter((status) => status === 429 || status === 503).length).toBeGreaterThan(0);
    } finally {
      running.kill();
    }
  });

  test('refuses a fault spec it cannot read, before starting anything', async () => {
    const result = await secops(['sandbox', '--faults', 'lost=2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('secops sandbox: fault share lost=2 must be between 0 and 1');
  });

  test('refuses a port that is not a number', async () => {
    const result = await secops(['sandbox', '--port', 'http']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a port number, got "http"');
  });

  test('an unknown command prints usage and fails', async () => {
    const result = await secops(['deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
    expect(result.stderr).toContain('sandbox [--port P]');
  });
});
