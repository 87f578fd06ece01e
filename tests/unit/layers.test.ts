import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every module a file imports, as a path from the repository root (package imports left out). */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)]
    .map((m) => m[1]!)
    .filter((spec) => spec.startsWith('.') || spec.startsWith('@/'))
    .map((spec) => path.relative(root, spec.startsWith('@/') ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(file), spec)));
}

describe('layers', () => {
  it('db/ holds SQL only: it imports nothing from lib/, worker/, app/ or components/', () => {
    const offending = sources(path.join(root, 'db')).flatMap((file) =>
      imports(file).filter((target) => /^(lib|worker|app|components)\//.test(target)).map((target) => `${path.relative(root, file)} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
