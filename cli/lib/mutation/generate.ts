/**
 * Mutants nobody wrote: small changes made to a solution file by rule, over TypeScript's own
 * syntax tree, each one a plausible slip (an operator, a constant off by one, a statement left
 * out, two arguments in the wrong order, a flag flipped, a parameter ignored). `npm run
 * mutation` grades every one with the exercise's grader; a grader that passes one has a hole,
 * or the change does not alter behaviour (an equivalent mutant, listed with its reason).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type Node, type SourceFile, SyntaxKind } from "typescript/unstable/ast";
import { API } from "typescript/unstable/sync";

export const mutantKinds = [
  "operator",
  "constant",
  "boolean",
  "statement",
  "arguments",
  "method",
  "parameter",
] as const;
export type MutantKind = (typeof mutantKinds)[number];

export interface GeneratedMutant {
  /** The file's name, as given. */
  readonly file: string;
  /** 1-based line and column of the change in the original file. */
  readonly line: number;
  readonly column: number;
  readonly kind: MutantKind;
  /** The change in one line: `a + b` → `a - b`. */
  readonly change: string;
  /** The whole file with the change made. */
  readonly source: string;
}

export interface SourceToMutate {
  /** A name for the file (reported with each mutant); its text is given, not read. */
  readonly file: string;
  readonly text: string;
}

/** A replacement of [start, end) of the original text. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const binarySwaps: Partial<Record<SyntaxKind, readonly string[]>> = {
  [SyntaxKind.PlusToken]: ["-"],
  [SyntaxKind.MinusToken]: ["+"],
  [SyntaxKind.AsteriskToken]: ["/"],
  [SyntaxKind.SlashToken]: ["*"],
  [SyntaxKind.PercentToken]: ["*"],
  [SyntaxKind.AsteriskAsteriskToken]: ["*"],
  [SyntaxKind.LessThanToken]: ["<=", ">"],
  [SyntaxKind.LessThanEqualsToken]: ["<", ">="],
  [SyntaxKind.GreaterThanToken]: [">=", "<"],
  [SyntaxKind.GreaterThanEqualsToken]: [">", "<="],
  [SyntaxKind.EqualsEqualsEqualsToken]: ["!=="],
  [SyntaxKind.ExclamationEqualsEqualsToken]: ["==="],
  [SyntaxKind.EqualsEqualsToken]: ["!="],
  [SyntaxKind.ExclamationEqualsToken]: ["=="],
  [SyntaxKind.AmpersandAmpersandToken]: ["||"],
  [SyntaxKind.BarBarToken]: ["&&"],
  [SyntaxKind.PlusEqualsToken]: ["-=", "="],
  [SyntaxKind.MinusEqualsToken]: ["+=", "="],
  [SyntaxKind.AsteriskEqualsToken]: ["/=", "="],
  [SyntaxKind.SlashEqualsToken]: ["*=", "="],
};

/** Methods a slip confuses with one another (`Math.max` for `Math.min`, `.max()` for `.min()`). */
const methodSwaps: Readonly<Record<string, string>> = {
  max: "min",
  min: "max",
  floor: "ceil",
  ceil: "floor",
  argmax: "argmin",
  argmin: "argmax",
};

/** Statements that can be left out of a block and still leave a file that may compile. */
const droppable = new Set<SyntaxKind>([
  SyntaxKind.ExpressionStatement,
  SyntaxKind.IfStatement,
  SyntaxKind.ForStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
  SyntaxKind.ThrowStatement,
  SyntaxKind.BreakStatement,
  SyntaxKind.ContinueStatement,
  SyntaxKind.ReturnStatement,
]);

const functionLike = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.ArrowFunction,
  SyntaxKind.SetAccessor,
]);

/** Holds the first value a frozen parameter took: the parameter-constant mutants' one helper. */
const firstSeen = "__mutationFirstSeen";

/** Inside a type (a literal type, a tuple): not code, nothing to mutate. */
function inType(node: Node): boolean {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (
      n.kind === SyntaxKind.LiteralType ||
      n.kind === SyntaxKind.TypeReference ||
      n.kind === SyntaxKind.TypeAliasDeclaration ||
      n.kind === SyntaxKind.InterfaceDeclaration
    )
      return true;
    if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile) return false;
  }
  return false;
}

