import { listDraftsNamed } from './draft-lookup';
import { FQDN_TYPE, IP_RANGE_TYPE } from './ip-list';
import { IllumioClient } from '../../clients/illumio/client';
import { PceIpList } from '../../clients/illumio/policy-objects';
import { STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { IpListModel, ipListFromPce } from '../../resources/illumio/ip-list';

/**
 * data "secops_illumio_ip_lists": every IP list of the draft policy (not pending deletion), or
 * those with exactly one name. Complete however many there are (the client runs the async
 * collection query beyond the PCE's synchronous limit).
 */
export interface IpListsData {
  name: string | null;
  ip_lists: IpListModel[] | null;
}

const IP_LIST = object({
  href: STRING,
  name: STRING,
  description: STRING,
  external_data_set: STRING,
  external_data_reference: STRING,
  ip_ranges: list(IP_RANGE_TYPE),
  fqdns: list(FQDN_TYPE),
  created_at: STRING,
  updated_at: STRING,
});

export const ipListsData = defineDataSource<IllumioClient, IpListsData>({
  typeName: 'secops_illumio_ip_lists',
  schema: {
    description: 'Lists Illumio IP lists (draft policy), all of them or those with one exact name.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only the IP list with exactly this name.' },
      ip_lists: { type: list(IP_LIST), computed: true, description: 'The IP lists, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listDraftsNamed<PceIpList>(ctx, 'ip_lists', config.name);
    return { ...config, ip_lists: found.map((pce) => ipListFromPce(pce)) };
  },
});
