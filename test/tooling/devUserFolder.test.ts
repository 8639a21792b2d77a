/**
 * `npm run dev` must install the package where n8n would find it in production: outside the
 * repository's module resolution. From inside the installed package, Node looks for modules in
 * every `node_modules` folder above it before n8n's NODE_PATH; if the repository's own
 * node_modules is among them, the package loads a second copy of `@n8n/ai-node-sdk`, `zod` or
 * `n8n-workflow` instead of n8n's, and a tool schema made by n8n's zod is not recognised.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { devUserFolder } from '../../scripts/lib/dev';
import { readPackageJson, REPO_ROOT } from '../../scripts/lib/paths';

/** The `node_modules` folders Node searches from `dir`, nearest first (Module._nodeModulePaths). */
function nodeModulesAbove(dir: string): string[] {
	const found: string[] = [];
	for (let at = dir; ; at = dirname(at)) {
		if (!at.endsWith('/node_modules')) found.push(join(at, 'node_modules'));
		if (at === dirname(at)) return found;
	}
}

describe('npm run dev user folder', () => {
	const packageDir = join(devUserFolder(), '.n8n', 'nodes', 'node_modules', readPackageJson().name);

	it('is outside the repository', () => {
		expect(packageDir.startsWith(REPO_ROOT + '/')).toBe(false);
	});

	it.each(['@n8n/ai-node-sdk', '@n8n/ai-utilities', 'zod', 'n8n-workflow', '@langchain/core'])(
		'lets the installed package resolve %s from n8n, not from a folder above it',
		(name) => {
			// The package's own node_modules and the nodes folder's hold only what the installer put
			// there (no peer dependencies); everything above them must not hold n8n's modules.
			const above = nodeModulesAbove(dirname(dirname(packageDir))).slice(1);
			expect(above.filter((folder) => existsSync(join(folder, name)))).toEqual([]);
		},
	);
});
