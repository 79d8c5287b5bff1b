/**
 * `npm run train -- <model> [options]`: the reference runs on names.txt, printing what the
 * lecture prints and writing pictures to out/.
 *
 *   bigram          count, draw the table, loss, five names (seed 2147483647)
 *   neural-bigram   the same model by gradient descent, with progress
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  averageNll,
  countBigrams,
  encodeBigrams,
  perplexity,
  probabilities,
  sampleNames,
  trainNeuralBigram,
  vocabulary,
} from "../reference/makemore/bigram.ts";
import { DataError, ensureNames, loadWords } from "../reference/makemore/data.ts";
import { bigramHeatmap, svgToPng } from "../reference/plot/index.ts";
import { progressBar } from "./lib/progress-bar.ts";
import { bold, dim } from "./lib/render.ts";

const usage = `Usage: npm run train -- <bigram | neural-bigram> [--steps N] [--seed S] [--out DIR]

  bigram          the counted model: the count table as a picture, its loss, five sampled names
  neural-bigram   the same model learned by gradient descent (default 100 steps at rate 50)`;

class UsageError extends Error {}

interface Options {
  model: string;
  steps?: number;
  seed: number;
  out: string;
}

function parse(argv: readonly string[]): Options {
  const options: Options = { model: "", seed: 2147483647, out: "out" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    const whole = (v: string, name: string) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new UsageError(`${name} needs a whole number, not "${v}".`);
      return n;
    };
    if (arg === "--steps") options.steps = whole(value(), "--steps");
    else if (arg === "--seed") options.seed = whole(value(), "--seed");
    else if (arg === "--out") options.out = value();
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${arg}.`);
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

async function bigram(options: Options): Promise<void> {
  const all = await words();
  const { stoi, itos } = vocabulary(all);
  const N = countBigrams(all, stoi);
  console.log(
    bold("The counted bigram model") + dim(` · ${all.length} names, ${N.sum().item()} bigrams`),
  );
  const counts = N.tolist() as number[][];
  const pictures = save(options.out, "bigram-counts", bigramHeatmap(counts, itos));
  console.log(`The count table: ${pictures.join(", ")}`);
  for (const k of [0, 1]) {
    const nll = averageNll(probabilities(N, k), all, stoi);
    console.log(
      `Average negative log-likelihood${k ? " with add-one smoothing" : ""}: ${nll.toFixed(4)} (perplexity ${perplexity(nll).toFixed(2)})`,
    );
  }
  console.log(`Five names from P = (N + 1) normalised, seed ${options.seed}:`);
  for (const name of sampleNames(probabilities(N, 1), itos, 5, options.seed))
    console.log(`  ${name}`);
}

async function neuralBigram(options: Options): Promise<void> {
  const all = await words();
  const { stoi, itos } = vocabulary(all);
  const { xs, ys } = encodeBigrams(all, stoi);
  const steps = options.steps ?? 100;
  console.log(
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
  console.log(`Five names from the network, seed ${options.seed}:`);
  for (const name of sampleNames(P, itos, 5, options.seed)) console.log(`  ${name}`);
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  switch (options.model) {
    case "bigram":
      await bigram(options);
      return 0;
    case "neural-bigram":
      await neuralBigram(options);
      return 0;
    case "":
      throw new UsageError("Which model? Name one.");
    default:
      throw new UsageError(`There is no model "${options.model}".`);
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) console.error(error.message);
    console.error(usage);
    process.exitCode = 2;
  } else if (error instanceof DataError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(`Training stopped: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
