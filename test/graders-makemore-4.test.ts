/** Every makemore-4 grader passes on the solutions, fails on the stubs and catches every mutant (see graders-suite.ts). */
import { gradersSuite } from "./graders-suite.ts";

await gradersSuite("makemore-4");
