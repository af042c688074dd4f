#!/usr/bin/env python3
"""An independent judge of chapter 6's drawings (its second draw at the chosen guidance), sharing no code or model with the project.

It reads output/steering-and-speed/generated-images-idx3-ubyte and generated.json (what each image
was asked to show) and measures, with its own tools:

- the class, by a classifier built differently from the project's (an MLP trained by the project's
  engine): the k nearest MNIST training images in a principal-component space, fitted here with
  numpy from the IDX files. Its accuracy on the MNIST test set is printed first, so a reader can
  see what it is worth.
- ink weight and slant, from the image's own moments (total intensity; the shear −μ₁₁/μ₀₂ of the
  ink), split into three levels at the terciles of the training images of the same class, and
  whether the three weight words and the three slant words come out in measured order.

Usage: scripts/judge_generated.py [--output output/steering-and-speed] [--data data/mnist]
       [--min-class 0.95] [--min-attribute 0.75]
Exits 1 when an aim is missed, 2 when a file is missing or malformed (naming it).
Needs numpy only (not a dependency of the project: the judge must stay outside it).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

WEIGHT_WORDS = ["thin", "regular", "bold"]
SLANT_WORDS = ["leaning left", "upright", "leaning right"]


def fail(message):
    print(f"judge_generated: {message}", file=sys.stderr)
    sys.exit(2)


def read_idx(path, expected_magic):
    """The values of an IDX file (uint8) shaped by its dimensions."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        fail(f"{path}: cannot read ({error.strerror})")
    if len(data) < 8:
        fail(f"{path}: too short for an IDX header")
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        fail(f"{path}: magic {magic:#x}, expected {expected_magic:#x}")
    dimensions = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dimensions))
    if values.size != int(np.prod(dimensions)):
        fail(f"{path}: {values.size} values for dimensions {dimensions}")
    return values.reshape(dimensions)


def moments(images):
    """Ink mass and slant (−cov(x, y)/var(y) of intensity-weighted pixel positions, y downwards)."""
    images = images.astype(np.float64) / 255.0
    side = images.shape[1]
    ys, xs = np.mgrid[0:side, 0:side]
    mass = images.sum(axis=(1, 2))
    safe = np.where(mass > 0, mass, 1)
    mean_x = (images * xs).sum(axis=(1, 2)) / safe
    mean_y = (images * ys).sum(axis=(1, 2)) / safe
    dx = xs[None] - mean_x[:, None, None]
    dy = ys[None] - mean_y[:, None, None]
    covariance = (images * dx * dy).sum(axis=(1, 2))
    variance_y = (images * dy * dy).sum(axis=(1, 2))
    slant = np.where(variance_y > 0, -covariance / np.where(variance_y > 0, variance_y, 1), 0)
    return mass, slant


class NearestNeighbours:
    """k-NN on the first `components` principal components of the training images."""

    def __init__(self, images, labels, components=50, k=5):
        x = images.reshape(len(images), -1).astype(np.float32) / 255.0
        self.mean = x.mean(axis=0)
        _, _, vt = np.linalg.svd(x - self.mean, full_matrices=False)
        self.basis = vt[:components].T
        self.points = (x - self.mean) @ self.basis
        self.norms = (self.points ** 2).sum(axis=1)
        self.labels = labels.astype(np.int64)
        self.k = k

    def predict(self, images, chunk=250):
        x = (images.reshape(len(images), -1).astype(np.float32) / 255.0 - self.mean) @ self.basis
        predictions = []
        for start in range(0, len(x), chunk):
            part = x[start:start + chunk]
            distances = (part ** 2).sum(axis=1)[:, None] - 2 * part @ self.points.T + self.norms[None]
            nearest = np.argpartition(distances, self.k, axis=1)[:, :self.k]
            for row, indices in enumerate(nearest):
                # Votes weighted by 1/distance, so a tie goes to the closer neighbours.
                weights = 1 / (np.sqrt(np.maximum(distances[row, indices], 0)) + 1e-6)
                predictions.append(np.bincount(self.labels[indices], weights=weights, minlength=10).argmax())
        return np.array(predictions)


