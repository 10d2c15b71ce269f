import { CarbonBlackSettings } from './settings';
import {
  Policy, PolicySummary, PolicyWrite, Rule, Scope, ScopeWithPolicy, ScopeWrite, Template, TemplateRule, TemplateWrite,
} from './types';
import { Logger, logger, registerSecret } from '../../util/log';
import { ApiError, HttpClient, HttpMethod, HttpRequest, RetryOptions, Unclaimed, WriteLedger, ConnectionOptions, withConnection } from '../core';

export * from './types';
export * from './settings';

/** Tuning that is not part of the user's Carbon Black settings. */
export interface CarbonBlackClientOptions {
  readonly retry?: RetryOptions;
  /** The vendor block's proxy, TLS material, timeout and retries (see `withConnection`). */
  readonly connection?: ConnectionOptions;
  /** Per-attempt timeout in ms. Default 60000. */
  readonly timeoutMs?: number;
  /** Cancels every request (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

const VENDOR = 'Carbon Black Cloud';
// Answers that mean "already gone" to a delete (the document's wording, statuses differ per object).
const POLICY_NOT_EXISTS = /^error deleting policy .*: not exists$/;
const TEMPLATE_NOT_EXISTS = /^error deleting custom template .*: not exists$/;

/**
 * Typed client for the Container Management API (`/containers/v1/orgs/{org_key}/guardrails/management`):
 * policies, scopes, the rule catalogue, templates. Authenticates with `X-AUTH-TOKEN: secret/id`, or
 * with a bearer token for organisations managed in VMware Cloud Services. Retries (429 with
 * Retry-After, 5xx of idempotent calls) are the shared core's. Creates go through the client's
 * write ledger: after a lost answer the object is looked up by name before anything is sent again.
 */
export class CarbonBlackClient {
  public readonly settings: CarbonBlackSettings;
  /** Creates whose answer was lost are looked up here before being sent again. */
  public readonly ledger: WriteLedger;
  private readonly http: HttpClient;
  private catalogue: Promise<Rule[]> | undefined;
  private templateQueue: Promise<unknown> = Promise.resolve();

  constructor(settings: CarbonBlackSettings, options: CarbonBlackClientOptions = {}) {
    this.settings = settings;
    const log = options.logger ?? logger('carbonblack');
    const { retry } = options;
    this.ledger = new WriteLedger({ retry, logger: log });
    this.http = new HttpClient(withConnection({
      vendor: VENDOR,
      baseUrl: `${settings.url}/containers/v1/orgs/${encodeURIComponent(settings.orgKey)}/guardrails/management`,
      defaultHeaders: authHeaders(settings),
      timeoutMs: options.timeoutMs,
      retry,
      signal: options.signal,
      logger: log,
    }, options.connection));
  }

  // ---- policies ----------------------------------------------------------------------------

  /** One policy with its rules and exceptions; undefined when the API answers 404. */
  public async getPolicy(policyId: string, signal?: AbortSignal): Promise<Policy | undefined> {
    return this.getOrUndefined<Policy>(`/policies/${segment(policyId)}`, signal);
  }

  /** Every policy, without rules (with a count of exceptions). */
  public async listPolicies(signal?: AbortSignal): Promise<PolicySummary[]> {
    return (await this.json<{ items?: PolicySummary[] }>({ method: 'GET', path: '/policies', signal }))?.items ?? [];
  }

  /**
   * Creates a policy (PUT without policy_id). Never repeated blindly (a repeat would meet 409):
   * after a lost answer the policy of that name on that scope is looked up and adopted.
   */
  public async createPolicy(policy: PolicyWrite, signal?: AbortSignal): Promise<string> {
    const { policy_id: _ignored, ...body } = policy;
    return this.createOnce({
      what: `policy "${policy.name}"`,
      send: async () => {
        const answer = await this.json<{ policy_id?: string }>({ method: 'PUT', path: '/policies', json: body, idempotent: false, signal });
        return requireId(answer?.policy_id, 'policy_id', 'PUT /policies');
      },
      landed: async () => (await this.listPolicies(signal))
        .filter((found) => found.name === policy.name && found.scope_metadata?.scope_id === policy.scope_id)
        .map((found) => found.policy_id),
    });
  }

