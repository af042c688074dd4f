#!/usr/bin/env python3
"""The PyTorch side of `latent bench --model prior`: chapter 4's image prior (2 pre-norm blocks,
width 64, 4 heads, GELU MLP x4, learned positions, 49-token sequences of a class token and 48 image
tokens, batch 64, Adam 2e-3) on the same fixed patch tokens of the same IDX files, timed the same way
(training pass per epoch, test pass apart). Attention is PyTorch's fused
`scaled_dot_product_attention` with a causal mask, the fastest path it offers on a CPU.

Not a project dependency: run it from a throwaway venv (`python3 -m venv /tmp/torch &&
/tmp/torch/bin/pip install torch`).

Usage: pytorch_prior_reference.py [EPOCHS] [THREADS] [SEED]   (reads data/mnist/, prints one JSON object)
"""
import json
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

from pytorch_vae_reference import read_idx  # the same IDX reader (this script's folder is on sys.path)

CODES, CLASSES, SEQUENCE, WIDTH, HEADS, LAYERS, BATCH = 64, 10, 49, 64, 4, 2, 64


def patch_tokens(images):
    """Each 4x4 patch as one of 64 tokens, by the rule of `PriorBenchmark.patchTokens` (in integers,
    so both sides get identical tokens): four bits for the 2x2 quarters holding more than 2*255 of
    grey-level, two for the patch's total ink in quarters of 16*255."""
    count = images.shape[0]
    quarters = images.long().reshape(count, 7, 2, 2, 7, 2, 2).sum(dim=(3, 6))  # image, row, qy, qx, col
    quarters = quarters.permute(0, 1, 3, 2, 4).reshape(count, 49, 4)            # image, row, col, qy, qx
    bits = (quarters > 2 * 255).long() * torch.tensor([1, 2, 4, 8])
    level = torch.clamp(4 * quarters.sum(dim=2) // (16 * 255), max=3)
    return bits.sum(dim=2) * 4 + level


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention_norm, self.qkv, self.out = nn.LayerNorm(WIDTH), nn.Linear(WIDTH, 3 * WIDTH), nn.Linear(WIDTH, WIDTH)
        self.mlp_norm, self.expand, self.contract = nn.LayerNorm(WIDTH), nn.Linear(WIDTH, 4 * WIDTH), nn.Linear(4 * WIDTH, WIDTH)

    def forward(self, x):
        batch, length, _ = x.shape
        q, k, v = self.qkv(self.attention_norm(x)).view(batch, length, 3, HEADS, WIDTH // HEADS).permute(2, 0, 3, 1, 4)
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(batch, length, WIDTH)
        x = x + self.out(attended)
        return x + self.contract(F.gelu(self.expand(self.mlp_norm(x)), approximate="tanh"))


class Prior(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Parameter(torch.empty(CODES + CLASSES, WIDTH).uniform_(-0.1, 0.1))
        self.positions = nn.Parameter(torch.empty(SEQUENCE, WIDTH).uniform_(-0.1, 0.1))
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm, self.output = nn.LayerNorm(WIDTH), nn.Linear(WIDTH, CODES)

    def forward(self, inputs):
        x = self.tokens[inputs] + self.positions
        for block in self.blocks:
            x = block(x)
        return self.output(self.norm(x))


def sequences(labels, tokens):
    """[class, t1 … t48] against [t1 … t49], the class token after the codebook's."""
    return torch.cat([(CODES + labels).unsqueeze(1), tokens[:, :SEQUENCE - 1]], dim=1), tokens


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    train_inputs, train_targets = sequences(read_idx("data/mnist/train-labels-idx1-ubyte").long(),
                                            patch_tokens(read_idx("data/mnist/train-images-idx3-ubyte")))
    test_inputs, test_targets = sequences(read_idx("data/mnist/t10k-labels-idx1-ubyte").long(),
                                          patch_tokens(read_idx("data/mnist/t10k-images-idx3-ubyte")))
    model = Prior()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    results = []
    for epoch in range(1, epochs + 1):
        model.train()
        start = time.perf_counter()
        total = 0.0
        for batch in torch.randperm(len(train_inputs)).split(BATCH):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_inputs[batch]).reshape(-1, CODES), train_targets[batch].reshape(-1))
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        seconds = time.perf_counter() - start
        model.eval()
        test_start = time.perf_counter()
        test_total = 0.0
        with torch.no_grad():
            for first in range(0, len(test_inputs), 500):
                logits = model(test_inputs[first:first + 500])
                test_total += F.cross_entropy(logits.reshape(-1, CODES), test_targets[first:first + 500].reshape(-1)).item() \
                    * len(logits)
        results.append({"epoch": epoch, "train_loss": total / len(train_inputs), "test_loss": test_total / len(test_inputs),
                        "seconds": seconds, "test_seconds": time.perf_counter() - test_start})
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(json.dumps({"model": "prior", "loss_unit": "nats per token", "epochs": results, "threads": threads,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
