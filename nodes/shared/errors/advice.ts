/**
 * What an AWS error means and what to change, as data. `describe.ts` only looks entries up.
 *
 * References for the codes and messages: AWS STS API reference (AssumeRole, "Common Errors"),
 * IAM Roles Anywhere user guide (CreateSession, troubleshooting), Amazon Bedrock API reference
 * (InvokeModel, Converse, InvokeAgent errors) and the Bedrock user guide (inference profiles,
 * model access, quotas); Node.js `system errors` for network codes.
 *
 * Patterns read messages of at most 8,192 characters (`MAX_MESSAGE_CHARS`) and stay linear
 * (`npm run lint` refuses super-linear ones): "A, later in the same sentence, B" is written
 * `A\b[^.]{0,200}\bB`, as `[^.]*` would rescan the sentence from every A.
 *
 * Templates: `{name}` is replaced by a named group of `match`, by `{awsMessage}`, or, in `hint`
 * only, by context values (`{modelId}`, `{region}`, `{inferenceProfileId}`). `message` and
 * `advice` may only use `{awsMessage}` and named groups that `match` always captures; `hint` is
 * appended to the advice only when every placeholder in it is known.
 */

import type { AwsService } from '../transport/endpoints';

export interface AwsErrorAdvice {
	/** The AWS error code(s) (`ThrottlingException`) or Node.js error code(s) (`ECONNREFUSED`). */
	code: string | readonly string[];
	/** Applies only when the AWS message matches. Absent: any message with this code. */
	match?: RegExp;
	/**
	 * Applies only to errors from this service. Absent: any service. When the service of an
	 * error is unknown, a scoped entry still applies if it has a `match`.
	 */
	service?: AwsService;
	/**
	 * Applies only to errors of this operation (`AssumeRole`, `CreateSession`). Absent, or the
	 * operation of an error unknown: any operation.
	 */
	operation?: string;
	/** Short statement of what went wrong; becomes the n8n error message. */
	message: string;
	/** What to change, in the words of the AWS console. */
	advice: string;
	/** A sentence appended to the advice when all its placeholders are known. */
	hint?: string;
}

/** Geography prefixes of cross-region inference profiles, by the region the request is sent to. */
export const INFERENCE_PROFILE_GEOGRAPHIES: ReadonlyArray<{
	region: RegExp;
	prefixes: readonly string[];
}> = [
	{ region: /^us-gov-/, prefixes: ['us-gov'] },
	{ region: /^us-/, prefixes: ['us'] },
	{ region: /^eu-/, prefixes: ['eu'] },
	{ region: /^ap-northeast-1$/, prefixes: ['apac', 'jp'] },
	{ region: /^ap-southeast-2$/, prefixes: ['apac', 'au'] },
	{ region: /^ap-/, prefixes: ['apac'] },
];

/** Model IDs starting with one of these (plus a dot) already name an inference profile. */
export const INFERENCE_PROFILE_PREFIXES: readonly string[] = [
	'us',
	'us-gov',
	'eu',
	'apac',
	'jp',
	'au',
	'ca',
	'global',
];

const CLOCK_ADVICE =
	'Sync the n8n host clock with NTP (for example chrony or systemd-timesyncd): AWS refuses requests signed more than 5 minutes away from its own time.';

const THROTTLE_ADVICE =
	'Raise Throttling Budget in the node options so throttled items wait longer for the quota, lower Max Concurrent Requests, or request a quota increase in Service Quotas > AWS services > Amazon Bedrock (requests and tokens per minute for this model). A cross-region inference profile also spreads the load.';

const TRANSIENT_ADVICE =
	'This is usually temporary: run again later, or turn on Retry On Fail in the node settings.';

const ACCESS_KEY_ADVICE =
	'Check Access Key ID: in IAM > Users > (the user) > Security credentials, the access key must exist and be Active. Temporary keys (starting with ASIA) also need their Session Token.';

