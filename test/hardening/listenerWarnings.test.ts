import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const at = (path: string) => JSON.stringify(join(ROOT, path));

/**
 * Twenty items in flight, slow and throttled, in a Node process of their own, as n8n runs them:
 * what the process prints on stderr. Run in a child because Node reports a crowded AbortSignal
 * with process.emitWarning, which jest's sandbox does not see.
 */
function runBatch(): { status: number | null; stderr: string; outputs: number } {
	const script = `
require(${at('scripts/ts-require.cjs')});
const { startEmulator } = require(${at('test/emulator/index.ts')});
const { executeContext, locator } = require(${at('test/helpers/nodeContext.ts')});
const { assumeRoleData } = require(${at('test/helpers/credentials.ts')});
const { BedrockConverse } = require(${at('nodes/BedrockConverse/BedrockConverse.node.ts')});
(async () => {
	const emulator = await startEmulator();
	emulator.injectFault({ action: 'Converse', kind: 'delay', delayMs: 300, times: 20 });
	emulator.setQuotas([
		{ target: 'amazon.nova-lite-v1:0', requestsPerMinute: 600, burstSeconds: 0.5, timeScale: 10 },
	]);
	const context = executeContext({
		parameters: (i) => ({
			authentication: 'assumeRole',
			model: locator('amazon.nova-lite-v1:0'),
			prompt: 'item ' + i,
			options: { maxConcurrency: 20 },
		}),
		credentials: { bedrockAssumeRoleApi: assumeRoleData(emulator) },
		items: Array.from({ length: 40 }, (_, i) => ({ json: { i } })),
		cancelSignal: new AbortController().signal,
	});
	const [out] = await new BedrockConverse().execute.call(context);
	await new Promise((resolve) => setImmediate(resolve));
	process.stdout.write(String(out.length));
	await emulator.stop();
})().catch((error) => { console.error(error); process.exit(1); });
`;
	const run = spawnSync(process.execPath, ['-'], { cwd: ROOT, input: script, encoding: 'utf8' });
	return { status: run.status, stderr: run.stderr, outputs: Number(run.stdout) };
}

describe("items in flight on the execution's cancel signal", () => {
	it("20 at once, slow and throttled, print no listener-leak warning into n8n's log", () => {
		const { status, stderr, outputs } = runBatch();
		expect({ status, outputs }).toEqual({ status: 0, outputs: 40 });
		expect(stderr).not.toContain('MaxListenersExceededWarning');
	});
});
