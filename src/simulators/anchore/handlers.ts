import { randomBytes } from 'node:crypto';
import { ApiDocument } from './openapi';
import { AnchoreApiLayout, AnchoreState, now, StoredIdp, StoredMember, StoredUser } from './state';
import { empty, json, SimRequest, SimResponse } from '../core';

/** What every operation handler gets: the request, checked against the layout's document. */
export interface AnonymousCall {
  readonly layout: AnchoreApiLayout;
  readonly req: SimRequest;
  readonly state: AnchoreState;
  readonly document: ApiDocument;
}

/** An authenticated call: the caller and the account it acts in (`x-anchore-account`, else its own). */
export interface OperationCall extends AnonymousCall {
  readonly user: StoredUser;
  readonly account: string;
}

type OperationHandler = (call: OperationCall) => SimResponse;
type AnonymousHandler = (call: AnonymousCall) => SimResponse;

/** An ApiErrorResponse. */
function failure(status: number, message: string, errorType: string): SimResponse {
  return json(status, { code: status, error_type: errorType, message, detail: {} });
}

const notFound = (what: string) => failure(404, `${what} not found`, 'not_found');
const accessDenied = (action: string, account: string) => failure(403, `Access Denied: not authorized to ${action} in account ${account}`, 'access_denied');
const badRequest = (message: string) => failure(400, message, 'bad_request');

/** The account named by a query (4.x `for_account`; 5.x `domain_name`, or the deprecated `for_account`). */
function accountQuery(call: OperationCall): string | undefined {
  const { query } = call.req;
  return (call.layout === '5.x' ? query.get('domain_name') : undefined) ?? query.get('for_account') ?? undefined;
}

function memberWire(member: StoredMember, layout: AnchoreApiLayout): Record<string, string> {
  const base = { username: member.username, for_account: member.account, created_at: member.created_at };
  return layout === '5.x' ? { ...base, domain_name: member.account } : base;
}

// ---- service ----

const VERSION = { service: { version: '4.9.5' }, api: { version: '0.0.1' }, db: { schema_version: '4.9.5' }, engine: { version: '1.1.0', db: '0.0.17' } };

const service: Record<string, OperationHandler> = {
  get_status: () => json(200, { busy: false, up: true, message: 'all good' }),
};

// ---- roles and membership ----

const roles: Record<string, OperationHandler> = {
  list_roles: ({ state }) => json(200, state.roles.list().map(({ name, description, created_at }) => ({ name, description, created_at }))),

  get_role: ({ state, req }) => {
    const role = state.roles.get(roleParam(req));
    return role === undefined ? notFound(`Role ${roleParam(req)}`) : json(200, role);
  },

  list_role_members: (call) => {
    const { state, req, user, layout } = call;
    const role = roleParam(req);
    if (!state.roles.has(role)) return notFound(`Role ${role}`);
    const account = accountQuery(call);
    if (account !== undefined && !state.mayManageMembers(user, account)) return accessDenied('listRoleMembers', account);
    // Without a filter the list holds the accounts the caller may list members of.
    const members = state.membersWhere({ role, account }).filter(member => state.mayManageMembers(user, member.account));
    return json(200, members.map(member => memberWire(member, layout)));
  },

  add_role_user: (call) => {
    const { state, req, user, layout } = call;
    const role = roleParam(req);
    const body = JSON.parse(req.body) as { username: string; for_account?: string; domain_name?: string };
    const account = (layout === '5.x' ? body.domain_name : undefined) ?? body.for_account;
    if (account === undefined) return badRequest('domain_name is required');
    const missing = missingMemberParts(state, role, body.username, account);
    if (missing !== undefined) return missing;
    if (!state.mayManageMembers(user, account)) return accessDenied('createRoleMember', account);
    // The documents are silent on adding an existing membership: it is answered with the existing one, unchanged.
    const member = state.member(role, body.username, account) ?? state.addMember(role, body.username, account);
    return json(200, memberWire(member, layout));
  },

  delete_role_user: (call) => {
    const { state, req, user } = call;
    const role = roleParam(req);
    const username = req.query.get('username')!;
    const account = accountQuery(call);
    if (account === undefined) return badRequest('domain_name is required');
    if (!state.roles.has(role)) return notFound(`Role ${role}`);
    if (!state.mayManageMembers(user, account)) return accessDenied('deleteRoleMember', account);
    if (!state.removeMember(role, username, account)) return notFound(`Role member ${username} of role ${role} in account ${account}`);
    return empty(204);
  },

  my_roles: ({ state, user, layout }) => json(200, state.membersWhere({ username: user.username }).map(member => {
    const roleEntry = { for_account: member.account, roles: state.roles.get(member.role) };
    if (layout === '4.x') return roleEntry;
    const { name, type, state: accountState, created_at, last_updated } = state.accounts.get(member.account)!;
    return { ...roleEntry, domain_name: member.account, account: { name, type, state: accountState, created_at, last_updated } };
  })),

  list_user_roles: (call) => {
    const { state, req, user, layout } = call;
    const username = req.params.username!;
    if (!state.users.has(username)) return notFound(`User ${username}`);
    if (username !== user.username && !state.isAdmin(user)) return failure(403, `Access Denied: not authorized to list the roles of ${username}`, 'access_denied');
    const members = state.membersWhere({ username, account: accountQuery(call), role: req.query.get('role') ?? undefined });
    return json(200, layout === '5.x' ? members.map(m => ({ role: m.role, domain_name: m.account, for_account: m.account, created_at: m.created_at })) : byRole(members));
  },
};

