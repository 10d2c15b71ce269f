import { randomBytes, randomUUID } from 'node:crypto';
import { CatalogueRule } from './catalogue';
import { badRequest, CbcError, notAuthenticated, SCOPE_INVALID, TEMPLATE_INVALID } from './errors';
import { asObject, CbcState, Json, StoredPolicy, StoredScope, StoredTemplate } from './state';
import { registerSecret } from '../../util/log';
import { empty, FaultRule, Handler, json, RateLimiter, rateLimitSetting, SimRequest, SimulatorServer, Store, VendorSimulator } from '../core';

export { ANY_SCOPE, BUILT_IN_RULES, BUILT_IN_TEMPLATES } from './catalogue';
export type { CatalogueRule } from './catalogue';
export { DEFAULT_POLICY_ID, LIFECYCLE_PHASES, POLICY_STATUSES } from './state';
export type { StoredPolicy, StoredScope, StoredTemplate } from './state';

export interface CarbonBlackSimulatorOptions {
  /** The organisation key in every route. Default `SECOPS` and 4 random hex digits. */
  readonly orgKey?: string;
  /** API key id. Default 10 random upper-case hex digits. */
  readonly apiId?: string;
  /** API key secret. Default 24 random upper-case hex digits. */
  readonly apiSecret?: string;
  /** A VMware Cloud Services access token also accepted as `Authorization: Bearer`. Default: none. */
  readonly bearerToken?: string;
  /** The user the API key belongs to: creator and modified_by of what it writes. */
  readonly user?: string;
  /**
   * Requests per minute per source IP before 429 (Carbon Black limits per source IP; the document
   * gives no figure). Default off, or SECOPS_SIM_CARBONBLACK_RATE_LIMIT.
   */
  readonly rateLimitPerMinute?: number;
  /** Faults active from the start (SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_CARBONBLACK are read too). */
  readonly faults?: string | readonly FaultRule[];
  readonly env?: NodeJS.ProcessEnv;
}

/** What a console user sets when creating a custom rule (the API itself cannot). */
export interface CustomRuleSeed {
  readonly rule_id?: string;
  readonly name: string;
  readonly description?: string;
  readonly category?: string;
  readonly supported_actions?: readonly string[];
}

const PREFIX = '/containers/v1/orgs/:org/guardrails/management';

/**
 * The Carbon Black Cloud Container Management API (seed 001): policies (PUT upsert), scopes and
 * templates (POST upsert), the rule catalogue with custom-rule deletion, add_rules, and the
 * policies_scopes joined views, with the document's status codes and error bodies, and an optional
 * per-source-IP request budget (429 with Retry-After).
 */
export class CarbonBlackSimulator extends VendorSimulator {
  public readonly orgKey: string;
  public readonly apiId: string;
  public readonly apiSecret: string;
  public readonly bearerToken: string | undefined;
  public readonly store = new Store();
  public readonly state: CbcState;
  protected readonly server: SimulatorServer;
  private readonly limiter: RateLimiter;

  constructor(options: CarbonBlackSimulatorOptions = {}) {
    super();
    this.orgKey = options.orgKey ?? `SECOPS${randomBytes(2).toString('hex').toUpperCase()}`;
    this.apiId = options.apiId ?? randomBytes(5).toString('hex').toUpperCase();
    this.apiSecret = options.apiSecret ?? randomBytes(12).toString('hex').toUpperCase();
    this.bearerToken = options.bearerToken;
    registerSecret(this.apiSecret);
    registerSecret(this.bearerToken);
    this.state = new CbcState(this.store, options.user ?? 'secops-sandbox@example.com', this.orgKey);
    const env = options.env ?? process.env;
    this.limiter = new RateLimiter(rateLimitSetting(options.rateLimitPerMinute, env, 'SECOPS_SIM_CARBONBLACK_RATE_LIMIT', 'carbonblack'));
    this.server = new SimulatorServer({
      name: 'carbonblack',
      faults: options.faults,
      env: options.env,
      state: () => this.store.snapshot(),
      reset: () => this.resetState(),
      // Injected 5xx answer as the document's 500 does; other statuses (429) are not documented.
      faultBody: (status) => status >= 500
        ? { body: JSON.stringify({ success: false, message: 'Internal Server Error' }), contentType: 'application/json' }
        : undefined,
      // Unknown paths and methods: the document is silent; JSON in the API's error shape.
      notFound: () => json(404, { message: 'Not found' }),
      methodNotAllowed: (_req, allowed) => json(405, { message: 'Method Not Allowed' }, { Allow: [...new Set(allowed)].join(', ') }),
    });
    this.registerRoutes();
  }

  /** The value of X-AUTH-TOKEN this organisation accepts. */
  public get authToken(): string {
    return `${this.apiSecret}/${this.apiId}`;
  }

  /** Requests per minute per source IP, or undefined when the limit is off. Settable at run time. */
  public get rateLimitPerMinute(): number | undefined {
    return this.limiter.perMinute;
  }

