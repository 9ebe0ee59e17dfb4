// The house's module boundaries as ESLint rules (see ARCHITECTURE.md, "Boundaries").
//
//   zhongli/domain-pure      domain/ imports only its own files and zod: no I/O, no node:*
//   zhongli/thin-routes      a *.routes.ts file never imports a repository
//   zhongli/module-entry     another module is reached only through its index.ts
//   zhongli/no-module-cycles modules depend on each other without cycles
//   zhongli/kit-below-modules server/src/platform and web/src/shared import no module
//
// Written here rather than taken from eslint-plugin-boundaries or dependency-cruiser: the rules are
// four short path checks over relative imports, which read more plainly than a generic policy
// language, and dependency-cruiser's current major needs Node 22.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where modules live: `<root>/<name>/…`. Tests, benches and scripts may reach anywhere. */
const MODULE_ROOTS = [path.join(ROOT, 'server/src/modules'), path.join(ROOT, 'web/src/modules')];
const SOURCE_ROOTS = [path.join(ROOT, 'server/src'), path.join(ROOT, 'web/src')];
/** The kits every module builds on: they sit below the modules and import none of them. */
const KIT_ROOTS = [path.join(ROOT, 'server/src/platform'), path.join(ROOT, 'web/src/shared')];
const DOMAIN_ROOT = path.join(ROOT, 'domain/src');
const DOMAIN_PACKAGES = new Set(['zod']);
const SOURCE_EXTENSIONS = ['.ts', '.vue'];

const norm = (file) => path.resolve(file);
const inside = (file, dir) => file === dir || file.startsWith(dir + path.sep);

/** The file a relative import names: `./x.js` is `./x.ts` on disk; `./dir` is `./dir/index.ts`. */
export function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    ...SOURCE_EXTENSIONS.map((ext) => base + ext),
    ...SOURCE_EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
  ];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return base.replace(/\.js$/, '.ts');
}

/** `{ root, name, rest }` when the file sits inside a module folder. */
export function moduleOf(file) {
  for (const root of MODULE_ROOTS) {
    if (inside(file, root) && file !== root) {
      const [name, ...rest] = path.relative(root, file).split(path.sep);
      return { root, name, rest: rest.join('/') };
    }
  }
  return null;
}

/** A module's public files: index.ts (its API); on the web also routes.ts (its pages, loaded lazily by the router). */
const isModuleEntry = (mod) => mod.rest === 'index.ts' || (mod.root === MODULE_ROOTS[1] && mod.rest === 'routes.ts');
const sourceOf = (context) => norm(context.filename ?? context.getFilename());

function importVisitors(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: (node) => {
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value);
    },
  };
}

const domainPure = {
  meta: {
    type: 'problem',
    docs: { description: 'domain/ holds pure rules: it imports only its own files and zod' },
    schema: [],
    messages: { io: "domain/ must stay free of I/O: '{{source}}' is not allowed here (only relative files and zod)." },
  },
  create(context) {
    const file = sourceOf(context);
    if (!inside(file, DOMAIN_ROOT)) return {};
    return importVisitors((node, source) => {
      if (source.startsWith('.')) return;
      const pkg = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
      if (!DOMAIN_PACKAGES.has(pkg)) context.report({ node, messageId: 'io', data: { source } });
    });
  },
};

const thinRoutes = {
  meta: {
    type: 'problem',
    docs: { description: 'routes speak HTTP and call use cases; queries belong to services and repositories' },
    schema: [],
    messages: {
      repository:
        "A route calls use cases, never a repository: move the query behind a use case instead of importing '{{source}}'.",
    },
  },
  create(context) {
    const file = sourceOf(context);
    if (!file.endsWith('.routes.ts')) return {};
    return importVisitors((node, source) => {
      if (/\.repository(\.js|\.ts)?$/.test(source)) context.report({ node, messageId: 'repository', data: { source } });
    });
  },
};

const moduleEntry = {
  meta: {
    type: 'problem',
    docs: { description: 'another module is used only through its public index.ts (its use cases and types)' },
    schema: [],
    messages: {
      private:
        "'{{source}}' reaches inside the {{target}} module: import what it exposes from its index.ts, or add it there if other modules need it.",
    },
  },
  create(context) {
    const file = sourceOf(context);
    if (!SOURCE_ROOTS.some((root) => inside(file, root))) return {};
    const from = moduleOf(file);
    return importVisitors((node, source) => {
      const target = resolveImport(file, source);
      if (!target) return;
      const to = moduleOf(target);
      if (!to || (from && from.root === to.root && from.name === to.name)) return;
      if (!isModuleEntry(to)) context.report({ node, messageId: 'private', data: { source, target: to.name } });
    });
  },
};

/** The module graph of one module root, read once per lint run from every file's relative imports. */
const graphs = new Map();
const IMPORT_PATTERN = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function moduleGraph(root) {
  let graph = graphs.get(root);
  if (graph) return graph;
  graph = new Map();
  for (const file of listFiles(root)) {
    const from = moduleOf(file);
    if (!from) continue;
    if (!graph.has(from.name)) graph.set(from.name, new Set());
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT_PATTERN)) {
      const target = resolveImport(file, match[1] ?? match[2]);
      const to = target && moduleOf(target);
      if (to && to.root === root && to.name !== from.name) graph.get(from.name).add(to.name);
    }
  }
  graphs.set(root, graph);
  return graph;
}

/** The path of modules from `start` back to `goal`, if there is one. */
export function pathBetween(graph, start, goal) {
  const seen = new Set();
  const walk = (name, trail) => {
    if (name === goal) return trail;
    if (seen.has(name)) return null;
    seen.add(name);
    for (const next of graph.get(name) ?? []) {
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

const noModuleCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'modules depend on each other in one direction only' },
    schema: [],
    messages: {
      cycle: 'Import cycle between modules: {{cycle}}. Move the shared piece down into one of them, or into domain/.',
    },
  },
  create(context) {
    const file = sourceOf(context);
    const from = moduleOf(file);
    if (!from) return {};
    return importVisitors((node, source) => {
      const target = resolveImport(file, source);
      const to = target && moduleOf(target);
      if (!to || to.root !== from.root || to.name === from.name) return;
      const back = pathBetween(moduleGraph(from.root), to.name, from.name);
      if (back) context.report({ node, messageId: 'cycle', data: { cycle: [from.name, ...back].join(' → ') } });
    });
  },
};

const kitBelowModules = {
  meta: {
    type: 'problem',
    docs: { description: 'the platform (server) and the shared kit (web) sit below every module' },
    schema: [],
    messages: {
      module:
        "The kit imports no module: '{{source}}' is the {{target}} module's. Pass it in (a prop, a slot, an argument), or move the composition up (web/src/shell, app.ts).",
    },
  },
  create(context) {
    const file = sourceOf(context);
    if (!KIT_ROOTS.some((root) => inside(file, root))) return {};
    return importVisitors((node, source) => {
      const target = resolveImport(file, source);
      const to = target && moduleOf(target);
      if (to) context.report({ node, messageId: 'module', data: { source, target: to.name } });
    });
  },
};

export default {
  meta: { name: 'zhongli-boundaries' },
  rules: {
    'domain-pure': domainPure,
    'thin-routes': thinRoutes,
    'module-entry': moduleEntry,
    'no-module-cycles': noModuleCycles,
    'kit-below-modules': kitBelowModules,
  },
};
