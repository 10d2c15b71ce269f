import { allServices, anyConsumers, portRanges } from './policy-objects';
import { FindingSeverity, Rule } from '../../model';
import { knownList, knownObject } from '../../values';

/** Remote administration and unencrypted login ports that should never face the whole network. */
const ADMIN_PORTS: readonly { proto: number; port: number; name: string }[] = [
  { proto: 6, port: 22, name: 'SSH' },
  { proto: 6, port: 23, name: 'Telnet' },
  { proto: 6, port: 3389, name: 'RDP' },
  { proto: 6, port: 5985, name: 'WinRM' },
  { proto: 6, port: 5986, name: 'WinRM over HTTPS' },
];

/**
 * Remote administration open to every address is the classic way in. (A rule opening every port
 * to every address is illumio-any-ip-to-all-services; this one catches the narrower rule.)
 */
export const illumioAdminPortFromAnyIp: Rule = {
  id: 'illumio-admin-port-from-any-ip',
  severity: FindingSeverity.ERROR,
  description: 'A security rule opens a remote administration port (SSH, RDP, WinRM, Telnet) to any IP address.',
  remediation: 'Allow administration only from a jump host or admin network (a label or a narrow IP list).',
  resourceTypes: ['secops_illumio_security_rule'],
  check(view, context) {
    const values = view.values!;
    const consumers = anyConsumers(values, context);
    if (consumers.length === 0 || allServices(values.ingress_services, context)) return [];
    const open = new Set<string>();
    for (const item of knownList(values.ingress_services) ?? []) {
      const entry = knownObject(item);
      for (const range of (entry && portRanges(entry, context)) ?? []) {
        ADMIN_PORTS.filter(a => a.proto === range.proto && a.port >= range.from && a.port <= range.to).forEach(a => open.add(`${a.name} (${a.port})`));
      }
    }
    return open.size === 0 ? [] : [`Consumers ${consumers.join(' and ')} may reach ${[...open].join(', ')} on the providers.`];
  },
};
