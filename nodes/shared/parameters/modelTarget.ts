import { parseArn } from '../auth/validate';
import type { ConnectionConfig } from '../auth/connection';
import { TYPED_IDS, typedIdTooLong } from './typedIds';

export interface ModelTarget {
	/** What Bedrock Runtime takes as modelId: an ID or a full ARN. */
	modelId: string;
	/** Where to call it: the ARN's region, else the credential's Bedrock region. */
	region: string;
}

/**
 * Where a model reference is called. An ARN from another region is called in its own region,
 * never sent to the credential's endpoint; a regional endpoint override cannot serve it.
 * Returns an error message instead of throwing so each node wraps it with its item index.
 */
export function modelTarget(
	value: string,
	connection: ConnectionConfig,
): ModelTarget | { error: string } {
	const reference = value.trim();
	if (!reference) return { error: 'Model is empty: pick one from the list or enter its ID or ARN' };
	const length = typedIdTooLong('Model', reference);
	if (length) return { error: `Model ${length}: enter a model or inference profile ID or ARN` };
	if (!reference.startsWith('arn:')) {
		return TYPED_IDS.Model.pattern.test(reference)
			? { modelId: reference, region: connection.bedrockRegion }
			: {
					error: `"${reference}" is not a model or inference profile ID, e.g. amazon.nova-lite-v1:0`,
				};
	}
	const arn = parseArn(reference);
	if (!arn || arn.service !== 'bedrock' || !arn.region) {
		return {
			error: `"${reference}" is not a regional Bedrock model, inference profile or prompt ARN`,
		};
	}
	if (arn.partition !== connection.partition) {
		return {
			error: `The model ARN is in partition ${arn.partition}, but the credential's Bedrock Region ${connection.bedrockRegion} is in ${connection.partition}`,
		};
	}
	if (arn.region !== connection.bedrockRegion && connection.endpoints.bedrockRuntime) {
		return {
			error: `The model ARN is in ${arn.region}, but the credential sends Bedrock Runtime calls to a custom endpoint for ${connection.bedrockRegion}; use a model of ${connection.bedrockRegion} or a credential for ${arn.region}`,
		};
	}
	return { modelId: reference, region: arn.region };
}
