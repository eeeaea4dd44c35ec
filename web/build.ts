import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { WEB_DIST } from './static';

/**
 * Bundles the browser app (web/src, which imports the pure rules from domain/) into web/dist:
 * index.html plus content-hashed assets, so the assets can be cached for good and index.html never.
 * Skipped when web/dist is newer than every source.
 */

const ROOT = path.resolve(__dirname, '..');
const SOURCES = [path.join(ROOT, 'web', 'src'), path.join(ROOT, 'web', 'index.html'), path.join(ROOT, 'domain'), __filename];
const STAMP = path.join(WEB_DIST, 'index.html');

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  return newest;
}

async function isFresh(): Promise<boolean> {
  try {
    const built = (await stat(STAMP)).mtimeMs;
    const sources = Math.max(...(await Promise.all(SOURCES.map(newestMtime))));
    return built > sources;
  } catch {
    return false;
  }
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Builds web/dist; returns false when it was already up to date. */
export async function buildWeb(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && (await isFresh())) return false;
  const result = await build({
    entryPoints: { app: path.join(ROOT, 'web', 'src', 'main.ts'), style: path.join(ROOT, 'web', 'src', 'styles.css') },
    bundle: true,
    write: false,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: false,
    charset: 'utf8',
    legalComments: 'none',
    outdir: 'out',
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.text]));
  const js = files.get('app.js');
  const css = files.get('style.css');
  if (js === undefined || css === undefined) throw new Error('esbuild did not produce app.js and style.css');
  const jsName = `app-${hashOf(js)}.js`;
  const cssName = `app-${hashOf(css)}.css`;
  const html = (await readFile(path.join(ROOT, 'web', 'index.html'), 'utf8')).replace('{{js}}', jsName).replace('{{css}}', cssName);

  // Hashed assets are written under their final names (same sources, same names), then index.html is
  // swapped in by rename, so a running server never serves a page whose assets are missing.
  const assets = path.join(WEB_DIST, 'assets');
  await mkdir(assets, { recursive: true });
  await writeFile(path.join(assets, jsName), js);
  await writeFile(path.join(assets, cssName), css);
  const temp = `${STAMP}.${process.pid}.tmp`;
  await writeFile(temp, html);
  await rename(temp, STAMP);
  for (const name of await readdir(assets)) {
    if (name !== jsName && name !== cssName) await rm(path.join(assets, name), { force: true });
  }
  return true;
}
