import { listDraftsNamed } from './draft-lookup';
import { SERVICE_ADDRESS_TYPE, VIRTUAL_SERVICE_PORT_TYPE } from './virtual-service';
import { QueryParams } from '../../clients/core';
import { IllumioClient } from '../../clients/illumio/client';
import { PceVirtualService } from '../../clients/illumio/policy-objects';
import { NUMBER, STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { VirtualServiceModel, virtualServiceFromPce } from '../../resources/illumio/virtual-service';

/**
 * data "secops_illumio_virtual_services": virtual services of the draft policy (not pending
 * deletion), filtered with the PCE's own filters of 20.1 GET virtual_services. Names match
 * exactly here (the PCE matches them partially). Complete however many there are.
 */
export interface VirtualServicesData {
  name: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  labels: string[][] | null;
  service: string | null;
  service_address_fqdn: string | null;
  service_address_ip: string | null;
  service_port: string | null;
  service_proto: number | null;
  virtual_services: VirtualServiceModel[] | null;
}

const VIRTUAL_SERVICE = object({
  href: STRING,
  name: STRING,
  description: STRING,
  external_data_set: STRING,
  external_data_reference: STRING,
  labels: set(STRING),
  service: STRING,
  service_ports: list(VIRTUAL_SERVICE_PORT_TYPE),
  apply_to: STRING,
  ip_overrides: set(STRING),
  service_addresses: list(SERVICE_ADDRESS_TYPE),
  created_at: STRING,
  updated_at: STRING,
});

export const virtualServicesData = defineDataSource<IllumioClient, VirtualServicesData>({
  typeName: 'secops_illumio_virtual_services',
  schema: {
    description: 'Lists Illumio virtual services (draft policy), all of them or those matching the PCE\'s filters.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only virtual services with exactly this name.' },
      external_data_set: { type: STRING, optional: true, description: 'Only those from this external data set.' },
      external_data_reference: { type: STRING, optional: true, description: 'Only those with this external data reference.' },
      labels: { type: list(list(STRING)), optional: true, description: 'Only those carrying every label of one of these lists of label hrefs.' },
      service: { type: STRING, optional: true, description: 'Only those offering the service with this href.' },
      service_address_fqdn: { type: STRING, optional: true, description: 'Only those with an FQDN address containing this text (the PCE matches partially).' },
      service_address_ip: { type: STRING, optional: true, description: 'Only those with an IP address containing this text (the PCE matches partially).' },
      service_port: { type: STRING, optional: true, description: 'Only those offering this port or port range (`443`, `8000-8080`).' },
      service_proto: { type: NUMBER, optional: true, description: 'Only those offering this protocol (6 TCP, 17 UDP).' },
      virtual_services: { type: list(VIRTUAL_SERVICE), computed: true, description: 'The virtual services, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const filters: QueryParams = {
      'external_data_set': config.external_data_set ?? undefined,
      'external_data_reference': config.external_data_reference ?? undefined,
      'labels': config.labels === null ? undefined : JSON.stringify(config.labels),
      'service': config.service ?? undefined,
      'service_address.fqdn': config.service_address_fqdn ?? undefined,
      'service_address.ip': config.service_address_ip ?? undefined,
      'service_ports.port': config.service_port ?? undefined,
      'service_ports.proto': config.service_proto ?? undefined,
    };
    const found = await listDraftsNamed<PceVirtualService>(ctx, 'virtual_services', config.name, filters);
    return { ...config, virtual_services: found.map((pce) => virtualServiceFromPce(pce)) };
  },
});
