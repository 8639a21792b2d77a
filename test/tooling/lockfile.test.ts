import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const script = join(root, 'scripts/check-lock.mjs');

function check(lockPath: string) {
	const run = spawnSync(process.execPath, [script, lockPath], { encoding: 'utf8' });
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function writeLock(lock: unknown): string {
	const path = join(mkdtempSync(join(tmpdir(), 'lockcheck-')), 'package-lock.json');
	writeFileSync(path, JSON.stringify(lock));
	return path;
}

const committed = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

describe('scripts/check-lock.mjs', () => {
	it.each([
		'package-lock.json',
		'scripts/n8n-runtime/package-lock.json',
		'scripts/tools/package-lock.json',
	])('accepts the committed %s', (file) => {
		const result = check(join(root, file));
		expect(result.output).toContain('every entry has a version and an integrity');
		expect(result.status).toBe(0);
	});

	it('refuses a lockfile with a version-less optional platform entry (what npm ci failed on)', () => {
		const broken = structuredClone(committed);
		broken.packages[
			'node_modules/unrs-resolver/node_modules/@unrs/resolver-binding-win32-x64-msvc'
		] = { dev: true, optional: true };
		const result = check(writeLock(broken));
		expect(result.status).toBe(1);
		expect(result.output).toContain('@unrs/resolver-binding-win32-x64-msvc: no version');
	});

	it('refuses a registry entry without an integrity, and accepts links and bundled entries', () => {
		const lock = {
			lockfileVersion: 3,
			packages: {
				'': { name: 'x' },
				'node_modules/a': { version: '1.0.0' },
				'node_modules/b': { resolved: '../b', link: true },
				'node_modules/c/node_modules/d': { version: '2.0.0', inBundle: true },
			},
		};
		const result = check(writeLock(lock));
		expect(result.status).toBe(1);
		expect(result.output).toContain('node_modules/a: no integrity');
		expect(result.output).not.toContain('node_modules/b');
		expect(result.output).not.toContain('node_modules/d');
	});
});
