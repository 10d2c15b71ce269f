import { randomUUID } from 'node:crypto';
import { IllumioClient } from '../../clients/illumio/client';
import { createPairingKey, getPairingProfile } from '../../clients/illumio/workloads';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import { registerSecret } from '../../util/log';

/**
 * secops_illumio_pairing_key: a pairing key (activation code) generated from a pairing profile
 * (20.1 `POST pairing_profiles/:id/pairing_key`), what the pairing script on a host needs. The
 * PCE shows a key once: there is no GET, so the key lives only in Terraform's state, marked
 * sensitive, and is never written to logs.
 *
 * - read keeps the key while its profile exists and its lifespan (`key_lifespan` of the profile,
 *   counted from the key's creation) has not run out; otherwise a new key is planned;
 * - any change (another profile, a new `rotation_trigger`) generates a new key;
 * - the document has no call that revokes one key: destroy forgets it with a warning (it stays
 *   usable until its lifespan or uses run out; disabling the profile stops it at once);
 * - import is not possible, since the PCE never returns a key again.
 */
export interface PairingKeyModel {
  id: string | null;
  pairing_profile_href: string;
  rotation_trigger: string | null;
  activation_code: string | null;
  created_at: string | null;
}

const PROFILE_HREF = /^\/orgs\/[^/]+\/pairing_profiles\/[^/]+$/;

export const pairingKey = defineResource<IllumioClient, PairingKeyModel>({
  typeName: 'secops_illumio_pairing_key',
  schema: {
    description: 'A pairing key (activation code) of an Illumio pairing profile, for the VEN pairing script. The key is sensitive and shown by the PCE only once.',
    attributes: {
      id: { type: STRING, computed: true, description: 'An identifier of this key in state (the PCE gives keys none).' },
      pairing_profile_href: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Href of the pairing profile, e.g. `/orgs/1/pairing_profiles/3`. Changing it generates a new key.',
        validators: [validators.custom('a pairing profile href', (value) => (PROFILE_HREF.test(value as string)
          ? undefined : `must be a pairing profile href (/orgs/:org/pairing_profiles/:id), got "${String(value)}"`))],
      },
      rotation_trigger: {
        type: STRING,
        optional: true,
        requiresReplace: true,
        description: 'Any value; changing it generates a new key (e.g. a date, to rotate keys on a schedule).',
      },
      activation_code: { type: STRING, computed: true, sensitive: true, description: 'The key: the activation code the pairing script takes.' },
      created_at: { type: STRING, computed: true, description: 'When the key was generated (RFC 3339), the start of its lifespan.' },
    },
  },

  async create(ctx, planned) {
    const createdAt = new Date().toISOString();
    const code = await createPairingKey(ctx.client, planned.pairing_profile_href, ctx.signal);
    return { ...planned, id: randomUUID(), activation_code: code, created_at: createdAt };
  },

  async read(ctx, current) {
    if (current.activation_code !== null) registerSecret(current.activation_code); // a new provider process learns it from state
    const profile = await getPairingProfile(ctx.client, current.pairing_profile_href, ctx.signal);
    if (!profile) return undefined;
    const lifespan = profile.key_lifespan;
    const expired = typeof lifespan === 'number' && current.created_at !== null && Date.parse(current.created_at) + lifespan * 1000 < Date.now();
    return expired ? undefined : current;
  },

  async update(_ctx, planned) {
    return planned; // every attribute a user sets replaces the key
  },

  async delete(ctx, current) {
    ctx.warn(
      'The pairing key was forgotten, not revoked',
      `The PCE has no call that revokes one key; the key of ${current.pairing_profile_href} stays usable until its lifespan or allowed uses run out. `
        + 'Disable the pairing profile to stop it at once.',
    );
  },

  async importState() {
    throw new Error('A pairing key cannot be imported: the PCE shows a key only when it generates it. Create a new one instead.');
  },
});
