import { IllumioClient } from '../../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../../src/clients/illumio/settings';
import { DYNAMIC, list, object, STRING } from '../../../src/provider/cty/types';
import { Dynamic } from '../../../src/provider/cty/values';
import { HandlerContext } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { hrefsOf, provision } from '../../../src/resources/illumio/provision';
import { IllumioSimulator } from '../../../src/simulators/illumio';

describe('secops_illumio_provision against the PCE simulator', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let ctx: HandlerContext<IllumioClient>;

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    const { url: host, orgId, apiKeyUsername, apiKeySecret } = pce;
    client = new IllumioClient(illumioSettingsFromEnv({ host, orgId: String(orgId), apiKeyUsername, apiKeySecret }, {}));
    ctx = { client, signal: new AbortController().signal, revision: undefined, recordRevision() {}, created() {}, warn() {} };
  });

  afterAll(async () => {
    await client.close();
    await pce.stop();
  });

  const objectsOf = (...hrefs: string[]) =>
    new Dynamic(list(object({ href: STRING, updated_at: STRING })), hrefs.map(href => ({ href, updated_at: 't' })));
  const pendingHrefs = async () => Object.values(await client.pending()).flat().map(change => (change as { href: string }).href).sort();

  test('provisions exactly its objects\' pending changes in one version, leaving others\' changes pending', async () => {
    const ours1 = await client.createDraft('ip_lists', { name: 'ours-1', ip_ranges: [{ from_ip: '10.0.0.0/24' }] });
    const ours2 = await client.createDraft('services', { name: 'ours-2', service_ports: [{ proto: 6, port: 443 }] });
    const theirs = await client.createDraft('ip_lists', { name: 'theirs', ip_ranges: [{ from_ip: '10.9.0.0/24' }] });
    const versionsBefore = pce.versions().length;

    const created = await provision.create(ctx, { objects: objectsOf(ours1.href, ours2.href), description: 'ring-fence shop', version_href: null });

    expect(pce.versions().length).toBe(versionsBefore + 1);
    expect(created.version_href).toMatch(/^\/orgs\/\d+\/sec_policy\/\d+$/);
    expect(await pendingHrefs()).toEqual([theirs.href]);
  });

  test('an update with nothing of ours pending keeps the version and creates none', async () => {
    const ip = await client.createDraft('ip_lists', { name: 'quiet', ip_ranges: [{ from_ip: '10.1.0.0/24' }] });
    const first = await provision.create(ctx, { objects: objectsOf(ip.href), description: null, version_href: null });
    const versions = pce.versions().length;
    const again = await provision.update(ctx, { objects: objectsOf(ip.href), description: null, version_href: null }, first);
    expect(again.version_href).toBe(first.version_href);
    expect(pce.versions().length).toBe(versions);
  });

  test('objects are the resources themselves or their hrefs; anything else fails at plan', () => {
    expect(hrefsOf(new Dynamic(list(STRING), ['/orgs/1/sec_policy/draft/ip_lists/1']))).toEqual(['/orgs/1/sec_policy/draft/ip_lists/1']);
    const problems = validateBlock(provision.schema, { objects: new Dynamic(list(DYNAMIC), [new Dynamic(STRING, 'x')]), description: null, version_href: null });
    expect(problems).toEqual([]);
    const bad = validateBlock(provision.schema, { objects: new Dynamic(STRING, 'not a list'), description: null, version_href: null });
    expect(bad.map(p => p.detail)).toEqual(['must be a list (or map) of policy objects, or of their hrefs']);
    expect(hrefsOf(new Dynamic(object({ a: object({ href: STRING }) }), { a: { href: '/h/1' } }))).toEqual(['/h/1']);
  });
});
