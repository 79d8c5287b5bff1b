/**
 * `npm run bench [-- --quick] [-- --json]`: how fast the kit's torch trains the makemore MLP
 * and lecture 7's GPT.
 *
 * Times the lecture's training step (batch 32, context 3, embedding 10, hidden 200,
 * vocabulary 27: embedding gather, tanh layer, logits, fused cross-entropy, backward, SGD)
 * through the public autograd API, and sets it beside the machine's own limit: the FLOPs of
 * one step, and the fastest loop of vector multiplies and adds WebAssembly runs on this machine.
 * Then one training step of a small GPT (reference/gpt/model.ts: vocabulary 65, context 32,
 * 4 layers, 4 heads, embedding 64, batch 16; forward, backward, AdamW), beside the same step in
 * PyTorch on one thread when a Python with torch is there (PYTHON, else /usr/bin/python3),
 * measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type GPTConfig, GPTLanguageModel, gptStepFlops } from "#reference/gpt/model.ts";
import { vocabulary } from "#reference/makemore/bigram.ts";
import { DataError, loadWords, namesPath } from "#reference/makemore/data.ts";
import { buildDataset, mlpStepFlops, splitWords } from "#reference/makemore/mlp.ts";
import {
  crossEntropy,
  Generator,
  manualSeed,
  optim,
  randint,
  randn,
  scope,
  type Tensor,
} from "#reference/tensor/index.ts";
import { kernelBackend } from "#reference/tensor/kernels.ts";
import { measurePeakGflops } from "#reference/tensor/peak.ts";
import { dim } from "./lib/render.ts";

const BATCH = 32;
const BLOCK = 3;
const EMBED = 10;
const HIDDEN = 200;
const VOCAB = 27;
const FULL_RUN_STEPS = 200_000;

/** The GPT workload: lecture 7's model, small. */
const GPT: GPTConfig = {
  vocabSize: 65,
  blockSize: 32,
  nEmbd: 64,
  nHead: 4,
  nLayer: 4,
  dropout: 0,
};
const GPT_BATCH = 16;

interface Options {
  quick: boolean;
  json: boolean;
  /** Whether to time PyTorch's GPT step beside the kit's. */
  torch: boolean;
  runs: number;
  steps: number;
}

class UsageError extends Error {}

const usage =
  "Usage: npm run bench [-- --quick] [--json] [--runs N] [--steps N]\n\n" +
  "  --quick     a short run (3 runs of 300 steps)\n" +
  "  --json      print the figures as one JSON object\n" +
  "  --runs N    timed runs (default 5)\n" +
  "  --steps N   steps per run (default 2000)\n" +
  "  --no-torch  leave out PyTorch's GPT step (otherwise timed when a Python with torch is there)\n" +
  "  GRADLINGS_KERNELS=ts|wasm picks the kernels (default: wasm when it loads)";

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, json: false, torch: true, runs: 0, steps: 0 };
  let runs: number | undefined;
  let steps: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const count = (): number => {
      const v = argv[++i];
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || n < 1 || n > 1_000_000)
        throw new UsageError(
          `${arg} needs a whole number from 1 to 1,000,000, not ${v === undefined ? "nothing" : `"${v}"`}.`,
        );
      return n;
    };
    if (arg === "--quick") options.quick = true;
    else if (arg === "--json") options.json = true;
    else if (arg === "--no-torch") options.torch = false;
    else if (arg === "--runs") runs = count();
    else if (arg === "--steps") steps = count();
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else throw new UsageError(`Unknown argument ${arg}.`);
  }
  options.runs = runs ?? (options.quick ? 3 : 5);
  options.steps = steps ?? (options.quick ? 300 : 2000);
  return options;
}

/**
 * The training examples: the lecture's training split of names.txt when the kit has the file
 * (GRADLINGS_NAMES or data/), else random contexts of the same shape (the speed is the same).
 */
