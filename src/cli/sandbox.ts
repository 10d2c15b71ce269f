import { ChainguardSimulator } from '../simulators/chainguard';
import { IllumioSimulator } from '../simulators/illumio';
import { NomadSimulator } from '../simulators/nomad';

export interface Sandbox {
  readonly simulators: { readonly nomad: NomadSimulator; readonly illumio: IllumioSimulator; readonly chainguard: ChainguardSimulator };
  /** The environment variables that point the provider at every simulator (addresses, credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** The same as `export NAME=value` lines for a shell. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on loopback. With a base port, vendors take consecutive ports
 * from it (Nomad first, then Illumio; Chainguard at base+4); with 0 each takes a free one.
 */
export async function startSandbox(options: { port?: number } = {}): Promise<Sandbox> {
  const base = options.port ?? 0;
  const nomad = new NomadSimulator();
  const illumio = new IllumioSimulator();
  const chainguard = new ChainguardSimulator();
  await nomad.start({ port: base });
  try {
    await illumio.start({ port: base === 0 ? 0 : base + 1 });
  } catch (error) {
    await nomad.stop();
    throw error;
  }
  try {
    await chainguard.start({ port: base === 0 ? 0 : base + 4 });
  } catch (error) {
    await Promise.all([nomad.stop(), illumio.stop()]);
    throw error;
  }
  const env = {
    NOMAD_ADDR: nomad.url,
    NOMAD_TOKEN: nomad.managementToken,
    ILLUMIO_PCE_HOST: illumio.url,
    ILLUMIO_PCE_ORG_ID: String(illumio.orgId),
    ILLUMIO_API_KEY_USERNAME: illumio.apiKeyUsername,
    ILLUMIO_API_KEY_SECRET: illumio.apiKeySecret,
    CHAINGUARD_API_URL: chainguard.url,
    CHAINGUARD_TOKEN: chainguard.token,
    // The issuer of the webhook tokens (the simulator itself) and a group to subscribe under.
    CHAINGUARD_ISSUER: chainguard.issuer,
    CHAINGUARD_GROUP: chainguard.rootGroupId,
  };
  return {
    simulators: { nomad, illumio, chainguard },
    env,
    exports: Object.entries(env).map(([name, value]) => `export ${name}=${value}`),
    stop: async () => {
      await Promise.all([nomad.stop(), illumio.stop(), chainguard.stop()]);
    },
  };
}
