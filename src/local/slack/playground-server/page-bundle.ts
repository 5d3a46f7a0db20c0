import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One built file of the page, served from memory. */
export interface PageAsset {
  body: Uint8Array;
  type: string;
}

const sourceDir = fileURLToPath(new URL('../playground/', import.meta.url));
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/**
 * The page's modules and styles, bundled and minified by esbuild in memory: `/app.js`, `/page.css` and
 * their source maps. Rebuilt when a source file changed since the last build (checked as the page loads),
 * so editing the page needs only a reload.
 */
export class PageBundle {
  private built: { stamp: number; assets: Promise<Map<string, PageAsset>> } | undefined;

  /** The bundle for the page being loaded now: rebuilt first if its sources changed. */
  async refresh(): Promise<void> {
    const stamp = await newestSource();
    if (this.built?.stamp !== stamp) this.built = { stamp, assets: bundle() };
    await this.built.assets;
  }

  /** A built file by its URL path (`/app.js`), or undefined. */
  async asset(path: string): Promise<PageAsset | undefined> {
    if (!this.built) await this.refresh();
    return (await this.built?.assets)?.get(path);
  }
}

async function newestSource(): Promise<number> {
  const names = await readdir(sourceDir);
  const times = await Promise.all(names.map(async (name) => (await stat(join(sourceDir, name))).mtimeMs));
  return Math.max(0, ...times);
}

async function bundle(): Promise<Map<string, PageAsset>> {
  const common = {
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    write: false,
    outdir: sourceDir,
    target: 'es2022',
    logLevel: 'silent',
  } as const;
  const [script, styles] = await Promise.all([
    build({ ...common, entryPoints: [join(sourceDir, 'app.js')], format: 'esm' }),
    build({
      ...common,
      stdin: {
        contents: '@import "./style.css";\n@import "./widgets.css";\n@import "./focus.css";\n',
        resolveDir: sourceDir,
        sourcefile: 'page.css',
        loader: 'css',
      },
      entryNames: 'page',
    }),
  ]);
  const assets = new Map<string, PageAsset>();
  for (const file of [...script.outputFiles, ...styles.outputFiles]) {
    const name = basename(file.path);
    const extension = name.split('.').at(-1) ?? '';
    assets.set(`/${name}`, { body: file.contents, type: types[extension] ?? 'application/octet-stream' });
  }
  return assets;
}
