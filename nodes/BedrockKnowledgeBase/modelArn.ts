/**
 * The model of Retrieve and Generate as the API wants it: an ARN in the knowledge base's region.
 * A foundation model ID becomes its foundation-model ARN; a cross-region (system) inference
 * profile ID becomes the inference profile's ARN, which names the account, so it is read once
 * with GetInferenceProfile and kept per credential and region; an ARN is checked and kept.
 */
import { parseArn } from '../shared/auth/validate';
import { getClient } from '../shared/clients';
import { INFERENCE_PROFILE_PREFIXES } from '../shared/errors/advice';
import { bedrockSdk } from '../shared/transport/sdk';
import { TYPED_IDS, typedIdTooLong } from '../shared/parameters/typedIds';
import type { ConnectionConfig } from '../shared/auth/connection';
import { ParameterError } from '../shared/errors/parameterError';
import { foundationModelArn } from '../shared/knowledgeBase/retrievalConfiguration';

const MAX_CACHED = 200;
const profileArns = new Map<string, Promise<string>>();

const isProfileId = (id: string) =>
	INFERENCE_PROFILE_PREFIXES.some((prefix) => id.startsWith(`${prefix}.`));

/** A model reference that is already an ARN: it must be Bedrock's, in the credential's region. */
function checkArn(reference: string, connection: ConnectionConfig): string {
	const arn = parseArn(reference);
	if (!arn || arn.service !== 'bedrock' || !arn.region) {
		throw new ParameterError(
			'Model',
			`"${reference}" is not a Bedrock model or inference profile ARN`,
		);
	}
	if (arn.partition !== connection.partition || arn.region !== connection.bedrockRegion) {
		throw new ParameterError(
			'Model',
			`the ARN is in ${arn.region} (${arn.partition}), but the knowledge base is queried in ${connection.bedrockRegion}`,
			`Use a model or inference profile of ${connection.bedrockRegion}: Retrieve and Generate runs the model in the knowledge base's region.`,
		);
	}
	return reference;
}

async function profileArn(profileId: string, connection: ConnectionConfig): Promise<string> {
	const key = `${connection.cacheKey}|${connection.bedrockRegion}|${profileId}`;
	let arn = profileArns.get(key);
	if (!arn) {
		if (profileArns.size >= MAX_CACHED) profileArns.delete(profileArns.keys().next().value!);
		arn = (async () => {
			const { GetInferenceProfileCommand } = await bedrockSdk();
			const client = await getClient('bedrock', connection);
			const out = await client.send(
				new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileId }),
			);
			if (!out.inferenceProfileArn) throw new Error(`No ARN for inference profile ${profileId}`);
			return out.inferenceProfileArn;
		})();
		profileArns.set(key, arn);
		arn.catch(() => profileArns.delete(key));
	}
	return await arn;
}

/**
 * The `modelArn` of a RetrieveAndGenerate request for the model parameter's value. Throws a
 * {@link ParameterError} for a malformed value, and the AWS error when an inference profile
 * cannot be read.
 */
export async function resolveModelArn(
	value: string,
	connection: ConnectionConfig,
): Promise<string> {
	const reference = value.trim();
	if (!reference) {
		throw new ParameterError(
			'Model',
			'empty',
			'Pick a model from the list, or enter its ID or ARN.',
		);
	}
	const length = typedIdTooLong('Model', reference);
	if (length) {
		throw new ParameterError('Model', length, 'Enter a model or inference profile ID or ARN.');
	}
	if (reference.startsWith('arn:')) return checkArn(reference, connection);
	if (!TYPED_IDS.Model.pattern.test(reference)) {
		throw new ParameterError(
			'Model',
			`"${reference}" is not a model or inference profile ID`,
			'Pick a model from the list, or enter an ID such as amazon.nova-lite-v1:0.',
		);
	}
	if (isProfileId(reference)) return await profileArn(reference, connection);
	return foundationModelArn(connection.partition, connection.bedrockRegion, reference);
}

/** Forgets the inference profile ARNs read so far; for tests. */
export function clearModelArns(): void {
	profileArns.clear();
}
