import { IllumioClient, illumioSettingsFromEnv } from '../../../src/clients/illumio';
import { serviceData } from '../../../src/datasources/illumio/service';
import { servicesData } from '../../../src/datasources/illumio/services';
import { Decimal, UNKNOWN } from '../../../src/provider/cty/values';
import { HandlerContext, ObjectValue } from '../../../src/provider/definitions';
import { configProblems, validateBlock } from '../../../src/provider/validate';
import { ServiceModel, ServicePortModel, WindowsServiceModel, service } from '../../../src/resources/illumio/service';
import { IllumioSimulator } from '../../../src/simulators/illumio';

const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

function model(values: Partial<ServiceModel>): ServiceModel {
  return {
    href: null,
    name: 'web',
    description: null,
    process_name: null,
    external_data_set: null,
    external_data_reference: null,
    service_ports: [],
    windows_services: [],
    created_at: null,
    updated_at: null,
    ...values,
  };
}

const port = (proto: number, extra: Partial<ServicePortModel> = {}): ServicePortModel =>
  ({ proto, port: null, to_port: null, icmp_type: null, icmp_code: null, ...extra });
const windows = (extra: Partial<WindowsServiceModel>): WindowsServiceModel =>
  ({ service_name: null, process_name: null, port: null, to_port: null, proto: null, icmp_type: null, icmp_code: null, ...extra });
const asConfig = (value: ServiceModel): ObjectValue => value as unknown as ObjectValue; // the model is the block's value

