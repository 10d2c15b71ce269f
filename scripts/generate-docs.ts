/**
 * Writes the provider's documentation in the Terraform registry layout (docs/index.md,
 * docs/resources, docs/data-sources, docs/functions) from the provider's own schema, the JSON
 * `terraform providers schema -json` prints (src/provider/schema-json.ts), and the examples in
 * examples/provider, examples/resources, examples/data-sources and examples/functions.
 * Descriptions in the schema are Markdown and go in as they are. docs/guides is written by hand.
 *
 *   ts-node --transpile-only -P test/tsconfig.json scripts/generate-docs.ts [outDir]
 *
 * test/docs/docs.test.ts renders the pages in memory and fails when the committed ones differ.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROVIDER_SOURCE, PROVIDER_TYPE } from '../src/cli/install';
import { VendorDefinition } from '../src/provider/definitions';
import { AttributeJson, BlockJson, FunctionJson, ProviderJson, providerSchemaJson, SchemaJson } from '../src/provider/schema-json';
import { vendors } from '../src/registry';

const root = join(__dirname, '..');

/** The folders of docs/ this generator owns (docs/guides is hand-written). */
export const GENERATED_DIRS = ['resources', 'data-sources', 'functions'];

/** The registry's sidebar groups pages by subcategory: one per vendor. */
const VENDOR_TITLES: Record<string, string> = {
  illumio: 'Illumio Core',
  nomad: 'Nomad',
  anchore: 'Anchore Enterprise',
  chainguard: 'Chainguard',
  carbonblack: 'Carbon Black Cloud',
};

/** Where each kind of object keeps its example, as the registry's own tooling (tfplugindocs) expects. */
export function exampleFile(kind: 'resource' | 'data-source' | 'function', name: string): string {
  const folder = { 'resource': 'resources', 'data-source': 'data-sources', 'function': 'functions' }[kind];
  return join('examples', folder, name, `${kind}.tf`);
}

export function importFile(resourceType: string): string {
  return join('examples', 'resources', resourceType, 'import.sh');
}

/** Every generated page by its path under docs/, rendered from the current schema and examples. */
export function renderDocs(base: string = root): Record<string, string> {
  const schema = providerSchemaJson(vendors).provider_schemas[PROVIDER_SOURCE];
  const pages: Record<string, string> = { 'index.md': indexPage(base, schema) };
  for (const vendor of vendors) {
    const subcategory = vendorTitle(vendor);
    for (const { typeName } of vendor.resources) {
      pages[`resources/${shortName(typeName)}.md`] = objectPage(base, 'resource', typeName, schema.resource_schemas![typeName], subcategory);
    }
    for (const { typeName } of vendor.dataSources) {
      pages[`data-sources/${shortName(typeName)}.md`] =
        objectPage(base, 'data-source', typeName, schema.data_source_schemas![typeName], subcategory);
    }
    for (const { name } of vendor.functions ?? []) {
      pages[`functions/${name}.md`] = functionPage(base, name, schema.functions![name], subcategory);
    }
  }
  return pages;
}

function vendorTitle(vendor: VendorDefinition): string {
  const title = VENDOR_TITLES[vendor.name];
  if (!title) throw new Error(`No title for vendor ${vendor.name}: add it to VENDOR_TITLES in scripts/generate-docs.ts`);
  return title;
}

/** `secops_illumio_label` → `illumio_label`, the registry's page name. */
function shortName(typeName: string): string {
  return typeName.slice(PROVIDER_TYPE.length + 1);
}

function readExample(base: string, file: string): string {
  const path = join(base, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: every resource, data source and function needs an example`);
  return readFileSync(path, 'utf8').trimEnd();
}

function frontMatter(title: string, subcategory: string, description: string): string[] {
  return [
    '---',
    `page_title: ${JSON.stringify(title)}`,
    `subcategory: ${JSON.stringify(subcategory)}`,
    'description: |-',
    ...firstParagraph(description).split('\n').map(line => `  ${line}`),
    '---',
    '',
  ];
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0].trim();
}

function codeBlock(language: string, code: string): string[] {
  return ['```' + language, code, '```', ''];
}

function objectPage(base: string, kind: 'resource' | 'data-source', typeName: string, schema: SchemaJson, subcategory: string): string {
  const label = kind === 'resource' ? 'Resource' : 'Data Source';
  const block = schema.block ?? { description_kind: 'plain' };
  const lines = [
    ...frontMatter(`${typeName} ${label} - ${PROVIDER_TYPE}`, subcategory, block.description ?? ''),
    `# ${typeName} (${label})`,
    '',
    block.description ?? '',
    '',
    '## Example Usage',
    '',
    ...codeBlock('terraform', readExample(base, exampleFile(kind, typeName))),
    ...schemaSection(block),
  ];
  const importPath = importFile(typeName);
  if (kind === 'resource' && existsSync(join(base, importPath))) {
    lines.push('## Import', '', 'Import is supported using the following syntax:', '', ...codeBlock('shell', readExample(base, importPath)));
  }
  return finish(lines);
}

