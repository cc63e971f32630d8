/**
 * Bundles bench/run-system.worker.ts into one JavaScript module for Node worker threads (with
 * Vite, as the browser part bundles its worker), so that the workers start from compiled code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT } from '../test/browser/harness';

export async function bundleNodeWorker(): Promise<{ file: string; dispose(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'brokerscope-node-worker-'));
  await build({
    configFile: false, root: ROOT, logLevel: 'error',
    ssr: { noExternal: true },
    build: {
      outDir, emptyOutDir: true, ssr: join(ROOT, 'bench/run-system.worker.ts'), target: 'node20', minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'worker.mjs' } },
    },
  });
  return { file: join(outDir, 'worker.mjs'), dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}
