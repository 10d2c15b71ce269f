import { cdk, javascript } from 'projen';
import { DEVELOPMENT_VERSION, PROVIDER_SOURCE } from './src/cli/install';

const project = new cdk.JsiiProject({
  name: 'cdktf-secops',
  description: 'CDK for Terraform constructs and a Terraform provider for Illumio Core, Carbon Black Cloud container guardrails, Anchore Enterprise RBAC, Chainguard events and Nomad ACL binding rules.',
  author: 'cdktf-secops maintainers',
  authorAddress: 'dev@cdktf-secops.dev',
  repositoryUrl: 'https://github.com/cdktf-secops/cdktf-secops',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',
  keywords: ['cdktf', 'terraform', 'illumio', 'carbonblack', 'anchore', 'chainguard', 'nomad', 'security'],

  // Release tooling wants Node 22 and registries these machines cannot reach.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,

  peerDeps: ['cdktf@0.21.0', 'constructs@^10.4.2'],
  // Runtime libraries of the provider process; bundled because jsii requires it. The provider's
  // gRPC server is its own, on node:http2 (src/provider/protocol/grpc-server.ts): grpc-js's
  // per-call cost was the largest left in a plan (see BENCHMARKS.md); grpc-js is the tests' client.
  // jose and cloudevents serve the Chainguard event receiver (jose 5: CommonJS, for Node 20 users).
  bundledDeps: ['undici@^7.16.0', '@msgpack/msgpack@^3.1.2', 'protobufjs@^7.5.0', 'jose@^5.9.6', 'cloudevents@^10.0.0'],
  devDeps: [
    'typescript@~6.0.3', '@types/node@^20', 'esbuild@^0.25.0',
    // A real gRPC client for the protocol tests, speaking the protocol as Terraform's grpc-go does.
    '@grpc/grpc-js@^1.14.0',
    // The construct generator behind `cdktf get`, the CLI for examples and the demo, a prebuilt provider as benchmark baseline.
    '@cdktf/provider-generator@0.21.0', 'cdktf-cli@0.21.0', '@cdktf/provider-null@^11.0.1',
    // Checks every Anchore request and response of the tests against the vendor's own specification.
    'openapi-request-validator@^12.1.3', 'openapi-response-validator@^12.1.3',
    // Validates the SARIF the review checks write against SARIF 2.1.0's own (draft-04) JSON schema.
    'ajv@^8.17.1', 'ajv-draft-04@^1.0.0', 'ajv-formats@^3.0.1',
  ],

  // Python, Java, .NET and Go targets stay configured for release; only JS is packaged here
  // because PyPI, Maven and NuGet are not reachable (see README).
  publishToPypi: { distName: 'cdktf-secops', module: 'cdktf_secops' },
  publishToMaven: { javaPackage: 'dev.cdktfsecops', mavenGroupId: 'dev.cdktf-secops', mavenArtifactId: 'cdktf-secops' },
  publishToNuget: { dotNetNamespace: 'CdktfSecops', packageId: 'CdktfSecops' },
  publishToGo: { moduleName: 'github.com/cdktf-secops/cdktf-secops-go' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 240_000,
      collectCoverage: false,
    },
  },
  tsconfigDev: { compilerOptions: { types: ['jest', 'node'] } },
  // '/node_modules' also ignores the symlink a git worktree uses to share a checkout's packages.
  gitignore: ['/node_modules', '/assets/', '/.secops/', '*.tfstate*', '.terraform/', '/bench/out/', 'cdktf.out/'],
  npmignoreEnabled: true,
});

// The provider runs as a Terraform plugin: one bundled file, protocol definitions precompiled,
// so each of the several processes Terraform starts per plan loads as little as possible.
project.addTask('bundle', {
  description: 'Bundle the Terraform provider into one file (assets/terraform-provider-secops.js)',
  exec: 'node scripts/bundle.mjs',
});
project.preCompileTask.spawn(project.tasks.tryFind('bundle')!);

