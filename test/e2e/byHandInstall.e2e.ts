/**
 * The README's by-hand install (Docker images, queue-mode workers), run as written: its shell
 * block, with the packed package in place of the registry name and a fresh n8n user folder as
 * the home directory. The folder must end up with the tree n8n's own installer makes (the same
 * packages at the same versions, nothing else beside the package, above all no second
 * `n8n-workflow`, `@n8n/ai-node-sdk` or `zod`), and the AI Agent example must answer from its
 * Calculator there.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { emulatorCredentials } from '../../scripts/lib/credentials';
import { withoutFile } from '../../scripts/lib/examples';
import { freePort, N8n, nodeOutput } from '../../scripts/lib/n8n';
import { buildIfStale, installPackage, packPackage, runShell } from '../../scripts/lib/package';
import { readPackageJson, REPO_ROOT } from '../../scripts/lib/paths';
import { ensureRuntime } from '../../scripts/lib/runtime';
import { startEmulator, type Emulator } from '../emulator';
import { CHAT_MODEL_TYPE } from './chatModelWorkflows';
import { exampleFor } from './workflows';

const pkg = readPackageJson();
const REGISTRY_SPEC = `${pkg.name}@${pkg.version}`;
/** What n8n provides and a by-hand install must never put beside the package. */
const N8N_PROVIDES = [
	'n8n-workflow',
	'@n8n/ai-node-sdk',
	'@n8n/ai-utilities',
	'zod',
	'@langchain/core',
];

/** The shell block of the README's by-hand install. */
function readmeByHandCommands(): string {
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('**By hand**'));
	const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
	if (!block) throw new Error('README.md has no bash block after "**By hand**"');
	return block;
}

/** Every installed package under a folder, as `name@version` at its path. */
function installedPackages(root: string): Map<string, string> {
	const found = new Map<string, string>();
	const walk = (dir: string) => {
		if (!existsSync(dir)) return;
		for (const entry of readdirSync(dir)) {
			const path = join(dir, entry);
			if (entry.startsWith('@') && statSync(path).isDirectory()) {
				walk(path);
				continue;
			}
			const manifest = join(path, 'package.json');
			if (!existsSync(manifest)) continue;
			const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
			found.set(relative(root, path), `${name}@${version}`);
			walk(join(path, 'node_modules'));
		}
	};
	walk(join(root, 'node_modules'));
	return found;
}

let userFolder: string;
let n8nWayFolder: string;
let tarball: string;
let emulator: Emulator;
let n8n: N8n;

beforeAll(async () => {
	buildIfStale();
	userFolder = mkdtempSync(join(tmpdir(), 'bedrock-iam-by-hand-'));
	n8nWayFolder = mkdtempSync(join(tmpdir(), 'bedrock-iam-n8n-way-'));
	tarball = packPackage(userFolder).path;
}, 120_000);

afterAll(async () => {
	await emulator?.stop();
	if (process.env.BEDROCK_E2E_KEEP === '1') process.stdout.write(`kept ${userFolder}\n`);
	else
		for (const dir of [userFolder, n8nWayFolder])
			if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the README's by-hand install", () => {
	it("installs with the flags that give n8n's tree", () => {
		const block = readmeByHandCommands();
		expect(block).toContain(`npm install`);
		expect(block).toContain(REGISTRY_SPEC);
		// `~` is the fresh user folder; npm's download cache stays the real one.
		runShell(block.replaceAll(REGISTRY_SPEC, tarball), {
			...process.env,
			HOME: userFolder,
			npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
		});
		expect(existsSync(join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name))).toBe(true);
	}, 300_000);

	it('puts nothing beside the package, and none of the modules n8n provides anywhere', () => {
		const nodes = join(userFolder, '.n8n', 'nodes');
		expect(readdirSync(join(nodes, 'node_modules')).filter((e) => !e.startsWith('.'))).toEqual([
			pkg.name,
		]);
		const installed = [...installedPackages(nodes).values()].map((p) => p.replace(/@[^@]*$/, ''));
		for (const provided of N8N_PROVIDES) expect(installed).not.toContain(provided);
	});

	it("has the same packages at the same versions as n8n's own installer", () => {
		installPackage(n8nWayFolder);
		const set = (folder: string) =>
			[...new Set(installedPackages(join(folder, '.n8n', 'nodes')).values())].sort();
		expect(set(userFolder)).toEqual(set(n8nWayFolder));
	}, 240_000);

	it('runs the AI Agent example there, answering from the Calculator', async () => {
		const emulatorPort = await freePort();
		emulator = await startEmulator({ port: emulatorPort });
		n8n = new N8n({
			runtime: ensureRuntime(),
			userFolder,
			port: await freePort(),
			encryptionKey: 'bedrock-iam-by-hand-e2e',
		});
		await n8n.importCredentials(emulatorCredentials(emulator.url));
		const example = exampleFor(CHAT_MODEL_TYPE);
		await n8n.importWorkflows([withoutFile(example)]);
		const run = await n8n.execute(example.id);
		expect(nodeOutput(run, 'AI Agent')[0].output).toBe('The answer is 84.');
		expect(emulator.toolRoundTrips).toEqual([
			expect.objectContaining({ answer: 'The answer is 84.' }),
		]);
		// The tool schema reached Bedrock as JSON Schema, not as a Zod object.
		const converse = emulator.calls.find((c) => c.action === 'Converse')!;
		expect(JSON.stringify(converse.body)).toContain('"inputSchema":{"json":{"type":"object"');
	}, 180_000);
});
