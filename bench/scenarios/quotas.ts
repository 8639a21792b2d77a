/**
 * 7. Quotas: 1,000 items at 20 requested in flight against Bedrock's quota of 300 requests per
 * minute (the emulator's token bucket, ThrottlingException 429), quota time running
 * {@link TIME_SCALE}x so a quota minute lasts 6 s. The floor is items / rate. Compared in the
 * same run with the bare SDK (standard retry, 3 attempts) at the same concurrency, and with
 * n8n's Retry On Fail (the whole node again, 3 tries, 1 s apart) around the node as it was
 * before the limiter (Throttling Budget 0). Then two executions sharing the quota, 20 AI Agent
 * executions on the Bedrock Chat Model under 60 requests a minute, and a tokens-per-minute quota
 * with long prompts of varied length.
 *
 * Only the quota runs faster: the SDK's own backoff and n8n's 1 s wait stay in real time, which
 * favours them (a longer wait in quota time refills more of the bucket).
 */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { INodeExecutionData } from 'n8n-workflow';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { clearLimiters } from '../../nodes/shared/throttle/registry';
import { agentExecution } from '../../test/helpers/agentRun';
import { scaledClock } from '../../test/helpers/scaledClock';
import type { QuotaSpec } from '../../test/emulator';
import type { RemoteEmulator } from '../emulatorClient';
import { pool, round, sleep, timeMs } from '../stats';
import { MODEL_ID, converseInput, credentialData, runNode } from '../workload';
import { bareClients } from './overhead';

export const QUOTA_ITEMS = 1000;
export const QUOTA_CONCURRENCY = 20;
export const REQUESTS_PER_MINUTE = 300;
export const TIME_SCALE = 10;
/** n8n's Retry On Fail defaults: 3 tries, 1,000 ms between them. */
const RETRY_ON_FAIL = { tries: 3, waitMs: 1000 };
/**
 * The agents case: AI Agent executions at once on the Bedrock Chat Model (two model calls each)
 * under 60 requests a minute with a 5-request burst, the limiter's clock scaled like the quota's.
 */
const AGENT_CASE = { executions: 20, requestsPerMinute: 60, burstSeconds: 5, timeScale: 20 };
/** The tokens case: a request quota that does not bind, a token quota that does. */
const TOKEN_CASE = { items: 400, requestsPerMinute: 6000, tokensPerMinute: 60_000 };

export interface QuotaCase {
	items: number;
	/** Items with no answer: failed, or in an execution that failed. */
	lost: number;
	wallMs: number;
	/** Items / the quota's rate (the token case: tokens / the token rate). */
	floorMs: number;
	wallOverFloor: number;
	/** Converse requests sent, answered and throttled. */
	requests: number;
	answered: number;
	throttled: number;
}

export interface QuotaResult {
	timeScale: number;
	requestsPerMinute: number;
	concurrency: number;
	node: QuotaCase;
	bareSdk: QuotaCase;
	retryOnFail: QuotaCase & { tries: number; waitMs: number; triesUsed: number };
	twoExecutions: QuotaCase;
	agents: QuotaCase & {
		executions: number;
		requestsPerMinute: number;
		burstSeconds: number;
		timeScale: number;
	};
	tokens: QuotaCase & {
		tokensPerMinute: number;
		requestsPerMinute: number;
		/** Tokens of the batch, as the answers counted them. */
		totalTokens: number;
		/** The floor if only requests counted. */
		requestFloorMs: number;
	};
}

/** Requests per real millisecond the quota allows. */
const perMs = (perMinute: number) => (perMinute / 60_000) * TIME_SCALE;

const lostIn = (out: INodeExecutionData[], items: number) =>
	items - out.filter((o) => o.json.error === undefined && o.json.text !== undefined).length;

