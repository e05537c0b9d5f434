// Writes the counts of this package's test run to .test-results.json, so that the root
// `pnpm test` can print one closing total line across every package (turbo restores the
// file from its cache together with the logs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default class SummaryReporter {
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) {
        counts.failed += 1;
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    counts.failed += unhandledErrors.length;
    writeFileSync(join(this.root, '.test-results.json'), `${JSON.stringify(counts)}\n`);
  }
}
