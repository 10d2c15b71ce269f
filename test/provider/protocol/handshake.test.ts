// go-plugin's start-up contract: the environment checks and the handshake line, first as pure
// functions, then end to end on the real entry point (src/provider/main.ts, bundled).
import { AddressInfo, Server, createServer } from 'node:net';
import { join } from 'node:path';
import { REPO, bundle, clientCertificate, pluginEnv, runToExit, startPlugin, tempDir } from './helpers';
import {
  HandshakeError, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, checkMagicCookie, handshakeLine, negotiateProtocol, portCandidates, portRange,
} from '../../../src/provider/protocol/handshake';

describe('environment checks', () => {
  test('the magic cookie is Terraform\'s provider cookie', () => {
    expect(MAGIC_COOKIE_KEY).toBe('TF_PLUGIN_MAGIC_COOKIE');
    expect(() => checkMagicCookie({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })).not.toThrow();
    expect(() => checkMagicCookie({})).toThrow(HandshakeError);
    expect(() => checkMagicCookie({ [MAGIC_COOKIE_KEY]: 'x' })).toThrow(/secops install/);
  });

  test('protocol 6 is chosen when offered, or when nothing is offered', () => {
    expect(negotiateProtocol({ PLUGIN_PROTOCOL_VERSIONS: '5,6' })).toBe(6);
    expect(negotiateProtocol({ PLUGIN_PROTOCOL_VERSIONS: '6' })).toBe(6);
    expect(negotiateProtocol({})).toBe(6);
    expect(() => negotiateProtocol({ PLUGIN_PROTOCOL_VERSIONS: '4,5' })).toThrow('offered only protocol 4, 5');
  });

  test('the port range comes from PLUGIN_MIN_PORT and PLUGIN_MAX_PORT', () => {
    expect(portRange({})).toEqual({ min: 0, max: 0 });
    expect(portRange({ PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000' })).toEqual({ min: 10000, max: 25000 });
    expect(() => portRange({ PLUGIN_MIN_PORT: '9', PLUGIN_MAX_PORT: '8' })).toThrow(HandshakeError);
    expect(() => portRange({ PLUGIN_MIN_PORT: 'abc' })).toThrow('PLUGIN_MIN_PORT must be a port number');
  });

  test('every port of the range is a candidate, starting anywhere', () => {
    expect([...portCandidates({ min: 0, max: 0 })]).toEqual([0]);
    expect([...portCandidates({ min: 10, max: 13 }, () => 0.5)]).toEqual([12, 13, 10, 11]);
  });

  test('the handshake line has go-plugin\'s six fields', () => {
    expect(handshakeLine(6, 10001, 'QUJD')).toBe('1|6|tcp|127.0.0.1:10001|grpc|QUJD\n');
  });
});

describe('the provider executable', () => {
  let script: string;

  beforeAll(async () => {
    script = await bundle(join(REPO, 'src', 'provider', 'main.ts'), join(tempDir('main'), 'terraform-provider-secops.js'));
  });

  test('run by hand, it explains itself in one line and exits 1', async () => {
    const result = await runToExit(script, { PATH: process.env.PATH });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Terraform provider plugin.*Terraform starts it.*secops install/);
  });

  test('offered only older protocols, it says so in one line and exits 1', async () => {
    const result = await runToExit(script, pluginEnv({ PLUGIN_PROTOCOL_VERSIONS: '4,5' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('speaks plugin protocol 6')]);
  });

  test('it takes the next port of the range when one is taken', async () => {
    const { squatter, taken } = await squatPortBeforeAFreeOne();
    try {
      const plugin = await startPlugin(script, clientCertificate(), {
        PLUGIN_MIN_PORT: String(taken),
        PLUGIN_MAX_PORT: String(taken + 1),
      });
      try {
        expect(plugin.port).toBe(taken + 1);
      } finally {
        plugin.stop();
      }
    } finally {
      squatter.close();
    }
  });

  test('started by Terraform, its first stdout line is the handshake with its certificate', async () => {
    const plugin = await startPlugin(script, clientCertificate());
    try {
      const fields = plugin.handshake.split('|');
      expect(fields).toHaveLength(6);
      expect(fields.slice(0, 3)).toEqual(['1', '6', 'tcp']);
      expect(fields[3]).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(plugin.port).toBeGreaterThanOrEqual(10000);
      expect(plugin.port).toBeLessThanOrEqual(25000);
      expect(fields[4]).toBe('grpc');
      expect(fields[5]).toMatch(/^[A-Za-z0-9+/]+$/); // RawStdEncoding: no '=' padding
      expect(plugin.serverCertificate.subjectAltName).toBe('DNS:localhost');
      expect(plugin.serverCertificate.checkHost('localhost')).toBe('localhost');
      expect(plugin.serverCertificate.verify(plugin.serverCertificate.publicKey)).toBe(true);
    } finally {
      plugin.stop();
    }
  });
});

/** Holds a loopback port whose successor is free (checked), so the range test is not at the mercy of other processes. */
async function squatPortBeforeAFreeOne(): Promise<{ squatter: Server; taken: number }> {
  for (let tries = 0; tries < 20; tries++) {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(taken + 1, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => (free ? probe.close(() => resolve()) : resolve()));
    if (free) return { squatter, taken };
    squatter.close();
  }
  throw new Error('no loopback port with a free successor found in 20 tries');
}
