#!/usr/bin/env python3
"""Runs `latent bench` and the PyTorch reference one after the other for several seeds, in one
sitting, and prints the comparison the engine's targets are stated in (a Markdown table, then the
mean and spread of the test loss over the seeds).

PyTorch is not a project dependency: install it in a throwaway venv and name its python, e.g.
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch
    scripts/bench_against_pytorch.py --python /tmp/torch/bin/python --seeds 1 2 3 --epochs 10
    scripts/bench_against_pytorch.py --python /tmp/torch/bin/python --model prior --seeds 1 2 3 --epochs 2

Run from the repository root after `make build` (uses .build/release/latent and data/mnist/).
"""
import argparse
import json
import statistics
import subprocess
import sys


def median_seconds(report):
    return statistics.median(epoch["seconds"] for epoch in report["epochs"])


def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", required=True, help="a python that has torch installed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", choices=["vae", "prior"], default="vae",
                        help="vae: pytorch/examples' VAE; prior: chapter 4's transformer")
    options = parser.parse_args()

    print("| seed | ours s/epoch | GEMM floor | ours/floor | PyTorch s/epoch | ours/PyTorch | test loss ours / PyTorch |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ours_losses, torch_losses = [], []
    for seed in options.seeds:
        ours = run_json([".build/release/latent", "bench", "--json", "--model", options.model, "--epochs", str(options.epochs),
                         "--threads", str(options.threads), "--seed", str(seed)])
        torch = run_json([options.python, f"scripts/pytorch_{options.model}_reference.py", str(options.epochs),
                          str(options.threads), str(seed)])
        ours_losses.append(ours["epochs"][-1]["test_loss"])
        torch_losses.append(torch["epochs"][-1]["test_loss"])
        ours_seconds, torch_seconds = median_seconds(ours), median_seconds(torch)
        print(f"| {seed} | {ours_seconds:.3f} | {ours['gemm_seconds']:.3f} | {ours_seconds / ours['gemm_seconds']:.2f} "
              f"| {torch_seconds:.3f} | {ours_seconds / torch_seconds:.2f} "
              f"| {ours_losses[-1]:.2f} / {torch_losses[-1]:.2f} |", flush=True)
    if len(options.seeds) > 1:
        print(f"\ntest loss after {options.epochs} epochs over seeds {options.seeds}: "
              f"ours {statistics.mean(ours_losses):.2f} ± {statistics.stdev(ours_losses):.2f}, "
              f"PyTorch {statistics.mean(torch_losses):.2f} ± {statistics.stdev(torch_losses):.2f}")


if __name__ == "__main__":
    main()
