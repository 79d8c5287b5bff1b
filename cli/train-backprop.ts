/**
 * `npm run train -- backprop`: the backprop lecture's exercise 4, 200,000 steps of the BatchNorm
 * MLP trained under no-grad with the kit's manual backward, printed as the notebook prints it.
 */
import { ensureNames, loadWords } from "#reference/makemore/data.ts";
import { buildDataset, splitWords } from "#reference/makemore/mlp.ts";
import { manualBackward, sgdUpdate } from "#reference/makemore/ninja-backward.ts";
import {
  initNinja,
  type NinjaParameters,
  ninjaParameterList,
  ninjaSizes,
  ninjaTrainingSizes,
} from "#reference/makemore/ninja-model.ts";
import {
  autogradGradients,
  calibrateBatchNorm,
  gradientMaxDiffs,
  ninjaForward,
  ninjaLearningRate,
  ninjaSplitLoss,
  trainNinja,
} from "#reference/makemore/ninja-train.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator, noGrad, randint, randn, type Tensor } from "#reference/tensor/index.ts";
import { progressLine, say } from "./lib/columns.ts";
import { bold, dim } from "./lib/render.ts";

/** What the notebook printed: the loss every 10,000 steps, then the calibrated split losses. */
const notebook = {
  checkpoints: [
    3.7805, 2.1775, 2.3957, 2.5032, 2.0065, 2.3873, 2.3378, 2.064, 2.3497, 2.1093, 1.9132, 2.2229,
    1.9912, 2.4441, 2.3198, 2.1857, 2.0296, 1.8391, 2.0436, 1.92,
  ],
  train: 2.070523500442505,
  val: 2.109893560409546,
};

/**
 * PyTorch's global generator, standing in for the one the notebook drew bngain and bnbias from.
 * That one was never seeded, so its draws cannot be recovered; a fresh kit Generator starts
 * where a stock PyTorch process's default generator starts, and the notebook's cell 8 first
 * drew the hidden-64 model's two (1, 64) tensors from it.
 */
function notebookGlobalGenerator(): Generator {
  const global = new Generator();
  randn([1, ninjaSizes.hidden], { generator: global });
  randn([1, ninjaSizes.hidden], { generator: global });
  return global;
}

export interface BackpropRunOptions {
  readonly seed: number;
  readonly steps?: number;
  readonly quick: boolean;
}

const clock = (seconds: number) =>
  seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
    : `${seconds.toFixed(0)} s`;

function firstStepMaxDiff(p: NinjaParameters, X: Tensor, Y: Tensor, seed: number) {
  // The first minibatch, drawn from a copy of the generator's state so the run itself is untouched.
  const g = new Generator().manualSeed(seed);
  initNinja(ninjaTrainingSizes, g, notebookGlobalGenerator());
  const ix = randint(0, X.shape[0]!, [32], { generator: g });
  const Xb = X.index(ix);
  const Yb = Y.index(ix);
  const manual = noGrad(() => manualBackward(p, ninjaForward(p, Xb, Yb), Xb, Yb));
  return gradientMaxDiffs(manual, autogradGradients(p, Xb, Yb));
}

export async function backpropRun(options: BackpropRunOptions): Promise<void> {
  const words = loadWords(await ensureNames());
  const { stoi } = vocabulary(words);
  const split = splitWords(words, 42);
  const train = buildDataset(split.train, stoi, ninjaTrainingSizes.blockSize);
  const val = buildDataset(split.dev, stoi, ninjaTrainingSizes.blockSize);
  const steps = options.steps ?? (options.quick ? 20_000 : 200_000);
  const g = new Generator().manualSeed(options.seed);
  const p = initNinja(ninjaTrainingSizes, g, notebookGlobalGenerator());
  const count = ninjaParameterList(p).reduce((n, t) => n + t.numel(), 0);
  say(
    bold("makemore part 4: training with the manual backward") +
      dim(
        ` · hidden ${ninjaTrainingSizes.hidden}, ${count} parameters · train ${train.X.shape[0]} / val ${val.X.shape[0]} examples · seed ${options.seed}; bngain and bnbias from a fresh default generator (the notebook's was never seeded, so its draws are unknown)`,
      ),
  );
  const diffs = firstStepMaxDiff(p, train.X, train.Y, options.seed);
  // The seven differences on a line of their own: beside the label they would not fit 80 columns.
  say("Step 0, manual against autograd, maxdiff:");
  say(
    `  ${Object.entries(diffs)
      .map(([name, d]) => `${name}=${d.toExponential(1)}`)
      .join(" ")}`,
  );
  const tty = process.stdout.isTTY === true && !process.env["CI"];
  const started = performance.now();
  const width = String(steps).length;
  await trainNinja(p, train.X, train.Y, g, {
    steps,
    learningRate: (step, total) =>
      options.quick ? (step < total / 2 ? 0.1 : 0.01) : ninjaLearningRate(step),
    backward: manualBackward,
    update: sgdUpdate,
    onStep: (step, loss) => {
      const elapsed = (performance.now() - started) / 1000;
      const left = ((steps - step - 1) * elapsed) / (step + 1);
      if (step % 10_000 === 0) {
        const lecture = notebook.checkpoints[step / 10_000];
        const line = `${String(step).padStart(width)}/${String(steps).padStart(width)}: ${loss.toFixed(4)}`;
        const beside =
          lecture !== undefined && steps === 200_000 ? ` (notebook ${lecture.toFixed(4)})` : "";
        if (tty) process.stdout.write("\r\x1b[2K");
        const time = step === 0 ? "" : `  ${elapsed.toFixed(1)} s, ${clock(left)} left`;
        say(line + dim(beside + time));
      } else if (tty && step % 500 === 0) {
        process.stdout.write(
          `\r\x1b[2K${dim(progressLine(`step ${step}/${steps} · loss ${loss.toFixed(4)} · ${clock(left)} left`))}`,
        );
        // Let the terminal draw the line.
        return new Promise((resolve) => setImmediate(resolve));
      }
      return undefined;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (tty) process.stdout.write("\r\x1b[2K");
  say(`${steps} steps in ${seconds.toFixed(1)} s (${Math.round(steps / seconds)} steps/s)`);
  const stats = calibrateBatchNorm(p, train.X);
  const trainLoss = ninjaSplitLoss(p, stats, train.X, train.Y);
  const valLoss = ninjaSplitLoss(p, stats, val.X, val.Y);
  say(`train ${trainLoss}`);
  say(`val ${valLoss}`);
  say(
    dim(
      steps === 200_000 && !options.quick
        ? `(the notebook: train ${notebook.train}, val ${notebook.val}; differences ${(trainLoss - notebook.train).toFixed(4)} and ${(valLoss - notebook.val).toFixed(4)})`
        : `(a short run of ${steps.toLocaleString("en")} steps; the full run lands near the notebook's train ${notebook.train.toFixed(4)}, val ${notebook.val.toFixed(4)})`,
    ),
  );
}
