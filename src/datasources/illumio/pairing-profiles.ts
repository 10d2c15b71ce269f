import { computedCopy, labelsFilter } from './inventory-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { listPairingProfiles } from '../../clients/illumio/workloads';
import { STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { pairingProfile, PairingProfileModel, pairingProfileFromPce } from '../../resources/illumio/pairing-profile';

/**
 * data "secops_illumio_pairing_profiles": the pairing profiles that match the PCE's filters
 * (20.1 GET pairing_profiles), complete beyond 500. Name and description match partially, as the PCE does.
 */
export interface PairingProfilesData {
  name: string | null;
  description: string | null;
  labels: string[][] | null;
  agent_software_release: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  pairing_profiles: PairingProfileModel[] | null;
}

const PROFILE = object(Object.fromEntries(Object.entries(computedCopy(pairingProfile.schema)).map(([name, attribute]) => [name, attribute.type])));

export const pairingProfilesData = defineDataSource<IllumioClient, PairingProfilesData>({
  typeName: 'secops_illumio_pairing_profiles',
  schema: {
    description: 'Lists Illumio pairing profiles with the PCE\'s filters.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only profiles whose name contains this (the PCE\'s partial match).' },
      description: { type: STRING, optional: true, description: 'Only profiles whose description contains this.' },
      labels: { type: list(set(STRING)), optional: true, description: 'Only profiles with every label of at least one of these sets of label hrefs.' },
      agent_software_release: { type: STRING, optional: true, description: 'Only profiles of this VEN software release.' },
      external_data_set: { type: STRING, optional: true, description: 'Only profiles of this external data set (exact).' },
      external_data_reference: { type: STRING, optional: true, description: 'Only profiles with this external data reference (exact).' },
      pairing_profiles: { type: list(PROFILE), computed: true, description: 'The pairing profiles, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listPairingProfiles(ctx.client, {
      name: config.name ?? undefined,
      description: config.description ?? undefined,
      labels: labelsFilter(config.labels),
      agent_software_release: config.agent_software_release ?? undefined,
      external_data_set: config.external_data_set ?? undefined,
      external_data_reference: config.external_data_reference ?? undefined,
    }, ctx.signal);
    return { ...config, pairing_profiles: found.map((pce) => pairingProfileFromPce(pce)) };
  },
});
