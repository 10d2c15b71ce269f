import { CtyType } from './cty/types';
import { CtyValue } from './cty/values';
import { Block } from './schema';

/**
 * How resource and data source files describe themselves to the provider layer. A file declares
 * its schema and handlers once; the registry hands every vendor's definitions to the provider,
 * which knows nothing about any vendor beyond what is declared here.
 */

/** An object's attribute values by name, as the schema declares them (see cty/values.ts). */
export type ObjectValue = { [name: string]: CtyValue };

/** A problem found in configuration, reported as a diagnostic on `path` (attribute names). */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly summary: string;
  readonly detail?: string;
  readonly severity?: 'error' | 'warning';
}

export interface HandlerContext<Client> {
  /** The vendor's configured client, built on first use from the provider block and environment. */
  readonly client: Client;
  /** Aborted when Terraform asks the provider to stop (StopProvider). */
  readonly signal: AbortSignal;
  /**
   * The remote object's revision (version, etag, modify index) recorded with its state by the
   * last create, update or read, if any. Kept in Terraform's provider-private state: never shown,
   * never in the configuration.
   */
  readonly revision: string | undefined;
  /**
   * Record that the remote object now exists. If a later step of the same create fails, this
   * state is still returned to Terraform with the error, so the object is tracked, not orphaned.
   */
  created(state: ObjectValue): void;
  /** A warning Terraform shows with this operation's result (the operation still succeeds). */
  warn(summary: string, detail?: string): void;
  /** Records the remote object's revision with the state this operation returns. */
  recordRevision(revision: string): void;
}

/**
 * The form of a resource's `terraform import` IDs, checked before any request: an ID of another
 * type, org or shape is refused with the expected form instead of being read as this type.
 */
export interface ImportIdForm<Client> {
  /** The expected form as users write it, e.g. `/orgs/1/labels/<id>`. */
  describe(client: Client): string;
  /**
   * The ID in its canonical form (e.g. a full URL reduced to an href), or a reason it is not an
   * ID of this resource type.
   */
  normalise(id: string, client: Client): { readonly id: string } | { readonly refused: string };
}

export interface ResourceDefinition<Client = unknown, Model extends object = ObjectValue> {
  /** `secops_<vendor>_<object>`. */
  readonly typeName: string;
  readonly schema: Block;
  /** Schema version, for state upgrades. */
  readonly version?: number;
  /** The form of import IDs; without one, any ID is passed to `importState` as it is. */
  readonly importId?: ImportIdForm<Client>;
  /** Checks across attributes of a configuration (values may be unknown: skip those). */
  validate?(config: Model): Problem[];
  /**
   * Checks that need the remote system, e.g. values allowed by a catalogue only the API knows,
   * run at plan on the planned object (values may be unknown: skip those) beside the prior state
   * (null on create). Problems become plan diagnostics; a check that cannot reach the remote
   * system should warn, not fail the plan.
   */
  checkPlan?(ctx: HandlerContext<Client>, planned: Model, prior: Model | null): Promise<Problem[]>;
  create(ctx: HandlerContext<Client>, planned: Model): Promise<Model>;
  /**
   * The object as it is now, or undefined when it no longer exists. Returning `current` itself
   * says nothing changed (e.g. the revision in `ctx.revision` is still the remote one).
   */
  read(ctx: HandlerContext<Client>, current: Model): Promise<Model | undefined>;
  update(ctx: HandlerContext<Client>, planned: Model, prior: Model): Promise<Model>;
  delete(ctx: HandlerContext<Client>, current: Model): Promise<void>;
  /**
   * Objects the vendor builds in and never deletes (e.g. a default policy): they can be imported
   * and configured, and destroying them only removes them from state, with a warning. Answers
   * what the object is (e.g. `the built-in "Any" scope`), or undefined for an ordinary object.
   */
  builtIn?(ctx: HandlerContext<Client>, current: Model): Promise<string | undefined>;
  /**
   * The state to read after `terraform import ID` (already checked by `importId`). Default: an
   * object with only `id` set. The provider reads it at once, so an unknown ID fails the import.
   */
  importState?(ctx: HandlerContext<Client>, id: string): Promise<Partial<Model>>;
}

export interface DataSourceDefinition<Client = unknown, Model extends object = ObjectValue> {
  readonly typeName: string;
  readonly schema: Block;
  validate?(config: Model): Problem[];
  read(ctx: HandlerContext<Client>, config: Model): Promise<Model>;
}

/** One parameter of a provider function. */
export interface FunctionParameterDefinition {
  readonly name: string;
  readonly type: CtyType;
  readonly description: string;
}

/**
 * A provider-defined function, called in Terraform as `provider::secops::<name>(...)`
 * (Terraform 1.8+). It computes a value from its arguments alone: no client, no remote call.
 * Terraform only calls it with known, non-null arguments.
 */
export interface FunctionDefinition {
  /** The function's full name, e.g. `uidp_parent`: unique across vendors. */
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly FunctionParameterDefinition[];
  readonly returns: CtyType;
  /** The result; throw a FunctionArgumentError to blame one argument. */
  call(args: CtyValue[]): CtyValue;
}

/** A function refused an argument: Terraform points at it in the call. */
export class FunctionArgumentError extends Error {
  constructor(public readonly argument: number, message: string) {
    super(message);
    this.name = 'FunctionArgumentError';
  }
}

/** One vendor: its block in the provider configuration, its client, its objects. */
export interface VendorDefinition<Client = unknown> {
  /** Name of the vendor's nested block in `provider "secops" {}`, e.g. `nomad`. */
  readonly name: string;
  readonly settings: Block;
  /* eslint-disable @typescript-eslint/no-explicit-any -- each definition has its own model type; the provider layer treats them alike */
  readonly resources: readonly ResourceDefinition<Client, any>[];
  readonly dataSources: readonly DataSourceDefinition<Client, any>[];
  /* eslint-enable @typescript-eslint/no-explicit-any */
  /** Provider functions the vendor offers (pure computations on values, e.g. identifier helpers). */
  readonly functions?: readonly FunctionDefinition[];
  /** Checks of the vendor block's values, e.g. URL formats. */
  validateSettings?(settings: ObjectValue): Problem[];
  /**
   * Warnings about the block and the environment shown when Terraform configures the provider,
   * e.g. certificate verification turned off.
   */
  configureWarnings?(settings: ObjectValue | null, env: NodeJS.ProcessEnv): Problem[];
  /** Builds the client from the block (null when the block is absent) and the environment. */
  configure(settings: ObjectValue | null): Client;
}

/**
 * A vendor loaded on first use. Its name routes what needs it: type names `secops_<name>_...` and
 * the provider block's `<name> {}`.
 */
export interface LazyVendor {
  readonly name: string;
  load(): Promise<VendorDefinition>;
}

/** Helpers that keep the model type of a definition checked where it is written. */
export function defineResource<Client, Model extends object>(
  definition: ResourceDefinition<Client, Model>,
): ResourceDefinition<Client, Model> {
  return definition;
}

export function defineDataSource<Client, Model extends object>(
  definition: DataSourceDefinition<Client, Model>,
): DataSourceDefinition<Client, Model> {
  return definition;
}

export function defineFunction(definition: FunctionDefinition): FunctionDefinition {
  return definition;
}

export function defineVendor<Client>(definition: VendorDefinition<Client>): VendorDefinition<Client> {
  return definition;
}
