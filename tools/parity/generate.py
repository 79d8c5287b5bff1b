#!/usr/bin/env python3
"""
Expected values for the kit's torch, computed by real PyTorch.

Writes one JSON file per concern under test/data/parity/. Each holds a header (which PyTorch
build, processor path and BLAS produced it) and a list of cases:

    { "id", "op", "dtype", "args", "inputs", "requiresGrad", "expected", "upstream", "grads" }

- `inputs` are tensors (encoded as below) handed to the op by name; `requiresGrad` names the
  ones that are leaves requiring gradients.
- `expected` is the list of the op's outputs (one tensor for most ops; values and indices for
  max over a dimension; a list for unbind), or {"error": message} when PyTorch refuses the
  call, or a string for the printing cases.
- `upstream` holds, per output, the gradient fed to backward() (null for a one-element output,
  whose backward() takes none, and for outputs without gradients); `grads` holds the `.grad`
  of each input named in `requiresGrad` afterwards.

A tensor is {"dtype", "shape"} with, for floating dtypes, "bits": the base64 of its elements'
little-endian IEEE bytes (so the test can count ulps and tell -0 from 0), and for integer and
bool dtypes "values": the numbers.

The op names are a small vocabulary that test/parity.test.ts implements again with the kit's
public API (see OPS below): a case says what to compute, not how.

Deterministic: inputs come from seeded generators and are stored, upstream gradients are drawn
from a generator seeded by the case's id, and PyTorch runs on one thread.

Run with the Debian python that has torch:  /usr/bin/python3 tools/parity/generate.py
"""
import base64
import json
import math
import os
import platform
import random
import re
import subprocess
import zlib

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "data", "parity")

# Reductions split their work by thread; one thread makes their order, and so their
# rounding, the same on every run.
torch.set_num_threads(1)

DTYPES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int32: "int32",
    torch.int64: "int64",
    torch.bool: "bool",
}
TORCH_DTYPES = {name: dtype for dtype, name in DTYPES.items()}
F32, F64, I64 = torch.float32, torch.float64, torch.int64

# ——— encoding ———


def enc(t):
    """A tensor as JSON: floats as the base64 of their little-endian bytes, the rest as numbers."""
    t = t.detach().contiguous()
    out = {"dtype": DTYPES[t.dtype], "shape": list(t.shape)}
    if t.dtype in (F32, F64):
        little = t.numpy().astype("<f4" if t.dtype == F32 else "<f8")
        out["bits"] = base64.b64encode(little.tobytes()).decode("ascii")
    else:
        out["values"] = [int(v) for v in t.flatten().tolist()]
    return out


# ——— the build that computed the expected values ———


def package_version(name):
    try:
        return subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def blas_in_use():
    """Which BLAS library the process loaded for a matrix product (Debian picks it by alternatives)."""
    (torch.ones(2, 2) @ torch.ones(2, 2)).sum()
    try:
        with open("/proc/self/maps") as maps:
            libraries = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return "unknown"
    # Only the library's own folder and name: where it sits on this machine is no one's business.
    names = sorted({"/".join(path.split("/")[-2:]) for path in libraries if ".so" in path})
    return ", ".join(names) or "none loaded"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def header():
    config = torch.__config__.show()
    capability = re.search(r"CPU capability usage: (\S+)", config)
    blas_info = re.search(r"BLAS_INFO=([^,]+)", config)
    return {
        "generator": "tools/parity/generate.py",
        "torch": torch.__version__,
        "debianPackage": "python3-torch " + package_version("python3-torch"),
        "cpuCapability": capability.group(1) if capability else "unknown",
        "blas": blas_in_use(),
        "blasPackage": "libopenblas0-pthread " + package_version("libopenblas0-pthread"),
        "blasInfo": blas_info.group(1) if blas_info else "unknown",
        "threads": torch.get_num_threads(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
    }


# ——— the ops: name -> fn(inputs, args) -> tensor or tuple of tensors ———


def listed(inputs):
    """The inputs named t0, t1, ... in order (for cat and stack)."""
    return [inputs[f"t{i}"] for i in range(len(inputs))]


def spread_op(name):
    """var and std: over everything or over a dim, with a correction (1, Bessel's, or 0)."""

    def run(i, a):
        dim = a.get("dim")
        dim = tuple(dim) if isinstance(dim, list) else dim
        return getattr(i["x"], name)(dim, correction=a["correction"], keepdim=a.get("keepdim", False))

    return run


def extreme_op(name):
    """max and min: the element over everything, or (values, indices) over a dim."""

    def run(i, a):
        if "dim" not in a:
            return getattr(i["x"], name)()
        result = getattr(i["x"], name)(a["dim"], keepdim=a.get("keepdim", False))
        return (result.values, result.indices)

    return run


def arg_op(name):
    def run(i, a):
        if "dim" not in a:
            return getattr(i["x"], name)()
        return getattr(i["x"], name)(a["dim"], keepdim=a.get("keepdim", False))

    return run


def sum_mean(name):
    def run(i, a):
        x = i["x"]
        if "dim" not in a:
            return getattr(x, name)()
        dim = tuple(a["dim"]) if isinstance(a["dim"], list) else a["dim"]
        return getattr(x, name)(dim, keepdim=a.get("keepdim", False))

    return run


def binary_op(name):
    def run(i, a):
        other = i["y"] if "y" in i else a["other"]
        return getattr(torch, name)(i["x"], other)

    return run


def random_calls(i, a):
    """A sequence of draws from one generator (seeded, or fresh when the seed is null)."""
    g = torch.Generator()
    if a["seed"] is not None:
        g.manual_seed(a["seed"])
    out = []
    for call in a["calls"]:
        fn = call["fn"]
        dtype = TORCH_DTYPES[call.get("dtype", "float32")]
        if fn == "rand":
            out.append(torch.rand(call["shape"], generator=g, dtype=dtype))
        elif fn == "randn":
            out.append(torch.randn(call["shape"], generator=g, dtype=dtype))
        elif fn == "randint":
            out.append(torch.randint(call["low"], call["high"], call["shape"], generator=g))
        elif fn == "multinomial":
            out.append(
                torch.multinomial(
                    i[call["probs"]], call["samples"], replacement=call["replacement"], generator=g
                )
            )
        else:
            raise ValueError(fn)
    return tuple(out)


def python_random(i, a):
    """Python's random module: seed, then random() draws and shuffles of range(n), in order."""
    r = random.Random(a["seed"])
    out = []
    for call in a["calls"]:
        if call["fn"] == "random":
            out.append(torch.tensor([r.random() for _ in range(call["count"])], dtype=F64))
        else:
            items = list(range(call["n"]))
            r.shuffle(items)
            out.append(torch.tensor(items, dtype=I64))
    return tuple(out)


def layer_norm_by_hand(i, a):
    """Lecture 7's LayerNorm forward: normalise each row over its last dimension."""
    x = i["x"]
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, keepdim=True, correction=0)
    return (x - mean) / torch.sqrt(var + a["eps"]) * i["gamma"] + i["beta"]


