import { TerraformStack, TerraformVariable } from 'cdktf';
import { planFindings, synthFindings } from './helpers';
import { chainguard } from '../../src';

const GROUP = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';
const ADDRESS = 'secops_chainguard_subscription';

/** The findings of a rule on one subscription per sink, at synth. */
function findings(ruleId: string, ...sinks: string[]): string[] {
  return synthFindings(ruleId, stack => {
    sinks.forEach((sink, i) => new chainguard.Subscription(stack, `s${i}`, { parentId: GROUP, sink }));
  });
}

/** The same on a plan that creates one subscription. */
function planned(ruleId: string, sink: string): string[] {
  return planFindings(ruleId, { address: `${ADDRESS}.s`, actions: ['create'], after: { parent_id: GROUP, sink }, afterUnknown: { id: true } });
}

describe('chainguard-sink-not-https', () => {
  const id = 'chainguard-sink-not-https';

  test('flags an http sink, at synth and in plans', () => {
    expect(findings(id, 'http://events.example.com/chainguard')).toEqual([
      `${ADDRESS}.s0: Events and their OIDC bearer tokens go to events.example.com unencrypted (\`http://\`): readable and alterable on the way.`,
    ]);
    expect(planned(id, 'HTTP://events.example.com:8080/')).toEqual([expect.stringContaining('go to events.example.com:8080 unencrypted')]);
  });

  test('passes an https sink, and one known only at apply', () => {
    expect(findings(id, 'https://events.example.com/chainguard')).toEqual([]);
    expect(planned(id, 'https://events.example.com/')).toEqual([]);
    expect(synthFindings(id, stack => {
      const sink = new TerraformVariable(stack, 'sink', { type: 'string' });
      new chainguard.Subscription(stack, 'later', { parentId: GROUP, sink: sink.stringValue });
    })).toEqual([]);
    expect(planFindings(id, { address: `${ADDRESS}.later`, actions: ['create'], after: { parent_id: GROUP }, afterUnknown: { sink: true, id: true } })).toEqual([]);
  });
});

describe('chainguard-sink-private-address', () => {
  const id = 'chainguard-sink-private-address';

  test('flags loopback, private and link-local literal addresses and localhost', () => {
    expect(findings(id, 'https://10.1.2.3/hook')).toEqual([
      `${ADDRESS}.s0: The sink's host 10.1.2.3 is a private address (RFC 1918): Chainguard delivers from the internet, so its events never arrive (or reach an internal service).`,
    ]);
    const kinds: [string, string][] = [
      ['https://127.0.0.1:8443/', 'a loopback address'],
      ['https://localhost/hook', 'localhost (loopback)'],
      ['https://webhook.localhost/', 'localhost (loopback)'],
      ['https://172.20.0.5/', 'a private address (RFC 1918)'],
      ['https://192.168.1.10/', 'a private address (RFC 1918)'],
      ['http://169.254.169.254/latest/meta-data/', 'a link-local address'],
      ['https://100.64.1.1/', 'a carrier-grade NAT address (RFC 6598)'],
      ['https://0.0.0.0/', 'an unspecified address ("this network")'],
      ['https://[::1]/', 'a loopback address'],
      ['https://[fd12:3456::1]/', 'a private address (unique local, fc00::/7)'],
      ['https://[fe80::1]/', 'a link-local address'],
      ['https://[::ffff:10.0.0.1]/', 'a private address (RFC 1918)'],
    ];
    for (const [sink, kind] of kinds) expect(planned(id, sink)).toEqual([expect.stringContaining(`is ${kind}: `)]);
  });

  test('passes public addresses and DNS names, which cannot be judged', () => {
    expect(findings(id, 'https://203.0.113.7/hook', 'https://172.32.0.1/', 'https://100.128.0.1/', 'https://[2001:db8::1]/', 'https://internal.corp.example/hook', 'https://10.example.com/')).toEqual([]);
    expect(planned(id, 'https://events.example.com/')).toEqual([]);
  });
});

describe('chainguard-sink-credentials-in-url', () => {
  const id = 'chainguard-sink-credentials-in-url';

  test('flags user info and secret query parameters, without quoting them', () => {
    const found = findings(id, 'https://hook:s3cret@events.example.com/', 'https://events.example.com/in?api_key=abc&token=def&team=x');
    expect(found).toEqual([
      `${ADDRESS}.s0: The sink URL for events.example.com carries a user name and password before the host: the secret is stored in state and shown wherever the URL is.`,
      `${ADDRESS}.s1: The sink URL for events.example.com carries the query parameters \`api_key\`, \`token\`: the secret is stored in state and shown wherever the URL is.`,
    ]);
    expect(found.join()).not.toMatch(/s3cret|abc|def/);
    expect(planned(id, 'https://events.example.com/?sig=1')).toHaveLength(1);
  });

  test('passes a URL with no secret in it', () => {
    expect(findings(id, 'https://events.example.com/in?team=platform', 'https://events.example.com/')).toEqual([]);
    expect(planned(id, 'https://events.example.com/chainguard')).toEqual([]);
  });
});

describe('chainguard-subscription-destroyed', () => {
  const id = 'chainguard-subscription-destroyed';
  const before = { id: `${GROUP}/0123456789abcdef`, parent_id: GROUP, sink: 'https://siem.example.com/chainguard?token=x' };

  test('warns when a plan destroys or replaces a subscription, naming only the sink host', () => {
    expect(planFindings(id, { address: `${ADDRESS}.audit`, actions: ['delete'], before })).toEqual([
      `${ADDRESS}.audit: Destroying the subscription stops delivering the group's events to siem.example.com.`,
    ]);
    expect(planFindings(id, {
      address: `${ADDRESS}.audit`, actions: ['delete', 'create'], before, after: { parent_id: GROUP, sink: 'https://siem2.example.com/' }, afterUnknown: { id: true },
    })).toEqual([`${ADDRESS}.audit: Replacing the subscription deletes the delivery to siem.example.com and creates a new one: events in between are not delivered.`]);
  });

  test('is silent on creates, unchanged subscriptions and at synth', () => {
    expect(planFindings(id, { address: `${ADDRESS}.audit`, actions: ['no-op'], before, after: before })).toEqual([]);
    expect(planned(id, 'https://siem.example.com/')).toEqual([]);
    expect(findings(id, 'https://siem.example.com/')).toEqual([]);
  });
});

describe('the Chainguard pack', () => {
  test('a compliant subscription raises nothing at all', () => {
    const stack = (s: TerraformStack) => new chainguard.Subscription(s, 'ok', { parentId: GROUP, sink: 'https://events.example.com/chainguard' });
    for (const rule of ['chainguard-sink-not-https', 'chainguard-sink-private-address', 'chainguard-sink-credentials-in-url']) {
      expect(synthFindings(rule, stack)).toEqual([]);
    }
  });
});
