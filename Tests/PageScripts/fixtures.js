// What the comparisons of page scripts with Swift share: the fixtures PageScriptTests.swift writes
// into the folder LATENT_FIXTURES names, the largest difference between what a script computes and
// what Swift computed, and how long one run of a script takes. (Not a test file: `node --test`
// runs only files named *.test.js.)
"use strict";
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const folder = process.env.LATENT_FIXTURES;

// A test's `skip` option: false when the fixtures are there, else why they are not.
const skipWithoutFixtures = !folder && "LATENT_FIXTURES not set";

function readFixture(name) {
  return JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
}

// The largest |computed − expected| over all inputs, where compute(inputs[n]) must give as many
// values as expected[n] holds.
function largestDifference(inputs, expected, compute) {
  let largest = 0;
  inputs.forEach((input, n) => {
    const values = compute(input);
    assert.strictEqual(values.length, expected[n].length);
    values.forEach((value, i) => { largest = Math.max(largest, Math.abs(value - expected[n][i])); });
  });
  return largest;
}

// Milliseconds per call of body(n), over `runs` calls.
function millisecondsPerRun(runs, body) {
  const start = process.hrtime.bigint();
  for (let n = 0; n < runs; n++) body(n);
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

module.exports = { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun };
