import { IllumioSimulator } from '../simulators/illumio';
import { NomadSimulator } from '../simulators/nomad';

export interface Sandbox {
  readonly simulators: { readonly nomad: NomadSimulator; readonly illumio: IllumioSimulator };
  /** `export NAME=value` lines for a shell, one per setting the provider reads. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on loopback. With a base port, vendors take consecutive ports
 * from it (Nomad first, then Illumio); with 0 each takes a free one.
 */
export async function startSandbox(options: { port?: number } = {}): Promise<Sandbox> {
  const base = options.port ?? 0;
  const nomad = new NomadSimulator();
  const illumio = new IllumioSimulator();
  await nomad.start({ port: base });
  try {
    await illumio.start({ port: base === 0 ? 0 : base + 1 });
  } catch (error) {
    await nomad.stop();
    throw error;
  }
  return {
    simulators: { nomad, illumio },
    exports: [
      `export NOMAD_ADDR=${nomad.url}`,
      `export NOMAD_TOKEN=${nomad.managementToken}`,
      `export ILLUMIO_PCE_HOST=${illumio.url}`,
      `export ILLUMIO_PCE_ORG_ID=${illumio.orgId}`,
      `export ILLUMIO_API_KEY_USERNAME=${illumio.apiKeyUsername}`,
      `export ILLUMIO_API_KEY_SECRET=${illumio.apiKeySecret}`,
    ],
    stop: async () => {
      await Promise.all([nomad.stop(), illumio.stop()]);
    },
  };
}