  public set rateLimitPerMinute(value: number | undefined) {
    this.limiter.perMinute = value;
    this.limiter.clear();
  }

  public policies(): StoredPolicy[] {
    return this.state.policies.list();
  }

  public scopes(): StoredScope[] {
    return this.state.scopes.list();
  }

  public templates(): StoredTemplate[] {
    return this.state.templates.list();
  }

  /** Adds a custom rule as the console would (the API can only list and delete them). */
  public addCustomRule(seed: CustomRuleSeed): CatalogueRule {
    const rule: CatalogueRule = {
      rule_id: seed.rule_id ?? randomUUID(),
      name: seed.name,
      description: seed.description ?? '',
      risk: null,
      category: seed.category ?? 'Custom',
      supported_actions: seed.supported_actions ?? ['alert', 'block'],
      preset_support: null,
      presets: null,
      custom_rule_metadata: { creator: 'console-user@example.com', created_on: Date.now() },
    };
    return this.store.write(() => this.state.rules.put(rule.rule_id, rule));
  }

  private resetState(): void {
    this.store.reset();
    this.state.seed();
    this.limiter.clear();
  }

  private registerRoutes(): void {
    const { state } = this;
    this.route('GET', '/policies', () => json(200, { items: state.policies.list().map((p) => state.renderPolicySummary(p)) }));
    this.route('PUT', '/policies', (req) => json(200, { policy_id: state.putPolicy(body(req, 'invalid policy')) }));
    this.route('GET', '/policies/:id', (req) => json(200, state.renderPolicy(state.policy(req.params.id!))));
    this.route('DELETE', '/policies/:id', (req) => {
      state.deletePolicy(req.params.id!);
      return empty(200);
    });
    this.route('GET', '/scopes', () => json(200, { items: state.scopes.list().map((s) => state.renderScope(s)) }));
    this.route('POST', '/scopes', (req) => {
      const id = state.upsertScope(body(req, SCOPE_INVALID));
      return json(200, { id, scope_id: id });
    });
    this.route('GET', '/scopes/:id', (req) => json(200, state.renderScope(state.scope(req.params.id!))));
    this.route('DELETE', '/scopes/:id', (req) => {
      state.deleteScope(req.params.id!);
      return empty(204);
    });
    this.route('GET', '/policies_scopes', () => json(200, { items: state.scopes.list().map((s) => state.renderScopeWithPolicy(s)) }));
    this.route('GET', '/policies_scopes/:id', (req) => {
      const scope = state.scopes.get(req.params.id!);
      return scope ? json(200, state.renderScopeWithPolicy(scope)) : json(404, { message: 'Not found' });
    });
    this.route('GET', '/rules', () => json(200, { rules: Object.fromEntries(state.rules.list().map((r) => [r.rule_id, state.renderRule(r)])) }));
    this.route('DELETE', '/rules/:id', (req) => {
      state.deleteCustomRule(req.params.id!);
      return empty(204);
    });
    this.route('GET', '/templates', () => json(200, { items: state.templates.list().map((t) => state.renderTemplate(t)) }));
    this.route('POST', '/templates', (req) => json(200, { template_id: state.upsertTemplate(body(req, TEMPLATE_INVALID)) }));
    this.route('POST', '/templates/add_rules', (req) => {
      state.addRules(body(req, `error updating rules for custom templates, acount ${this.orgKey} templateId []`));
      return empty(204);
    });
    this.route('DELETE', '/templates/:id', (req) => {
      state.deleteTemplate(req.params.id!);
      return empty(204);
    });
  }

  /** Every API route: the source IP's budget, the API key (or bearer token), the org key, errors in the API's JSON shape. */
  private route(method: string, path: string, handler: Handler): void {
    this.server.route(method, `${PREFIX}${path}`, async (req) => {
      const wait = this.limiter.take(req.remoteAddress);
      if (wait !== undefined) {
        // The document shows no 429 body: the shape of its other edge errors (403, 500).
        return json(429, { success: false, message: 'Too Many Requests' }, { 'Retry-After': String(wait) });
      }
      try {
        // The document does not say how a valid key for another org is answered; 403 like any refused key.
        if (!this.authenticated(req) || req.params.org !== this.orgKey) throw notAuthenticated();
        return await handler(req);
      } catch (error) {
        if (error instanceof CbcError) return error.response();
        throw error;
      }
    });
  }

  private authenticated(req: SimRequest): boolean {
    const token = req.header('x-auth-token');
    if (token !== undefined) return token === this.authToken;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    return this.bearerToken !== undefined && bearer?.[1] === this.bearerToken;
  }
}

/** The JSON object body of a write; anything else is the endpoint's generic 400. */
function body(req: SimRequest, invalidMessage: string): { [key: string]: Json } {
  let parsed: Json;
  try {
    parsed = JSON.parse(req.body) as Json;
  } catch {
    throw badRequest(invalidMessage);
  }
  const object = asObject(parsed);
  if (object === undefined) throw badRequest(invalidMessage);
  return object;
}

