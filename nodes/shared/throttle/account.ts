/**
 * Whose quota a per-account request counts against. AWS counts some quotas per account and
 * region, whoever calls (Knowledge Base Retrieve and RetrieveAndGenerate): credentials that
 * assume roles of the same account share them. A role's ARN names its account; access keys and
 * API keys do not say theirs without a call, so their quota stays the credential's own.
 */
import type { ConnectionConfig } from '../auth/connection';

/** `account:<partition>:<account ID>` from the role ARN, or the credential's cache key. */
export function accountQuotaKey(connection: ConnectionConfig): string {
	const auth = connection.auth as { roleArn?: unknown };
	if (typeof auth.roleArn === 'string') {
		// arn:<partition>:iam::<account>:role/<name>; validated (and length-capped) when read.
		const [, partition, , , account] = auth.roleArn.split(':');
		if (partition && account) return `account:${partition}:${account}`;
	}
	return connection.cacheKey;
}
