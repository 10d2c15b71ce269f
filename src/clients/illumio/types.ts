import type { DraftPolicyType } from '../../illumio/policy';

/** Wire types of the PCE's REST API v2 (Illumio Core 20.1). IDs and hrefs are strings. */

/** A reference to another object, the PCE's `{ "href": ... }`. */
export interface HrefRef {
  readonly href: string;
}

/** A label as the PCE returns it (`/orgs/{org}/labels/{id}`). */
export interface Label {
  readonly href: string;
  /** `role`, `app`, `env` or `loc` in 20.1. */
  readonly key: string;
  readonly value: string;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  /** Soft-deleted labels are only listed with `include_deleted`. */
  readonly deleted?: boolean;
  readonly created_at?: string;
  readonly updated_at?: string;
  readonly created_by?: HrefRef | null;
  readonly updated_by?: HrefRef | null;
}

/** What may be sent to create a label. */
export interface LabelCreate {
  readonly key: string;
  readonly value: string;
  readonly external_data_set?: string;
  readonly external_data_reference?: string;
}

/** What may be changed on a label (its key is fixed). */
export interface LabelUpdate {
  readonly value?: string;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
}

/** Filters of a label list. */
export interface LabelFilter {
  readonly key?: string;
  /** The PCE matches values partially; only exact matches are returned unless `partialValueMatch`. */
  readonly value?: string;
  readonly partialValueMatch?: boolean;
  readonly includeDeleted?: boolean;
}

export { DRAFT_POLICY_TYPES } from '../../illumio/policy';
export type { DraftPolicyType };

/** Every draft object has an href; the rest depends on its type. */
export interface DraftObject {
  readonly href: string;
  readonly name?: string;
  readonly update_type?: string | null;
  readonly [field: string]: unknown;
}

/** One entry of `GET sec_policy/pending`. */
export interface PendingChange {
  readonly href: string;
  readonly name?: string;
  readonly update_type?: string;
  readonly updated_at?: string;
  readonly updated_by?: HrefRef | null;
  readonly [field: string]: unknown;
}

/** `GET sec_policy/pending`: pending draft changes grouped by object type; absent types have none. */
export interface PendingPolicy {
  readonly label_groups?: readonly PendingChange[];
  readonly ip_lists?: readonly PendingChange[];
  readonly services?: readonly PendingChange[];
  readonly rule_sets?: readonly PendingChange[];
  readonly virtual_services?: readonly PendingChange[];
  readonly firewall_settings?: PendingChange;
  readonly [type: string]: readonly PendingChange[] | PendingChange | undefined;
}

/** Hrefs to provision, grouped by object type (the PCE's `change_subset`). */
export type ChangeSubset = Readonly<Partial<Record<DraftPolicyType | 'firewall_settings', readonly HrefRef[]>>>;

export interface ProvisionRequest {
  readonly description: string;
  /** Only these changes; everything pending when omitted. */
  readonly changeSubset?: ChangeSubset;
}

/** A job of the async collection query (`/orgs/{org}/jobs/{uuid}`). */
export interface IllumioJob {
  readonly href: string;
  readonly job_type?: string;
  readonly description?: string;
  /** `pending`, `running`, `done` or `failed`. */
  readonly status: string;
  readonly result?: { readonly href?: string } | null;
  readonly requested_at?: string;
  readonly terminated_at?: string | null;
}