function examples(): { X: Tensor; Y: Tensor; source: string } {
  let words: string[] | null = null;
  try {
    words = loadWords();
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
  }
  if (words) {
    const { stoi } = vocabulary(words);
    const { X, Y } = buildDataset(splitWords(words, 42).train, stoi, BLOCK);
    return {
      X,
      Y,
      source: `${relative(process.cwd(), namesPath())} (${X.size(0)} training examples)`,
    };
  }
  const g = new Generator().manualSeed(1);
  const n = 182_625; // the lecture's training split at block size 3
  return {
    X: randint(0, VOCAB, [n, BLOCK], { generator: g }),
    Y: randint(0, VOCAB, [n], { generator: g }),
    source: `random data of the real shape (${n} examples; names.txt not found)`,
  };
}

/** FLOPs of one step at the bench's sizes. */
export function flopsPerStep(): { total: number; matmul: number } {
  return mlpStepFlops(
    { vocabSize: VOCAB, blockSize: BLOCK, embedding: EMBED, hidden: HIDDEN },
    BATCH,
  );
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { X, Y, source } = examples();
  const g = new Generator().manualSeed(2147483647);
  const C = randn([VOCAB, EMBED], { generator: g, requiresGrad: true });
  const W1 = randn([BLOCK * EMBED, HIDDEN], { generator: g, requiresGrad: true });
  const b1 = randn([HIDDEN], { generator: g, requiresGrad: true });
  const W2 = randn([HIDDEN, VOCAB], { generator: g, requiresGrad: true });
  const b2 = randn([VOCAB], { generator: g, requiresGrad: true });
  const parameters = [C, W1, b1, W2, b2];
  const n = X.size(0);
  let lastLoss = Number.NaN;

  // The lecture's step, line for line.
  const lectureStep = (lr: number) => {
    const ix = randint(0, n, [BATCH], { generator: g });
    const emb = C.index(X.index(ix));
    const h = emb
      .view(-1, BLOCK * EMBED)
      .matmul(W1)
      .add(b1)
      .tanh();
    const logits = h.matmul(W2).add(b2);
    const loss = crossEntropy(logits, Y.index(ix));
    for (const p of parameters) p.grad = null;
    loss.backward();
    for (const p of parameters) p.data.add_(p.grad!.mul(-lr));
    return loss.item();
  };
  // Inside scope(): the step's tensors give their memory back as it ends, for the next step.
  const scopedStep = (lr: number) => scope(() => lectureStep(lr));

  // One synchronous loop per run, as a training loop is; the event loop gets a turn between runs.
  const run = async (steps: number, step = scopedStep): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < steps; i++) lastLoss = step(0.1);
    const elapsed = performance.now() - start;
    await tick();
    return steps / (elapsed / 1000);
  };

  await run(options.quick ? 200 : 1000); // warm-up: let the JIT settle
  const rates: number[] = [];
  for (let r = 0; r < options.runs; r++) rates.push(await run(options.steps));
  // The same loop without scope(), as a learner may first write it: memory is recycled only
  // when the event loop gets a turn, so a synchronous loop first fills the kernels' memory
  // pool, then carries on in ordinary arrays, copied through the kernels.
  const unscopedFirst = await run(options.steps, lectureStep);
  const unscoped = await run(options.steps, lectureStep);

  const gpt = await benchGpt(options);
  const peak = measurePeakGflops(options.quick ? 0.2 : 0.5);
  const flops = flopsPerStep();
  const stepsPerSecond = median(rates);
  const gflops = (stepsPerSecond * flops.total) / 1e9;
  const result = {
    kernels: kernelBackend(),
    data: source,
    batch: BATCH,
    stepsPerRun: options.steps,
    runs: rates.map((r) => Math.round(r)),
    medianStepsPerSecond: Math.round(stepsPerSecond),
    projectedSecondsFor200k: Number((FULL_RUN_STEPS / stepsPerSecond).toFixed(1)),
    flopsPerStep: flops.total,
    effectiveGflops: Number(gflops.toFixed(2)),
    peakGflops: Number(peak.gflops.toFixed(2)),
    peakMethod: peak.method,
    fractionOfPeak: Number((gflops / peak.gflops).toFixed(4)),
    physicalLimitSecondsFor200k: Number(
      ((FULL_RUN_STEPS * flops.total) / (peak.gflops * 1e9)).toFixed(2),
    ),
    withoutScopeStepsPerSecond: Math.round(unscoped),
    withoutScopeFirstRunStepsPerSecond: Math.round(unscopedFirst),
    finalLoss: Number(lastLoss.toFixed(4)),
    gpt: gptFigures(gpt, peak.gflops),
  };
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const f = (x: number) => x.toLocaleString("en-US");
  console.log(`makemore MLP training step, through the public autograd API`);
  console.log(`  kernels        ${result.kernels}`);
  console.log(`  data           ${source}`);
  console.log(
    `  sizes          batch ${BATCH}, context ${BLOCK}, embedding ${EMBED}, hidden ${HIDDEN}, vocabulary ${VOCAB}`,
  );
  console.log(
    `  steps/s        ${f(result.medianStepsPerSecond)} median of ${options.runs} runs of ${f(options.steps)} steps: ${result.runs.map(f).join(", ")}`,
  );
  console.log(`  200,000 steps  ${result.projectedSecondsFor200k} s projected`);
  console.log(
    `  without scope  ${f(result.withoutScopeStepsPerSecond)} steps/s (the step not wrapped in scope(); ${f(result.withoutScopeFirstRunStepsPerSecond)} in the first run, while the memory pool fills)`,
  );
  console.log(`  FLOPs/step     ${f(flops.total)} (${f(flops.matmul)} in matmuls)`);
  console.log(`  effective      ${result.effectiveGflops} GFLOP/s`);
  console.log(
    `  peak           ${result.peakGflops} GFLOP/s measured here (${peak.method}, one core)`,
  );
  console.log(
    `  fraction       ${(100 * result.fractionOfPeak).toFixed(1)}% of that peak; at the peak the 200,000 steps would take ${result.physicalLimitSecondsFor200k} s`,
  );
  console.log(
    dim(
      "  (the peak is the fastest arithmetic WebAssembly can do on this machine: four-lane vectors\n" +
        "   with separate multiplies and adds, since Node 20 runs no fused multiply-add in WebAssembly;\n" +
        "   the CPU's native vector units, wider and fused, go several times higher)",
    ),
  );
  printGpt(result.gpt);
}

