import { IllumioClient } from '../../clients/illumio/client';
import { PceFirewallSettings } from '../../clients/illumio/policy-objects';
import { STRING, list, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import { COEXISTENCE_TYPE, FirewallSettingsModel, firewallSettingsFromPce } from '../../resources/illumio/firewall-settings';

export interface FirewallSettingsData extends FirewallSettingsModel {
  pversion: string | null;
}

/** data "secops_illumio_firewall_settings": the org's firewall settings, as drafted or as enforced. */
export const firewallSettingsData = defineDataSource<IllumioClient, FirewallSettingsData>({
  typeName: 'secops_illumio_firewall_settings',
  schema: {
    description: 'Reads the Illumio org\'s firewall settings, from the draft policy (default) or the active one.',
    attributes: {
      pversion: {
        type: STRING,
        optional: true,
        description: 'Which policy: `draft` (default) or `active`.',
        validators: [validators.oneOf(['draft', 'active'])],
      },
      href: { type: STRING, computed: true, description: 'The settings\' href.' },
      static_policy_scopes: { type: list(set(STRING)), computed: true, description: 'Static policy scopes (sets of label and label group hrefs).' },
      containers_inherit_host_policy_scopes: {
        type: list(set(STRING)), computed: true, description: 'Scopes whose containers inherit their host\'s policy.',
      },
      blocked_connection_reject_scopes: { type: list(set(STRING)), computed: true, description: 'Scopes whose blocked connections are rejected.' },
      firewall_coexistence: { type: list(COEXISTENCE_TYPE), computed: true, description: 'Firewall coexistence (`scope`, `workload_mode`, `illumio_primary`).' },
      created_at: { type: STRING, computed: true, description: 'When the settings were created.' },
      updated_at: { type: STRING, computed: true, description: 'When the settings were last changed.' },
    },
  },

  async read(ctx, config) {
    const href = ctx.client.orgPath(`sec_policy/${config.pversion ?? 'draft'}/firewall_settings`);
    const found = await ctx.client.getDraft<PceFirewallSettings>(href, ctx.signal);
    if (!found) throw new Error(`The PCE returned no firewall settings at ${href}`);
    return { ...firewallSettingsFromPce(found), pversion: config.pversion };
  },
});
