import { TerraformWorkspace } from './workspace';
import { NomadSimulator } from '../../src/simulators/nomad';
import { RecordingConnectProxy } from '../fixtures/connect-proxy';

/** The real terraform applies through a recording CONNECT proxy: every request of the provider goes through it, unless NO_PROXY says not. */
describe('terraform through a proxy (HTTP_PROXY, proxy_url, NO_PROXY)', () => {
  const nomad = new NomadSimulator();
  const proxy = new RecordingConnectProxy({ user: 'ci', password: 'pr0xy-pass' });
  const config = (proxyUrl: string): string => `
provider "secops" {
  nomad {
    proxy_url = ${proxyUrl === '' ? 'null' : JSON.stringify(proxyUrl)}
  }
}

resource "secops_nomad_acl_binding_rule" "engineers" {
  auth_method = "okta"
  selector    = "\\"engineering\\" in list.groups"
  bind_type   = "role"
  bind_name   = "engineer"
}
`;

  beforeAll(async () => {
    await Promise.all([nomad.start(), proxy.start()]);
  });
  afterAll(async () => {
    await Promise.all([nomad.stop(), proxy.stop()]);
  });

  test('HTTP_PROXY from the environment: apply and destroy tunnel every request; the password is in no log line', async () => {
    const tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken, HTTP_PROXY: proxy.url, TF_LOG_PROVIDER: 'debug' });
    try {
      tf.writeConfig(config(''));
      await tf.expect(0, 'init', '-input=false');
      proxy.tunnels.length = 0;
      const applied = await tf.expect(0, 'apply', '-auto-approve', '-input=false');
      await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
      expect(proxy.targets()).toEqual([new URL(nomad.url).host]);
      expect(proxy.tunnels.every(t => t.status === 200)).toBe(true);
      expect(applied.stdout + applied.stderr).not.toContain('pr0xy-pass');
    } finally {
      tf.dispose();
    }
  });

  test('proxy_url in the block, with NO_PROXY naming the simulator: nothing goes through the proxy', async () => {
    const tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken, NO_PROXY: '127.0.0.1' });
    try {
      tf.writeConfig(config(proxy.url));
      await tf.expect(0, 'init', '-input=false');
      proxy.tunnels.length = 0;
      await tf.expect(0, 'apply', '-auto-approve', '-input=false');
      await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
      expect(proxy.tunnels).toEqual([]);
    } finally {
      tf.dispose();
    }
  });
});
