import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, ISynthesisSession, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { onStackSynthesis } from '../../src/checks/synthesis-hook';

describe('onStackSynthesis: cdktf runs the hook with the session', () => {
  test('Testing.fullSynth: once, after the stack directory exists', () => {
    const stack = new TerraformStack(Testing.app(), 'hooked');
    const seen: { outdir: string; dir: boolean }[] = [];
    onStackSynthesis(new Construct(stack, 'report'), (session: ISynthesisSession) => {
      const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      seen.push({ outdir: session.outdir, dir: existsSync(dir) });
    });
    const outdir = Testing.fullSynth(stack);
    expect(seen).toEqual([{ outdir, dir: true }]);
  });

  test('App.synth: with the app outdir', () => {
    const app = new App({ outdir: Testing.fullSynth(new TerraformStack(Testing.app(), 'scratch')) });
    const stack = new TerraformStack(app, 'hooked');
    const outdirs: string[] = [];
    onStackSynthesis(new Construct(stack, 'report'), session => outdirs.push(session.outdir));
    app.synth();
    expect(outdirs).toEqual([app.outdir]);
  });
});
