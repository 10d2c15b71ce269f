import { findOneDraft, hrefOrNameProblems } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { PceService } from '../../clients/illumio/policy-objects';
import { NUMBER, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { ServiceModel, serviceFromPce } from '../../resources/illumio/service';

export const SERVICE_PORT_TYPE = object({ proto: NUMBER, port: NUMBER, to_port: NUMBER, icmp_type: NUMBER, icmp_code: NUMBER });
export const WINDOWS_SERVICE_TYPE = object({
  service_name: STRING, process_name: STRING, port: NUMBER, to_port: NUMBER, proto: NUMBER, icmp_type: NUMBER, icmp_code: NUMBER,
});

/** The attributes every service data source returns, as computed values. */
export const SERVICE_ATTRIBUTES: Block['attributes'] = {
  description: { type: STRING, computed: true, description: 'Description.' },
  process_name: { type: STRING, computed: true, description: 'The process name.' },
  external_data_set: { type: STRING, computed: true, description: 'External system that owns the service.' },
  external_data_reference: { type: STRING, computed: true, description: 'The service\'s ID there.' },
  service_ports: { type: list(SERVICE_PORT_TYPE), computed: true, description: 'Ports and ranges by protocol (`proto`, `port`, `to_port`, `icmp_type`, `icmp_code`).' },
  windows_services: { type: list(WINDOWS_SERVICE_TYPE), computed: true, description: 'Windows services (`service_name`, `process_name`, `port`, `to_port`, `proto`, `icmp_type`, `icmp_code`).' },
  created_at: { type: STRING, computed: true, description: 'When the service was created.' },
  updated_at: { type: STRING, computed: true, description: 'When the service was last changed in draft.' },
};

/**
 * data "secops_illumio_service": one service of the draft policy, by href or by its exact name.
 * Service names may repeat: a name that several services share fails (use href, or the list).
 */
export const serviceData = defineDataSource<IllumioClient, ServiceModel>({
  typeName: 'secops_illumio_service',
  schema: {
    description: 'Reads one Illumio service (draft policy) by `href` or by exact `name` (which must then be unambiguous).',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The service\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'The service\'s name, matched exactly; several services with it are an error.' },
      ...SERVICE_ATTRIBUTES,
    },
  },

  validate(config) {
    return hrefOrNameProblems(config);
  },

  async read(ctx, config) {
    return serviceFromPce(await findOneDraft<PceService>(ctx, 'services', 'service', config));
  },
});
