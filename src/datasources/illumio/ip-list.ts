import { findOneDraft, hrefOrNameProblems } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { PceIpList } from '../../clients/illumio/policy-objects';
import { BOOL, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { IpListModel, ipListFromPce } from '../../resources/illumio/ip-list';

export const IP_RANGE_TYPE = object({ from_ip: STRING, to_ip: STRING, description: STRING, exclusion: BOOL });
export const FQDN_TYPE = object({ fqdn: STRING, description: STRING });

/** The attributes every IP list data source returns, as computed values. */
export const IP_LIST_ATTRIBUTES: Block['attributes'] = {
  description: { type: STRING, computed: true, description: 'Description.' },
  external_data_set: { type: STRING, computed: true, description: 'External system that owns the IP list.' },
  external_data_reference: { type: STRING, computed: true, description: 'The IP list\'s ID there.' },
  ip_ranges: { type: list(IP_RANGE_TYPE), computed: true, description: 'Addresses, CIDRs and ranges (`from_ip`, `to_ip`, `description`, `exclusion`), as the PCE stores them.' },
  fqdns: { type: list(FQDN_TYPE), computed: true, description: 'FQDNs (`fqdn`, `description`).' },
  created_at: { type: STRING, computed: true, description: 'When the IP list was created.' },
  updated_at: { type: STRING, computed: true, description: 'When the IP list was last changed in draft.' },
};

/**
 * data "secops_illumio_ip_list": one IP list of the draft policy, by href or by its exact name.
 * The PCE matches names partially; this data source never takes "the first hit".
 */
export const ipListData = defineDataSource<IllumioClient, IpListModel>({
  typeName: 'secops_illumio_ip_list',
  schema: {
    description: 'Reads one Illumio IP list (draft policy) by `href` or by exact `name`.',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The IP list\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'The IP list\'s name, matched exactly.' },
      ...IP_LIST_ATTRIBUTES,
    },
  },

  validate(config) {
    return hrefOrNameProblems(config);
  },

  async read(ctx, config) {
    return ipListFromPce(await findOneDraft<PceIpList>(ctx, 'ip_lists', 'IP list', config));
  },
});
