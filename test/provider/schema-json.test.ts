import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { providerSchemaJson } from '../../src/provider/schema-json';
import { vendors } from '../../src/registry';
import { TERRAFORM, TerraformWorkspace } from '../e2e/workspace';

/** The construct generator is fed exactly what Terraform itself sees of the provider. */
test('providerSchemaJson is what `terraform providers schema -json` prints', async () => {
  const tf = new TerraformWorkspace();
  try {
    tf.writeConfig('');
    await tf.expect(0, 'init', '-input=false');
    // Not tf.run: it puts -no-color after the first word, which splits the `providers schema` subcommand.
    const printed = execFileSync(TERRAFORM, ['providers', 'schema', '-json'], {
      cwd: tf.dir,
      env: { PATH: process.env.PATH, HOME: tf.dir, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(tf.dir, 'terraformrc') },
      encoding: 'utf8',
    });
    expect(providerSchemaJson(vendors)).toStrictEqual(JSON.parse(printed));
  } finally {
    tf.dispose();
  }
});