const isStringy = (node: Node): boolean =>
  node.kind === SyntaxKind.StringLiteral ||
  node.kind === SyntaxKind.TemplateExpression ||
  node.kind === SyntaxKind.NoSubstitutionTemplateLiteral;

/** A number's literal text one more or one less, written so that it parses wherever it stood. */
function shifted(text: string, by: number): string | undefined {
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isFinite(value)) return undefined;
  const next = value + by;
  return next < 0 ? `(${next})` : String(next);
}

interface Located extends Edit {
  readonly kind: MutantKind;
  /** Where the change shows: the offset reported as its line and column. */
  readonly at: number;
  /** The change in words, when the replaced text does not say it (a parameter frozen). */
  readonly label?: string;
}

function edits(sf: SourceFile): Located[] {
  const text = sf.text;
  const out: Located[] = [];
  const start = (n: Node) => n.getStart(sf);
  const add = (
    kind: MutantKind,
    from: number,
    to: number,
    replacement: string,
    at = from,
    label?: string,
  ) => {
    if (text.slice(from, to) !== replacement)
      out.push({ kind, start: from, end: to, text: replacement, at, ...(label ? { label } : {}) });
  };

  const visit = (node: Node): void => {
    const n = node as Node & Record<string, unknown>;
    switch (node.kind) {
      case SyntaxKind.BinaryExpression: {
        const left = n["left"] as Node;
        const right = n["right"] as Node;
        const op = n["operatorToken"] as Node;
        const concatenation =
          op.kind === SyntaxKind.PlusToken && (isStringy(left) || isStringy(right));
        if (!concatenation)
          for (const swap of binarySwaps[op.kind] ?? []) add("operator", start(op), op.end, swap);
        break;
      }
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression: {
        const operator = n["operator"] as SyntaxKind;
        const operand = n["operand"] as Node;
        const prefix = node.kind === SyntaxKind.PrefixUnaryExpression;
        const opStart = prefix ? start(node) : operand.end;
        const opEnd = prefix ? start(operand) : node.end;
        if (operator === SyntaxKind.MinusToken || operator === SyntaxKind.ExclamationToken) {
          if (!inType(node)) add("operator", opStart, opEnd, "");
        } else if (operator === SyntaxKind.PlusPlusToken) add("operator", opStart, opEnd, "--");
        else if (operator === SyntaxKind.MinusMinusToken) add("operator", opStart, opEnd, "++");
        break;
      }
      case SyntaxKind.NumericLiteral: {
        const parent = node.parent;
        const isName =
          parent.kind === SyntaxKind.PropertyAssignment &&
          (parent as Node & { name?: Node }).name === node;
        if (!inType(node) && !isName) {
          const literal = text.slice(start(node), node.end);
          for (const by of [1, -1]) {
            const replacement = shifted(literal, by);
            if (replacement !== undefined) add("constant", start(node), node.end, replacement);
          }
        }
        break;
      }
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        if (!inType(node))
          add(
            "boolean",
            start(node),
            node.end,
            node.kind === SyntaxKind.TrueKeyword ? "false" : "true",
          );
        break;
      case SyntaxKind.Block: {
        for (const statement of n["statements"] as readonly Node[])
          if (droppable.has(statement.kind)) {
            // Its line breaks stay, so that every line after it keeps its number.
            const breaks = text.slice(start(statement), statement.end).replace(/[^\n]/g, "");
            add(
              "statement",
              start(statement),
              statement.end,
              breaks,
              start(statement),
              `statement left out: \`${oneLine(text.slice(start(statement), statement.end), 60)}\``,
            );
          }
        break;
      }
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression: {
        const args = (n["arguments"] as readonly Node[] | undefined) ?? [];
        for (let i = 0; i + 1 < args.length; i++) {
          const a = args[i]!;
          const b = args[i + 1]!;
          const aText = text.slice(start(a), a.end);
          const bText = text.slice(start(b), b.end);
          // The text between them (a comma, perhaps a line break) stays where it was.
          if (aText !== bText)
            add("arguments", start(a), b.end, `${bText}${text.slice(a.end, start(b))}${aText}`);
        }
        if (args.length > 0) {
          // The last argument left out: an optional one such as keepdim falls back to its default.
          const last = args[args.length - 1]!;
          const from = args.length > 1 ? args[args.length - 2]!.end : start(last);
          const breaks = text.slice(from, last.end).replace(/[^\n]/g, "");
          add(
            "arguments",
            from,
            last.end,
            breaks,
            start(last),
            `last argument left out: \`${oneLine(text.slice(start(last), last.end), 50)}\``,
          );
        }
        break;
      }
      case SyntaxKind.PropertyAccessExpression: {
        const name = n["name"] as Node;
        const method = text.slice(start(name), name.end);
        const other = methodSwaps[method];
        if (other && node.parent.kind === SyntaxKind.CallExpression)
          add("method", start(name), name.end, other);
        break;
      }
    }
    if (functionLike.has(node.kind)) {
      const body = n["body"] as Node | undefined;
      if (body && body.kind === SyntaxKind.Block) {
        const open = start(body) + 1;
        for (const parameter of (n["parameters"] as readonly Node[] | undefined) ?? []) {
          const p = parameter as Node & { name: Node; initializer?: Node; modifiers?: unknown };
          if (p.name.kind !== SyntaxKind.Identifier || p.modifiers) continue;
          const name = text.slice(start(p.name), p.name.end);
          if (name === "this") continue;
          add(
            "parameter",
            open,
            open,
            ` if (${firstSeen}.length === 0) ${firstSeen}.push(${name}); ${name} = ${firstSeen}[0] as typeof ${name};`,
            start(p.name),
            `\`${name}\` fixed to the first value it was called with`,
          );
          if (p.initializer) {
            const fallback = text.slice(start(p.initializer), p.initializer.end);
            add(
              "parameter",
              open,
              open,
              ` ${name} = ${fallback};`,
              start(p.name),
              `\`${name}\` always its default (${oneLine(fallback, 30)})`,
            );
          }
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** One line, at most `width` characters. */
function oneLine(text: string, width = 70): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function describe(edit: Located, text: string): string {
  if (edit.label) return edit.label;
  const was = text.slice(edit.start, edit.end);
  if (edit.kind === "statement") return `statement left out: \`${oneLine(was, 60)}\``;
  return `\`${oneLine(was, 40)}\` → \`${oneLine(edit.text, 40)}\``;
}

/**
 * Every mutant of every file, in file order, duplicates (the same mutated text) dropped. The
 * files are parsed by TypeScript's own compiler (one short-lived session for all of them).
 */
export function generateMutants(sources: readonly SourceToMutate[]): GeneratedMutant[] {
  const folder = mkdtempSync(join(tmpdir(), "gradlings-mutation-"));
  const api = new API({ cwd: folder });
  try {
    const paths = sources.map((s, i) => {
      const dir = join(folder, String(i));
      mkdirSync(dir);
      const path = join(dir, basename(s.file));
      writeFileSync(path, s.text);
      return path;
    });
    const config = join(folder, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        files: paths,
        compilerOptions: {
          noLib: true,
          noResolve: true,
          types: [],
          allowImportingTsExtensions: true,
          noEmit: true,
        },
      }),
    );
    const snapshot = api.updateSnapshot({ openProjects: [config] });
    const project = snapshot.getProjects()[0];
    if (!project) throw new Error("TypeScript opened no project for the files to mutate.");
    const mutants: GeneratedMutant[] = [];
    sources.forEach((source, i) => {
      const sf = project.program.getSourceFile(paths[i]!);
      if (!sf) throw new Error(`TypeScript did not parse ${source.file}.`);
      const text = source.text;
      const seen = new Set<string>([text]);
      for (const edit of edits(sf)) {
        let mutated = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        if (edit.kind === "parameter" && edit.text.includes(firstSeen))
          // On the file's first line, so that every line number stays the original's.
          mutated = `const ${firstSeen}: unknown[] = []; ${mutated}`;
        if (seen.has(mutated)) continue;
        seen.add(mutated);
        mutants.push({
          file: source.file,
          ...lineAndColumn(text, edit.at),
          kind: edit.kind,
          change: describe(edit, text),
          source: mutated,
        });
      }
    });
    return mutants;
  } finally {
    api.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
