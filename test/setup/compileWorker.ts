/**
 * Jest global setup: the certificate worker thread (`nodes/shared/auth/x509/worker.ts`) runs in
 * its own V8 isolate, outside Jest's TypeScript transform, and the tests run the sources, not
 * `dist/`. So the auth layer is transpiled once per run into a cache folder inside the repository
 * (where `node-forge` still resolves), and `certificateWorker.ts` points the package at it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import ts from 'typescript';

import { WORKER_BUILD } from './workerBuild';

const ROOT = join(__dirname, '../..');
/** What the worker loads: the auth layer (errors, x509) and the transport it names in types. */
const SOURCES = ['nodes/shared/auth', 'nodes/shared/transport'];

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

export default function compileWorker(): void {
	rmSync(WORKER_BUILD, { recursive: true, force: true });
	for (const file of SOURCES.flatMap((dir) => sources(join(ROOT, dir)))) {
		const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				inlineSourceMap: true,
			},
			fileName: file,
		});
		const out = join(WORKER_BUILD, relative(ROOT, file)).replace(/\.ts$/, '.js');
		mkdirSync(dirname(out), { recursive: true });
		writeFileSync(out, outputText);
	}
}