function functionPage(base: string, name: string, fn: FunctionJson, subcategory: string): string {
  const parameters = fn.parameters ?? [];
  const signature = `${name}(${parameters.map(p => `${p.name} ${typeWords(p.type).toLowerCase()}`).join(', ')}) ${typeWords(fn.return_type).toLowerCase()}`;
  return finish([
    ...frontMatter(`${name} function - ${PROVIDER_TYPE}`, subcategory, fn.summary ?? fn.description ?? ''),
    `# function: ${name}`,
    '',
    fn.description ?? '',
    '',
    `Called as \`provider::${PROVIDER_TYPE}::${name}(...)\` (Terraform 1.8 and later).`,
    '',
    '## Example Usage',
    '',
    ...codeBlock('terraform', readExample(base, exampleFile('function', name))),
    '## Signature',
    '',
    ...codeBlock('text', signature),
    '## Arguments',
    '',
    ...parameters.map((p, i) => `${i + 1}. \`${p.name}\` (${typeWords(p.type)}) ${p.description ?? ''}`.trimEnd()),
    '',
  ]);
}

function indexPage(base: string, schema: ProviderJson): string {
  const block = schema.provider?.block ?? { description_kind: 'plain' };
  return finish([
    '---',
    `page_title: ${JSON.stringify(`${PROVIDER_TYPE} Provider`)}`,
    'description: |-',
    `  ${block.description ?? ''}`,
    '---',
    '',
    `# ${PROVIDER_TYPE} Provider`,
    '',
    block.description ?? '',
    '',
    `Source address: \`${PROVIDER_SOURCE}\`. \`npx secops install\` puts the provider where Terraform finds it.`,
    'Configure only the vendors you use: a vendor\'s block may be left out when its environment variables are set.',
    '',
    '## Example Usage',
    '',
    ...codeBlock('terraform', readExample(base, join('examples', 'provider', 'provider.tf'))),
    '## Environment variables',
    '',
    ...environmentTable(block),
    ...schemaSection(block),
    '## Resources, data sources and functions',
    '',
    ...objectIndex(),
  ]);
}

/** Every setting whose description names an environment variable (`Default: \`NAME\``). */
function environmentTable(block: BlockJson): string[] {
  const rows: string[] = [];
  for (const [vendor, nested] of Object.entries(block.block_types ?? {})) {
    for (const [name, attribute] of Object.entries(nested.block.attributes ?? {})) {
      const variables = [...(attribute.description ?? '').matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g)].map(m => `\`${m[1]}\``);
      if (variables.length > 0) rows.push(`| \`${vendor}\` | \`${name}\` | ${[...new Set(variables)].join(', ')} |`);
    }
  }
  return [
    '| block | setting | environment variable |',
    '|---|---|---|',
    ...rows,
    '',
    '`SECOPS_CODE_CACHE=off` stops the provider keeping V8\'s compiled code in `$XDG_CACHE_HOME/secops` (else `~/.cache/secops`).',
    '',
  ];
}

function objectIndex(): string[] {
  const link = (folder: string, name: string) => `[\`${name}\`](${folder}/${name.startsWith(PROVIDER_TYPE + '_') ? shortName(name) : name}.md)`;
  const lines: string[] = [];
  for (const vendor of vendors) {
    lines.push(`### ${vendorTitle(vendor)}`, '');
    lines.push(`- Resources: ${vendor.resources.map(r => link('resources', r.typeName)).join(', ')}`);
    lines.push(`- Data sources: ${vendor.dataSources.map(d => link('data-sources', d.typeName)).join(', ')}`);
    if (vendor.functions?.length) lines.push(`- Functions: ${vendor.functions.map(f => link('functions', f.name)).join(', ')}`);
    lines.push('');
  }
  return lines;
}

