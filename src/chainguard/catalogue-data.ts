/**
 * Every event type of Chainguard's events reference (the seed document "Chainguard Enforce
 * Events"), as data: type string, Ce-Source, what Ce-Subject names, and the shape of `body`.
 * Field kinds say what a value is: `subject` is the event's Ce-Subject UIDP, `group` the UIDP of
 * the group the event happened in; nested objects are written as objects.
 */

export type FieldKind = 'string' | 'number' | 'boolean' | 'time' | 'subject' | 'group' | 'map' | 'null';
export interface FieldShape { readonly [name: string]: FieldKind | FieldShape }

export interface EventTypeData {
  readonly type: string;
  /** Service and methods as the document names them, e.g. `iam - Groups` / `Create`. */
  readonly service: string;
  readonly methods: readonly string[];
  /** Ce-Source; `k8s://...` sources name the cluster or namespace the event comes from. */
  readonly source: string;
  /** What Ce-Subject identifies, in the document's words. */
  readonly subject: string;
  /** Ce-Subject is an image reference, not a UIDP (policy validation events). */
  readonly subjectIsImage?: boolean;
  readonly body: FieldShape;
}

export const CONSOLE_API = 'https://console-api.enforce.dev';

const PROTO_TIME: FieldShape = { seconds: 'number', nanos: 'number' };
const IMAGE_TRANSFER: FieldShape = {
  digest: 'string',
  error: { code: 'string', message: 'string', status: 'number' },
  location: 'string',
  repo_id: 'subject',
  repository: 'subject',
  tag: 'string',
  type: 'string',
  user_agent: 'string',
  when: 'time',
};
const CLUSTER: FieldShape = {
  activity: 'map',
  agent_version: 'string',
  auth_info: { client_certificate_data: 'string', client_key_data: 'string' },
  description: 'string',
  group: { description: 'string', id: 'group', name: 'string' },
  id: 'subject',
  info: { CertificateAuthorityData: 'string', server: 'string' },
  issuer: 'string',
  last_seen: PROTO_TIME,
  managed_name: 'string',
  name: 'string',
  registered: PROTO_TIME,
  remote_id: 'string',
  status: { message: 'string', reason: 'string' },
  version: 'string',
};
const ACCOUNT_ASSOCIATION: FieldShape = {
  amazon: { account: 'string' },
  description: 'string',
  google: { project_id: 'string', project_number: 'string' },
  group: 'subject',
  name: 'string',
};
const GROUP: FieldShape = { description: 'string', id: 'subject', name: 'string' };
const IDENTITY: FieldShape = { Relationship: 'null', description: 'string', id: 'subject', name: 'string' };
const IDENTITY_PROVIDER: FieldShape = { Configuration: 'null', description: 'string', id: 'subject', name: 'string' };
const POLICY: FieldShape = { description: 'string', document: 'string', id: 'subject', name: 'string' };
const ROLE_BINDING: FieldShape = { id: 'subject', identity: 'string', role: 'string' };
const ID_ONLY: FieldShape = { id: 'subject' };

const api = (path: string): string => `${CONSOLE_API}${path}`;

