import { randomBytes } from 'node:crypto';
import { anonymousHandlers, handlers } from './handlers';
import { ApiDocument, operationsOf, requestProblem, routePattern, SpecOperation } from './openapi';
import rbac4x from './specs/rbac-4x.swagger.json';
import rbac5x from './specs/rbac-5x.openapi.json';
import { AnchoreApiLayout, AnchoreSeed, AnchoreState, BUILT_IN_ROLES, StoredUser } from './state';
import { registerSecret } from '../../util/log';
import { FaultRule, json, SimRequest, SimResponse, SimulatorServer, VendorSimulator } from '../core';

export * from './state';

/** The API documents the simulator serves, by layout. */
export const ANCHORE_DOCUMENTS: Readonly<Record<AnchoreApiLayout, ApiDocument>> = {
  '4.x': rbac4x as unknown as ApiDocument,
  '5.x': rbac5x as unknown as ApiDocument,
};

/** Where each layout's paths are mounted: 4.x at the service root and behind `/v1`; 5.x under `/v2`. */
export const LAYOUT_PREFIXES: Readonly<Record<AnchoreApiLayout, readonly string[]>> = {
  '4.x': ['', '/v1'],
  '5.x': ['/v2'],
};

/** One request and its answer, as the simulator saw them, for spec conformance tests. */
export interface AnchoreExchange {
  readonly layout: AnchoreApiLayout;
  readonly operationId: string;
  readonly method: string;
  /** The documented path template, e.g. `/roles/{rolename}/members`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly contentType?: string;
  readonly requestBody: string;
  readonly status: number;
  readonly responseBody: string;
}

export interface AnchoreSimulatorOptions {
  /** Password of the `admin` user. Default: random. */
  readonly adminPassword?: string;
  /** An API key of the `admin` user (sent as the password of user `_api_key`). Default: random. */
  readonly apiKey?: string;
  /** Faults active from the start (SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_ANCHORE are read too). */
  readonly faults?: string | readonly FaultRule[];
  readonly env?: NodeJS.ProcessEnv;
}

export const API_KEY_USER = '_api_key';
const EXCHANGE_LOG_LIMIT = 10_000;
/** The seeded 5.x user groups' UUIDs (fixed, so examples can name them). */
export const PLATFORM_ENGINEERS_GROUP = '3f0b6c2e-8d4a-4c1e-9b7f-2a5d6e8f1c01';
export const SECURITY_AUDITORS_GROUP = '3f0b6c2e-8d4a-4c1e-9b7f-2a5d6e8f1c02';

/**
 * Anchore Enterprise's RBAC manager in process: every path of the 4.x document (at the root and
 * under `/v1`) and of the 5.x one (under `/v2/rbac-manager`), routed and checked from the
 * documents themselves; seeded roles, accounts, users and memberships; SAML IdPs.
 */
export class AnchoreSimulator extends VendorSimulator {
  public readonly adminPassword: string;
  public readonly apiKey: string;
  public readonly state: AnchoreState;
  /** Exchanges with documented operations, oldest first: the latest 10,000 (cleared by reset). */
  public readonly exchanges: AnchoreExchange[] = [];
  protected readonly server: SimulatorServer;

  constructor(options: AnchoreSimulatorOptions = {}) {
    super();
    this.adminPassword = options.adminPassword ?? randomBytes(12).toString('base64url');
    this.apiKey = options.apiKey ?? `ak-${randomBytes(16).toString('hex')}`;
    registerSecret(this.adminPassword);
    registerSecret(this.apiKey);
    this.state = new AnchoreState(defaultSeed(this.adminPassword));
    this.server = new SimulatorServer({
      name: 'anchore',
      faults: options.faults,
      env: options.env,
      state: () => this.dump(),
      reset: () => this.resetState(),
      notFound: (req) => apiError(404, `The requested URL ${req.path} was not found on the server.`, 'not_found'),
      methodNotAllowed: (req) => apiError(405, `The method ${req.method} is not allowed for ${req.path}.`, 'method_not_allowed'),
    });
    for (const layout of ['4.x', '5.x'] as const) this.mount(layout);
  }

  /** The password of a seeded user (the `admin` user's is `adminPassword`). */
  public passwordOf(username: string): string {
    const user = this.state.users.get(username);
    if (user === undefined) throw new Error(`the simulator has no user ${username}`);
    return user.password;
  }

  private resetState(): void {
    this.state.reset();
    this.exchanges.length = 0;
  }

  private mount(layout: AnchoreApiLayout): void {
    for (const operation of operationsOf(ANCHORE_DOCUMENTS[layout])) {
      for (const prefix of LAYOUT_PREFIXES[layout]) {
        this.server.route(operation.method, routePattern(prefix, operation.path), (req) => this.serve(layout, operation, req));
      }
    }
  }

