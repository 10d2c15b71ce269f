import { nomadSettingsFromEnv } from '../../../src/clients/nomad';

describe('nomadSettingsFromEnv', () => {
  test('defaults without environment', () => {
    expect(nomadSettingsFromEnv({}, {})).toEqual({
      address: 'http://127.0.0.1:4646',
      token: undefined,
      region: undefined,
      caFile: undefined,
      certFile: undefined,
      keyFile: undefined,
      skipVerify: false,
      tlsServerName: undefined,
    });
  });

  test('reads the variables Nomad users know', () => {
    expect(nomadSettingsFromEnv({}, {
      NOMAD_ADDR: 'https://nomad.example.com:4646',
      NOMAD_TOKEN: 'tok-123',
      NOMAD_REGION: 'eu',
      NOMAD_CACERT: '/ca.pem',
      NOMAD_CLIENT_CERT: '/c.pem',
      NOMAD_CLIENT_KEY: '/c.key',
      NOMAD_SKIP_VERIFY: 'true',
      NOMAD_TLS_SERVER_NAME: 'server.global.nomad',
    })).toEqual({
      address: 'https://nomad.example.com:4646',
      token: 'tok-123',
      region: 'eu',
      caFile: '/ca.pem',
      certFile: '/c.pem',
      keyFile: '/c.key',
      skipVerify: true,
      tlsServerName: 'server.global.nomad',
    });
  });

  test('explicit values win; undefined and empty strings fall back to the environment', () => {
    const settings = nomadSettingsFromEnv(
      { address: 'http://explicit:4646', token: '', region: undefined, skipVerify: false },
      { NOMAD_ADDR: 'http://env:4646', NOMAD_TOKEN: 'env-token', NOMAD_REGION: 'us', NOMAD_SKIP_VERIFY: '1' },
    );
    expect([settings.address, settings.token, settings.region, settings.skipVerify]).toEqual(['http://explicit:4646', 'env-token', 'us', false]);
  });

  test.each([['1', true], ['T', true], ['False', false], ['0', false], ['yes', false], ['', false]])(
    'NOMAD_SKIP_VERIFY=%p gives %p (Go strconv.ParseBool; unreadable values ignored)', (value, expected) => {
      expect(nomadSettingsFromEnv({}, { NOMAD_SKIP_VERIFY: value }).skipVerify).toBe(expected);
    });
});
