import { conformValue } from './cty/compare';
import { decodeJsonValue } from './cty/json';
import { decodeValue, encodeValue } from './cty/msgpack';
import { CtyType } from './cty/types';
import { setOwn } from './cty/util';
import { CtyValue, Unknown } from './cty/values';
import {
  DataSourceDefinition, FunctionArgumentError, HandlerContext, LazyVendor, ObjectValue, Problem, ResourceDefinition, VendorDefinition,
} from './definitions';
import { Diagnostics, diagnosticsFromError, problemsToDiagnostics } from './diagnostics';
import { planChange } from './plan';
import type * as pb from './protocol/messages';
import { providerConfigBlock, providerConfigProblems } from './provider-config';
import { Block, blockType, emptyObject } from './schema';
import { functionsToProto, providerSchemaToProto } from './schema-proto';
import { configProblems } from './validate';
import { collectRefusals, describeRefusal, RefusalAnswer } from '../clients/core/answers';
import { setTerraformVersion } from '../clients/core/connection';

/**
 * The provider: the protocol's RPCs over the registry of vendor definitions. Nothing here knows
 * a vendor; every resource arrives as schema plus handlers.
 */
export function createProviderHandlers(vendors: readonly VendorDefinition[]): pb.ProviderHandlers {
  const loaders = vendors.map(vendor => ({ name: vendor.name, load: async () => vendor }));
  return new SecopsProvider(loaders, blockType(providerConfigBlock(vendors))).handlers();
}

/**
 * The provider over vendors loaded on first use: an RPC about `secops_nomad_...` loads Nomad
 * only, the provider block loads the vendors it configures, and what lists everything (metadata,
 * functions, the schema) loads them all. `configType` is the provider block's type (a constant of
 * the bundle); without it the first decode of the block loads every vendor to build it.
 */
export function createLazyProviderHandlers(loaders: readonly LazyVendor[], configType?: CtyType): pb.ProviderHandlers {
  return new SecopsProvider(loaders, configType).handlers();
}

interface Registered<T> {
  readonly definition: T;
  readonly vendor: VendorDefinition;
  readonly type: CtyType;
  /** No attribute has a default: a proposal equal to the prior state is planned as it is. */
  readonly plainPlan: boolean;
}

/**
 * A definition with what the provider derives from its schema, worked out on first use: a
 * process serves a handful of the hundred-odd types, and Terraform starts several per command.
 */
function register<T extends { readonly schema: Block }>(definition: T, vendor: VendorDefinition): Registered<T> {
  let type: CtyType | undefined;
  let plainPlan: boolean | undefined;
  return {
    definition,
    vendor,
    get type() {
      return (type ??= blockType(definition.schema));
    },
    get plainPlan() {
      return (plainPlan ??= !hasDefaults(definition.schema));
    },
  };
}

class SecopsProvider {
  private readonly resources = new Map<string, Registered<ResourceDefinition>>();
  private readonly dataSources = new Map<string, Registered<DataSourceDefinition>>();
  private readonly clients = new Map<string, unknown>();
  private settings: ObjectValue | null = null;
  /** Vendors whose settings warnings were given (at ConfigureProvider, or with a first operation). */
  private warnedVendors = new Set<string>();
  /** Each vendor's load, started on first need. */
  private readonly loading = new Map<string, Promise<VendorDefinition>>();

  constructor(private readonly loaders: readonly LazyVendor[], private configType?: CtyType) {}

  /** Loads a vendor once and registers its definitions. */
  private vendor(name: string): Promise<VendorDefinition> {
    let pending = this.loading.get(name);
    if (pending === undefined) {
      const loader = this.loaders.find(candidate => candidate.name === name);
      if (loader === undefined) throw new Error(`The secops provider has no vendor "${name}"`);
      pending = loader.load().then(vendor => {
        for (const definition of vendor.resources) this.resources.set(definition.typeName, register(definition, vendor));
        for (const definition of vendor.dataSources) this.dataSources.set(definition.typeName, register(definition, vendor));
        return vendor;
      });
      this.loading.set(name, pending);
    }
    return pending;
  }