export const EVENT_TYPES: readonly EventTypeData[] = [
  {
    type: 'dev.chainguard.admission.namespace.v1',
    service: 'Admission - Namespace',
    methods: ['Created', 'Updated'],
    source: 'k8s://namespace-UID',
    subject: 'UIDP of the namespace',
    body: { change: 'string', enforcer_state: 'string', id: 'subject', name: 'string' },
  },
  {
    type: 'dev.chainguard.admission.v1',
    service: 'Enforce - Admission',
    methods: ['Review'],
    source: 'k8s://cluster-id',
    subject: 'UIDP of cluster',
    body: { request: 'string', response: 'string' },
  },
  {
    type: 'dev.chainguard.policy.validation.changed.v1',
    service: 'Policy - Validation',
    methods: ['Changed'],
    source: 'k8s://cluster-id',
    subject: 'image ID e.g. us.gcr.io/prod-enforce-fabc/chainctl@sha256:123abc...',
    subjectIsImage: true,
    body: { cluster_id: 'string', image_id: 'subject', last_seen: 'time', policies: 'map' },
  },
  {
    type: 'dev.chainguard.registry.pull.v1',
    service: 'Registry - Pull',
    methods: ['Pulled'],
    source: 'cgr.dev',
    subject: 'The identifier of the repository being pulled from',
    body: { ...IMAGE_TRANSFER, method: 'string' },
  },
  {
    type: 'dev.chainguard.registry.push.v1',
    service: 'Registry - Push',
    methods: ['Pushed'],
    source: 'cgr.dev',
    subject: 'The identifier of the repository being pushed to',
    body: IMAGE_TRANSFER,
  },
  {
    type: 'dev.chainguard.api.auth.registered.v1',
    service: 'auth - Auth',
    methods: ['Register'],
    source: api('/auth/v1/register'),
    subject: 'Chainguard UIDP',
    body: { group: 'group', identity: 'subject' },
  },
  {
    type: 'dev.chainguard.api.events.subscription.created.v1',
    service: 'events - Subscriptions',
    methods: ['Create'],
    source: api('/events/v1/subscriptions'),
    subject: 'UIDP identifier of the subscription',
    body: { id: 'subject', sink: 'string' },
  },
  {
    type: 'dev.chainguard.api.events.subscription.deleted.v1',
    service: 'events - Subscriptions',
    methods: ['Delete'],
    source: api('/events/v1/subscriptions'),
    subject: 'UIDP identifier of the subscription to delete',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.account_associations.created.v1',
    service: 'iam - GroupAccountAssociations',
    methods: ['Create'],
    source: api('/iam/v1/account_associations'),
    subject: 'UIDP with which this account information is associated',
    body: ACCOUNT_ASSOCIATION,
  },
  {
    type: 'dev.chainguard.api.iam.account_associations.updated.v1',
    service: 'iam - GroupAccountAssociations',
    methods: ['Update'],
    source: api('/iam/v1/account_associations'),
    subject: 'UIDP with which this account information is associated',
    body: ACCOUNT_ASSOCIATION,
  },
  {
    type: 'dev.chainguard.api.iam.account_associations.deleted.v1',
    service: 'iam - GroupAccountAssociations',
    methods: ['Delete'],
    source: api('/iam/v1/account_associations'),
    subject: 'UIDP of the group whose associations will be deleted',
    body: { group: 'subject' },
  },
  {
    type: 'dev.chainguard.api.iam.group_invite.created.v1',
    service: 'iam - GroupInvites',
    methods: ['Create'],
    source: api('/iam/v1/group_invites'),
    subject: 'group UIDP under which this invite resides',
    body: { expiration: { seconds: 'number' }, id: 'subject' },
  },
  {
    type: 'dev.chainguard.api.iam.group_invite.deleted.v1',
    service: 'iam - GroupInvites',
    methods: ['Delete'],
    source: api('/iam/v1/group_invites'),
    subject: 'UIDP of the record',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.group.created.v1',
    service: 'iam - Groups',
    methods: ['Create'],
    source: api('/iam/v1/groups'),
    subject: 'group UIDP under which this group resides',
    body: GROUP,
  },
  {
    type: 'dev.chainguard.api.iam.group.updated.v1',
    service: 'iam - Groups',
    methods: ['Update'],
    source: api('/iam/v1/groups'),
    subject: 'group UIDP under which this group resides',
    body: GROUP,
  },
  {
    type: 'dev.chainguard.api.iam.group.deleted.v1',
    service: 'iam - Groups',
    methods: ['Delete'],
    source: api('/iam/v1/groups'),
    subject: 'UIDP of the record',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.identity.created.v1',
    service: 'iam - Identities',
    methods: ['Create'],
    source: api('/iam/v1/identities'),
    subject: 'UIDP of identity',
    body: { identity: IDENTITY, parent_id: 'group' },
  },
  {
    type: 'dev.chainguard.api.iam.identity.updated.v1',
    service: 'iam - Identities',
    methods: ['Update'],
    source: api('/iam/v1/identities'),
    subject: 'The unique identifier of this specific identity',
    body: IDENTITY,
  },
  {
    type: 'dev.chainguard.api.iam.identity.deleted.v1',
    service: 'iam - Identities',
    methods: ['Delete'],
    source: api('/iam/v1/identities'),
    subject: 'UIDP of the record',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.identity_providers.created.v1',
    service: 'iam - IdentityProviders',
    methods: ['Create'],
    source: api('/iam/v1/identityProviders'),
    subject: 'UIDP of identity provider',
    body: { identity_provider: IDENTITY_PROVIDER, parent_id: 'group' },
  },
  {
    type: 'dev.chainguard.api.iam.identity_providers.updated.v1',
    service: 'iam - IdentityProviders',
    methods: ['Update'],
    source: api('/iam/v1/identityProviders'),
    subject: 'The UIDP of the IAM group to nest this identity provider under',
    body: IDENTITY_PROVIDER,
  },
  {
    type: 'dev.chainguard.api.iam.identity_providers.deleted.v1',
    service: 'iam - IdentityProviders',
    methods: ['Delete'],
    source: api('/iam/v1/identityProviders'),
    subject: 'UIDP of the IdP',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.policy.created.v1',
    service: 'iam - Policies',
    methods: ['Create'],
    source: api('/iam/v1/policies'),
    subject: 'UIDP of policy',
    body: { parent_id: 'group', policy: POLICY },
  },
  {
    type: 'dev.chainguard.api.iam.policy.deleted.v1',
    service: 'iam - Policies',
    methods: ['Delete'],
    source: api('/iam/v1/policies'),
    subject: 'UIDP of the policy',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.iam.policy.updated.v1',
    service: 'iam - Policies',
    methods: ['Update'],
    source: api('/iam/v1/policies'),
    subject: 'UIDP of the policy',
    body: POLICY,
  },
  {
    type: 'dev.chainguard.api.iam.policy.version.activated.v1',
    service: 'iam - Policies',
    methods: ['ActivateVersion'],
    source: api('/iam/v1/policyVersions'),
    subject: 'UIDP of the policy version',
    body: { version_id: 'subject' },
  },
  {
    type: 'dev.chainguard.api.iam.rolebindings.created.v1',
    service: 'iam - RoleBindings',
    methods: ['Create'],
    source: api('/iam/v1/rolebindings'),
    subject: 'UIDP of the Role to bind',
    body: { parent: 'group', role_binding: ROLE_BINDING },
  },
  {
    type: 'dev.chainguard.api.iam.rolebindings.updated.v1',
    service: 'iam - RoleBindings',
    methods: ['Update'],
    source: api('/iam/v1/rolebindings'),
    subject: 'UID of this role binding',
    body: ROLE_BINDING,
  },
  {
    type: 'dev.chainguard.api.iam.rolebindings.deleted.v1',
    service: 'iam - RoleBindings',
    methods: ['Delete'],
    source: api('/iam/v1/rolebindings'),
    subject: 'UID of the record',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.platform.registry.repo.updated.v1',
    service: 'registry - Registry',
    methods: ['UpdateRepo'],
    source: api('/registry/v1/repos'),
    subject: 'The identifier of this specific repository',
    body: { id: 'subject', name: 'string' },
  },
  {
    type: 'dev.chainguard.api.tenant.cluster.created.v1',
    service: 'tenant - Clusters',
    methods: ['Create'],
    source: api('/tenant/v1/clusters'),
    subject: 'Cluster UIDP under which this cluster resides',
    body: { cluster: CLUSTER, parent_id: 'group' },
  },
  {
    type: 'dev.chainguard.api.tenant.cluster.deleted.v1',
    service: 'tenant - Clusters',
    methods: ['Delete'],
    source: api('/tenant/v1/clusters'),
    subject: 'UIDP of the record',
    body: ID_ONLY,
  },
  {
    type: 'dev.chainguard.api.tenant.cluster.updated.v1',
    service: 'tenant - Clusters',
    methods: ['Update'],
    source: api('/tenant/v1/clusters'),
    subject: 'Cluster UIDP under which this cluster resides',
    body: CLUSTER,
  },
];
