import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';

/** The audience Chainguard puts in every webhook token (the CloudEvent's Ce-Audience too). */
export const WEBHOOK_AUDIENCE = 'customer';

/**
 * The simulator's OIDC issuer: an RS256 key generated at start, OpenID discovery and a JWKS
 * served from the simulator's own URL, and the webhook tokens Chainguard puts in the
 * Authorization header of every event (`iss`, `aud` customer, `sub` webhook:<group UIDP>, and
 * the `webhook.digest` claim, `sha256:<hex>` of the body, as Chainguard's SDK declares it).
 */
export class WebhookIssuer {
  private key: { readonly privateKey: KeyLike; readonly publicJwk: JWK } | undefined;
  private readonly kid = randomUUID();

  /** Generates the signing key; call before serving. */
  public async init(): Promise<void> {
    if (this.key !== undefined) return;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.key = { privateKey, publicJwk: await exportJWK(publicKey) };
  }

  /** `/.well-known/openid-configuration` of an issuer at `issuer`. */
  public discovery(issuer: string): Record<string, unknown> {
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/keys`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'webhook'],
    };
  }

  /** The JWKS with the one public key. */
  public jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.requireKey().publicJwk, kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** A webhook token for one delivery of `body` to a subscription of `group`. */
  public async sign(issuer: string, group: string, body: string, lifetimeSeconds: number): Promise<string> {
    const digest = `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ webhook: { digest } })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(WEBHOOK_AUDIENCE)
      .setSubject(`webhook:${group}`)
      .setIssuedAt(now)
      // A number, so a negative lifetime (tests of expired tokens) yields an `exp` in the past.
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.requireKey().privateKey);
  }

  private requireKey(): { readonly privateKey: KeyLike; readonly publicJwk: JWK } {
    if (this.key === undefined) throw new Error('webhook issuer has no key yet: start the simulator first');
    return this.key;
  }
}
