// The patch writer's transformer against the Swift prior's logits on sequences the Swift test wrote
// (LATENT_FIXTURES; see PageScriptTests.swift), and its seeded writing.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun } = require("./fixtures.js");
const writer = require("../../Sources/PageScripts/patch-writer.js");

test("the prior's logits are the Swift prior's, within 1e-4", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("patch-writer.json");
  const logits = writer.priorOf(fixture.arrays, fixture.heads);
  const largest = largestDifference(fixture.sequences, fixture.logits, logits);
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  const writings = [];
  const milliseconds = millisecondsPerRun(3, (n) => writings.push(writer.write(logits, 64, 3, 49, [7, 7, 8][n])));
  const [tokens, again, other] = writings;
  console.log(`patch writer: largest logit difference ${largest.toExponential(2)}, one image of 49 tokens ${milliseconds.toFixed(0)} ms`);
  assert.strictEqual(tokens.length, 49);
  assert.ok(tokens.every((token) => token >= 0 && token < 64), "only image tokens are written");
  assert.deepStrictEqual(again, tokens, "the same seed writes the same tokens");
  assert.notDeepStrictEqual(other, tokens, "another seed writes other tokens");
});
