import { CarbonBlackClient, carbonBlackSettingsFromEnv } from '../../../src/clients/carbonblack';
import { HandlerContext, ObjectValue, Problem } from '../../../src/provider/definitions';
import { Block } from '../../../src/provider/schema';
import { configProblems } from '../../../src/provider/validate';
import { CarbonBlackSimulator } from '../../../src/simulators/carbonblack';

/** A Carbon Black simulator, a real client on it, and a handler context that records warnings and created states. */
export function harness(): {
  sim: CarbonBlackSimulator;
  client: () => CarbonBlackClient;
  ctx: () => HandlerContext<CarbonBlackClient>;
  warnings: string[];
  created: unknown[];
} {
  const sim = new CarbonBlackSimulator({ env: {} });
  let client: CarbonBlackClient | undefined;
  const warnings: string[] = [];
  const created: unknown[] = [];
  beforeAll(async () => {
    await sim.start();
    client = new CarbonBlackClient(carbonBlackSettingsFromEnv({ url: sim.url, orgKey: sim.orgKey, apiId: sim.apiId, apiSecret: sim.apiSecret }, {}));
  });
  afterAll(async () => {
    await client?.close();
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    warnings.length = 0;
    created.length = 0;
  });
  const ctx = (): HandlerContext<CarbonBlackClient> => ({
    client: client!,
    signal: new AbortController().signal,
    revision: undefined,
    recordRevision() {},
    created(state) {
      created.push(state);
    },
    warn(summary, detail) {
      warnings.push(detail === undefined ? summary : `${summary}: ${detail}`);
    },
  });
  return { sim, client: () => client!, ctx, warnings, created };
}

/** Every synth-time problem of a configuration (attribute validators, then the resource's own checks), as [path, detail]. */
export function problemsOf(definition: { schema: Block; validate?(config: never): Problem[] }, config: object): Array<[string, string | undefined]> {
  const checked = definition as { schema: Block; validate?(config: ObjectValue): Problem[] };
  return configProblems(checked, config as ObjectValue).map(problem => [problem.path.join('.'), problem.detail]);
}
