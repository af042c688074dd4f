// Chapter 5's model of words and patches as the page runs it, against the Swift TokenTransformer's
// logits on a caption-first and an image-first sequence (LATENT_FIXTURES; see
// PageScriptTests.swift), and the prompts, captions and guided writing built on it.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference } = require("./fixtures.js");
const words = require("../../Sources/PageScripts/words-and-patches.js");
const sampling = require("../../Sources/PageScripts/sampling.js");

test("typed prompts split into words as Swift's Vocabulary.words(of:) splits them", () => {
  assert.deepStrictEqual(words.wordsOf("  A Bold seven,leaning right "), ["a", "bold", "seven", ",", "leaning", "right"]);
  assert.deepStrictEqual(words.wordsOf("seven , upright"), ["seven", ",", "upright"]);
  assert.deepStrictEqual(words.wordsOf(""), []);
});

test("a caption reads as a sentence, each comma against its word, as Swift's captionText writes it", () => {
  assert.strictEqual(words.captionText(["a", "seven", ",", "thin", "and", "upright"]), "a seven, thin and upright");
  assert.strictEqual(words.captionText(["zero", ",", "leaning", "left", ",", "thin"]), "zero, leaning left, thin");
});

test("guidance is ℓ_uncond + s·(ℓ_cond − ℓ_uncond)", () => {
  assert.deepStrictEqual(Array.from(sampling.guided([1, 2, 3], [0, 4, 3], 2)), [2, 0, 3]);
  assert.deepStrictEqual(Array.from(sampling.guided([1, 2, 3], [0, 4, 3], 1)), [1, 2, 3]);
  assert.deepStrictEqual(Array.from(sampling.guided([1, 2, 3], [0, 4, 3], 0)), [0, 4, 3]);
});

test("guidance with a plausibility bound mixes as Swift's Guidance.mix does on fixed logits", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("guidance.json");
  const mixed = sampling.guided(fixture.conditional, fixture.unconditional, fixture.scale, fixture.plausibility, fixture.allowed);
  // JSON has no −∞: Swift's implausible tokens arrive as null.
  assert.deepStrictEqual(mixed.map((value) => (value === -Infinity ? null : value)), fixture.mixed);
  assert.ok(mixed.some((value) => value === -Infinity), "the bound removes a token on this fixture");
});

test("the model's next-token logits are Swift's, within 1e-4, in one pass and through the KV cache", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("words-and-patches.json"), vocabulary = words.modelOf(fixture);
  const whole = largestDifference(fixture.sequences, fixture.logits, (sequence) => vocabulary.model.logits(sequence));
  const cached = largestDifference(fixture.sequences, fixture.logits, (sequence) => {
    const session = vocabulary.model.start(), all = [];
    for (const token of sequence) all.push(...session.push([token]));
    return all;
  });
  console.log(`words and patches: largest logit difference ${whole.toExponential(2)} in one pass, ${cached.toExponential(2)} through the cache`);
  assert.ok(whole <= 1e-4 && cached <= 1e-4, `largest differences ${whole}, ${cached}`);
});

test("unknown words are named; known ones become their tokens; completions offer known words", { skip: skipWithoutFixtures }, () => {
  const vocabulary = words.modelOf(readFixture("words-and-patches.json"));
  assert.deepStrictEqual(words.captionTokens(vocabulary, ["a", "bold", "seven"]), { tokens: [69, 70, 72] });
  assert.deepStrictEqual(words.captionTokens(vocabulary, ["a", "purple", "seven", "cat"]), { unknown: ["purple", "cat"] });
  assert.deepStrictEqual(words.completions(vocabulary, "t"), ["thin", "two"]);
  assert.strictEqual(words.completions(vocabulary, "").length, vocabulary.words.length);
});

test("a caption is written greedily among words until its end; an image is 49 image tokens, guided or not", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("words-and-patches.json"), vocabulary = words.modelOf(fixture);
  const image = fixture.sequences[1].slice(1, 50), said = words.caption(vocabulary, image);
  assert.ok(said.every((word) => vocabulary.words.includes(word)), `caption ${said}`);
  assert.deepStrictEqual(words.caption(vocabulary, image), said, "greedy captions do not change");
  const plain = { ...vocabulary, unconditional: null }, guided = { ...vocabulary, unconditional: [vocabulary.markers.beginImage] };
  const write = (model, scale, seed) => {
    const writer = words.imageWriter(model, [69, 70, 72], seed, scale);
    while (writer.more) writer.next();
    return writer.tokens;
  };
  const tokens = write(plain, 1, 4);
  assert.strictEqual(tokens.length, 49);
  assert.ok(tokens.every((token) => token >= 0 && token < vocabulary.imageCodes), "only image codes are written");
  assert.deepStrictEqual(write(guided, 1, 4), tokens, "guidance 1 is the conditional model alone");
  const strong = write(guided, 3, 4);
  assert.strictEqual(strong.length, 49);
  assert.deepStrictEqual(write(guided, 3, 4), strong, "the same seed and scale write the same image");
  assert.notDeepStrictEqual(strong, tokens, "guidance 3 changes what seed 4 writes");
});