/** One cty type in the words the registry uses: `List of String`, `Map of Number`, `Object`. */
function typeWords(type: unknown): string {
  if (typeof type === 'string') return type === 'dynamic' ? 'Dynamic' : type[0].toUpperCase() + type.slice(1);
  const [kind, inner] = type as [string, unknown];
  if (kind === 'object') return 'Object';
  if (kind === 'tuple') return 'Tuple';
  return `${kind[0].toUpperCase()}${kind.slice(1)} of ${typeWords(inner)}`;
}

/** The schema section: the block's attributes and blocks, then each nested block's, as tfplugindocs lays them out. */
function schemaSection(block: BlockJson): string[] {
  const lines = ['## Schema', ''];
  const nested: [string, BlockJson | ObjectFields][] = [];
  lines.push(...blockLists(block, '', nested));
  while (nested.length > 0) {
    const [path, inner] = nested.shift()!;
    lines.push(`<a id="nested--${anchor(path)}"></a>`, `### Nested Schema for \`${path}\``, '');
    lines.push(...('fields' in inner ? objectLines(inner) : blockLists(inner, `${path}.`, nested)));
  }
  return lines;
}

/** An object-typed attribute's fields, listed under it. */
interface ObjectFields { readonly fields: Record<string, unknown> }

function anchor(path: string): string {
  return path.replace(/\./g, '--');
}

function blockLists(block: BlockJson, prefix: string, nested: [string, BlockJson | ObjectFields][]): string[] {
  const groups: Record<'Required' | 'Optional' | 'Read-Only', string[]> = { 'Required': [], 'Optional': [], 'Read-Only': [] };
  for (const [name, attribute] of Object.entries(block.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const group = attribute.required ? 'Required' : attribute.optional ? 'Optional' : 'Read-Only';
    const type = attribute.type;
    const isObject = Array.isArray(type) && (type[0] === 'object' || (Array.isArray(type[1]) && type[1][0] === 'object'));
    if (isObject) nested.push([prefix + name, { fields: objectFieldsOf(type) }]);
    groups[group].push(attributeLine(name, attribute, isObject ? prefix + name : undefined));
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const group = (blockType.min_items ?? 0) > 0 ? 'Required' : 'Optional';
    const limits = [blockType.min_items ? `Min: ${blockType.min_items}` : '', blockType.max_items ? `Max: ${blockType.max_items}` : ''].filter(Boolean);
    const mode = blockType.nesting_mode[0].toUpperCase() + blockType.nesting_mode.slice(1);
    const details = [`Block ${mode}`, ...limits].join(', ');
    nested.push([prefix + name, blockType.block]);
    groups[group].push(`- \`${name}\` (${details}) ${blockType.block.description ?? ''} (see [below for nested schema](#nested--${anchor(prefix + name)}))`);
  }
  const lines: string[] = [];
  for (const [title, entries] of Object.entries(groups)) {
    if (entries.length > 0) lines.push(`### ${title}`, '', ...entries, '');
  }
  return lines;
}

function objectFieldsOf(type: unknown[]): Record<string, unknown> {
  const object = type[0] === 'object' ? type : type[1] as unknown[];
  return object[1] as Record<string, unknown>;
}

function objectLines(object: ObjectFields): string[] {
  return [
    ...Object.entries(object.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, type]) => `- \`${name}\` (${typeWords(type)})`),
    '',
  ];
}

function attributeLine(name: string, attribute: AttributeJson, nestedPath: string | undefined): string {
  const flags = [typeWords(attribute.type), attribute.sensitive ? 'Sensitive' : '', attribute.deprecated ? 'Deprecated' : ''].filter(Boolean);
  const see = nestedPath ? ` (see [below for nested schema](#nested--${anchor(nestedPath)}))` : '';
  return `- \`${name}\` (${flags.join(', ')}) ${attribute.description ?? ''}${see}`.trimEnd().replace(/\s+\(see/, ' (see');
}

/** One trailing newline, no trailing spaces, no runs of blank lines. */
function finish(lines: string[]): string {
  return lines.map(line => line.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** Writes the pages into `outDir`, replacing the generated folders (docs/guides stays). */
export function writeDocs(outDir: string, pages: Record<string, string>): void {
  for (const dir of GENERATED_DIRS) rmSync(join(outDir, dir), { recursive: true, force: true });
  for (const [path, text] of Object.entries(pages)) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  }
}

if (require.main === module) {
  writeDocs(process.argv[2] ?? join(root, 'docs'), renderDocs());
}