describe('secops_illumio_service against the simulated PCE', () => {
  const sim = new IllumioSimulator({ env: {} });
  let client: IllumioClient;
  let warnings: string[];
  let ctx: HandlerContext<IllumioClient>;

  const active = (href: string) => client.getDraft(href.replace('/sec_policy/draft/', '/sec_policy/active/'));
  const versions = () => sim.state.listVersions().length;

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    client = new IllumioClient(illumioSettingsFromEnv({
      host: sim.url, orgId: String(sim.orgId), apiKeyUsername: sim.apiKeyUsername, apiKeySecret: sim.apiKeySecret,
    }, {}));
    warnings = [];
    ctx = { client, signal: new AbortController().signal, revision: undefined, recordRevision() {}, created() {}, warn(summary, detail) { warnings.push(`${summary}: ${detail}`); } };
  });
  afterEach(() => client.close());

  test('create writes the service to draft (update_type create), not to active', async () => {
    const planned = model({
      description: 'web ports',
      service_ports: [port(6, { port: 80 }), port(6, { port: 8000, to_port: 8080 }), port(17, { port: 53 }), port(1, { icmp_type: 8, icmp_code: 0 })],
      windows_services: [windows({ service_name: 'w3svc', proto: 6, port: 443 })],
    });
    const state = await service.create(ctx, planned);
    expect(state).toEqual({
      ...planned,
      href: expect.stringMatching(/^\/orgs\/1\/sec_policy\/draft\/services\/\d+$/),
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    });
    expect(await client.getDraft(state.href!)).toMatchObject({
      name: 'web',
      update_type: 'create',
      service_ports: [
        { proto: 6, port: 80 },
        { proto: 6, port: 8000, to_port: 8080 },
        { proto: 17, port: 53 },
        { proto: 1, icmp_type: 8, icmp_code: 0 },
      ],
      windows_services: [{ service_name: 'w3svc', proto: 6, port: 443 }],
    });
    expect(await active(state.href!)).toBeUndefined();
    expect(versions()).toBe(0);
    expect(await service.read(ctx, state)).toEqual(state);
    expect(warnings).toEqual([]);
  });

  test('update PUTs every field, re-reads the service, and updated_at changes', async () => {
    const state = await service.create(ctx, model({ description: 'old', process_name: 'nginx', service_ports: [port(6, { port: 80 })] }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const planned = model({ href: state.href, name: 'web-2', service_ports: [port(6, { port: 443 })], windows_services: [windows({ process_name: 'svc.exe' })] });
    const updated = await service.update(ctx, planned, state);
    expect(updated).toEqual({ ...planned, created_at: state.created_at, updated_at: TIMESTAMP });
    expect(updated.updated_at).not.toBe(state.updated_at);
    expect(await client.getDraft(state.href!)).toMatchObject({
      name: 'web-2', description: '', process_name: '', service_ports: [{ proto: 6, port: 443 }], windows_services: [{ process_name: 'svc.exe' }],
    });
    expect(await service.read(ctx, updated)).toEqual(updated);
  });

  test('delete of a never-provisioned service removes it and makes no version', async () => {
    const state = await service.create(ctx, model({ service_ports: [port(6, { port: 22 })] }));
    await service.delete(ctx, state);
    expect(await client.getDraft(state.href!)).toBeUndefined();
    expect(await service.read(ctx, state)).toBeUndefined();
    expect(versions()).toBe(0);
  });

  test('delete of a provisioned service leaves it in neither draft nor active, with one new version', async () => {
    const state = await service.create(ctx, model({ service_ports: [port(6, { port: 22 })] }));
    await client.provision({ description: 't' });
    expect(versions()).toBe(1);
    expect(await active(state.href!)).toMatchObject({ name: 'web' });
    await service.delete(ctx, state);
    expect(await client.getDraft(state.href!)).toBeUndefined();
    expect(await active(state.href!)).toBeUndefined();
    expect(versions()).toBe(2);
  });

  test('a pending deletion is read with a warning; import by href reads the service', async () => {
    const state = await service.create(ctx, model({ service_ports: [port(17, { port: 123 })] }));
    expect(await service.importState!(ctx, state.href!)).toEqual({ href: state.href });
    expect(await service.read(ctx, model({ href: state.href, name: '', service_ports: null, windows_services: null }))).toEqual(state);
    await client.provision({ description: 't' });
    await client.deleteDraft(state.href!);
    expect(await service.read(ctx, state)).toEqual({ ...state, updated_at: TIMESTAMP });
    expect(warnings).toEqual([
      `${state.href} is pending deletion in the PCE: Someone deleted this object in the draft policy without provisioning. It is still enforced; provision or revert the deletion in the PCE.`,
    ]);
  });

  test('validation: ports 0-65535, to_port needs port and is at least port, protocols and ICMP ranges', () => {
    const config = asConfig(model({
      service_ports: [
        port(6, { port: 70000 }),
        port(6, { port: 100, to_port: 99 }),
        port(17, { to_port: 5 }),
        port(256, { port: 1.5 }),
        port(1, { icmp_type: 256, icmp_code: 16 }),
        port(6, { port: 0, to_port: 65535 }),
      ],
      windows_services: [windows({ port: 10, to_port: 9 })],
    }));
    const problem = (path: (string | number)[], detail: string) => ({ path, summary: `Invalid value for "${path.join('.')}"`, detail });
    expect(validateBlock(service.schema, config)).toEqual([
      problem(['service_ports', 0, 'port'], 'port must be an integer from 0 to 65535, got 70000'),
      problem(['service_ports', 3, 'proto'], 'proto must be an integer from 0 to 255, got 256'),
      problem(['service_ports', 3, 'port'], 'port must be an integer from 0 to 65535, got 1.5'),
      problem(['service_ports', 4, 'icmp_type'], 'icmp_type must be an integer from 0 to 255, got 256'),
      problem(['service_ports', 4, 'icmp_code'], 'icmp_code must be an integer from 0 to 15, got 16'),
    ]);
    expect(configProblems(service as never, config).slice(5)).toEqual([
      problem(['service_ports', 1, 'to_port'], 'to_port (99) must be at least port (100)'),
      problem(['service_ports', 2, 'to_port'], 'to_port is the high end of a range and needs port, its low end'),
      problem(['windows_services', 0, 'to_port'], 'to_port (9) must be at least port (10)'),
    ]);
    // Numbers the codec keeps as Decimal, and unknown values, are handled.
    expect(validateBlock(service.schema, asConfig(model({ service_ports: [port(6, { port: new Decimal('80.5') as unknown as number })] }))))
      .toEqual([problem(['service_ports', 0, 'port'], 'port must be an integer from 0 to 65535, got 80.5')]);
    const unknownPort = UNKNOWN as unknown as number; // an unknown value, as Terraform sends it at plan
    expect(service.validate!(model({ service_ports: [port(6, { port: unknownPort, to_port: 5 })], windows_services: UNKNOWN as never }))).toEqual([]);
  });

  describe('data sources', () => {
    test('secops_illumio_service by exact name and by href; several with one name fail', async () => {
      const web = await service.create(ctx, model({ name: 'web', service_ports: [port(6, { port: 80 })] }));
      await service.create(ctx, model({ name: 'web-admin' }));
      expect(await serviceData.read(ctx, model({ name: 'web', service_ports: null, windows_services: null }))).toEqual(web);
      expect(await serviceData.read(ctx, model({ href: web.href, name: null as unknown as string }))).toEqual(web);
      await expect(serviceData.read(ctx, model({ name: 'we' }))).rejects.toThrow('The PCE has no service named "we"');
      const web2 = await service.create(ctx, model({ name: 'web' }));
      await expect(serviceData.read(ctx, model({ name: 'web' })))
        .rejects.toThrow(`2 services are named "web": ${web.href}, ${web2.href}; give href to choose one`);
      expect(serviceData.validate!(model({ name: null as unknown as string }))).toEqual([{ path: [], summary: 'Missing arguments', detail: 'give href or name' }]);
    });

    test('secops_illumio_services returns every service of a name, or all', async () => {
      const a = await service.create(ctx, model({ name: 'web' }));
      const b = await service.create(ctx, model({ name: 'web' }));
      const c = await service.create(ctx, model({ name: 'web-admin' }));
      expect((await servicesData.read(ctx, { name: 'web', services: null })).services).toEqual([a, b]);
      expect((await servicesData.read(ctx, { name: null, services: null })).services!.map((s) => s.href)).toEqual([a.href, b.href, c.href]);
    });
  });
});
