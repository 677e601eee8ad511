// synckit worker for test/helpers/cli.ts: keeps one CLI server process
// (cli-server.mjs) per test worker and heap limit, and forwards each request
// to it, so that runCli stays synchronous for its callers.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAsWorker } from 'synckit';

const serverPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-server.mjs');
/** Servers by heap limit in MB (0: Node's default). */
const servers = new Map();
let nextId = 0;

function start(heapMb) {
  const child = fork(serverPath, [], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    execArgv: heapMb ? [`--max-old-space-size=${heapMb}`] : [],
  });
  const pending = new Map();
  // What the process itself printed (V8's out-of-memory report, a crash): given with the failure.
  let printed = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    printed = (printed + text).slice(-20_000);
  });
  const ready = new Promise((resolve) => {
    child.on('message', (m) => {
      if (m.ready) return resolve(undefined);
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    });
    child.on('close', (code, signal) => {
      // A command that ended the process (out of memory, a crash) fails; the next request starts a new server.
      servers.delete(heapMb);
      const failed = { status: code ?? null, stdout: '', stderr: `CLI server exited (${code ?? signal})\n${printed}` };
      resolve(failed);
      for (const reply of pending.values()) reply(failed);
      pending.clear();
    });
  });
  child.unref();
  child.stderr.unref?.();
  child.channel?.unref();
  const server = { child, ready, pending };
  servers.set(heapMb, server);
  return server;
}

runAsWorker(async (args, cwd, env, heapMb = 0) => {
  const server = servers.get(heapMb) ?? start(heapMb);
  // Settles with a failed result when the process ended before it was ready.
  const failedToStart = await server.ready;
  if (failedToStart) return failedToStart;
  const id = nextId++;
  const reply = new Promise((resolve) => server.pending.set(id, resolve));
  server.child.send({ id, args, cwd, env });
  const { status, stdout, stderr } = await reply;
  return { status, stdout, stderr };
});
