import { randomUUID } from 'node:crypto';
import { checkSelector } from '../../nomad/bexpr';
import { registerSecret } from '../../util/log';
import { Collection, empty, FaultRule, json, SimRequest, SimResponse, SimulatorServer, Store, text, VendorSimulator } from '../core';
import { blake2b } from './blake2b';
import { formatMultiError, goTimeNow, parseGoBool, parseGoDuration, parseGoUint } from './go';
import { authMethodStub, bindingRuleStub, DecodedBindingRule, decodeBindingRule, StoredAuthMethod, StoredBindingRule } from './wire';

export * from './wire';

/** An auth method the simulated cluster knows; binding rules may only refer to these. */
export interface NomadAuthMethodSeed {
  readonly name: string;
  /** `OIDC` or `JWT`. */
  readonly type: string;
  readonly default?: boolean;
}

export interface NomadSimulatorOptions {
  /** Secret ID of the one management token. Default: a random UUID. */
  readonly managementToken?: string;
  /** The cluster's region; reads asking for another one fail as in Nomad. Default `global`. */
  readonly region?: string;
  /** Default: `okta` (OIDC, default method) and `github-jwt` (JWT). */
  readonly authMethods?: readonly NomadAuthMethodSeed[];
  /** Faults active from the start (SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_NOMAD are read too). */
  readonly faults?: string | readonly FaultRule[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Result of a write through the simulated RPC layer. */
type WriteResult<T> =
  | { readonly ok: true; readonly value: T; readonly index: number }
  | { readonly ok: false; readonly status: number; readonly message: string };

interface ReadQuery {
  readonly region: string;
  readonly minIndex: number;
  readonly waitMs: number | undefined;
}

export const DEFAULT_AUTH_METHODS: readonly NomadAuthMethodSeed[] = [
  { name: 'okta', type: 'OIDC', default: true },
  { name: 'github-jwt', type: 'JWT' },
];

const MAX_BLOCKING_MS = 300_000;
const JITTER_FRACTION = 16;
const MAX_DESCRIPTION_BYTES = 256;
const PERMISSION_DENIED = 'Permission denied';
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Nomad's ACL binding rule and auth method HTTP API, in process, following Nomad's own code:
 * the same routes, status codes, text/plain error bodies and wording, JSON shapes, index
 * headers, blocking queries, merge-on-update and no-op update behaviour (command/agent/
 * acl_endpoint.go, nomad/acl_endpoint.go, nomad/structs/acl.go, nomad/state).
 */
export class NomadSimulator extends VendorSimulator {
  public readonly managementToken: string;
  public readonly region: string;
  /** The simulator's state; writes here move the raft-like index and wake blocking queries. */
  public readonly store = new Store();
  protected readonly server: SimulatorServer;
  private readonly bindingRules: Collection<StoredBindingRule>;
  private readonly authMethodTable: Collection<StoredAuthMethod>;
  private readonly authMethodSeeds: readonly NomadAuthMethodSeed[];

  constructor(options: NomadSimulatorOptions = {}) {
    super();
    this.managementToken = options.managementToken ?? randomUUID();
    registerSecret(this.managementToken);
    this.region = options.region ?? 'global';
    this.authMethodSeeds = options.authMethods ?? DEFAULT_AUTH_METHODS;
    this.bindingRules = this.store.collection<StoredBindingRule>('acl_binding_rules');
    this.authMethodTable = this.store.collection<StoredAuthMethod>('acl_auth_methods');
    this.server = new SimulatorServer({
      name: 'nomad',
      faults: options.faults,
      env: options.env,
      state: () => this.dump(),
      reset: () => this.resetState(),
      notFound: () => empty(404),
      methodNotAllowed: () => text(405, 'Invalid method'),
    });
    this.registerRoutes();
    this.seedAuthMethods();
  }

  /** The raft-like index of the latest write. */
  public get index(): number {
    return this.store.index;
  }

  /** Every binding rule in ID order, as stored. */
  public rules(): StoredBindingRule[] {
    return this.bindingRules.list();
  }

  public rule(id: string): StoredBindingRule | undefined {
    return this.bindingRules.get(id);
  }

  public authMethods(): StoredAuthMethod[] {
    return this.authMethodTable.list();
  }

  /** Adds (or replaces) an auth method, e.g. to test a rule for a method created later. */
  public addAuthMethod(seed: NomadAuthMethodSeed): StoredAuthMethod {
    return this.store.write((index) => this.putAuthMethod(seed, index));
  }

  /** Creates or updates a rule directly, with Nomad's validation but no HTTP or token; throws on a 4xx/5xx outcome. */
  public upsertRule(input: Partial<DecodedBindingRule>): StoredBindingRule {
    const result = this.upsert({ ID: '', Description: '', AuthMethod: '', Selector: '', BindType: '', BindName: '', ...input });
    if (!result.ok) {
      throw new Error(`${result.status}: ${result.message}`);
    }
    return result.value;
  }

  private registerRoutes(): void {
    this.server
      .route('GET', '/v1/acl/binding-rules', (req) => this.listRules(req))
      .route(['PUT', 'POST'], '/v1/acl/binding-rule', (req) => this.writeRule(req, ''))
      .route(ALL_METHODS, '/v1/acl/binding-rule/*id', (req) => this.ruleById(req))
      .route('GET', '/v1/acl/auth-methods', (req) => this.listAuthMethods(req));
  }

  private async listRules(req: SimRequest): Promise<SimResponse> {
    const query = readQuery(req, this.region);
    if ('response' in query) {
      return query.response;
    }
    const refused = this.checkRegion(query) ?? this.authorize(req);
    if (refused !== undefined) {
      return refused;
    }
    const tableIndex = (): number => Math.max(1, this.bindingRules.index);
    await this.block(query, tableIndex, req.signal);
    return respond(req, 200, this.bindingRules.list().map(bindingRuleStub), queryMeta(tableIndex()));
  }

  private async ruleById(req: SimRequest): Promise<SimResponse> {
    const id = req.params.id ?? '';
    if (id === '') {
      return text(400, 'missing ACL binding rule ID');
    }
    switch (req.method) {
      case 'GET':
        return this.readRule(req, id);
      case 'DELETE':
        return this.deleteRule(req, id);
      case 'POST':
      case 'PUT':
        return this.writeRule(req, id);
      default:
        return text(405, 'Invalid method');
    }
  }

  private async readRule(req: SimRequest, id: string): Promise<SimResponse> {
    const query = readQuery(req, this.region);
    if ('response' in query) {
      return query.response;
    }
    const refused = this.checkRegion(query) ?? this.authorize(req);
    if (refused !== undefined) {
      return refused;
    }
    // A found rule reports its own ModifyIndex; a missing one the table's index (not floored).
    const ruleIndex = (): number => this.bindingRules.get(id)?.ModifyIndex ?? this.bindingRules.index;
    await this.block(query, ruleIndex, req.signal);
    const rule = this.bindingRules.get(id);
    const meta = queryMeta(ruleIndex());
    return rule === undefined ? text(404, 'ACL binding rule not found', meta) : respond(req, 200, rule, meta);
  }

  private writeRule(req: SimRequest, pathId: string): SimResponse {
    const decoded = decodeBindingRule(req.body, req.hasBody);
    if ('error' in decoded) {
      return text(400, decoded.error);
    }
    const rule = pathId !== '' && decoded.rule.ID === '' ? { ...decoded.rule, ID: pathId } : decoded.rule;
    if (pathId !== '' && pathId !== rule.ID) {
      return text(400, 'ACL binding rule ID does not match request path');
    }
    // Writes always go to the authoritative region (this one), whatever ?region says.
    const refused = this.authorize(req);
    if (refused !== undefined) {
      return refused;
    }
    const result = this.upsert(rule);
    if (!result.ok) {
      return text(result.status, result.message);
    }
    return respond(req, 200, result.value, { 'X-Nomad-Index': String(result.index) });
  }

  private deleteRule(req: SimRequest, id: string): SimResponse {
    const refused = this.authorize(req);
    if (refused !== undefined) {
      return refused;
    }
    // The raft entry is applied (index consumed) before the state store finds nothing to delete.
    const result = this.store.write((index) => ({ deleted: this.bindingRules.delete(id), index }));
    if (!result.deleted) {
      return text(500, 'ACL binding rule not found');
    }
    return empty(200, { 'X-Nomad-Index': String(result.index) });
  }

  /** Served without a token, as in Nomad (the login UI lists methods anonymously). */
  private async listAuthMethods(req: SimRequest): Promise<SimResponse> {
    const query = readQuery(req, this.region);
    if ('response' in query) {
      return query.response;
    }
    const refused = this.checkRegion(query);
    if (refused !== undefined) {
      return refused;
    }
    const tableIndex = (): number => Math.max(1, this.authMethodTable.index);
    await this.block(query, tableIndex, req.signal);
    return respond(req, 200, this.authMethodTable.list().map(authMethodStub), queryMeta(tableIndex()));
  }

  /** ACL.UpsertBindingRules: merge on update, validate, check the auth method, apply. */
  private upsert(input: DecodedBindingRule): WriteResult<StoredBindingRule> {
    let rule = input;
    if (rule.ID !== '') {
      const existing = this.bindingRules.get(rule.ID);
      if (existing === undefined) {
        return { ok: false, status: 400, message: `cannot find binding rule ${rule.ID}` };
      }
      rule = {
        ...rule,
        BindName: rule.BindName || existing.BindName,
        BindType: rule.BindType || existing.BindType,
        AuthMethod: rule.AuthMethod || existing.AuthMethod,
      };
      if (rule.AuthMethod !== existing.AuthMethod) {
        return { ok: false, status: 400, message: 'cannot update auth method for binding rule, create a new rule instead' };
      }
    }
    const problems = validationProblems(rule);
    if (problems.length > 0) {
      return { ok: false, status: 400, message: `binding rule 0 invalid: ${formatMultiError(problems)}` };
    }
    if (!this.authMethodTable.has(rule.AuthMethod)) {
      return { ok: false, status: 400, message: `ACL auth method ${rule.AuthMethod} not found` };
    }
    return this.store.write((index) => ({ ok: true, value: this.applyUpsert(rule, index), index }));
  }

  /** The state store half: an unchanged rule (same hash) is left alone, indexes and CreateTime carried over. */
  private applyUpsert(rule: DecodedBindingRule, index: number): StoredBindingRule {
    const id = rule.ID || randomUUID();
    const hash = ruleHash({ ...rule, ID: id });
    const existing = this.bindingRules.get(id);
    if (existing !== undefined && existing.Hash === hash) {
      return existing;
    }
    const now = goTimeNow();
    return this.bindingRules.put(id, {
      ID: id,
      Description: rule.Description,
      AuthMethod: rule.AuthMethod,
      Selector: rule.Selector,
      BindType: rule.BindType,
      BindName: rule.BindName,
      Hash: hash,
      CreateTime: existing?.CreateTime ?? now,
      ModifyTime: now,
      CreateIndex: existing?.CreateIndex ?? index,
      ModifyIndex: index,
    });
  }

  /** Holds a blocking query until the index passes the client's, or the (capped, jittered) wait ends. */
  private async block(query: ReadQuery, currentIndex: () => number, signal: AbortSignal): Promise<void> {
    if (query.minIndex === 0) {
      return;
    }
    const requested = query.waitMs ?? 0;
    const wait = requested > MAX_BLOCKING_MS ? MAX_BLOCKING_MS : requested <= 0 ? MAX_BLOCKING_MS : requested;
    const jittered = wait + Math.random() * (wait / JITTER_FRACTION);
    await this.store.waitFor(() => currentIndex() > query.minIndex, jittered, signal);
  }

  private authorize(req: SimRequest): SimResponse | undefined {
    return requestToken(req) === this.managementToken ? undefined : text(403, PERMISSION_DENIED);
  }

  private checkRegion(query: ReadQuery): SimResponse | undefined {
    return query.region === this.region ? undefined : text(500, 'No path to region');
  }

  private seedAuthMethods(): void {
    this.store.write((index) => this.authMethodSeeds.forEach((seed) => this.putAuthMethod(seed, index)));
  }

  private putAuthMethod(seed: NomadAuthMethodSeed, index: number): StoredAuthMethod {
    const existing = this.authMethodTable.get(seed.name);
    const isDefault = seed.default ?? false;
    return this.authMethodTable.put(seed.name, {
      Name: seed.name,
      Type: seed.type,
      Default: isDefault,
      Hash: blake2b(Buffer.from(`${seed.name}${seed.type}local${String(isDefault)}`)).toString('base64'),
      CreateIndex: existing?.CreateIndex ?? index,
      ModifyIndex: index,
    });
  }

  private resetState(): void {
    this.store.reset();
    this.seedAuthMethods();
  }

  private dump(): unknown {
    return {
      region: this.region,
      index: this.store.index,
      bindingRules: this.bindingRules.list(),
      authMethods: this.authMethodTable.list(),
    };
  }
}

/** ACLBindingRule.Validate, message for message. */
function validationProblems(rule: DecodedBindingRule): string[] {
  const problems: string[] = [];
  if (rule.AuthMethod === '') {
    problems.push('auth method is missing');
  }
  // Go's len() counts bytes, not characters.
  if (Buffer.byteLength(rule.Description, 'utf8') > MAX_DESCRIPTION_BYTES) {
    problems.push(`description longer than ${MAX_DESCRIPTION_BYTES}`);
  }
  problems.push(...bindProblems(rule));
  if (rule.Selector !== '') {
    const selector = checkSelector(rule.Selector);
    if (!selector.ok) {
      problems.push(`selector is invalid: ${selector.bexprError}`);
    }
  }
  return problems;
}

function bindProblems(rule: DecodedBindingRule): string[] {
  switch (rule.BindType) {
    case '':
      return ['bind type is missing'];
    case 'role':
    case 'policy':
      return rule.BindName === '' ? ['bind name is missing'] : [];
    case 'management':
      return rule.BindName !== '' ? ['bind name should be empty'] : [];
    default:
      return [`unsupported bind type: ${JSON.stringify(rule.BindType)}`];
  }
}

/** ACLBindingRule.SetHash: BLAKE2b-256 over the user fields, base64 as Go encodes []byte. */
function ruleHash(rule: DecodedBindingRule): string {
  const material = rule.ID + rule.Description + rule.AuthMethod + rule.Selector + rule.BindType + rule.BindName;
  return blake2b(Buffer.from(material, 'utf8')).toString('base64');
}

/** The token as Nomad's parseToken finds it: X-Nomad-Token, else `Authorization: Bearer`. */
function requestToken(req: SimRequest): string {
  const header = req.header('x-nomad-token');
  if (header !== undefined && header !== '') {
    return header.trim();
  }
  const authorization = req.header('authorization') ?? '';
  const [scheme, ...rest] = authorization.split(' ');
  if (rest.length > 0 && scheme?.toLowerCase() === 'bearer') {
    return rest.join(' ').trim().split(' ')[0] ?? '';
  }
  return '';
}

/** The query parameters Nomad's parse() reads for every query, with its 400 answers. */
function readQuery(req: SimRequest, defaultRegion: string): ReadQuery | { response: SimResponse } {
  const stale = req.query.get('stale');
  if (stale !== null && stale !== '' && parseGoBool(stale) === undefined) {
    return { response: text(400, 'Expect `true` or `false` for `stale` query string parameter') };
  }
  const perPage = req.query.get('per_page');
  if (perPage && !/^[+-]?\d+$/.test(perPage)) {
    return { response: text(400, 'Expect a number for `per_page` query string parameter') };
  }
  const wait = req.query.get('wait');
  const waitMs = wait ? parseGoDuration(wait) : undefined;
  if (wait && waitMs === undefined) {
    return { response: text(400, 'Invalid wait time') };
  }
  const index = req.query.get('index');
  const minIndex = index ? parseGoUint(index) : 0;
  if (minIndex === undefined) {
    return { response: text(400, 'Invalid index') };
  }
  return { region: req.query.get('region') || defaultRegion, minIndex, waitMs };
}

function queryMeta(index: number): Record<string, string> {
  return { 'X-Nomad-Index': String(index), 'X-Nomad-LastContact': '0', 'X-Nomad-KnownLeader': 'true' };
}

/** JSON as Nomad writes it: compact, or indented by 4 with a newline under `?pretty`. */
function respond(req: SimRequest, status: number, value: unknown, headers: Record<string, string>): SimResponse {
  const pretty = req.query.getAll('pretty');
  if (pretty.length > 0 && (pretty[0] === '' || pretty[0] !== '0')) {
    return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: `${JSON.stringify(value, null, 4)}\n` };
  }
  return json(status, value, headers);
}
