// Prints every failed test of the run, with the start of its error, from the JSON results in
// .test-results/. scripts/test-all.sh calls it when a step fails, so that the failures are the
// last thing a CI log shows (a CI page often keeps only the end of a long log, and the 3.9.2
// integration output is printed after 4.3.1's).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

interface AssertionResult {
  status: string;
  fullName: string;
  failureMessages?: string[];
}
interface FileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults?: AssertionResult[];
}

const maxLinesPerFailure = 12;
const dir = new URL('../.test-results/', import.meta.url).pathname;
const root = new URL('../', import.meta.url).pathname;
const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];

function excerpt(text: string): string {
  // Colour codes make a plain log unreadable.
  const plain = stripVTControlCharacters(text);
  const lines = plain.split('\n').slice(0, maxLinesPerFailure);
  return lines.map((line) => `    ${line}`).join('\n');
}

let count = 0;
for (const file of files.sort()) {
  const run = file.replace(/\.json$/, '');
  const results = JSON.parse(readFileSync(join(dir, file), 'utf8')).testResults as FileResult[];
  for (const result of results ?? []) {
    const path = result.name.startsWith(root) ? result.name.slice(root.length) : result.name;
    const failed = (result.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      count++;
      console.log(`FAILED [${run}] ${path} > ${test.fullName}`);
      console.log(excerpt((test.failureMessages ?? []).join('\n')));
    }
    // A file can fail with no failed test: an error in a hook or at import.
    if (failed.length === 0 && result.status === 'failed') {
      count++;
      console.log(`FAILED [${run}] ${path} (outside any test)`);
      console.log(excerpt(result.message ?? 'no message'));
    }
  }
}
console.log(count === 0 ? 'no failed test in .test-results/' : `${count} failed`);
