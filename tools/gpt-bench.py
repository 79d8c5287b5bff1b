#!/usr/bin/env python3
"""
`npm run bench`'s PyTorch side: one training step of lecture 7's GPT (forward, backward,
AdamW) at the sizes given, on one thread, timed. Prints one JSON object:
{"torch", "blas", "stepsPerSecond", "cpuStepsPerSecond", "runs"}.

Usage: python3 tools/gpt-bench.py VOCAB BLOCK EMBD HEADS LAYERS BATCH STEPS RUNS
"""
import json
import sys
import time

import torch
import torch.nn as nn
from torch.nn import functional as F

torch.set_num_threads(1)
vocab_size, block_size, n_embd, n_head, n_layer, batch_size, steps, runs = map(int, sys.argv[1:9])


class Head(nn.Module):
    def __init__(self, head_size):
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))

    def forward(self, x):
        B, T, C = x.shape
        k = self.key(x)
        q = self.query(x)
        wei = q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5
        wei = wei.masked_fill(self.tril[:T, :T] == 0, float("-inf"))
        wei = F.softmax(wei, dim=-1)
        return wei @ self.value(x)


class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, head_size):
        super().__init__()
        self.heads = nn.ModuleList([Head(head_size) for _ in range(num_heads)])
        self.proj = nn.Linear(head_size * num_heads, n_embd)

    def forward(self, x):
        return self.proj(torch.cat([h(x) for h in self.heads], dim=-1))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.sa = MultiHeadAttention(n_head, n_embd // n_head)
        self.ffwd = nn.Sequential(
            nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd)
        )
        self.ln1 = nn.LayerNorm(n_embd)
        self.ln2 = nn.LayerNorm(n_embd)

    def forward(self, x):
        x = x + self.sa(self.ln1(x))
        return x + self.ffwd(self.ln2(x))


class GPTLanguageModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, n_embd)
        self.position_embedding_table = nn.Embedding(block_size, n_embd)
        self.blocks = nn.Sequential(*[Block() for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size)

    def forward(self, idx, targets):
        B, T = idx.shape
        x = self.token_embedding_table(idx) + self.position_embedding_table(torch.arange(T))
        logits = self.lm_head(self.ln_f(self.blocks(x)))
        B, T, C = logits.shape
        return F.cross_entropy(logits.view(B * T, C), targets.view(B * T))


torch.manual_seed(1337)
model = GPTLanguageModel()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
xb = torch.randint(vocab_size, (batch_size, block_size))
yb = torch.randint(vocab_size, (batch_size, block_size))


def step():
    loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()


for _ in range(max(3, steps // 5)):
    step()  # warm-up
rates, cpu_rates = [], []
for _ in range(runs):
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    rates.append(steps / (time.perf_counter() - start))
    cpu_rates.append(steps / (time.process_time() - cpu))
blas = "unknown"
try:
    config = torch.__config__.show()
    blas = "OpenBLAS" if "openblas" in open("/proc/self/maps").read().lower() else blas
except OSError:
    pass
median = lambda xs: sorted(xs)[len(xs) // 2]
print(
    json.dumps(
        {
            "torch": torch.__version__,
            "blas": blas,
            "stepsPerSecond": median(rates),
            "cpuStepsPerSecond": median(cpu_rates),
            "runs": rates,
        }
    )
)
