import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The three top folders of the service whose imports the architecture rules govern. */
const TOP_FOLDERS = ['bot', 'adapters', 'intents'];

/**
 * The folder a file belongs to for the cycle check: its folder under a top folder, nested ones included
 * (`bot/engine`, `bot/wallet` for bot/wallet/sandbox/…, `adapters/telegram`), or the top folder for its
 * own root files (`intents`, `adapters`), except the loose files at the root of bot/, each its own node:
 * they are unrelated modules (the composition root, config, logger, the engine's facade), not one folder.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length > 2) return parts.slice(0, 2).join('/');
  return parts[0] === 'bot' ? file : (parts[0] ?? file);
}

function sourceFiles(root: string, dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'public' && entry.name !== 'node_modules') sourceFiles(root, rel, out);
    } else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every relative import (static, type-only, re-export, dynamic) between source files, as `from → to` paths. */
export function importEdges(root: string): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const file of TOP_FOLDERS.flatMap((folder) => sourceFiles(root, folder))) {
    const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      edges.push({
        from: file,
        to: path.posix.normalize(path.posix.join(path.posix.dirname(file), imported.fileName)),
      });
    }
  }
  return edges;
}

/** The groups of folders that import each other in a circle (strongly connected components of two or more). */
export function folderCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)?.add(b);
  }
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const other of next.get(node) ?? []) {
      if (!index.has(other)) {
        visit(other);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(other) ?? 0));
      } else if (onStack.has(other)) low.set(node, Math.min(low.get(node) ?? 0, index.get(other) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
