/**
 * Chainguard's wire shapes (chainguard.platform.events and chainguard.platform.iam protos, as
 * grpc-gateway renders them in JSON).
 */

/** chainguard.platform.events.Subscription. */
export interface Subscription {
  /** UIDP of the subscription: its group's UIDP plus the subscription's own SUID. */
  readonly id: string;
  /** Where events are delivered (http or https URL). */
  readonly sink: string;
}

/** chainguard.platform.iam.Group. */
export interface Group {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** chainguard.platform.common.UIDPFilter plus the record filter of List calls. */
export interface ListFilter {
  /** The exact UIDP of one record. */
  readonly id?: string;
  /** Records strictly below this group. */
  readonly descendantsOf?: string;
  /** Records directly inside this group. */
  readonly childrenOf?: string;
  /** Records above this UIDP. */
  readonly ancestorsOf?: string;
}

/** A grpc-gateway error body: the gRPC status code, its message and details. */
export interface GatewayError {
  readonly code: number;
  readonly message: string;
  readonly details: unknown[];
}

/** gRPC status codes by number, as grpc-gateway reports them in `code`. */
export const GRPC_CODE_NAMES: readonly string[] = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss',
  'Unauthenticated',
];
