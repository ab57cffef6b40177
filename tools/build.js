// Compiles the apps and the libraries they need to plain JavaScript under dist/ (same layout), so production
// runs without a TypeScript compiler in memory: `npm run build`, then `node dist/apps/<app>/src/main.js` (`npm start`: the platform). Decorator metadata
// is emitted (Nest's dependency injection reads it) and @referral-ledger/* imports become relative paths.
const { readdirSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { join, dirname, relative } = require('node:path');
const { transformFileSync } = require('@swc/core');
const { compilerOptions } = require('../tsconfig.base.json');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist');
// Every app (the platform, and each service on its own: one image runs any of them) and every library but the test harness.
const SOURCES = [
  ...readdirSync(join(ROOT, 'apps')).map((app) => `apps/${app}/src`),
  ...readdirSync(join(ROOT, 'libs'))
    .filter((lib) => lib !== 'testing')
    .map((lib) => `libs/${lib}/src`),
];

function* typescriptFiles(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') && !path.includes('test-support')) yield path;
  }
}

rmSync(OUT, { recursive: true, force: true });
let files = 0;
for (const source of SOURCES) {
  for (const file of typescriptFiles(join(ROOT, source))) {
    const { code } = transformFileSync(file, {
      sourceMaps: false,
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        baseUrl: ROOT,
        paths: compilerOptions.paths,
      },
    });
    const target = join(OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    files++;
  }
}
process.stdout.write(`compiled ${files} files to ${relative(ROOT, OUT)}/\n`);
