#!/usr/bin/env node
/**
 * Reads Jest's --json output and prints exactly one line, `tests: N passed, N failed`.
 * A suite that failed to run (no test results: syntax error, failing beforeAll) counts as one
 * failure, so it cannot pass unnoticed. Exits 1 if anything failed or no test ran.
 */
const { resolve } = require('node:path');

const results = require(resolve(process.argv[2] ?? '.jest-results/results.json'));
const brokenSuites = results.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0);
for (const suite of brokenSuites) console.log(`suite failed to run: ${suite.name}`);
const failed = results.numFailedTests + brokenSuites.length;
console.log(`tests: ${results.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 || results.numTotalTests === 0 ? 1 : 0);
