import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { PceEventSettings, PceWorkloadSettings } from '../../clients/illumio/org-settings';
import { NUMBER, STRING, list, object, set } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { Attribute } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * The org's event settings (`/orgs/:org/settings/events`) and workload settings
 * (`/orgs/:org/settings/workloads`): singletons every org has, read and updated, never created or
 * deleted (20.1 "Organization Settings" and "Workload Settings": GET and PUT only). As with
 * secops_illumio_firewall_settings, create adopts the settings and applies the configured
 * attributes (unset ones keep the PCE's values and are read into state), and delete leaves them
 * as they are with a warning. They apply at once: no provisioning. Labels the workload settings
 * scope stay in use after a destroy, so the PCE refuses to delete them: scope org-wide labels.
 */
export interface EventSettingsModel {
  href: string | null;
  audit_event_retention_seconds: number | null;
  audit_event_min_severity: string | null;
  format: string | null;
}

export interface ScopedTimeout {
  scope: string[];
  value: number;
}

export interface WorkloadSettingsModel {
  href: string | null;
  workload_disconnected_timeout_seconds: ScopedTimeout[] | null;
  workload_goodbye_timeout_seconds: ScopedTimeout[] | null;
}

const isSet = (value: unknown): boolean => value !== null && value !== undefined && !(value instanceof Unknown);

export const SCOPED_TIMEOUT_TYPE = object({ scope: set(STRING), value: NUMBER });
const LABEL = /^\/orgs\/\d+\/labels\/\d+$/;
const timeouts = validators.custom('scoped timeouts', (value: CtyValue) => {
  for (const entry of value as { scope?: CtyValue; value?: CtyValue }[]) {
    const bad = Array.isArray(entry.scope) ? entry.scope.filter((href) => typeof href === 'string' && !LABEL.test(href)) : [];
    if (bad.length > 0) return `scope must hold label hrefs, got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
    if (typeof entry.value === 'number' && (!Number.isInteger(entry.value) || entry.value < -1)) return `value must be a whole number of seconds, or -1 for never, got ${entry.value}`;
  }
  return undefined;
});

/** Warns that a singleton was left as it is (it cannot be deleted). */
function leave(ctx: HandlerContext<IllumioClient>, what: string, href: string | null): Promise<void> {
  ctx.warn(`The PCE's ${what} were left as they are`, `${what[0]!.toUpperCase()}${what.slice(1)} cannot be deleted; ${href} keeps its current values and is no longer managed by this configuration.`);
  return Promise.resolve();
}

async function readSettings<T>(ctx: HandlerContext<IllumioClient>, href: string): Promise<T> {
  const found = await ctx.client.getObject<T>(href, ctx.signal);
  if (!found) throw new Error(`The PCE returned no settings at ${href}`);
  return found;
}

/** PUTs the configured attributes (when any) and returns the settings as they now are. */
async function applySettings<T>(ctx: HandlerContext<IllumioClient>, href: string, body: Record<string, unknown>): Promise<T> {
  if (Object.keys(body).length > 0) await ctx.client.updateObject(href, body, ctx.signal);
  return readSettings<T>(ctx, href);
}

export const eventSettings = defineResource<IllumioClient, EventSettingsModel>({
  typeName: 'secops_illumio_event_settings',
  importId: illumioHref('settings/events'),
  schema: {
    description: 'The Illumio org\'s event settings, a singleton: create adopts them and applies the configured attributes, delete leaves them.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The settings\' href, `/orgs/:org/settings/events`. Import with `terraform import <address> <href>`.' },
      audit_event_retention_seconds: {
        type: NUMBER,
        optional: true,
        computed: true,
        description: 'How long audit events are kept in the PCE\'s database, in seconds. Unset: the PCE\'s value is kept.',
        validators: [validators.custom('a positive whole number', (v) => Number.isInteger(v) && (v as number) > 0 ? undefined : `must be a positive whole number of seconds, got ${String(v)}`)],
      },
      audit_event_min_severity: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'Least severity of the audit events recorded: `error`, `warning` or `informational`.',
        validators: [validators.oneOf(['error', 'warning', 'informational'])],
      },
      format: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'Format of events sent to every syslog destination: `JSON`, `CEF` or `LEEF`.',
        validators: [validators.oneOf(['JSON', 'CEF', 'LEEF'])],
      },
    },
  },

  async create(ctx, planned) {
    return eventSettingsFrom(ctx.client.orgPath('settings/events'), await applySettings<PceEventSettings>(ctx, ctx.client.orgPath('settings/events'), eventBody(planned)));
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<PceEventSettings>(current.href!, ctx.signal);
    return found ? eventSettingsFrom(current.href!, found) : undefined;
  },

  async update(ctx, planned, prior) {
    return eventSettingsFrom(prior.href!, await applySettings<PceEventSettings>(ctx, prior.href!, eventBody(planned)));
  },

  delete: (ctx, current) => leave(ctx, 'event settings', current.href),

  async importState(_ctx, href) {
    return { href };
  },
});

