import { NomadSimulator } from '../simulators/nomad';

export interface Sandbox {
  readonly simulators: { readonly nomad: NomadSimulator };
  /** `export NAME=value` lines for a shell, one per setting the provider reads. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on loopback. With a base port, vendors take consecutive ports
 * from it (Nomad first); with 0 each takes a free one.
 */
export async function startSandbox(options: { port?: number } = {}): Promise<Sandbox> {
  const nomad = new NomadSimulator();
  await nomad.start({ port: options.port ?? 0 });
  return {
    simulators: { nomad },
    exports: [
      `export NOMAD_ADDR=${nomad.url}`,
      `export NOMAD_TOKEN=${nomad.managementToken}`,
    ],
    stop: () => nomad.stop(),
  };
}