def batch_norm_by_hand(i, a):
    """Lecture 4's batch normalisation: each column over the batch, with std (correction 1)."""
    x = i["x"]
    return i["gain"] * (x - x.mean(0, keepdim=True)) / x.std(0, keepdim=True) + i["bias"]


def attention_head(i, a):
    """Lecture 7's masked self-attention head on given q, k, v of shape (B, T, head)."""
    q, k, v = i["q"], i["k"], i["v"]
    t = q.shape[1]
    wei = q @ k.transpose(-2, -1) * q.shape[-1] ** -0.5
    wei = wei.masked_fill(torch.tril(torch.ones(t, t)) == 0, float("-inf"))
    return F.softmax(wei, dim=-1) @ v


def mlp_loss(i, a):
    """Lecture 3's MLP: embed, flatten, tanh layer, logits, cross-entropy."""
    emb = i["C"][i["X"]]
    h = torch.tanh(emb.view(-1, a["flat"]) @ i["W1"] + i["b1"])
    return F.cross_entropy(h @ i["W2"] + i["b2"], i["Y"])


def nll_lecture(i, a):
    """Lecture 2's loss written out: exp, normalise with keepdim, pick, log, mean, negate."""
    counts = i["logits"].exp()
    probs = counts / counts.sum(1, keepdim=True)
    n = probs.shape[0]
    return -probs[torch.arange(n), i["targets"]].log().mean()


OPS = {
    # elementwise, one input
    **{name: (lambda name: lambda i, a: getattr(i["x"], name)())(name)
       for name in ["exp", "log", "tanh", "sigmoid", "sqrt", "abs", "neg", "relu", "log10"]},
    "pow": lambda i, a: i["x"] ** a["exponent"],
    "rpow": lambda i, a: a["base"] ** i["x"],
    "clamp": lambda i, a: i["x"].clamp(a.get("min"), a.get("max")),
    # elementwise, two inputs (a tensor y, or a number `other`)
    **{name: binary_op(name) for name in ["add", "sub", "mul", "div", "gt", "lt", "ge", "le", "eq", "ne"]},
    "where": lambda i, a: torch.where(i["cond"], i["x"], i["y"]),
    "masked_fill": lambda i, a: i["x"].masked_fill(i["mask"], a["value"]),
    # reductions
    "sum": sum_mean("sum"),
    "mean": sum_mean("mean"),
    "var": spread_op("var"),
    "std": spread_op("std"),
    "max": extreme_op("max"),
    "min": extreme_op("min"),
    "argmax": arg_op("argmax"),
    "argmin": arg_op("argmin"),
    "softmax": lambda i, a: F.softmax(i["x"], a["dim"]),
    "log_softmax": lambda i, a: F.log_softmax(i["x"], a["dim"]),
    # products
    "matmul": lambda i, a: i["a"] @ i["b"],
    # creation
    "linspace": lambda i, a: torch.linspace(a["start"], a["end"], a["steps"], dtype=TORCH_DTYPES[a["dtype"]]),
    "arange": lambda i, a: torch.arange(*a["range"]),
    "tensor": lambda i, a: torch.tensor(a["data"], dtype=TORCH_DTYPES[a["dtype"]]) if "dtype" in a else torch.tensor(a["data"]),
    "one_hot": lambda i, a: F.one_hot(i["x"], a["classes"]),
    # indexing and shapes
    "index": lambda i, a: i["x"][i["index"]],
    "index_pairs": lambda i, a: i["x"][i["rows"], i["cols"]],
    "select": lambda i, a: i["x"].select(a["dim"], a["index"]),
    "narrow": lambda i, a: i["x"].narrow(a["dim"], a["start"], a["length"]),
    "T": lambda i, a: i["x"].T,
    "transpose": lambda i, a: i["x"].transpose(a["dim0"], a["dim1"]),
    "view": lambda i, a: i["x"].view(*a["shape"]),
    "squeeze": lambda i, a: i["x"].squeeze(a["dim"]),
    "unsqueeze": lambda i, a: i["x"].unsqueeze(a["dim"]),
    "cat": lambda i, a: torch.cat(listed(i), a["dim"]),
    "stack": lambda i, a: torch.stack(listed(i), a["dim"]),
    "unbind": lambda i, a: i["x"].unbind(a["dim"]),
    "cat_unbind": lambda i, a: torch.cat(torch.unbind(i["x"], a["dim"]), a["dim"]),
    "tril": lambda i, a: torch.tril(i["x"]),
    # conversions, for the printing cases
    "identity": lambda i, a: i["x"],
    "double": lambda i, a: i["x"].double(),
    # losses and the lectures' compositions
    "cross_entropy": lambda i, a: F.cross_entropy(i["logits"], i["targets"]),
    "nll_lecture": nll_lecture,
    "layer_norm_by_hand": layer_norm_by_hand,
    "batch_norm_by_hand": batch_norm_by_hand,
    "attention_head": attention_head,
    "mlp_loss": mlp_loss,
    # random numbers
    "generator": random_calls,
    "py_random": python_random,
}


def first_output(value):
    return value[0] if isinstance(value, (tuple, list)) else value


def printed(i, a):
    """repr() of an op's (first) output: `of` names the op, the other args are its own."""
    return repr(first_output(OPS[a["of"]](i, a)))


def shape_printed(i, a):
    return repr(first_output(OPS[a["of"]](i, a)).shape)


def dtype_printed(i, a):
    return str(first_output(OPS[a["of"]](i, a)).dtype)


OPS["repr"] = printed
OPS["repr_shape"] = shape_printed
OPS["str_dtype"] = dtype_printed

# ——— running a case ———


def json_args(value):
    """Args as JSON: a number JSON cannot spell (inf, -inf, nan) becomes {"number": "-Infinity"}."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"number": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, dict):
        return {k: json_args(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_args(v) for v in value]
    return value


def upstream_for(case_id, t):
    """A fixed random upstream gradient for a non-scalar output, seeded by the case's id."""
    g = torch.Generator().manual_seed(zlib.crc32(case_id.encode()))
    return torch.randn(t.shape, generator=g, dtype=t.dtype)


