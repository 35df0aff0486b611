'use strict';
// Mocha's spec reporter, plus the one plain summary line CI reads:
// `N passed, N failed, N skipped`.
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      // Printed after the spec epilogue so it is the last line.
      process.on('exit', () => {
        process.stdout.write(`${passes} passed, ${failures} failed, ${pending} skipped\n`);
      });
    });
  }
}

module.exports = SummaryReporter;
