/**
 * `npm run train -- batchnorm`: the BatchNorm lecture's run. 200,000 steps of the BatchNorm MLP
 * seeded as the notebook seeds it, printed every 10,000 steps as the notebook prints them, the
 * split losses with the running statistics; then the deeper network's first 1,001 steps and the
 * lecture's pictures of its health: activation, gradient and weight-gradient histograms, the
 * update:data ratios, and the saturation images.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  type DeepNetwork,
  deepSizes,
  deepTrainingStep,
  initDeepNetwork,
  type Layer,
} from "#reference/makemore/batchnorm-deep.ts";
import {
  batchNormForward,
  batchNormParameterList,
  batchNormSizes,
  initBatchNormMlp,
} from "#reference/makemore/batchnorm-model.ts";
import {
  type BatchNormTrainOptions,
  batchNormSplitLoss,
  trainBatchNormMlp,
} from "#reference/makemore/batchnorm-train.ts";
import { vocabulary } from "#reference/makemore/bigram.ts";
import { ensureNames, loadWords } from "#reference/makemore/data.ts";
import {
  activationStatistics,
  gradientStatistics,
  histogram,
  saturationMask,
  weightStatistics,
} from "#reference/makemore/diagnostics.ts";
import { buildDataset, initMlp, lectureSizes, splitWords } from "#reference/makemore/mlp.ts";
import { lineChart, maskImage, type Series, svgToPng } from "#reference/plot/index.ts";
import {
  crossEntropy,
  Generator,
  noGrad,
  randint,
  randn,
  type Tensor,
} from "#reference/tensor/index.ts";
import { progressLine, say, sayPictures } from "./lib/columns.ts";
import type { BatchNormMineParts } from "./lib/mine.ts";
import { bold, dim } from "./lib/render.ts";

export interface BatchNormRunOptions {
  readonly steps?: number;
  readonly seed: number;
  readonly out: string;
  readonly quick: boolean;
}

/** The model the run trains: the kit's, or (--mine) one made of the learner's parts. */
export interface RunModel {
  readonly parameters: readonly Tensor[];
  /** Trains in place on minibatches from g; returns each step's loss. */
  train(X: Tensor, Y: Tensor, g: Generator, options: BatchNormTrainOptions): Promise<number[]>;
  /** The loss on a whole split with the running statistics. */
  splitLoss(X: Tensor, Y: Tensor): number;
  /** The hidden layer's tanh output for a batch, in training mode (the saturation picture). */
  hidden(X: Tensor): Tensor;
}

/** Where the run's model and deeper network come from, each drawn from the generator given. */
export interface RunParts {
  model(g: Generator): RunModel;
  deep(g: Generator): DeepNetwork;
  /** The learner's expected loss at initialisation (--mine), printed beside the first loss. */
  readonly expectedInitialLoss?: (vocabSize: number) => number;
}

export const kitRun: RunParts = {
  model(g) {
    const model = initBatchNormMlp(batchNormSizes, g);
    return {
      parameters: batchNormParameterList(model.p),
      train: (X, Y, generator, options) => trainBatchNormMlp(model, X, Y, generator, options),
      splitLoss: (X, Y) => batchNormSplitLoss(model, X, Y),
      hidden: (X) => batchNormForward(model, X, "train").h,
    };
  },
  deep: (g) => initDeepNetwork(deepSizes, g),
};

/**
 * The run made of the learner's parts (exercises 21 to 24), drawn from g in the notebook's
 * order as the kit's is: C, W1 (their kaimingInit for tanh), W2 · 0.01, b2 · 0, then their
 * BatchNorm state; the deeper network is their deepNetwork of their modules.
 */
export function mineRun(parts: BatchNormMineParts): RunParts {
  const { hidden, embedding, blockSize, vocabSize } = batchNormSizes;
  return {
    expectedInitialLoss: parts["expectedInitialLoss"] as (vocabSize: number) => number,
    model(g) {
      const C = randn([vocabSize, embedding], { generator: g });
      const W1 = parts["kaimingInit"]!(embedding * blockSize, hidden, "tanh", g) as Tensor;
      const W2 = randn([hidden, vocabSize], { generator: g }).mul(0.01);
      const b2 = randn([vocabSize], { generator: g }).mul(0);
      for (const t of [C, W1, W2, b2]) if (!t.requiresGrad) t.requiresGrad_(true);
      const bn = parts["initBatchNorm"]!(hidden) as { bngain: Tensor; bnbias: Tensor };
      const p = { C, W1, W2, b2, bn };
      const parameters = [C, W1, W2, b2, bn.bngain, bn.bnbias];
      const logits = (X: Tensor, training: boolean) => parts["forward"]!(p, X, training) as Tensor;
      return {
        parameters,
        // Their batchNorm may replace its running estimates with new tensors each step, so no
        // scope() frees the step's tensors here: the kit's loop, in plain form.
        async train(X, Y, generator, options) {
          const losses: number[] = [];
          for (let step = 0; step < options.steps; step++) {
            const lr = options.learningRate!(step, options.steps);
            const ix = randint(0, X.shape[0]!, [32], { generator });
            const loss = crossEntropy(logits(X.index(ix), true), Y.index(ix));
            for (const q of parameters) q.grad = null;
            loss.backward();
            for (const q of parameters) q.data.add_(q.grad!.mul(-lr));
            losses.push(loss.item());
            await options.onStep?.(step, losses[step]!, lr);
          }
          return losses;
        },
        splitLoss: (X, Y) => noGrad(() => crossEntropy(logits(X, false), Y).item()),
        hidden: (X) => {
          const emb = C.index(X);
          const hpreact = emb.view(emb.shape[0]!, -1).matmul(W1);
          return (parts["batchNorm"]!(hpreact, bn, true) as Tensor).tanh();
        },
      };
    },
    deep(g) {
      const net = parts["deepNetwork"]!({ ...deepSizes }, g) as {
        C: Tensor;
        layers: LearnerLayer[];
      };
      const layers = net.layers.map(keepingOutput);
      const parameters = [net.C, ...layers.flatMap((layer) => layer.parameters())];
      for (const q of parameters) if (!q.requiresGrad) q.requiresGrad_(true);
      return { C: net.C, layers, parameters };
    },
  };
}

