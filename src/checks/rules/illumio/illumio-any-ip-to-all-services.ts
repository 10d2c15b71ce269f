import { allServices, anyConsumers } from './policy-objects';
import { FindingSeverity, Rule } from '../../model';

/**
 * Illumio is an allow-list: a rule that lets any address (or every workload of every scope) reach
 * every port of its providers undoes the segmentation of those workloads.
 */
export const illumioAnyIpToAllServices: Rule = {
  id: 'illumio-any-ip-to-all-services',
  severity: FindingSeverity.ERROR,
  description: 'A security rule lets any IP address (or every workload of every scope) reach all services of its providers.',
  remediation: 'Name the consumers (labels, label groups, a narrow IP list) and the services they need; keep 0.0.0.0/0 for the few public ports.',
  resourceTypes: ['secops_illumio_security_rule'],
  check(view, context) {
    const values = view.values!;
    const consumers = anyConsumers(values, context);
    const services = allServices(values.ingress_services, context);
    if (consumers.length === 0 || !services) return [];
    return [`Consumers ${consumers.join(' and ')} may reach ${services} of the providers.`];
  },
};
