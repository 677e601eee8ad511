// Preloaded (node -r) into a CLI process by the bench scripts (run.mjs,
// site.mjs, ablate.mjs, which read it back with usage.mjs): reports the
// process's peak RSS and its own CPU time (every thread) on stderr when it
// exits, without touching the CLI.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH ${JSON.stringify({ rss: u.maxRSS / 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1000 })}\n`);
});
