#!/usr/bin/env python3
"""
Expected values for lecture 7's GPT test (reference/gpt/gpt.test.ts), computed by PyTorch.

Runs the lecture's code (tiny Shakespeare, the bigram model, the small GPT of the test's
config) with the lecture's seeds, and writes test/data/gpt-lecture.json:

- the text's facts the test needs without the text: its characters, the length of the data,
  encode("hii there"), and the first training batch after torch.manual_seed(1337);
- the bigram model's loss at initialisation, the 100 characters it generates untrained, and
  its loss after 100 AdamW steps on batches of 32 (the notebook's order of draws);
- nn.init.normal_ after torch.manual_seed(1337) on a (65, 8) and a (3, 4) tensor;
- the small GPT: every parameter after torch.manual_seed(1337) and _init_weights (Linear
  weights turned to the kit's (in, out) layout), the loss and last row of logits on the first
  batch, every parameter's gradient, the losses of three AdamW steps on that batch, and 20
  characters generated after torch.manual_seed(42).

Float tensors are {"shape", "bits"}: the base64 of their float32 little-endian bytes, exact.

Run:  /usr/bin/python3 tools/gpt-parity.py [TINYSHAKESPEARE] && npx biome format --write test/data/gpt-lecture.json
(TINYSHAKESPEARE defaults to data/tinyshakespeare.txt; GRADLINGS_SHAKESPEARE overrides it.)
"""
import base64
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXT = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get(
    "GRADLINGS_SHAKESPEARE", os.path.join(ROOT, "data", "tinyshakespeare.txt")
)
OUT = os.path.join(ROOT, "test", "data", "gpt-lecture.json")

# The test's GPT: the lecture's model at a size npm test can afford.
CONFIG = dict(vocabSize=65, blockSize=8, nEmbd=8, nHead=2, nLayer=2, dropout=0.0)


def bits(t):
    a = t.detach().to(torch.float32).contiguous().numpy().astype("<f4")
    return {"shape": list(t.shape), "bits": base64.b64encode(a.tobytes()).decode()}


with open(TEXT, "r", encoding="utf-8") as f:
    text = f.read()
chars = sorted(list(set(text)))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]
decode = lambda l: "".join([itos[i] for i in l])
data = torch.tensor(encode(text), dtype=torch.long)
n = int(0.9 * len(data))
train_data = data[:n]
val_data = data[n:]

batch_size = 4
block_size = 8


def get_batch(split):
    data = train_data if split == "train" else val_data
    ix = torch.randint(len(data) - block_size, (batch_size,))
    x = torch.stack([data[i : i + block_size] for i in ix])
    y = torch.stack([data[i + 1 : i + block_size + 1] for i in ix])
    return x, y


out = {
    "generator": "tools/gpt-parity.py",
    "torch": torch.__version__,
    "chars": "".join(chars),
    "dataLength": len(data),
    "hiiThere": encode("hii there"),
}

# ——— the notebook's first batch and bigram model ———
torch.manual_seed(1337)
xb, yb = get_batch("train")
out["firstBatch"] = {"x": xb.tolist(), "y": yb.tolist()}


class BigramLanguageModel(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, vocab_size)

    def forward(self, idx, targets=None):
        logits = self.token_embedding_table(idx)
        if targets is None:
            loss = None
        else:
            B, T, C = logits.shape
            logits = logits.view(B * T, C)
            targets = targets.view(B * T)
            loss = F.cross_entropy(logits, targets)
        return logits, loss

    def generate(self, idx, max_new_tokens):
        for _ in range(max_new_tokens):
            logits, loss = self(idx)
            logits = logits[:, -1, :]
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


torch.manual_seed(1337)
m = BigramLanguageModel(vocab_size)
logits, loss = m(xb, yb)
bigram = {"loss": loss.item()}
bigram["generated"] = decode(
    m.generate(idx=torch.zeros((1, 1), dtype=torch.long), max_new_tokens=100)[0].tolist()
)
optimizer = torch.optim.AdamW(m.parameters(), lr=1e-3)
batch_size = 32
for steps in range(100):
    xb32, yb32 = get_batch("train")
    logits, loss = m(xb32, yb32)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
