import { IllumioClient, illumioSettingsFromEnv } from '../../../src/clients/illumio';
import { HandlerContext } from '../../../src/provider/definitions';
import { IllumioSimulator } from '../../../src/simulators/illumio';

/** A simulator, a real client on it, and a handler context that records warnings. */
export function harness(): {
  sim: IllumioSimulator;
  client: () => IllumioClient;
  ctx: () => HandlerContext<IllumioClient>;
  /** A context on a new client (no claims or known rules of earlier tests, whose hrefs a reset simulator reuses), backoff instant. */
  freshCtx: () => HandlerContext<IllumioClient>;
  warnings: string[];
  label: (key: string, value: string) => Promise<string>;
} {
  const sim = new IllumioSimulator({ env: {} });
  let client: IllumioClient | undefined;
  const fresh: IllumioClient[] = [];
  const warnings: string[] = [];
  beforeAll(async () => {
    await sim.start();
    client = new IllumioClient(illumioSettingsFromEnv({
      host: sim.url, orgId: String(sim.orgId), apiKeyUsername: sim.apiKeyUsername, apiKeySecret: sim.apiKeySecret,
    }, {}));
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all(fresh.map((each) => each.close()));
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    warnings.length = 0;
  });
  const ctx = (): HandlerContext<IllumioClient> => ({
    client: client!,
    signal: new AbortController().signal,
    revision: undefined,
    recordRevision() {},
    created() {},
    warn(summary, detail) {
      warnings.push(detail === undefined ? summary : `${summary}: ${detail}`);
    },
  });
  const freshCtx = (): HandlerContext<IllumioClient> => {
    const settings = illumioSettingsFromEnv({
      host: sim.url, orgId: String(sim.orgId), apiKeyUsername: sim.apiKeyUsername, apiKeySecret: sim.apiKeySecret,
    }, {});
    fresh.push(new IllumioClient(settings, { retry: { sleep: async () => undefined } }));
    return { ...ctx(), client: fresh[fresh.length - 1]! };
  };
  return {
    sim,
    client: () => client!,
    ctx,
    freshCtx,
    warnings,
    label: async (key, value) => (await client!.createLabel({ key, value })).href,
  };
}
