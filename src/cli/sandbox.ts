import { CarbonBlackSimulator } from '../simulators/carbonblack';
import { IllumioSimulator } from '../simulators/illumio';
import { NomadSimulator } from '../simulators/nomad';

export interface Sandbox {
  readonly simulators: { readonly nomad: NomadSimulator; readonly illumio: IllumioSimulator; readonly carbonblack: CarbonBlackSimulator };
  /** The environment variables that point the provider at every simulator (addresses, credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** The same as `export NAME=value` lines for a shell. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on loopback. With a base port, vendors take consecutive ports
 * from it (Nomad first, then Illumio, then Carbon Black); with 0 each takes a free one.
 */
export async function startSandbox(options: { port?: number } = {}): Promise<Sandbox> {
  const base = options.port ?? 0;
  const nomad = new NomadSimulator();
  const illumio = new IllumioSimulator();
  const carbonblack = new CarbonBlackSimulator();
  await nomad.start({ port: base });
  try {
    await illumio.start({ port: base === 0 ? 0 : base + 1 });
  } catch (error) {
    await nomad.stop();
    throw error;
  }
  try {
    await carbonblack.start({ port: base === 0 ? 0 : base + 2 });
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
    CBC_URL: carbonblack.url,
    CBC_ORG_KEY: carbonblack.orgKey,
    CBC_API_ID: carbonblack.apiId,
    CBC_API_SECRET: carbonblack.apiSecret,
  };
  return {
    simulators: { nomad, illumio, carbonblack },
    env,
    exports: Object.entries(env).map(([name, value]) => `export ${name}=${value}`),
    stop: async () => {
      await Promise.all([nomad.stop(), illumio.stop(), carbonblack.stop()]);
    },
  };
}
