import { computedCopy, exactlyOneOf, onlyMatch } from './inventory-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { getPairingProfile, listPairingProfiles } from '../../clients/illumio/workloads';
import { STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { pairingProfile, PairingProfileModel, pairingProfileFromPce } from '../../resources/illumio/pairing-profile';

/** data "secops_illumio_pairing_profile": one pairing profile by href, or by exact name (failing on none or several). */
export const pairingProfileData = defineDataSource<IllumioClient, PairingProfileModel>({
  typeName: 'secops_illumio_pairing_profile',
  schema: {
    description: 'Reads one Illumio pairing profile by `href`, or by exact `name`.',
    attributes: {
      ...computedCopy(pairingProfile.schema),
      href: { type: STRING, optional: true, computed: true, description: 'The profile\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'The profile\'s name, matched exactly.' },
    },
  },

  validate(config) {
    return exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'name']); // the model is the config object
  },

  async read(ctx, config) {
    if (config.href !== null) {
      const found = await getPairingProfile(ctx.client, config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no pairing profile ${config.href}`);
      return pairingProfileFromPce(found);
    }
    const matches = (await listPairingProfiles(ctx.client, { name: config.name }, ctx.signal)).filter((found) => found.name === config.name);
    return pairingProfileFromPce(onlyMatch(matches, 'pairing profile', `name "${config.name}"`));
  },
});
