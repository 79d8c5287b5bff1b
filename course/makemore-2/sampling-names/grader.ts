import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, runScenario, type ScenarioValues, withCode } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { initMlp, mlpLogits, sampleMlpNames } from "#reference/makemore/mlp.ts";
import { Generator, multinomial, noGrad, tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/20-sampling-names/sample.ts");
const learner = loadTarget<Target>("sample.ts", ["sampleNames"]);

const letters = [".", ..."abcdefghijklmnopqrstuvwxyz"];
const setup = fc.record({
  vocab: fc.integer({ min: 2, max: 27 }),
  blockSize: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(),
  scale: fc.constantFrom(0.3, 1),
});
type Setup = { vocab: number; blockSize: number; seed: number; scale: number };
/** The grader's own network; the scenario makes the same one from the same seed. */
function make(s: Setup, generator: Generator = new Generator().manualSeed(s.seed)) {
  const p = initMlp(
    { vocabSize: s.vocab, blockSize: s.blockSize, embedding: 3, hidden: 10 },
    generator,
  );
  // Smaller output weights keep names short and varied.
  p.W2.data.mul_(s.scale);
  return p;
}
/** Characters a sampler may draw beyond the kit's own names before it is stopped. */
const margin = 500;
/**
 * Draws the kit's own names may take (two a character): a random network can all but never
 * draw ".", and one drawn setup gave 127,000 characters of names, so such setups are skipped.
 */
const kitDrawLimit = 10_000;

/** Thrown when the kit's own names for a setup run past kitDrawLimit. */
class NamesTooLong extends Error {}

/** A generator that counts its 32-bit draws and, past `limit`, fails the check instead of drawing. */
class BoundedGenerator extends Generator {
  draws = 0;
  constructor(
    seed: number,
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly overrun: () => never = () => fail("The generator ran out."),
  ) {
    super();
    this.manualSeed(seed);
  }
  override nextUint32(): number {
    if (++this.draws > this.limit) this.overrun();
    return super.nextUint32();
  }
}

/**
 * The kit's names for this seed, and how many draws the learner's scenario may take: what
 * make(s) draws, what the kit's names drew, and `margin` characters' worth more.
 */
function kitNames(
  s: Setup,
  itos: readonly string[],
  count: number,
  seed: number,
): { expected: string[]; drawLimit: number; overrun: () => never } {
  const network = new BoundedGenerator(s.seed);
  const p = make(s, network);
  const counting = new BoundedGenerator(seed, kitDrawLimit, () => {
    throw new NamesTooLong();
  });
  const expected = sampleMlpNames(p, itos, s.blockSize, count, counting);
  const characters = expected.reduce((n, name) => n + name.length, 0);
  const perCharacter = Math.ceil(counting.draws / characters);
  return {
    expected,
    drawLimit: network.draws + counting.draws + margin * perCharacter,
    overrun: () =>
      fail(
        `Your sampler never stopped at ".": it drew over ${characters + margin} characters for ${count} names, when the kit's ${count} names from the same generator have ${characters} in all. A name ends when the network draws "." (index 0): add the character, then break out of the loop (if (ix === 0) break;).`,
        { mistake: "sampler-never-stops" },
      ),
  };
}

/**
 * Runs the scenario with every Generator's draws counted, failing with the kit's `overrun` past
 * its `drawLimit`, then `inspect` on its variables. A sampler that never stops at "." would
 * otherwise run into the wall-clock limit and learn nothing from it; the scenario makes its own
 * generators, so the count is kept on the class while the scenario runs.
 */
async function sampleScenario(
  code: string,
  { drawLimit, overrun }: { drawLimit: number; overrun: () => never },
  inspect: (values: ScenarioValues) => void,
): Promise<void> {
  const original = Generator.prototype.nextUint32;
  let draws = 0;
  Generator.prototype.nextUint32 = function (this: Generator): number {
    if (++draws > drawLimit) overrun();
    return original.call(this);
  };
  let values: ScenarioValues;
  try {
    values = await runScenario(learner, code);
  } finally {
    Generator.prototype.nextUint32 = original;
  }
  try {
    inspect(values);
  } catch (error) {
    throw withCode(error, code);
  }
}

const itosCode = (vocab: number) =>
  `[${letters
    .slice(0, vocab)
    .map((c) => `"${c}"`)
    .join(", ")}]`;

/** The scenario: the network made as make(s) makes it, then `count` names from seed + 10. */
const sampleCode = (s: Setup, count: number) => `${importLearner(learner, "sampleNames")}
import { initMlp } from "#reference/makemore/mlp.ts";
import { Generator } from "#reference/tensor/index.ts";
const p = initMlp({ vocabSize: ${s.vocab}, blockSize: ${s.blockSize}, embedding: 3, hidden: 10 }, new Generator().manualSeed(${s.seed}));
p.W2.data.mul_(${s.scale});
const itos = ${itosCode(s.vocab)};
const names = sampleNames(p, itos, ${s.blockSize}, ${count}, new Generator().manualSeed(${s.seed + 10}));`;

check(
  "names",
  "names drawn from the network, the window sliding after each character: the kit's names for the same seed",
  3,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    // The count is drawn too: a sampler that ignores it must fail.
    await property(
      fc.tuple(setup, fc.integer({ min: 2, max: 6 })),
      async ([s, count]) => {
        const itos = letters.slice(0, s.vocab);
        let kit: ReturnType<typeof kitNames>;
        try {
          kit = kitNames(s, itos, count, s.seed + 10);
        } catch (error) {
          if (error instanceof NamesTooLong) return fc.pre(false);
          throw error;
        }
        const { expected } = kit;
        await sampleScenario(sampleCode(s, count), kit, (values) => {
          // The network and itos as the grader made them: a change made in place is named first.
          expectInputsUnchanged(`sampleNames(p, itos, ${s.blockSize}, ${count}, g)`, {
            p: [values["p"], make(s)],
            itos: [values["itos"], itos],
          });
          const { names } = values;
          if (!Array.isArray(names) || names.length !== count)
            fail(
              `\`sampleNames(p, itos, ${s.blockSize}, ${count}, g)\` should return ${count} names, but it returned ${describeValue(names)}.`,
            );
          if (JSON.stringify(names) === JSON.stringify(expected)) return;
          const frozen = sampleWithFrozenContext(make(s), itos, s.blockSize, count, s.seed + 10);
          if (JSON.stringify(names) === JSON.stringify(frozen)) {
            fail(
              "Every character is drawn from the same window of dots: after each draw, slide the window — drop its first index and append the new one, context = [...context.slice(1), ix].",
              { mistake: "context-not-slid" },
            );
          }
          fail(
            `The names should be ${JSON.stringify(expected)}, but they are ${JSON.stringify(names)}. Start each name from a window of ${s.blockSize} zeros, take softmax(forward(p, tensor([context])), 1), draw with multinomial(probs, 1, { replacement: true, generator: g }), and stop after ".".`,
          );
        });
      },
      { numRuns: 40 },
    );
  },
);

