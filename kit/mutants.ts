/**
 * Mutants: known-wrong learner files, one per known mistake (course/mistakes.ts), that a grader
 * must catch. Alternatives: other correct ways to write the solution, that it must accept.
 * Both are real files, read by tsc and biome like the solution they vary:
 *
 *   course/TRACK/ID/mutants/index.ts              what the grader must answer to each mutant
 *   course/TRACK/ID/mutants/<mistake-id>/file.ts  the solution's file with that mistake made
 *   course/TRACK/ID/alternatives/index.ts         a line on each alternative
 *   course/TRACK/ID/alternatives/<name>/file.ts   the solution's file written another way
 *
 * A variant folder holds only the files that differ; `materialiseVariant` copies the solution's
 * folder and overwrites those, in a folder laid out like exercises/ that GRADLINGS_TARGET can
 * point at.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { MistakeId } from "./check.ts";
import type { ExerciseSpec } from "./exercise.ts";
import { courseFolder, repoRoot, stateDir } from "./paths.ts";

/**
 * A mutant's folder name: the id of its mistake. When one exercise has several mutants of the
 * same mistake, the second is `<id>.2`, the third `<id>.3`, and so on.
 */
export type MutantName = MistakeId | `${MistakeId}.${number}`;

/** What the grader must answer to one mutant. */
export interface MutantSpec {
  /** The mistake as this mutant makes it, in one sentence. */
  readonly description: string;
  /** The id of the check that must fail. */
  readonly check: string;
  /** Text the check's failure message must contain. */
  readonly message: string;
  /**
   * `false` when the check's message diagnoses the mistake without naming its id: the check may
   * then name no mistake, but never another. Otherwise it must name exactly this mutant's.
   */
  readonly named?: false;
}

/** What an exercise's mutants/index.ts exports as `mutants`: one entry per mutant folder. */
export type MutantCatalogue = { readonly [name in MutantName]?: MutantSpec };

/**
 * What an exercise's alternatives/index.ts exports as `alternatives`: one entry per folder.
 * `note`: text that a note of the grader's (check.ts's note()) must contain, for an alternative
 * that is correct but worth a remark.
 */
export type AlternativeCatalogue = Readonly<
  Record<string, { readonly description: string; readonly note?: string }>
>;

/** An alternative as found in the course, with the note the grader must leave, if any. */
export interface Alternative extends Variant {
  readonly kind: "alternatives";
  readonly note?: string;
}

/** A variant of the solution as found in the course: a mutant or an alternative. */
export interface Variant {
  readonly slug: string;
  readonly kind: "mutants" | "alternatives";
  /** Its folder's name. */
  readonly name: string;
  readonly description: string;
  /** The folder holding its files. */
  readonly folder: string;
  /** The learner files it replaces, by name (each one of the exercise's files). */
  readonly files: readonly string[];
}

export interface Mutant extends Variant, Omit<MutantSpec, "named"> {
  readonly kind: "mutants";
  /** The mistake it makes: its name without a `.2`-style suffix. */
  readonly mistake: MistakeId;
  /** Whether the failing check must name `mistake` (see MutantSpec.named). */
  readonly named: boolean;
}

type ExerciseFolders = Pick<ExerciseSpec, "slug" | "track" | "id" | "files">;

/** The mistake a mutant's folder name stands for: the name without its `.2`-style suffix. */
export function mistakeOfMutant(name: string): MistakeId {
  // The registry's keys are checked against mutant names in test/mistakes.test.ts.
  return name.replace(/\.\d+$/, "") as MistakeId;
}

export async function listMutants(exercise: ExerciseFolders): Promise<Mutant[]> {
  const catalogue = await readIndex<MutantCatalogue>(exercise, "mutants");
  return variants(exercise, "mutants", catalogue).map(([variant, spec]) => ({
    ...variant,
    kind: "mutants",
    mistake: mistakeOfMutant(variant.name),
    check: spec.check,
    message: spec.message,
    named: spec.named !== false,
  }));
}

export async function listAlternatives(exercise: ExerciseFolders): Promise<Alternative[]> {
  const catalogue = await readIndex<AlternativeCatalogue>(exercise, "alternatives");
  return variants(exercise, "alternatives", catalogue).map(([variant, spec]) => ({
    ...variant,
    kind: "alternatives",
    ...(spec.note === undefined ? {} : { note: spec.note }),
  }));
}

async function readIndex<Catalogue>(
  exercise: ExerciseFolders,
  kind: Variant["kind"],
): Promise<Catalogue> {
  const index = join(courseFolder(exercise), kind, "index.ts");
  if (!existsSync(index)) return {} as Catalogue;
  const module = (await import(pathToFileURL(index).href)) as Record<string, unknown>;
  if (typeof module[kind] !== "object" || module[kind] === null)
    throw new Error(`${exercise.track}/${exercise.id}/${kind}/index.ts exports no \`${kind}\``);
  return module[kind] as Catalogue;
}

/**
 * Pairs each folder with its entry in the index, and fails loudly on a folder without an entry,
 * an entry without a folder, or a file that is not one of the exercise's learner files.
 */
function variants<Spec extends { readonly description: string }>(
  exercise: ExerciseFolders,
  kind: Variant["kind"],
  catalogue: { readonly [name: string]: Spec | undefined },
): [Variant, Spec][] {
  const root = join(courseFolder(exercise), kind);
  const where = `${exercise.track}/${exercise.id}/${kind}`;
  const folders = existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  for (const name of Object.keys(catalogue)) {
    if (!folders.includes(name))
      throw new Error(`${where}/index.ts lists "${name}", but there is no folder ${name}/`);
  }
  return folders.map((name) => {
    const spec = catalogue[name];
    if (spec === undefined) throw new Error(`${where}/${name}/ has no entry in ${where}/index.ts`);
    const folder = join(root, name);
    const files = readdirSync(folder).sort();
    if (files.length === 0) throw new Error(`${where}/${name}/ is empty`);
    for (const file of files) {
      if (!exercise.files.includes(file))
        throw new Error(
          `${where}/${name}/${file} is not one of the exercise's files (${exercise.files.join(", ")})`,
        );
    }
    return [
      { slug: exercise.slug, kind, name, description: spec.description, folder, files },
      spec,
    ];
  });
}

/** Writes the solution with the variant's files in place and returns the target folder. */
export function materialiseVariant(variant: Variant): string {
  const target = join(stateDir, variant.kind, variant.slug, variant.name);
  const folder = join(target, variant.slug);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  cpSync(join(repoRoot, "solutions", variant.slug), folder, { recursive: true });
  for (const file of variant.files) cpSync(join(variant.folder, file), join(folder, file));
  return target;
}
