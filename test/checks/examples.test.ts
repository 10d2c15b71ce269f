import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { covers, evaluate } from '../../src/checks/engine';
import { configViews } from '../../src/checks/from-stack';
import { CheckLevel, FindingSeverity, SUPPRESSIONS_FILE_NAME } from '../../src/checks/model';
import { PACKS } from '../../src/checks/packs';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
/** The cdktf examples (examples/nomad-hcl is HCL: its plan is reviewed in test/e2e/secops-review.test.ts). */
const CDKTF_EXAMPLES = readdirSync(EXAMPLES).filter(name => existsSync(join(EXAMPLES, name, 'cdktf.json')));

interface WrittenSuppression { ruleId: string; address: string; reason: string }

/** Synthesizes an example's app (its main.ts, as `cdktf synth` runs it) into a fresh directory; returns the stack directories. */
function synthExample(example: string, outdir: string): string[] {
  const saved = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(join(EXAMPLES, example, 'main.ts')));
  } finally {
    if (saved === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = saved;
  }
  return readdirSync(join(outdir, 'stacks')).map(stack => join(outdir, 'stacks', stack));
}

/** `error rule-id address` for each error finding on the stack at `level`, with `(suppressed: reason)` where a construct suppression applies. */
function errorFindings(stackDir: string, level: CheckLevel): string[] {
  const views = configViews(JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')));
  const file = join(stackDir, SUPPRESSIONS_FILE_NAME);
  const written: WrittenSuppression[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const suppressions = written.map(s => ({ ruleId: s.ruleId, reason: s.reason, scope: s.address, address: s.address }));
  return evaluate(views, PACKS, view => suppressions.filter(s => covers(s.address, view.address)), level)
    .filter(finding => finding.severity === FindingSeverity.ERROR)
    .map(f => `${f.rule.id} ${f.view.address}${f.suppression ? ` (suppressed: ${f.suppression.reason})` : ''}`);
}

/**
 * Every error-level rule over the stacks of examples/ (synthesized here, as `cdktf synth` would):
 * the examples are what users copy, so none may carry an error finding that is not suppressed
 * with its reason on record.
 */
describe('the examples raise no error finding', () => {
  let outdir: string;
  beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'secops-examples-')); });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('there are cdktf examples to check', () => {
    expect(CDKTF_EXAMPLES).toEqual(expect.arrayContaining(['nomad', 'illumio-ringfence', 'platform']));
  });

  test.each(CDKTF_EXAMPLES)('examples/%s at baseline', example => {
    const stacks = synthExample(example, outdir);
    expect(stacks.length).toBeGreaterThan(0);
    const unsuppressed = stacks.flatMap(stack => errorFindings(stack, 'baseline')).filter(line => !line.includes('(suppressed: '));
    expect(unsuppressed).toEqual([]);
  });
});
