/**
 * `npm run train -- <model> [options]`: the reference runs on names.txt, printing what the
 * lecture prints and writing pictures to out/.
 *
 *   bigram          count, draw the table, loss, five names (seed 2147483647)
 *   neural-bigram   the same model by gradient descent, with progress
 *   batchnorm       makemore part 3's run and its pictures (train-batchnorm.ts)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DataError, ensureNames, loadWords } from "#reference/makemore/data.ts";
import {
  initMlp,
  lectureSizes,
  type MlpSizes,
  mlpStepFlops,
  parameterList,
  splitLoss,
  stepDecay,
} from "#reference/makemore/mlp.ts";
import { bigramHeatmap, embeddingScatter, lineChart, svgToPng } from "#reference/plot/index.ts";
import { Generator } from "#reference/tensor/index.ts";
import { measurePeakGflops } from "#reference/tensor/peak.ts";
import { say, sayPictures, wrapColumns } from "./lib/columns.ts";
import {
  batchNormPartsFor,
  isTodo,
  kitParts,
  MineRefusal,
  type Parts,
  partsFor,
} from "./lib/mine.ts";
import { progressBar } from "./lib/progress-bar.ts";
import { bold, dim } from "./lib/render.ts";
import { nearest, unknownOption } from "./lib/suggest.ts";
import { backpropRun } from "./train-backprop.ts";

import { trainBatchNorm } from "./train-batchnorm.ts";

const usage = `Usage: npm run train -- <model> [options]

Models:
  bigram         the counted model: the count table as a picture, its loss,
                 five sampled names
  neural-bigram  the same model learned by gradient descent (by default, 100
                 steps at learning rate 50)
  mlp            makemore part 2: 200,000 steps of the MLP, losses, 20 names,
                 three pictures
  batchnorm      makemore part 3: 200,000 steps of the BatchNorm MLP as the
                 notebook prints them, the split losses, then the deeper
                 network's health in pictures
  backprop       makemore part 4: 200,000 steps with the manual backward,
                 under no-grad (--quick: 20,000)

Options:
  --steps N       training steps (mlp, batchnorm: 200000; neural-bigram: 100)
  --quick         mlp: a short run to see everything work (20,000 steps, a
                  250-step learning-rate sweep, a 5,000-step embedding run);
                  batchnorm: 20,000 steps
  --seed S        the generator's seed (default 2147483647, the lecture's)
  --block-size N  mlp: characters of context (default 3)
  --embedding N   mlp: embedding size (default 10)
  --hidden N      mlp: hidden neurons (default 200)
  --out DIR       where pictures go (default out/)
  --mine          your own parts from exercises/ (the kit's where yours is
                  not written yet, said part by part)`;

class UsageError extends Error {}

interface Options {
  model: string;
  steps?: number;
  seed: number;
  out: string;
  quick: boolean;
  mine: boolean;
  sizes: MlpSizes;
}

function parse(argv: readonly string[]): Options {
  const options: Options = {
    model: "",
    seed: 2147483647,
    out: "out",
    quick: false,
    mine: false,
    sizes: { ...lectureSizes },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    // A whole number in [min, max]: anything else is a usage error in one sentence.
    const whole = (v: string, name: string, min: number, max: number) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max)
        throw new UsageError(
          `${name} needs a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}, not "${v}".`,
        );
      return n;
    };
    const size = (key: "blockSize" | "embedding" | "hidden", max: number) => {
      options.sizes = { ...options.sizes, [key]: whole(value(), arg, 1, max) };
    };
    if (arg === "--steps") options.steps = whole(value(), arg, 1, 100_000_000);
    else if (arg === "--seed") options.seed = whole(value(), arg, 0, Number.MAX_SAFE_INTEGER);
    else if (arg === "--out") options.out = value();
    else if (arg === "--quick") options.quick = true;
    else if (arg === "--mine") options.mine = true;
    else if (arg === "--block-size") size("blockSize", 64);
    else if (arg === "--embedding") size("embedding", 1024);
    else if (arg === "--hidden") size("hidden", 10_000);
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else if (arg.startsWith("-"))
      throw new UsageError(
        unknownOption(arg, [
          "--steps",
          "--seed",
          "--out",
          "--quick",
          "--mine",
          "--block-size",
          "--embedding",
          "--hidden",
          "--help",
        ]),
      );
    else if (options.model)
      throw new UsageError(`One model at a time: got "${options.model}" and "${arg}".`);
    else options.model = arg;
  }
  return options;
}

function save(out: string, name: string, svg: string): string[] {
  mkdirSync(out, { recursive: true });
  const svgPath = join(out, `${name}.svg`);
  const pngPath = join(out, `${name}.png`);
  writeFileSync(svgPath, svg);
  writeFileSync(pngPath, svgToPng(svg));
  return [svgPath, pngPath].map((p) => relative(process.cwd(), p));
}

async function words(): Promise<string[]> {
  return loadWords(await ensureNames());
}

async function bigram(options: Options, parts: Parts = kitParts): Promise<void> {
  const { vocabulary, countBigrams, probabilities, averageNll, perplexity, sampleNames } = parts;
  const all = await words();
  const { stoi, itos } = vocabulary(all);
  const N = countBigrams(all, stoi);
  say(bold("The counted bigram model") + dim(` · ${all.length} names, ${N.sum().item()} bigrams`));
  const counts = N.tolist() as number[][];
  const pictures = save(options.out, "bigram-counts", bigramHeatmap(counts, itos));
  sayPictures("The count table", pictures);
  for (const k of [0, 1]) {
    const nll = averageNll(probabilities(N, k), all, stoi);
    say(
      `Average negative log-likelihood${k ? ", add-one smoothing" : ""}: ${nll.toFixed(4)} (perplexity ${perplexity(nll).toFixed(2)})`,
    );
  }
  say(`Five names from P = (N + 1) normalised, seed ${options.seed}:`);
  for (const name of sampleNames(probabilities(N, 1), itos, 5, options.seed)) say(`  ${name}`);
}

async function neuralBigram(options: Options, parts: Parts = kitParts): Promise<void> {
  const { vocabulary, encodeBigrams, trainNeuralBigram, sampleNames } = parts;
  const all = await words();
  const { stoi, itos } = vocabulary(all);
  const { xs, ys } = encodeBigrams(all, stoi);
  const steps = options.steps ?? 100;
  say(
    bold("The neural bigram") +
      dim(
        ` · ${xs.length} examples, W 27×27 from seed ${options.seed}, ${steps} steps at learning rate 50, λ = 0.01`,
      ),
  );
  const bar = await progressBar(steps, "training");
  let last = 0;
  const losses: number[] = [];
  const { W } = trainNeuralBigram(xs, ys, stoi.size, {
    steps,
    learningRate: 50,
    regularization: 0.01,
    seed: options.seed,
    onStep: (step, loss) => {
      last = loss;
      losses.push(loss);
      void bar.step(step, () => `loss ${loss.toFixed(4)}`);
    },
  });
  bar.done(`Loss after ${steps} steps: ${last.toFixed(4)} (the counted model's is 2.4546)`);
  // Sampling from the network: softmax of W's row is the distribution of the next character.
  const P = W.data.softmax(1);
  say(`Five names from the network, seed ${options.seed}:`);
  for (const name of sampleNames(P, itos, 5, options.seed)) say(`  ${name}`);
}

async function mlp(options: Options, parts: Parts = kitParts): Promise<void> {
  const { vocabulary, splitWords, buildDataset, trainMlp, learningRateSweep, sampleMlpNames } =
    parts;
  const all = await words();
  const { stoi, itos } = vocabulary(all);
  const sizes = { ...options.sizes, vocabSize: stoi.size };
  const split = splitWords(all, 42);
  const train = buildDataset(split.train, stoi, sizes.blockSize);
  const dev = buildDataset(split.dev, stoi, sizes.blockSize);
  const steps = options.steps ?? (options.quick ? 20_000 : 200_000);
  const g = new Generator().manualSeed(options.seed);
  const p = initMlp(sizes, g);
  const count = parameterList(p).reduce((n, t) => n + t.numel(), 0);
  say(
    bold("makemore part 2: the MLP") +
      dim(
        ` · block ${sizes.blockSize}, embedding ${sizes.embedding}, hidden ${sizes.hidden}, ${count} parameters · train ${train.X.shape[0]} / dev ${dev.X.shape[0]} examples · seed ${options.seed} (minibatches come from the same generator, so every machine gets the same run)`,
      ),
  );
  const bar = await progressBar(steps, "training", 10_000);
  const started = performance.now();
  const losses = await trainMlp(p, train.X, train.Y, g, {
    steps,
    learningRate: stepDecay,
    onStep: (step, loss, lr) => bar.step(step, () => `loss ${loss.toFixed(4)} · lr ${lr}`),
  });
  const seconds = (performance.now() - started) / 1000;
  bar.done(`${steps} steps in ${seconds.toFixed(1)} s (${Math.round(steps / seconds)} steps/s)`);
  // Beside the limit: the step's arithmetic against the fastest WebAssembly arithmetic measured here.
  const gflops = (steps * mlpStepFlops(sizes).total) / seconds / 1e9;
  const peak = measurePeakGflops(0.3);
  say(
    dim(
      `${gflops.toFixed(1)} GFLOP/s, ${((100 * gflops) / peak.gflops).toFixed(0)}% of the peak WebAssembly reaches on this machine, ${peak.gflops.toFixed(1)} GFLOP/s (${peak.method}, one core)`,
    ),
  );
  say(
    `train loss ${splitLoss(p, train.X, train.Y).toFixed(4)} · dev loss ${splitLoss(p, dev.X, dev.Y).toFixed(4)}  ${dim(
      options.quick && steps < 200_000
        ? `(a short run of ${steps.toLocaleString("en")} steps, to see everything work; the full run lands near the lecture's train 2.1260, dev 2.1701)`
        : "(the lecture: train 2.1260, dev 2.1701)",
    )}`,
  );
  say("Twenty names, seed " + (options.seed + 10) + ":");
  for (const name of sampleMlpNames(
    p,
    itos,
    sizes.blockSize,
    20,
    new Generator().manualSeed(options.seed + 10),
  ))
    say(`  ${name}`);

  const pictures: string[] = [];
  const stepsAxis = losses.map((_, i) => i);
  pictures.push(
    ...save(
      options.out,
      "mlp-loss",
      lineChart({
        title: "Training loss (minibatch)",
        xLabel: "step",
        yLabel: "log10 loss",
        series: [{ x: stepsAxis, y: losses.map(Math.log10) }],
      }),
    ),
  );

  const sweepSteps = options.quick ? 250 : 1000;
  say(
    dim(
      `The learning-rate sweep: ${sweepSteps.toLocaleString("en")} steps from a fresh start, rate 10^-3 to 10^0…`,
    ),
  );
  const sweepG = new Generator().manualSeed(options.seed);
  const sweep = await learningRateSweep(
    initMlp(sizes, sweepG),
    train.X,
    train.Y,
    sweepG,
    sweepSteps,
  );
  pictures.push(
    ...save(
      options.out,
      "mlp-learning-rate",
      lineChart({
        title: "Loss against the learning rate's exponent",
        xLabel: "log10 learning rate",
        yLabel: "loss",
        series: [{ x: sweep.exponents, y: sweep.losses }],
      }),
    ),
  );

  const flatSteps = options.quick ? 5_000 : 30_000;
  say(
    dim(
      `The embedding picture: the lecture's 2-D embedding (hidden 100), ${flatSteps.toLocaleString("en")} steps…`,
    ),
  );
  const flatG = new Generator().manualSeed(options.seed);
  const flat = initMlp({ ...sizes, embedding: 2, hidden: 100 }, flatG);
  const flatBar = await progressBar(flatSteps, "embedding", 5_000);
  await trainMlp(flat, train.X, train.Y, flatG, {
    steps: flatSteps,
    learningRate: stepDecay,
    onStep: (step, loss) => flatBar.step(step, () => `loss ${loss.toFixed(4)}`),
  });
  flatBar.done(dim(`The 2-D embedding trained: ${flatSteps.toLocaleString("en")} steps.`));
  const points = Array.from(
    { length: flat.C.shape[0]! },
    (_, i) => [flat.C.get(i, 0), flat.C.get(i, 1)] as [number, number],
  );
  pictures.push(...save(options.out, "mlp-embedding", embeddingScatter(points, itos)));
  sayPictures("Pictures", pictures);
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (options.model === "batchnorm") {
    await trainBatchNorm(options, options.mine ? await batchNormPartsFor() : undefined);
    return 0;
  }
  const parts = options.mine ? await partsFor(options.model) : kitParts;
  switch (options.model) {
    case "bigram":
      await bigram(options, parts);
      return 0;
    case "neural-bigram":
      await neuralBigram(options, parts);
      return 0;
    case "mlp":
      await mlp(options, parts);
      return 0;
    case "backprop":
      await backpropRun(options);
      return 0;
    case "":
      throw new UsageError("Which model? Name one.");
    default: {
      const suggestion = nearest(options.model, [
        "bigram",
        "neural-bigram",
        "mlp",
        "batchnorm",
        "backprop",
      ]);
      throw new UsageError(
        `There is no model "${options.model}"${suggestion ? `; did you mean ${suggestion}?` : "."}`,
      );
    }
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) console.error(wrapColumns(error.message));
    console.error(usage);
    process.exitCode = 2;
  } else if (error instanceof DataError || error instanceof MineRefusal) {
    console.error(wrapColumns(error.message));
    process.exitCode = 1;
  } else {
    const message = isTodo(error)
      ? `one of your parts stops at a todo() (not written yet): ${error.message}`
      : (error as Error).message;
    console.error(wrapColumns(`Training stopped: ${message}`));
    process.exitCode = 1;
  }
}