bigram["lossAfter100Steps"] = loss.item()
out["bigram"] = bigram
batch_size = 4

# ——— the small GPT ———
n_embd = CONFIG["nEmbd"]
n_head = CONFIG["nHead"]
n_layer = CONFIG["nLayer"]
dropout = CONFIG["dropout"]
block_size = CONFIG["blockSize"]


class Head(nn.Module):
    def __init__(self, head_size):
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        B, T, C = x.shape
        k = self.key(x)
        q = self.query(x)
        wei = q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5
        wei = wei.masked_fill(self.tril[:T, :T] == 0, float("-inf"))
        wei = F.softmax(wei, dim=-1)
        wei = self.dropout(wei)
        v = self.value(x)
        return wei @ v


class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, head_size):
        super().__init__()
        self.heads = nn.ModuleList([Head(head_size) for _ in range(num_heads)])
        self.proj = nn.Linear(head_size * num_heads, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        out = torch.cat([h(x) for h in self.heads], dim=-1)
        return self.dropout(self.proj(out))


class FeedFoward(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_embd, 4 * n_embd),
            nn.ReLU(),
            nn.Linear(4 * n_embd, n_embd),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        return self.net(x)


class Block(nn.Module):
    def __init__(self, n_embd, n_head):
        super().__init__()
        head_size = n_embd // n_head
        self.sa = MultiHeadAttention(n_head, head_size)
        self.ffwd = FeedFoward(n_embd)
        self.ln1 = nn.LayerNorm(n_embd)
        self.ln2 = nn.LayerNorm(n_embd)

    def forward(self, x):
        x = x + self.sa(self.ln1(x))
        x = x + self.ffwd(self.ln2(x))
        return x


class GPTLanguageModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, n_embd)
        self.position_embedding_table = nn.Embedding(block_size, n_embd)
        self.blocks = nn.Sequential(*[Block(n_embd, n_head=n_head) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        tok_emb = self.token_embedding_table(idx)
        pos_emb = self.position_embedding_table(torch.arange(T))
        x = tok_emb + pos_emb
        x = self.blocks(x)
        x = self.ln_f(x)
        logits = self.lm_head(x)
        if targets is None:
            loss = None
        else:
            B, T, C = logits.shape
            logits = logits.view(B * T, C)
            targets = targets.view(B * T)
            loss = F.cross_entropy(logits, targets)
        return logits, loss

    def generate(self, idx, max_new_tokens):
        for _ in range(max_new_tokens):
            idx_cond = idx[:, -block_size:]
            logits, loss = self(idx_cond)
            logits = logits[:, -1, :]
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


def kit_layout(name, t):
    """A Linear's weight as the kit keeps it, (in, out)."""
    is_linear = name.endswith(".weight") and t.ndim == 2 and "embedding" not in name
    return t.t() if is_linear else t


# nn.init.normal_ alone, both of PyTorch's paths (16 elements and more; fewer).
torch.manual_seed(1337)
gpt_init = {"large": bits(nn.init.normal_(torch.empty(65, 8), mean=0.0, std=0.02))}
gpt_init["small"] = bits(nn.init.normal_(torch.empty(3, 4), mean=0.5, std=2.0))
out["normal_"] = gpt_init

torch.manual_seed(1337)
model = GPTLanguageModel()
named = list(model.named_parameters())
gpt = {"config": CONFIG, "parameterCount": sum(p.numel() for p in model.parameters())}
gpt["parameters"] = [dict(name=k, **bits(kit_layout(k, p))) for k, p in named]
logits, loss = model(xb, yb)
gpt["loss"] = loss.item()
gpt["logitsLastRow"] = bits(logits[-1])
loss.backward()
gpt["grads"] = [bits(kit_layout(k, p.grad)) for k, p in named]
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
losses = []
for step in range(3):
    logits, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
losses.append(model(xb, yb)[1].item())
gpt["adamwLosses"] = losses
torch.manual_seed(42)
context = torch.zeros((1, 1), dtype=torch.long)
gpt["generated"] = model.generate(context, max_new_tokens=20)[0].tolist()
out["gpt"] = gpt

with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {os.path.relpath(OUT, ROOT)}")