// The CDKTF constructs are generated from the provider's own schema before every compile, so
// the construct API and the provider cannot disagree (test/constructs/generated.test.ts fails
// when the committed output is stale).
const generate = project.addTask('generate', {
  description: 'Generate the CDKTF constructs (src/constructs) from the provider schema with @cdktf/provider-generator',
  env: { CHECKPOINT_DISABLE: '1' },
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/generate-constructs.ts',
});
project.preCompileTask.spawn(generate);
// Generated code keeps the generator's formatting; its content is checked by the staleness test.
project.eslint?.addIgnorePattern('src/constructs/');
project.gitattributes.addAttributes('/src/constructs/**', 'linguist-generated');
// The provider's docs in the Terraform registry layout (docs/), from the same schema and the
// examples/ files; test/docs/docs.test.ts fails when they are stale, test/e2e/docs-examples.test.ts
// runs `terraform validate` on every example.
const docs = project.addTask('docs', {
  description: 'Generate docs/ (registry layout) from the provider schema and examples/',
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/generate-docs.ts',
});
project.preCompileTask.spawn(docs);
for (const dir of ['/docs/index.md', '/docs/resources/**', '/docs/data-sources/**', '/docs/functions/**']) {
  project.gitattributes.addAttributes(dir, 'linguist-generated');
}
// The construct API reference, split by submodule (docs/api/<vendor>.<language>.md): as one
// API.md it was 5.5 MB. API.md is an index to the pages (scripts/generate-api-index.ts).
// Python adds about 12 s to jsii-docgen's 5 s for TypeScript alone (measured with this change).
const docgen = project.tasks.tryFind('docgen')!;
docgen.description = 'Generate the API reference (docs/api, split by submodule) and its index API.md from the .jsii manifest';
docgen.reset('rm -rf docs/api && jsii-docgen --split-by-submodule -l typescript -l python -o docs/api/root');
docgen.exec('ts-node --transpile-only -P test/tsconfig.json scripts/generate-api-index.ts');
project.gitattributes.addAttributes('/docs/api/**', 'linguist-generated');
// 11 MB in two languages: read in the repository, not shipped in the package (API.md was 5.5 MB of it).
project.npmignore?.exclude('/docs/api/');
// What `cdktf` tooling reads to know which provider the prebuilt-style bindings are for.
project.package.addField('cdktf', { provider: { name: PROVIDER_SOURCE, version: DEVELOPMENT_VERSION } });

project.addTask('demo', {
  description: 'Deploy examples/platform (five vendors) with cdktf-cli and the real terraform to the built-in simulators, show it, plan again, destroy',
  env: { CHECKPOINT_DISABLE: '1' },
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/demo.ts' },
  ],
});

// npm ci fails here (lockfiles list other platforms' optional binaries): install instead.
project.tasks.tryFind('install:ci')?.reset('npm install');

// Local and CI builds package JS only; other languages are generated as sources (offline).
project.tasks.tryFind('package-all')?.reset();
project.tasks.tryFind('package-all')?.spawn(project.tasks.tryFind('package:js')!);
project.addTask('package:sources', {
  description: 'Generate Python, Java, C# and Go sources without their toolchains',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go',
});

// The package ships the library, the provider bundle and the CLI; repository tooling stays out.
project.npmignore?.exclude('/.ci/', '/bench/', '/scripts/', '/examples/', '/BENCHMARKS.md');

project.package.addField('bin', {
  'terraform-provider-secops': 'assets/terraform-provider-secops.js',
  'secops': 'lib/cli/secops.js',
});

// The end-to-end tests run the bundled provider under the real terraform binary.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);
project.testTask.env('CHECKPOINT_DISABLE', '1');
// These machines run Node 20; jsii's end-of-life banner is noise in every build log.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.addTask('bench:synth', {
  description: 'app.synth() time and peak RSS: 10,000 nomad.AclBindingRule vs 10,000 null_resource (BENCHMARKS.md)',
  env: { CHECKPOINT_DISABLE: '1' },
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/synth.ts --runs 5 --count 10000' },
  ],
});

// The construct API must compile without a single jsii warning.
project.compileTask.reset('jsii --silence-warnings=reserved-word --fail-on-warnings');

// Benchmarks write their figures to BENCHMARKS.md; never run as tests (no timing assertions).
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ and write BENCHMARKS.md',
  env: { CHECKPOINT_DISABLE: '1' },
  steps: [
    { spawn: 'bundle' },
    { exec: 'node bench/startup.mjs --runs 20' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/plan.ts --runs 9 --counts 1,200' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/exactly-once.ts --seeds 1,2,3' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/large-values.ts --ranges 20000 --labels 50000' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/grpc-server.ts --runs 5' },
    { spawn: 'bench:synth' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/illumio.ts --labels 2000 --apply 500' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/illumio-estate.ts --workloads 3000 --labels 500' },
  ],
});

project.synth();
