import { currentLogLevel, logger, maskSecrets, redact, registerSecret, setLogLevel, setLogSink } from '../../../src/util/log';

describe('logger', () => {
  let lines: string[];
  const savedEnv = { ...process.env };

  beforeEach(() => {
    lines = [];
    setLogSink((line) => lines.push(line));
    delete process.env.TF_LOG;
    delete process.env.TF_LOG_PROVIDER;
    delete process.env.SECOPS_LOG;
  });

  afterEach(() => {
    setLogSink(undefined);
    setLogLevel(undefined);
    process.env = { ...savedEnv };
  });

  test('writes one hclog JSON line with level, message, module, timestamp and fields', () => {
    process.env.TF_LOG = 'DEBUG';
    logger('nomad').debug('listing rules', { path: '/v1/acl/binding-rules', count: 2 });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toEqual({
      '@level': 'debug',
      '@message': 'listing rules',
      '@module': 'secops.nomad',
      '@timestamp': expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      'path': '/v1/acl/binding-rules',
      'count': 2,
    });
  });

  test('child loggers extend the module name', () => {
    process.env.TF_LOG = 'trace';
    logger('nomad').child('http').trace('x');
    expect(JSON.parse(lines[0]!)['@module']).toBe('secops.nomad.http');
  });

  test.each([
    [{}, 'warn'],
    [{ TF_LOG: 'INFO' }, 'info'],
    [{ TF_LOG: 'JSON' }, 'trace'],
    [{ TF_LOG: 'whatever' }, 'trace'],
    [{ TF_LOG: 'TRACE', TF_LOG_PROVIDER: 'ERROR' }, 'error'],
    [{ TF_LOG: 'off' }, 'off'],
    [{ TF_LOG: 'trace', SECOPS_LOG: 'off' }, 'off'],
  ])('level from %j is %s', (env, expected) => {
    expect(currentLogLevel(env)).toBe(expected);
  });

  test('by default only warn and error are written', () => {
    const log = logger('core');
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => JSON.parse(l)['@level'])).toEqual(['warn', 'error']);
  });

  test('SECOPS_LOG=off silences everything, errors included', () => {
    process.env.SECOPS_LOG = 'off';
    logger('core').error('boom');
    expect(lines).toEqual([]);
  });

  test('sensitive keys are redacted at any depth and in header maps, case-insensitively', () => {
    process.env.TF_LOG = 'debug';
    logger('core').debug('request', {
      headers: { 'X-Nomad-Token': 'aaaa-1111', 'Content-Type': 'application/json', 'authorization': 'Bearer zzz' },
      nested: { deeper: { Password: 'p4ss', apiKey: 'k', API_KEY: 'k2', Cookie: 'c', secretID: 's' } },
      list: [{ token: 't' }],
      map: new Map([['X-Auth-Token', 'SECRET/ID']]),
      kept: 'visible',
    });
    const line = JSON.parse(lines[0]!);
    expect(line.headers).toEqual({ 'X-Nomad-Token': '[REDACTED]', 'Content-Type': 'application/json', 'authorization': '[REDACTED]' });
    expect(line.nested.deeper).toEqual({
      Password: '[REDACTED]', apiKey: '[REDACTED]', API_KEY: '[REDACTED]', Cookie: '[REDACTED]', secretID: '[REDACTED]',
    });
    expect(line.list).toEqual([{ token: '[REDACTED]' }]);
    expect(line.map).toEqual({ 'X-Auth-Token': '[REDACTED]' });
    expect(line.kept).toBe('visible');
  });

  test('a registered secret never appears, in messages, field values or error causes', () => {
    process.env.TF_LOG = 'trace';
    const token = '6f1b1c7e-5a55-4b1f-9d3e-token-never-logged';
    registerSecret(token);
    logger('nomad').error(`request with ${token} failed`, {
      url: `http://x/?t=${token}`,
      error: new Error(`bad token ${token}`, { cause: { detail: token } }),
      deep: [[{ note: `prefix-${token}-suffix` }]],
    });
    const output = lines.join('\n');
    expect(output).not.toContain(token);
    const line = JSON.parse(lines[0]!);
    expect(line['@message']).toBe('request with [REDACTED] failed');
    expect(line.error).toEqual({ name: 'Error', message: 'bad token [REDACTED]', cause: { detail: '[REDACTED]' } });
    expect(line.deep).toEqual([[{ note: 'prefix-[REDACTED]-suffix' }]]);
  });

  test('values shorter than 4 characters are not registered', () => {
    registerSecret('abc');
    expect(maskSecrets('abc abc')).toBe('abc abc');
  });

  test('fields cannot overwrite the @ keys, and cycles do not hang', () => {
    process.env.TF_LOG = 'debug';
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger('core').debug('real', { '@message': 'fake', 'cyclic': cyclic });
    const line = JSON.parse(lines[0]!);
    expect(line['@message']).toBe('real');
    expect(line.cyclic).toEqual({ name: 'loop', self: '[...]' });
  });

  test('redact is usable on its own', () => {
    const shared = { k: 1 };
    expect(redact({ a: 1, Token: 'x', b: [new Date(0)], c: shared, d: shared })).toEqual({
      a: 1, Token: '[REDACTED]', b: ['1970-01-01T00:00:00.000Z'], c: { k: 1 }, d: { k: 1 },
    });
  });
});