def make_case(case_id, op, inputs=None, args=None, grad=(), dtype=None):
    """Runs `op` with PyTorch on the inputs (leaves; those named in `grad` require gradients)."""
    inputs = inputs or {}
    args = args or {}
    leaves = {}
    for name, t in inputs.items():
        leaf = t.detach().clone()
        if name in grad:
            leaf.requires_grad_(True)
        leaves[name] = leaf
    case = {"id": case_id, "op": op}
    if dtype is None:
        # The first floating input's dtype; else the first input's (integers); else the args'.
        floats = [t.dtype for t in inputs.values() if t.dtype in (F32, F64)]
        first = [t.dtype for t in inputs.values()]
        dtype = DTYPES[(floats or first)[0]] if first else args.get("dtype")
    if dtype is not None:
        case["dtype"] = dtype
    case["args"] = json_args(args)
    case["inputs"] = {name: enc(t) for name, t in inputs.items()}
    if grad:
        case["requiresGrad"] = list(grad)
    try:
        result = OPS[op](leaves, args)
    except (RuntimeError, ValueError, TypeError, IndexError) as error:
        case["expected"] = {"error": str(error).splitlines()[0]}
        return case
    if isinstance(result, str):
        case["expected"] = result
        return case
    outputs = list(result) if isinstance(result, (tuple, list)) else [result]
    case["expected"] = [enc(t) for t in outputs]
    if grad:
        roots, upstreams = [], []
        for k, t in enumerate(outputs):
            if not t.requires_grad:
                upstreams.append(None)
                continue
            if t.numel() == 1 and len(outputs) == 1:
                roots.append((t, None))
                upstreams.append(None)
            else:
                u = upstream_for(f"{case_id}#{k}", t)
                roots.append((t, u))
                upstreams.append(enc(u))
        for t, u in roots:
            t.backward(u)
        case["upstream"] = upstreams
        case["grads"] = {name: enc(leaves[name].grad) for name in grad}
    return case


# ——— inputs ———


def gen(seed):
    return torch.Generator().manual_seed(seed)


def values(numbers, dtype):
    return torch.tensor(numbers, dtype=dtype)


INF, NAN = math.inf, math.nan
TINY32 = 1.401298464324817e-45  # the smallest float32 (a subnormal)
TINY64 = 5e-324
BIG32 = 3.4028234663852886e38  # the largest float32

# Values every elementwise op meets: signed zeros, subnormals, the largest finite, infinities, nan.
COMMON = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, 10.0, 100.0, 1e-7, 1e-30, 1e30, -1e30, INF, -INF, NAN]

HARD = {
    # exp overflows past 88.72 in float32 (709.78 in float64) and underflows through subnormals.
    "exp": [88.7, 88.72, 88.73, 89.0, -87.3, -88.0, -103.0, -104.0, -150.0, 20.0, -20.0,
            0.6931472, 1e-8, 709.7, 709.8, -745.0, -746.0],
    # log of negatives is nan, of zeros -inf; subnormals and values next to 1.
    "log": [-1.0, -1e-30, 1e-40, 0.9999999, 1.0000001, 2.7182817, 1e38, 1e-300],
    "log10": [-1.0, 1e-40, 0.1, 1000.0, 1e38, 0.9999999],
    # tanh saturates to ±1 by |x| ≈ 9 (float32) and 19.1 (float64): ±20 must give ±1.
    "tanh": [20.0, -20.0, 9.0, -9.0, 19.0, -19.0, 0.55, -0.55, 0.625, 5.0, -5.0, 0.1, 1e-8],
    "sigmoid": [20.0, -20.0, 88.0, -88.0, 100.0, -100.0, 15.0, -15.0, 710.0, -710.0],
    "sqrt": [-1.0, -1e-30, 1e-40, 4.0, 2.0, 1e38, 1e-300],
    "abs": [-3.5, -1e-40],
    "neg": [-3.5, 1e-40],
    "relu": [-3.5, 1e-40, -1e-40],
}


def elementwise_input(op, dtype, seed):
    """Hard values first, then ordinary ones: enough elements (over 16) for PyTorch's vectorised
    loop as well as its scalar tail to produce some of them."""
    hard = COMMON + HARD.get(op, []) + ([TINY32, -TINY32, BIG32, -BIG32] if dtype == F32 else [TINY64, -TINY64, 1.7e308])
    g = gen(seed)
    if op in ("log", "log10", "sqrt"):
        ordinary = torch.rand(64, generator=g, dtype=F64) * 50 + torch.rand(64, generator=g, dtype=F64) * 1e-3
    elif op == "exp":
        ordinary = torch.randn(64, generator=g, dtype=F64) * 20
    else:
        ordinary = torch.randn(64, generator=g, dtype=F64) * 4
    return torch.cat([values(hard, F64), ordinary]).to(dtype)


# ——— the groups ———


