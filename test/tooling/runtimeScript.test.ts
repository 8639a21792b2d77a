import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const script = join(root, 'scripts/n8n-runtime.sh');
const source = readFileSync(script, 'utf8');
const setting = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(source)![1];

/**
 * The runtime script picks its n8n from BEDROCK_N8N_VERSION only: n8n's own Docker image sets
 * N8N_VERSION to the image's n8n, and a contributor testing in it must still get the pinned one.
 */
describe('scripts/n8n-runtime.sh --check', () => {
	const cache = mkdtempSync(join(tmpdir(), 'runtime-check-'));
	const pinned = join(cache, `n8n-${setting('PINNED_N8N')}-node-${setting('NODE_VERSION')}`);
	beforeAll(() => {
		// The marker of an installed pinned runtime: the hash of the lock it was installed from.
		const lock = ['package.json', 'package-lock.json'].map((f) =>
			readFileSync(join(root, 'scripts/n8n-runtime', f)),
		);
		const hash = createHash('sha256').update(Buffer.concat(lock)).digest('hex').slice(0, 16);
		mkdirSync(pinned, { recursive: true });
		writeFileSync(join(pinned, '.installed'), `${hash}\n`);
	});
	afterAll(() => rmSync(cache, { recursive: true, force: true }));

	const check = (env: Record<string, string>) => {
		const run = spawnSync('bash', [script, '--check'], {
			encoding: 'utf8',
			env: { PATH: process.env.PATH, HOME: cache, N8N_CACHE_DIR: cache, ...env },
		});
		return { status: run.status, stdout: run.stdout.trim() };
	};

	it('keeps the pinned n8n when the environment says N8N_VERSION, as n8n Docker images do', () => {
		expect(check({ N8N_VERSION: '1.123.0' })).toEqual({ status: 0, stdout: pinned });
	});

	it('looks for another n8n when BEDROCK_N8N_VERSION asks for one', () => {
		expect(check({ BEDROCK_N8N_VERSION: '2.41.3' })).toEqual({ status: 3, stdout: '' });
	});
});