/** A layer of the learner's modules, as exercise 24 asks for them. */
interface LearnerLayer {
  training?: boolean;
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/** The learner's layer, keeping its last output as the lecture's `layer.out` for the pictures. */
function keepingOutput(layer: LearnerLayer): Layer {
  const name = layer.constructor.name as Layer["name"];
  return {
    name,
    out: null,
    get training() {
      return layer.training ?? true;
    },
    set training(value: boolean) {
      if ("training" in layer) layer.training = value;
    },
    forward(x) {
      this.out = layer.forward(x);
      return this.out;
    },
    parameters: () => layer.parameters(),
  };
}

/** What the notebook printed with seed 2147483647: every 10,000th loss, then the split losses. */
const notebook = {
  seed: 2147483647,
  printed: [
    "3.3239",
    "2.0322",
    "2.5675",
    "2.0125",
    "2.2446",
    "1.8897",
    "2.0785",
    "2.3681",
    "2.2918",
    "2.0238",
    "2.3673",
    "2.3132",
    "1.6414",
    "1.9311",
    "2.2231",
    "2.0027",
    "2.0997",
    "2.4949",
    "2.0199",
    "2.1707",
  ],
  train: "2.0674145221710205",
  val: "2.1056840419769287",
};

/** matplotlib's first colours, so the pictures look like the lecture's. */
const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

function save(out: string, name: string, svg: string): string {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.svg`), svg);
  const png = join(out, `${name}.png`);
  writeFileSync(png, svgToPng(svg));
  return relative(process.cwd(), png);
}

/** How many leading characters two printed numbers share, counting digits only. */
function digitsAgreeing(ours: string, theirs: string): number {
  let digits = 0;
  for (let i = 0; i < Math.min(ours.length, theirs.length) && ours[i] === theirs[i]; i++)
    if (/\d/.test(ours[i]!)) digits++;
  return digits;
}

function clock(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
    : `${Math.round(seconds)} s`;
}

export async function trainBatchNorm(
  options: BatchNormRunOptions,
  mine?: BatchNormMineParts,
): Promise<void> {
  const run = mine ? mineRun(mine) : kitRun;
  const words = loadWords(await ensureNames());
  const { stoi } = vocabulary(words);
  const split = splitWords(words, 42);
  const train = buildDataset(split.train, stoi, batchNormSizes.blockSize);
  const dev = buildDataset(split.dev, stoi, batchNormSizes.blockSize);
  const steps = options.steps ?? (options.quick ? 20_000 : 200_000);
  const g = new Generator().manualSeed(options.seed);
  const model = run.model(g);
  const count = model.parameters.reduce((n, t) => n + t.numel(), 0);
  say(
    bold("makemore part 3: the MLP with BatchNorm") +
      dim(
        ` · ${count} parameters (no b1), W1 · (5/3)/√30, W2 · 0.01, b2 · 0 · train ${train.X.shape[0]} / val ${dev.X.shape[0]} examples · seed ${options.seed} for the initialisation and every minibatch`,
      ),
  );
  if (run.expectedInitialLoss)
    say(
      `Your expectedInitialLoss(27): ${run.expectedInitialLoss(27).toFixed(4)}, where the first loss should be.`,
    );
  const pictures = saturationPictures(options, run);

  const interactive = process.stdout.isTTY === true && !process.env["CI"];
  const width = String(steps).length;
  const printed: string[] = [];
  const started = performance.now();
  const losses = await model.train(train.X, train.Y, g, {
    steps,
    learningRate: (step) => (step < steps / 2 ? 0.1 : 0.01),
    onStep: (step, loss) => {
      if (step % 10_000 === 0) {
        printed.push(loss.toFixed(4));
        if (interactive) process.stdout.write("\r\u001b[2K");
        say(`${String(step).padStart(7)}/${String(steps).padStart(7)}: ${loss.toFixed(4)}`);
      }
      if (interactive && step % 500 === 0) {
        const elapsed = (performance.now() - started) / 1000;
        const left = (elapsed / (step + 1)) * (steps - step - 1);
        process.stdout.write(
          `\r${dim(progressLine(`${String(step).padStart(width)}/${steps} · loss ${loss.toFixed(4)} · about ${clock(left)} left`))}`,
        );
      }
      return undefined;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (interactive) process.stdout.write("\r\u001b[2K");
  say(dim(`${steps} steps in ${seconds.toFixed(1)} s (${Math.round(steps / seconds)} steps/s)`));

  const trainLoss = String(model.splitLoss(train.X, train.Y));
  const valLoss = String(model.splitLoss(dev.X, dev.Y));
  const lecture = options.seed === notebook.seed && steps === 200_000;
  if (lecture) {
    const same = printed.filter((loss, i) => loss === notebook.printed[i]).length;
    say(
      `train ${trainLoss}  ${dim(`(the notebook: ${notebook.train}, ${digitsAgreeing(trainLoss, notebook.train)} digits agree)`)}`,
    );
    say(
      `val ${valLoss}  ${dim(`(the notebook: ${notebook.val}, ${digitsAgreeing(valLoss, notebook.val)} digits agree)`)}`,
    );
    say(
      dim(
        `${same} of the notebook's ${notebook.printed.length} printed losses agree to the 4 digits shown.`,
      ),
    );
  } else {
    say(`train ${trainLoss}`);
    say(`val ${valLoss}`);
    say(dim("(the notebook's 200,000 steps with seed 2147483647: train 2.0674, val 2.1057)"));
  }
  pictures.push(
    save(
      options.out,
      "batchnorm-loss",
      lineChart({
        title: "Training loss (minibatch), BatchNorm MLP",
        xLabel: "step",
        yLabel: "log10 loss",
        series: [{ x: losses.map((_, i) => i), y: losses.map(Math.log10) }],
      }),
    ),
  );
  pictures.push(...(await deepNetworkPictures(train.X, train.Y, options, run)));
  sayPictures("Pictures", pictures);
}

/**
 * The lecture's white-where-saturated image of one batch's hidden layer, |h| > 0.99: with
 * part 2's initialisation (most of the layer saturated) and with this lecture's. Each model
 * is initialised from its own generator seeded as the run's, so the batch is the run's first.
 */
function saturationPictures(options: BatchNormRunOptions, run: RunParts): string[] {
  const words = loadWords();
  const { stoi } = vocabulary(words);
  const { X } = buildDataset(splitWords(words, 42).train, stoi, 3);
  return noGrad(() => {
    const g = new Generator().manualSeed(options.seed);
    const model = run.model(g);
    const batch = X.index(randint(0, X.shape[0]!, [32], { generator: g }));
    const h = model.hidden(batch);
    const oldG = new Generator().manualSeed(options.seed);
    const old = initMlp(lectureSizes, oldG);
    const oldBatch = X.index(randint(0, X.shape[0]!, [32], { generator: oldG }));
    const oldH = old.C.index(oldBatch).view(32, -1).matmul(old.W1).add(old.b1).tanh();
    const share = (t: Tensor) => `${(100 * activationStatistics(t, 0.99).saturated).toFixed(1)}%`;
    return [
      save(
        options.out,
        "batchnorm-saturation-part2-init",
        maskImage(
          saturationMask(oldH),
          `|h| > 0.99, part 2's initialisation: ${share(oldH)} saturated (white)`,
        ),
      ),
      save(
        options.out,
        "batchnorm-saturation",
        maskImage(
          saturationMask(h),
          `|h| > 0.99, Kaiming init and BatchNorm: ${share(h)} saturated (white)`,
        ),
      ),
    ];
  });
}

