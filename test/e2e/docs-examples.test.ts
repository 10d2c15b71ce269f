import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';

const examples = join(__dirname, '..', '..', 'examples');
const FOLDERS = ['resources', 'data-sources', 'functions'];
const REQUIRED_PROVIDERS = 'terraform {\n  required_providers {\n    secops = { source = "terraform.local/secops/secops" }\n  }\n}\n';

/**
 * Every example of the docs (examples/provider, resources, data-sources, functions) validated by
 * the real terraform against the provider: one working directory, each example its own module
 * (so their names cannot clash), the provider block of examples/provider at the root.
 */
describe('docs examples', () => {
  let tf: TerraformWorkspace;

  beforeAll(() => {
    tf = new TerraformWorkspace();
    cpSync(join(examples, 'provider', 'provider.tf'), join(tf.dir, 'provider.tf'));
    const modules: string[] = [];
    for (const folder of FOLDERS) {
      for (const name of readdirSync(join(examples, folder)).sort()) {
        const module = `${folder.replace('-', '_')}_${name}`;
        const dir = join(tf.dir, 'modules', module);
        mkdirSync(dir, { recursive: true });
        cpSync(join(examples, folder, name), dir, { recursive: true, filter: source => !source.endsWith('.sh') });
        writeFileSync(join(dir, 'versions.tf'), REQUIRED_PROVIDERS);
        modules.push(`module "${module}" {\n  source = "./modules/${module}"\n}\n`);
      }
    }
    writeFileSync(join(tf.dir, 'modules.tf'), modules.join('\n'));
  });

  afterAll(() => tf?.dispose());

  test('terraform validate passes for every example', async () => {
    await tf.expect(0, 'init', '-input=false', '-backend=false');
    const result = await tf.expect(0, 'validate');
    expect(result.stdout).toContain('Success! The configuration is valid.');
  });
});
