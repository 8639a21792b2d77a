/**
 * What the benchmarks run: credential data pointed at the emulator, the Converse node driven
 * through a fake n8n execute context, and the same calls made with the bare AWS SDK.
 */
import { performance } from 'node:perf_hooks';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BedrockConverse } from '../nodes/BedrockConverse/BedrockConverse.node';
import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	DEFAULT_USER,
	pkiPem,
} from '../test/emulator/options';
import { executeContext, locator } from '../test/helpers/nodeContext';

export const MODEL_ID = 'amazon.nova-lite-v1:0';
export const REGION = 'us-east-1';
export const PROMPT = 'Summarise: the quick brown fox jumps over the lazy dog';

export type Authentication = 'accessKeys' | 'assumeRole' | 'rolesAnywhere';

const TYPES: Record<Authentication, string> = {
	accessKeys: 'bedrockAccessKeysApi',
	assumeRole: 'bedrockAssumeRoleApi',
	rolesAnywhere: 'bedrockRolesAnywhereApi',
};

function endpoints(url: string): ICredentialDataDecryptedObject {
	return {
		customEndpoints: true,
		stsEndpoint: url,
		rolesAnywhereEndpoint: url,
		bedrockEndpoint: url,
		bedrockRuntimeEndpoint: url,
		bedrockAgentEndpoint: url,
		bedrockAgentRuntimeEndpoint: url,
		connectionTimeout: 2000,
		readTimeout: 10000,
	};
}

/** Credential data as n8n decrypts it, every endpoint at the emulator; `extra` overrides. */
export function credentialData(
	authentication: Authentication,
	url: string,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const common = { region: REGION, ...endpoints(url) };
	switch (authentication) {
		case 'accessKeys':
			return {
				accessKeyId: DEFAULT_USER.accessKeyId,
				secretAccessKey: DEFAULT_USER.secretAccessKey,
				...common,
				...extra,
			};
		case 'assumeRole':
			return {
				roleArn: DEFAULT_ROLE_ARN,
				externalId: DEFAULT_EXTERNAL_ID,
				roleSessionName: 'n8n-bench',
				sessionDuration: 3600,
				sourceCredentials: 'accessKeys',
				accessKeyId: DEFAULT_USER.accessKeyId,
				secretAccessKey: DEFAULT_USER.secretAccessKey,
				...common,
				...extra,
			};
		case 'rolesAnywhere':
			return {
				trustAnchorArn: DEFAULT_TRUST_ANCHOR_ARN,
				profileArn: DEFAULT_PROFILE_ARN,
				roleArn: DEFAULT_ROLE_ARN,
				keyFormat: 'pem',
				publicCertificate: pkiPem('rsa.cert.pem'),
				privateKey: pkiPem('rsa.key.pem'),
				publicCertificateChain: pkiPem('intermediate.cert.pem'),
				sessionDuration: 3600,
				...common,
				...extra,
			};
	}
}

export const credentialType = (authentication: Authentication): string => TYPES[authentication];

export const converseInput = (prompt = PROMPT) => ({
	modelId: MODEL_ID,
	messages: [{ role: 'user' as const, content: [{ text: prompt }] }],
	inferenceConfig: {},
});

const node = new BedrockConverse();

export interface NodeRunOptions {
	authentication: Authentication;
	data: ICredentialDataDecryptedObject;
	items: number;
	/** The node's "Max Concurrent Requests" option; absent: the node's default. */
	concurrency?: number;
	/** Whether n8n streams this execution (webhook / chat trigger in streaming mode). */
	streaming?: boolean;
	/** Called with performance.now() when the node sends its first text chunk. */
	onFirstChunk?: (at: number) => void;
	/** More node options (Throttling Budget, Max Attempts, …). */
	options?: IDataObject;
	/** The prompt of each item. Absent: {@link PROMPT}. */
	prompt?: (itemIndex: number) => string;
	continueOnFail?: boolean;
}

/** One execution of the Converse node, as n8n would run it, with `items` input items. */
export async function runNode(options: NodeRunOptions): Promise<INodeExecutionData[][]> {
	const parameters: IDataObject = {
		authentication: options.authentication,
		model: locator(MODEL_ID),
		prompt: PROMPT,
		options: {
			...(options.concurrency ? { maxConcurrency: options.concurrency } : {}),
			...options.options,
		},
	};
	const prompt = options.prompt;
	const context = executeContext({
		parameters: prompt ? (i) => ({ ...parameters, prompt: prompt(i) }) : parameters,
		continueOnFail: options.continueOnFail,
		credentials: { [credentialType(options.authentication)]: options.data },
		items: Array.from({ length: options.items }, (_, i) => ({ json: { i } })),
		streaming: options.streaming,
	});
	if (options.onFirstChunk) {
		let first = true;
		const report = options.onFirstChunk;
		context.sendChunk = ((type: string) => {
			if (first && type === 'item') {
				first = false;
				report(performance.now());
			}
		}) as typeof context.sendChunk;
	}
	return await node.execute.call(context);
}
