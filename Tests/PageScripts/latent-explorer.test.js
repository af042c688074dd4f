// The latent explorer's decoder against the Swift decoder, on codes and images the Swift test
// wrote (LATENT_FIXTURES names the folder; `swift test` sets it, see PageScriptTests.swift).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun } = require("./fixtures.js");
const explorer = require("../../Sources/PageScripts/latent-explorer.js");
const helpers = require("../../Sources/PageScripts/page-data.js");

test("the decoder draws what the Swift decoder draws, within 1e-4 per pixel", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("latent-explorer.json");
  const decode = explorer.vaeDecoderOf(fixture.arrays);
  const largest = largestDifference(fixture.codes, fixture.images, decode);
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  // How long one decode takes here is printed, not asserted: a shared machine's load would make
  // a timed assertion fail at random (speed is measured by benches, not unit tests).
  const milliseconds = millisecondsPerRun(200, (n) => decode(fixture.codes[n % fixture.codes.length]));
  console.log(`latent explorer: largest difference ${largest.toExponential(2)}, one decode ${milliseconds.toFixed(3)} ms`);
});

test("nearest labels are those of the closest codes, closest first", () => {
  const codes = new Float32Array([0, 0, 1, 0, 5, 5, 0.2, 0.1]), labels = new Uint8Array([3, 1, 7, 9]);
  assert.deepStrictEqual(explorer.nearestLabels(codes, labels, [0.25, 0.1], 3), [9, 3, 1]);
  assert.deepStrictEqual(explorer.nearestLabels(codes, labels, [4, 4], 1), [7]);
});

test("arrays decode from base64 as float32 and uint8", () => {
  const floats = new Float32Array([1.5, -2, 3.25]);
  const entry = { shape: [3], float32: Buffer.from(floats.buffer).toString("base64") };
  assert.deepStrictEqual(Array.from(helpers.arrayOf(entry)), [1.5, -2, 3.25]);
  assert.deepStrictEqual(Array.from(helpers.arrayOf({ shape: [2], uint8: Buffer.from([4, 250]).toString("base64") })), [4, 250]);
});

test("the announced digit is the label most of the nearest codes share, the nearest on a tie", () => {
  assert.strictEqual(explorer.mostCommon([7, 9, 7, 4, 7]), 7);
  assert.strictEqual(explorer.mostCommon([3, 5, 5, 3, 1]), 3);
  assert.strictEqual(explorer.mostCommon([2]), 2);
});