/** Read in order; the first entry whose code, service and message match wins. */
export const AWS_ERROR_ADVICE: readonly AwsErrorAdvice[] = [
	// ── Time ─────────────────────────────────────────────────────────────────────────────────
	{
		code: [
			'SignatureDoesNotMatch',
			'InvalidSignatureException',
			'AccessDeniedException',
			'AuthFailure',
			'RequestExpired',
			'RequestTimeTooSkewed',
			'RequestInTheFuture',
		],
		match:
			/signature expired|signature not yet current|too skewed|request (?:has )?expired|in the future/i,
		message: 'AWS refused the request because of its time: the n8n host clock is off',
		advice: CLOCK_ADVICE,
	},
	{
		code: ['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture'],
		message: 'AWS refused the request because of its time: the n8n host clock is off',
		advice: CLOCK_ADVICE,
	},

	// ── Explicit deny, any service ───────────────────────────────────────────────────────────
	{
		code: ['AccessDenied', 'AccessDeniedException'],
		match:
			/not authorized to perform: (?<action>[\w-]+:[\w*-]+)(?![\w*-]).{0,2000}?with an explicit deny in an? (?<policyType>(?:service control|resource control|identity-based|resource-based|session|VPC endpoint) policy|permissions boundary|[\w-]+ policy)/i,
		message: 'An explicit deny in the {policyType} blocks {action}',
		advice:
			'An explicit Deny overrides every Allow. Ask your AWS administrator to change the {policyType} (service control policies live in AWS Organizations; permissions boundaries and session policies in IAM).',
	},

	// ── STS AssumeRole ───────────────────────────────────────────────────────────────────────
	{
		code: 'AccessDenied',
		service: 'sts',
		operation: 'AssumeRole',
		match: /may not be assumed by root/i,
		message: 'Roles cannot be assumed with the root user’s access keys',
		advice:
			'Create an IAM user (IAM > Users > Create user) with an access key and use its keys as the source credentials.',
	},
	{
		code: 'AccessDenied',
		service: 'sts',
		operation: 'AssumeRole',
		match: /not authorized to perform: sts:AssumeRole\b/i,
		message: 'STS refused to let the source identity assume the role',
		advice:
			'In IAM > Roles > (the role) > Trust relationships, the trust policy must name the source identity as Principal with the action sts:AssumeRole, and its sts:ExternalId condition must equal External ID in this credential (a different or missing External ID gives this same error). The source identity’s own permissions policy must also allow sts:AssumeRole on the role ARN.',
	},
	{
		code: 'AccessDenied',
		service: 'sts',
		operation: 'AssumeRole',
		match: /not authorized to perform: (?<action>sts:(?:TagSession|SetSourceIdentity))/i,
		message: 'The role’s trust policy does not allow {action}',
		advice:
			'In IAM > Roles > (the role) > Trust relationships, add {action} to the actions of the statement that trusts the source identity, or remove the session tags / source identity from this credential.',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /DurationSeconds exceeds the MaxSessionDuration/i,
		message: 'Session Duration is longer than the role’s maximum session duration',
		advice:
			'Lower Session Duration in this credential, or raise Maximum session duration in IAM > Roles > (the role) > Summary > Edit (up to 12 hours).',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /role chaining/i,
		message: 'Session Duration is over 1 hour, the limit when the source is itself a role session',
		advice:
			'Set Session Duration to 3600 seconds or less, or use an IAM user’s long-term access keys as the source credentials.',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /roleSessionName/i,
		message: 'Role Session Name is not valid',
		advice: 'Use 2 to 64 characters: letters, digits and + = , . @ - _ (no spaces).',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /externalId/i,
		message: 'External ID is not valid',
		advice:
			'Use 2 to 1224 characters: letters, digits and + = , . @ : / - _ (no spaces), exactly as in the role’s sts:ExternalId condition.',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /durationSeconds/i,
		message: 'Session Duration is out of range',
		advice:
			'Use 900 to 43200 seconds, and no more than the role’s Maximum session duration (IAM > Roles > (the role) > Summary).',
	},
	{
		code: 'ValidationError',
		service: 'sts',
		operation: 'AssumeRole',
		match: /roleArn|ARN is invalid|invalid ARN/i,
		message: 'Role ARN is not valid',
		advice:
			'Copy the ARN from IAM > Roles > (the role) > Summary; it has the form arn:aws:iam::123456789012:role/RoleName.',
	},
	{
		code: 'RegionDisabledException',
		message: 'STS is not activated in the Auth Region for this AWS account',
		advice:
			'Activate the region in IAM > Account settings > Security Token Service (STS) > Endpoints, or choose another Auth Region (for example us-east-1).',
	},
	{
		code: ['SignatureDoesNotMatch', 'InvalidSignatureException'],
		match: /scoped to (?:a )?(?:valid|correct) region/i,
		message: 'The request was signed for another region than the endpoint it was sent to',
		advice:
			'Make the region match the endpoint override (Auth Region for STS, Bedrock Region for Bedrock; sts.eu-west-1.amazonaws.com needs eu-west-1), or clear the endpoint override.',
	},
	{
		code: ['SignatureDoesNotMatch', 'InvalidSignatureException'],
		match: /scoped to (?:the )?correct service/i,
		message: 'The endpoint override points at another AWS service',
		advice:
			'Check the endpoint overrides in this credential: the STS override must be an STS endpoint, the Bedrock overrides Bedrock endpoints. Clear them to use the AWS defaults.',
	},
	{
		code: ['SignatureDoesNotMatch', 'InvalidSignatureException'],
		message: 'The request signature does not match: the Secret Access Key is wrong',
		advice:
			'Re-enter Secret Access Key exactly as shown when the access key was created (no spaces or line breaks); it must belong to Access Key ID. A proxy that rewrites requests causes this too: exclude AWS endpoints from it.',
	},
	// ── Amazon Bedrock API keys (bearer tokens) ──────────────────────────────────────────────
	{
		code: ['UnrecognizedClientException', 'ValidationException'],
		match: /API Key/i,
		message: 'Bedrock does not accept the API key',
		advice:
			'Check API Key: paste it whole, as generated. A long-term key stops working when it expires or is deleted or deactivated (IAM > Users > the key’s user > Security credentials > API keys for Amazon Bedrock); a short-term key when the session that made it ends. Generate a new key in the Bedrock console (API keys).',
	},
	{
		code: ['ExpiredToken', 'ExpiredTokenException'],
		match: /bearer token/i,
		message: 'The short-term API key has expired',
		advice:
			'Short-term API keys live at most 12 hours, and no longer than the session that generated them: generate a new one, or use a long-term key. If it should still be valid, sync the n8n host clock with NTP.',
	},
	{
		code: ['AccessDenied', 'AccessDeniedException'],
		match: /not authorized to perform: bedrock:CallWithBearerToken/i,
		message: 'The API key’s IAM identity may not use API keys (bedrock:CallWithBearerToken)',
		advice:
			'Allow bedrock:CallWithBearerToken in the identity-based policy of the IAM user a long-term key belongs to, or of the identity that generated a short-term key; check that no service control policy denies it.',
	},
	{
		code: ['InvalidClientTokenId', 'UnrecognizedClientException'],
		message: 'AWS does not recognise the access key or session token',
		advice: ACCESS_KEY_ADVICE,
	},
	{
		code: [
			'MissingAuthenticationToken',
			'MissingAuthenticationTokenException',
			'IncompleteSignature',
			'IncompleteSignatureException',
		],
		message: 'The request reached AWS without a complete signature',
		advice:
			'Check the endpoint override (its path must be empty, and a proxy must not strip the Authorization header), and that the credential has an Access Key ID and Secret Access Key.',
	},
	{
		code: ['ExpiredToken', 'ExpiredTokenException'],
		service: 'sts',
		message: 'The source credentials’ session token has expired',
		advice:
			'Temporary source credentials expire: paste a fresh Access Key ID, Secret Access Key and Session Token, or use an IAM user’s long-term access keys. If they are fresh, check that the n8n host clock is in sync (NTP).',
	},
	{
		code: ['ExpiredToken', 'ExpiredTokenException'],
		message: 'The AWS session has expired',
		advice:
			'n8n fetches new credentials before they expire, so run again. If this keeps happening, sync the n8n host clock with NTP and use a Session Duration of at least 15 minutes.',
	},

	// ── IAM Roles Anywhere CreateSession ─────────────────────────────────────────────────────
	{
		code: ['AccessDeniedException', 'ValidationException'],
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match:
			/(?:profile|trust anchor)\b[^.]{0,200}\bdisabled|disabled\b[^.]{0,200}\b(?:profile|trust anchor)/i,
		message: 'The IAM Roles Anywhere profile or trust anchor is disabled',
		advice:
			'Enable it in IAM Roles Anywhere > Profiles or Trust anchors > (the resource) > Actions > Enable.',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /revoked/i,
		message: 'The certificate has been revoked',
		advice:
			'A certificate revocation list imported into the trust anchor lists this certificate: issue a new certificate and paste it with its private key.',
	},
	{
		code: ['AccessDeniedException', 'ValidationException'],
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /certificate\b[^.]{0,200}\b(?:expired|not yet valid)|expired\b[^.]{0,200}\bcertificate/i,
		message: 'The certificate has expired or is not valid yet',
		advice:
			'Renew the certificate and paste the new one with its private key; check its validity dates and the n8n host clock.',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /untrusted|certificate chain|chain of trust|trust chain|issuer|trust anchor/i,
		message: 'The certificate does not chain to the trust anchor',
		advice:
			'In IAM Roles Anywhere > Trust anchors, the trust anchor must hold the CA that issued the certificate (or the root above it). If an intermediate CA signed the certificate, paste that intermediate in Certificate Chain (PEM).',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /invalid signature|signature\b[^.]{0,200}\b(?:invalid|does not match)/i,
		message: 'IAM Roles Anywhere could not verify the request signature',
		advice:
			'Make sure Private Key is the key of Certificate (the same key pair) and is RSA or EC (P-256 or P-384). If they match, sync the n8n host clock with NTP.',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /roleSessionName|role session name/i,
		message: 'The profile does not accept a custom role session name',
		advice:
			'Turn on Accept custom role session name in IAM Roles Anywhere > Profiles > (the profile) > Edit, or clear Role Session Name in this credential.',
	},
	{
		code: 'ValidationException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /roleSessionName|role session name/i,
		message: 'Role Session Name is not valid',
		advice:
			'Use 2 to 64 characters: letters, digits and + = , . @ - _ (no spaces), or clear it to let IAM Roles Anywhere use the certificate serial number.',
	},
	{
		code: 'ValidationException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /at 'durationSeconds'/i,
		message: 'Session Duration is out of range',
		advice:
			'Use 900 to 43200 seconds, and no more than the IAM Roles Anywhere profile’s session duration.',
	},
	{
		code: ['AccessDeniedException', 'ValidationException'],
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /duration/i,
		message: 'Session Duration is longer than the IAM Roles Anywhere profile allows',
		advice:
			'Lower Session Duration, or raise Session duration in IAM Roles Anywhere > Profiles > (the profile) > Edit. It may not exceed the role’s Maximum session duration either.',
	},
	{
		code: ['AccessDeniedException', 'ValidationException'],
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match:
			/role\b[^.]{0,200}\b(?:not|isn[’']t)\b[^.]{0,200}\bprofile|profile\b[^.]{0,200}\b(?:not|doesn[’']t)\b[^.]{0,200}\b(?:contain|include|have|associated)[^.]{0,200}\brole/i,
		message: 'The role is not one of the profile’s roles',
		advice:
			'Add the role in IAM Roles Anywhere > Profiles > (the profile) > Edit > Roles, or set Role ARN to a role the profile lists.',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		match: /unable to assume|not authorized to perform: sts:|trust polic/i,
		message: 'IAM Roles Anywhere could not assume the role',
		advice:
			'The role must be one of the profile’s roles (IAM Roles Anywhere > Profiles > (the profile) > Roles), and in IAM > Roles > (the role) > Trust relationships it must allow the principal Service rolesanywhere.amazonaws.com with the actions sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity; check any conditions (aws:SourceArn = the trust anchor ARN, aws:PrincipalTag/x509Subject/CN…).',
	},
	{
		code: 'ResourceNotFoundException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		message: 'The trust anchor, profile or role was not found',
		advice:
			'Check Trust Anchor ARN, Profile ARN and Role ARN, and that Auth Region is the region in the trust anchor and profile ARNs.',
	},
	{
		code: 'AccessDeniedException',
		service: 'rolesanywhere',
		operation: 'CreateSession',
		message: 'IAM Roles Anywhere refused to create a session',
		advice:
			'Check in IAM Roles Anywhere that the trust anchor holds the issuing CA, the profile and trust anchor are enabled, the role is in the profile, and the role’s trust policy allows rolesanywhere.amazonaws.com (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity).',
	},

	// ── Amazon Bedrock ───────────────────────────────────────────────────────────────────────
	{
		code: 'ValidationException',
		match:
			/(?:model ID (?<awsModelId>\S+) with )?on-demand throughput isn.?t supported|on-demand throughput is not supported/i,
		message: 'This model cannot be invoked by its model ID: it needs an inference profile',
		advice:
			'Use an inference profile ID instead of the model ID: the model ID with a geography prefix such as us., eu. or apac. (or global.), as listed in Amazon Bedrock > Cross-region inference.',
		hint: 'For {region}, use {inferenceProfileId}.',
	},
	{
		code: 'AccessDeniedException',
		match: /aws-marketplace/i,
		message: 'The identity may not subscribe to this model in AWS Marketplace',
		advice:
			'Allow aws-marketplace:ViewSubscriptions and aws-marketplace:Subscribe in the identity’s IAM policy for the first use of the model, or have an administrator enable the model once in Amazon Bedrock > Model access.',
		hint: 'Region: {region}.',
	},
	{
		code: 'AccessDeniedException',
		match: /(?:do not|don.?t) have access to the model|model access|access to the model/i,
		message: 'Access to this model has not been granted in this region',
		advice:
			'In the Amazon Bedrock console, in the Bedrock Region of this credential, open Model access and request access to the model (some providers ask for a use case first).',
		hint: 'Region: {region}.',
	},
	{
		code: ['AccessDeniedException', 'AccessDenied'],
		match: /not authorized to perform: (?<action>[\w-]+:[\w*-]+)/i,
		message: 'The IAM identity is not allowed to call {action}',
		advice:
			'Add {action} to the permissions policy of the identity n8n uses (IAM > Roles or Users > (the identity) > Permissions > Add permissions), for the resource named in the AWS message.',
	},
	// ── Knowledge bases (Agents for Amazon Bedrock Runtime) ─────────────────────────────────
	{
		code: 'ResourceNotFoundException',
		match: /knowledge ?base/i,
		message: 'The knowledge base was not found in this Bedrock Region',
		advice:
			'Pick the knowledge base from the list (it shows those of the credential’s Bedrock Region), or copy its ID from Amazon Bedrock > Knowledge Bases in the region it was created in, and make the credential’s Bedrock Region that region.',
		hint: 'Region: {region}.',
	},
	{
		code: 'ValidationException',
		service: 'bedrock-agent-runtime',
		match: /\bfilter\b/i,
		message: 'AWS refused the metadata filter: {awsMessage}',
		advice:
			'Check the metadata filter (Metadata Filter option; for agents, the filter in Knowledge Base Configurations): one operator per object such as {"equals": {"key": "category", "value": "shipping"}}, "andAll" / "orAll" with 2 to 5 filters, numbers for greaterThan and lessThan, a list for "in". The keys must be metadata attributes of the data source’s documents.',
	},
	{
		code: 'ValidationException',
		service: 'bedrock-agent-runtime',
		operation: 'RetrieveAndGenerate',
		match: /\bsession\b/i,
		message: 'The session ID is not valid for this knowledge base',
		advice:
			'Pass the sessionId of an earlier Retrieve and Generate answer (sessions end after 24 hours without use), or leave Session ID empty to start a new conversation.',
	},
	{
		code: 'ValidationException',
		service: 'bedrock-agent-runtime',
		operation: 'RetrieveAndGenerate',
		match: /\$search_results\$|prompt template/i,
		message: 'The prompt template is not valid: {awsMessage}',
		advice:
			'Put $search_results$ in Prompt Template where the retrieved chunks go (and $output_format_instructions$ to keep the citations), or clear the option to use the default prompt.',
	},
	{
		code: 'ValidationException',
		service: 'bedrock-agent-runtime',
		match: /rerank/i,
		message: 'The reranking model cannot be used here: {awsMessage}',
		advice:
			'Set Reranking Model to None, or use a Bedrock Region that offers reranking for knowledge bases (Amazon Bedrock > Model access lists the reranking models of the region; their access must be granted too).',
	},
	{
		code: ['ThrottlingException', 'TooManyRequestsException', 'ServiceQuotaExceededException'],
		service: 'bedrock-agent-runtime',
		message: 'AWS is throttling the requests: a quota was reached',
		advice:
			'Lower Max Concurrent Requests in the node options, or request a quota increase in Service Quotas > AWS services > Amazon Bedrock: Retrieve and RetrieveAndGenerate requests per second for knowledge bases, InvokeAgent requests per minute for agents, and the tokens per minute of the model that writes the answer.',
	},
	{
		code: 'ValidationException',
		match:
			/doesn.?t support the model|does not support the model|model\b[^.]{0,200}\bnot supported for this (?:operation|action|API)/i,
		message: 'This operation does not support the chosen model',
		advice:
			'Choose a text or chat model that supports this operation (Amazon Bedrock > Model catalog shows what each model supports).',
	},
	// ── Guardrails (ApplyGuardrail on Bedrock Runtime) ──────────────────────────────────────
	{
		code: 'ResourceNotFoundException',
		service: 'bedrock-runtime',
		operation: 'ApplyGuardrail',
		match: /guardrail/i,
		message: 'The guardrail or its version was not found in this Bedrock Region',
		advice:
			'Pick the guardrail and version from the lists (they show the guardrails of the credential’s Bedrock Region), or check in Amazon Bedrock > Guardrails of the region it was created in that the version exists, and make the credential’s Bedrock Region that region.',
		hint: 'Guardrail {guardrailId}, version {guardrailVersion}, region {region}.',
	},
	{
		code: ['ResourceNotFoundException', 'ValidationException'],
		match: /end of (?:its )?life|\blegacy\b/i,
		message: 'This model version has been retired',
		advice:
			'Choose a newer version of the model: Amazon Bedrock > Model catalog lists the active ones.',
	},
	{
		code: ['ValidationException', 'ResourceNotFoundException'],
		match:
			/model identifier is invalid|could not resolve the foundation model|model\b[^.]{0,200}\b(?:not found|does not exist)|unknown model|invalid model/i,
		message: 'The model ID is not valid in this Bedrock Region',
		advice:
			'Pick the model from the list (it shows the models and inference profiles of the Bedrock Region), or check the model ID and the Bedrock Region: not every model is offered in every region.',
		hint: 'Model: {modelId}, region: {region}.',
	},
	{
		code: 'ResourceNotFoundException',
		message: 'The requested resource was not found',
		advice:
			'Check the ID (model, inference profile, agent, alias, knowledge base) and that the Bedrock Region is the region it was created in.',
	},
	{
		code: ['Throttling', 'ThrottlingException'],
		service: 'sts',
		operation: 'AssumeRole',
		message: 'AWS STS is throttling AssumeRole',
		advice:
			'Run again in a moment, or turn on Retry On Fail in the node settings. Each credential calls STS only when its session is about to expire; many credentials, or other software of the account calling STS, share the quota (Service Quotas > AWS services > AWS Security Token Service).',
	},
	{
		code: ['ThrottlingException', 'TooManyRequestsException'],
		service: 'rolesanywhere',
		operation: 'CreateSession',
		message: 'IAM Roles Anywhere is throttling CreateSession',
		advice:
			'Run again in a moment, or turn on Retry On Fail in the node settings. Each credential calls CreateSession only when its session is about to expire; many credentials, or other software of the account, share the quota (Service Quotas > AWS services > IAM Roles Anywhere).',
	},
	{
		code: [
			'ThrottlingException',
			'Throttling',
			'TooManyRequestsException',
			'ServiceQuotaExceededException',
			'RequestLimitExceeded',
		],
		message: 'AWS is throttling the requests: a quota was reached',
		advice: THROTTLE_ADVICE,
	},
	{
		code: 'ModelTimeoutException',
		message: 'The model took too long to answer',
		advice:
			'Use a streaming operation, send a shorter prompt or lower Max Tokens; if the connection timed out first, raise Read Timeout.',
	},
	{
		code: 'ModelNotReadyException',
		message: 'The model is not ready to answer yet',
		advice:
			'Retry in a moment, or turn on Retry On Fail in the node settings; a model that is rarely used can need a short warm-up.',
	},
	{
		code: ['ModelErrorException', 'ModelStreamErrorException'],
		message: 'The model failed to process the request: {awsMessage}',
		advice: 'Check that the request matches the model’s input format and limits, then run again.',
	},
	{
		code: 'DependencyFailedException',
		message: 'A resource the agent depends on failed: {awsMessage}',
		advice:
			'Check the agent’s action group Lambda functions and knowledge bases, and the permissions of the agent’s service role.',
	},
	{
		code: [
			'ServiceUnavailableException',
			'ServiceUnavailable',
			'InternalServerException',
			'InternalFailure',
			'InternalError',
			'BadGatewayException',
		],
		message: 'AWS could not process the request right now',
		advice: TRANSIENT_ADVICE,
	},

	{
		code: 'InvalidResponse',
		message: 'AWS answered with something that could not be read',
		advice:
			'Run again; if it persists, a proxy or firewall between n8n and AWS may be changing or cutting the answers: check the proxy settings and the endpoint override.',
	},
	{
		code: 'ResponseTooLarge',
		message: 'The answer from AWS is larger than this node accepts',
		advice:
			'Ask for a shorter answer (lower Max Tokens, fewer or smaller images), and check the endpoint override and proxy settings: a Bedrock answer is never this large.',
	},

	// ── Generic, any service ─────────────────────────────────────────────────────────────────
	{
		code: ['ValidationException', 'ValidationError'],
		message: '{awsMessage}',
		advice: 'AWS names the parameter it rejected: change that field and run again.',
	},
	{
		code: ['AccessDeniedException', 'AccessDenied'],
		message: 'AWS denied access: {awsMessage}',
		advice:
			'Check the permissions policy of the identity n8n uses (IAM > Roles or Users > Permissions) and any service control policy or permissions boundary.',
	},

	// ── Network: no answer from AWS ─────────────────────────────────────────────────────────
	{
		code: 'ECONNREFUSED',
		message: 'The connection to AWS was refused',
		advice:
			'Check the endpoint override (host and port) and the proxy settings; for a VPC endpoint, allow HTTPS (443) in its security group. Clear the endpoint override to use the public AWS endpoint.',
	},
	{
		code: 'EndpointRefused',
		message: '{awsMessage}',
		advice:
			'Nothing was sent. Use the public AWS endpoint (clear the endpoint override) or an AWS VPC endpoint name; what n8n may reach is decided by its admin (N8N_SSRF_* variables).',
	},
	{
		code: ['ENOTFOUND', 'EAI_AGAIN'],
		message: 'The AWS endpoint’s host name could not be resolved',
		advice:
			'Check the spelling of the endpoint override and the region, the DNS of the n8n host and the proxy settings; a VPC endpoint needs Private DNS enabled or its own DNS name in the endpoint override.',
	},
	{
		code: ['TimeoutError', 'ETIMEDOUT'],
		match: /establish a connection|connect ETIMEDOUT|connection timed out/i,
		message: 'The connection to AWS timed out',
		advice:
			'Raise Connection Timeout, and check the endpoint override, the proxy settings and firewalls; for a VPC endpoint, allow HTTPS (443) in its security group.',
	},
	{
		code: ['TimeoutError', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'],
		message: 'AWS did not answer in time',
		advice:
			'Raise Read Timeout (long model answers need more), use a streaming operation or shorter prompts, and check the proxy settings.',
	},
	{
		code: ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'NetworkingError'],
		message: 'The connection to AWS was closed unexpectedly',
		advice:
			'Run again; if it persists, check the proxy settings, firewalls and the endpoint override, and raise Read Timeout for long answers.',
	},
	{
		code: ['EHOSTUNREACH', 'ENETUNREACH'],
		message: 'The AWS endpoint cannot be reached from the n8n host',
		advice:
			'Check the network route of the n8n host, the proxy settings and the endpoint override (a VPC endpoint is reachable only inside its VPC).',
	},
	{
		code: [
			'SELF_SIGNED_CERT_IN_CHAIN',
			'DEPTH_ZERO_SELF_SIGNED_CERT',
			'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
			'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
			'CERT_HAS_EXPIRED',
			'ERR_TLS_CERT_ALTNAME_INVALID',
		],
		message: 'The TLS certificate of the AWS endpoint could not be verified',
		advice:
			'A proxy that inspects TLS needs its CA trusted by n8n (NODE_EXTRA_CA_CERTS on the n8n host); an endpoint override must use a host name its certificate covers.',
	},
];