def random_cases():
    cases = []
    seeds = [2147483647, 42]
    for dtype in ("float32", "float64"):
        for seed in seeds:
            for n in (1, 7, 15, 16, 17, 100, 1000):
                if seed == 42 and n in (1000,):
                    continue
                for fn in ("rand", "randn"):
                    cases.append(make_case(
                        f"random/{fn}/{dtype}/seed{seed}/n{n}", "generator",
                        args={"seed": seed, "calls": [{"fn": fn, "shape": [n], "dtype": dtype}]},
                        dtype=dtype))
        # Shapes, and draws that follow each other on one generator: the scalar path keeps the
        # second normal of each pair for the next call; the vectorised one does not.
        cases.append(make_case(
            f"random/randn/{dtype}/sequence", "generator",
            args={"seed": 2147483647, "calls": [
                {"fn": "randn", "shape": [1], "dtype": dtype},
                {"fn": "randn", "shape": [3], "dtype": dtype},
                {"fn": "randn", "shape": [16], "dtype": dtype},
                {"fn": "randn", "shape": [1], "dtype": dtype},
                {"fn": "rand", "shape": [2], "dtype": dtype},
                {"fn": "randn", "shape": [27, 27], "dtype": dtype},
                {"fn": "randn", "shape": [5], "dtype": dtype}]},
            dtype=dtype))
        cases.append(make_case(
            f"random/randn/{dtype}/lecture-shapes", "generator",
            args={"seed": 2147483647, "calls": [
                {"fn": "randn", "shape": [27, 2], "dtype": dtype},
                {"fn": "randn", "shape": [6, 100], "dtype": dtype},
                {"fn": "randn", "shape": [100], "dtype": dtype}]},
            dtype=dtype))
    # A generator never seeded starts from PyTorch's default seed, 67280421310721.
    cases.append(make_case("random/rand/float32/unseeded", "generator",
                           args={"seed": None, "calls": [{"fn": "rand", "shape": [5]}]}, dtype="float32"))
    cases.append(make_case("random/rand/float32/seed-above-32-bits", "generator",
                           args={"seed": 2**40 + 12345, "calls": [{"fn": "rand", "shape": [5]}]}, dtype="float32"))
    for low, high, shape, seed in [(0, 27, [32], 2147483647), (0, 182625, [32], 2147483647),
                                   (-5, 5, [4, 5], 42), (0, 2**31 - 1, [10], 42), (0, 2**33, [6], 42)]:
        cases.append(make_case(
            f"random/randint/{low}-{high}/seed{seed}", "generator",
            args={"seed": seed, "calls": [{"fn": "randint", "low": low, "high": high, "shape": shape}]},
            dtype="int64"))
    # multinomial: lecture-like probabilities (counts + 1, normalised), rows, float64.
    counts = torch.randint(0, 500, (3, 27), generator=gen(7)).float() + 1
    p = counts / counts.sum(1, keepdim=True)
    for dtype, probs in (("float32", p), ("float64", p.double())):
        for samples, replacement in ((1, True), (20, True), (1, False), (5, False), (27, False)):
            for rows in ("row", "rows"):
                x = probs[0] if rows == "row" else probs
                cases.append(make_case(
                    f"random/multinomial/{dtype}/{rows}/{samples}-{'with' if replacement else 'without'}",
                    "generator", inputs={"p": x},
                    args={"seed": 2147483647, "calls": [
                        {"fn": "multinomial", "probs": "p", "samples": samples, "replacement": replacement}]}))
    # Unnormalised counts, with zeros: multinomial normalises itself; a zero is never drawn.
    raw = torch.tensor([0.0, 3.0, 0.0, 1.0, 6.0, 0.0, 2.0])
    cases.append(make_case("random/multinomial/float32/unnormalised-with-zeros", "generator",
                           inputs={"p": raw},
                           args={"seed": 42, "calls": [
                               {"fn": "multinomial", "probs": "p", "samples": 50, "replacement": True},
                               {"fn": "multinomial", "probs": "p", "samples": 4, "replacement": False}]}))
    cases.append(make_case("random/multinomial/float32/sampling-loop", "generator",
                           inputs={"p": probs[1]},
                           args={"seed": 2147483647, "calls": [
                               {"fn": "multinomial", "probs": "p", "samples": 1, "replacement": True}] * 10}))
    # Python's random module (the lecture's train/dev/test split).
    for seed, calls in [
        (42, [{"fn": "random", "count": 10}]),
        (42, [{"fn": "shuffle", "n": 1000}]),
        (0, [{"fn": "random", "count": 3}, {"fn": "shuffle", "n": 10}, {"fn": "random", "count": 3}]),
        (2**40 + 7, [{"fn": "shuffle", "n": 5}, {"fn": "random", "count": 5}]),
        (-3, [{"fn": "random", "count": 2}]),
    ]:
        name = "-".join(f"{c['fn']}{c.get('count', c.get('n'))}" for c in calls)
        cases.append(make_case(f"random/py_random/seed{seed}/{name}", "py_random",
                               args={"seed": seed, "calls": calls}, dtype="float64"))
    return cases


def elementwise_cases():
    cases = []
    upstream_grad = ("x",)
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        for k, op in enumerate(["exp", "log", "tanh", "sigmoid", "sqrt", "abs", "neg", "relu", "log10"]):
            x = elementwise_input(op, dtype, 100 + k)
            cases.append(make_case(f"elementwise/{op}/{dn}", op, {"x": x}, grad=upstream_grad))
        for k, exponent in enumerate([2, 3, 0.5, -1, 1.5, -0.5, 0, -2]):
            x = elementwise_input("pow", dtype, 200 + k)
            cases.append(make_case(f"elementwise/pow/{dn}/exponent{exponent}", "pow", {"x": x},
                                   {"exponent": exponent}, grad=upstream_grad))
        # 10 ** x, the lecture's learning rates (lrs = 10**lre).
        lre = torch.linspace(-3, 0, 1000, dtype=dtype)
        cases.append(make_case(f"elementwise/rpow/{dn}/ten-to-linspace", "rpow", {"x": lre}, {"base": 10}))
        x = elementwise_input("clamp", dtype, 300)
        cases.append(make_case(f"elementwise/clamp/{dn}/both", "clamp", {"x": x}, {"min": -1.0, "max": 2.5},
                               grad=upstream_grad))
        cases.append(make_case(f"elementwise/clamp/{dn}/min", "clamp", {"x": x}, {"min": 1e-8}, grad=upstream_grad))

        # Binary ops: same shapes with hard pairs, every broadcast the lectures meet, numbers.
        hard_x = values([0.0, -0.0, 1.0, INF, -INF, NAN, 1.0, -1.0, 0.0, 3.0, 1e30, 1e-30, 7.0, -2.5, 0.1, 1e-40], F64)
        hard_y = values([0.0, 0.0, 0.0, INF, INF, 1.0, -0.0, 3.0, -0.0, 7.0, 1e30, 1e10, -INF, 0.1, 0.3, 1e-40], F64)
        g = gen(400)
        shapes = {
            "same": ((5, 6), (5, 6)),
            "row": ((5, 6), (6,)),
            "column": ((5, 6), (5, 1)),
            "outer": ((5, 1), (1, 6)),
            "scalar-tensor": ((5, 6), ()),
        }
        for op in ("add", "sub", "mul", "div"):
            a = torch.cat([hard_x, torch.randn(32, generator=g, dtype=F64) * 3]).to(dtype)
            b = torch.cat([hard_y, torch.randn(32, generator=g, dtype=F64) * 3]).to(dtype)
            cases.append(make_case(f"elementwise/{op}/{dn}/hard", op, {"x": a, "y": b}, grad=("x", "y")))
            for name, (sa, sb) in shapes.items():
                a = torch.randn(sa, generator=g, dtype=dtype)
                b = torch.randn(sb, generator=g, dtype=dtype)
                cases.append(make_case(f"elementwise/{op}/{dn}/{name}", op, {"x": a, "y": b}, grad=("x", "y")))
            # A number on the right: PyTorch rounds it to the tensor's dtype first.
            a = torch.randn(5, 6, generator=g, dtype=dtype)
            for number in (2, 0.1, -0.1, 1e-5, 3):
                cases.append(make_case(f"elementwise/{op}/{dn}/number{number}", op, {"x": a}, {"other": number},
                                       grad=("x",)))
        for op in ("gt", "lt", "ge", "le", "eq", "ne"):
            cases.append(make_case(f"elementwise/{op}/{dn}/hard", op, {"x": hard_x.to(dtype), "y": hard_y.to(dtype)}))
            a = torch.randn(4, 5, generator=g, dtype=dtype).round()
            b = torch.randn(5, generator=g, dtype=dtype).round()
            cases.append(make_case(f"elementwise/{op}/{dn}/row", op, {"x": a, "y": b}))
            cases.append(make_case(f"elementwise/{op}/{dn}/number", op, {"x": a}, {"other": 0}))
        a = torch.randn(4, 5, generator=g, dtype=dtype)
        b = torch.randn(4, 5, generator=g, dtype=dtype)
        cond = torch.randn(4, 5, generator=g) > 0
        cases.append(make_case(f"elementwise/where/{dn}", "where", {"cond": cond, "x": a, "y": b}, grad=("x", "y")))
        mask = torch.tril(torch.ones(5, 5)) == 0
        cases.append(make_case(f"elementwise/masked_fill/{dn}/minus-inf", "masked_fill",
                               {"x": torch.randn(5, 5, generator=g, dtype=dtype), "mask": mask},
                               {"value": -INF}, grad=("x",)))
    # Mixed dtypes, and integers, as the lectures meet them.
    g = gen(500)
    a32 = torch.randn(3, 4, generator=g)
    a64 = torch.randn(3, 4, generator=g, dtype=F64)
    counts = torch.randint(0, 20, (3, 4), generator=g)
    cases.append(make_case("elementwise/add/mixed/float32-float64", "add", {"x": a32, "y": a64}, grad=("x", "y")))
    cases.append(make_case("elementwise/mul/mixed/int64-float32", "mul", {"x": counts, "y": a32}, grad=("y",)))
    cases.append(make_case("elementwise/add/int64/number", "add", {"x": counts}, {"other": 1}))
    cases.append(make_case("elementwise/add/int64/float-number", "add", {"x": counts}, {"other": 0.5}))
    cases.append(make_case("elementwise/div/int64/true-division", "div",
                           {"x": counts, "y": counts.sum(1, keepdim=True)}))
    cases.append(make_case("elementwise/mul/int64/tensor", "mul", {"x": counts, "y": counts}))
    cases.append(make_case("elementwise/neg/int64", "neg", {"x": counts}))
    cases.append(make_case("elementwise/exp/int64", "exp", {"x": counts}))
    cases.append(make_case("elementwise/pow/int64/exponent2", "pow", {"x": counts}, {"exponent": 2}))
    return cases


