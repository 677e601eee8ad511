import type { PathSegment } from './yaml-source.js';

/* Reading raw (not yet validated) data by the paths zod issues and positions use. */

/** The item id a path points into, read from the raw data (it may itself be invalid). */
export function itemIdAt(data: unknown, path: readonly PathSegment[]): string | undefined {
  if (path[0] === 'categories' && path[2] === 'items' && typeof path[3] === 'number') {
    const id = valueAt(data, path.slice(0, 4).concat('id'));
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  if (path[0] === 'overrides' && typeof path[1] === 'string') return path[1];
  return undefined;
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

