import { AnchoreSimulator } from '../simulators/anchore';
import { IllumioSimulator } from '../simulators/illumio';
import { NomadSimulator } from '../simulators/nomad';

export interface Sandbox {
  readonly simulators: { readonly nomad: NomadSimulator; readonly illumio: IllumioSimulator; readonly anchore: AnchoreSimulator };
  /** The environment variables that point the provider at every simulator (addresses, credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** The same as `export NAME=value` lines for a shell. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on loopback. With a base port, vendors take consecutive ports
 * from it (Nomad at base, Illumio base+1, Anchore base+3); with 0 each takes a free one.
 */
export async function startSandbox(options: { port?: number } = {}): Promise<Sandbox> {
  const base = options.port ?? 0;
  const nomad = new NomadSimulator();
  const illumio = new IllumioSimulator();
  const anchore = new AnchoreSimulator();
  await nomad.start({ port: base });
  try {
    await illumio.start({ port: base === 0 ? 0 : base + 1 });
  } catch (error) {
    await nomad.stop();
    throw error;
  }
  try {
    await anchore.start({ port: base === 0 ? 0 : base + 3 });
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
    ANCHORE_URL: anchore.url,
    ANCHORE_USER: 'admin',
    ANCHORE_PASSWORD: anchore.adminPassword,
    ANCHORE_ACCOUNT: 'admin',
  };
  return {
    simulators: { nomad, illumio, anchore },
    env,
    exports: Object.entries(env).map(([name, value]) => `export ${name}=${value}`),
    stop: async () => {
      await Promise.all([nomad.stop(), illumio.stop(), anchore.stop()]);
    },
  };
}