/** The path names the role `rolename` in 4.x and `role_name` in 5.x. */
function roleParam(req: SimRequest): string {
  return req.params.rolename ?? req.params.role_name ?? '';
}

function missingMemberParts(state: AnchoreState, role: string, username: string, account: string): SimResponse | undefined {
  if (!state.roles.has(role)) return notFound(`Role ${role}`);
  if (!state.accounts.has(account)) return notFound(`Account ${account}`);
  if (!state.users.has(username)) return notFound(`User ${username}`);
  return undefined;
}

/** 4.x RoleMembership: one entry per role, its accounts as a list. */
function byRole(members: readonly StoredMember[]): object[] {
  const grouped = new Map<string, StoredMember[]>();
  members.forEach(member => grouped.set(member.role, [...(grouped.get(member.role) ?? []), member]));
  return [...grouped].map(([role, list]) => ({ role, for_account: list.map(m => m.account), created_at: list[0]!.created_at }));
}

// ---- SAML identity providers ----

const SERVER_OWNED = new Set(['created_at', 'last_updated', 'require_existing_users']);

const saml: Record<string, OperationHandler> = {
  list_idps: ({ state }) => json(200, state.idps.list().map(idp => idp.name)),

  add_idp: (call) => {
    const { state, req, user } = call;
    if (!state.isAdmin(user)) return failure(403, 'Access Denied: only system administrators configure identity providers', 'access_denied');
    const body = JSON.parse(req.body) as Record<string, unknown>;
    const problem = metadataProblem(body);
    if (problem !== undefined) return problem;
    if (state.idps.has(body.name as string)) return failure(409, `Identity provider ${body.name as string} already exists`, 'conflict');
    const stamp = now();
    const stored = state.store.write(() => state.idps.create(body.name as string, storedIdp(call, body, stamp, stamp)));
    return json(200, idpWire(call, stored, false));
  },

  get_idp: (call) => {
    const idp = call.state.idps.get(call.req.params.name!);
    return idp === undefined ? notFound(`Identity provider ${call.req.params.name}`) : json(200, idpWire(call, idp, true));
  },

  update_idp: (call) => {
    const { state, req, user } = call;
    const name = req.params.name!;
    if (!state.isAdmin(user)) return failure(403, 'Access Denied: only system administrators configure identity providers', 'access_denied');
    const existing = state.idps.get(name);
    if (existing === undefined) return notFound(`Identity provider ${name}`);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    if (body.name !== name) return badRequest(`The configuration's name ${JSON.stringify(body.name)} does not match the path's ${JSON.stringify(name)}; an IdP cannot be renamed`);
    const problem = metadataProblem(body);
    if (problem !== undefined) return problem;
    const stored = state.store.write(() => state.idps.update(name, storedIdp(call, body, existing.created_at, now())));
    return json(200, idpWire(call, stored, false));
  },

  delete_idp: ({ state, req, user, layout }) => {
    const name = req.params.name!;
    if (!state.isAdmin(user)) return failure(403, 'Access Denied: only system administrators configure identity providers', 'access_denied');
    // The 4.x document gives this 404 no body; 5.x an ApiErrorResponse.
    if (!state.idps.has(name)) return layout === '4.x' ? empty(404) : notFound(`Identity provider ${name}`);
    state.store.write(() => {
      state.idps.delete(name);
      state.idpUserGroups.list().filter(mapping => mapping.idp === name).forEach(mapping => state.idpUserGroups.delete(`${name}/${mapping.uuid}`));
    });
    return empty(204);
  },
};

/**
 * The documents say only one of `idp_metadata_url` and `idp_metadata_xml` should be set; Anchore
 * needs one of them to reach the IdP (the documents are silent on a configuration with neither).
 */
function metadataProblem(body: Record<string, unknown>): SimResponse | undefined {
  const url = body.idp_metadata_url;
  const xml = body.idp_metadata_xml;
  if (url !== undefined && xml !== undefined) return badRequest('Only one of idp_metadata_url or idp_metadata_xml may be set');
  if (url === undefined && xml === undefined) return badRequest('One of idp_metadata_url or idp_metadata_xml is required');
  return undefined;
}

/** The fields the layout's SamlConfiguration declares, from the document; defaults of the document filled. */
function storedIdp(call: OperationCall, body: Record<string, unknown>, createdAt: string, updatedAt: string): StoredIdp {
  const properties = samlProperties(call);
  const writable = Object.entries(properties).filter(([key]) => !SERVER_OWNED.has(key));
  const defaults = Object.fromEntries(writable.filter(([, schema]) => 'default' in schema).map(([key, schema]) => [key, schema.default]));
  const kept = Object.fromEntries(Object.entries(body).filter(([key]) => key in properties && !SERVER_OWNED.has(key)));
  return {
    ...defaults,
    ...kept,
    created_at: createdAt,
    last_updated: updatedAt,
  } as StoredIdp;
}

