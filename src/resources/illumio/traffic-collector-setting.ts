import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { PceTrafficCollectorSetting } from '../../clients/illumio/org-settings';
import { NUMBER, STRING, object } from '../../provider/cty/types';
import { CtyValue } from '../../provider/cty/values';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_traffic_collector_setting: one rule of the PCE's traffic collector
 * (`/orgs/:org/settings/traffic_collector/:uuid`, 20.1 "Settings"): broadcast or multicast
 * traffic to a target that VENs drop or aggregate instead of reporting every flow. The document
 * defines these as a collection (POST, PUT, DELETE), not a singleton. Its PUT cannot change the
 * action, so a new action replaces the setting.
 */
export interface TrafficCollectorTarget {
  proto: number;
  dst_port: number | null;
  dst_ip: string | null;
}

export interface TrafficCollectorSettingModel {
  href: string | null;
  transmission: string;
  action: string;
  target: TrafficCollectorTarget | null;
}

/** The target as a data source element type (blocks are attributes there). */
export const TARGET_TYPE = object({ proto: NUMBER, dst_port: NUMBER, dst_ip: STRING });

const range = (what: string, to: number) => validators.custom(`${what} from 0 to ${to}`, (value: CtyValue) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= to ? undefined : `must be ${what} from 0 to ${to}, got ${String(value)}`);

export const trafficCollectorSetting = defineResource<IllumioClient, TrafficCollectorSettingModel>({
  typeName: 'secops_illumio_traffic_collector_setting',
  importId: illumioHref('settings/traffic_collector/:id'),
  schema: {
    description: 'An Illumio traffic collector setting: broadcast or multicast traffic that VENs drop or aggregate rather than report flow by flow.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The setting\'s href. Import with `terraform import <address> <href>`.' },
      transmission: { type: STRING, required: true, description: '`broadcast` or `multicast`.', validators: [validators.oneOf(['broadcast', 'multicast'])] },
      action: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: '`drop` or `aggregate` the matching traffic. Changing it replaces the setting.',
        validators: [validators.oneOf(['drop', 'aggregate'])],
      },
    },
    blocks: {
      target: {
        nesting: 'single',
        block: {
          description: 'The traffic the setting applies to.',
          attributes: {
            proto: { type: NUMBER, required: true, description: 'IP protocol number, e.g. 17 (UDP).', validators: [range('an IP protocol number', 255)] },
            dst_port: { type: NUMBER, optional: true, description: 'Destination port.', validators: [range('a port', 65535)] },
            dst_ip: { type: STRING, optional: true, description: 'Destination address or CIDR.', validators: [validators.notEmpty()] },
          },
        },
      },
    },
  },

  async checkPlan(_ctx, planned, prior) {
    // 20.1's PUT changes a target's fields but has no way to remove the target.
    if (prior?.target && planned.target === null) {
      return [{ path: ['target'], summary: 'Target cannot be removed', detail: 'the PCE cannot remove a traffic collector setting\'s target in place; replace the resource (terraform apply -replace=<address>)' }];
    }
    return [];
  },

  async create(ctx, planned) {
    const body = { transmission: planned.transmission, action: planned.action, ...targetBody(planned) };
    // No unique key: a lost create is found by content among the settings.
    const path = ctx.client.orgPath('settings/traffic_collector');
    const created = await ctx.client.createObject<PceTrafficCollectorSetting>(path, body, {
      byContent: () => ctx.client.list<PceTrafficCollectorSetting>(path, {}, ctx.signal),
    }, ctx.signal);
    return trafficCollectorSettingFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<PceTrafficCollectorSetting>(current.href!, ctx.signal);
    return found ? trafficCollectorSettingFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<PceTrafficCollectorSetting>(prior.href!, { transmission: planned.transmission, ...targetBody(planned) }, 'traffic collector setting', ctx.signal);
    return trafficCollectorSettingFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

function targetBody(model: TrafficCollectorSettingModel): Record<string, unknown> {
  const target = model.target;
  if (!target) return {};
  return { target: { proto: target.proto, dst_port: target.dst_port, ...(target.dst_ip !== null ? { dst_ip: target.dst_ip } : {}) } };
}

export function trafficCollectorSettingFromPce(pce: PceTrafficCollectorSetting): TrafficCollectorSettingModel {
  const target = pce.target;
  return {
    href: pce.href,
    transmission: pce.transmission ?? '',
    action: pce.action ?? '',
    target: target ? { proto: target.proto ?? 0, dst_port: target.dst_port ?? null, dst_ip: target.dst_ip ?? null } : null,
  };
}