  /** Every vendor, in registry order. */
  private async allVendors(): Promise<VendorDefinition[]> {
    return Promise.all(this.loaders.map(loader => this.vendor(loader.name)));
  }

  /** The vendor a type name belongs to (`secops_<vendor>_...`), loaded; the longest matching name wins. */
  private async vendorOfType(typeName: string): Promise<void> {
    const owner = this.loaders
      .filter(loader => typeName.startsWith(`secops_${loader.name}_`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (owner !== undefined) await this.vendor(owner.name);
  }

  /** The provider block's type, built from every vendor when the bundle did not bring it. */
  private async providerConfigType(): Promise<CtyType> {
    return (this.configType ??= blockType(providerConfigBlock(await this.allVendors())));
  }

  handlers(): pb.ProviderHandlers {
    return {
      getMetadata: async () => this.metadata(await this.allVendors()),
      getFunctions: async () => ({ functions: functionsToProto(await this.allVendors()), diagnostics: [] }),
      callFunction: async request => this.callFunction(request, await this.allVendors()),
      getProviderSchema: async () => this.schema(await this.allVendors()),
      validateProviderConfig: async request => ({ diagnostics: await this.validateProvider(request.config) }),
      configureProvider: async request => this.configure(request.config, request.terraformVersion),
      validateResourceConfig: async request => ({ diagnostics: this.validateConfig(await this.resource(request.typeName), request.config) }),
      validateDataResourceConfig: async request => ({ diagnostics: this.validateConfig(await this.dataSource(request.typeName), request.config) }),
      upgradeResourceState: async request => this.upgrade(request),
      readResource: async (request, rpc) => this.read(request, rpc),
      planResourceChange: async (request, rpc) => this.plan(request, rpc),
      applyResourceChange: async (request, rpc) => this.apply(request, rpc),
      importResourceState: async (request, rpc) => this.importState(request, rpc),
      readDataSource: async (request, rpc) => this.readData(request, rpc),
    };
  }

  private metadata(vendors: readonly VendorDefinition[]): pb.GetMetadataResponse {
    return {
      serverCapabilities: CAPABILITIES,
      resources: vendors.flatMap(vendor => vendor.resources.map(({ typeName }) => ({ typeName }))),
      dataSources: vendors.flatMap(vendor => vendor.dataSources.map(({ typeName }) => ({ typeName }))),
      functions: vendors.flatMap(vendor => (vendor.functions ?? []).map(({ name }) => ({ name }))),
      diagnostics: [],
    };
  }

  private schema(vendors: readonly VendorDefinition[]): pb.GetProviderSchemaResponse {
    return {
      ...providerSchemaToProto(vendors),
      serverCapabilities: CAPABILITIES,
      diagnostics: [],
    };
  }

  /** Checks the blocks the configuration has; only their vendors are loaded. */
  private async validateProvider(config: pb.DynamicValue | undefined): Promise<pb.Diagnostic[]> {
    const values = decodeObject(config, await this.providerConfigType());
    const configured = this.loaders.filter(loader => values !== null && values[loader.name] !== null && values[loader.name] !== undefined);
    const vendors = await Promise.all(configured.map(loader => this.vendor(loader.name)));
    return problemsToDiagnostics(providerConfigProblems(vendors, providerConfigBlock(vendors), values));
  }

  /**
   * Keeps the settings; each vendor's client is built when a handler first needs it (context()).
   * Warnings about the settings come now for the vendors the block configures, and with the first
   * operation for a vendor configured by its environment only (loading every vendor here would
   * cost each process their start).
   */
  private async configure(config: pb.DynamicValue | undefined, terraformVersion: string | undefined): Promise<pb.ConfigureProviderResponse> {
    this.settings = decodeObject(config, await this.providerConfigType());
    this.clients.clear();
    setTerraformVersion(terraformVersion);
    const settings = this.settings;
    const configured = this.loaders.filter(loader => settings?.[loader.name] !== null && settings?.[loader.name] !== undefined);
    const vendors = await Promise.all(configured.map(loader => this.vendor(loader.name)));
    this.warnedVendors = new Set(vendors.map(vendor => vendor.name));
    return { diagnostics: problemsToDiagnostics(vendors.flatMap(vendor => this.settingsWarnings(vendor))) };
  }

  /** What a vendor's settings (block and environment) deserve a warning for, e.g. TLS verification off. */
  private settingsWarnings(vendor: VendorDefinition): Problem[] {
    return vendor.configureWarnings?.((this.settings?.[vendor.name] as ObjectValue | null | undefined) ?? null, process.env) ?? [];
  }

  private validateConfig(registered: Registered<ResourceDefinition | DataSourceDefinition>, config: pb.DynamicValue | undefined): pb.Diagnostic[] {
    const { definition, type } = registered;
    const values = decodeObject(config, type);
    return problemsToDiagnostics(configProblems(definition, values));
  }

  private async upgrade(request: pb.UpgradeResourceStateRequest): Promise<pb.UpgradeResourceStateResponse> {
    const { type } = await this.resource(request.typeName);
    const json = request.rawState?.json;
    if (!json || json.length === 0) {
      return { diagnostics: Diagnostics.error('State upgrade not supported', `The state of ${request.typeName} is in the legacy flatmap form, which this provider never wrote.`) };
    }
    const value = decodeJsonValue(json, type, { ignoreUnknownAttributes: true });
    return { upgradedState: { msgpack: encodeValue(value, type) }, diagnostics: [] };
  }

  private async read(request: pb.ReadResourceRequest, rpc: pb.RpcContext): Promise<pb.ReadResourceResponse> {
    const registered = await this.resource(request.typeName);
    const current = decodeObject(request.currentState, registered.type);
    if (current === null) return { newState: request.currentState, diagnostics: [] };
    try {
      const ctx = this.context(registered.vendor, rpc, undefined, request.private);
      const found = await registered.definition.read(ctx, current);
      // The handler's own object back: nothing changed, so Terraform gets its bytes back as they were.
      const newState = found === current ? request.currentState
        : { msgpack: encodeValue(found === undefined ? null : this.toState(registered, found), registered.type) };
      return { newState, private: ctx.privateState(), diagnostics: ctx.warnings };
    } catch (error) {
      return { newState: request.currentState, diagnostics: diagnosticsFromError(error, `Reading ${request.typeName}`) };
    }
  }

  private async plan(request: pb.PlanResourceChangeRequest, rpc: pb.RpcContext): Promise<pb.PlanResourceChangeResponse> {
    const registered = await this.resource(request.typeName);
    if (registered.plainPlan && !registered.definition.checkPlan && sameBytes(request.priorState, request.proposedNewState)) {
      // The configuration says what the state already holds: the plan is no change (a refresh's usual case).
      return { plannedState: request.proposedNewState, requiresReplace: [], plannedPrivate: request.priorPrivate, diagnostics: [] };
    }
    const prior = decodeObject(request.priorState, registered.type);
    const proposed = decodeObject(request.proposedNewState, registered.type);
    const { planned, requiresReplace } = planChange(registered.definition.schema, prior, proposed, decodeObject(request.config, registered.type));
    return {
      // Most plans of an unchanged object take Terraform's proposal as it is: send its bytes back.
      plannedState: sameAttributes(planned, proposed) ? request.proposedNewState : { msgpack: encodeValue(planned, registered.type) },
      requiresReplace: requiresReplace.map(path => ({ steps: path.map(attributeName => ({ attributeName })) })),
      plannedPrivate: request.priorPrivate,
      diagnostics: planned === null ? [] : await this.checkPlan(registered, planned, prior, rpc),
    };
  }

  /** The resource's own plan-time checks against the remote system, when it declares any. */
  private async checkPlan(
    registered: Registered<ResourceDefinition>, planned: ObjectValue, prior: ObjectValue | null, rpc: pb.RpcContext,
  ): Promise<pb.Diagnostic[]> {
    const { definition, vendor } = registered;
    if (!definition.checkPlan) return [];
    const ctx = this.context(vendor, rpc);
    try {
      return [...problemsToDiagnostics(await definition.checkPlan(ctx, planned, prior)), ...ctx.warnings];
    } catch (error) {
      return [...ctx.warnings, ...diagnosticsFromError(error, `Checking the plan of ${definition.typeName}`)];
    }
  }

  private async apply(request: pb.ApplyResourceChangeRequest, rpc: pb.RpcContext): Promise<pb.ApplyResourceChangeResponse> {
    const registered = await this.resource(request.typeName);
    const { definition, type } = registered;
    const prior = decodeObject(request.priorState, type);
    const planned = decodeObject(request.plannedState, type);
    let createdState: ObjectValue | null = null;
    const ctx = this.context(registered.vendor, rpc, state => { createdState = state; }, request.plannedPrivate);
    const respond = (state: ObjectValue | null, diagnostics: pb.Diagnostic[] = []) =>
      ({ newState: { msgpack: encodeValue(state, type) }, private: ctx.privateState(), diagnostics: [...ctx.warnings, ...diagnostics] });
    try {
      if (planned === null) {
        const builtIn = await definition.builtIn?.(ctx, prior!);
        if (builtIn !== undefined) {
          ctx.warn(`${builtIn} was not deleted`, `${builtIn} is built into ${registered.vendor.name} and cannot be deleted: it was removed from Terraform state only.`);
        } else {
          await definition.delete(ctx, prior!);
        }
        return respond(null);
      }
      if (prior === null) {
        return respond(this.toState(registered, await definition.create(ctx, planned), planned));
      }
      return respond(this.toState(registered, await definition.update(ctx, planned, prior), planned));
    } catch (error) {
      const action = planned === null ? 'Deleting' : prior === null ? 'Creating' : 'Updating';
      const diagnostics = diagnosticsFromError(error, `${action} ${request.typeName}`);
      // Whatever exists remotely stays in state: a created object is kept (Terraform taints
      // it), a failed update or delete keeps the prior object.
      if (createdState !== null) return respond(this.toState(registered, createdState, planned), diagnostics);
      return respond(prior, diagnostics);
    }
  }

  private async importState(request: pb.ImportResourceStateRequest, rpc: pb.RpcContext): Promise<pb.ImportResourceStateResponse> {
    const registered = await this.resource(request.typeName);
    const { definition, type } = registered;
    try {
      const ctx = this.context(registered.vendor, rpc);
      const checked = definition.importId?.normalise(request.id, ctx.client) ?? { id: request.id };
      if ('refused' in checked) {
        const expected = definition.importId!.describe(ctx.client);
        return { importedResources: [], diagnostics: Diagnostics.error(`Wrong import ID for ${request.typeName}`, `"${request.id}" ${checked.refused}. Expected: ${expected}`) };
      }
      const partial = definition.importState ? await definition.importState(ctx, checked.id) : { id: checked.id };
      const imported = emptyObject(definition.schema, partial as ObjectValue);
      // Read now, so an ID the vendor does not know is named with the vendor's answer (Terraform's
      // own message after an empty read names neither).
      const { result: found, refusals } = await collectRefusals(() => definition.read(ctx, imported));
      if (found === undefined) {
        return { importedResources: [], diagnostics: Diagnostics.error(`Cannot import ${request.typeName} "${request.id}"`, notFoundDetail(checked.id, registered.vendor.name, refusals)) };
      }
      const state = found === imported ? imported : this.toState(registered, found);
      return {
        importedResources: [{ typeName: request.typeName, state: { msgpack: encodeValue(state, type) }, private: ctx.privateState() }],
        diagnostics: ctx.warnings,
      };
    } catch (error) {
      return { importedResources: [], diagnostics: diagnosticsFromError(error, `Importing ${request.typeName}`) };
    }
  }

  private async readData(request: pb.ReadDataSourceRequest, rpc: pb.RpcContext): Promise<pb.ReadDataSourceResponse> {
    const registered = await this.dataSource(request.typeName);
    const config = decodeObject(request.config, registered.type);
    try {
      const ctx = this.context(registered.vendor, rpc);
      const state = await registered.definition.read(ctx, config!);
      return { state: { msgpack: encodeValue(this.toState(registered, state, config), registered.type) }, diagnostics: ctx.warnings };
    } catch (error) {
      return { state: request.config, diagnostics: diagnosticsFromError(error, `Reading data source ${request.typeName}`) };
    }
  }

  /** Decodes the arguments by the parameters' types, calls the function, encodes its result. */
  private callFunction(request: pb.CallFunctionRequest, vendors: readonly VendorDefinition[]): pb.CallFunctionResponse {
    const definition = vendors.flatMap(vendor => vendor.functions ?? []).find(({ name }) => name === request.name);
    if (!definition) return { error: { text: `The secops provider has no function "${request.name}"` } };
    try {
      const args = definition.parameters.map((parameter, index) => {
        const argument = request.arguments[index];
        return argument?.msgpack && argument.msgpack.length > 0 ? decodeValue(argument.msgpack, parameter.type) : null;
      });
      return { result: { msgpack: encodeValue(definition.call(args), definition.returns) } };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return { error: error instanceof FunctionArgumentError ? { text, functionArgument: error.argument } : { text } };
    }
  }

  /**
   * What a handler returned, as state of exactly the schema's shape: attributes it did not set
   * keep their planned value, and nothing unknown remains (an unset computed value is null).
   */
  private toState(registered: Registered<{ schema: Block }>, result: object, planned?: ObjectValue | null): ObjectValue {
    const merged: ObjectValue = { ...(planned ?? {}), ...(result as ObjectValue) };
    return conformValue(replaceUnknowns(merged), registered.type) as ObjectValue;
  }

  /**
   * What a handler gets; the warnings it reports are sent with the operation's result, and the
   * revision it records goes into the provider-private state returned with it.
   */
  private context<Client>(
    vendor: VendorDefinition<Client>, rpc: pb.RpcContext, onCreated?: (state: ObjectValue) => void, priorPrivate?: Uint8Array,
  ): HandlerContext<Client> & { readonly warnings: pb.Diagnostic[]; privateState(): Uint8Array | undefined } {
    const clients = this.clients;
    const settings = this.settings;
    const warnOnce = (configured: VendorDefinition) => {
      if (this.warnedVendors.has(configured.name)) return;
      this.warnedVendors.add(configured.name);
      for (const problem of this.settingsWarnings(configured)) warnings.push(...Diagnostics.warning(problem.summary, problem.detail));
    };
    const warnings: pb.Diagnostic[] = [];
    const prior = decodePrivate(priorPrivate);
    let recorded: string | undefined;
    return {
      warnings,
      revision: prior.revision,
      recordRevision: revision => { recorded = revision; },
      privateState: () => (recorded === undefined || recorded === prior.revision ? priorPrivate : encodePrivate({ ...prior, revision: recorded })),
      warn: (summary, detail) => { warnings.push(...Diagnostics.warning(summary, detail)); },
      get client(): Client {
        if (!clients.has(vendor.name)) {
          clients.set(vendor.name, vendor.configure((settings?.[vendor.name] as ObjectValue | null | undefined) ?? null));
          warnOnce(vendor);
        }
        return clients.get(vendor.name) as Client;
      },
      // Read when a handler needs it: the call's AbortSignal is only made then.
      get signal() {
        return rpc.signal;
      },
      created: state => onCreated?.(state),
    };
  }

  private async resource(typeName: string): Promise<Registered<ResourceDefinition>> {
    await this.vendorOfType(typeName);
    const found = this.resources.get(typeName);
    if (!found) throw new Error(`The secops provider has no resource type "${typeName}"`);
    return found;
  }

  private async dataSource(typeName: string): Promise<Registered<DataSourceDefinition>> {
    await this.vendorOfType(typeName);
    const found = this.dataSources.get(typeName);
    if (!found) throw new Error(`The secops provider has no data source "${typeName}"`);
    return found;
  }
}

// getProviderSchemaOptional: Terraform may reuse the schema it already fetched in this run instead
// of asking every new provider process for it again.
const CAPABILITIES: pb.ServerCapabilities = { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false };

/** Which ID was not found, and what the vendor said about it (its last refusal, when any). */
function notFoundDetail(id: string, vendor: string, refusals: readonly RefusalAnswer[]): string {
  const last = refusals[refusals.length - 1];
  const answer = last ? describeRefusal(last) : `${vendor} lists no object with this ID`;
  return `No object "${id}" exists: ${answer}. Check the ID, or create the object instead of importing it.`;
}

function decodeObject(value: pb.DynamicValue | undefined, type: CtyType): ObjectValue | null {
  if (!value) return null;
  if (value.msgpack && value.msgpack.length > 0) return decodeValue(value.msgpack, type) as ObjectValue | null;
  if (value.json && value.json.length > 0) return decodeJsonValue(value.json, type) as ObjectValue | null;
  return null;
}

function hasDefaults(block: Block): boolean {
  return Object.values(block.attributes).some(attribute => attribute.default !== undefined)
    || Object.values(block.blocks ?? {}).some(nested => hasDefaults(nested.block));
}

function sameBytes(a: pb.DynamicValue | undefined, b: pb.DynamicValue | undefined): boolean {
  const left = a?.msgpack;
  const right = b?.msgpack;
  return left !== undefined && right !== undefined && left.length > 0 && Buffer.from(left.buffer, left.byteOffset, left.length).equals(right);
}

/** Whether every attribute of `a` is the very value of `b` (not merely equal: no deep walk). */
function sameAttributes(a: ObjectValue | null, b: ObjectValue | null): boolean {
  if (a === null || b === null) return a === b;
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every(name => a[name] === b[name]);
}

/**
 * The provider-private state Terraform keeps beside each resource instance's state: opaque bytes
 * to Terraform, JSON to us. Only the revision handlers record lives there.
 */
interface PrivateState {
  readonly revision?: string;
}

function decodePrivate(bytes: Uint8Array | undefined): PrivateState {
  if (!bytes || bytes.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const revision = (parsed as PrivateState | null)?.revision;
    return typeof revision === 'string' ? { revision } : {};
  } catch {
    return {}; // not ours: read the object in full
  }
}

function encodePrivate(state: PrivateState): Uint8Array {
  return Buffer.from(JSON.stringify(state), 'utf8');
}

function replaceUnknowns(value: CtyValue): CtyValue {
  if (value instanceof Unknown) return null;
  // Copy on write: a large state is almost always wholly known, and then walking it allocates nothing.
  if (Array.isArray(value)) {
    let out: CtyValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const replaced = replaceUnknowns(value[i]);
      if (replaced !== value[i]) (out ??= value.slice())[i] = replaced;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    const record = value as { [name: string]: CtyValue };
    let out: { [name: string]: CtyValue } | undefined;
    for (const [name, element] of Object.entries(record)) {
      const replaced = replaceUnknowns(element);
      if (replaced !== element) setOwn(out ??= { ...record }, name, replaced); // setOwn: a "__proto__" attribute too
    }
    return out ?? value;
  }
  return value;
}