def reduction_cases():
    cases = []
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        g = gen(600 if dtype == F32 else 601)
        x2 = torch.randn(5, 7, generator=g, dtype=dtype)
        x3 = torch.randn(3, 4, 5, generator=g, dtype=dtype)
        big = torch.randn(1000, generator=g, dtype=dtype)
        positive = torch.rand(8, 27, generator=g, dtype=dtype) * 10
        ties = torch.tensor([[1.0, 3.0, 3.0, -2.0], [0.0, -1.0, -1.0, 0.0], [5.0, 5.0, 5.0, 5.0]], dtype=dtype)
        inputs = {"2d": x2, "3d": x3, "1000": big, "positive": positive}
        for op in ("sum", "mean"):
            for name, x in inputs.items():
                # The 1000 elements show PyTorch's cascade sum; their gradient adds nothing new.
                cases.append(make_case(f"reductions/{op}/{dn}/{name}/all", op, {"x": x},
                                       grad=() if name == "1000" else ("x",)))
                if name == "positive":
                    # The lecture's P / P.sum(1, keepdim=True) on 27 columns.
                    cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim1-keepdim", op, {"x": x},
                                           {"dim": 1, "keepdim": True}, grad=("x",)))
                if name in ("1000", "positive"):
                    continue
                for dim in range(x.dim()):
                    # keepdim changes the shape only: once (over dim 1) is enough.
                    for keepdim in (False, True) if dim == 1 else (False,):
                        cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim{dim}{'-keepdim' if keepdim else ''}",
                                               op, {"x": x}, {"dim": dim, "keepdim": keepdim}, grad=("x",)))
            cases.append(make_case(f"reductions/{op}/{dn}/3d/dim-1-keepdim", op, {"x": x3}, {"dim": -1, "keepdim": True},
                                   grad=("x",)))
            cases.append(make_case(f"reductions/{op}/{dn}/3d/dims0,1-keepdim", op, {"x": x3},
                                   {"dim": [0, 1], "keepdim": True}, grad=("x",)))
        for op in ("var", "std"):
            for correction in (0, 1):
                for name, x in (("2d", x2), ("3d", x3), ("1000", big))[: 3 if op == "var" else 2]:
                    cases.append(make_case(f"reductions/{op}/{dn}/{name}/all/correction{correction}", op, {"x": x},
                                           {"correction": correction}, grad=() if name == "1000" else ("x",)))
                cases.append(make_case(f"reductions/{op}/{dn}/2d/dim0-keepdim/correction{correction}", op, {"x": x2},
                                       {"dim": 0, "keepdim": True, "correction": correction}, grad=("x",)))
                cases.append(make_case(f"reductions/{op}/{dn}/3d/dim-1-keepdim/correction{correction}", op, {"x": x3},
                                       {"dim": -1, "keepdim": True, "correction": correction}, grad=("x",)))
                cases.append(make_case(f"reductions/{op}/{dn}/3d/dim1/correction{correction}", op, {"x": x3},
                                       {"dim": 1, "correction": correction}, grad=("x",)))
        for op in ("max", "min"):
            for name, x in (("2d", x2), ("3d", x3), ("ties", ties)):
                cases.append(make_case(f"reductions/{op}/{dn}/{name}/all", op, {"x": x}, grad=("x",)))
                for dim in range(x.dim()):
                    # keepdim changes the shape only: once (over dim 1) is enough.
                    for keepdim in (False, True) if dim == 1 else (False,):
                        cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim{dim}{'-keepdim' if keepdim else ''}",
                                               op, {"x": x}, {"dim": dim, "keepdim": keepdim}, grad=("x",)))
        for op in ("argmax", "argmin"):
            for name, x in (("2d", x2), ("ties", ties)):
                cases.append(make_case(f"reductions/{op}/{dn}/{name}/all", op, {"x": x}))
                for dim in (0, 1):
                    cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim{dim}", op, {"x": x}, {"dim": dim}))
                cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim1-keepdim", op, {"x": x},
                                       {"dim": 1, "keepdim": True}))
        logits = torch.randn(6, 27, generator=g, dtype=dtype) * 3
        for op in ("softmax", "log_softmax"):
            for name, x in (("2d", logits), ("3d", x3)):
                for dim in list(range(x.dim())) + [-1]:
                    cases.append(make_case(f"reductions/{op}/{dn}/{name}/dim{dim}", op, {"x": x}, {"dim": dim},
                                           grad=("x",)))
            wide = torch.tensor([[1000.0, 0.0, -1000.0], [-INF, 0.0, 1.0], [88.0, 89.0, 90.0]], dtype=dtype)
            cases.append(make_case(f"reductions/{op}/{dn}/extreme/dim1", op, {"x": wide}, {"dim": 1}))
    counts = torch.randint(0, 100, (4, 27), generator=gen(602))
    cases.append(make_case("reductions/sum/int64/dim1-keepdim", "sum", {"x": counts}, {"dim": 1, "keepdim": True}))
    cases.append(make_case("reductions/sum/int64/all", "sum", {"x": counts}))
    cases.append(make_case("reductions/sum/int32/all", "sum", {"x": counts.int()}))
    cases.append(make_case("reductions/max/int64/dim1", "max", {"x": counts}, {"dim": 1}))
    cases.append(make_case("reductions/mean/int64/refused", "mean", {"x": counts}))
    return cases


