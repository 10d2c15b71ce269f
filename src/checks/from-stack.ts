import { TerraformStack } from 'cdktf';
import { vendorOf } from './from-plan';
import { Reference, ResourceView, UNKNOWN, Value, Values } from './model';

/**
 * Resource views from a cdktf stack at synth: the stack's Terraform JSON (what cdk.tf.json will
 * hold, tokens resolved), so rules see exactly the snake_case values a plan shows. A string that
 * is one reference to a secops resource (`${secops_illumio_ip_list.office.href}`) becomes a
 * `Reference`; any other interpolation (variables, functions, several references) is unknown.
 */

/** Keys of a resource body that are Terraform meta-arguments, not attributes. */
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic']);

const REFERENCE = /^\$\{((?:data\.)?secops_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?\}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toValue(json: Json | undefined): Value {
  if (json === undefined || json === null) return null;
  if (typeof json === 'string') {
    const reference = REFERENCE.exec(json);
    if (reference) return new Reference(reference[1]!, reference[2] ?? '');
    return json.includes('${') ? UNKNOWN : json;
  }
  if (Array.isArray(json)) return json.map(toValue);
  if (typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, toValue(item)]));
  return json;
}

interface SynthesizedBody {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
  readonly [attribute: string]: Json | undefined | { readonly metadata?: { readonly path?: string } };
}

type ProviderSettings = ReadonlyMap<string, Values>;

/** Each `provider "secops"` configuration by its name as resources refer to it: `secops`, `secops.<alias>`. */
function providerSettings(configs: readonly Record<string, Json>[] | undefined): ProviderSettings {
  return new Map((configs ?? []).map(config => {
    const { alias, ...settings } = config;
    const values: Values = Object.fromEntries(Object.entries(settings).map(([key, json]) => [key, toValue(json)]));
    return [typeof alias === 'string' ? `secops.${alias}` : 'secops', values];
  }));
}

function views(section: Record<string, Record<string, SynthesizedBody>> | undefined, mode: 'managed' | 'data', providers: ProviderSettings): ResourceView[] {
  return Object.entries(section ?? {})
    .filter(([type]) => type.startsWith('secops_'))
    .flatMap(([type, byName]) => Object.entries(byName).map(([name, body]): ResourceView => {
      const attributes = Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key));
      const values: Values = Object.fromEntries(attributes.map(([key, json]) => [key, toValue(json as Json)]));
      const provider = typeof body.provider === 'string' ? body.provider : 'secops';
      return {
        type,
        vendor: vendorOf(type),
        mode,
        address: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
        values,
        before: null,
        action: 'declared',
        changedAttributes: [],
        constructPath: body['//']?.metadata?.path,
        providerSettings: providers.get(provider),
      };
    }));
}

/** Every secops resource and data source the stack declares. */
export function stackViews(stack: TerraformStack): ResourceView[] {
  const config = stack.toTerraform() as {
    resource?: Record<string, Record<string, SynthesizedBody>>;
    data?: Record<string, Record<string, SynthesizedBody>>;
    provider?: { secops?: Record<string, Json>[] };
  };
  const providers = providerSettings(config.provider?.secops);
  return [...views(config.resource, 'managed', providers), ...views(config.data, 'data', providers)];
}
