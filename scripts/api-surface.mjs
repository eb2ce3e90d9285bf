#!/usr/bin/env node
/**
 * Prints, for every entry point of the publishable packages, how many values and how many types
 * it exports (read from the built .d.ts files with the TypeScript compiler), and the longest
 * function in the packages' sources. Run after `npm run build`: `node scripts/api-surface.mjs`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const packages = ['core', 'next', 'remix'];

function entries(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports ?? {}).map(([name, target]) => [
    `${pkg.name}${name === '.' ? '' : name.slice(1)}`,
    join(pkgDir, typeof target === 'string' ? target : target.types),
  ]);
}

const all = packages.flatMap((p) => entries(join(root, 'packages', p)));
const program = ts.createProgram(
  all.map(([, file]) => file),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true },
);
const checker = program.getTypeChecker();
console.log('entry point'.padEnd(28), 'values', 'types');
for (const [name, file] of all) {
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) {
    console.log(name.padEnd(28), 'not built');
    continue;
  }
  let values = 0;
  let types = 0;
  for (const exported of checker.getExportsOfModule(symbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (target.flags & ts.SymbolFlags.Value) values++;
    else types++;
  }
  console.log(name.padEnd(28), String(values).padStart(6), String(types).padStart(5));
}

// The longest functions (declarations, expressions, arrows, methods) in the packages' sources.
function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'test-support' && name !== 'node_modules') yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) yield path;
  }
}
const functions = [];
for (const p of packages) {
  for (const path of sources(join(root, 'packages', p, 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
        const end = file.getLineAndCharacterOfPosition(node.end).line;
        const name = node.name?.getText(file) ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(file) : '(anonymous)');
        functions.push({ lines: end - start + 1, where: `${relative(root, path)}:${start + 1}`, name });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
}
functions.sort((a, b) => b.lines - a.lines);
console.log('\nlongest functions (lines, where, name)');
for (const f of functions.slice(0, 5)) console.log(String(f.lines).padStart(5), f.where, f.name);
