import { AnchoreSimulator } from '../simulators/anchore';
import { CarbonBlackSimulator } from '../simulators/carbonblack';
import { ChainguardSimulator } from '../simulators/chainguard';
import { parseFaults } from '../simulators/core';
import { IllumioSimulator } from '../simulators/illumio';
import { NomadSimulator } from '../simulators/nomad';

export interface SandboxSimulators {
  readonly nomad: NomadSimulator;
  readonly illumio: IllumioSimulator;
  readonly carbonblack: CarbonBlackSimulator;
  readonly anchore: AnchoreSimulator;
  readonly chainguard: ChainguardSimulator;
}

export interface Sandbox {
  readonly simulators: SandboxSimulators;
  /** The environment variables that point the provider at every simulator (addresses, credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** The same as `export NAME=value` lines for a shell. */
  readonly exports: string[];
  stop(): Promise<void>;
}

/** Each vendor's port relative to a base port, fixed so that a base port gives known addresses. */
const PORT_OFFSETS: Record<keyof SandboxSimulators, number> = { nomad: 0, illumio: 1, carbonblack: 2, anchore: 3, chainguard: 4 };

/**
 * Starts every vendor simulator on loopback. With a base port, each vendor takes its fixed offset
 * from it (Nomad +0, Illumio +1, Carbon Black +2, Anchore +3, Chainguard +4); with 0 each takes a
 * free one. If one fails to start, those already started are stopped. `faults` (the simulators'
 * compact syntax) is injected into every simulator.
 */
export async function startSandbox(options: { port?: number; faults?: string } = {}): Promise<Sandbox> {
  const base = options.port ?? 0;
  if (options.faults !== undefined) parseFaults(options.faults); // a bad spec fails before anything starts
  const simulators: SandboxSimulators = {
    nomad: new NomadSimulator(),
    illumio: new IllumioSimulator(),
    carbonblack: new CarbonBlackSimulator(),
    anchore: new AnchoreSimulator(),
    chainguard: new ChainguardSimulator(),
  };
  const all = Object.entries(simulators) as Array<[keyof SandboxSimulators, SandboxSimulators[keyof SandboxSimulators]]>;
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    for (const [vendor, simulator] of all) {
      await simulator.start({ port: base === 0 ? 0 : base + PORT_OFFSETS[vendor] });
      started.push(simulator);
      if (options.faults !== undefined) simulator.faults.inject(options.faults);
    }
  } catch (error) {
    await Promise.all(started.map(simulator => simulator.stop()));
    throw error;
  }
  const env = sandboxEnv(simulators);
  return {
    simulators,
    env,
    exports: Object.entries(env).map(([name, value]) => `export ${name}=${value}`),
    stop: async () => {
      await Promise.all(all.map(([, simulator]) => simulator.stop()));
    },
  };
}

/** The variables each vendor's users already know, pointed at the simulators. */
function sandboxEnv({ nomad, illumio, carbonblack, anchore, chainguard }: SandboxSimulators): Record<string, string> {
  return {
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
    ANCHORE_URL: anchore.url,
    ANCHORE_USER: 'admin',
    ANCHORE_PASSWORD: anchore.adminPassword,
    ANCHORE_ACCOUNT: 'admin',
    CHAINGUARD_API_URL: chainguard.url,
    CHAINGUARD_TOKEN: chainguard.token,
    // The issuer of the webhook tokens (the simulator itself) and a group to subscribe under.
    CHAINGUARD_ISSUER: chainguard.issuer,
    CHAINGUARD_GROUP: chainguard.rootGroupId,
  };
}
