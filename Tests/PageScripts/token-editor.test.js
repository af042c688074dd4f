// The VQ-VAE's decoder the token editor runs against the Swift decoder, on token grids the Swift
// test wrote (LATENT_FIXTURES; see PageScriptTests.swift).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun } = require("./fixtures.js");
const vq = require("../../Sources/PageScripts/vq-decoder.js");

test("the decoder draws from tokens what the Swift decoder draws, within 1e-4 per pixel", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("token-editor.json");
  const decode = vq.decoderOf(fixture.arrays);
  assert.ok(fixture.images.every((image) => image.length === 784), "Swift's images are 28×28");
  const largest = largestDifference(fixture.tokens, fixture.images, decode);
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  const milliseconds = millisecondsPerRun(100, (n) => decode(fixture.tokens[n % fixture.tokens.length]));
  console.log(`token editor: largest difference ${largest.toExponential(2)}, one decode ${milliseconds.toFixed(3)} ms`);
});
