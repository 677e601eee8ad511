import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { HandbookError } from '../diagnostics/error.js';
import { OutputTargetError, OutputWriteError } from '../output/write-atomic.js';
import type { TargetKind } from '../output/write-atomic.js';
import { ForeignFolderError } from '../output/write-folder.js';

/** What a failed build-and-write says: the build's diagnostics, or the write explained; undefined for anything else. */
export function failureDiagnostics(err: unknown): Diagnostic[] | undefined {
  return err instanceof HandbookError ? err.diagnostics : writeFailure(err);
}

/** Why a write failed, as the user can act on it; keyed by the system's error code. */
const reasons: Record<string, string> = {
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出了磁盘配额',
  EFBIG: '文件大小超过系统限制（ulimit -f 或文件系统的单个文件上限）',
  SHORT_WRITE: '系统没有接受全部内容，文件没有写完（多半是磁盘已满）',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '位置是只读的',
  ENOTDIR: '路径中有一段是文件而不是文件夹',
  EISDIR: '目标是一个文件夹',
  ENOENT: '所在文件夹不存在或已被删除',
  ENAMETOOLONG: '文件名或路径太长',
  ELOOP: '路径中的符号链接形成了循环',
  EIO: '磁盘读写出错（设备故障或网络磁盘断开）',
  EMFILE: '同时打开的文件太多',
  ENFILE: '同时打开的文件太多',
  EBUSY: '文件正被其他程序占用',
  ETXTBSY: '文件正被其他程序占用',
  EXDEV: '临时文件与目标不在同一个磁盘上',
};

/** What stands at the output path, for the refusal. */
const kinds: Record<TargetKind, string> = {
  folder: '一个文件夹',
  fifo: '一个命名管道（FIFO）',
  device: '一个设备文件',
  socket: '一个套接字（socket）',
  'dangling-link': '一个符号链接',
  file: '一个文件',
  other: '一个特殊文件',
};

/** A failed write (no permission, disk full, a FIFO or device as output, a file where a folder should be) explained, not a stack trace. */
export function writeFailure(err: unknown): Diagnostic[] | undefined {
  if (err instanceof ForeignFolderError) {
    return [
      diagnostic('error', 'output/foreign-folder', err.message, { file: err.folder }, {
        hint: '为避免误删文件，网站只写入空文件夹或以前生成的网站文件夹；换一个输出位置（-o），或先清空它。',
      }),
    ];
  }
  if (err instanceof OutputTargetError) {
    const wanted = err.expected === 'file' ? '普通文件' : '文件夹';
    const what =
      err.kind === 'dangling-link'
        ? `一个指向不存在位置（${err.target}）的符号链接`
        : err.target
          ? `一个符号链接，指向${kinds[err.kind]}（${err.target}）`
          : kinds[err.kind];
    return [
      diagnostic('error', 'output/not-a-file', `输出位置是${what}，不是${wanted}，没有写入`, { file: err.file }, {
        hint:
          err.kind === 'fifo' || err.kind === 'device'
            ? `写入命名管道或设备可能一直等待或永不结束，所以不写。用 -o 指定一个${wanted}或不存在的名字；指向${wanted}的符号链接可以用，写入的是它指向的位置。`
            : `用 -o 指定一个${wanted}或不存在的名字；指向${wanted}的符号链接可以用，写入的是它指向的位置。`,
      }),
    ];
  }
  const e = err as NodeJS.ErrnoException;
  const file = err instanceof OutputWriteError ? err.file : e?.path;
  if (!e || typeof e.code !== 'string' || !file) return undefined;
  return [
    diagnostic('error', 'output/write-failed', `无法写入输出文件：${reasons[e.code] ?? `系统错误 ${e.code}`}`, { file }, {
      hint: `${err instanceof OutputWriteError ? '原有文件保持不变，未写完的临时文件已删除。' : ''}换一个输出位置（-o），或检查磁盘空间、文件大小限制和文件夹权限。`,
    }),
  ];
}
