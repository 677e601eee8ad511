// The test suite's CLI server: one Node process that loads the built CLI
// bundle once (as dist/cli/launch.js does: V8 tuning first, then the bundle
// with its code cache) and runs `handbook` commands sent over IPC, one at a
// time, each in its own working folder, with its own environment additions
// and its output captured. It saves the ~0.3 s of CPU that starting Node and
// loading the 4 MB bundle costs every spawned command; a command's own work
// is the same code on the same inputs. Tests that need a process of their
// own (signals, exit while writing, the launcher itself) spawn one instead
// (test/helpers/cli.ts, spawnCli).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
await import(pathToFileURL(path.join(dist, 'cli/v8-tuning.js')).href);
const { runBundle } = await import(pathToFileURL(path.join(dist, 'cli/code-cache.js')).href);
const { main } = runBundle(path.join(dist, 'handbook.cjs'));

const startEnv = { ...process.env };
const startCwd = process.cwd();

/** Runs one command: the environment, working folder and output streams are restored after it. */
async function run({ args, cwd, env }) {
  const out = { stdout: [], stderr: [] };
  const writes = {};
  for (const name of ['stdout', 'stderr']) {
    const stream = process[name];
    writes[name] = stream.write;
    stream.write = (chunk, encoding, callback) => {
      out[name].push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) process.nextTick(done);
      return true;
    };
  }
  Object.assign(process.env, env);
  process.chdir(cwd);
  process.exitCode = undefined;
  let status;
  try {
    status = await main([process.execPath, 'handbook', ...args]);
  } catch (err) {
    out.stderr.push(`cli-server: ${err?.stack ?? err}\n`);
    status = 70;
  } finally {
    for (const name of ['stdout', 'stderr']) process[name].write = writes[name];
    for (const key of Object.keys(process.env)) if (!(key in startEnv)) delete process.env[key];
    Object.assign(process.env, startEnv);
    process.chdir(startCwd);
  }
  return { status, stdout: out.stdout.join(''), stderr: out.stderr.join('') };
}

process.on('message', async (request) => {
  const result = await run(request);
  process.send({ id: request.id, ...result });
});
process.send({ ready: true });
