// Which exports of a package does nobody use? One TypeScript program over the
// whole workspace's sources (tests included), with every `@tbvnode/*` import
// resolved to the package's source rather than its dist, so a use through a
// package index counts as a use of the declaration it re-exports.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ExportUse {
  /** Repo-relative file that declares the export. */
  file: string;
  name: string;
  kind: 'value' | 'type';
  /** Other files of the same package that use it. */
  inPackage: number;
  /** Files of other packages that use it. */
  outside: number;
  /** Whether the package's main entry (src/index.ts) exports it. */
  inIndex: boolean;
}

interface Workspace {
  /** package name -> absolute package dir */
  dirs: Map<string, string>;
  files: string[];
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.cache']);

function tsFiles(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) tsFiles(path.join(dir, entry.name), out);
    } else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.mjs')) {
      out.push(path.join(dir, entry.name));
    }
  }
}

function workspace(root: string): Workspace {
  const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = new Map<string, string>();
  const files: string[] = [];
  for (const pattern of rootPkg.workspaces) {
    const bases = pattern.endsWith('/*')
      ? readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => path.join(root, pattern.slice(0, -2), e.name))
      : [path.join(root, pattern)];
    for (const dir of bases) {
      const pkgFile = path.join(dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const { name } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string };
      dirs.set(name, dir);
      tsFiles(path.join(dir, 'src'), files);
      tsFiles(path.join(dir, 'test'), files);
      tsFiles(path.join(dir, 'bin'), files);
    }
  }
  return { dirs, files };
}

/** `@tbvnode/core/testing` -> packages/core/src/testing/index.ts, from the package's exports map. */
function sourceOf(ws: Workspace, specifier: string): string | undefined {
  const m = /^(@tbvnode\/[^/]+)(\/.*)?$/.exec(specifier);
  if (!m) return undefined;
  const dir = ws.dirs.get(m[1]!);
  if (!dir) return undefined;
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | { import?: string }>;
  };
  const entry = pkg.exports?.[m[2] ? `.${m[2]}` : '.'];
  const target = typeof entry === 'string' ? entry : entry?.import;
  if (!target) return undefined;
  const src = path.join(dir, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
  return existsSync(src) ? src : undefined;
}

/** `<package>/dist/a/b.js` -> `<package>/src/a/b.ts` when that source exists. */
function distToSrc(file: string): string | undefined {
  const m = /^(.*)\/dist\/(.*)\.js$/.exec(file);
  if (!m) return undefined;
  const src = `${m[1]}/src/${m[2]}.ts`;
  return existsSync(src) ? src : undefined;
}

function packageOf(ws: Workspace, file: string): string | undefined {
  for (const [name, dir] of ws.dirs) if (file.startsWith(dir + path.sep)) return name;
  return undefined;
}

/** Every export declared (not re-exported) in the given package's src, with who uses it. */
export function exportUses(root: string, packageName: string): ExportUse[] {
  const ws = workspace(root);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    allowJs: true, // test fixtures in .mjs import the packages' dist; mapped back to src below
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  host.resolveModuleNames = (names, containing) =>
    names.map((name) => {
      const src = sourceOf(ws, name);
      if (src) return { resolvedFileName: src, extension: ts.Extension.Ts, isExternalLibraryImport: false };
      const built = distToSrc(path.resolve(path.dirname(containing), name));
      if (name.startsWith('.') && built) return { resolvedFileName: built, extension: ts.Extension.Ts, isExternalLibraryImport: false };
      return ts.resolveModuleName(name, containing, options, host).resolvedModule;
    });
  const program = ts.createProgram(ws.files, options, host);
  const checker = program.getTypeChecker();

  // declaration file + name -> sets of using files
  const uses = new Map<string, Set<string>>();
  const keyOf = (file: string, name: string): string => `${file}\0${name}`;

  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
    const visit = (node: ts.Node): void => {
      // A re-export (`export { x } from`) is not a use.
      if (ts.isIdentifier(node) && !ts.isExportSpecifier(node.parent)) {
        let symbol = checker.getSymbolAtLocation(node);
        // `const { x } = await import('./m.js')`: the binding names the module's export.
        const b = node.parent;
        if (ts.isBindingElement(b) && ts.isObjectBindingPattern(b.parent) && (b.propertyName ?? b.name) === node) {
          symbol = checker.getTypeAtLocation(b.parent).getProperty(node.text) ?? symbol;
        }
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const decl of symbol?.declarations ?? []) {
          const declFile = decl.getSourceFile().fileName;
          if (declFile === sf.fileName) continue;
          const key = keyOf(declFile, symbol!.name);
          let set = uses.get(key);
          if (!set) uses.set(key, (set = new Set()));
          set.add(sf.fileName);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  const pkgDir = ws.dirs.get(packageName);
  if (!pkgDir) throw new Error(`no workspace package ${packageName}`);
  const indexed = new Set<string>();
  const index = program.getSourceFile(path.join(pkgDir, 'src', 'index.ts'));
  const indexSymbol = index && checker.getSymbolAtLocation(index);
  for (const exp of indexSymbol ? checker.getExportsOfModule(indexSymbol) : []) {
    const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    for (const d of target.declarations ?? []) indexed.add(keyOf(d.getSourceFile().fileName, target.name));
  }
  const out: ExportUse[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(path.join(pkgDir, 'src') + path.sep)) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      // Only what this file declares: `export *` and `export { x } from` belong to their source.
      if (exp.flags & ts.SymbolFlags.Alias) continue;
      if (!exp.declarations?.some((d) => d.getSourceFile() === sf)) continue;
      const users = [...(uses.get(keyOf(sf.fileName, exp.name)) ?? [])];
      const outside = users.filter((u) => packageOf(ws, u) !== packageName).length;
      out.push({
        file: path.relative(root, sf.fileName),
        name: exp.name,
        kind: exp.flags & ts.SymbolFlags.Value ? 'value' : 'type',
        inPackage: users.length - outside,
        outside,
        inIndex: indexed.has(keyOf(sf.fileName, exp.name)),
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}
