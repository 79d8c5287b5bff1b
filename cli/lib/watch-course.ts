/**
 * The watch mode that carries the learner through the course, as rustlings' does: it grades the
 * current exercise on every save, moves on when it passes, and takes single keys (h hint,
 * r reset, l list, n next, q quit), always shown at the bottom of the screen.
 *
 * The terminal, the file watching and the runner's commands come in from outside, so the
 * steps here can be driven by a test without a terminal.
 */
import type { Exercise } from "#course/curriculum.ts";
import type { ExerciseResult } from "#kit/results.ts";
import { dim, green, yellow } from "./render.ts";

export interface WatchActions {
  /** Grades the exercise and prints its verdict. */
  grade(exercise: Exercise): Promise<ExerciseResult>;
  /** Prints the next hint. */
  hint(exercise: Exercise): void;
  /** Puts the stub back (the learner has confirmed), keeping a backup, and says so. */
  reset(exercise: Exercise): Promise<void>;
  /** Prints the course, `current` marked. */
  list(current: Exercise | undefined): void;
  /**
   * The exercise to go on to after `after` passed (the first not yet passed after it, else the
   * first anywhere; without `after`, the first anywhere); undefined when every one has passed.
   */
  nextToDo(after?: Exercise): Exercise | undefined;
  /** The exercise after `exercise` in the course's order, passed or not. */
  following(exercise: Exercise): Exercise | undefined;
  /** Prints the course summary: what passed, the points, what is left. */
  summary(): void;
  /** A hash of the exercise's files as they are now: a save that changes nothing grades nothing. */
  filesHash(exercise: Exercise): string;
  /** Where the exercise's files are, as shown to the learner. */
  folder(exercise: Exercise): string;
  /** A picture of the failure, when the grading made one (path as shown), for the screen's link. */
  picture?(result: ExerciseResult): string | undefined;
  /**
   * The exercise the next save will grade, once a verdict is on the screen: the runner may get
   * its grading ready meanwhile (start its grading process), so that the save's verdict comes
   * sooner.
   */
  ready?(exercise: Exercise): void;
}

export interface WatchScreen {
  /** Clears the terminal for a new screen. */
  clear(): void;
  print(text: string): void;
  /** Ends the watch (restoring the terminal): q, Ctrl-C, Ctrl-D. */
  quit(): void;
}

/** Follows one folder's changes; returns the function that stops following it. */
export type FollowFolder = (exercise: Exercise, changed: () => void) => () => void;

export const keysLine = "h hint · r reset · l list · n next · q quit";

type Mode = "exercise" | "confirm-reset" | "summary";