export async function quotasBench(emulator: RemoteEmulator): Promise<QuotaResult> {
	const data = credentialData('assumeRole', emulator.url);
	const quota: QuotaSpec = {
		target: MODEL_ID,
		requestsPerMinute: REQUESTS_PER_MINUTE,
		timeScale: TIME_SCALE,
	};
	const floorMs = QUOTA_ITEMS / perMs(REQUESTS_PER_MINUTE);
	const clients = bareClients(emulator.url);

	/** Fresh quota buckets, limiters and counters, credentials already cached. */
	const fresh = async (quotas: QuotaSpec[] = [quota]) => {
		await emulator.setQuotas([]);
		await runNode({ authentication: 'assumeRole', data, items: 5, concurrency: 5 });
		await clients.bareHttp1.send(new ConverseCommand(converseInput()));
		clearLimiters();
		await emulator.reset();
		await emulator.setQuotas(quotas);
	};
	const measure = async (
		items: number,
		floor: number,
		run: () => Promise<number>,
	): Promise<QuotaCase> => {
		let lost = 0;
		const wallMs = await timeMs(async () => (lost = await run()));
		const stats = await emulator.callStats('Converse');
		return {
			items,
			lost,
			wallMs: round(wallMs, 0),
			floorMs: round(floor, 0),
			wallOverFloor: round(wallMs / floor, 3),
			requests: stats.total,
			answered: stats.answered,
			throttled: stats.throttled,
		};
	};

	credentialResolver.clear();
	clearClients();

	await fresh();
	const node = await measure(QUOTA_ITEMS, floorMs, async () => {
		const [out] = await runNode({
			authentication: 'assumeRole',
			data,
			items: QUOTA_ITEMS,
			concurrency: QUOTA_CONCURRENCY,
			continueOnFail: true,
		});
		return lostIn(out, QUOTA_ITEMS);
	});

	await fresh();
	const bareSdk = await measure(QUOTA_ITEMS, floorMs, async () => {
		let failed = 0;
		await pool(QUOTA_ITEMS, QUOTA_CONCURRENCY, () =>
			clients.bareHttp1.send(new ConverseCommand(converseInput())).catch(() => failed++),
		);
		return failed;
	});

	await fresh();
	let triesUsed = 0;
	const retried = await measure(QUOTA_ITEMS, floorMs, async () => {
		for (triesUsed = 1; ; triesUsed++) {
			try {
				await runNode({
					authentication: 'assumeRole',
					data,
					items: QUOTA_ITEMS,
					concurrency: QUOTA_CONCURRENCY,
					options: { throttlingBudget: 0 },
				});
				return 0;
			} catch {
				if (triesUsed === RETRY_ON_FAIL.tries) return QUOTA_ITEMS; // the execution failed
				await sleep(RETRY_ON_FAIL.waitMs);
			}
		}
	});
	const retryOnFail = { ...retried, ...RETRY_ON_FAIL, triesUsed };

	await fresh();
	const half = QUOTA_ITEMS / 2;
	const twoExecutions = await measure(QUOTA_ITEMS, floorMs, async () => {
		const runs = await Promise.all(
			[0, 1].map(() =>
				runNode({
					authentication: 'assumeRole',
					data,
					items: half,
					concurrency: QUOTA_CONCURRENCY,
					continueOnFail: true,
				}),
			),
		);
		return runs.reduce((sum, [out]) => sum + lostIn(out, half), 0);
	});

	// Long prompts of 50 to 400 words: the token quota binds, and requests differ in size.
	const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit'.split(' ');
	const prompt = (i: number) =>
		Array.from({ length: 50 + ((i * 37) % 351) }, (_, w) => words[(w + i) % words.length]).join(
			' ',
		);
	await fresh([
		{
			target: MODEL_ID,
			requestsPerMinute: TOKEN_CASE.requestsPerMinute,
			tokensPerMinute: TOKEN_CASE.tokensPerMinute,
			timeScale: TIME_SCALE,
		},
	]);
	let totalTokens = 0;
	const started = performance.now();
	const [tokenOut] = await runNode({
		authentication: 'assumeRole',
		data,
		items: TOKEN_CASE.items,
		concurrency: QUOTA_CONCURRENCY,
		continueOnFail: true,
		prompt,
	});
	const tokenWall = performance.now() - started;
	for (const o of tokenOut)
		totalTokens += (o.json.usage as { totalTokens?: number })?.totalTokens ?? 0;
	const tokenFloor = totalTokens / perMs(TOKEN_CASE.tokensPerMinute);
	const tokenStats = await emulator.callStats('Converse');
	const tokens = {
		items: TOKEN_CASE.items,
		lost: lostIn(tokenOut, TOKEN_CASE.items),
		wallMs: round(tokenWall, 0),
		floorMs: round(tokenFloor, 0),
		wallOverFloor: round(tokenWall / tokenFloor, 3),
		requests: tokenStats.total,
		answered: tokenStats.answered,
		throttled: tokenStats.throttled,
		tokensPerMinute: TOKEN_CASE.tokensPerMinute,
		requestsPerMinute: TOKEN_CASE.requestsPerMinute,
		totalTokens,
		requestFloorMs: round(TOKEN_CASE.items / perMs(TOKEN_CASE.requestsPerMinute), 0),
	};

	// Agents: the same Chat Model object per execution as n8n's AI Agent gets, warm first.
	const agentRun = (executionId: string) => ({
		credential: { type: 'bedrockAssumeRoleApi', authentication: 'assumeRole', data },
		model: MODEL_ID,
		executionId,
	});
	await emulator.setQuotas([]);
	await agentExecution(agentRun('warm-up'));
	clearLimiters({ clock: scaledClock(AGENT_CASE.timeScale) });
	await emulator.reset();
	await emulator.setQuotas([
		{
			target: MODEL_ID,
			requestsPerMinute: AGENT_CASE.requestsPerMinute,
			burstSeconds: AGENT_CASE.burstSeconds,
			timeScale: AGENT_CASE.timeScale,
		},
	]);
	const agentRequests = AGENT_CASE.executions * 2;
	const agentFloor =
		(agentRequests / AGENT_CASE.requestsPerMinute) * (60_000 / AGENT_CASE.timeScale);
	const agentCase = await measure(agentRequests, agentFloor, async () => {
		const answers = await Promise.all(
			Array.from({ length: AGENT_CASE.executions }, (_, i) =>
				agentExecution(agentRun(`agent-${i}`)).catch(() => ''),
			),
		);
		return answers.filter((a) => a !== 'The answer is 84.').length;
	});
	const agents = { ...agentCase, ...AGENT_CASE };

	await emulator.setQuotas([]);
	await emulator.reset();
	clearLimiters();
	clients.bare.destroy();
	clients.bareHttp1.destroy();
	return {
		timeScale: TIME_SCALE,
		requestsPerMinute: REQUESTS_PER_MINUTE,
		concurrency: QUOTA_CONCURRENCY,
		node,
		bareSdk,
		retryOnFail,
		twoExecutions,
		agents,
		tokens,
	};
}