function eventBody(model: EventSettingsModel): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of ['audit_event_retention_seconds', 'audit_event_min_severity', 'format'] as const) {
    if (isSet(model[name])) body[name] = model[name];
  }
  return body;
}

export function eventSettingsFrom(href: string, pce: PceEventSettings): EventSettingsModel {
  return {
    href,
    audit_event_retention_seconds: pce.audit_event_retention_seconds ?? null,
    audit_event_min_severity: pce.audit_event_min_severity ?? null,
    format: pce.format ?? null,
  };
}

const timeoutAttribute = (what: string): Attribute => ({
  type: list(SCOPED_TIMEOUT_TYPE),
  optional: true,
  computed: true,
  description: `${what} Entries \`{ scope = [label hrefs], value = seconds }\`, -1 for never; an empty scope is every workload. Unset: the PCE's value is kept.`,
  validators: [timeouts],
});

export const workloadSettings = defineResource<IllumioClient, WorkloadSettingsModel>({
  typeName: 'secops_illumio_workload_settings',
  importId: illumioHref('settings/workloads'),
  schema: {
    description: 'The Illumio org\'s workload settings (VEN timeouts), a singleton: create adopts them and applies the configured attributes, delete leaves them.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The settings\' href, `/orgs/:org/settings/workloads`. Import with `terraform import <address> <href>`.' },
      workload_disconnected_timeout_seconds: timeoutAttribute('How long a workload may stay out of contact before the PCE marks it offline and removes it from policy.'),
      workload_goodbye_timeout_seconds: timeoutAttribute('How long after a workload says goodbye (shutdown) the PCE removes it from policy.'),
    },
  },

  async create(ctx, planned) {
    const href = ctx.client.orgPath('settings/workloads');
    return workloadSettingsFrom(href, await applySettings<PceWorkloadSettings>(ctx, href, workloadBody(planned)));
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<PceWorkloadSettings>(current.href!, ctx.signal);
    return found ? workloadSettingsFrom(current.href!, found) : undefined;
  },

  async update(ctx, planned, prior) {
    return workloadSettingsFrom(prior.href!, await applySettings<PceWorkloadSettings>(ctx, prior.href!, workloadBody(planned)));
  },

  delete: (ctx, current) => leave(ctx, 'workload settings', current.href),

  async importState(_ctx, href) {
    return { href };
  },
});

function workloadBody(model: WorkloadSettingsModel): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of ['workload_disconnected_timeout_seconds', 'workload_goodbye_timeout_seconds'] as const) {
    if (isSet(model[name])) body[name] = model[name]!.map((entry) => ({ scope: entry.scope.map((href) => ({ href })), value: entry.value }));
  }
  return body;
}

export function workloadSettingsFrom(href: string, pce: PceWorkloadSettings): WorkloadSettingsModel {
  const entries = (list_: PceWorkloadSettings['workload_goodbye_timeout_seconds']): ScopedTimeout[] =>
    (list_ ?? []).map((entry) => ({ scope: (entry.scope ?? []).map((label) => label.href), value: entry.value ?? -1 }));
  return {
    href,
    workload_disconnected_timeout_seconds: entries(pce.workload_disconnected_timeout_seconds),
    workload_goodbye_timeout_seconds: entries(pce.workload_goodbye_timeout_seconds),
  };
}
