import { findOneDraft, hrefOrNameProblems } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { PceVirtualService } from '../../clients/illumio/policy-objects';
import { NUMBER, STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { VirtualServiceModel, virtualServiceFromPce } from '../../resources/illumio/virtual-service';

export const VIRTUAL_SERVICE_PORT_TYPE = object({ proto: NUMBER, port: NUMBER, to_port: NUMBER });
export const SERVICE_ADDRESS_TYPE = object({ ip: STRING, network: STRING, fqdn: STRING, description: STRING, port: NUMBER });

/** The attributes every virtual service data source returns, as computed values. */
export const VIRTUAL_SERVICE_ATTRIBUTES: Block['attributes'] = {
  description: { type: STRING, computed: true, description: 'Description.' },
  external_data_set: { type: STRING, computed: true, description: 'External system that owns the virtual service.' },
  external_data_reference: { type: STRING, computed: true, description: 'The virtual service\'s ID there.' },
  labels: { type: set(STRING), computed: true, description: 'Hrefs of its labels.' },
  service: { type: STRING, computed: true, description: 'Href of the service it offers, if it offers one.' },
  service_ports: { type: list(VIRTUAL_SERVICE_PORT_TYPE), computed: true, description: 'Its own ports (`proto`, `port`, `to_port`).' },
  apply_to: { type: STRING, computed: true, description: '`host_only` or `internal_bridge_network`.' },
  ip_overrides: { type: set(STRING), computed: true, description: 'IP addresses or CIDRs overriding the bound workloads\' addresses.' },
  service_addresses: { type: list(SERVICE_ADDRESS_TYPE), computed: true, description: 'Addresses (`ip`, `network`, `fqdn`, `description`, `port`).' },
  created_at: { type: STRING, computed: true, description: 'When the virtual service was created.' },
  updated_at: { type: STRING, computed: true, description: 'When the virtual service was last changed in draft.' },
};

/**
 * data "secops_illumio_virtual_service": one virtual service of the draft policy, by href or by
 * its exact name. The PCE matches names partially; this never takes "the first hit".
 */
export const virtualServiceData = defineDataSource<IllumioClient, VirtualServiceModel>({
  typeName: 'secops_illumio_virtual_service',
  schema: {
    description: 'Reads one Illumio virtual service (draft policy) by `href` or by exact `name` (which must then be unambiguous).',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The virtual service\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly; several virtual services with it are an error.' },
      ...VIRTUAL_SERVICE_ATTRIBUTES,
    },
  },

  validate: hrefOrNameProblems,

  async read(ctx, config) {
    return virtualServiceFromPce(await findOneDraft<PceVirtualService>(ctx, 'virtual_services', 'virtual service', config));
  },
});
