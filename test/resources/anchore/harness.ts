import { AnchoreApiLayout, AnchoreClient, anchoreSettingsFromEnv } from '../../../src/clients/anchore';
import { HandlerContext } from '../../../src/provider/definitions';
import { AnchoreSimulator } from '../../../src/simulators/anchore';
import { conformanceProblems } from '../../simulators/anchore/conformance';

/**
 * A simulator, an admin client of the given layout on it, and a handler context; after each test
 * every exchange is checked against the layout's API document.
 */
export function harness(layout: AnchoreApiLayout): {
  sim: AnchoreSimulator;
  client: () => AnchoreClient;
  ctx: () => HandlerContext<AnchoreClient>;
  warnings: string[];
} {
  const sim = new AnchoreSimulator({ env: {} });
  let client: AnchoreClient | undefined;
  const warnings: string[] = [];
  beforeAll(async () => {
    await sim.start();
    client = new AnchoreClient(anchoreSettingsFromEnv({ url: sim.url, user: 'admin', password: sim.adminPassword, apiLayout: layout }, {}));
  });
  afterAll(async () => {
    await client?.close();
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    warnings.length = 0;
  });
  afterEach(() => {
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });
  const ctx = (): HandlerContext<AnchoreClient> => ({
    client: client!,
    signal: new AbortController().signal,
    revision: undefined,
    recordRevision() {},
    created() {},
    warn(summary, detail) {
      warnings.push(detail === undefined ? summary : `${summary}: ${detail}`);
    },
  });
  return { sim, client: () => client!, ctx, warnings };
}
