/**
 * The start-up contract of hashicorp/go-plugin, as Terraform's plugin client drives it: what the
 * client puts in the environment, and the one line the plugin answers with on stdout.
 */

/** Terraform's handshake cookie for providers (internal/plugin6/serve.go); it never changes. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's own protocol version: the first field of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;
/** The one Terraform plugin protocol this provider speaks. */
export const PLUGIN_PROTOCOL_VERSION = 6;

/** A start-up problem; its message is the single line printed to stderr before exiting 1. */
export class HandshakeError extends Error {}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

export function checkMagicCookie(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      'terraform-provider-secops is a Terraform provider plugin: Terraform starts it, it is not meant to be run by hand. ' +
        'Run `secops install` to put it in Terraform\'s plugin mirror, then use it from a configuration with `terraform init`.',
    );
  }
}

/**
 * The protocol version to speak, from the versions the client offers in PLUGIN_PROTOCOL_VERSIONS.
 * A client that offers none is assumed to take ours, as go-plugin assumes.
 */
export function negotiateProtocol(env: NodeJS.ProcessEnv): number {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (offered.length === 0 || offered.map(Number).includes(PLUGIN_PROTOCOL_VERSION)) return PLUGIN_PROTOCOL_VERSION;
  throw new HandshakeError(
    `terraform-provider-secops speaks plugin protocol ${PLUGIN_PROTOCOL_VERSION} (Terraform 1.0 or later, OpenTofu), ` +
      `but its caller offered only protocol ${offered.join(', ')}: upgrade Terraform.`,
  );
}

/** PLUGIN_MIN_PORT..PLUGIN_MAX_PORT; both unset (or 0) leaves the choice to the system. */
export function portRange(env: NodeJS.ProcessEnv): PortRange {
  const min = parsePort(env, 'PLUGIN_MIN_PORT');
  const max = parsePort(env, 'PLUGIN_MAX_PORT');
  if (min > max) {
    throw new HandshakeError(`PLUGIN_MIN_PORT (${min}) is greater than PLUGIN_MAX_PORT (${max}).`);
  }
  return { min, max };
}

function parsePort(env: NodeJS.ProcessEnv, name: string): number {
  const text = (env[name] ?? '').trim();
  if (text === '') return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HandshakeError(`${name} must be a port number, not "${text}".`);
  }
  return port;
}

/**
 * The ports to try, in order: all of the range, starting at a random one so that providers
 * Terraform starts side by side rarely collide. Generated as tried: the first one is nearly always
 * free, and Terraform's range has 15000.
 */
export function* portCandidates(range: PortRange, random: () => number = Math.random): Generator<number> {
  const count = range.max - range.min + 1;
  const first = Math.floor(random() * count);
  for (let i = 0; i < count; i++) yield range.min + ((first + i) % count);
}

/**
 * `1|6|tcp|127.0.0.1:PORT|grpc|CERT`: core version, plugin protocol, network, address, RPC
 * protocol, and the server certificate (DER, base64 without padding; empty without TLS).
 */
export function handshakeLine(protocol: number, port: number, certificateBase64: string): string {
  return `${CORE_PROTOCOL_VERSION}|${protocol}|tcp|127.0.0.1:${port}|grpc|${certificateBase64}\n`;
}
