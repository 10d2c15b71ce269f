import { TerraformStack } from 'cdktf';
import { vendorOf } from './from-plan';
import { Reference, ResourceView, UNKNOWN, Value, Values } from './model';

/**
 * Resource views from a cdktf stack at synth: the stack's Terraform JSON (what cdk.tf.json will
 * hold, tokens resolved), so rules see exactly the snake_case values a plan shows. A string that
 * is one reference to a secops resource (`${secops_illumio_ip_list.office.href}`) becomes a
 * `Reference`; any other interpolation (variables, functions, several references) is unknown.
 * A resource with a `count` or `for_each` known at synth (a number, a map, a list iterator's
 * `toset([...])`) is one view per instance at its indexed address (`x.y[0]`, `x.y["key"]`), with
 * `count.index`, `each.key` and `each.value` substituted; otherwise one view at the plain address.
 */

/** Keys of a resource body that are Terraform meta-arguments, not attributes. */
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic']);

const REFERENCE = /^\$\{((?:data\.)?secops_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?\}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One instance of a resource: its address index and what `count.index` / `each.*` stand for in it. */
interface Instance {
  /** `[0]`, `["key"]`; empty for a resource without count or for_each, or whose instances are not known. */
  readonly index: string;
  readonly symbols: ReadonlyMap<string, Json>;
}

const SINGLE: Instance = { index: '', symbols: new Map() };
/** `${count.index}`, `${each.key}`, `${each.value}`, `${each.value.name}`: the whole string, or a part of it. */
const SYMBOL = /\$\{((?:count\.index|each\.key|each\.value)(?:\.[A-Za-z0-9_]+)*)\}/g;

/** The instances of a resource whose `count` or `for_each` is known at synth. */
function instancesOf(body: SynthesizedBody): Instance[] {
  const count = body.count as Json | undefined;
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) {
    return Array.from({ length: count }, (_, i) => ({ index: `[${i}]`, symbols: new Map([['count.index', i]]) }));
  }
  const entries = forEachEntries(body.for_each as Json | undefined);
  if (!entries) return [SINGLE];
  return entries.map(([key, value]) => ({ index: `[${JSON.stringify(key)}]`, symbols: eachSymbols(key, value) }));
}

/** The keys and values of a known `for_each`: a map, or cdktf's `${toset([...])}` of a list iterator of strings. */
function forEachEntries(forEach: Json | undefined): [string, Json][] | undefined {
  if (forEach === undefined || forEach === null) return undefined;
  if (typeof forEach === 'object' && !Array.isArray(forEach)) {
    return Object.values(forEach).some(isInterpolated) ? undefined : Object.entries(forEach);
  }
  const set = typeof forEach === 'string' ? /^\$\{toset\((\[.*\])\)\}$/s.exec(forEach) : null;
  if (!set) return undefined;
  try {
    const items = JSON.parse(set[1]!) as unknown;
    if (Array.isArray(items) && items.every(item => typeof item === 'string' && !item.includes('${'))) return items.map(item => [item, item]);
  } catch {
    // Not a plain list of strings (references, function calls): instances known only at plan.
  }
  return undefined;
}

function isInterpolated(json: Json): boolean {
  return JSON.stringify(json).includes('${');
}

/** `each.key`, `each.value` and each attribute path into the value (`each.value.name`). */
function eachSymbols(key: string, value: Json): Map<string, Json> {
  const symbols = new Map<string, Json>([['each.key', key]]);
  const add = (path: string, item: Json) => {
    symbols.set(path, item);
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) Object.entries(item).forEach(([k, v]) => add(`${path}.${k}`, v));
  };
  add('each.value', value);
  return symbols;
}

/** The string with the instance's symbols substituted: the whole string keeps the symbol's type. */
function substituted(text: string, symbols: ReadonlyMap<string, Json>): Json {
  const whole = /^\$\{([^}]*)\}$/.exec(text);
  if (whole && symbols.has(whole[1]!)) return symbols.get(whole[1]!)!;
  return text.replace(SYMBOL, (match, symbol: string) => {
    const value = symbols.get(symbol);
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : match;
  });
}

function toValue(json: Json | undefined, symbols: ReadonlyMap<string, Json> = SINGLE.symbols): Value {
  if (json === undefined || json === null) return null;
  if (typeof json === 'string') {
    const text = symbols.size > 0 ? substituted(json, symbols) : json;
    if (typeof text !== 'string') return toValue(text);
    const reference = REFERENCE.exec(text);
    if (reference) return new Reference(reference[1]!, reference[2] ?? '');
    return text.includes('${') ? UNKNOWN : text;
  }
  if (Array.isArray(json)) return json.map(item => toValue(item, symbols));
  if (typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, toValue(item, symbols)]));
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
    .flatMap(([type, byName]) => Object.entries(byName).flatMap(([name, body]) => instancesOf(body).map((instance): ResourceView => {
      const attributes = Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key));
      const values: Values = Object.fromEntries(attributes.map(([key, json]) => [key, toValue(json as Json, instance.symbols)]));
      const provider = typeof body.provider === 'string' ? body.provider : 'secops';
      return {
        type,
        vendor: vendorOf(type),
        mode,
        address: `${mode === 'data' ? 'data.' : ''}${type}.${name}${instance.index}`,
        values,
        before: null,
        action: 'declared',
        changedAttributes: [],
        constructPath: body['//']?.metadata?.path,
        providerSettings: providers.get(provider),
      };
    })));
}

/** Every secops resource and data source the stack declares. */
export function stackViews(stack: TerraformStack): ResourceView[] {
  return configViews(stack.toTerraform());
}

/** Every secops resource and data source of a stack's Terraform JSON (a cdk.tf.json). */
export function configViews(terraformJson: unknown): ResourceView[] {
  const config = terraformJson as {
    resource?: Record<string, Record<string, SynthesizedBody>>;
    data?: Record<string, Record<string, SynthesizedBody>>;
    provider?: { secops?: Record<string, Json>[] };
  };
  const providers = providerSettings(config.provider?.secops);
  return [...views(config.resource, 'managed', providers), ...views(config.data, 'data', providers)];
}
