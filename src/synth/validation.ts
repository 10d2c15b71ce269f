/**
 * Synth-time validation: every secops resource, data source and provider in a stack is checked
 * at synth with the very checks the provider runs at plan (attribute validators of the schema,
 * then the definition's own checks), on the values known at synth. A value that is a token, or
 * anything else not plain data at synth, counts as unknown and is skipped, as Terraform's
 * unknown values are at plan. cdktf reports each error as `[<construct path>] <attribute>: <reason>`.
 */
import { Aspects, IAspect, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { PROVIDER_SOURCE } from '../cli/install';
import { conformValue } from '../provider/cty/compare';
import { CtyType } from '../provider/cty/types';
import { UNKNOWN } from '../provider/cty/values';
import { ObjectValue, Problem } from '../provider/definitions';
import { providerConfigBlock, providerConfigProblems } from '../provider/provider-config';
import { Block, blockType } from '../provider/schema';
import { configProblems } from '../provider/validate';
import { vendors } from '../registry';

/** How to check one kind of construct: its schema and every check of a configuration of it. */
interface Checks {
  readonly schema: Block;
  problems(values: ObjectValue): Problem[];
}

const providerBlock = providerConfigBlock(vendors);
const providerChecks: Checks = { schema: providerBlock, problems: values => providerConfigProblems(vendors, providerBlock, values) };
const resourceChecks = checksByType(vendors.flatMap(v => v.resources));
const dataSourceChecks = checksByType(vendors.flatMap(v => v.dataSources));

function checksByType(definitions: readonly { typeName: string; schema: Block; validate?(config: ObjectValue): Problem[] }[]): Map<string, Checks> {
  return new Map(definitions.map(d => [d.typeName, { schema: d.schema, problems: values => configProblems(d, values) }]));
}

/** The checks for a construct of ours, or undefined for any other construct. */
function checksFor(node: IConstruct): Checks | undefined {
  if (TerraformResource.isTerraformResource(node)) return resourceChecks.get(node.terraformResourceType);
  if (TerraformDataSource.isTerraformDataSource(node)) return dataSourceChecks.get(node.terraformResourceType);
  if (TerraformProvider.isTerraformProvider(node) && node.terraformProviderSource === PROVIDER_SOURCE) return providerChecks;
  return undefined;
}

/** The snake_case attributes a generated construct synthesizes (cdktf's extension point, protected in its typings). */
type Synthesizing = { synthesizeAttributes(): Record<string, unknown> };

/** The reasons a construct's configuration is invalid, each as `<attribute path>: <reason>`. */
function synthProblems(node: IConstruct): string[] {
  const checks = checksFor(node);
  if (!checks) return [];
  const values = knownValues(checks.schema, (node as unknown as Synthesizing).synthesizeAttributes());
  return checks.problems(values)
    .filter(problem => problem.severity !== 'warning')
    .map(problem => `${problem.path.join('.')}: ${problem.detail ?? problem.summary}`);
}

/** Each schema's attribute types, computed once: synthesis checks thousands of constructs. */
const attributeTypes = new WeakMap<Block, readonly (readonly [string, CtyType])[]>();

function typesOf(schema: Block): readonly (readonly [string, CtyType])[] {
  let types = attributeTypes.get(schema);
  if (!types) {
    const [, byName] = blockType(schema) as readonly ['object', { readonly [name: string]: CtyType }];
    types = Object.entries(byName);
    attributeTypes.set(schema, types);
  }
  return types;
}

/** The configuration as the provider would decode it, with whatever is not known at synth unknown. */
function knownValues(schema: Block, synthesized: Record<string, unknown>): ObjectValue {
  const values: ObjectValue = {};
  for (const [name, type] of typesOf(schema)) {
    try {
      values[name] = conformValue(unknownsMarked(synthesized[name]), type);
    } catch {
      // Not of the schema's type as written (Terraform may still convert it): leave it to plan.
      values[name] = UNKNOWN;
    }
  }
  return values;
}

/**
 * Tokens, and objects cdktf resolves later (dynamic blocks, references), become unknown. A string
 * with an interpolation (`${...}`, which is also how cdktf encodes string tokens) or an encoded
 * list token (`#{...}`) is known only at plan; testing for those markers first spares the
 * token parser on the plain strings that make up almost every configuration.
 */
function unknownsMarked(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.includes('${') || value.includes('#{') ? UNKNOWN : value;
  if (Token.isUnresolved(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(unknownsMarked);
  if (typeof value !== 'object') return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return UNKNOWN;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unknownsMarked(entry)]));
}

/** Adds the checks to every secops construct of the stack when it is synthesized. */
class SynthValidation implements IAspect {
  private readonly validated = new WeakSet<IConstruct>();

  visit(node: IConstruct): void {
    // Aspects run on every synthesis; a construct gets its validation once.
    if (this.validated.has(node) || !checksFor(node)) return;
    this.validated.add(node);
    node.node.addValidation({ validate: () => synthProblems(node) });
  }
}

/** Registers synth-time validation on the scope's stack, once however often it is called. */
export function validateOnSynth(scope: IConstruct): void {
  const aspects = Aspects.of(TerraformStack.of(scope));
  if (!aspects.all.some(aspect => aspect instanceof SynthValidation)) aspects.add(new SynthValidation());
}
