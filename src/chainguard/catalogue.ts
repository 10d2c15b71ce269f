import { EVENT_TYPES, EventTypeData, FieldShape } from './catalogue-data';

/** What a field of an event body holds. */
export enum ChainguardEventFieldKind {
  STRING = 'string',
  NUMBER = 'number',
  BOOLEAN = 'boolean',
  /** An RFC 3339 timestamp string. */
  TIME = 'time',
  /** The event's subject (the same value as the Ce-Subject header). */
  SUBJECT = 'subject',
  /** The UIDP of the group the event happened in. */
  GROUP = 'group',
  /** A free-form object (e.g. activity or policies keyed by name). */
  MAP = 'map',
  /** Always null in Chainguard's events (fields kept for compatibility). */
  NULL = 'null',
}

/** One leaf field of an event body. */
export interface ChainguardEventField {
  /** Dotted path inside `body`, e.g. `cluster.group.id`. */
  readonly path: string;
  readonly kind: ChainguardEventFieldKind;
}

/** One event type of Chainguard's events reference. */
export interface ChainguardEventTypeInfo {
  /** The Ce-Type header, e.g. `dev.chainguard.api.iam.group.created.v1`. */
  readonly type: string;
  /** The service as the reference names it, e.g. `iam - Groups`. */
  readonly service: string;
  /** The methods that emit it, e.g. `Create`. */
  readonly methods: string[];
  /** The Ce-Source header (for `k8s://` sources, the cluster or namespace sends its own). */
  readonly source: string;
  /** What the Ce-Subject header identifies. */
  readonly subjectDescription: string;
  /** True when Ce-Subject is a UIDP; false when it is an image reference. */
  readonly subjectIsUidp: boolean;
  /** Every leaf field of `body`. */
  readonly bodyFields: ChainguardEventField[];
}

/** The Ce-Type of every event in Chainguard's events reference. */
export class ChainguardEventTypes {
  public static readonly ADMISSION_NAMESPACE = 'dev.chainguard.admission.namespace.v1';
  public static readonly ADMISSION_REVIEW = 'dev.chainguard.admission.v1';
  public static readonly POLICY_VALIDATION_CHANGED = 'dev.chainguard.policy.validation.changed.v1';
  public static readonly REGISTRY_PULL = 'dev.chainguard.registry.pull.v1';
  public static readonly REGISTRY_PUSH = 'dev.chainguard.registry.push.v1';
  public static readonly AUTH_REGISTERED = 'dev.chainguard.api.auth.registered.v1';
  public static readonly SUBSCRIPTION_CREATED = 'dev.chainguard.api.events.subscription.created.v1';
  public static readonly SUBSCRIPTION_DELETED = 'dev.chainguard.api.events.subscription.deleted.v1';
  public static readonly ACCOUNT_ASSOCIATIONS_CREATED = 'dev.chainguard.api.iam.account_associations.created.v1';
  public static readonly ACCOUNT_ASSOCIATIONS_UPDATED = 'dev.chainguard.api.iam.account_associations.updated.v1';
  public static readonly ACCOUNT_ASSOCIATIONS_DELETED = 'dev.chainguard.api.iam.account_associations.deleted.v1';
  public static readonly GROUP_INVITE_CREATED = 'dev.chainguard.api.iam.group_invite.created.v1';
  public static readonly GROUP_INVITE_DELETED = 'dev.chainguard.api.iam.group_invite.deleted.v1';
  public static readonly GROUP_CREATED = 'dev.chainguard.api.iam.group.created.v1';
  public static readonly GROUP_UPDATED = 'dev.chainguard.api.iam.group.updated.v1';
  public static readonly GROUP_DELETED = 'dev.chainguard.api.iam.group.deleted.v1';
  public static readonly IDENTITY_CREATED = 'dev.chainguard.api.iam.identity.created.v1';
  public static readonly IDENTITY_UPDATED = 'dev.chainguard.api.iam.identity.updated.v1';
  public static readonly IDENTITY_DELETED = 'dev.chainguard.api.iam.identity.deleted.v1';
  public static readonly IDENTITY_PROVIDER_CREATED = 'dev.chainguard.api.iam.identity_providers.created.v1';
  public static readonly IDENTITY_PROVIDER_UPDATED = 'dev.chainguard.api.iam.identity_providers.updated.v1';
  public static readonly IDENTITY_PROVIDER_DELETED = 'dev.chainguard.api.iam.identity_providers.deleted.v1';
  public static readonly POLICY_CREATED = 'dev.chainguard.api.iam.policy.created.v1';
  public static readonly POLICY_DELETED = 'dev.chainguard.api.iam.policy.deleted.v1';
  public static readonly POLICY_UPDATED = 'dev.chainguard.api.iam.policy.updated.v1';
  public static readonly POLICY_VERSION_ACTIVATED = 'dev.chainguard.api.iam.policy.version.activated.v1';
  public static readonly ROLE_BINDING_CREATED = 'dev.chainguard.api.iam.rolebindings.created.v1';
  public static readonly ROLE_BINDING_UPDATED = 'dev.chainguard.api.iam.rolebindings.updated.v1';
  public static readonly ROLE_BINDING_DELETED = 'dev.chainguard.api.iam.rolebindings.deleted.v1';
  public static readonly REPO_UPDATED = 'dev.chainguard.api.platform.registry.repo.updated.v1';
  public static readonly CLUSTER_CREATED = 'dev.chainguard.api.tenant.cluster.created.v1';
  public static readonly CLUSTER_DELETED = 'dev.chainguard.api.tenant.cluster.deleted.v1';
  public static readonly CLUSTER_UPDATED = 'dev.chainguard.api.tenant.cluster.updated.v1';

  private constructor() {}
}

/** Looks up event types of Chainguard's events reference. */
export class ChainguardEventCatalogue {
  /** Every event type, in the reference's order. */
  public static all(): ChainguardEventTypeInfo[] {
    return EVENT_TYPES.map(describe);
  }

  /** The event type with this Ce-Type, or undefined for a type the reference does not list. */
  public static find(type: string): ChainguardEventTypeInfo | undefined {
    const found = EVENT_TYPES.find(entry => entry.type === type);
    return found === undefined ? undefined : describe(found);
  }

  private constructor() {}
}

function describe(entry: EventTypeData): ChainguardEventTypeInfo {
  return {
    type: entry.type,
    service: entry.service,
    methods: [...entry.methods],
    source: entry.source,
    subjectDescription: entry.subject,
    subjectIsUidp: !entry.subjectIsImage,
    bodyFields: leafFields(entry.body, ''),
  };
}

function leafFields(shape: FieldShape, prefix: string): ChainguardEventField[] {
  return Object.entries(shape).flatMap(([name, value]) => typeof value === 'string'
    ? [{ path: `${prefix}${name}`, kind: value as ChainguardEventFieldKind }]
    : leafFields(value, `${prefix}${name}.`));
}
