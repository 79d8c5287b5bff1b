/**
 * `npm run grade`: full marks on the solutions, zero on the stubs, a complete report in every
 * format whatever the learner's code does, Gradescope's fields, JUnit parsed back, a tampered
 * grader and borrowed answers detected. Fixtures are derived from the curriculum, so the tests
 * stay valid as exercises are added; they grade a few exercises only, to stay fast.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { curriculum, type Exercise } from "#course/curriculum.ts";
import { importsOf, scanLearnerFiles } from "#kit/borrowing.ts";
import { buildManifest, type Manifest, verifyIntegrity } from "#kit/manifest.ts";
import { graderFile, repoRoot, stateDir } from "#kit/paths.ts";
import { toGithubSummary } from "#kit/report/github.ts";
import { gradescopeFields, toGradescope } from "#kit/report/gradescope.ts";
import { toJunit } from "#kit/report/junit.ts";
import {
  buildReport,
  type ExerciseReport,
  exerciseReport,
  type GradeReport,
} from "#kit/report/model.ts";
import { toTerminal } from "#kit/report/terminal.ts";

const fixtures = join(stateDir, "fixtures", "grade");
const scratch = mkdtempSync(join(tmpdir(), "gradlings-grade-"));
afterAll(() => {
  rmSync(fixtures, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** A manifest of the files as they are now, so that colleagues' edits today do not untrust a run. */
const freshManifest = join(scratch, "manifest.json");
writeFileSync(freshManifest, JSON.stringify(buildManifest()));

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly report: GradeReport;
  readonly out: string;
  readonly seconds: number;
}

let runs = 0;
function grade(args: readonly string[], env: Record<string, string> = {}): Run {
  const out = join(scratch, `out-${++runs}`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
    delete childEnv[key];
  delete childEnv["GITHUB_STEP_SUMMARY"];
  if (!("GRADLINGS_GRADE_SEED" in env)) delete childEnv["GRADLINGS_GRADE_SEED"];
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "cli/grade.ts", ...args, "--out", out, "--manifest", freshManifest],
    { cwd: repoRoot, env: childEnv, encoding: "utf8", timeout: 90_000 },
  );
  const seconds = (performance.now() - started) / 1000;
  const reportPath = join(out, "report.json");
  if (!existsSync(reportPath))
    throw new Error(`no report.json; exit ${result.status}; stderr:\n${result.stderr}`);
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as GradeReport;
  return { status: result.status, stderr: result.stderr, report, out, seconds };
}

/** The first n exercises of the curriculum (whatever they are when the test runs). */
const firstExercises = (n: number) => curriculum.slice(0, n);
const numbers = (exercises: readonly Exercise[]) => exercises.map((e) => String(e.number));

/** A target folder: each exercise's solution, with its first file replaced when a source is given. */
function fixture(name: string, files: ReadonlyMap<Exercise, string>): string {
  const folder = join(fixtures, name);
  rmSync(folder, { recursive: true, force: true });
  for (const [exercise, source] of files) {
    cpSync(join(repoRoot, "solutions", exercise.slug), join(folder, exercise.slug), {
      recursive: true,
    });
    writeFileSync(join(folder, exercise.slug, exercise.files[0]!), source);
  }
  return folder;
}

// ---------------------------------------------------------------------------------------------
// A tiny XML reader, enough to read JUnit back: elements, attributes, text, the five entities.

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

function unescapeXml(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "&") {
      out += text[i];
      continue;
    }
    const end = text.indexOf(";", i);
    const entity = text.slice(i + 1, end);
    const known: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (end < 0 || known[entity] === undefined) throw new Error(`bad entity at ${i}`);
    out += known[entity];
    i = end;
  }
  return out;
}

