// Preloaded (node -r) into a cold CLI build by bench/run.mjs: reports the
// process's peak RSS on stderr when it exits, without touching the CLI.
process.on('exit', () => {
  process.stderr.write(`\nBENCH ${JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024 })}\n`);
});
