// The hclog-compatible logger: line format, levels from Terraform's variables, and redaction.
import {
  REDACTED, createLogger, formatLine, redactFields, redactText, registerSecret, thresholdFromEnv,
} from '../../../src/provider/log';
import { registerSecret as sharedRegisterSecret } from '../../../src/util/log';

function capture(threshold: number) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('secops', { threshold, sink: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const TRACE = thresholdFromEnv({ TF_LOG: 'trace' });

describe('line format', () => {
  test('is one hclog JSON object per line, with the timestamp layout go-plugin parses', () => {
    const line = formatLine('debug', 'secops', 'hello', { count: 2 }, new Date('2025-01-02T03:04:05.678Z'));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      '@level': 'debug',
      '@message': 'hello',
      '@module': 'secops',
      '@timestamp': '2025-01-02T03:04:05.678000Z', // Go layout 2006-01-02T15:04:05.000000Z07:00
      'count': 2,
    });
  });

  test('fields cannot overwrite the @ keys', () => {
    expect(JSON.parse(formatLine('info', 'secops', 'm', { '@level': 'error' }))['@level']).toBe('info');
  });

  test('child loggers name their module', () => {
    const { logger, lines } = capture(TRACE);
    logger.child('nomad').info('x');
    expect(lines[0]['@module']).toBe('secops.nomad');
  });
});

describe('levels', () => {
  test('come from TF_LOG_PROVIDER, else TF_LOG, as Terraform reads them', () => {
    const warn = thresholdFromEnv({});
    expect(thresholdFromEnv({ TF_LOG: 'DEBUG' })).toBeLessThan(warn);
    expect(thresholdFromEnv({ TF_LOG: 'DEBUG', TF_LOG_PROVIDER: 'ERROR' })).toBeGreaterThan(warn);
    expect(thresholdFromEnv({ TF_LOG: 'JSON' })).toBe(TRACE);
    expect(thresholdFromEnv({ TF_LOG: 'verbose' })).toBe(TRACE);
    expect(thresholdFromEnv({ TF_LOG: 'off' })).toBeGreaterThan(thresholdFromEnv({ TF_LOG: 'error' }));
  });

  test('without a setting only warnings and errors are written', () => {
    const { logger, lines } = capture(thresholdFromEnv({}));
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((line) => line['@level'])).toEqual(['warn', 'error']);
    expect(logger.enabled('debug')).toBe(false);
  });

  test('OFF writes nothing', () => {
    const { logger, lines } = capture(thresholdFromEnv({ TF_LOG_PROVIDER: 'OFF' }));
    logger.error('e');
    expect(lines).toEqual([]);
  });
});

describe('redaction', () => {
  test('credential-like field names are redacted at any depth', () => {
    expect(redactFields({
      'token': 'a',
      'X-Nomad-Token': 'b',
      'apiKey': 'c',
      'api_key': 'd',
      'headers': { Authorization: 'Bearer e', Cookie: 'f', accept: 'json' },
      'password': 'g',
      'client_secret': 'h',
      'list': [{ secretId: 'i' }],
      'host': 'pce.example.com',
    })).toEqual({
      'token': REDACTED,
      'X-Nomad-Token': REDACTED,
      'apiKey': REDACTED,
      'api_key': REDACTED,
      'headers': { Authorization: REDACTED, Cookie: REDACTED, accept: 'json' },
      'password': REDACTED,
      'client_secret': REDACTED,
      'list': [{ secretId: REDACTED }],
      'host': 'pce.example.com',
    });
  });

  test('registered secrets are masked in messages, fields and errors', () => {
    registerSecret('s3cr3t-abcdef');
    const { logger, lines } = capture(TRACE);
    logger.error('login with s3cr3t-abcdef failed', {
      url: 'https://x/?key=s3cr3t-abcdef',
      error: new Error('denied s3cr3t-abcdef'),
    });
    expect(lines[0]['@message']).toBe(`login with ${REDACTED} failed`);
    expect(lines[0].url).toBe(`https://x/?key=${REDACTED}`);
    expect(lines[0].error).toBe(`Error: denied ${REDACTED}`);
    expect(redactText('x s3cr3t-abcdef y s3cr3t-abcdef')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  test('values too short to be credentials are not registered', () => {
    registerSecret('ab');
    registerSecret(undefined);
    expect(redactText('ab cab')).toBe('ab cab');
  });

  test('bytes and bigints are logged safely', () => {
    expect(redactFields({ body: Buffer.from('xyz'), big: 2n ** 70n })).toEqual({ body: '<3 bytes>', big: '1180591620717411303424' });
  });
});

describe('one secret registry', () => {
  test('secrets registered by the clients\' logger are masked here too', () => {
    sharedRegisterSecret('client-token-9a8b7c');
    expect(redactText('Bearer client-token-9a8b7c')).toBe(`Bearer ${REDACTED}`);
  });
});