function parseXml(xml: string): XmlElement {
  let i = 0;
  const skipSpace = () => {
    while (i < xml.length && " \t\r\n".includes(xml[i]!)) i++;
  };
  const readName = () => {
    const start = i;
    while (i < xml.length && !" \t\r\n/>=".includes(xml[i]!)) i++;
    if (i === start) throw new Error(`expected a name at ${i}`);
    return xml.slice(start, i);
  };
  if (xml.startsWith("<?xml")) i = xml.indexOf("?>") + 2;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] !== "<") {
      const next = xml.indexOf("<", i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length > 0) stack[stack.length - 1]!.text += unescapeXml(text);
      else if (text.trim() !== "") throw new Error("text outside the root element");
      i = next < 0 ? xml.length : next;
      continue;
    }
    if (xml[i + 1] === "/") {
      i += 2;
      const name = readName();
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      skipSpace();
      if (xml[i++] !== ">") throw new Error("expected >");
      continue;
    }
    i++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: "" };
    for (;;) {
      skipSpace();
      if (xml[i] === "/" && xml[i + 1] === ">") {
        i += 2;
        break;
      }
      if (xml[i] === ">") {
        i++;
        stack.push(element);
        break;
      }
      const attribute = readName();
      if (xml[i++] !== "=" || xml[i++] !== '"') throw new Error(`attribute ${attribute} unquoted`);
      const end = xml.indexOf('"', i);
      if (attribute in element.attributes) throw new Error(`attribute ${attribute} twice`);
      element.attributes[attribute] = unescapeXml(xml.slice(i, end));
      i = end + 1;
    }
    const parent = stack.at(element === stack.at(-1) ? -2 : -1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error("two root elements");
    else root = element;
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Checks every format makes of one report

function expectGradescope(report: GradeReport, text: string): void {
  const results = JSON.parse(text) as Record<string, unknown>;
  for (const key of Object.keys(results))
    expect(gradescopeFields.top as readonly string[]).toContain(key);
  expect(typeof results["score"]).toBe("number");
  expect(typeof results["execution_time"]).toBe("number");
  expect(typeof results["output"]).toBe("string");
  const tests = results["tests"] as Record<string, unknown>[];
  expect(Array.isArray(tests)).toBe(true);
  let sum = 0;
  for (const t of tests) {
    for (const key of Object.keys(t))
      expect(gradescopeFields.test as readonly string[]).toContain(key);
    expect(typeof t["name"]).toBe("string");
    expect(typeof t["score"]).toBe("number");
    expect(typeof t["max_score"]).toBe("number");
    expect(t["score"] as number).toBeLessThanOrEqual(t["max_score"] as number);
    expect(gradescopeFields.status as readonly string[]).toContain(t["status"]);
    expect(gradescopeFields.visibility as readonly string[]).toContain(t["visibility"]);
    expect(typeof t["output"]).toBe("string");
    sum += t["score"] as number;
  }
  expect(results["score"]).toBe(sum);
  expect(results["score"]).toBe(report.totals.earned);
  const maxSum = tests.reduce((s, t) => s + (t["max_score"] as number), 0);
  expect(maxSum).toBe(report.totals.points);
}

/** What survives in XML: the control characters XML 1.0 forbids are dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
const xmlClean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

function expectJunit(report: GradeReport, text: string): void {
  const root = parseXml(text);
  expect(root.name).toBe("testsuites");
  const suites = root.children.filter((c) => c.attributes["name"] !== "grader-integrity");
  expect(suites.map((s) => s.attributes["name"])).toEqual(
    report.exercises.map((e) => xmlClean(`${e.slug}: ${e.title}`)),
  );
  let total = 0;
  report.exercises.forEach((exercise, i) => {
    const suite = suites[i]!;
    expect(suite.name).toBe("testsuite");
    const cases = suite.children.filter((c) => c.name === "testcase");
    total += cases.length;
    expect(Number(suite.attributes["tests"])).toBe(cases.length);
    const checks = exercise.checks.length > 0 ? exercise.checks : [undefined];
    expect(cases).toHaveLength(checks.length);
    checks.forEach((check, j) => {
      const kids = cases[j]!.children.map((c) => c.name);
      const status = check?.status ?? (exercise.status === "timeout" ? "timeout" : "error");
      const expected =
        status === "passed"
          ? []
          : status === "failed"
            ? ["failure"]
            : status === "not-run"
              ? ["skipped"]
              : ["error"];
      expect(kids).toEqual(expected);
      if (check && status !== "passed" && status !== "not-run")
        expect(cases[j]!.children[0]!.text.startsWith(xmlClean(check.message))).toBe(true);
    });
  });
  expect(Number(root.attributes["tests"])).toBe(total + (report.integrity.trusted ? 0 : 1));
}

function expectAllFormats(run: Run): void {
  const { report, out } = run;
  for (const file of ["report.json", "results.json", "junit.xml", "summary.md"])
    expect(existsSync(join(out, file)), file).toBe(true);
  expectGradescope(report, readFileSync(join(out, "results.json"), "utf8"));
  expectJunit(report, readFileSync(join(out, "junit.xml"), "utf8"));
  const summary = readFileSync(join(out, "summary.md"), "utf8");
  for (const e of report.exercises) expect(summary).toContain(`| ${e.number} |`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  // Provenance in every report.
  const p = report.provenance;
  expect(p.kit.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(p.gradersHash).toMatch(/^[0-9a-f]{64}$/);
  expect(p.curriculumHash).toMatch(/^[0-9a-f]{64}$/);
  expect(p.node).toBe(process.version);
  expect(Number.isNaN(Date.parse(p.date))).toBe(false);
  expect(summary).toContain(p.gradersHash.slice(0, 12));
  expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain(p.curriculumHash);
}

// ---------------------------------------------------------------------------------------------

describe("npm run grade", () => {
  const subset = firstExercises(2);

  test("the solutions score full marks and exit 0, in every format", () => {
    const run = grade([...numbers(subset), "--target", "solutions", "--format", "all"]);
    expect(run.status).toBe(0);
    expect(run.report.integrity.trusted).toBe(true);
    expect(run.report.exercises.map((e) => e.slug)).toEqual(subset.map((e) => e.slug));
    for (const e of run.report.exercises) {
      expect(e.status, e.message).toBe("passed");
      expect(e.earned).toBe(e.points);
    }
    expect(run.report.totals.earned).toBe(run.report.totals.points);
    expect(run.report.provenance.seedSource).toBe("default");
    expectAllFormats(run);
  });

  test("the untouched stubs score zero and exit 1; a secret seed is never written", () => {
    const secret = "correct horse battery staple";
    const run = grade([...numbers(subset), "--target", "exercises", "--format", "all"], {
      GRADLINGS_GRADE_SEED: secret,
    });
    expect(run.status).toBe(1);
    expect(run.report.totals.earned).toBe(0);
    for (const e of run.report.exercises) expect(e.status).not.toBe("passed");
    expect(run.report.provenance.seed).toBeNull();
    expect(run.report.provenance.seedSource).toBe("secret");
    for (const file of ["report.json", "results.json", "junit.xml", "summary.md"])
      expect(readFileSync(join(run.out, file), "utf8")).not.toContain(secret);
    expectAllFormats(run);
  });

  test("a hang, a syntax error and a throw at import cost their points, never the report", () => {
    const [looping, unparsable, throwing] = firstExercises(3) as [Exercise, Exercise, Exercise];
    const target = fixture(
      "broken",
      new Map([
        [looping, "while (true) {}\nexport {};\n"],
        [unparsable, "export function (x: number {\n  return x +;\n"],
        [
          throwing,
          'throw new Error("the file throws <as it loads> & \\"quotes\\"");\nexport {};\n',
        ],
      ]),
    );
    const limit = 3;
    const run = grade([
      ...numbers([looping, unparsable, throwing]),
      "--target",
      target,
      "--format",
      "all",
      "--time-limit",
      String(limit),
      "--jobs",
      "2",
    ]);
    expect(run.status).toBe(1);
    expect(run.report.exercises.map((e) => e.status)).toEqual(["timeout", "error", "error"]);
    for (const e of run.report.exercises) {
      expect(e.earned).toBe(0);
      expect(e.message.length + e.checks.map((c) => c.message).join("").length).toBeGreaterThan(0);
    }
    // Three exercises, two at a time, one of them stopped at its limit. The limit is CPU time,
    // so on a loaded machine the loop runs longer by the clock, but never past the backstop
    // (twenty limits; see kit/time-limit.ts), and the verdict above is still the loop's time-out.
    expect(run.seconds).toBeLessThan(20 * limit + 10);
    // The total is the run's wall time, not the sum of exercises graded side by side.
    const summed = run.report.exercises.reduce((sum, e) => sum + e.durationMs, 0);
    const longest = Math.max(...run.report.exercises.map((e) => e.durationMs));
    expect(run.report.totals.durationMs).toBeGreaterThanOrEqual(longest);
    expect(run.report.totals.durationMs).toBeLessThanOrEqual(run.seconds * 1000);
    expect(run.report.totals.durationMs).toBeLessThan(summed);
    expectAllFormats(run);
  });

  test("a usage error exits 2 and writes nothing", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "cli/grade.ts", "--format", "pdf"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown format "pdf"/);
  });
});

describe("formats from one report", () => {
  const awkward = `a <tag> & "quotes" and 'apostrophes' | pipes\u0001 and ünïcödé`;
  const report = buildReport(
    {
      kit: { name: "gradlings", version: "0.0.0" },
      gradersHash: "a".repeat(64),
      curriculumHash: "b".repeat(64),
      kitDigest: "c".repeat(64),
      seed: 1,
      seedSource: "flag",
      target: "exercises",
      node: process.version,
      date: new Date(0).toISOString(),
    },
    {
      trusted: false,
      manifest: "modified",
      modified: ["course/x.grader.ts"],
      missing: [],
      added: [],
      message: "Modified: not trusted. graders/x.grader.ts",
    },
    [
      exerciseReport({
        number: 1,
        slug: "01-x",
        title: awkward,
        status: "failed",
        points: 3,
        earned: 1,
        message: "",
        seed: 1,
        durationMs: 12,
        checks: [
          {
            id: "a",
            title: "one",
            points: 1,
            earned: 1,
            status: "passed",
            message: "",
            durationMs: 1,
          },
          {
            id: "b",
            title: awkward,
            points: 1,
            earned: 0,
            status: "failed",
            message: awkward,
            code: "x < y && z",
            durationMs: 1,
          },
          {
            id: "c",
            title: "three",
            points: 1,
            earned: 0,
            status: "not-run",
            message: "Not run.",
            durationMs: 0,
          },
        ],
      }),
    ],
  );

  test("partial credit is per check, and an untrusted run is never a pass", () => {
    expect(report.totals.earned).toBe(1);
    expect(report.passed).toBe(false);
    const gs = toGradescope(report);
    expect(gs.tests.map((t) => t.score)).toEqual([1, 0, 0, 0]);
    expect(gs.tests.at(-1)!.name).toBe("Grader integrity");
    expectGradescope(report, JSON.stringify(gs));
  });

  test("JUnit escapes every awkward character and reads back to the same text", () => {
    const xml = toJunit(report);
    expectJunit(report, xml);
    const root = parseXml(xml);
    const failing = root.children[0]!.children.filter((c) => c.name === "testcase")[1]!;
    const clean = awkward.replace("\u0001", "");
    expect(failing.children[0]!.attributes["message"]).toBe(clean);
    expect(failing.children[0]!.text).toBe(`${clean}\n\nx < y && z`);
    expect(root.children.at(-1)!.attributes["name"]).toBe("grader-integrity");
  });

  test("the GitHub summary is one table row per exercise, pipes escaped", () => {
    const md = toGithubSummary(report);
    const row = md.split("\n").find((l) => l.startsWith("| 1 |"))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(md).toContain("[!WARNING]");
    expect(toTerminal(report)).toContain("Modified: not trusted.");
  });
});

describe("a grade that cannot be faked", () => {
  test("a modified grader is named and not trusted (on a copy of the kit)", () => {
    const copy = join(scratch, "kit-copy");
    for (const path of ["course", "kit", "reference", "cli/grade.ts", "package.json"])
      cpSync(join(repoRoot, path), join(copy, path), { recursive: true });
    const manifest = join(copy, "course", "manifest.json");
    writeFileSync(manifest, JSON.stringify(buildManifest(copy)));
    expect(verifyIntegrity({ root: copy }).trusted).toBe(true);
    const grader = relative(repoRoot, graderFile(curriculum[0]!));
    writeFileSync(join(copy, grader), `${readFileSync(join(copy, grader), "utf8")}\n// easier\n`);
    const tampered = verifyIntegrity({ root: copy });
    expect(tampered.trusted).toBe(false);
    expect(tampered.manifest).toBe("modified");
    expect(tampered.modified).toEqual([grader]);
    expect(tampered.message).toContain(`Modified: not trusted`);
    expect(tampered.message).toContain(grader);
    // A pinned digest that does not match is not trusted either, even with a matching manifest.
    writeFileSync(manifest, JSON.stringify(buildManifest(copy)));
    expect(verifyIntegrity({ root: copy }).trusted).toBe(true);
    expect(verifyIntegrity({ root: copy, pinned: "0".repeat(64) }).trusted).toBe(false);
  });

  test("npm run grade against a manifest that disagrees: graded, marked untrusted, exit 1", () => {
    const manifest = JSON.parse(readFileSync(freshManifest, "utf8")) as Manifest;
    const grader = relative(repoRoot, graderFile(curriculum[0]!));
    const altered = join(scratch, "altered-manifest.json");
    writeFileSync(
      altered,
      JSON.stringify({ ...manifest, files: { ...manifest.files, [grader]: "0".repeat(64) } }),
    );
    const out = join(scratch, "tampered-out");
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_OPTIONS"])
      delete env[key];
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "cli/grade.ts",
        "1",
        "--target",
        "solutions",
        "--format",
        "json,junit",
        "--out",
        out,
        "--manifest",
        altered,
      ],
      { cwd: repoRoot, env, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as GradeReport;
    expect(report.integrity.trusted).toBe(false);
    expect(report.integrity.modified).toEqual([grader]);
    expect(report.exercises[0]!.status).toBe("passed");
    expect(result.stderr).toContain("Modified: not trusted");
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain("grader-integrity");
  });

  test("the source scan ignores types and comments, and finds every kind of import", () => {
    const sites = importsOf(`
      import type { A } from "#reference/x.ts";
      import { type B, type C } from "#reference/y.ts";
      // import { D } from "#reference/commented.ts";
      /* export * from "#reference/block.ts"; */
      import { type E, f } from "#reference/mixed.ts";
      export * from "#solutions/z.ts";
      import "side-effect.ts";
      const g = await import("./dynamic.ts");
      const h = require('./required.ts');
    `);
    expect(sites.filter((s) => !s.typeOnly).map((s) => s.specifier)).toEqual([
      "#reference/mixed.ts",
      "#solutions/z.ts",
      "side-effect.ts",
      "./dynamic.ts",
      "./required.ts",
    ]);
    expect(sites.filter((s) => s.typeOnly).map((s) => s.specifier)).toEqual([
      "#reference/x.ts",
      "#reference/y.ts",
    ]);
  });

  test("neither the solutions nor the stubs borrow", () => {
    for (const exercise of curriculum) {
      expect(scanLearnerFiles(exercise, join(repoRoot, "solutions")), exercise.slug).toEqual([]);
      expect(scanLearnerFiles(exercise, join(repoRoot, "exercises")), exercise.slug).toEqual([]);
    }
  });

  test("learner files that import a solution or re-export the answer score zero, saying why", () => {
    const [first, second] = firstExercises(2) as [Exercise, Exercise];
    const depth = "../".repeat(5); // .gradlings/fixtures/grade/<fixture>/<slug>/
    const files = new Map<Exercise, string>([
      [first, `export * from "${depth}solutions/${first.slug}/${first.files[0]}";\n`],
      // A computed path the source scan cannot read: the run-time watch sees it.
      [
        second,
        `const where = ["${depth}sol", "utions/${second.slug}/${second.files[0]}"].join("");\nconst m = await import(where);\nexport default m;\n${exportsFrom(second, "m")}`,
      ],
    ]);
    // Re-exported under a computed path: only the identity check can tell.
    const withAnswer = curriculum.find(
      (e) => e.answerModules.length > 0 && e !== first && e !== second,
    );
    if (withAnswer)
      files.set(
        withAnswer,
        `const m = await import(["#reference", "${withAnswer.answerModules[0]}"].join("/"));\n${exportsFrom(withAnswer, "m")}`,
      );
    const target = fixture("borrowing", files);
    const chosen = [...files.keys()].sort((a, b) => a.number - b.number);
    const run = grade([...numbers(chosen), "--target", target, "--format", "json"]);
    expect(run.status).toBe(1);
    for (const e of run.report.exercises) {
      expect(e.earned, e.slug).toBe(0);
      expect(e.message, e.slug).toMatch(/^Scored zero: /);
      expect(e.borrowed?.length, e.slug).toBeGreaterThan(0);
      expect(e.checks.every((c) => c.earned === 0 && c.message === e.message)).toBe(true);
    }
    expect(run.report.exercises[0]!.message).toMatch(/imports `.*solutions.*`: a solution/);
  });

  test("a CommonJS require and a solution read from disk and evaluated score zero too", () => {
    const [first, second] = firstExercises(2) as [Exercise, Exercise];
    const depth = "../".repeat(5); // .gradlings/fixtures/grade/<fixture>/<slug>/
    const solution = (e: Exercise) => `["${depth}sol", "utions/${e.slug}/${e.files[0]}"].join("")`;
    const files = new Map<Exercise, string>([
      // createRequire with a path built at run time: Node's module hooks do not see it.
      [
        first,
        `import { createRequire } from "node:module";\nconst m = createRequire(import.meta.url)(${solution(first)});\n${exportsFrom(first, "m")}`,
      ],
      // The solution's text read, written beside the learner's file and imported from there.
      [
        second,
        `import { readFileSync, writeFileSync } from "node:fs";\nconst text = readFileSync(new URL(${solution(second)}, import.meta.url), "utf8");\nconst copy = new URL("./copied.ts", import.meta.url);\nwriteFileSync(copy, text);\nconst m = await import(copy.href);\n${exportsFrom(second, "m")}`,
      ],
    ]);
    const target = fixture("borrowing-at-run-time", files);
    const run = grade([...numbers([first, second]), "--target", target, "--format", "json"]);
    expect(run.status).toBe(1);
    const [required, read] = run.report.exercises as [ExerciseReport, ExerciseReport];
    for (const e of [required, read]) {
      expect(e.earned, e.slug).toBe(0);
      expect(e.checks.every((c) => c.earned === 0 && c.message === e.message)).toBe(true);
    }
    expect(required.message).toMatch(/required `.*solutions.*` while it ran: a solution/);
    expect(read.message).toMatch(/read solutions\/.* from disk while it ran: a solution/);
  });
});

/** `export const name = m.name;` for each export the solution's first file has. */
function exportsFrom(exercise: Exercise, module: string): string {
  const source = readFileSync(
    join(repoRoot, "solutions", exercise.slug, exercise.files[0]!),
    "utf8",
  );
  const names = [
    ...source.matchAll(/^export\s+(?:async\s+)?(?:function|class|const|let)\s+([\w$]+)/gm),
  ].map((m) => m[1]!);
  return names.map((n) => `export const ${n} = ${module}.${n};\n`).join("");
}

mkdirSync(fixtures, { recursive: true });
