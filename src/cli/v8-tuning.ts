import v8 from 'node:v8';

/**
 * V8 tiering for a short-lived build process.
 *
 * A cold build runs hundreds of distinct functions (pdfmake, pdfkit, fontkit,
 * yaml, handlebars) hot for well under a second. With V8's default interrupt
 * budget (66 KB of bytecode) most of them are sent to TurboFan early, on thin
 * type feedback; on a two-core machine the optimising thread then competes
 * with the garbage collector's helpers, and the main thread keeps running
 * unoptimised code while the queue drains. A larger budget sends only the
 * really hot functions, later, with better feedback. Measured with
 * `node bench/run.mjs`: at eight times the budget a cold demo build went
 * 560 → 420 ms, 300 items 1630 → 1300 ms; warm rebuilds (watch, batch)
 * within noise. After the work per character went down (text runs), twelve
 * times measured best again: 300 items ~1260 → ~1235 ms against eight
 * times, in alternating runs with the code cache rebuilt for each (4×:
 * ~1320, 16×: ~1225–1270, 24×: ~1270).
 *
 * Set once, first thing in the CLI, before the modules whose functions it
 * governs are evaluated. A budget given on the node command line wins (Node
 * does not accept V8 flags like this one in NODE_OPTIONS).
 */
export const INTERRUPT_BUDGET = 12 * 66 * 1024;

const given = process.execArgv.some((a) => /^--interrupt[-_]budget\b/.test(a));
if (!given) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
