/**
 * 8. Embeddings: 5,000 chunks embedded with Cohere Embed v3 (96 texts a request: 53 requests)
 * under an embedding-model quota of {@link REQUESTS_PER_MINUTE} requests per minute, quota time
 * running {@link TIME_SCALE}x. The floor is the requests the model needs / the quota's rate.
 * Through the Bedrock Embeddings sub-node (one `embedDocuments` call, Max Concurrent Requests 5,
 * Throttling Budget 300 s) and, in the same run, a bare SDK loop over the same batches of 96 at
 * the same concurrency (standard retry, 3 attempts): a batch that fails loses its 96 chunks.
 */
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Embeddings } from '@langchain/core/embeddings';

import { EmbeddingsBedrock } from '../../nodes/EmbeddingsBedrock/EmbeddingsBedrock.node';
import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { clearLimiters } from '../../nodes/shared/throttle/registry';
import { locator, supplyDataContext } from '../../test/helpers/nodeContext';
import type { RemoteEmulator } from '../emulatorClient';
import { pool, round, timeMs } from '../stats';
import { credentialData } from '../workload';
import { bareClients } from './overhead';

export const CHUNKS = 5000;
const MODEL = 'cohere.embed-english-v3';
const BATCH = 96;
const CONCURRENCY = 5;
export const REQUESTS_PER_MINUTE = 60;
export const TIME_SCALE = 10;

export interface EmbeddingCase {
	chunks: number;
	/** Chunks without a vector. */
	lost: number;
	wallMs: number;
	floorMs: number;
	wallOverFloor: number;
	/** InvokeModel requests sent, answered and throttled. */
	requests: number;
	answered: number;
	throttled: number;
}

export interface EmbeddingsResult {
	model: string;
	chunks: number;
	batch: number;
	concurrency: number;
	requestsPerMinute: number;
	timeScale: number;
	/** The fewest requests the model allows for the chunks. */
	minimumRequests: number;
	node: EmbeddingCase;
	bareSdk: EmbeddingCase;
}

const chunk = (i: number) =>
	`chunk ${i} of the handbook, about topic${i % 97} and section${i % 13}`;

export async function embeddingsBench(emulator: RemoteEmulator): Promise<EmbeddingsResult> {
	const texts = Array.from({ length: CHUNKS }, (_, i) => chunk(i));
	const minimumRequests = Math.ceil(CHUNKS / BATCH);
	const floorMs = minimumRequests / ((REQUESTS_PER_MINUTE / 60_000) * TIME_SCALE);
	const quota = { target: MODEL, requestsPerMinute: REQUESTS_PER_MINUTE, timeScale: TIME_SCALE };
	const clients = bareClients(emulator.url);
	const send = (batch: string[]) =>
		clients.bareHttp1.send(
			new InvokeModelCommand({
				modelId: MODEL,
				body: JSON.stringify({ texts: batch, input_type: 'search_document', truncate: 'END' }),
				contentType: 'application/json',
			}),
		);

	credentialResolver.clear();
	clearClients();
	const context = supplyDataContext({
		nodeType: 'n8n-nodes-bedrock-iam.embeddingsBedrock',
		parameters: {
			authentication: 'assumeRole',
			model: locator(MODEL),
			options: { maxConcurrency: CONCURRENCY },
		},
		credentials: { bedrockAssumeRoleApi: credentialData('assumeRole', emulator.url) },
	});
	const { response } = await new EmbeddingsBedrock().supplyData.call(context as never, 0);
	const embedder = response as Embeddings;

	/** Fresh buckets and limiters, credentials and connections already warm. */
	const fresh = async () => {
		await emulator.setQuotas([]);
		await embedder.embedQuery('warm up');
		await send(['warm up']);
		clearLimiters();
		await emulator.reset();
		await emulator.setQuotas([quota]);
	};
	const measure = async (run: () => Promise<number>): Promise<EmbeddingCase> => {
		let lost = 0;
		const wallMs = await timeMs(async () => (lost = await run()));
		const stats = await emulator.callStats('InvokeModel');
		return {
			chunks: CHUNKS,
			lost,
			wallMs: round(wallMs, 0),
			floorMs: round(floorMs, 0),
			wallOverFloor: round(wallMs / floorMs, 3),
			requests: stats.total,
			answered: stats.answered,
			throttled: stats.throttled,
		};
	};

	await fresh();
	const node = await measure(async () => {
		const vectors = await embedder.embedDocuments(texts);
		return vectors.filter((v) => !Array.isArray(v) || v.length === 0).length;
	});

	await fresh();
	const bareSdk = await measure(async () => {
		let lost = 0;
		await pool(minimumRequests, CONCURRENCY, async (i) => {
			const batch = texts.slice(i * BATCH, (i + 1) * BATCH);
			await send(batch).catch(() => (lost += batch.length));
		});
		return lost;
	});
	await emulator.setQuotas([]);

	return {
		model: MODEL,
		chunks: CHUNKS,
		batch: BATCH,
		concurrency: CONCURRENCY,
		requestsPerMinute: REQUESTS_PER_MINUTE,
		timeScale: TIME_SCALE,
		minimumRequests,
		node,
		bareSdk,
	};
}
