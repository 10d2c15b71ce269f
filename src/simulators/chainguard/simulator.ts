import { randomBytes } from 'node:crypto';
import { Uidp } from '../../chainguard/uidp';
import { logger, registerSecret } from '../../util/log';
import { Collection, FaultRule, json, RunningServer, SimRequest, SimResponse, SimulatorServer, StartOptions, Store, VendorSimulator } from '../core';
import { DEFAULT_DELIVERY, DeliveryOptions, DeliveryQueue, DeliveryRecord } from './delivery';
import { buildEvent, eventTypeData, newSubject, SimulatedEvent } from './events';
import { WebhookIssuer } from './issuer';

export * from './delivery';
export * from './events';
export * from './issuer';

export interface ChainguardSimulatorOptions {
  /** The bearer token the API accepts. Default: random. */
  readonly token?: string;
  /** UID of the root group seeded at start (and kept across reset). Default: random. */
  readonly rootGroupId?: string;
  /** Default `sandbox`. */
  readonly rootGroupName?: string;
  /** Retry policy of event delivery. */
  readonly delivery?: Partial<DeliveryOptions>;
  /** Lifetime of webhook tokens. Default 600 s. */
  readonly tokenLifetimeSeconds?: number;
  readonly faults?: string | readonly FaultRule[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface StoredGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface StoredSubscription {
  readonly id: string;
  readonly sink: string;
}

/** What the test endpoint (`POST /__secops/events`) and `trigger()` take: an action in a group. */
export interface TriggerInput {
  /** A Ce-Type of the events reference. */
  readonly type: string;
  /** Where it happened. Default: the root group. */
  readonly group?: string;
  /** Ce-Subject. Default: a new UIDP in the group (an image reference for policy validation). */
  readonly subject?: string;
  /** actor.subject. Default: the simulator's caller identity. */
  readonly actor?: string;
  /** The event's body. Default: the type's fields with example values. */
  readonly body?: Record<string, unknown>;
}

/** A gRPC status as grpc-gateway sends it: the mapped HTTP status, and {code, message, details}. */
function grpcError(httpStatus: number, code: number, message: string): SimResponse {
  return json(httpStatus, { code, message, details: [] });
}
const invalidArgument = (message: string) => grpcError(400, 3, message);
const notFound = (message: string) => grpcError(404, 5, message);
const permissionDenied = (message: string) => grpcError(403, 7, message);
const unauthenticated = (message: string) => grpcError(401, 16, message);

/**
 * Chainguard's events subscriptions API and its event stream, in process: the REST mapping of
 * chainguard.platform.events.Subscriptions (create under a group, list by filter, delete by
 * id), nested IAM groups, and for every write an event delivered to each subscription at or
 * above the group it happened in, signed by the simulator's own OIDC issuer.
 */
export class ChainguardSimulator extends VendorSimulator {
  public readonly token: string;
  public readonly rootGroupId: string;
  /** The identity that API writes are attributed to (actor.subject of their events). */
  public readonly callerIdentity: string;
  public readonly store = new Store();
  protected readonly server: SimulatorServer;
  private readonly issuerKeys = new WebhookIssuer();
  private readonly queue: DeliveryQueue;
  private readonly groupTable: Collection<StoredGroup>;
  private readonly subscriptionTable: Collection<StoredSubscription>;
  private readonly rootGroupName: string;
  private readonly tokenLifetimeSeconds: number;

  constructor(options: ChainguardSimulatorOptions = {}) {
    super();
    this.token = options.token ?? randomBytes(24).toString('base64url');
    registerSecret(this.token);
    this.rootGroupId = options.rootGroupId ?? Uidp.newChild();
    this.rootGroupName = options.rootGroupName ?? 'sandbox';
    this.callerIdentity = Uidp.newChild();
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 600;
    this.groupTable = this.store.collection<StoredGroup>('groups');
    this.subscriptionTable = this.store.collection<StoredSubscription>('subscriptions');
    this.queue = new DeliveryQueue({ ...DEFAULT_DELIVERY, ...options.delivery },
      (group, body) => this.issuerKeys.sign(this.issuer, group, body, this.tokenLifetimeSeconds), logger('sim.chainguard.delivery'));
    this.server = new SimulatorServer({
      name: 'chainguard',
      faults: options.faults,
      env: options.env,
      state: () => ({ groups: this.groups(), subscriptions: this.subscriptions(), deliveries: this.deliveries() }),
      reset: () => this.resetState(),
      // grpc-gateway's routing errors: unknown path NotFound, known path with another method Unimplemented.
      notFound: () => notFound('Not Found'),
      methodNotAllowed: () => grpcError(501, 12, 'Method Not Allowed'),
      adminRoutes: {
        'POST events': (req) => this.triggerFromAdmin(req),
        'GET deliveries': () => json(200, this.deliveries()),
      },
    });
    this.registerRoutes();
    this.seedRootGroup();
  }

  /** The OIDC issuer of webhook tokens: the simulator's own URL. */
  public get issuer(): string {
    return this.server.url;
  }

  public override async start(options: StartOptions = {}): Promise<RunningServer> {
    await this.issuerKeys.init();
    return this.server.start(options);
  }

  public override async stop(): Promise<void> {
    this.queue.cancel();
    await this.server.stop();
  }

  public groups(): StoredGroup[] {
    return this.groupTable.list();
  }

  public subscriptions(): StoredSubscription[] {
    return this.subscriptionTable.list();
  }

  /** Every delivery so far, oldest first, with its attempts. */
  public deliveries(): DeliveryRecord[] {
    return [...this.queue.records];
  }

  /** Resolves when every delivery started so far has been delivered or given up. */
  public deliveriesSettled(): Promise<void> {
    return this.queue.settled();
  }

  /** Creates a group directly (emits dev.chainguard.api.iam.group.created.v1). */
  public createGroup(parentId: string, name: string, description = ''): StoredGroup {
    if (!this.groupTable.has(parentId)) throw new Error(`group "${parentId}" does not exist in the simulator`);
    return this.addGroup(parentId, name, description).group;
  }

  /** Simulates an action in a group: builds its event and delivers it. Throws on bad input. */
  public trigger(input: TriggerInput): SimulatedEvent {
    const group = input.group ?? this.rootGroupId;
    const problem = this.triggerProblem(input, group);
    if (problem !== undefined) throw new Error(problem);
    if (input.type === 'dev.chainguard.api.iam.group.created.v1' && input.subject === undefined) {
      const name = typeof input.body?.name === 'string' ? input.body.name : 'simulated group';
      const created = this.addGroup(group, name, typeof input.body?.description === 'string' ? input.body.description : '', input.actor);
      return created.event;
    }
    return this.emit({ type: input.type, group, subject: input.subject ?? newSubject(input.type, group), actor: input.actor, body: input.body });
  }

  private registerRoutes(): void {
    this.server
      .route('GET', '/.well-known/openid-configuration', () => json(200, this.issuerKeys.discovery(this.issuer)))
      .route('GET', '/.well-known/keys', () => json(200, this.issuerKeys.jwks()))
      .route('GET', '/events/v1/subscriptions', (req) => this.authorized(req, () => this.listSubscriptions(req)))
      // `{parent_id=**}` also matches no segment at all: the request then names no parent.
      .route('POST', '/events/v1/subscriptions', (req) => this.authorized(req, () => this.createSubscription(req, '')))
      .route('POST', '/events/v1/subscriptions/*parent', (req) => this.authorized(req, () => this.createSubscription(req, req.params.parent ?? '')))
      .route('DELETE', '/events/v1/subscriptions', (req) => this.authorized(req, () => this.deleteSubscription('')))
      .route('DELETE', '/events/v1/subscriptions/*id', (req) => this.authorized(req, () => this.deleteSubscription(req.params.id ?? '')))
      .route('GET', '/iam/v1/groups', (req) => this.authorized(req, () => this.listGroups(req)))
      .route('POST', '/iam/v1/groups', (req) => this.authorized(req, () => this.createGroupFromApi(req, '')))
      .route('POST', '/iam/v1/groups/*parent', (req) => this.authorized(req, () => this.createGroupFromApi(req, req.params.parent ?? '')))
      .route('DELETE', '/iam/v1/groups', (req) => this.authorized(req, () => this.deleteGroup('')))
      .route('DELETE', '/iam/v1/groups/*id', (req) => this.authorized(req, () => this.deleteGroup(req.params.id ?? '')));
  }

  /** Bearer token check. The document is silent on the wording of Chainguard's refusal. */
  private authorized(req: SimRequest, handle: () => SimResponse): SimResponse {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match === null) return unauthenticated('missing bearer token in Authorization header');
    if (match[1]!.trim() !== this.token) return unauthenticated('invalid bearer token');
    return handle();
  }

  private createSubscription(req: SimRequest, parent: string): SimResponse {
    const parentProblem = this.groupScopeProblem(parent, 'parent_id');
    if (parentProblem !== undefined) return parentProblem;
    const body = parseBody(req.body);
    if ('error' in body) return invalidArgument(body.error);
    const sink = typeof body.value.sink === 'string' ? body.value.sink : '';
    const sinkProblem = sinkUrlProblem(sink);
    if (sinkProblem !== undefined) return invalidArgument(sinkProblem);
    const id = Uidp.newChild(parent);
    const created = this.store.write(() => this.subscriptionTable.create(id, { id, sink }));
    this.emit({ type: 'dev.chainguard.api.events.subscription.created.v1', group: parent, subject: id, body: { id, sink } });
    return json(200, created);
  }

  private listSubscriptions(req: SimRequest): SimResponse {
    const filter = readFilter(req);
    if ('response' in filter) return filter.response;
    return json(200, { items: this.subscriptionTable.list().filter(filter.matches) });
  }

  private deleteSubscription(id: string): SimResponse {
    const idProblem = Uidp.problem(id) ?? (Uidp.parent(id) === undefined ? 'a subscription UIDP has at least one SUID' : undefined);
    if (idProblem !== undefined) return invalidArgument(`invalid id "${id}": ${idProblem}`);
    const problem = this.groupScopeProblem(Uidp.parent(id)!, 'id');
    if (problem !== undefined) return problem;
    const deleted = this.store.write(() => this.subscriptionTable.delete(id));
    if (!deleted) return notFound(`subscription "${id}" not found`);
    this.emit({ type: 'dev.chainguard.api.events.subscription.deleted.v1', group: Uidp.parent(id)!, subject: id, body: { id } });
    return json(200, {});
  }

  private createGroupFromApi(req: SimRequest, parent: string): SimResponse {
    if (parent !== '') {
      const problem = this.groupScopeProblem(parent, 'parent_id');
      if (problem !== undefined) return problem;
    }
    const body = parseBody(req.body);
    if ('error' in body) return invalidArgument(body.error);
    const name = typeof body.value.name === 'string' ? body.value.name : '';
    if (name === '') return invalidArgument('name is required');
    const description = typeof body.value.description === 'string' ? body.value.description : '';
    return json(200, this.addGroup(parent, name, description).group);
  }

  private listGroups(req: SimRequest): SimResponse {
    const filter = readFilter(req);
    if ('response' in filter) return filter.response;
    return json(200, { items: this.groupTable.list().filter(filter.matches) });
  }

  /** Deletes the group and everything below it (child groups and their subscriptions). */
  private deleteGroup(id: string): SimResponse {
    const problem = this.groupScopeProblem(id, 'id');
    if (problem !== undefined) return problem;
    const parent = Uidp.parent(id) ?? id;
    this.store.write(() => {
      for (const table of [this.subscriptionTable, this.groupTable] as Array<Collection<{ id: string }>>) {
        table.list().filter(item => Uidp.isAncestorOrSelf(id, item.id)).forEach(item => table.delete(item.id));
      }
    });
    this.emit({ type: 'dev.chainguard.api.iam.group.deleted.v1', group: parent, subject: id, body: { id } });
    return json(200, {});
  }

  private addGroup(parent: string, name: string, description: string, actor?: string): { group: StoredGroup; event: SimulatedEvent } {
    const id = Uidp.newChild(parent);
    const group = this.store.write(() => this.groupTable.create(id, { id, name, description }));
    // A root group's own creation happens in itself.
    const event = this.emit({ type: 'dev.chainguard.api.iam.group.created.v1', group: parent || id, subject: id, actor, body: { description, id, name } });
    return { group, event };
  }

  /**
   * A UIDP that must name a group the caller may act in. Chainguard checks capabilities on the
   * scope before anything else, so an unknown group is PermissionDenied, not NotFound (the
   * document is silent; this is the simulator's reading of Chainguard's IAM model).
   */
  private groupScopeProblem(uidp: string, field: string): SimResponse | undefined {
    const problem = Uidp.problem(uidp);
    if (problem !== undefined) return invalidArgument(`invalid ${field} "${uidp}": ${problem}`);
    if (!this.groupTable.has(uidp)) return permissionDenied(`permission denied on "${uidp}": no such group, or no access to it`);
    return undefined;
  }

  private triggerProblem(input: TriggerInput, group: string): string | undefined {
    if (typeof input.type !== 'string' || eventTypeData(input.type) === undefined) {
      return `type must be an event type of the reference, got ${JSON.stringify(input.type)}`;
    }
    if (!this.groupTable.has(group)) return `group "${group}" does not exist in the simulator`;
    if (input.subject !== undefined && typeof input.subject !== 'string') return 'subject must be a string';
    if (input.body !== undefined && (typeof input.body !== 'object' || input.body === null || Array.isArray(input.body))) return 'body must be an object';
    return undefined;
  }

  private triggerFromAdmin(req: SimRequest): SimResponse {
    const body = parseBody(req.body);
    if ('error' in body) return json(400, { error: body.error });
    try {
      const event = this.trigger(body.value as unknown as TriggerInput);
      const deliveries = this.queue.records.filter(record => record.eventId === event.id).map(record => record.subscriptionId);
      return json(202, { event, deliveries });
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
  }

  /** Builds the event and delivers it to every subscription of the group or of a group above it. */
  private emit(input: { type: string; group: string; subject: string; actor?: string; body?: Record<string, unknown> }): SimulatedEvent {
    const event = buildEvent({ ...input, actor: input.actor ?? this.callerIdentity });
    for (const subscription of this.subscriptionTable.list()) {
      if (Uidp.isAncestorOrSelf(Uidp.parent(subscription.id)!, event.group)) this.queue.enqueue(event, subscription);
    }
    return event;
  }

  private seedRootGroup(): void {
    this.store.write(() => this.groupTable.put(this.rootGroupId, { id: this.rootGroupId, name: this.rootGroupName, description: '' }));
  }

  private resetState(): void {
    this.queue.clear();
    this.store.reset();
    this.seedRootGroup();
  }
}

function parseBody(text: string): { value: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { value: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'request body must be a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `invalid JSON in request body: ${(error as Error).message}` };
  }
}

function sinkUrlProblem(sink: string): string | undefined {
  if (sink === '') return 'sink is required';
  try {
    const url = new URL(sink);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return `sink must be an http or https URL, got "${sink}"`;
}

/**
 * The List filters: `id`, and the UIDPFilter under `uidp.` in grpc-gateway's query form
 * (JSON names such as `uidp.descendantsOf`, proto names such as `uidp.descendants_of`).
 */
function readFilter(req: SimRequest): { matches: (item: { id: string }) => boolean } | { response: SimResponse } {
  const param = (jsonName: string, protoName: string): string => req.query.get(jsonName) ?? req.query.get(protoName) ?? '';
  const filters = {
    id: req.query.get('id') ?? '',
    descendantsOf: param('uidp.descendantsOf', 'uidp.descendants_of'),
    childrenOf: param('uidp.childrenOf', 'uidp.children_of'),
    ancestorsOf: param('uidp.ancestorsOf', 'uidp.ancestors_of'),
  };
  for (const [name, value] of Object.entries(filters)) {
    const problem = value === '' ? undefined : Uidp.problem(value);
    if (problem !== undefined) return { response: invalidArgument(`invalid ${name} "${value}": ${problem}`) };
  }
  return {
    matches: (item) => (filters.id === '' || item.id === filters.id)
      && (filters.descendantsOf === '' || Uidp.isDescendantOf(item.id, filters.descendantsOf))
      && (filters.childrenOf === '' || Uidp.parent(item.id) === filters.childrenOf)
      && (filters.ancestorsOf === '' || Uidp.isDescendantOf(filters.ancestorsOf, item.id)),
  };
}