  /** Replaces a policy (PUT with policy_id): rules and exceptions are what is sent. */
  public async updatePolicy(policyId: string, policy: PolicyWrite, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'PUT', path: '/policies', json: { ...policy, policy_id: policyId }, signal });
  }

  /** Deletes a policy; false when it was already gone (400 "error deleting policy ...: not exists"). */
  public async deletePolicy(policyId: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteUnlessGone(policyId, `/policies/${segment(policyId)}`, (error) => error.status === 400 && POLICY_NOT_EXISTS.test(error.vendorMessage ?? ''), signal);
  }

  // ---- scopes ------------------------------------------------------------------------------

  public async getScope(scopeId: string, signal?: AbortSignal): Promise<Scope | undefined> {
    return this.getOrUndefined<Scope>(`/scopes/${segment(scopeId)}`, signal);
  }

  public async listScopes(signal?: AbortSignal): Promise<Scope[]> {
    return (await this.json<{ items?: Scope[] }>({ method: 'GET', path: '/scopes', signal }))?.items ?? [];
  }

  /** Creates a scope (POST without scope_id); after a lost answer the scope of that (unique) name is adopted. */
  public async createScope(scope: ScopeWrite, signal?: AbortSignal): Promise<string> {
    const { scope_id: _ignored, ...body } = scope;
    return this.createOnce({
      what: `scope "${scope.name}"`,
      send: async () => {
        const answer = await this.json<{ scope_id?: string; id?: string }>({ method: 'POST', path: '/scopes', json: body, signal });
        return requireId(answer?.scope_id ?? answer?.id, 'scope_id', 'POST /scopes');
      },
      landed: async () => (await this.listScopes(signal)).filter((found) => found.name === scope.name).map((found) => found.scope_id),
    });
  }

  /** Updates a scope (POST with scope_id); safe to repeat, so retried like a PUT. */
  public async updateScope(scopeId: string, scope: ScopeWrite, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'POST', path: '/scopes', json: { ...scope, scope_id: scopeId }, idempotent: true, signal });
  }

  /** Deletes a scope; false when it was already gone (404). A scope a policy uses is refused with 400. */
  public async deleteScope(scopeId: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteUnlessGone(scopeId, `/scopes/${segment(scopeId)}`, (error) => error.status === 404, signal);
  }

  /** A scope with the policy applied on it; undefined when the scope does not exist. */
  public async getScopeWithPolicy(scopeId: string, signal?: AbortSignal): Promise<ScopeWithPolicy | undefined> {
    return this.getOrUndefined<ScopeWithPolicy>(`/policies_scopes/${segment(scopeId)}`, signal);
  }

  public async listScopesWithPolicies(signal?: AbortSignal): Promise<ScopeWithPolicy[]> {
    return (await this.json<{ items?: ScopeWithPolicy[] }>({ method: 'GET', path: '/policies_scopes', signal }))?.items ?? [];
  }

  // ---- rules -------------------------------------------------------------------------------

  /** The rule catalogue, built-in and custom rules, in the order the API lists them. */
  public async listRules(signal?: AbortSignal): Promise<Rule[]> {
    const answer = await this.json<{ rules?: Record<string, Rule> }>({ method: 'GET', path: '/rules', signal });
    return Object.values(answer?.rules ?? {});
  }

  /**
   * The catalogue read once per client (a provider process lives for one Terraform command):
   * plan-time checks of many resources share it. A failed read is not kept.
   */
  public ruleCatalogue(signal?: AbortSignal): Promise<Rule[]> {
    this.catalogue ??= this.listRules(signal).catch((error: unknown) => {
      this.catalogue = undefined;
      throw error;
    });
    return this.catalogue;
  }

  /** Deletes a custom rule; false when there is none with that id (404). */
  public async deleteCustomRule(ruleId: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteUnlessGone(ruleId, `/rules/${segment(ruleId)}`, (error) => error.status === 404, signal);
  }

  // ---- templates ---------------------------------------------------------------------------

  /** Built-in and custom templates. */
  public async listTemplates(signal?: AbortSignal): Promise<Template[]> {
    return (await this.json<{ items?: Template[] }>({ method: 'GET', path: '/templates', signal }))?.items ?? [];
  }

  /** One template by id, from the list (the API has no single-template read); undefined when absent. */
  public async getTemplate(templateId: string, signal?: AbortSignal): Promise<Template | undefined> {
    return (await this.listTemplates(signal)).find((template) => template.template_id === templateId);
  }

  /**
   * Creates a custom template (POST without template_id). Template names are not unique in the
   * API, so after a lost answer the custom template adopted has the name and the rules sent.
   */
  public async createTemplate(template: TemplateWrite, signal?: AbortSignal): Promise<string> {
    const { template_id: _ignored, ...body } = template;
    const rules = ruleSetKey(template.rules);
    return this.createOnce({
      what: `template "${template.name}"`,
      send: async () => {
        const answer = await this.json<{ template_id?: string }>({ method: 'POST', path: '/templates', json: body, signal });
        return requireId(answer?.template_id, 'template_id', 'POST /templates');
      },
      landed: async () => (await this.listTemplates(signal))
        .filter((found) => found.custom_template_metadata && found.name === template.name && ruleSetKey(found.rules) === rules)
        .map((found) => found.template_id),
    });
  }

  /** Replaces a custom template's name and rules (POST with template_id). */
  public async updateTemplate(templateId: string, template: TemplateWrite, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'POST', path: '/templates', json: { ...template, template_id: templateId }, idempotent: true, signal });
  }

  /** Appends rules to several custom templates at once (`templates/add_rules`, 204). */
  public async addRulesToTemplates(templateIds: readonly string[], rules: readonly TemplateRule[], signal?: AbortSignal): Promise<void> {
    // Adding the same rules twice leaves the templates as after once: safe to retry.
    await this.http.request({ method: 'POST', path: '/templates/add_rules', json: { template_ids: templateIds, rules }, idempotent: true, signal });
  }

  /** Deletes a custom template; false when it was already gone (400 "... not exists"). */
  public async deleteTemplate(templateId: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteUnlessGone(templateId, `/templates/${segment(templateId)}`, (error) => error.status === 400 && TEMPLATE_NOT_EXISTS.test(error.vendorMessage ?? ''), signal);
  }

  /**
   * Runs read-modify-write steps on templates one at a time: a template update sends the whole
   * rule list, so two resources editing the same template in parallel would lose a change.
   */
  public withTemplateLock<T>(step: () => Promise<T>): Promise<T> {
    const run = this.templateQueue.then(step, step);
    this.templateQueue = run.catch(() => undefined);
    return run;
  }

  /** Closes pooled connections. */
  public async close(): Promise<void> {
    await this.http.close();
  }

  private async json<T>(request: HttpRequest & { method: HttpMethod }): Promise<T | undefined> {
    return (await this.http.requestJson<T>(request)).value;
  }

  private async getOrUndefined<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    const { value, response } = await this.http.requestJson<T>({ method: 'GET', path, acceptStatus: [404], signal });
    return response.status === 404 ? undefined : value;
  }

  /**
   * A create sent once, and after an ambiguous failure looked up among the objects `landed` lists
   * (ids of those with the name sent, and key fields where names are not unique) that no other
   * write of this client holds. The resources' pre-create check found no object of that name
   * before the first send, so an unclaimed match is this write's.
   *
   * A re-send that meets 409 means the name was taken since the lookup found nothing: by an
   * earlier send that landed late (a timeout, a gateway 504) or by someone else. It is looked up
   * once more; without a match the 409 stands, as any further send would meet it too.
   */
  private async createOnce(create: { what: string; send: () => Promise<string>; landed: () => Promise<string[]> }): Promise<string> {
    let sends = 0;
    let takenOnResend: ApiError | undefined;
    return this.ledger.write({
      what: create.what,
      idOf: (id) => id,
      send: async () => {
        const resend = sends++ > 0;
        try {
          return await create.send();
        } catch (error) {
          takenOnResend = resend && error instanceof ApiError && error.status === 409 ? error : undefined;
          throw error;
        }
      },
      mayHaveLanded: (error) => error === takenOnResend,
      findLanded: async (unclaimed: Unclaimed) => {
        const found = unclaimed(await create.landed(), (id) => id)[0];
        if (found === undefined && takenOnResend !== undefined) throw takenOnResend;
        return found;
      },
    });
  }

  /** Deletes by id; a delete whose earlier answer was lost meets "not found" on its retry: gone, and so done. */
  private async deleteUnlessGone(id: string, path: string, isGone: (error: ApiError) => boolean, signal?: AbortSignal): Promise<boolean> {
    let deleted: boolean;
    try {
      await this.http.request({ method: 'DELETE', path, signal });
      deleted = true;
    } catch (error) {
      if (!(error instanceof ApiError && isGone(error))) throw error;
      deleted = false;
    }
    this.ledger.release(id);
    return deleted;
  }
}

/** `X-AUTH-TOKEN: <API secret>/<API id>`, or a VMware Cloud Services access token as a bearer token. */
function authHeaders(settings: CarbonBlackSettings): Record<string, string> {
  if (settings.bearerToken !== undefined) {
    const authorization = `Bearer ${settings.bearerToken}`;
    registerSecret(settings.bearerToken);
    registerSecret(authorization);
    return { authorization };
  }
  const token = `${settings.apiSecret ?? ''}/${settings.apiId ?? ''}`;
  registerSecret(settings.apiSecret);
  registerSecret(token);
  return { 'X-AUTH-TOKEN': token };
}

function segment(id: string): string {
  if (id === '') throw new Error('missing Carbon Black Cloud object id');
  return encodeURIComponent(id);
}

/** Template rules as a set of id and action: the same rules whatever their order. */
function ruleSetKey(rules: readonly TemplateRule[]): string {
  return JSON.stringify(rules.map((rule) => `${rule.id} ${rule.action}`).sort());
}

function requireId(id: string | undefined, field: string, call: string): string {
  if (id === undefined || id === '') throw new Error(`${VENDOR} answered ${call} without ${field}`);
  return id;
}
