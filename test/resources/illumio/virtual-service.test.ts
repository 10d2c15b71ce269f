import { harness } from './harness';
import { virtualServiceData } from '../../../src/datasources/illumio/virtual-service';
import { VirtualServicesData, virtualServicesData } from '../../../src/datasources/illumio/virtual-services';
import { ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { provision } from '../../../src/resources/illumio/provision';
import { ServiceAddressModel, VirtualServiceModel, virtualService } from '../../../src/resources/illumio/virtual-service';

const DRAFT = '/orgs/1/sec_policy/draft/virtual_services';
const HREF = expect.stringMatching(/^\/orgs\/1\/sec_policy\/draft\/virtual_services\/[0-9a-f]{8}-[0-9a-f-]{27}$/);
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

const address = (fields: Partial<ServiceAddressModel>): ServiceAddressModel =>
  ({ ip: null, network: null, fqdn: null, description: null, port: null, ...fields });

describe('secops_illumio_virtual_service', () => {
  const h = harness();
  const planned = (fields: Partial<VirtualServiceModel> = {}): VirtualServiceModel => ({
    href: null,
    name: 'shop-vip',
    description: null,
    external_data_set: null,
    external_data_reference: null,
    labels: [],
    service: null,
    service_ports: [{ proto: 6, port: 8443, to_port: null }],
    apply_to: 'host_only',
    ip_overrides: [],
    service_addresses: [],
    created_at: null,
    updated_at: null,
    ...fields,
  });
  const draft = async (href: string) => h.client().getDraft(href);
  const active = async (href: string) => h.client().getDraft(href.replace('/draft/', '/active/'));

  test('a create whose answer was lost adopts the virtual service it made, found by content', async () => {
    const ctx = h.freshCtx();
    const web = await h.label('role', 'web');
    const config = planned({ labels: [web], ip_overrides: ['10.0.0.7/24'], service_addresses: [address({ fqdn: 'shop.example.com', port: 443 })] });
    h.sim.faults.inject(`lost,method=POST,path=/api/v2${DRAFT}`);
    const created = await virtualService.create(ctx, config);
    expect(h.sim.draft('virtual_services').map((item) => `${DRAFT}/${item.id}`)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('create writes to draft only (UUID href, update_type create); read returns the same', async () => {
    const web = await h.label('role', 'web');
    const config = planned({
      description: 'shop front',
      labels: [web],
      ip_overrides: ['10.0.0.7/24'],
      service_addresses: [address({ fqdn: 'shop.example.com', description: 'public', port: 443 }), address({ ip: '10.1.2.3' })],
      external_data_set: 'cmdb',
      external_data_reference: 'vs-1',
    });
    const created = await virtualService.create(h.ctx(), config);
    expect(created).toEqual({ ...config, href: HREF, created_at: TIME, updated_at: TIME });
    expect(await draft(created.href!)).toMatchObject({
      update_type: 'create',
      labels: [{ href: web }],
      service_ports: [{ proto: 6, port: 8443 }],
      apply_to: 'host_only',
      service_addresses: [{ fqdn: 'shop.example.com', description: 'public', port: 443 }, { ip: '10.1.2.3' }],
    });
    expect(await active(created.href!)).toBeUndefined();
    expect(await virtualService.read(h.ctx(), created)).toEqual(created);
    expect(h.warnings).toEqual([]);
  });

  test('update sends every property: a service replaces the ports, cleared texts clear, updated_at moves', async () => {
    const https = await h.client().createDraft('services', { name: 'https', service_ports: [{ proto: 6, port: 443 }] });
    const created = await virtualService.create(h.ctx(), planned({ description: 'old', external_data_set: 'cmdb', external_data_reference: 'vs-1' }));
    await new Promise(resolve => setTimeout(resolve, 5));
    const change = planned({ ...created, description: null, external_data_set: null, external_data_reference: null, service: https.href, service_ports: [], apply_to: 'internal_bridge_network' });
    const updated = await virtualService.update(h.ctx(), change, created);
    expect(updated).toEqual({ ...change, updated_at: TIME });
    expect(updated.updated_at).not.toBe(created.updated_at);
    expect(await draft(created.href!)).toMatchObject({ service: { href: https.href }, service_ports: [], external_data_set: null });
  });

  test('provisioned with the stack\'s provision resource; a delete of a provisioned one provisions itself', async () => {
    const created = await virtualService.create(h.ctx(), planned());
    const versions = h.sim.versions().length;
    await provision.create(h.ctx(), { objects: [created.href!], description: null, version_href: null });
    expect(h.sim.versions().length).toBe(versions + 1);
    expect((await active(created.href!))?.name).toBe('shop-vip');
    await virtualService.delete(h.ctx(), created);
    expect(await draft(created.href!)).toBeUndefined();
    expect(await active(created.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});
  });

  test('delete of a never-provisioned one removes it without provisioning; read then reports it gone', async () => {
    const created = await virtualService.create(h.ctx(), planned());
    const versions = h.sim.versions().length;
    await virtualService.delete(h.ctx(), created);
    expect(h.sim.versions().length).toBe(versions);
    expect(await virtualService.read(h.ctx(), created)).toBeUndefined();
  });

  test('drift: deleted out of band and provisioned, read says gone; a pending deletion is kept and warned about', async () => {
    const gone = await virtualService.create(h.ctx(), planned({ name: 'gone' }));
    const pending = await virtualService.create(h.ctx(), planned({ name: 'pending' }));
    await h.client().provision({ description: 't' });
    await h.client().deleteDraft(gone.href!);
    await h.client().provision({ description: 'out of band', changeSubset: { virtual_services: [{ href: gone.href! }] } });
    expect(await virtualService.read(h.ctx(), gone)).toBeUndefined();
    await h.client().deleteDraft(pending.href!);
    expect(await virtualService.read(h.ctx(), pending)).toEqual({ ...pending, updated_at: TIME });
    expect(h.warnings).toEqual([expect.stringMatching(new RegExp(`^${pending.href} is pending deletion in the PCE: `))]);
  });

  test('import by href fills the state through read', async () => {
    const created = await virtualService.create(h.ctx(), planned({ description: 'd' }));
    const imported = await virtualService.importState!(h.ctx(), created.href!);
    expect(imported).toEqual({ href: created.href });
    expect(await virtualService.read(h.ctx(), imported as VirtualServiceModel)).toEqual(created);
  });

  test('a label it carries is refused on delete; an unknown service href is the PCE\'s invalid_uri', async () => {
    const web = await h.label('role', 'web');
    await virtualService.create(h.ctx(), planned({ labels: [web] }));
    const state = { href: web, key: 'role', value: 'web', external_data_set: null, external_data_reference: null, created_at: null, updated_at: null };
    await expect(labelResource.delete(h.ctx(), state)).rejects.toThrow(/label_in_use/);
    await expect(virtualService.create(h.ctx(), planned({ name: 'x', service: '/orgs/1/sec_policy/draft/services/99', service_ports: [] })))
      .rejects.toThrow(/406.*invalid_uri/);
  });

  test('validation: service with ports, addresses with neither or both of ip and fqdn, ranges, apply_to, overrides', () => {
    const config = planned({
      name: '',
      service: '/orgs/1/sec_policy/draft/services/1',
      service_ports: [{ proto: 6, port: 90, to_port: 80 }, { proto: 6, port: null, to_port: 80 }],
      apply_to: 'everything',
      ip_overrides: ['10.0.0.1', 'nope'],
      service_addresses: [address({}), address({ ip: '10.0.0.1', fqdn: 'a.example', description: 'x' }), address({ fqdn: 'b.example', network: '/orgs/1/networks/1' })],
    });
    const problems = [...validateBlock(virtualService.schema, config as unknown as ObjectValue), ...virtualService.validate!(config)];
    expect(problems.map(p => [p.path.join('.'), p.detail])).toEqual([
      ['name', 'must not be empty'],
      ['apply_to', 'must be one of "host_only", "internal_bridge_network", got "everything"'],
      ['ip_overrides', 'must be IPv4 or IPv6 addresses or CIDRs, got "nope"'],
      ['service', 'give either service or service_ports blocks, not both'],
      ['service_ports.0.to_port', 'to_port (80) must be at least port (90)'],
      ['service_ports.1.to_port', 'to_port is the high end of a range and needs port, its low end'],
      ['service_addresses.0', 'give exactly one of ip and fqdn'],
      ['service_addresses.1', 'give exactly one of ip and fqdn'],
      ['service_addresses.2', 'network goes with ip'],
    ]);
    expect(virtualService.validate!(planned())).toEqual([]);
  });

  describe('data sources', () => {
    const none = planned({
      name: null as unknown as string, service_ports: null, labels: null, ip_overrides: null, apply_to: null, service_addresses: null,
    });
    const filters = (fields: Partial<VirtualServicesData> = {}): VirtualServicesData => ({
      name: null,
      external_data_set: null,
      external_data_reference: null,
      labels: null,
      service: null,
      service_address_fqdn: null,
      service_address_ip: null,
      service_port: null,
      service_proto: null,
      virtual_services: null,
      ...fields,
    });

    test('one by href or exact name: none, several and conflicting arguments fail', async () => {
      const created = await virtualService.create(h.ctx(), planned({ name: 'shop' }));
      await virtualService.create(h.ctx(), planned({ name: 'shop-2' }));
      expect(await virtualServiceData.read(h.ctx(), { ...none, href: created.href })).toEqual(created);
      expect(await virtualServiceData.read(h.ctx(), { ...none, name: 'shop' })).toEqual(created);
      await expect(virtualServiceData.read(h.ctx(), { ...none, name: 'sho' })).rejects.toThrow('The PCE has no virtual service named "sho"');
      await virtualService.create(h.ctx(), planned({ name: 'shop' }));
      await expect(virtualServiceData.read(h.ctx(), { ...none, name: 'shop' })).rejects.toThrow(/^2 virtual services are named "shop"/);
      await expect(virtualServiceData.read(h.ctx(), { ...none, href: `${DRAFT}/0b1c` })).rejects.toThrow(`The PCE has no virtual service ${DRAFT}/0b1c`);
      expect(virtualServiceData.validate!({ ...none, name: 'a', href: 'b' }).map(p => p.detail)).toEqual(['give either href or name, not both']);
    });

    test('the list: all, exact name, and the PCE\'s filters (labels, addresses, ports, external data)', async () => {
      const web = await h.label('role', 'web');
      await virtualService.create(h.ctx(), planned({ name: 'shop', labels: [web], service_addresses: [address({ fqdn: 'shop.example.com' })] }));
      await virtualService.create(h.ctx(), planned({ name: 'shop-dns', service_ports: [{ proto: 17, port: 53, to_port: null }], external_data_set: 'cmdb', external_data_reference: 'dns' }));
      const names = async (fields: Partial<VirtualServicesData>) =>
        (await virtualServicesData.read(h.ctx(), filters(fields))).virtual_services!.map(v => v.name);
      expect(await names({})).toEqual(['shop', 'shop-dns']);
      expect(await names({ name: 'shop' })).toEqual(['shop']);
      expect(await names({ labels: [[web]] })).toEqual(['shop']);
      expect(await names({ service_address_fqdn: 'example.com' })).toEqual(['shop']);
      expect(await names({ service_proto: 17 })).toEqual(['shop-dns']);
      expect(await names({ service_port: '8443' })).toEqual(['shop']);
      expect(await names({ external_data_set: 'cmdb', external_data_reference: 'dns' })).toEqual(['shop-dns']);
    });
  });
});
