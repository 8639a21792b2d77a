/**
 * Builds this package when its sources changed, and installs it into an n8n user folder the way
 * n8n installs a community package: `npm pack`, unpack into `.n8n/nodes/node_modules/<name>`,
 * drop dev, peer and optional dependencies, `npm install` the rest with scripts off. Installing
 * the packed tarball (not a link to the repository) proves it holds every file package.json names.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readPackageJson, REPO_ROOT } from './paths';

const SOURCES = ['credentials', 'nodes', 'icons', 'package.json', 'tsconfig.json'];

function newestMtime(path: string, skip: (name: string) => boolean = () => false): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path)) {
		if (skip(entry)) continue;
		newest = Math.max(newest, newestMtime(join(path, entry), skip));
	}
	return newest;
}

/**
 * Whether dist/ is older than a source that goes into it (tests do not count), or lacks a file
 * package.json names: a type check alone (`tsc --noEmit`) leaves only dist/tsconfig.tsbuildinfo,
 * newer than every source.
 */
export function distIsStale(): boolean {
	const { n8n } = readPackageJson();
	if ([...n8n.nodes, ...n8n.credentials].some((file) => !existsSync(join(REPO_ROOT, file))))
		return true;
	const isTest = (name: string) => name === 'test' || name.endsWith('.test.ts');
	const sources = Math.max(...SOURCES.map((s) => newestMtime(join(REPO_ROOT, s), isTest)));
	const dist = newestMtime(join(REPO_ROOT, 'dist'));
	return dist === 0 || sources > dist;
}

/**
 * Runs `npm run build` unless dist/ is newer than every source. A hand-edited dist/ is kept,
 * which is how the e2e suite can be shown to fail on a broken build (docs/testing.md,
 * "End-to-end tests").
 */
export function buildIfStale(log: (line: string) => void = () => {}): boolean {
	if (!distIsStale()) {
		log('dist/ is up to date');
		return false;
	}
	log('building the package (npm run build)');
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return true;
}

/** `npm pack` of the repository into `destination`: the tarball's path, name and checksum. */
export function packPackage(destination: string): {
	path: string;
	filename: string;
	shasum: string;
} {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	)[0] as { filename: string; shasum: string };
	return { ...packed, path: join(destination, packed.filename) };
}

/**
 * Runs commands as a person pastes them into a shell (`bash -euo pipefail`), with `env`; throws
 * with their output when one fails.
 */
export function runShell(script: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): void {
	execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: timeoutMs,
	});
}

interface InstallState {
	shasum: string;
	dependencies: string;
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes/node_modules/`. Does nothing when the
 * same tarball is installed already; keeps the installed dependencies when they did not change.
 *
 * @returns the package folder inside the user folder
 */
export function installPackage(userFolder: string, log: (line: string) => void = () => {}): string {
	const pkg = readPackageJson();
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', pkg.name);
	const stateFile = join(nodesDir, `.${pkg.name}.installed.json`);
	const previous: InstallState | undefined =
		existsSync(stateFile) && existsSync(packageDir)
			? JSON.parse(readFileSync(stateFile, 'utf8'))
			: undefined;

	const packDir = mkdtempSync(join(tmpdir(), 'bedrock-iam-pack-'));
	try {
		const packed = packPackage(packDir);
		const dependencies = createHash('sha256')
			.update(JSON.stringify(pkg.dependencies ?? {}))
			.digest('hex');
		if (previous?.shasum === packed.shasum) {
			log(`package unchanged since the last install (${packed.shasum.slice(0, 12)})`);
			return packageDir;
		}

		const keptModules = join(nodesDir, `.${pkg.name}.node_modules`);
		rmSync(keptModules, { recursive: true, force: true });
		const reuse =
			previous?.dependencies === dependencies && existsSync(join(packageDir, 'node_modules'));
		if (reuse) renameSync(join(packageDir, 'node_modules'), keptModules);
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', packed.path, '-C', packageDir, '--strip-components=1']);

		// What n8n's CommunityPackagesService does before `npm install`.
		const manifestPath = join(packageDir, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		if (reuse) {
			renameSync(keptModules, join(packageDir, 'node_modules'));
			log(`installed ${packed.filename} (dependencies unchanged, kept)`);
		} else {
			log(
				`installed ${packed.filename}; installing its runtime dependencies (npm install, scripts off)`,
			);
			execFileSync(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
					'--loglevel=error',
				],
				{ cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
			);
		}
		writeFileSync(
			stateFile,
			JSON.stringify({ shasum: packed.shasum, dependencies } satisfies InstallState),
		);
		return packageDir;
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}
