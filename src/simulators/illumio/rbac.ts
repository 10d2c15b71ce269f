import { empty, json, SimRequest, SimResponse } from '../core';
import { invalidUri, notFound, PceError, TOKENS, validationError } from './errors';
import { Json, parseObject } from './objects';
import { allowOnly, newUuid, objectOf, oneOf, OperationsContext, optionalString, partial, throwError } from './operations';

/**
 * Roles the permissions of 20.1 name by href (`/orgs/:org/roles/:name`). The document has no
 * roles endpoint and lists none; these are the PCE's built-in roles of that release. The first
 * four are global (their permissions have an empty scope), the others are scoped.
 */
export const GLOBAL_ROLES = ['owner', 'admin', 'read_only', 'global_object_provisioner'] as const;
export const SCOPED_ROLES = ['ruleset_manager', 'ruleset_provisioner'] as const;

interface StoredPrincipal {
  readonly id: string;
  type: string;
  name: string;
  display_name: string | null;
}

interface StoredPermission {
  readonly id: string;
  role: string;
  scope: string[];
  principal: string;
}

/**
 * 20.1 "Auth Security Principals" (users and groups that may hold roles), "Permissions" (a role
 * granted to an auth security principal within a scope of labels) and the update of a
 * "Security Principal" (the user groups rules name as consumers; listed, created and deleted by
 * the part-1 routes). Hrefs end in UUIDs. The document is silent on uniqueness: the simulator,
 * like the PCE, refuses a second principal of the same type and name, and a second identical
 * permission; a principal that still holds permissions cannot be deleted.
 */
export function registerRbacRoutes(ctx: OperationsContext): void {
  const principals = ctx.host.store.collection<StoredPrincipal>('auth_security_principals');
  const permissions = ctx.host.store.collection<StoredPermission>('permissions');
  const principalHref = (id: string): string => ctx.href(`auth_security_principals/${id}`);
  const permissionHref = (id: string): string => ctx.href(`permissions/${id}`);
  ctx.host.state.referrerSources.push((href) => permissions.list().filter((p) => p.scope.includes(href)).map((p) => permissionHref(p.id)));
  const renderPrincipal = (p: StoredPrincipal): Json => ({ href: principalHref(p.id), type: p.type, name: p.name, display_name: p.display_name });
  const renderPermission = (p: StoredPermission): Json => ({
    href: permissionHref(p.id),
    role: { href: p.role },
    scope: p.scope.map((href) => {
      const label = ctx.host.state.labels.get(href.split('/').pop()!);
      return { href, key: label?.key, value: label?.value };
    }),
    auth_security_principal: { href: p.principal },
  });

  const principalBody = (req: SimRequest, current: StoredPrincipal | undefined): StoredPrincipal => {
    const body = parseObject(req.body);
    const where = current ? 'orgs_auth_security_principals_put' : 'orgs_auth_security_principals_post';
    allowOnly(body, ['type', 'name', 'display_name'], where);
    const next = { ...(current ?? { id: newUuid(), display_name: null }), ...body } as StoredPrincipal;
    oneOf(next.type, ['user', 'group'], 'type', where);
    if (typeof next.name !== 'string' || next.name === '') throw validationError(`${where}: name is required and must be a non-empty string`);
    optionalString(body, 'display_name', where);
    const clash = principals.list().find((p) => p.type === next.type && p.name === next.name && p.id !== next.id);
    if (clash) throw new PceError(406, TOKENS.nameConflict, `An auth security principal of type ${next.type} named ${next.name} exists: ${principalHref(clash.id)}`);
    return { id: next.id, type: next.type, name: next.name, display_name: next.display_name ?? null };
  };

  ctx.host.route(['GET', 'POST'], `${ctx.org}/auth_security_principals`, (req): SimResponse => {
    if (req.method === 'GET') {
      const found = principals.list().filter((p) => partial(req, 'name', p.name) && (req.query.get('type') === null || p.type === req.query.get('type')));
      return ctx.host.collection(req, found.map(renderPrincipal));
    }
    const created = principalBody(req, undefined);
    ctx.host.store.write(() => principals.create(created.id, created));
    ctx.events.audit('auth_security_principal.create', principalHref(created.id));
    return json(201, renderPrincipal(created));
  });

  ctx.host.route(['GET', 'PUT', 'DELETE'], `${ctx.org}/auth_security_principals/:id`, (req): SimResponse => {
    const found = principals.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, renderPrincipal(found));
    if (req.method === 'PUT') {
      const updated = principalBody(req, found);
      ctx.host.store.write(() => principals.update(found.id, updated));
      ctx.events.audit('auth_security_principal.update', principalHref(found.id));
      return empty(204);
    }
    const holders = permissions.list().filter((p) => p.principal === principalHref(found.id)).map((p) => permissionHref(p.id));
    if (holders.length > 0) throw new PceError(406, TOKENS.objectInUse, `${principalHref(found.id)} is referenced by ${holders.join(', ')}`);
    ctx.host.store.write(() => principals.delete(found.id));
    ctx.events.audit('auth_security_principal.delete', principalHref(found.id));
    return empty(204);
  });

  const permissionBody = (req: SimRequest, current: StoredPermission | undefined): StoredPermission => {
    const body = parseObject(req.body);
    const where = current ? 'orgs_permissions_put' : 'orgs_permissions_post';
    allowOnly(body, ['role', 'scope', 'auth_security_principal'], where);
    if (!current) ['role', 'scope', 'auth_security_principal'].forEach((name) => body[name] === undefined && throwError(validationError(`${where}: ${name} is required`)));
    const role = body.role === undefined ? current!.role : roleHref(ctx, objectOf(body.role, `${where}: role`).href);
    const principal = body.auth_security_principal === undefined ? current!.principal
      : principalRef(ctx, objectOf(body.auth_security_principal, `${where}: auth_security_principal`).href, (id) => principals.has(id));
    const scope = body.scope === undefined ? current!.scope : ctx.labelRefs(body.scope, `${where}: scope`).map((ref) => ref.href as string);
    const name = role.split('/').pop()!;
    if ((GLOBAL_ROLES as readonly string[]).includes(name) && scope.length > 0) throw validationError(`${where}: role ${name} is global; its scope must be empty`);
    const next = { id: current?.id ?? newUuid(), role, scope, principal };
    const key = (p: StoredPermission): string => `${p.role} ${p.principal} ${[...p.scope].sort().join(',')}`;
    const clash = permissions.list().find((p) => p.id !== next.id && key(p) === key(next));
    if (clash) throw new PceError(406, TOKENS.nameConflict, `The same permission exists: ${permissionHref(clash.id)}`);
    return next;
  };

  ctx.host.route(['GET', 'POST'], `${ctx.org}/permissions`, (req): SimResponse => {
    if (req.method === 'GET') return ctx.host.collection(req, permissions.list().filter((p) => matchesPermission(req, p)).map(renderPermission));
    const created = permissionBody(req, undefined);
    ctx.host.store.write(() => permissions.create(created.id, created));
    ctx.events.audit('permission.create', permissionHref(created.id));
    return json(201, renderPermission(created));
  });

  ctx.host.route(['GET', 'PUT', 'DELETE'], `${ctx.org}/permissions/:id`, (req): SimResponse => {
    const found = permissions.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, renderPermission(found));
    if (req.method === 'PUT') {
      const updated = permissionBody(req, found);
      ctx.host.store.write(() => permissions.update(found.id, updated));
      ctx.events.audit('permission.update', permissionHref(found.id));
    } else {
      ctx.host.store.write(() => permissions.delete(found.id));
      ctx.events.audit('permission.delete', permissionHref(found.id));
    }
    return empty(204);
  });

  // 20.1 security_principals_put: name and description (the part-1 routes serve GET and DELETE of the same path).
  ctx.host.route('PUT', `${ctx.org}/security_principals/:id`, (req): SimResponse => {
    const state = ctx.host.state;
    const found = state.securityPrincipals.get(req.params.id!) ?? throwError(notFound());
    const body = parseObject(req.body);
    allowOnly(body, ['name', 'description'], 'security_principals_put');
    const name = optionalString(body, 'name', 'security_principals_put');
    if (name === '' || name === null) throw validationError('security_principals_put: name must be a non-empty string');
    const description = optionalString(body, 'description', 'security_principals_put');
    ctx.host.store.write(() => state.securityPrincipals.update(found.id, {
      ...found, name: name ?? found.name, description: description === undefined ? found.description : description,
    }));
    ctx.events.audit('security_principal.update', state.securityPrincipalHref(found.id));
    return empty(204);
  });
}

