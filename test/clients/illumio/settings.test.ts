import { illumioSettingsFromEnv, IllumioSettingsError, normalizePceHost } from '../../../src/clients/illumio';
import { maskSecrets } from '../../../src/util/log';

const ENV = {
  ILLUMIO_PCE_HOST: 'pce.example.com',
  ILLUMIO_API_KEY_USERNAME: 'api_1a2b3c4d5e6f',
  ILLUMIO_API_KEY_SECRET: 'env-secret-0123456789abcdef',
};

describe('illumioSettingsFromEnv', () => {
  test('reads the ILLUMIO_* variables with defaults for the rest', () => {
    expect(illumioSettingsFromEnv({}, ENV)).toEqual({
      host: 'https://pce.example.com:8443',
      orgId: '1',
      apiKeyUsername: 'api_1a2b3c4d5e6f',
      apiKeySecret: 'env-secret-0123456789abcdef',
      caFile: undefined,
      insecureSkipVerify: false,
      requestsPerMinute: 500,
    });
  });

  test('explicit values win over the environment; empty strings count as unset', () => {
    const settings = illumioSettingsFromEnv(
      { host: 'https://other.example.com', orgId: '', apiKeyUsername: 'api_x', requestsPerMinute: 0, insecureSkipVerify: false },
      { ...ENV, ILLUMIO_PCE_ORG_ID: '12345678901234567', ILLUMIO_ALLOW_INSECURE_TLS: 'yes', ILLUMIO_CA_FILE: '/etc/pce-ca.pem' },
    );
    expect(settings).toMatchObject({
      host: 'https://other.example.com',
      orgId: '12345678901234567',
      apiKeyUsername: 'api_x',
      requestsPerMinute: 0,
      insecureSkipVerify: false,
      caFile: '/etc/pce-ca.pem',
    });
  });

  test.each([
    ['yes', true], ['true', true], ['1', true], ['no', false], ['', false],
  ])('ILLUMIO_ALLOW_INSECURE_TLS=%p means %p', (value, expected) => {
    expect(illumioSettingsFromEnv({}, { ...ENV, ILLUMIO_ALLOW_INSECURE_TLS: value }).insecureSkipVerify).toBe(expected);
  });

  test('the request budget comes from ILLUMIO_REQUESTS_PER_MINUTE, 0 turning it off', () => {
    expect(illumioSettingsFromEnv({}, { ...ENV, ILLUMIO_REQUESTS_PER_MINUTE: '125' }).requestsPerMinute).toBe(125);
    expect(illumioSettingsFromEnv({}, { ...ENV, ILLUMIO_REQUESTS_PER_MINUTE: '0' }).requestsPerMinute).toBe(0);
    expect(() => illumioSettingsFromEnv({}, { ...ENV, ILLUMIO_REQUESTS_PER_MINUTE: 'fast' })).toThrow(/ILLUMIO_REQUESTS_PER_MINUTE/);
  });

  test('every missing or malformed setting is named at once', () => {
    const error = catchError(() => illumioSettingsFromEnv({ orgId: 'one' }, {}));
    expect(error).toBeInstanceOf(IllumioSettingsError);
    expect((error as IllumioSettingsError).problems).toEqual([
      'missing host (ILLUMIO_PCE_HOST)',
      'missing API key username (ILLUMIO_API_KEY_USERNAME)',
      'missing API key secret (ILLUMIO_API_KEY_SECRET)',
      'org id must be a number, got "one"',
    ]);
  });

  test('the secret is registered for masking as soon as it is read', () => {
    illumioSettingsFromEnv({}, { ...ENV, ILLUMIO_API_KEY_SECRET: 'registered-secret-value-42' });
    expect(maskSecrets('x registered-secret-value-42 y')).toBe('x [REDACTED] y');
  });
});

describe('normalizePceHost', () => {
  test.each([
    ['pce.example.com', 'https://pce.example.com:8443'],
    ['pce.example.com:9443', 'https://pce.example.com:9443'],
    ['https://scp1.illum.io', 'https://scp1.illum.io'],
    ['https://pce.example.com:8443/', 'https://pce.example.com:8443'],
    ['https://pce.example.com:8443/api/v2', 'https://pce.example.com:8443'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizePceHost(raw)).toBe(expected);
  });

  test('rejects other schemes and garbage', () => {
    const problems: string[] = [];
    expect(normalizePceHost('ftp://pce', problems)).toBeUndefined();
    expect(normalizePceHost('https://', problems)).toBeUndefined();
    expect(problems).toHaveLength(2);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
