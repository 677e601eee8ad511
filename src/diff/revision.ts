import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { InputFileError, tooLargeError } from '../host/host.js';
import type { Host } from '../host/host.js';
import { decodeInputFile } from '../host/decode-file.js';

/**
 * The revision cannot be read: git is missing, the file is not in a git
 * repository, or the repository has no such revision. A usage problem (the
 * command line names something that is not there), not invalid data.
 */
export class RevisionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RevisionError';
  }
}

/** Files as they were at one commit, plus how to name them in diagnostics. */
export interface RevisionHost extends Host {
  /** `HEAD~1:data/catalogue.yaml` for an absolute path inside the repository; undefined outside it. */
  label(file: string): string | undefined;
}

/**
 * A host that reads files from the commit `rev` of the git repository that
 * holds `file`, with `git show`. Absolute paths are mapped to repository
 * paths through the folder of `file`, so a handbook file's catalogue paths
 * resolve inside the same commit; a path outside the repository, or not in
 * that commit, does not exist.
 *
 * @throws RevisionError when git, the repository or the revision is missing.
 */
export function revisionHost(file: string, rev: string): RevisionHost {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new RevisionError(`找不到文件夹「${dir}」`);
  let prefix: string;
  let root: string;
  try {
    prefix = git(dir, ['rev-parse', '--show-prefix']).trim();
    root = git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ENOENT') throw new RevisionError('找不到 git 命令；使用 --rev 需要安装 git', { cause });
    throw new RevisionError(`「${dir}」不在 git 仓库中`, { cause });
  }
  let commit: string;
  try {
    // --end-of-options keeps a revision such as "--output=x" from being read as an option.
    commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).trim();
  } catch (cause) {
    throw new RevisionError(`git 仓库中没有版本「${rev}」`, { cause });
  }
  // The repository root as the caller's paths spell it (git prints it with symlinks resolved).
  const logicalRoot = path.resolve(dir, ...prefix.split('/').filter(Boolean).map(() => '..'));
  // Path → blob size in bytes (undefined for a submodule), so a file is refused by its size before `git show` reads it.
  const tracked = new Map<string, number | undefined>();
  for (const entry of git(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit]).split('\0')) {
    const m = /^(\d+) (\w+) \S+ +(\d+|-)\t(.*)$/s.exec(entry);
    if (m) tracked.set(m[4]!, m[3] === '-' ? undefined : Number(m[3]));
  }
  const cache = new Map<string, Buffer>();
  const repoPath = (abs: string): string | undefined => {
    const rel = path.relative(logicalRoot, path.resolve(abs));
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };
  const readBytes = (abs: string, limit: number | undefined): Buffer => {
    const rel = repoPath(abs);
    if (rel === undefined || !tracked.has(rel)) {
      throw Object.assign(new Error(`ENOENT: ${rev}:${rel ?? abs}`), { code: 'ENOENT' });
    }
    const size = tracked.get(rel);
    if (size === undefined) throw new InputFileError(abs, 'ENOTREG', '不是普通文件（git 子模块）');
    if (limit !== undefined && size > limit) throw tooLargeError(abs, size, limit);
    let bytes = cache.get(rel);
    if (bytes === undefined) {
      // --no-textconv: the bytes as committed, not a filter's rendering of them; as bytes, so a GBK file reads as it does from disk.
      bytes = gitBytes(root, ['show', '--no-textconv', `${commit}:${rel}`]);
      cache.set(rel, bytes);
    }
    return bytes;
  };
  return {
    readText: (abs, limit) => readBytes(abs, limit).toString('utf8'),
    readDecoded: (abs, limit) => decodeInputFile(abs, readBytes(abs, limit)),
    exists: (abs) => {
      const rel = repoPath(abs);
      return rel !== undefined && tracked.has(rel);
    },
    label: (abs) => {
      const rel = repoPath(abs);
      return rel === undefined ? undefined : `${rev}:${rel}`;
    },
  };
}

/** Points diagnostics about files read at a revision at `rev:path`, since the working file may have other lines. */
export function labelRevision(diagnostics: readonly Diagnostic[], host: RevisionHost): Diagnostic[] {
  return diagnostics.map((d) => {
    const label = d.file !== undefined && path.isAbsolute(d.file) ? host.label(d.file) : undefined;
    return label === undefined ? d : { ...d, file: label };
  });
}

function gitBytes(cwd: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}
