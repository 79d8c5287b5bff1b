"""
The backprop lecture's exercise 4 in PyTorch 1.13, as its notebook runs it, for the kit's
`npm run train -- backprop` to be held against: the loss every 10,000 steps and the calibrated
train and val losses. The notebook draws bngain and bnbias from PyTorch's global generator
without seeding it; here that generator is seeded with GLOBAL_SEED (default 67280421310721,
where a stock PyTorch process starts it and where a fresh kit Generator starts), and the
hidden-64 model's two draws of cell 8 are made first, as in the notebook.

    python3 tools/backprop-run.py [GLOBAL_SEED] [STEPS]     (run from the repository, data/names.txt)
"""
import random
import sys

import torch
import torch.nn.functional as F
words = open('data/names.txt').read().splitlines()
chars = sorted(list(set(''.join(words))))
stoi = {s:i+1 for i,s in enumerate(chars)}; stoi['.']=0
block_size=3
def build(ws):
  X,Y=[],[]
  for w in ws:
    c=[0]*block_size
    for ch in w+'.':
      ix=stoi[ch]; X.append(c); Y.append(ix); c=c[1:]+[ix]
  return torch.tensor(X), torch.tensor(Y)
random.seed(42); random.shuffle(words)
n1=int(0.8*len(words)); n2=int(0.9*len(words))
Xtr,Ytr=build(words[:n1]); Xdev,Ydev=build(words[n1:n2])
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 67280421310721
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
torch.manual_seed(seed)
# cell 8 draws the hidden-64 model's bngain and bnbias from the global generator first
torch.randn((1,64)); torch.randn((1,64))
n_embd=10; n_hidden=200; vocab_size=27
g = torch.Generator().manual_seed(2147483647)
C  = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3)/((n_embd * block_size)**0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
bngain = torch.randn((1, n_hidden))*0.1 + 1.0
bnbias = torch.randn((1, n_hidden))*0.1
parameters=[C,W1,b1,W2,b2,bngain,bnbias]
n=32
with torch.no_grad():
  for i in range(steps):
    ix = torch.randint(0, Xtr.shape[0], (n,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]
    emb = C[Xb]; embcat = emb.view(emb.shape[0], -1)
    hprebn = embcat @ W1 + b1
    bnmean = hprebn.mean(0, keepdim=True)
    bnvar = hprebn.var(0, keepdim=True, unbiased=True)
    bnvar_inv = (bnvar + 1e-5)**-0.5
    bnraw = (hprebn - bnmean) * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)
    dlogits = F.softmax(logits, 1); dlogits[range(n), Yb] -= 1; dlogits /= n
    dh = dlogits @ W2.T; dW2 = h.T @ dlogits; db2 = dlogits.sum(0)
    dhpreact = (1.0 - h**2) * dh
    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnbias = dhpreact.sum(0, keepdim=True)
    dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0))
    dembcat = dhprebn @ W1.T; dW1 = embcat.T @ dhprebn; db1 = dhprebn.sum(0)
    demb = dembcat.view(emb.shape)
    dC = torch.zeros_like(C)
    dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd))  # the notebook's loop, vectorised
    grads=[dC,dW1,db1,dW2,db2,dbngain,dbnbias]
    lr = 0.1 if i < 100000 else 0.01
    for p, gr in zip(parameters, grads): p.data += -lr * gr
    if i % 10000 == 0: print(f'{i:7d}/{steps:7d}: {loss.item():.4f}', flush=True)
  emb = C[Xtr]; embcat = emb.view(emb.shape[0], -1); hpreact = embcat @ W1 + b1
  bnmean = hpreact.mean(0, keepdim=True); bnvar = hpreact.var(0, keepdim=True, unbiased=True)
  for name,(x,y) in [('train',(Xtr,Ytr)),('val',(Xdev,Ydev))]:
    emb = C[x]; embcat = emb.view(emb.shape[0], -1); hp = embcat @ W1 + b1
    hp = bngain * (hp - bnmean) * (bnvar + 1e-5)**-0.5 + bnbias
    h = torch.tanh(hp); logits = h @ W2 + b2
    print(name, F.cross_entropy(logits, y).item())