export class CourseWatch {
  private current: Exercise | undefined;
  private mode: Mode = "exercise";
  private grading = false;
  private gradeAgain = false;
  /** Keys pressed while grading, handled in order once the verdict is shown. */
  private pendingKeys: string[] = [];
  private lastGraded: string | undefined;
  private unfollow: () => void = () => {};
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly actions: WatchActions,
    private readonly screen: WatchScreen,
    private readonly follow: FollowFolder,
    /** How long a burst of saves must settle before grading (editors write more than once). */
    private readonly debounceMs = 200,
  ) {}

  /** Starts on `exercise`, or on the summary when there is nothing left to do. */
  async start(exercise: Exercise | undefined): Promise<void> {
    if (!exercise) {
      this.showSummary();
      return;
    }
    this.moveTo(exercise);
    await this.gradeCurrent(true);
  }

  /** The exercise being watched (undefined on the summary). */
  get exercise(): Exercise | undefined {
    return this.current;
  }

  /** A key the learner pressed (one character, as raw mode delivers it). */
  async key(key: string): Promise<void> {
    if (key === "\u0003" || key === "\u0004" || key === "q") {
      this.stop();
      this.screen.quit();
      return;
    }
    if (this.grading) {
      this.pendingKeys.push(key);
      return;
    }
    if (this.mode === "confirm-reset") {
      this.mode = "exercise";
      if (key === "y" || key === "Y") {
        this.screen.clear();
        await this.actions.reset(this.current!);
        this.screen.print("");
        // Graded at once, below the message: the write of the stub is not graded again.
        await this.gradeCurrent(false);
      } else {
        this.screen.print("Nothing changed.");
        this.footer();
      }
      return;
    }
    const current = this.current;
    switch (key) {
      case "h":
        if (!current) return;
        this.screen.clear();
        this.actions.hint(current);
        this.footer();
        return;
      case "r":
        if (!current) return;
        this.mode = "confirm-reset";
        this.screen.print(
          `\n${yellow(`Put back the original ${this.actions.folder(current)}/?`)} Your files are backed up first.\n${dim("y yes · any other key no")}`,
        );
        return;
      case "l":
        this.screen.clear();
        this.actions.list(current);
        this.footer();
        return;
      case "n": {
        const next = current ? this.actions.following(current) : this.actions.nextToDo();
        if (!next) {
          this.showSummary();
          return;
        }
        this.moveTo(next);
        await this.gradeCurrent(true);
        return;
      }
    }
  }

  /** Stops following files and timers. */
  stop(): void {
    clearTimeout(this.timer);
    this.unfollow();
  }

  /** A save in the watched folder: grade once the burst of writes settles. */
  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.current && this.actions.filesHash(this.current) === this.lastGraded) return;
      void this.gradeCurrent(true);
    }, this.debounceMs);
  }

  private moveTo(exercise: Exercise): void {
    this.unfollow();
    this.current = exercise;
    this.mode = "exercise";
    this.lastGraded = undefined;
    this.unfollow = this.follow(exercise, () => this.changed());
  }

  private async gradeCurrent(clear: boolean): Promise<void> {
    if (this.grading) {
      this.gradeAgain = true;
      return;
    }
    const exercise = this.current!;
    this.grading = true;
    this.mode = "exercise";
    if (clear) this.screen.clear();
    this.lastGraded = this.actions.filesHash(exercise);
    let result: ExerciseResult;
    try {
      result = await this.actions.grade(exercise);
    } catch (error) {
      // The kit failed, not the learner: say so and keep watching, a save may fix it.
      this.screen.print(
        `The kit could not grade exercise ${exercise.number}: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.footer();
      return;
    } finally {
      this.grading = false;
    }
    const picture = this.actions.picture?.(result);
    if (picture) this.screen.print(`Picture of what is wrong: ${picture}`);
    if (this.gradeAgain) {
      // Saved again while grading: that version is the one to show.
      this.gradeAgain = false;
      await this.gradeCurrent(true);
      return;
    }
    if (result.status === "passed") {
      const next = this.actions.nextToDo(exercise);
      if (!next) {
        this.stop();
        this.screen.print("");
        this.showSummary(false);
        return;
      }
      this.moveTo(next);
      this.screen.print(
        `\n${green("→")} Now exercise ${next.number} · ${next.title}\n  Read ${this.actions.folder(next)}/README.md, then save your work to grade it.`,
      );
    }
    this.footer();
    const keys = this.pendingKeys.splice(0);
    for (const key of keys) await this.key(key);
    // Nothing else to do until a save: the time the learner takes to edit is free.
    if (keys.length === 0 && this.current && this.mode === "exercise")
      this.actions.ready?.(this.current);
  }

  private showSummary(clear = true): void {
    this.stop();
    this.current = undefined;
    this.mode = "summary";
    if (clear) this.screen.clear();
    this.actions.summary();
    this.footer();
  }

  private footer(): void {
    if (this.mode === "summary" || !this.current) {
      const left = this.actions.nextToDo();
      this.screen.print(
        `\n${dim(left ? `n go on with exercise ${left.number} · l list · q quit` : "l list · q quit")}`,
      );
      return;
    }
    this.screen.print(
      `\n${dim(`Watching ${this.actions.folder(this.current)}/ · save to grade it`)}\n${keysLine}`,
    );
  }
}
