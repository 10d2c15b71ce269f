import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransportError } from '../../../src/clients/core';
import { NomadClient, nomadSettingsFromEnv } from '../../../src/clients/nomad';
import { NomadSimulator } from '../../../src/simulators/nomad';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makePki(dir: string): void {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=secops sandbox CA');
  for (const name of ['server', 'client']) {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), name === 'server' ? 'subjectAltName=IP:127.0.0.1,DNS:server.global.nomad\n' : 'extendedKeyUsage=clientAuth\n');
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2',
      '-extfile', `${name}.ext`);
  }
}

describe('the Nomad simulator over mutual TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secops-nomad-mtls-'));
  const file = (name: string): string => join(dir, name);
  const sim = new NomadSimulator();
  const clients: NomadClient[] = [];
  const connect = (env: NodeJS.ProcessEnv): NomadClient => {
    const settings = nomadSettingsFromEnv({}, { NOMAD_ADDR: sim.url, NOMAD_TOKEN: sim.managementToken, ...env });
    const client = new NomadClient(settings, { retry: { maxAttempts: 1 } });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    makePki(dir);
    await sim.start({ tls: { cert: readFileSync(file('server.pem'), 'utf8'), key: readFileSync(file('server.key'), 'utf8'), ca: readFileSync(file('ca.pem'), 'utf8') } });
  });
  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('NOMAD_CACERT, NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY: a rule is created and listed', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const nomad = connect({ NOMAD_CACERT: file('ca.pem'), NOMAD_CLIENT_CERT: file('client.pem'), NOMAD_CLIENT_KEY: file('client.key') });
    const rule = await nomad.createBindingRule({ AuthMethod: 'okta', Selector: '"eng" in list.groups', BindType: 'role', BindName: 'engineer' });
    expect((await nomad.listBindingRules()).map(r => r.ID)).toEqual([rule.ID]);
  });

  test('without a client certificate the handshake is refused', async () => {
    const error = await connect({ NOMAD_CACERT: file('ca.pem') }).listBindingRules().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
  });

  test('with NOMAD_TLS_SERVER_NAME the certificate is checked against that name', async () => {
    const nomad = connect({
      NOMAD_CACERT: file('ca.pem'), NOMAD_CLIENT_CERT: file('client.pem'), NOMAD_CLIENT_KEY: file('client.key'), NOMAD_TLS_SERVER_NAME: 'server.global.nomad',
    });
    await expect(nomad.listBindingRules()).resolves.toBeInstanceOf(Array);
  });
});