interface GptRun {
  rates: number[];
  cpuRates: number[];
  finalLoss: number;
  steps: number;
  torch: TorchFigures | string;
}

interface TorchFigures {
  torch: string;
  blas: string;
  stepsPerSecond: number;
  cpuStepsPerSecond: number;
}

/**
 * Times the GPT's training step (lecture 7's loop: get the loss, zero_grad, backward, AdamW
 * step), runs of a few steps each, on one batch of random tokens (the speed does not depend on
 * which); then PyTorch's, in the same run.
 */
async function benchGpt(options: Options): Promise<GptRun> {
  manualSeed(1337);
  const model = new GPTLanguageModel(GPT);
  const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3 });
  const xb = randint(0, GPT.vocabSize, [GPT_BATCH, GPT.blockSize]);
  const yb = randint(0, GPT.vocabSize, [GPT_BATCH, GPT.blockSize]);
  let finalLoss = Number.NaN;
  const step = () =>
    scope(() => {
      const [, loss] = model.forward(xb, yb);
      optimizer.zeroGrad();
      loss!.backward();
      optimizer.step();
      finalLoss = loss!.item();
    });
  const steps = options.quick ? 10 : 40;
  const runs = options.runs;
  for (let i = 0; i < Math.max(3, steps / 4); i++) step(); // warm-up
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < steps; i++) step();
    const { user, system } = process.cpuUsage(cpu);
    rates.push(steps / ((performance.now() - start) / 1000));
    cpuRates.push(steps / ((user + system) / 1e6));
    await tick();
  }
  const torch = options.torch ? torchStep(steps, runs) : "left out (--no-torch)";
  return { rates, cpuRates, finalLoss, steps, torch };
}

