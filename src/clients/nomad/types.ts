/**
 * Nomad's wire shapes for ACL binding rules and auth methods, with Nomad's own PascalCase names
 * (see hashicorp/nomad api/acl.go). Fields the server assigns are optional so the same type
 * serves requests and responses.
 */

/** What a binding rule grants at login. */
export type AclBindType = 'role' | 'policy' | 'management';

export const ACL_BIND_TYPES: readonly AclBindType[] = ['role', 'policy', 'management'];

export interface AclBindingRule {
  /** UUID assigned by Nomad on create; required for update. */
  readonly ID?: string;
  readonly Description?: string;
  /** Name of the auth method the rule belongs to; cannot change after create. */
  readonly AuthMethod: string;
  /** go-bexpr expression over the login claims; empty matches everyone. */
  readonly Selector?: string;
  /** `role`, `policy` or `management` (typed as string: Nomad is the judge of validity). */
  readonly BindType: string;
  /** Role or policy name; must be empty for `management`. */
  readonly BindName?: string;
  /** RFC 3339 with nanoseconds, as Nomad writes Go times. */
  readonly CreateTime?: string;
  readonly ModifyTime?: string;
  readonly CreateIndex?: number;
  readonly ModifyIndex?: number;
}

/** A rule exactly as Nomad returns it from create, read and update. */
export interface AclBindingRuleResponse extends AclBindingRule {
  readonly ID: string;
  readonly Description: string;
  readonly Selector: string;
  readonly BindName: string;
  readonly CreateTime: string;
  readonly ModifyTime: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
  /** Base64 BLAKE2b-256 of the rule's user fields (the server also sends it; the Go API type drops it). */
  readonly Hash?: string;
}

/**
 * One entry of `GET /v1/acl/binding-rules`. Nomad lists only these fields: BindType, BindName
 * and Selector need a read of the rule itself.
 */
export interface AclBindingRuleStub {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Hash?: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** One entry of `GET /v1/acl/auth-methods`. */
export interface AclAuthMethodStub {
  readonly Name: string;
  /** `OIDC` or `JWT`. */
  readonly Type: string;
  readonly Default: boolean;
  readonly Hash?: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** Options of a read: blocking query and consistency. */
export interface NomadQueryOptions {
  /** Blocking query: wait until the resource's index exceeds this value. */
  readonly index?: number;
  /** Longest wait of a blocking query in ms (Nomad caps it at 300 s and adds up to 1/16 jitter). */
  readonly waitMs?: number;
  /** Allow any server to answer, possibly with stale data. */
  readonly stale?: boolean;
  readonly signal?: AbortSignal;
}

/** A read's value with Nomad's query metadata headers. */
export interface NomadQueryResult<T> {
  readonly value: T;
  /** X-Nomad-Index: pass it back as `index` for a blocking query. */
  readonly index: number;
  /** X-Nomad-KnownLeader. */
  readonly knownLeader: boolean;
  /** X-Nomad-LastContact in ms. */
  readonly lastContactMs: number;
}
