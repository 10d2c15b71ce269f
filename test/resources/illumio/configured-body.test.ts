import { configuredBody } from '../../../src/resources/illumio/draft';

describe('an Illumio update body sends what the configuration says', () => {
  const body = { name: 'web', description: '', process_name: '', external_data_set: null, service_ports: [{ proto: 6 }], windows_services: [], extra: 1 };

  test('properties neither planned nor in prior state are left out; body keys outside the model stay', () => {
    const planned = { name: 'web', description: null, process_name: null, external_data_set: null, service_ports: [{ proto: 6 }], windows_services: [] };
    expect(configuredBody(body, planned, { ...planned, name: 'old' })).toEqual({ name: 'web', service_ports: [{ proto: 6 }], extra: 1 });
  });

  test('a property the configuration stopped setting is sent, to clear it', () => {
    const planned = { name: 'web', description: null, process_name: null, external_data_set: null, service_ports: [{ proto: 6 }], windows_services: [] };
    const prior = { ...planned, description: 'old', windows_services: [{ process_name: 'a.exe' }] };
    expect(configuredBody(body, planned, prior)).toEqual({ name: 'web', description: '', service_ports: [{ proto: 6 }], windows_services: [], extra: 1 });
  });
});
