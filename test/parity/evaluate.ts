/**
 * Runs one parity case through the kit and measures it against PyTorch's numbers: the
 * outputs, and the gradients after backward() with the case's upstream gradients.
 */
import type { Tensor } from "#reference/tensor/index.ts";
import { decodeArgs, type EncodedTensor, type ParityCase } from "./data.ts";
import { type Inputs, kitTensor, Missing, ops, runOp } from "./ops.ts";
import { type Distance, distance, worst } from "./ulps.ts";

/** exact: bit for bit; ulp1, ulp2: within 1 or 2 ulps; worse: further, or wrong; missing: the kit lacks or refuses it. */
export type Status = "exact" | "ulp1" | "ulp2" | "worse" | "missing";

export interface Outcome {
  status: Status;
  forward: Distance;
  /** Per input named in requiresGrad, its gradient's distance. */
  backward: Record<string, Distance>;
  /** What went wrong, in a sentence, when something did. */
  note?: string;
}

const none: Distance = { ulps: 0, elements: 0, off: 0 };

function statusOf(ulps: number): Status {
  if (ulps === 0) return "exact";
  if (ulps <= 1) return "ulp1";
  if (ulps <= 2) return "ulp2";
  return "worse";
}

function missing(note: string): Outcome {
  return { status: "missing", forward: none, backward: {}, note };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function outputsOf(result: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(result) ? result : [result];
}

export function evaluate(c: ParityCase): Outcome {
  if (!(c.op in ops))
    throw new Error(`The parity test has no op named ${c.op}: add it to test/parity/ops.ts.`);
  const args = decodeArgs(c.args) as Record<string, unknown>;
  const wantGrad = new Set(c.requiresGrad ?? []);
  let inputs: Inputs;
  try {
    inputs = Object.fromEntries(
      Object.entries(c.inputs).map(([name, t]) => [name, kitTensor(t, wantGrad.has(name))]),
    );
  } catch (error) {
    return missing(`inputs: ${message(error)}`);
  }

  let result: ReturnType<typeof runOp>;
  try {
    result = runOp(c.op, inputs, args);
  } catch (error) {
    // Where PyTorch refuses the call, the kit refusing it too is the match.
    if (isError(c.expected) && !(error instanceof Missing))
      return { status: "exact", forward: none, backward: {} };
    return missing(message(error));
  }
  if (isError(c.expected))
    return {
      status: "worse",
      forward: { ulps: Infinity, elements: 1, off: 1 },
      backward: {},
      note: `PyTorch refuses this ("${c.expected.error}"), the kit returned a result`,
    };
  if (typeof c.expected === "string") {
    const same = result === c.expected;
    return {
      status: same ? "exact" : "worse",
      forward: { ulps: same ? 0 : Infinity, elements: 1, off: same ? 0 : 1 },
      backward: {},
      ...(same ? {} : { note: `printed ${JSON.stringify(result)}` }),
    };
  }
  if (typeof result === "string") return missing("printed text where tensors were expected");

  const outputs = outputsOf(result);
  const expected = c.expected;
  const forwardParts =
    outputs.length === expected.length
      ? expected.map((e, k) => distance(outputs[k]!, e))
      : [
          {
            ulps: Infinity,
            elements: 1,
            off: 1,
            mismatch: `${outputs.length} outputs, PyTorch gives ${expected.length}`,
          },
        ];
  const forward = worst(forwardParts);

  const backward: Record<string, Distance> = {};
  let note = forward.mismatch;
  if (c.grads && forward.ulps !== Infinity) {
    try {
      runBackward(outputs, c.upstream ?? []);
      for (const [name, want] of Object.entries(c.grads)) {
        const grad = inputs[name]!.grad;
        backward[name] = grad
          ? distance(grad, want)
          : { ulps: Infinity, elements: 1, off: 1, mismatch: `no .grad for ${name}` };
        note ??= backward[name]!.mismatch && `${name}.grad: ${backward[name]!.mismatch}`;
      }
    } catch (error) {
      return { ...missing(`backward(): ${message(error)}`), forward };
    }
  }
  const all = worst([forward, ...Object.values(backward)]);
  return { status: statusOf(all.ulps), forward, backward, ...(note ? { note } : {}) };
}

/** backward() from each output PyTorch took it from: with its upstream gradient, or none for a lone loss. */
function runBackward(outputs: Tensor[], upstream: readonly (EncodedTensor | null)[]): void {
  outputs.forEach((out, k) => {
    const u = upstream[k];
    if (u) out.backward(kitTensor(u));
    else if (outputs.length === 1 && out.requiresGrad) out.backward();
  });
}

function isError(expected: ParityCase["expected"]): expected is { error: string } {
  return typeof expected === "object" && !Array.isArray(expected);
}