/** The same step in PyTorch (tools/gpt-bench.py), or why it did not run. */
function torchStep(steps: number, runs: number): TorchFigures | string {
  const python = process.env["PYTHON"] ?? "/usr/bin/python3";
  const script = fileURLToPath(new URL("../tools/gpt-bench.py", import.meta.url));
  if (!existsSync(python)) return `no ${python} here (set PYTHON to a Python with torch)`;
  const sizes = [GPT.vocabSize, GPT.blockSize, GPT.nEmbd, GPT.nHead, GPT.nLayer, GPT_BATCH];
  const child = spawnSync(python, [script, ...[...sizes, steps, runs].map(String)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (child.status !== 0) {
    const reason = (child.stderr || child.error?.message || "").trim().split("\n").at(-1);
    return `${python} could not run it: ${reason}`;
  }
  return JSON.parse(child.stdout) as TorchFigures;
}

function gptFigures(run: GptRun, peakGflops: number) {
  const flops = gptStepFlops(GPT, GPT_BATCH);
  const stepsPerSecond = median(run.rates);
  const cpuStepsPerSecond = median(run.cpuRates);
  const gflops = (stepsPerSecond * flops.total) / 1e9;
  const torch = typeof run.torch === "string" ? null : run.torch;
  return {
    sizes: { ...GPT, batch: GPT_BATCH },
    stepsPerRun: run.steps,
    runs: run.rates.map((r) => Number(r.toFixed(2))),
    medianStepsPerSecond: Number(stepsPerSecond.toFixed(2)),
    medianStepsPerCpuSecond: Number(cpuStepsPerSecond.toFixed(2)),
    flopsPerStep: flops.total,
    matmulFlopsPerStep: flops.matmul,
    parameters: flops.parameters,
    effectiveGflops: Number(gflops.toFixed(2)),
    fractionOfPeak: Number((gflops / peakGflops).toFixed(4)),
    stepsPerSecondAtPeak: Number(((peakGflops * 1e9) / flops.total).toFixed(1)),
    finalLoss: Number(run.finalLoss.toFixed(4)),
    torch: torch ?? (run.torch as string),
    ratioToTorch: torch ? Number((stepsPerSecond / torch.stepsPerSecond).toFixed(3)) : null,
    cpuRatioToTorch: torch
      ? Number((cpuStepsPerSecond / torch.cpuStepsPerSecond).toFixed(3))
      : null,
  };
}

function printGpt(g: ReturnType<typeof gptFigures>): void {
  const f = (x: number) => x.toLocaleString("en-US");
  const s = g.sizes;
  console.log("");
  console.log("lecture 7's GPT training step (forward, backward, AdamW), through nn and optim");
  console.log(
    `  sizes          vocabulary ${s.vocabSize}, context ${s.blockSize}, ${s.nLayer} layers, ${s.nHead} heads, embedding ${s.nEmbd}, batch ${s.batch} (${f(g.parameters)} parameters)`,
  );
  console.log(
    `  steps/s        ${g.medianStepsPerSecond} median of ${g.runs.length} runs of ${g.stepsPerRun} steps: ${g.runs.join(", ")} (${g.medianStepsPerCpuSecond} per CPU second)`,
  );
  console.log(`  FLOPs/step     ${f(g.flopsPerStep)} (${f(g.matmulFlopsPerStep)} in matmuls)`);
  console.log(
    `  effective      ${g.effectiveGflops} GFLOP/s, ${(100 * g.fractionOfPeak).toFixed(1)}% of the peak above; at the peak a step would take ${(1000 / g.stepsPerSecondAtPeak).toFixed(1)} ms (${g.stepsPerSecondAtPeak} steps/s at most)`,
  );
  if (typeof g.torch === "string") {
    console.log(`  PyTorch        not measured: ${g.torch}`);
    return;
  }
  const t = g.torch;
  console.log(
    `  PyTorch        ${t.stepsPerSecond.toFixed(2)} steps/s (${t.cpuStepsPerSecond.toFixed(2)} per CPU second), torch ${t.torch} on one thread, BLAS ${t.blas}, in the same run`,
  );
  console.log(
    `  ratio          ${g.ratioToTorch}× PyTorch's steps/s (${g.cpuRatioToTorch}× per CPU second)`,
  );
  if (g.stepsPerSecondAtPeak < t.stepsPerSecond)
    console.log(
      dim(
        `  (PyTorch's ${t.stepsPerSecond.toFixed(1)} steps/s is ${((t.stepsPerSecond * g.flopsPerStep) / 1e9).toFixed(1)} GFLOP/s, above WebAssembly's peak here:\n` +
          "   no kernel in this kit can reach it; the fraction of the peak is the figure to raise)",
      ),
    );
}

try {
  await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.message) {
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else console.log(usage);
}
