// synckit worker for test/helpers/cli.ts: keeps one CLI server process
// (cli-server.mjs) per test worker and forwards each request to it, so that
// runCli stays synchronous for its callers.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAsWorker } from 'synckit';

const serverPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-server.mjs');
let server;
let ready;
let nextId = 0;
const pending = new Map();

function start() {
  server = fork(serverPath, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
  ready = new Promise((resolve, reject) => {
    server.on('message', (m) => {
      if (m.ready) return resolve();
      pending.get(m.id)?.resolve(m);
      pending.delete(m.id);
    });
    server.on('exit', (code, signal) => {
      const err = new Error(`CLI server exited (${code ?? signal})`);
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      server = undefined;
    });
  });
  server.unref();
  server.channel?.unref();
}

runAsWorker(async (args, cwd, env) => {
  if (!server) start();
  await ready;
  const id = nextId++;
  const reply = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  server.send({ id, args, cwd, env });
  const { status, stdout, stderr } = await reply;
  return { status, stdout, stderr };
});
