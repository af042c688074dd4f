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

// Chapter 5's four phrasings over MNIST's classes, as chapter 6 ships them to the sentence writer.
const trained = {
  strings: {
    templates: ["a W C S", "C , S , W", "W C , S", "a C , W and S"],
    classWords: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    weightPhrases: ["thin", "regular", "bold"], slantPhrases: ["leaning left", "upright", "leaning right"],
  },
};

test("the grammar holds every trained caption and refuses others: a class alone, words out of order", () => {
  const grammar = words.grammarOf(trained);
  assert.strictEqual(grammar.captions.length, 4 * 10 * 3 * 3);
  assert.ok(grammar.accepts(words.wordsOf("a bold two leaning right")));
  assert.ok(grammar.accepts(words.wordsOf("seven, upright, thin")));
  assert.ok(grammar.accepts(words.wordsOf("a three, regular and leaning left")));
  assert.ok(!grammar.accepts(["three"]), "a class word alone");
  assert.ok(!grammar.accepts(words.wordsOf("eight bold a upright")), "the words of a caption in the wrong order");
  assert.ok(!grammar.accepts(words.wordsOf("a bold two leaning")), "a caption cut short");
  assert.ok(!grammar.begins(words.wordsOf("eight bold")), "no phrasing puts the weight right after the class");
});

test("the grammar offers only the words that continue a trained caption", () => {
  const grammar = words.grammarOf(trained);
  assert.deepStrictEqual(grammar.next(["a"]), ["thin", "regular", "bold", ...trained.strings.classWords]);
  assert.deepStrictEqual(grammar.next(["a", "bold"]), trained.strings.classWords);
  assert.deepStrictEqual(grammar.next(["a", "bold", "two"]), ["leaning", "upright"]);
  assert.deepStrictEqual(grammar.next(["a", "bold", "two", "leaning"]), ["left", "right"]);
  assert.deepStrictEqual(grammar.next(words.wordsOf("a bold two upright")), [], "nothing follows a whole caption");
  assert.deepStrictEqual(grammar.phrasings("three"), ["a thin three upright", "three, upright, thin", "thin three, upright", "a three, thin and upright"]);
  assert.strictEqual(words.grammarOf({ strings: { words: ["a"] } }), null, "a run that ships no phrasings has no grammar");
});
