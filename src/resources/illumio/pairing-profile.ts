import { illumioHref } from './import-id';
import { ENFORCEMENT_MODES, labelHrefs } from './workload';
import { IllumioClient } from '../../clients/illumio/client';
import {
  createPairingProfile, deletePairingProfile, getPairingProfile, PairingProfile, updatePairingProfile,
} from '../../clients/illumio/workloads';
import { BOOL, NUMBER, STRING, set } from '../../provider/cty/types';
import { Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { Attribute } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_pairing_profile: a pairing profile (`/orgs/:org/pairing_profiles`, 20.1
 * "Pairing Profiles"), the template a VEN pairs with: the labels, mode and traffic logging its
 * workload starts with, which of them the pairing script may override (the `*_lock` flags), and
 * how often and how long its pairing keys may be used. A change applies at once (no provisioning).
 */
export interface PairingProfileModel {
  href: string | null;
  name: string;
  description: string | null;
  enabled: boolean;
  enforcement_mode: string | null;
  allowed_uses_per_key: string | null;
  key_lifespan: string | null;
  labels: string[] | null;
  role_label_lock: boolean | null;
  app_label_lock: boolean | null;
  env_label_lock: boolean | null;
  loc_label_lock: boolean | null;
  mode_lock: boolean | null;
  log_traffic: boolean | null;
  log_traffic_lock: boolean | null;
  visibility_level: string | null;
  visibility_level_lock: boolean | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  agent_software_release: string | null;
  total_use_count: number | null;
  last_pairing_at: string | null;
  created_at: string | null;
  updated_at: string | null;
}

const LOCKS = ['role_label_lock', 'app_label_lock', 'env_label_lock', 'loc_label_lock', 'mode_lock', 'log_traffic_lock', 'visibility_level_lock'] as const;
const TEXTS = ['description', 'external_data_set', 'external_data_reference', 'agent_software_release'] as const;
export const VISIBILITY_LEVELS = ['flow_full_detail', 'flow_summary', 'flow_drops', 'flow_off'] as const;

const countOrUnlimited = (name: string) => validators.custom('a positive whole number or "unlimited"', (value) => (
  value === 'unlimited' || /^[1-9]\d*$/.test(String(value)) ? undefined : `${name} must be a positive whole number or "unlimited", got "${String(value)}"`));

const lock = (what: string): Attribute => ({
  type: BOOL,
  optional: true,
  computed: true,
  description: `Whether the pairing script may not override ${what} (true: the profile's value is kept). Unset: the PCE's value is kept.`,
});

export const pairingProfile = defineResource<IllumioClient, PairingProfileModel>({
  typeName: 'secops_illumio_pairing_profile',
  importId: illumioHref('pairing_profiles/:id'),
  schema: {
    description: 'An Illumio pairing profile: the labels, mode and traffic logging of the workloads whose VENs pair with its keys.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The profile\'s href, e.g. `/orgs/1/pairing_profiles/3`. Import with `terraform import <address> <href>`.',
      },
      name: { type: STRING, required: true, description: 'Name of the pairing profile.', validators: [validators.notEmpty()] },
      description: { type: STRING, optional: true, description: 'Description.' },
      enabled: { type: BOOL, default: true, description: 'Whether the profile issues pairing keys and accepts pairings. Default true.' },
      enforcement_mode: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'Mode of the VENs that pair (the PCE\'s `mode`): `idle`, `illuminated` or `enforced`. Unset: the PCE\'s value is kept.',
        validators: [validators.oneOf(ENFORCEMENT_MODES)],
      },
      allowed_uses_per_key: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'How many pairings one key allows: a positive whole number, or `unlimited`. Unset: the PCE\'s value is kept.',
        validators: [countOrUnlimited('allowed_uses_per_key')],
      },
      key_lifespan: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'How many seconds a key stays valid: a positive whole number, or `unlimited`. Unset: the PCE\'s value is kept.',
        validators: [countOrUnlimited('key_lifespan')],
      },
      labels: {
        type: set(STRING),
        optional: true,
        description: 'Hrefs of the labels paired workloads get, at most one per key. Unset: none.',
        validators: [labelHrefs],
      },
      role_label_lock: lock('the role label'),
      app_label_lock: lock('the app label'),
      env_label_lock: lock('the env label'),
      loc_label_lock: lock('the loc label'),
      mode_lock: lock('the mode'),
      log_traffic: { type: BOOL, optional: true, computed: true, description: 'Whether paired workloads\' traffic events are recorded. Unset: the PCE\'s value is kept.' },
      log_traffic_lock: lock('log_traffic'),
      visibility_level: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'Visibility of paired VENs: `flow_full_detail`, `flow_summary`, `flow_drops` or `flow_off`. Unset: the PCE\'s value is kept.',
        validators: [validators.oneOf(VISIBILITY_LEVELS)],
      },
      visibility_level_lock: lock('the visibility level'),
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this profile, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The profile\'s ID in that external system.' },
      agent_software_release: { type: STRING, optional: true, description: 'The VEN software release paired VENs install.' },
      total_use_count: { type: NUMBER, computed: true, description: 'How many times the profile\'s keys have been used.' },
      last_pairing_at: { type: STRING, computed: true, description: 'When a VEN last paired with the profile.' },
      created_at: { type: STRING, computed: true, description: 'When the profile was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the profile was last changed (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    // The POST answers with the profile as created: it is the state, no read after it.
    const created = await createPairingProfile(ctx.client, profileBody(planned, true), ctx.signal);
    return pairingProfileFromPce(created);
  },

  async read(ctx, current) {
    const found = await getPairingProfile(ctx.client, current.href!, ctx.signal);
    return found ? pairingProfileFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    await updatePairingProfile(ctx.client, prior.href!, profileBody(planned, false), ctx.signal);
    return reread(ctx, prior.href!, planned);
  },

  async delete(ctx, current) {
    await deletePairingProfile(ctx.client, current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

async function reread(ctx: HandlerContext<IllumioClient>, href: string, written?: PairingProfileModel): Promise<PairingProfileModel> {
  const found = await getPairingProfile(ctx.client, href, ctx.signal);
  if (!found) throw new Error(`The PCE wrote pairing profile ${href} but no longer returns it`);
  return pairingProfileFromPce(found, written);
}

const isSet = <T>(value: T | null | Unknown): value is T => value !== null && value !== undefined && !(value instanceof Unknown);

/** Number-like counts go to the PCE as integers; `unlimited` as the string. */
const count = (value: string): number | string => (value === 'unlimited' ? value : Number(value));

/** The 20.1 pairing_profiles_post/put body. Unset computed attributes are left out; an update clears removed texts. */
export function profileBody(model: PairingProfileModel, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: model.name, enabled: model.enabled, labels: (model.labels ?? []).map((href) => ({ href })) };
  for (const name of TEXTS) {
    if (isSet(model[name]) || !creating) body[name] = model[name] ?? null;
  }
  for (const name of [...LOCKS, 'log_traffic', 'visibility_level'] as const) {
    if (isSet(model[name])) body[name] = model[name];
  }
  if (isSet(model.enforcement_mode)) body.mode = model.enforcement_mode;
  if (isSet(model.allowed_uses_per_key)) body.allowed_uses_per_key = count(model.allowed_uses_per_key);
  if (isSet(model.key_lifespan)) body.key_lifespan = count(model.key_lifespan);
  return body;
}

export function pairingProfileFromPce(pce: PairingProfile, written?: PairingProfileModel): PairingProfileModel {
  const labels = (pce.labels ?? []).map((label) => label.href);
  const asText = (value: number | string | null | undefined): string | null => (value === null || value === undefined ? null : String(value));
  return {
    href: pce.href,
    name: pce.name,
    description: pce.description ?? null,
    enabled: pce.enabled ?? false,
    enforcement_mode: pce.mode ?? null,
    allowed_uses_per_key: asText(pce.allowed_uses_per_key),
    key_lifespan: asText(pce.key_lifespan),
    // No labels and an unset attribute mean the same to the PCE: keep the configuration's form.
    labels: labels.length === 0 && (written === undefined || written.labels === null) ? null : labels,
    role_label_lock: pce.role_label_lock ?? null,
    app_label_lock: pce.app_label_lock ?? null,
    env_label_lock: pce.env_label_lock ?? null,
    loc_label_lock: pce.loc_label_lock ?? null,
    mode_lock: pce.mode_lock ?? null,
    log_traffic: pce.log_traffic ?? null,
    log_traffic_lock: pce.log_traffic_lock ?? null,
    visibility_level: pce.visibility_level ?? null,
    visibility_level_lock: pce.visibility_level_lock ?? null,
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    agent_software_release: pce.agent_software_release ?? null,
    total_use_count: pce.total_use_count ?? null,
    last_pairing_at: pce.last_pairing_at ?? null,
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