def matmul_cases():
    cases = []
    shapes = [
        ("2d@2d", (4, 5), (5, 3)),
        ("layer", (32, 6), (6, 20)),
        ("1d@2d", (5,), (5, 3)),
        ("2d@1d", (4, 5), (5,)),
        ("1d@1d", (5,), (5,)),
        ("3d@3d", (2, 4, 5), (2, 5, 3)),
        ("3d@2d", (2, 4, 5), (5, 3)),
        ("3d@1d", (2, 4, 5), (5,)),
    ]
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        g = gen(700 if dtype == F32 else 701)
        for name, sa, sb in shapes:
            a = torch.randn(sa, generator=g, dtype=dtype)
            b = torch.randn(sb, generator=g, dtype=dtype)
            cases.append(make_case(f"matmul/{dn}/{name}", "matmul", {"a": a, "b": b}, grad=("a", "b")))
        # The neural bigram: one-hot rows (as floats) times W picks rows of W exactly.
        xs = torch.tensor([0, 5, 13, 13, 1])
        xenc = F.one_hot(xs, 27).to(dtype)
        w = torch.randn(27, 27, generator=g, dtype=dtype)
        cases.append(make_case(f"matmul/{dn}/one-hot", "matmul", {"a": xenc, "b": w}, grad=("b",)))
    g = gen(702)
    cases.append(make_case("matmul/mixed/float32@float64", "matmul",
                           {"a": torch.randn(2, 3, generator=g), "b": torch.randn(3, 2, generator=g, dtype=F64)}))
    cases.append(make_case("matmul/mixed/int64@float32", "matmul",
                           {"a": F.one_hot(torch.tensor([1, 2]), 3), "b": torch.randn(3, 2, generator=g)}))
    return cases


def creation_cases():
    cases = []
    for dn in ("float32", "float64"):
        for start, end, steps in [(-3, 0, 1000), (0, 1, 11), (-1, 1, 5), (0, 1, 1), (1, 10, 100), (0.001, 1, 7),
                                  (5, -5, 9), (0, 1, 0)]:
            cases.append(make_case(f"creation/linspace/{dn}/{start},{end},{steps}", "linspace",
                                   args={"start": start, "end": end, "steps": steps, "dtype": dn}))
    for r in [[5], [2, 5], [10, 0, -3], [0, 1, 0.1], [-3, 0, 0.25], [0.5, 4], [1, 2, 0.3]]:
        cases.append(make_case(f"creation/arange/{','.join(map(str, r))}", "arange", args={"range": r}))
    for name, data, dtype in [
        ("fractions", [0.1, 1 / 3, 2.5, -0.7], None),
        ("float32-limits", [1e-40, TINY32, BIG32, 1e39, -1e39], "float32"),
        ("float64", [0.1, 1 / 3, 1e-320, 1e300], "float64"),
        ("integers", [[1, 2, 3], [4, 5, 6]], None),
        ("int32", [1, -2, 2**31 - 1], "int32"),
    ]:
        args = {"data": data, **({"dtype": dtype} if dtype else {})}
        cases.append(make_case(f"creation/tensor/{name}", "tensor", args=args, dtype=dtype or "auto"))
    for name, idx, classes in [("1d", torch.tensor([0, 5, 13, 13, 1]), 27), ("2d", torch.tensor([[0, 1, 2], [4, 3, 0]]), 5),
                               ("out-of-range", torch.tensor([5]), 5)]:
        cases.append(make_case(f"creation/one_hot/{name}", "one_hot", {"x": idx}, {"classes": classes}))
    return cases


def indexing_cases():
    cases = []
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        g = gen(800 if dtype == F32 else 801)
        C = torch.randn(27, 2, generator=g, dtype=dtype)
        X = torch.randint(0, 27, (8, 3), generator=g)
        cases.append(make_case(f"indexing/index/{dn}/embedding", "index", {"x": C, "index": X}, grad=("x",)))
        cases.append(make_case(f"indexing/index/{dn}/negative", "index",
                               {"x": C, "index": torch.tensor([-1, 0, -27, 5, -1])}, grad=("x",)))
        cases.append(make_case(f"indexing/index/{dn}/repeated", "index",
                               {"x": C, "index": torch.tensor([[3, 3, 3], [3, 0, 3]])}, grad=("x",)))
        cases.append(make_case(f"indexing/index/{dn}/out-of-range", "index", {"x": C, "index": torch.tensor([27])}))
        P = torch.rand(5, 27, generator=g, dtype=dtype)
        rows = torch.arange(5)
        cols = torch.randint(0, 27, (5,), generator=g)
        cases.append(make_case(f"indexing/index_pairs/{dn}/arange-targets", "index_pairs",
                               {"x": P, "rows": rows, "cols": cols}, grad=("x",)))
        cases.append(make_case(f"indexing/index_pairs/{dn}/negative", "index_pairs",
                               {"x": P, "rows": torch.tensor([-1, 0]), "cols": torch.tensor([-27, -1])}, grad=("x",)))
        x3 = torch.randn(4, 3, 2, generator=g, dtype=dtype)
        for dim, i in ((0, 0), (0, -1), (0, 2), (1, 0), (1, -1), (2, 1)):
            cases.append(make_case(f"indexing/select/{dn}/dim{dim}/{i}", "select", {"x": x3}, {"dim": dim, "index": i},
                                   grad=("x",)))
        cases.append(make_case(f"indexing/select/{dn}/2d-row", "select", {"x": P}, {"dim": 0, "index": 0}, grad=("x",)))
        for dim, start, length in ((0, 1, 2), (1, 0, 2), (1, 1, 2)):
            cases.append(make_case(f"indexing/narrow/{dn}/dim{dim}/{start}+{length}", "narrow", {"x": x3},
                                   {"dim": dim, "start": start, "length": length}, grad=("x",)))
    counts = torch.randint(0, 50, (27, 27), generator=gen(802), dtype=torch.int32)
    cases.append(make_case("indexing/select/int32/counts-row", "select", {"x": counts}, {"dim": 0, "index": 0}))
    cases.append(make_case("indexing/index_pairs/int32/counts", "index_pairs",
                           {"x": counts, "rows": torch.tensor([0, 1, 26]), "cols": torch.tensor([5, 0, 0])}))
    return cases