/** A histogram per tensor, one line each, as the lecture's `plt.plot(hx[:-1], hy)`. */
function histograms(
  title: string,
  xLabel: string,
  entries: { t: Tensor; label: string }[],
): string {
  const series: Series[] = entries.map(({ t, label }, k) => {
    const h = histogram(t);
    return { x: h.edges, y: h.density, label, color: colours[k % colours.length]! };
  });
  return lineChart({
    title,
    xLabel,
    yLabel: "density",
    series,
    width: 1400,
    height: 420,
    legendWidth: 430,
  });
}

/** The deeper network's first 1,001 steps (where the lecture stops to look), then its pictures. */
async function deepNetworkPictures(
  X: Tensor,
  Y: Tensor,
  options: BatchNormRunOptions,
  run: RunParts,
): Promise<string[]> {
  const steps = 1001;
  say(
    dim(
      `The deeper network (5 × Linear → BatchNorm1d → Tanh, 47,024 parameters): ${steps.toLocaleString("en")} steps, as the lecture runs it before looking…`,
    ),
  );
  const g = new Generator().manualSeed(options.seed);
  const net: DeepNetwork = run.deep(g);
  const ratios: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const step = deepTrainingStep(net, X, Y, g, 0.1);
    ratios.push(step.updateRatios);
    if (i === 0)
      say(`${String(i).padStart(7)}/${String(steps).padStart(7)}: ${step.loss.toFixed(4)}`);
  }
  const tanhs = net.layers.flatMap((layer, i) =>
    layer.name === "Tanh" ? [{ i, out: layer.out! }] : [],
  );
  const activations = tanhs.map(({ i, out }) => {
    const s = activationStatistics(out);
    const line = `layer ${i} (Tanh): mean ${s.mean >= 0 ? "+" : ""}${s.mean.toFixed(2)}, std ${s.std.toFixed(2)}, saturated: ${(100 * s.saturated).toFixed(2)}%`;
    say(line);
    return { t: out, label: line };
  });
  const gradients = tanhs.map(({ i, out }) => {
    const s = gradientStatistics(out.grad!);
    const line = `layer ${i} (Tanh): mean ${s.mean >= 0 ? "+" : ""}${s.mean.toFixed(6)}, std ${s.std.toExponential(6)}`;
    say(line);
    return { t: out.grad!, label: line };
  });
  const weights = net.parameters.flatMap((p, i) => {
    if (p.shape.length !== 2) return [];
    const s = weightStatistics(p, p.grad!);
    const shape = `(${p.shape.join(", ")})`;
    say(
      `weight ${shape.padStart(10)} | mean ${s.mean >= 0 ? "+" : ""}${s.mean.toFixed(6)} | std ${s.std.toExponential(6)} | grad:data ${s.gradToData.toExponential(6)}`,
    );
    return [{ t: p.grad!, label: `${i} ${shape}: grad:data ${s.gradToData.toExponential(2)}`, i }];
  });
  const stepsAxis = ratios.map((_, j) => j);
  const updateSeries: Series[] = weights.map(({ i }, k) => ({
    x: stepsAxis,
    y: ratios.map((r) => r[i]!),
    label: `param ${i} (${net.parameters[i]!.shape.join(", ")})`,
    color: colours[k % colours.length]!,
  }));
  updateSeries.push({
    x: [0, steps],
    y: [-3, -3],
    label: "1e-3, where they should be",
    color: "black",
  });
  return [
    save(
      options.out,
      "batchnorm-activations",
      histograms("activation distribution", "tanh output", activations),
    ),
    save(
      options.out,
      "batchnorm-gradients",
      histograms("gradient distribution", "gradient of the tanh output", gradients),
    ),
    save(
      options.out,
      "batchnorm-weight-gradients",
      histograms("weights gradient distribution", "gradient", weights),
    ),
    save(
      options.out,
      "batchnorm-update-ratio",
      lineChart({
        title: "update:data ratio, log10(std(lr · grad) / std(data))",
        xLabel: "step",
        yLabel: "log10 ratio",
        series: updateSeries,
        width: 1400,
        height: 420,
        legendWidth: 230,
      }),
    ),
  ];
}
