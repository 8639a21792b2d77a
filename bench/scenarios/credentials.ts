/**
 * 1. Credential resolution: a cached resolution vs a cold one, and the STS / CreateSession calls
 * of 1,000 requests across 50 executions, beside the naive way (a fresh SDK
 * fromTemporaryCredentials provider and client per execution).
 */
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

import { CredentialResolver, credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { toConnectionConfig, type CredentialTypeName } from '../../nodes/shared/auth/connection';
import { DEFAULT_EXTERNAL_ID, DEFAULT_ROLE_ARN, DEFAULT_USER } from '../../test/emulator/options';
import type { RemoteEmulator } from '../emulatorClient';
import { median, pool, round, timeMs } from '../stats';
import {
	converseInput,
	credentialData,
	credentialType,
	REGION,
	runNode,
	type Authentication,
} from '../workload';

const COLD_RUNS = 30;
const CACHED_BATCHES = 200;
const CACHED_BATCH = 1000;
const EXECUTIONS = 50;
const ITEMS_PER_EXECUTION = 20;
const CONCURRENCY = 5;

export interface ResolutionResult {
	coldMedianMs: number;
	/** resolver.resolve(connection) on a warm cache, µs per call. */
	cachedMedianUs: number;
	/** What an execution pays: credential data -> ConnectionConfig (SHA-256 key) -> cached resolve, µs. */
	perExecutionMedianUs: number;
	coldOverCached: number;
}

export interface WorkloadResult {
	requests: number;
	executions: number;
	authCalls: number;
	converseCalls: number;
	wallMs: number;
}

export interface CredentialsResult {
	assumeRole: ResolutionResult;
	rolesAnywhere: ResolutionResult;
	workload: {
		assumeRole: WorkloadResult;
		rolesAnywhere: WorkloadResult;
		naiveAssumeRole: WorkloadResult;
	};
}

async function resolution(
	emulator: RemoteEmulator,
	authentication: Authentication,
): Promise<ResolutionResult> {
	const type = credentialType(authentication) as CredentialTypeName;
	const data = credentialData(authentication, emulator.url);
	const connection = toConnectionConfig(type, data);

	// Cold: a resolver that has never seen the credential (provider built, certificate loaded,
	// one AssumeRole / CreateSession round trip).
	const cold: number[] = [];
	for (let i = 0; i < COLD_RUNS + 3; i++) {
		const resolver = new CredentialResolver();
		const ms = await timeMs(() => resolver.resolve(connection));
		if (i >= 3) cold.push(ms);
	}

	const resolver = new CredentialResolver();
	await resolver.resolve(connection);
	const cached: number[] = [];
	for (let b = 0; b < CACHED_BATCHES; b++) {
		const start = performance.now();
		for (let i = 0; i < CACHED_BATCH; i++) await resolver.resolve(connection);
		cached.push(((performance.now() - start) * 1000) / CACHED_BATCH);
	}

	const perExecution: number[] = [];
	for (let b = 0; b < 50; b++) {
		const start = performance.now();
		for (let i = 0; i < 200; i++) await resolver.resolve(toConnectionConfig(type, data));
		perExecution.push(((performance.now() - start) * 1000) / 200);
	}

	const coldMedianMs = median(cold);
	const cachedMedianUs = median(cached);
	return {
		coldMedianMs: round(coldMedianMs, 3),
		cachedMedianUs: round(cachedMedianUs, 3),
		perExecutionMedianUs: round(median(perExecution), 2),
		coldOverCached: Math.round((coldMedianMs * 1000) / cachedMedianUs),
	};
}

async function nodeWorkload(
	emulator: RemoteEmulator,
	authentication: Authentication,
): Promise<WorkloadResult> {
	credentialResolver.clear();
	clearClients();
	await emulator.reset();
	const data = credentialData(authentication, emulator.url);
	const start = performance.now();
	for (let e = 0; e < EXECUTIONS; e++) {
		await runNode({ authentication, data, items: ITEMS_PER_EXECUTION, concurrency: CONCURRENCY });
	}
	const wallMs = performance.now() - start;
	const action = authentication === 'rolesAnywhere' ? 'CreateSession' : 'AssumeRole';
	return {
		requests: EXECUTIONS * ITEMS_PER_EXECUTION,
		executions: EXECUTIONS,
		authCalls: await emulator.count(action),
		converseCalls: await emulator.count('Converse'),
		wallMs: round(wallMs, 1),
	};
}

/** What users do today: a fresh fromTemporaryCredentials provider and client per execution. */
async function naiveWorkload(emulator: RemoteEmulator): Promise<WorkloadResult> {
	await emulator.reset();
	const start = performance.now();
	for (let e = 0; e < EXECUTIONS; e++) {
		const credentials = fromTemporaryCredentials({
			params: {
				RoleArn: DEFAULT_ROLE_ARN,
				ExternalId: DEFAULT_EXTERNAL_ID,
				RoleSessionName: 'n8n-bench',
				DurationSeconds: 3600,
			},
			masterCredentials: {
				accessKeyId: DEFAULT_USER.accessKeyId,
				secretAccessKey: DEFAULT_USER.secretAccessKey,
			},
			clientConfig: { region: REGION, endpoint: emulator.url },
		});
		const client = new BedrockRuntimeClient({
			region: REGION,
			endpoint: emulator.url,
			credentials,
		});
		await pool(ITEMS_PER_EXECUTION, CONCURRENCY, () =>
			client.send(new ConverseCommand(converseInput())),
		);
		client.destroy();
	}
	const wallMs = performance.now() - start;
	return {
		requests: EXECUTIONS * ITEMS_PER_EXECUTION,
		executions: EXECUTIONS,
		authCalls: await emulator.count('AssumeRole'),
		converseCalls: await emulator.count('Converse'),
		wallMs: round(wallMs, 1),
	};
}

export async function credentialsBench(emulator: RemoteEmulator): Promise<CredentialsResult> {
	const assumeRole = await resolution(emulator, 'assumeRole');
	const rolesAnywhere = await resolution(emulator, 'rolesAnywhere');
	// Warm the SDK modules and sockets once so neither workload pays first-load costs.
	await naiveWorkload(emulator);
	await nodeWorkload(emulator, 'assumeRole');
	return {
		assumeRole,
		rolesAnywhere,
		workload: {
			assumeRole: await nodeWorkload(emulator, 'assumeRole'),
			rolesAnywhere: await nodeWorkload(emulator, 'rolesAnywhere'),
			naiveAssumeRole: await naiveWorkload(emulator),
		},
	};
}
