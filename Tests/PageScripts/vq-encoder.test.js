// The VQ-VAE's encoder the sketch captioner runs against Swift's `VQVAE.encode` and `tokens`, on
// images the Swift test drew (LATENT_FIXTURES; see PageScriptTests.swift).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun } = require("./fixtures.js");
const { encoderOf } = require("../../Sources/PageScripts/vq-encoder.js");

test("the encoder's vectors are Swift's within 1e-4, and its tokens are Swift's", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("vq-encoder.json"), encode = encoderOf(fixture.arrays);
  const largest = largestDifference(fixture.images, fixture.vectors, (image) => encode(image).vectors);
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  fixture.images.forEach((image, n) => assert.deepStrictEqual(encode(image).tokens, fixture.tokens[n], `image ${n}'s tokens`));
  const milliseconds = millisecondsPerRun(20, (n) => encode(fixture.images[n % fixture.images.length]));
  console.log(`vq encoder: largest difference ${largest.toExponential(2)}, one image ${milliseconds.toFixed(2)} ms`);
});
