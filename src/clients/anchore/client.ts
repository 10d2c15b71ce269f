import { AnchoreApiLayout, AnchoreSettings } from './settings';
import {
  AccountRole, IdpUserGroup, Role, RoleMember, RoleSummary, SamlIdp, ServiceStatus, ServiceVersion, UserRoleMembership,
} from './types';
import { Logger, logger, registerSecret } from '../../util/log';
import { ApiError, HttpClient, QueryParams, RetryOptions, WriteLedger, ConnectionOptions, withConnection } from '../core';

export * from './types';
export * from './settings';

/** Tuning that is not part of the user's Anchore settings. */
export interface AnchoreClientOptions {
  readonly retry?: RetryOptions;
  /** The vendor block's proxy, TLS material, timeout and retries (see `withConnection`). */
  readonly connection?: ConnectionOptions;
  /** Per-attempt timeout in ms. Default 60000. */
  readonly timeoutMs?: number;
  /** Cancels every request (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** An operation the configured API layout does not have. */
export class AnchoreLayoutError extends Error {
  constructor(operation: string, layout: AnchoreApiLayout, needed: AnchoreApiLayout) {
    super(`Anchore ${operation} needs api_layout "${needed}"; this provider is configured for "${layout}"`);
    this.name = 'AnchoreLayoutError';
  }
}

const VENDOR = 'Anchore';
const RBAC_MANAGER_5X = '/v2/rbac-manager';

/** Wire shapes that differ between the layouts. */
interface WireMember { username: string; for_account?: string; domain_name?: string; created_at?: string }
interface WireAccountRole { for_account?: string; domain_name?: string; roles?: Role }
interface WireRoleMembership { role?: string; for_account?: string | string[]; domain_name?: string; created_at?: string }

/**
 * Typed client for the Anchore Enterprise RBAC manager: roles, role members, the caller's and a
 * user's roles, SAML identity providers (and their user-group mappings on 5.x), in the 4.x layout
 * (service root, `for_account`) or the 5.x one (`/v2/rbac-manager`, `domain_name`).
 */
export class AnchoreClient {
  public readonly settings: AnchoreSettings;
  /** Grants, IdPs and user-group mappings whose answer was lost are looked up by their unique key before any resend. */
  public readonly ledger: WriteLedger;
  private readonly http: HttpClient;

