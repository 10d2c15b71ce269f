import { computedCopy, exactlyOneOf, onlyMatch } from './inventory-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { getVen, listVens } from '../../clients/illumio/workloads';
import { STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { ven, VenModel, venFromPce } from '../../resources/illumio/ven';

/** data "secops_illumio_ven": one VEN by href, or by exact name or hostname (failing on none or several). */
export const venData = defineDataSource<IllumioClient, VenModel>({
  typeName: 'secops_illumio_ven',
  schema: {
    description: 'Reads one Illumio VEN by `href`, or by exact `name` or `hostname`.',
    attributes: {
      ...computedCopy(ven.schema),
      href: { type: STRING, optional: true, computed: true, description: 'The VEN\'s href; give this, `name` or `hostname`.' },
      name: { type: STRING, optional: true, computed: true, description: 'The VEN\'s name, matched exactly.' },
      hostname: { type: STRING, optional: true, computed: true, description: 'The VEN\'s hostname, matched exactly.' },
    },
  },

  validate(config) {
    return exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'name', 'hostname']); // the model is the config object
  },

  async read(ctx, config) {
    if (config.href !== null) {
      const found = await getVen(ctx.client, config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no VEN ${config.href}`);
      return venFromPce(found);
    }
    const field = config.name !== null ? 'name' : 'hostname';
    const wanted = (config.name ?? config.hostname)!;
    const matches = (await listVens(ctx.client, { [field]: wanted }, ctx.signal)).filter((found) => found[field] === wanted);
    return venFromPce(onlyMatch(matches, 'VEN', `${field} "${wanted}"`));
  },
});