  private serve(layout: AnchoreApiLayout, operation: SpecOperation, req: SimRequest): SimResponse {
    const response = this.answer(layout, operation, req);
    this.exchanges.push({
      layout,
      operationId: operation.operationId,
      method: req.method,
      path: operation.path,
      params: req.params,
      query: req.query,
      contentType: req.header('content-type'),
      requestBody: req.body,
      status: response.status,
      responseBody: response.body ?? '',
    });
    // A long-running sandbox keeps only the latest exchanges.
    if (this.exchanges.length > EXCHANGE_LOG_LIMIT) this.exchanges.splice(0, this.exchanges.length - EXCHANGE_LOG_LIMIT);
    return response;
  }

  private answer(layout: AnchoreApiLayout, operation: SpecOperation, req: SimRequest): SimResponse {
    const document = ANCHORE_DOCUMENTS[layout];
    const anonymous = anonymousHandlers[operation.operationId];
    if (anonymous !== undefined) return mismatch(document, operation, req) ?? anonymous({ layout, req, state: this.state, document });
    const user = this.authenticate(req);
    if (user === undefined) return apiError(401, 'Unauthorized: invalid username or password', 'unauthorized');
    const refused = mismatch(document, operation, req);
    if (refused !== undefined) return refused;
    const acting = this.actingAccount(req, user);
    if (typeof acting !== 'string') return acting;
    return handlers[operation.operationId]!({ layout, req, user, account: acting, state: this.state, document });
  }

  /** Basic auth with a user's password, or user `_api_key` with an API key (which acts as the admin user). */
  private authenticate(req: SimRequest): StoredUser | undefined {
    const header = req.header('authorization') ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (username === API_KEY_USER) return password === this.apiKey ? this.state.users.get('admin') : undefined;
    const user = this.state.users.get(username);
    return user !== undefined && user.password === password ? user : undefined;
  }

  /**
   * `x-anchore-account`: act in another account. Only users of the admin account may; the
   * account must exist. (The RBAC document is silent on the header; this is the Enterprise API's rule.)
   */
  private actingAccount(req: SimRequest, user: StoredUser): string | SimResponse {
    const account = req.header('x-anchore-account');
    if (account === undefined || account === user.account) return user.account;
    if (!this.state.isAdmin(user)) return apiError(403, `Not authorized to act in account ${account}`, 'access_denied');
    return this.state.accounts.has(account) ? account : apiError(404, `Account ${account} not found`, 'not_found');
  }

  private dump(): unknown {
    const withoutPassword = ({ password: _password, ...user }: StoredUser) => user;
    return {
      roles: this.state.roles.list(),
      accounts: this.state.accounts.list(),
      users: this.state.users.list().map(withoutPassword),
      role_members: this.state.members.list(),
      saml_idps: this.state.idps.list(),
      user_groups: this.state.userGroups.list(),
      idp_user_groups: this.state.idpUserGroups.list(),
    };
  }
}

/** 400 (415 for another media type) with an ApiErrorResponse when the request does not match its operation. */
function mismatch(document: ApiDocument, operation: SpecOperation, req: SimRequest): SimResponse | undefined {
  const problem = requestProblem(document, operation, req.query, req.header('content-type'), req.body);
  if (problem === undefined) return undefined;
  if (problem.status === 415) return apiError(415, problem.reasons.join('; '), 'unsupported_media_type', { validation_errors: problem.reasons });
  return apiError(400, `Request does not match the API specification: ${problem.reasons.join('; ')}`, 'bad_request', { validation_errors: problem.reasons });
}

/** An ApiErrorResponse, the error body of every documented operation. */
export function apiError(status: number, message: string, errorType: string, detail: Record<string, unknown> = {}): SimResponse {
  return json(status, { code: status, error_type: errorType, message, detail });
}

/**
 * The seed: the built-in roles; the admin account with its `admin` user; two user accounts with
 * users; a few memberships; two user groups for 5.x IdP mappings. Non-admin passwords are random.
 */
function defaultSeed(adminPassword: string): AnchoreSeed {
  const password = () => randomBytes(9).toString('base64url');
  return {
    roles: BUILT_IN_ROLES,
    accounts: [{ name: 'admin', type: 'admin' }, { name: 'engineering', type: 'user' }, { name: 'security', type: 'user' }],
    users: [
      { username: 'admin', account: 'admin', password: adminPassword },
      { username: 'alice', account: 'engineering', password: password() },
      { username: 'bob', account: 'engineering', password: password() },
      { username: 'ci-bot', account: 'engineering', password: password() },
      { username: 'carol', account: 'security', password: password() },
    ],
    members: [
      { role: 'account-user-admin', username: 'alice', account: 'engineering' },
      { role: 'read-write', username: 'alice', account: 'engineering' },
      { role: 'read-only', username: 'carol', account: 'security' },
    ],
    userGroups: [
      { uuid: PLATFORM_ENGINEERS_GROUP, name: 'platform-engineers' },
      { uuid: SECURITY_AUDITORS_GROUP, name: 'security-auditors' },
    ],
  };
}
