#!/usr/bin/env python3
"""The PyTorch side of `make bench`: pytorch/examples' MNIST VAE on the same IDX files, timed the
same way as `latent bench` (training pass per epoch, test pass apart). Not a project dependency:
run it from a throwaway venv (`python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch`).

Usage: pytorch_vae_reference.py [EPOCHS] [THREADS] [SEED]   (reads data/mnist/, prints one JSON object)
"""
import json
import struct
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def read_idx(path):
    with open(path, "rb") as handle:
        data = handle.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_function(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.set_num_threads(threads)
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.manual_seed(seed)
    train = read_idx("data/mnist/train-images-idx3-ubyte").reshape(-1, 784).float() / 255
    test = read_idx("data/mnist/t10k-images-idx3-ubyte").reshape(-1, 784).float() / 255
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    results = []
    for epoch in range(1, epochs + 1):
        model.train()
        start, total = time.perf_counter(), 0.0
        for batch in torch.randperm(len(train)).split(128):
            x = train[batch]
            optimizer.zero_grad()
            recon, mu, logvar = model(x)
            loss = loss_function(recon, x, mu, logvar)
            loss.backward()
            optimizer.step()
            total += loss.item()
        seconds = time.perf_counter() - start
        model.eval()
        test_total = 0.0
        with torch.no_grad():
            for x in test.split(128):
                recon, mu, logvar = model(x)
                test_total += loss_function(recon, x, mu, logvar).item()
        results.append({"epoch": epoch, "train_loss": total / len(train), "test_loss": test_total / len(test), "seconds": seconds})
        print(json.dumps(results[-1]), file=sys.stderr)
    print(json.dumps({"epochs": results, "torch": torch.__version__, "threads": threads}))


if __name__ == "__main__":
    main()
