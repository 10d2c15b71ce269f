// Prints "N passed, N failed" from a JUnit report (jest-junit), the one line CI reads.
import { existsSync, readFileSync } from 'node:fs';

const report = process.argv[2] ?? 'test-reports/junit.xml';
if (!existsSync(report)) {
  console.log('0 passed, 1 failed (no test report: the build failed before the tests ran)');
  process.exit(0);
}
const xml = readFileSync(report, 'utf8');
const root = xml.match(/<testsuites\b[^>]*>/)?.[0] ?? '';
const count = name => Number(root.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
const total = count('tests');
const failed = count('failures') + count('errors');
const skipped = (xml.match(/<skipped\s*\/>/g) ?? []).length;
console.log(`${total - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
