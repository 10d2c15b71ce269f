import { listDraftsNamed } from './draft-lookup';
import { SERVICE_PORT_TYPE, WINDOWS_SERVICE_TYPE } from './service';
import { IllumioClient } from '../../clients/illumio/client';
import { PceService } from '../../clients/illumio/policy-objects';
import { STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { ServiceModel, serviceFromPce } from '../../resources/illumio/service';

/**
 * data "secops_illumio_services": every service of the draft policy (not pending deletion), or
 * all those with exactly one name (names may repeat). Complete however many there are.
 */
export interface ServicesData {
  name: string | null;
  services: ServiceModel[] | null;
}

const SERVICE = object({
  href: STRING,
  name: STRING,
  description: STRING,
  process_name: STRING,
  external_data_set: STRING,
  external_data_reference: STRING,
  service_ports: list(SERVICE_PORT_TYPE),
  windows_services: list(WINDOWS_SERVICE_TYPE),
  created_at: STRING,
  updated_at: STRING,
});

export const servicesData = defineDataSource<IllumioClient, ServicesData>({
  typeName: 'secops_illumio_services',
  schema: {
    description: 'Lists Illumio services (draft policy), all of them or every one with an exact name.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only services with exactly this name.' },
      services: { type: list(SERVICE), computed: true, description: 'The services, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listDraftsNamed<PceService>(ctx, 'services', config.name);
    return { ...config, services: found.map((pce) => serviceFromPce(pce)) };
  },
});