function roleHref(ctx: OperationsContext, href: unknown): string {
  const roles: readonly string[] = [...GLOBAL_ROLES, ...SCOPED_ROLES];
  if (typeof href !== 'string' || !roles.some((role) => href === ctx.href(`roles/${role}`))) throw invalidUri(String(href));
  return href;
}

function principalRef(ctx: OperationsContext, href: unknown, exists: (id: string) => boolean): string {
  const prefix = ctx.href('auth_security_principals/');
  if (typeof href !== 'string' || !href.startsWith(prefix) || !exists(href.slice(prefix.length))) throw invalidUri(String(href));
  return href;
}

/** A filter value given as a JSON-encoded string (as 20.1 says) or as the bare href. */
function hrefFilter(req: SimRequest, name: string): string | undefined {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'string' ? parsed : raw;
  } catch {
    return raw;
  }
}

/** Filters of 20.1 GET permissions: role and auth_security_principal by href; scope a JSON list of label hrefs, matched exactly. */
function matchesPermission(req: SimRequest, p: StoredPermission): boolean {
  const role = hrefFilter(req, 'role');
  const principal = hrefFilter(req, 'auth_security_principal');
  const scopeRaw = req.query.get('scope');
  let scope: string[] | undefined;
  if (scopeRaw !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(scopeRaw);
    } catch {
      throw validationError('scope must be a JSON list of label hrefs');
    }
    if (!Array.isArray(parsed)) throw validationError('scope must be a JSON list of label hrefs');
    scope = parsed.map((entry) => String(typeof entry === 'object' && entry !== null ? (entry as Json).href : entry)).sort();
  }
  return (role === undefined || p.role === role) && (principal === undefined || p.principal === principal)
    && (scope === undefined || [...p.scope].sort().join(',') === scope.join(','));
}