function samlProperties(call: OperationCall): Record<string, { default?: unknown }> {
  const document = call.document as unknown as {
    definitions?: { SamlConfiguration: { properties: Record<string, { default?: unknown }> } };
    components?: { schemas: { RbacManagerSamlConfiguration: { properties: Record<string, { default?: unknown }> } } };
  };
  return call.layout === '5.x' ? document.components!.schemas.RbacManagerSamlConfiguration.properties : document.definitions!.SamlConfiguration.properties;
}

/** 5.x adds `require_existing_users` and, on GET, the mapped `user_groups`. */
function idpWire(call: OperationCall, idp: StoredIdp, withUserGroups: boolean): object {
  if (call.layout === '4.x') return idp;
  const wire = { ...idp, require_existing_users: false };
  if (!withUserGroups) return wire;
  const userGroups = mappingsOf(call.state, idp.name).map(({ user_group_name, mapped_on }) => ({ user_group: user_group_name, added_on: mapped_on }));
  return { ...wire, user_groups: userGroups };
}

// ---- 5.x IdP user-group mappings ----

function mappingsOf(state: AnchoreState, idp: string): { user_group_uuid: string; user_group_name: string; mapped_on: string }[] {
  return state.idpUserGroups.list().filter(mapping => mapping.idp === idp).map(mapping => ({
    user_group_uuid: mapping.uuid,
    user_group_name: state.userGroups.get(mapping.uuid)?.name ?? '',
    mapped_on: mapping.mapped_on,
  }));
}

const userGroups: Record<string, OperationHandler> = {
  get_idp_user_groups: ({ state, req }) => {
    const name = req.params.name!;
    return state.idps.has(name) ? json(200, mappingsOf(state, name)) : notFound(`Identity provider ${name}`);
  },

  add_idp_user_groups: ({ state, req, user }) => {
    const name = req.params.name!;
    if (!state.isAdmin(user)) return failure(403, 'Access Denied: only system administrators configure identity providers', 'access_denied');
    if (!state.idps.has(name)) return notFound(`Identity provider ${name}`);
    const uuids = (JSON.parse(req.body) as { user_group_uuids?: string[] }).user_group_uuids ?? [];
    if (uuids.length === 0) return badRequest('user_group_uuids must name at least one user group');
    const unknown = uuids.find(uuid => !state.userGroups.has(uuid));
    if (unknown !== undefined) return notFound(`User group ${unknown}`);
    const mapped = uuids.find(uuid => state.idpUserGroups.has(`${name}/${uuid}`));
    if (mapped !== undefined) return failure(409, `User group ${mapped} is already associated with identity provider ${name}`, 'conflict');
    const stamp = now();
    state.store.write(() => uuids.forEach(uuid => state.idpUserGroups.create(`${name}/${uuid}`, { idp: name, uuid, mapped_on: stamp })));
    return json(200, mappingsOf(state, name));
  },

  delete_idp_user_group: ({ state, req, user }) => {
    const name = req.params.name!;
    if (!state.isAdmin(user)) return failure(403, 'Access Denied: only system administrators configure identity providers', 'access_denied');
    if (!state.idps.has(name)) return notFound(`Identity provider ${name}`);
    const uuids = req.query.getAll('user_group');
    const unmapped = uuids.find(uuid => !state.idpUserGroups.has(`${name}/${uuid}`));
    if (unmapped !== undefined) return notFound(`User group ${unmapped} of identity provider ${name}`);
    state.store.write(() => uuids.forEach(uuid => state.idpUserGroups.delete(`${name}/${uuid}`)));
    return empty(204);
  },
};

/** The operations that need credentials, by operationId. */
export const handlers: Readonly<Record<string, OperationHandler>> = { ...service, ...roles, ...saml, ...userGroups };

/**
 * The operations Anchore serves without credentials: health probes and the SAML login flow. The
 * SAML exchange itself is not simulated: no AuthN request is built and assertions are not verified.
 */
export const anonymousHandlers: Readonly<Record<string, AnonymousHandler>> = {
  health_check: () => empty(200),
  version_check: () => json(200, VERSION),
  saml_login: ({ state, req }) => {
    const idp = state.idps.get(req.params.idp_name!);
    return idp === undefined || !idp.enabled ? notFound(`Identity provider ${req.params.idp_name}`) : json(200, { token: randomBytes(24).toString('base64url') });
  },
  saml_sso: ({ state, req }) => {
    if (!state.idps.get(req.params.idp_name!)?.enabled) return notFound(`Identity provider ${req.params.idp_name}`);
    if (!new URLSearchParams(req.body).has('SAMLResponse')) return badRequest('SAMLResponse form field is required');
    return json(200, { token: randomBytes(24).toString('base64url') });
  },
};