def levels(values, labels, thresholds):
    """0, 1 or 2 per value: below the first tercile of its class, below the second, or above."""
    low = np.array([thresholds[label][0] for label in labels])
    high = np.array([thresholds[label][1] for label in labels])
    return np.where(values < low, 0, np.where(values < high, 1, 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="output/steering-and-speed")
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--min-class", type=float, default=0.95)
    parser.add_argument("--min-attribute", type=float, default=0.75)
    arguments = parser.parse_args()

    train_images = read_idx(os.path.join(arguments.data, "train-images-idx3-ubyte"), 0x803)
    train_labels = read_idx(os.path.join(arguments.data, "train-labels-idx1-ubyte"), 0x801)
    test_images = read_idx(os.path.join(arguments.data, "t10k-images-idx3-ubyte"), 0x803)
    test_labels = read_idx(os.path.join(arguments.data, "t10k-labels-idx1-ubyte"), 0x801)
    images = read_idx(os.path.join(arguments.output, "generated-images-idx3-ubyte"), 0x803)
    prompts_path = os.path.join(arguments.output, "generated.json")
    try:
        with open(prompts_path) as handle:
            entries = json.load(handle)
    except (OSError, ValueError) as error:
        fail(f"{prompts_path}: {error}")
    if len(entries) != len(images):
        fail(f"{prompts_path}: {len(entries)} entries for {len(images)} images")

    classifier = NearestNeighbours(train_images, train_labels)
    test_accuracy = (classifier.predict(test_images) == test_labels).mean()
    print(f"judge's classifier (PCA-50 + 5-NN): {100 * test_accuracy:.2f}% on the 10,000 MNIST test images")

    asked = np.array([entry["class"] for entry in entries])
    predicted = classifier.predict(images)
    class_agreement = (predicted == asked).mean()
    guidance = sorted({entry.get("guidance") for entry in entries}, key=lambda s: (s is None, s))
    print(f"{len(images)} generated images (guidance s = {', '.join('none' if s is None else f'{s:g}' for s in guidance)})")
    print(f"class agreement: {100 * class_agreement:.1f}%")
    print("  by class: " + ", ".join(f"{c} {100 * (predicted[asked == c] == c).mean():.0f}%" for c in range(10) if (asked == c).any()))

    train_mass, train_slant = moments(train_images)
    mass, slant = moments(images)
    results = {"class": class_agreement}
    for name, words, train_values, values in [("weight", WEIGHT_WORDS, train_mass, mass),
                                              ("slant", SLANT_WORDS, train_slant, slant)]:
        thresholds = {c: np.quantile(train_values[train_labels == c], [1 / 3, 2 / 3]) for c in range(10)}
        wanted = np.array([words.index(entry["attributes"][name]) for entry in entries])
        agreement = (levels(values, asked, thresholds) == wanted).mean()
        means = [values[wanted == level].mean() for level in range(3)]
        ordered = means[0] < means[1] < means[2]
        results[name] = agreement
        print(f"{name}: agreement {100 * agreement:.1f}%; mean measured value by word "
              + ", ".join(f"{word} {mean:.3f}" for word, mean in zip(words, means))
              + (" (in order)" if ordered else " (NOT in order)"))
        results[name + " order"] = ordered

    missed = [aim for aim, ok in [("class", results["class"] >= arguments.min_class),
                                  ("weight", results["weight"] >= arguments.min_attribute),
                                  ("slant", results["slant"] >= arguments.min_attribute),
                                  ("weight order", results["weight order"]),
                                  ("slant order", results["slant order"])] if not ok]
    print("all aims met" if not missed else "missed: " + ", ".join(missed))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