check("ends", 'every name ends with the first "." drawn', 1, async () => {
  const s: Setup = { vocab: 6, blockSize: 3, seed: 3, scale: 0.3 };
  await sampleScenario(sampleCode(s, 10), kitNames(s, letters.slice(0, 6), 10, 13), ({ names }) => {
    if (!Array.isArray(names) || names.length !== 10)
      fail(
        `\`sampleNames(p, itos, 3, 10, g)\` should return 10 names, but it returned ${describeValue(names)}.`,
      );
    for (const name of names as string[]) {
      if (!name.endsWith(".") || name.slice(0, -1).includes("."))
        fail(`${JSON.stringify(name)} should end at its first ".", which is where a name stops.`);
    }
  });
});

/** What a sampler that never slides its window draws: every character from the all-dots context. */
function sampleWithFrozenContext(
  p: ReturnType<typeof make>,
  itos: readonly string[],
  blockSize: number,
  count: number,
  seed: number,
): string[] {
  const g = new Generator().manualSeed(seed);
  const probs = noGrad(() =>
    mlpLogits(p, tensor([new Array<number>(blockSize).fill(0)])).softmax(1),
  );
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    let name = "";
    for (let guard = 0; guard < 1000; guard++) {
      const ix = multinomial(probs, 1, { replacement: true, generator: g }).item();
      name += itos[ix];
      if (ix === 0) break;
    }
    names.push(name);
  }
  return names;
}
