import { createHash, timingSafeEqual } from 'node:crypto';
import { CloudEvent, HTTP } from 'cloudevents';
import { createRemoteJWKSet, decodeJwt, JWTPayload, jwtVerify } from 'jose';
import { ChainguardEventCatalogue, ChainguardEventTypeInfo } from './catalogue';
import { Uidp } from './uidp';

/** The issuer of Chainguard's webhook tokens. */
export const CHAINGUARD_ISSUER = 'https://issuer.enforce.dev';

export interface ChainguardEventReceiverProps {
  /** UIDP of the group the subscription belongs to: tokens must have `sub` = `webhook:<group>`. */
  readonly group: string;
  /** The token issuer; its keys are found by OpenID discovery. Default `https://issuer.enforce.dev`. */
  readonly issuer?: string;
  /** The token audience. Default `customer`. */
  readonly audience?: string;
  /** Clock skew allowed on `exp`, `iat` and `nbf`, in seconds. Default 5. */
  readonly clockToleranceSeconds?: number;
}

/** A verified Chainguard event. */
export interface ChainguardEvent {
  /** Ce-Id. */
  readonly id: string;
  /** Ce-Type, e.g. `dev.chainguard.api.iam.group.created.v1`. */
  readonly type: string;
  readonly source: string;
  /** Ce-Subject: the UIDP of the entity (an image reference for policy validation events). */
  readonly subject: string;
  /** Ce-Time (RFC 3339). */
  readonly time: string;
  /** Ce-Group: the UIDP of the group the event happened in. */
  readonly group: string;
  readonly specVersion: string;
  /** actor.subject: the identity that triggered the event. */
  readonly actorSubject: string;
  /** The event's `body`, as sent. */
  readonly body: { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any shape, jsii's map of any
  /** The event type in the catalogue; undefined for a type the reference does not list. */
  readonly typeInfo?: ChainguardEventTypeInfo;
}

/** What a receiver answers: the event, or why it was refused and the HTTP status to reply with. */
export interface ChainguardReceiveResult {
  readonly accepted: boolean;
  /**
   * 200 accepted; 401 no bearer token; 403 a token that does not verify (key, issuer,
   * audience, expiry, subject, body digest); 400 a malformed event; 503 the issuer's keys
   * could not be fetched.
   */
  readonly status: number;
  /** Why the event was refused. */
  readonly reason?: string;
  readonly event?: ChainguardEvent;
}

/** The CloudEvent headers every Chainguard event carries (binary mode). */
const REQUIRED_HEADERS = ['ce-id', 'ce-source', 'ce-specversion', 'ce-type', 'ce-subject', 'ce-time', 'ce-group', 'ce-audience'];

type KeySet = ReturnType<typeof createRemoteJWKSet>;

// As long as jose waits for the JWKS itself.
const DISCOVERY_TIMEOUT_MS = 5_000;

class Rejection extends Error {
  constructor(public readonly status: number, reason: string) {
    super(reason);
  }
}

/**
 * Verifies events delivered by a Chainguard subscription, as the events reference asks: the
 * CloudEvent headers, then the OIDC token of the Authorization header (signature by the
 * issuer's keys found through OpenID discovery and cached, issuer, audience `customer`, expiry,
 * `sub` = `webhook:<group>`), and the token's `webhook.digest` claim against the SHA-256 of the
 * body, so a captured token cannot carry another body.
 */
export class ChainguardEventReceiver {
  public readonly group: string;
  public readonly issuer: string;
  public readonly audience: string;
  private readonly clockToleranceSeconds: number;
  private keySet: Promise<KeySet> | undefined;

  constructor(props: ChainguardEventReceiverProps) {
    const problem = Uidp.problem(props.group);
    if (problem !== undefined) throw new Error(`group "${props.group}" is not a UIDP: ${problem}`);
    this.group = props.group;
    this.issuer = (props.issuer ?? CHAINGUARD_ISSUER).replace(/\/+$/, '');
    this.audience = props.audience ?? 'customer';
    this.clockToleranceSeconds = props.clockToleranceSeconds ?? 5;
  }

  /**
   * Checks one delivery. `headers` as received (any case); `body` the raw request body text.
   * Never throws for bad input: the result says why and with which status to answer.
   */
  public async receive(headers: { [name: string]: string }, body: string): Promise<ChainguardReceiveResult> {
    try {
      const lower = lowerCaseHeaders(headers);
      const token = bearerToken(lower);
      const event = parseEvent(lower, body, this.audience);
      await this.verifyToken(token, body);
      if (!Uidp.isAncestorOrSelf(this.group, event.group)) {
        throw new Rejection(403, `the event happened in group ${event.group}, outside the subscribed group ${this.group}`);
      }
      return { accepted: true, status: 200, event };
    } catch (error) {
      if (error instanceof Rejection) return { accepted: false, status: error.status, reason: error.message };
      throw error;
    }
  }

