/**
 * The playground: a scratch file, as the lectures' notebook cells are. `npm run try` runs a
 * copy of this file, playground/scratch.ts (yours: git ignores it); `npm run try -- FILE` runs
 * another. The one import below gives the names, your own exercises' functions, and pictures.
 */
import { hist, imshow, plot, words, yours } from "#playground";
import { Generator, randn } from "#reference/tensor/index.ts";

// names.txt, as the lecture's `words = open('names.txt', 'r').read().splitlines()`.
const names = await words();
console.log(`${names.length} names; the first three: ${names.slice(0, 3).join(", ")}`);

// Your own functions, by exercise: yours where written, the kit's (said once) where not yet.
const { vocabulary } = await yours(7);
const { countBigrams } = await yours(8);
const { stoi, itos } = vocabulary(names);
const N = countBigrams(names, stoi);

// plt.imshow(N): the count table, its rows and columns named by the characters.
imshow(N, { title: "bigram counts", labels: itos });

// plt.hist(h.view(-1).tolist(), 50): a histogram, as the BatchNorm lecture draws activations.
const g = new Generator().manualSeed(2147483647);
hist(randn([1000], { generator: g }).tanh(), { title: "tanh of 1,000 normal samples" });

// plt.plot(lossi): any list of numbers, one point per step.
const lossi = Array.from({ length: 100 }, (_, step) => 3.3 * Math.exp(-step / 30) + 2.4);
plot(lossi, { title: "a made-up loss curve" });
