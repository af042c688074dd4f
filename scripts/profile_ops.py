#!/usr/bin/env python3
"""Where a training epoch's CPU time goes, by kind of op, from a sampling profile.

Runs `latent bench --model MODEL --epochs 1 --no-floor` under `perf record` (software clock, so it
works where hardware counters are not exposed), then sums the samples of each function into the
kinds below by name. The training pass dominates the run; the test pass (forward only, about a
tenth) is included. Percentages are of all CPU samples, both threads, so spinning workers show.

Needs perf (Debian's linux-perf). Run from the repository root after `make build`:
    scripts/profile_ops.py --model prior [--threads 2]
"""
import argparse
import collections
import re
import subprocess
import sys
import tempfile

# First match wins; a function's name (Swift names are mangled but keep their words) decides its kind.
KINDS = [
    ("products (OpenBLAS)", r"sgemm|cblas_|latent_sgemm|product_part|blas_memory|gemm_"),
    ("fused block halves (layer norm, GELU, biases, residual sums)", r"mlp_\w*tiles|attention_\w*tiles"),
    ("attention heads (their products, softmax and masking, in our loops)", r"attention|Attention"),
    ("layer norm", r"layerNorm|layer_norm"),
    ("GELU", r"gelu"),
    ("softmax cross-entropy", r"softmaxCrossEntropy|cross_entropy"),
    ("gathers (embeddings, batches)", r"gatherRows|gather_|scatter"),
    ("exp/log (libm)", r"__expf|__logf|expf|logf"),
    ("biases (copied into each row, gradient column sums)", r"repeat_row|column_sums"),
    ("adds and other elementwise", r"TensorC1p|TensorC1s|TensorC1m|elementwise|broadcast|accumulate|add_rows|add_elements|forEachScalar|affine"),
    ("optimizer", r"adam|Adam|SGD"),
    ("waiting for work (thread pool)", r"worker_main|latent_parallel_run|latent_part|sched_yield|futex|pthread_"),
    ("memory (zeroing, copies, allocation)", r"memset|memmove|memcpy|malloc|free|BufferPool|page_fault|clear_page|_int_"),
    ("kernel (other)", r"^\[k\]"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="prior", choices=["vae", "prior"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--latent", default=".build/release/latent")
    parser.add_argument("--top", type=int, default=12, help="also list the N busiest functions")
    options = parser.parse_args()

    with tempfile.NamedTemporaryFile(suffix=".perf") as data:
        bench = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "999", "-o", data.name, "--",
                                options.latent, "bench", "--model", options.model, "--epochs", "1", "--no-floor",
                                "--threads", str(options.threads)], capture_output=True, text=True)
        if bench.returncode != 0:
            sys.exit(f"perf record failed:\n{bench.stderr.strip()}")
        report = subprocess.run(["perf", "report", "-i", data.name, "--no-children", "--sort", "symbol", "--stdio"],
                                capture_output=True, text=True, check=True).stdout
    print(bench.stdout.strip())
    rows = []
    for line in report.splitlines():
        match = re.match(r"\s*([0-9.]+)%\s+(\[[.k]\])\s+(.*\S)", line)
        if match:
            rows.append((float(match.group(1)), f"{match.group(2)} {match.group(3)}"))
    totals = collections.Counter()
    for share, symbol in rows:
        kind = next((name for name, pattern in KINDS if re.search(pattern, symbol)), "other")
        totals[kind] += share
    print(f"\n| kind | share of CPU samples |\n| --- | --- |")
    for kind, share in totals.most_common():
        print(f"| {kind} | {share:.1f}% |")
    print(f"\nbusiest functions:")
    for share, symbol in rows[:options.top]:
        print(f"  {share:5.1f}%  {symbol[:110]}")


if __name__ == "__main__":
    main()
