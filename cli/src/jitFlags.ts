// V8 flags for the CLI's processes: short runs, where the optimising compiler's own cost counts.
import { setFlagsFromString } from 'node:v8';

/**
 * A lint is over before the optimising compiler (TurboFan) is done with the analysis: compiling it
 * took some 40 % of a run's CPU (5,000 pods, perf: four compiler threads beside the one that lints),
 * most of it inlining rules and the YAML reader into their callers, and until a function is compiled
 * it runs slowly in the interpreter. Without inlining the compiler is done sooner and the code it
 * makes was as fast on these runs (in one process, 7 interleaved pairs: the first pass over the 5,000
 * pods took 1.78 s of CPU instead of 2.24, later passes 0.81 s against 0.87).
 *
 * V8's flags are the process's: the worker threads started later are compiled the same way, and the
 * flag is read each time a function is optimised, so setting it after start-up is in time. But V8
 * refuses a code cache made under other flags (it keeps a hash of them), so dist/cliLoad.js sets this
 * before it loads cli.js, in every command and in the build's training run alike; the commands other
 * than lint are short processes too, and waiting on the engine or the network besides.
 */
export function compileForShortRuns(): void {
  setFlagsFromString('--no-turbo-inlining');
}
