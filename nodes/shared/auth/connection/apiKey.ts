import { API_KEY_FIELD, expiredApiKeyError, parseApiKey, type ApiKeyInfo } from '../apiKey';
import { CredentialValidationError } from '../errors';
import { text } from './fields';
import type { CredentialKindReader } from './types';

export interface ApiKeyAuth {
	kind: 'apiKey';
	/** The key itself: a secret, sent only as a bearer token to Bedrock and Bedrock Runtime. */
	apiKey: string;
	/** What the key says about itself (type; region and expiry of a short-term key). */
	info: ApiKeyInfo;
}

/**
 * An Amazon Bedrock API key, checked for shape; a short-term key also for expiry and for the
 * region it was generated in, which must be the Bedrock region.
 */
export const apiKey: CredentialKindReader<ApiKeyAuth> = {
	read(data, { bedrockRegion, now, check }) {
		const key = text(data.apiKey);
		const info = check(() => parseApiKey(key));
		if (info?.type === 'shortTerm') {
			check(() => {
				if (info.expiresAt.getTime() <= now().getTime()) throw expiredApiKeyError(info.expiresAt);
				if (info.region !== bedrockRegion) {
					throw new CredentialValidationError(
						'Bedrock Region',
						`is ${bedrockRegion}, but the short-term ${API_KEY_FIELD} was generated for ${info.region} and works only there: set Bedrock Region to ${info.region}, or generate a key in ${bedrockRegion}`,
						'RegionMismatch',
					);
				}
			});
		}
		// Without info a problem was found: toConnectionConfig throws before this is used.
		return { kind: 'apiKey', apiKey: key, info: info as ApiKeyInfo };
	},
};
