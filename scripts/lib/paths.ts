/** Where things are: the repository, its package.json, and the node types the package ships. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The folder of this package's package.json, found upward from this file. */
export const REPO_ROOT = (() => {
	for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
		const file = join(dir, 'package.json');
		if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === 'n8n-nodes-bedrock-iam')
			return dir;
	}
	throw new Error(`No package.json of n8n-nodes-bedrock-iam above ${__dirname}`);
})();

/** Where the n8n runtime and the dev user folders live (as scripts/n8n-runtime.sh reads it). */
export const CACHE_DIR =
	process.env.N8N_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-bedrock-iam');

export interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	n8n: { credentials: string[]; nodes: string[] };
}

export const readPackageJson = (): PackageJson =>
	JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/**
 * Node type names (`n8n-nodes-bedrock-iam.bedrockConverse`) of the nodes package.json lists, by
 * n8n's file naming convention: `dist/nodes/X/BedrockConverse.node.js` holds `bedrockConverse`.
 */
export function packageNodeTypes(pkg = readPackageJson()): string[] {
	return pkg.n8n.nodes.map((file) => {
		const cls = basename(file).replace(/\.node\.js$/, '');
		return `${pkg.name}.${cls[0].toLowerCase()}${cls.slice(1)}`;
	});
}

/** Credential type names (`bedrockAssumeRoleApi`) of the credentials package.json lists. */
export function packageCredentialTypes(pkg = readPackageJson()): string[] {
	return pkg.n8n.credentials.map((file) => {
		const cls = basename(file).replace(/\.credentials\.js$/, '');
		return `${cls[0].toLowerCase()}${cls.slice(1)}`;
	});
}