def shape_cases():
    cases = []
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        g = gen(900 if dtype == F32 else 901)
        x2 = torch.randn(3, 4, generator=g, dtype=dtype)
        x3 = torch.randn(8, 3, 2, generator=g, dtype=dtype)
        cases.append(make_case(f"shapes/T/{dn}", "T", {"x": x2}, grad=("x",)))
        cases.append(make_case(f"shapes/T/{dn}/column", "T", {"x": torch.randn(4, 1, generator=g, dtype=dtype)},
                               grad=("x",)))
        cases.append(make_case(f"shapes/transpose/{dn}/2d", "transpose", {"x": x2}, {"dim0": 0, "dim1": 1}, grad=("x",)))
        cases.append(make_case(f"shapes/transpose/{dn}/3d-last-two", "transpose", {"x": x3}, {"dim0": -2, "dim1": -1},
                               grad=("x",)))
        for shape in ([-1, 6], [8, 6], [24, -1], [48]):
            cases.append(make_case(f"shapes/view/{dn}/{'x'.join(map(str, shape))}", "view", {"x": x3}, {"shape": shape},
                                   grad=("x",)))
        cases.append(make_case(f"shapes/view/{dn}/bad", "view", {"x": x3}, {"shape": [5, -1]}))
        cases.append(make_case(f"shapes/unsqueeze/{dn}/0", "unsqueeze", {"x": x2}, {"dim": 0}, grad=("x",)))
        cases.append(make_case(f"shapes/unsqueeze/{dn}/-1", "unsqueeze", {"x": x2}, {"dim": -1}, grad=("x",)))
        cases.append(make_case(f"shapes/squeeze/{dn}/1", "squeeze", {"x": torch.randn(4, 1, generator=g, dtype=dtype)},
                               {"dim": 1}, grad=("x",)))
        cases.append(make_case(f"shapes/squeeze/{dn}/not-one", "squeeze", {"x": x2}, {"dim": 0}, grad=("x",)))
        y2 = torch.randn(3, 2, generator=g, dtype=dtype)
        cases.append(make_case(f"shapes/cat/{dn}/dim1", "cat", {"t0": x2, "t1": y2}, {"dim": 1}, grad=("t0", "t1")))
        cases.append(make_case(f"shapes/cat/{dn}/dim0", "cat", {"t0": x2, "t1": x2 * 2}, {"dim": 0}, grad=("t0", "t1")))
        cases.append(make_case(f"shapes/stack/{dn}/dim0", "stack", {"t0": x2, "t1": x2 + 1, "t2": x2 * 3}, {"dim": 0},
                               grad=("t0", "t1", "t2")))
        cases.append(make_case(f"shapes/stack/{dn}/dim-1", "stack", {"t0": x2, "t1": x2 - 1}, {"dim": -1},
                               grad=("t0", "t1")))
        cases.append(make_case(f"shapes/unbind/{dn}/dim1", "unbind", {"x": x3}, {"dim": 1}, grad=("x",)))
        cases.append(make_case(f"shapes/cat_unbind/{dn}/lecture", "cat_unbind", {"x": x3}, {"dim": 1}, grad=("x",)))
        cases.append(make_case(f"shapes/tril/{dn}", "tril", {"x": torch.randn(4, 4, generator=g, dtype=dtype)},
                               grad=("x",)))
    cases.append(make_case("shapes/tril/ones", "tril", {"x": torch.ones(5, 5)}))
    return cases


def loss_cases():
    cases = []
    for dtype, dn in ((F32, "float32"), (F64, "float64")):
        g = gen(1000 if dtype == F32 else 1001)
        for name, n, c, scale in (("5x27", 5, 27, 1.0), ("32x27", 32, 27, 3.0), ("large-logits", 4, 5, 1000.0),
                                  ("1x3", 1, 3, 1.0)):
            logits = torch.randn(n, c, generator=g, dtype=dtype) * scale
            targets = torch.randint(0, c, (n,), generator=g)
            cases.append(make_case(f"losses/cross_entropy/{dn}/{name}", "cross_entropy",
                                   {"logits": logits, "targets": targets}, grad=("logits",)))
        logits = torch.randn(5, 27, generator=g, dtype=dtype)
        targets = torch.tensor([5, 13, 13, 1, 0])
        cases.append(make_case(f"losses/nll_lecture/{dn}", "nll_lecture", {"logits": logits, "targets": targets},
                               grad=("logits",)))
        x = torch.randn(4, 8, generator=g, dtype=dtype) * 2 + 1
        cases.append(make_case(f"losses/layer_norm_by_hand/{dn}", "layer_norm_by_hand",
                               {"x": x, "gamma": torch.ones(8, dtype=dtype), "beta": torch.zeros(8, dtype=dtype)},
                               {"eps": 1e-5}, grad=("x", "gamma", "beta")))
        h = torch.randn(32, 10, generator=g, dtype=dtype) * 3
        cases.append(make_case(f"losses/batch_norm_by_hand/{dn}", "batch_norm_by_hand",
                               {"x": h, "gain": torch.ones(1, 10, dtype=dtype), "bias": torch.zeros(1, 10, dtype=dtype)},
                               grad=("x", "gain", "bias")))
        q, k, v = (torch.randn(2, 4, 8, generator=g, dtype=dtype) for _ in range(3))
        cases.append(make_case(f"losses/attention_head/{dn}", "attention_head", {"q": q, "k": k, "v": v},
                               grad=("q", "k", "v")))
        C = torch.randn(27, 2, generator=g, dtype=dtype)
        W1 = torch.randn(6, 20, generator=g, dtype=dtype)
        b1 = torch.randn(20, generator=g, dtype=dtype)
        W2 = torch.randn(20, 27, generator=g, dtype=dtype)
        b2 = torch.randn(27, generator=g, dtype=dtype)
        X = torch.randint(0, 27, (32, 3), generator=g)
        Y = torch.randint(0, 27, (32,), generator=g)
        cases.append(make_case(f"losses/mlp_loss/{dn}", "mlp_loss",
                               {"C": C, "X": X, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "Y": Y}, {"flat": 6},
                               grad=("C", "W1", "b1", "W2", "b2")))
    g = gen(1002)
    cases.append(make_case("losses/cross_entropy/int64-logits/refused", "cross_entropy",
                           {"logits": torch.randint(0, 5, (2, 3), generator=g), "targets": torch.tensor([0, 1])}))
    cases.append(make_case("losses/cross_entropy/float32/target-out-of-range", "cross_entropy",
                           {"logits": torch.randn(2, 3, generator=g), "targets": torch.tensor([0, 3])}))
    return cases


