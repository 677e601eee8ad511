import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { HandbookError } from '../diagnostics/error.js';
import { ForeignFolderError } from '../output/write-folder.js';

/** What a failed build-and-write says: the build's diagnostics, or the write explained; undefined for anything else. */
export function failureDiagnostics(err: unknown): Diagnostic[] | undefined {
  return err instanceof HandbookError ? err.diagnostics : writeFailure(err);
}

/** A failed write (no permission, disk full, a file where a folder should be) explained, not a stack trace. */
export function writeFailure(err: unknown): Diagnostic[] | undefined {
  if (err instanceof ForeignFolderError) {
    return [
      diagnostic('error', 'output/foreign-folder', err.message, { file: err.folder }, {
        hint: '为避免误删文件，网站只写入空文件夹或以前生成的网站文件夹；换一个输出位置（-o），或先清空它。',
      }),
    ];
  }
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string' || !e.path) return undefined;
  const reasons: Record<string, string> = {
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    ENOSPC: '磁盘已满',
    EROFS: '位置是只读的',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
    EISDIR: '目标是一个文件夹',
  };
  return [
    diagnostic('error', 'output/write-failed', `无法写入输出文件：${reasons[e.code] ?? e.code}`, { file: e.path }, {
      hint: '换一个输出位置（-o），或检查文件夹权限和磁盘空间。',
    }),
  ];
}
