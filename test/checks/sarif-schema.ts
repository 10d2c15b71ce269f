import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** SARIF 2.1.0's own JSON schema (draft-04, test/fixtures/SOURCES.md), compiled once. */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')));

/** The schema's complaints about a SARIF log; empty when it is valid. */
export function sarifProblems(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map(error => `${error.instancePath} ${error.message}`);
}