  private async verifyToken(token: string, body: string): Promise<void> {
    const claims = unverifiedClaims(token);
    // Cheap checks first, as the reference advises: a token for another issuer or group is refused unverified.
    if (claims.iss !== this.issuer) throw new Rejection(403, `token issuer is ${JSON.stringify(claims.iss)}, expected "${this.issuer}"`);
    const expected = `webhook:${this.group}`;
    if (claims.sub !== expected) throw new Rejection(403, `token subject is ${JSON.stringify(claims.sub)}, expected "${expected}"`);
    const keys = await this.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.issuer, audience: this.audience, subject: expected, algorithms: ['RS256', 'ES256'], clockTolerance: this.clockToleranceSeconds,
      }));
    } catch (error) {
      throw new Rejection(403, `token does not verify: ${(error as Error).message}`);
    }
    checkDigest(payload, body);
  }

  /** The issuer's JWKS, found by OpenID discovery once per receiver (a failed discovery is retried next time). */
  private keys(): Promise<KeySet> {
    if (this.keySet === undefined) {
      this.keySet = discoverKeys(this.issuer);
      this.keySet.catch(() => { this.keySet = undefined; });
    }
    return this.keySet.catch((error: Error) => {
      throw new Rejection(503, `cannot fetch the signing keys of ${this.issuer}: ${error.message}`);
    });
  }
}

async function discoverKeys(issuer: string): Promise<KeySet> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`OpenID discovery answered ${response.status}`);
  const discovery = await response.json() as { issuer?: unknown; jwks_uri?: unknown };
  if (discovery.issuer !== issuer) throw new Error(`OpenID discovery names issuer ${JSON.stringify(discovery.issuer)}`);
  if (typeof discovery.jwks_uri !== 'string') throw new Error('OpenID discovery has no jwks_uri');
  return createRemoteJWKSet(new URL(discovery.jwks_uri));
}

function lowerCaseHeaders(headers: { [name: string]: string }): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return lower;
}

function bearerToken(headers: Record<string, string>): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (match === null) throw new Rejection(401, 'missing bearer token in the Authorization header');
  return match[1]!;
}

function unverifiedClaims(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch (error) {
    throw new Rejection(403, `token is not a JWT: ${(error as Error).message}`);
  }
}

/** The CloudEvent (binary mode) with Chainguard's own rules: UIDPs, audience, the actor/body envelope. */
function parseEvent(headers: Record<string, string>, body: string, audience: string): ChainguardEvent {
  const missing = REQUIRED_HEADERS.filter(name => (headers[name] ?? '') === '');
  if (missing.length > 0) throw new Rejection(400, `missing CloudEvent header ${missing.map(canonicalName).join(', ')}`);
  if (headers['ce-specversion'] !== '1.0') throw new Rejection(400, `Ce-Specversion must be 1.0, got "${headers['ce-specversion']}"`);
  if (!(headers['content-type'] ?? '').startsWith('application/json')) {
    throw new Rejection(400, `Content-Type must be application/json, got "${headers['content-type'] ?? ''}"`);
  }
  const cloudEvent = toCloudEvent(headers, body);
  const typeInfo = ChainguardEventCatalogue.find(cloudEvent.type);
  const group = String(cloudEvent.group);
  uidpHeader('Ce-Group', group);
  // Types the reference does not list may name other things than UIDPs: only known ones are checked.
  if (typeInfo?.subjectIsUidp === true) uidpHeader('Ce-Subject', cloudEvent.subject ?? '');
  if (cloudEvent.audience !== audience) throw new Rejection(400, `Ce-Audience is "${String(cloudEvent.audience)}", expected "${audience}"`);
  const envelope = cloudEvent.data as { actor?: { subject?: unknown }; body?: unknown } | undefined;
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.body !== 'object' || envelope.body === null || Array.isArray(envelope.body)) {
    throw new Rejection(400, 'the body must be a JSON object with "actor" and "body" objects');
  }
  return {
    id: cloudEvent.id,
    type: cloudEvent.type,
    source: cloudEvent.source,
    subject: cloudEvent.subject ?? '',
    time: headers['ce-time']!,
    group,
    specVersion: cloudEvent.specversion,
    actorSubject: typeof envelope.actor?.subject === 'string' ? envelope.actor.subject : '',
    body: envelope.body as Record<string, unknown>,
    typeInfo,
  };
}

function toCloudEvent(headers: Record<string, string>, body: string): CloudEvent<unknown> {
  try {
    const parsed = HTTP.toEvent({ headers, body }) as CloudEvent<unknown> | CloudEvent<unknown>[];
    const event = Array.isArray(parsed) ? parsed[0]! : parsed;
    event.validate();
    return event;
  } catch (error) {
    throw new Rejection(400, `not a valid CloudEvent: ${(error as Error).message}`);
  }
}

function uidpHeader(name: string, value: string): void {
  const problem = Uidp.problem(value);
  if (problem !== undefined) throw new Rejection(400, `${name} "${value}" is not a UIDP: ${problem}`);
}

/** `webhook.digest` must be `sha256:<hex>` of the exact body bytes. */
function checkDigest(payload: JWTPayload, body: string): void {
  const digest = (payload.webhook as { digest?: unknown } | undefined)?.digest;
  if (typeof digest !== 'string') throw new Rejection(403, 'token has no webhook.digest claim');
  const expected = Buffer.from(`sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`);
  const given = Buffer.from(digest);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Rejection(403, `the body does not match the token's webhook.digest (${digest})`);
  }
}

function canonicalName(name: string): string {
  return name.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('-');
}
