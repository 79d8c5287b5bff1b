"""Writes test/data/libm.json: inputs for the kit's log, sin and cos (reference/tensor/libm.ts)
with their correctly rounded results (mpmath at 200 bits) and this machine's C library's
(Python's math module calls it). The test holds the kit to the first and counts the second.

Run with any Python 3 that has mpmath (Debian: apt-get install python3-mpmath):
    python3 tools/libm/generate.py
"""
import json
import math
import platform
import random

import mpmath

mpmath.mp.prec = 200
rng = random.Random(13)

# randn's arguments: log(1 - u) and sin/cos(2π·u) for float64 uniforms u (multiples of 2^-53),
# then a spread of other magnitudes, the edges and hard cases of the argument reduction.
uniforms = [rng.getrandbits(53) * 2.0**-53 for _ in range(400)]
logs = [1 - u for u in uniforms] + [1.0, 2.0**-53, 1 - 2.0**-53, 0.5, 2.0, 10.0, 5e-324, 2.2250738585072014e-308]
logs += [math.exp(rng.uniform(-700, 700)) for _ in range(100)]
angles = [2 * math.pi * u for u in uniforms] + [0.0, -0.0, 1e-300, 2.0**-27, 2.0**-26, math.pi / 4, math.pi / 2, math.pi, 2 * math.pi]
angles += [rng.uniform(-1000, 1000) for _ in range(100)] + [355.0, 103993.0, 1e6]


def cr(f, x):
    if x == 0 and f is mpmath.sin:
        return x  # sin(±0) is ±0; mpmath has no signed zero
    return float(f(mpmath.mpf(x)))


data = {
    "header": {
        "what": "correctly rounded log, sin, cos (mpmath, 200 bits) beside this machine's C library's",
        "libc": " ".join(platform.libc_ver()),
        "mpmath": mpmath.__version__,
    },
    "log": [[x, cr(mpmath.log, x), math.log(x)] for x in logs],
    "sin": [[x, cr(mpmath.sin, x), math.sin(x)] for x in angles],
    "cos": [[x, cr(mpmath.cos, x), math.cos(x)] for x in angles],
}
with open("test/data/libm.json", "w") as f:
    json.dump(data, f, indent=1)
    f.write("\n")