  constructor(settings: AnchoreSettings, options: AnchoreClientOptions = {}) {
    this.settings = settings;
    const authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`;
    registerSecret(settings.password);
    registerSecret(authorization);
    const log = options.logger ?? logger('anchore');
    this.ledger = new WriteLedger({ retry: options.retry, logger: log });
    this.http = new HttpClient(withConnection({
      vendor: VENDOR,
      baseUrl: serviceBase(settings.url, settings.apiLayout),
      defaultHeaders: { authorization, ...(settings.account ? { 'x-anchore-account': settings.account } : {}) },
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      signal: options.signal,
      // ApiErrorResponse's `message` is what the vendor wants shown (the core's default finds it).
      logger: log,
    }, options.connection));
  }

  public get layout(): AnchoreApiLayout {
    return this.settings.apiLayout;
  }

  /** Every role of the installation (names, descriptions). */
  public async listRoles(signal?: AbortSignal): Promise<RoleSummary[]> {
    return (await this.get<RoleSummary[]>('/roles', {}, signal)) ?? [];
  }

  /** One role with its permissions; undefined when Anchore does not know it. */
  public async getRole(name: string, signal?: AbortSignal): Promise<Role | undefined> {
    return this.getOrGone<Role>(`/roles/${segment(name)}`, {}, signal);
  }

  /** Members of a role, optionally only those in one account; undefined when the role is unknown. */
  public async listRoleMembers(role: string, account?: string, signal?: AbortSignal): Promise<RoleMember[] | undefined> {
    const members = await this.getOrGone<WireMember[]>(membersPath(role), this.accountQuery(account), signal);
    return members?.map(fromWireMember);
  }

  /** The membership of `username` in `role` for `account`, if it exists. */
  public async getRoleMember(role: string, username: string, account: string, signal?: AbortSignal): Promise<RoleMember | undefined> {
    const members = await this.listRoleMembers(role, account, signal);
    return members?.find(member => member.username === username && member.account === account);
  }

  /**
   * Grants `role` to a user within an account. Anchore answers a repeated grant with the existing
   * membership, so after a lost answer the grant is found by role, account and username.
   */
  public async addRoleMember(role: string, member: { username: string; account: string }, signal?: AbortSignal): Promise<RoleMember> {
    const { username, account } = member;
    return this.ledger.write({
      what: `role ${role} for ${username} in ${account}`,
      send: async () => {
        const { value } = await this.http.requestJson<WireMember>({
          method: 'POST', path: membersPath(role), json: { username, [this.accountField]: account }, signal,
        });
        return fromWireMember(required(value, 'role member'));
      },
      findLanded: async (unclaimed) => unclaimed(present(await this.getRoleMember(role, username, account, signal)), membershipKey(role))[0],
      idOf: membershipKey(role),
    });
  }

  /** Revokes a membership; false when Anchore had none (404), e.g. a repeat whose first answer was lost. */
  public async removeRoleMember(role: string, username: string, account: string, signal?: AbortSignal): Promise<boolean> {
    const response = await this.http.request({
      method: 'DELETE', path: membersPath(role), query: { username, [this.accountField]: account }, acceptStatus: [404], signal,
    });
    this.ledger.release(membershipKey(role)({ username, account }));
    return response.status !== 404;
  }

  /** The roles the authenticated user holds, one entry per account and role. */
  public async myRoles(signal?: AbortSignal): Promise<AccountRole[]> {
    const path = this.layout === '5.x' ? '/my-roles' : '/my_roles';
    const listing = (await this.get<WireAccountRole[]>(path, {}, signal)) ?? [];
    return listing.map(entry => ({ account: entry.domain_name ?? entry.for_account ?? '', role: entry.roles ?? { name: '' } }));
  }

  /** A user's roles with the accounts each is held in; undefined when the user is unknown. */
  public async userRoles(
    username: string, filter: { account?: string; role?: string } = {}, signal?: AbortSignal,
  ): Promise<UserRoleMembership[] | undefined> {
    const query = { ...this.accountQuery(filter.account), role: filter.role };
    const listing = await this.getOrGone<WireRoleMembership[]>(`/users/${segment(username)}/roles`, query, signal);
    return listing === undefined ? undefined : groupByRole(listing);
  }

  /** Names of the configured SAML identity providers. */
  public async listIdpNames(signal?: AbortSignal): Promise<string[]> {
    return (await this.get<string[]>('/saml/idps', {}, signal)) ?? [];
  }

  /** One IdP configuration; undefined when there is none by that name. */
  public async getIdp(name: string, signal?: AbortSignal): Promise<SamlIdp | undefined> {
    const idp = await this.getOrGone<SamlIdp & { user_groups?: unknown }>(idpPath(name), {}, signal);
    if (idp === undefined) return undefined;
    registerSecret(idp.idp_metadata_xml);
    const { user_groups: _groups, ...configuration } = idp;
    return configuration;
  }

  /** Adds an IdP; Anchore answers 409 when the name is taken. After a lost answer the IdP is found by name. */
  public async createIdp(idp: SamlIdp, signal?: AbortSignal): Promise<SamlIdp> {
    return this.ledger.write({
      what: `SAML IdP ${idp.name}`,
      send: async () => {
        const { value } = await this.http.requestJson<SamlIdp>({ method: 'POST', path: '/saml/idps', json: this.writableIdp(idp), signal });
        return required(value, 'IdP configuration');
      },
      findLanded: async (unclaimed) => unclaimed(present(await this.getIdp(idp.name, signal)), idpKey)[0],
      idOf: idpKey,
    });
  }

  /** Replaces an IdP's configuration (the whole object is sent). */
  public async updateIdp(idp: SamlIdp, signal?: AbortSignal): Promise<SamlIdp> {
    const { value } = await this.http.requestJson<SamlIdp>({ method: 'PUT', path: idpPath(idp.name), json: this.writableIdp(idp), signal });
    return required(value, 'IdP configuration');
  }

  /** Deletes an IdP (and its user-group mappings); false when it was already gone (404). */
  public async deleteIdp(name: string, signal?: AbortSignal): Promise<boolean> {
    const response = await this.http.request({ method: 'DELETE', path: idpPath(name), acceptStatus: [404], signal });
    this.ledger.release(idpKey({ name }));
    return response.status !== 404;
  }

  /** 5.x: user groups mapped to an IdP; undefined when the IdP is unknown. */
  public async listIdpUserGroups(idp: string, signal?: AbortSignal): Promise<IdpUserGroup[] | undefined> {
    this.require5x('IdP user-group mappings');
    return this.getOrGone<IdpUserGroup[]>(`${idpPath(idp)}/user-group-mappings`, {}, signal);
  }

  /**
   * 5.x: maps user groups (by UUID) to an IdP; answers with every mapping of the IdP. Anchore
   * answers 409 when a group is mapped already, so after a lost answer the write landed when every
   * group is mapped (and no other write of this process claimed the same groups).
   */
  public async addIdpUserGroups(idp: string, uuids: readonly string[], signal?: AbortSignal): Promise<IdpUserGroup[]> {
    this.require5x('IdP user-group mappings');
    const keys = mappingKeys(idp, uuids);
    const mapped = await this.ledger.write({
      what: `user groups ${uuids.join(', ')} of IdP ${idp}`,
      send: async () => {
        const { value } = await this.http.requestJson<IdpUserGroup[]>({
          method: 'POST', path: `${idpPath(idp)}/user-group-mappings`, json: { user_group_uuids: uuids }, signal,
        });
        return { keys, mappings: value ?? [] };
      },
      findLanded: async (unclaimed) => {
        const mappings = (await this.listIdpUserGroups(idp, signal)) ?? [];
        const landed = uuids.every(uuid => mappings.some(group => group.user_group_uuid === uuid));
        return unclaimed(landed ? [{ keys, mappings }] : [], written => written.keys)[0];
      },
      idOf: written => written.keys,
    });
    return mapped.mappings;
  }

  /** 5.x: removes user-group mappings; false when Anchore had none of them (404), e.g. a repeat whose first answer was lost. */
  public async removeIdpUserGroups(idp: string, uuids: readonly string[], signal?: AbortSignal): Promise<boolean> {
    this.require5x('IdP user-group mappings');
    const response = await this.http.request({
      method: 'DELETE', path: `${idpPath(idp)}/user-group-mappings`, query: { user_group: uuids }, acceptStatus: [404], signal,
    });
    this.ledger.release(mappingKeys(idp, uuids));
    return response.status !== 404;
  }

  /** 4.x: resolves when the service answers its health check. */
  public async health(signal?: AbortSignal): Promise<void> {
    this.require4x('health check');
    await this.http.request({ method: 'GET', path: '/health', signal });
  }

  /** 4.x: version of the RBAC manager service, its API and database schema. */
  public async version(signal?: AbortSignal): Promise<ServiceVersion> {
    this.require4x('service version');
    return (await this.get<ServiceVersion>('/version', {}, signal)) ?? {};
  }

  /** 4.x: whether the service is up and busy. */
  public async status(signal?: AbortSignal): Promise<ServiceStatus> {
    this.require4x('service status');
    return (await this.get<ServiceStatus>('/status', {}, signal)) ?? {};
  }

  public async close(): Promise<void> {
    await this.http.close();
  }

  /** 4.x names the account `for_account`; 5.x `domain_name` (for_account is deprecated there). */
  private get accountField(): 'for_account' | 'domain_name' {
    return this.layout === '5.x' ? 'domain_name' : 'for_account';
  }

  private accountQuery(account: string | undefined): QueryParams {
    return account === undefined ? {} : { [this.accountField]: account };
  }

  private writableIdp(idp: SamlIdp): Record<string, unknown> {
    if (this.layout === '4.x' && idp.idp_groups_attribute !== undefined) {
      throw new AnchoreLayoutError('idp_groups_attribute', this.layout, '5.x');
    }
    registerSecret(idp.idp_metadata_xml);
    // Server-owned fields are not sent; require_existing_users is ignored by 5.x on writes.
    const { created_at: _created, last_updated: _updated, require_existing_users: _existing, ...writable } = idp;
    return Object.fromEntries(Object.entries(writable).filter(([, value]) => value !== undefined));
  }

  private async get<T>(path: string, query: QueryParams, signal: AbortSignal | undefined): Promise<T | undefined> {
    return (await this.http.requestJson<T>({ method: 'GET', path, query, signal })).value;
  }

  private async getOrGone<T>(path: string, query: QueryParams, signal: AbortSignal | undefined): Promise<T | undefined> {
    const { value, response } = await this.http.requestJson<T>({ method: 'GET', path, query, acceptStatus: [404], signal });
    return response.status === 404 ? undefined : value;
  }

  private require4x(operation: string): void {
    if (this.layout !== '4.x') throw new AnchoreLayoutError(operation, this.layout, '4.x');
  }

  private require5x(operation: string): void {
    if (this.layout !== '5.x') throw new AnchoreLayoutError(operation, this.layout, '5.x');
  }
}

/** Whether an error is Anchore's answer with this status. */
export function isAnchoreStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

/** 4.x: the URL as given (the RBAC manager's root, or `.../v1`). 5.x: the API root plus `/v2/rbac-manager`. */
export function serviceBase(url: string, layout: AnchoreApiLayout): string {
  if (layout === '4.x') return url;
  const parsed = new URL(url);
  const root = parsed.pathname.replace(/\/+$/, '').replace(/\/v2$/, '');
  return `${parsed.origin}${root}${RBAC_MANAGER_5X}`;
}

function fromWireMember(member: WireMember): RoleMember {
  return { username: member.username, account: member.domain_name ?? member.for_account ?? '', created_at: member.created_at };
}

/** 4.x lists a role once with its accounts; 5.x once per domain: both become one entry per role. */
function groupByRole(listing: readonly WireRoleMembership[]): UserRoleMembership[] {
  const byRole = new Map<string, { accounts: string[]; created_at?: string }>();
  for (const entry of listing) {
    const role = entry.role ?? '';
    const found = byRole.get(role) ?? { accounts: [], created_at: entry.created_at };
    const accounts = entry.domain_name !== undefined ? [entry.domain_name] : ([] as string[]).concat(entry.for_account ?? []);
    found.accounts.push(...accounts.filter(account => !found.accounts.includes(account)));
    byRole.set(role, found);
  }
  return [...byRole].map(([role, { accounts, created_at }]) => ({ role, accounts: accounts.sort(), created_at }));
}

/** Ledger identities: a membership by role, account and username; an IdP by name; a mapping by IdP and group. */
function membershipKey(role: string): (member: { username: string; account: string }) => string {
  return member => `member:${memberKey(role, member.account, member.username)}`;
}

function idpKey(idp: { name: string }): string {
  return `idp:${idp.name}`;
}

function mappingKeys(idp: string, uuids: readonly string[]): string {
  return `mappings:${idp}/${[...uuids].sort().join(',')}`;
}

/** `<role>/<account>/<username>`: a membership's unique key, its Terraform ID. */
function memberKey(role: string, account: string, username: string): string {
  return `${role}/${account}/${username}`;
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function membersPath(role: string): string {
  return `/roles/${segment(role)}/members`;
}

function idpPath(name: string): string {
  return `/saml/idps/${segment(name)}`;
}

function segment(value: string): string {
  if (value === '') throw new Error('Anchore object names must not be empty');
  return encodeURIComponent(value);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Anchore returned no ${what}`);
  return value;
}