def printing_cases():
    cases = []
    g = gen(2147483647)

    def show(name, x, of="identity", args=None, grad=()):
        a = {"of": of, **(args or {})}
        cases.append(make_case(f"printing/repr/{name}", "repr", {"x": x}, a, dtype=DTYPES[x.dtype]))
        if grad:
            cases.append(make_case(f"printing/repr/{name}/requires-grad", "repr", {"x": x}, a, grad=grad,
                                   dtype=DTYPES[x.dtype]))

    # The lecture's first draws, and ordinary values of each dtype and shape.
    show("rand3", torch.rand(3, generator=g))
    show("randn-5x4", torch.randn(5, 4, generator=g), grad=("x",))
    show("randn-2x3x4", torch.randn(2, 3, 4, generator=g))
    show("randn-27x27", torch.randn(27, 27, generator=g))
    show("randn-40x40-summarised", torch.randn(40, 40, generator=g))
    show("randn-2000-summarised", torch.randn(2000, generator=g))
    show("float64", torch.randn(4, generator=g, dtype=F64), grad=("x",))
    show("float64-2d", torch.randn(3, 3, generator=g, dtype=F64))
    show("probabilities", torch.tensor([0.6064, 0.3033, 0.0903]))
    show("whole", torch.tensor([1.0, 2.0, 3.0]))
    show("zeros", torch.zeros(2, 3))
    show("signed-zero", torch.tensor([-0.0, 1.0]))
    show("halves", torch.tensor([0.03125, 0.5, 0.09375]))
    show("wide-range", torch.tensor([1e-5, 1.0, 1e5]))
    show("large", torch.tensor([1e8, 1.0]))
    show("huge-whole", torch.tensor([1e9, 2.0]))
    show("small", torch.tensor([1e-8, 2e-8]))
    show("mixed-magnitudes", torch.tensor([123456.789, 0.001, -3.5]))
    show("nan-inf", torch.tensor([NAN, 1.0, INF, -INF, 1.5]))
    show("all-nan", torch.tensor([NAN, NAN]))
    show("scalar", torch.tensor(3.5))
    show("scalar-nan", torch.tensor(NAN))
    show("negative-columns", torch.tensor([[-1.5, 2.25], [3.0, -40.125]]))
    show("empty", torch.zeros(0))
    show("empty-2d", torch.zeros(0, 3))
    show("empty-float64", torch.zeros(0, dtype=F64))
    show("int64", torch.tensor([1, 2, 3]))
    show("int64-wide", torch.tensor([[1, -200], [30000, 4]]))
    show("int64-scalar", torch.tensor(2))
    show("int64-empty", torch.zeros(0, dtype=I64))
    show("int64-2000-summarised", torch.arange(2000))
    show("int32", torch.tensor([[0, 5, 1], [7, 0, 2]], dtype=torch.int32))
    show("one-hot", F.one_hot(torch.tensor([0, 5, 13]), 27))
    show("bool", torch.tensor([1.0, -1.0, 2.0]), of="gt", args={"other": 0})
    show("long-row-with-grad", torch.randn(8, generator=g), of="mul", args={"other": 2}, grad=("x",))
    show("wrapped-row-with-grad", torch.randn(12, generator=g) * 100, of="mul", args={"other": 2}, grad=("x",))
    # grad_fn names, as each op records its backward step.
    x = torch.randn(3, 4, generator=g)
    for of, args in [
        ("mul", {"other": 2}), ("add", {"other": 1}), ("sub", {"other": 1}), ("div", {"other": 2}),
        ("pow", {"exponent": 2}), ("neg", {}), ("exp", {}), ("log", {}), ("tanh", {}), ("relu", {}),
        ("sigmoid", {}), ("sum", {}), ("sum", {"dim": 1}), ("mean", {}), ("mean", {"dim": 0}), ("max", {}),
        ("max", {"dim": 1}), ("var", {"correction": 1}), ("softmax", {"dim": 1}), ("log_softmax", {"dim": 1}),
        ("T", {}), ("select", {"dim": 0, "index": 0}), ("index", {}), ("view", {"shape": [-1]}),
        ("unsqueeze", {"dim": 0}), ("tril", {}), ("clamp", {"min": 0.0}),
    ]:
        inputs = {"x": x}
        if of == "index":
            inputs["index"] = torch.tensor([0, 2])
        label = "-".join([of] + [f"{k}{v}" for k, v in args.items()])
        cases.append(make_case(f"printing/grad_fn/{label}", "repr", inputs, {"of": of, **args}, grad=("x",)))
    # Whole numbers, so the product is exact and only the printing is compared.
    whole = torch.randint(-3, 4, (3, 4), generator=g).float()
    cases.append(make_case("printing/grad_fn/matmul", "repr",
                           {"a": whole, "b": torch.randint(-3, 4, (4, 2), generator=g).float()}, {"of": "matmul"},
                           grad=("a", "b")))
    cases.append(make_case("printing/grad_fn/cross_entropy", "repr",
                           {"logits": x, "targets": torch.tensor([0, 3, 1])}, {"of": "cross_entropy"},
                           grad=("logits",)))
    cases.append(make_case("printing/grad_fn/to-float64", "repr", {"x": x}, {"of": "double"}, grad=("x",)))
    # torch.Size and dtypes.
    for name, t in [("27x27", torch.zeros(27, 27)), ("scalar", torch.tensor(1.0)), ("empty", torch.zeros(0)),
                    ("3d", torch.zeros(32, 3, 2))]:
        cases.append(make_case(f"printing/repr_shape/{name}", "repr_shape", {"x": t}, {"of": "identity"}))
    for t in [torch.zeros(1), torch.zeros(1, dtype=F64), torch.zeros(1, dtype=I64),
              torch.zeros(1, dtype=torch.int32)]:
        cases.append(make_case(f"printing/str_dtype/{DTYPES[t.dtype]}", "str_dtype", {"x": t}, {"of": "identity"}))
    cases.append(make_case("printing/str_dtype/bool", "str_dtype", {"x": torch.zeros(1)}, {"of": "gt", "other": 0}))
    return cases


GROUPS = {
    "random": random_cases,
    "elementwise": elementwise_cases,
    "reductions": reduction_cases,
    "matmul": matmul_cases,
    "creation": creation_cases,
    "indexing": indexing_cases,
    "shapes": shape_cases,
    "losses": loss_cases,
    "printing": printing_cases,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    info = header()
    for group, build in GROUPS.items():
        cases = build()
        ids = [c["id"] for c in cases]
        assert len(ids) == len(set(ids)), f"duplicate case ids in {group}"
        # One case per line: a regenerated file's diff shows which cases changed.
        lines = ",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases)
        text = (
            "{\n"
            + f'"header":{json.dumps({**info, "group": group}, separators=(",", ":"))},\n'
            + f'"cases":[\n{lines}\n]\n'
            + "}\n"
        )
        with open(os.path.join(OUT, f"{group}.json"), "w") as out:
            out.write(text)
        print(f"{group}: {len(cases)} cases, {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
