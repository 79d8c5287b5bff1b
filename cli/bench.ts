/**
 * `npm run bench [-- --quick] [-- --json]`: how fast the kit's torch trains the makemore MLP.
 *
 * Times the lecture's training step (batch 32, context 3, embedding 10, hidden 200,
 * vocabulary 27: embedding gather, tanh layer, logits, fused cross-entropy, backward, SGD)
 * through the public autograd API, and sets it beside the machine's own limit: the FLOPs of
 * one step, and a tight multiply-add loop measured here, on this machine.
 */
import { existsSync, readFileSync } from "node:fs";
import { mlpStepFlops } from "#reference/makemore/mlp.ts";
import {
  crossEntropy,
  Generator,
  randint,
  randn,
  scope,
  type Tensor,
  tensor,
} from "#reference/tensor/index.ts";
import { kernelBackend, measurePeakGflops } from "#reference/tensor/kernels.ts";

const BATCH = 32;
const BLOCK = 3;
const EMBED = 10;
const HIDDEN = 200;
const VOCAB = 27;
const FULL_RUN_STEPS = 200_000;

interface Options {
  quick: boolean;
  json: boolean;
  runs: number;
  steps: number;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes("--quick");
  const numberAfter = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${flag} needs a positive whole number.`);
    return v;
  };
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      "Usage: npm run bench [-- --quick] [--json] [--runs N] [--steps N]\n\n" +
        "  --quick     a short run (3 runs of 300 steps)\n" +
        "  --json      print the figures as one JSON object\n" +
        "  --runs N    timed runs (default 5)\n" +
        "  --steps N   steps per run (default 2000)\n" +
        "  GRADLINGS_KERNELS=ts|wasm picks the kernels (default: wasm when it loads)",
    );
    process.exit(0);
  }
  return {
    quick,
    json: argv.includes("--json"),
    runs: numberAfter("--runs") ?? (quick ? 3 : 5),
    steps: numberAfter("--steps") ?? (quick ? 300 : 2000),
  };
}

/** The training examples: context windows from names.txt when it is there, else random ones of the same shape. */
function examples(): { X: Tensor; Y: Tensor; source: string } {
  const path = "data/names.txt";
  if (existsSync(path)) {
    const words = readFileSync(path, "utf8").split("\n").filter(Boolean);
    const xs: number[][] = [];
    const ys: number[] = [];
    const code = (ch: string) => (ch === "." ? 0 : ch.charCodeAt(0) - 96);
    for (const w of words) {
      let context = new Array<number>(BLOCK).fill(0);
      for (const ch of `${w}.`) {
        xs.push(context);
        ys.push(code(ch));
        context = [...context.slice(1), code(ch)];
      }
    }
    return { X: tensor(xs), Y: tensor(ys), source: `${path} (${ys.length} examples)` };
  }
  const g = new Generator().manualSeed(1);
  const n = 182_625; // the lecture's training split at block size 3
  return {
    X: randint(0, VOCAB, [n, BLOCK], { generator: g }),
    Y: randint(0, VOCAB, [n], { generator: g }),
    source: `random data of the real shape (${n} examples; data/names.txt not found)`,
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
  console.log(`  machine peak   ${result.peakGflops} GFLOP/s (${peak.method}, one core)`);
  console.log(
    `  fraction       ${(100 * result.fractionOfPeak).toFixed(1)}% of peak; at peak the 200,000 steps would take ${result.physicalLimitSecondsFor200k} s`,
  );
}

await main();
