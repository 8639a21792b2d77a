/**
 * IAM Roles Anywhere credential provider: CreateSession signed with an X.509 certificate.
 *
 * API: https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 *
 * The provider only reports `expiration`; caching and refresh belong to the resolver.
 */
import type { HttpResponse } from '@smithy/types';
import { HttpRequest } from '@smithy/core/protocols';
import { streamCollector } from '@smithy/node-http-handler';

import { endpointUrl } from '../transport/endpoints';
import { CREATE_SESSION } from '../transport/origin';
import { AuthError, CredentialValidationError } from './errors';
import {
	correctedOffset,
	isClockSkewError,
	isSuccess,
	parseCredentials,
	parseError,
	toAuthError,
	type Answer,
} from './rolesAnywhereAnswer';
import { signRequest } from './rolesAnywhereSigning';
import {
	shown,
	validateDurationSeconds,
	validateEndpointUrl,
	validateSessionName,
} from './validate';
import type { CertificateMaterial } from './x509';

/** Options of {@link fromRolesAnywhere}. */
export interface RolesAnywhereInit {
	/** CreateSession region (the credential's auth region); also the signing region. */
	region: string;
	/**
	 * Endpoint override (VPC endpoint, emulator), e.g. `https://vpce-….rolesanywhere.us-east-1.vpce.amazonaws.com`.
	 * A path is kept and `sessions` appended to it. When absent:
	 * `https://rolesanywhere.<region>.amazonaws.com` (`.amazonaws.com.cn` for `cn-*` regions,
	 * `rolesanywhere-fips.<region>…` when {@link RolesAnywhereInit.useFips} is set).
	 */
	endpoint?: string;
	/** Use the FIPS endpoint when no `endpoint` is given. Default false. */
	useFips?: boolean;
	/** ARN of the trust anchor that holds the CA of the certificate. */
	trustAnchorArn: string;
	/** ARN of the Roles Anywhere profile. */
	profileArn: string;
	/** ARN of the role to assume; the profile must list it. */
	roleArn: string;
	/**
	 * Role session name, 2–64 of `[\w+=,.@-]`. When absent the service names the session after
	 * the certificate serial number.
	 */
	roleSessionName?: string;
	/** Session duration in seconds, 900–43200. The profile's own limit may be lower. */
	durationSeconds: number;
	/** The certificate, chain and key, as `loadCertificateMaterial` returns them. */
	material: CertificateMaterial;
	/**
	 * Sends the signed request; the lead passes a NodeHttpHandler with timeouts and proxy.
	 * @param request - the signed CreateSession request
	 * @param options - abort signal, when the caller has one
	 */
	requestHandler: {
		handle(
			request: HttpRequest,
			options?: { abortSignal?: AbortSignal },
		): Promise<{ response: HttpResponse }>;
	};
	/** Clock, for tests. Default: `new Date()`. */
	now?: () => Date;
}

/** Credentials from CreateSession, with the identity that the Test button shows. */
export interface RolesAnywhereIdentity {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	/** When the session ends, on the local clock (corrected by any known clock offset). */
	expiration: Date;
	/** Account of the assumed role, from its ARN. */
	accountId?: string;
	/** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, from `assumedRoleUser.arn`. */
	assumedRoleArn?: string;
	/** The same ARN under the name `ResolvedIdentity` (identity.ts) and the Test button use. */
	principalArn?: string;
}

/** A provider for the AWS SDK (`AwsCredentialIdentityProvider`-compatible). */
export type RolesAnywhereProvider = () => Promise<RolesAnywhereIdentity>;

/** Display names of the fields this module checks. */
export const ROLES_ANYWHERE_FIELDS = {
	duration: 'Session Duration',
	roleSessionName: 'Role Session Name',
	trustAnchorArn: 'Trust Anchor ARN',
	profileArn: 'Profile ARN',
	roleArn: 'Role ARN',
	endpoint: 'Roles Anywhere Endpoint',
} as const;

/**
 * Creates a provider that calls IAM Roles Anywhere CreateSession with the certificate material
 * and returns the session credentials. Each call makes a new session: wrap it in the resolver.
 *
 * A request refused for its time (clock skew) is retried once with the clock corrected by the
 * server's `Date`; the offset is kept for later calls of the same provider.
 *
 * @example
 * ```ts
 * const material = await loadCertificateMaterial({ certificatePem, privateKeyPem }, new Date());
 * const provider = fromRolesAnywhere({ region: 'eu-west-1', trustAnchorArn, profileArn, roleArn,
 *   durationSeconds: 3600, material, requestHandler: new NodeHttpHandler() });
 * const { accessKeyId, expiration, assumedRoleArn } = await provider();
 * ```
 * @throws CredentialValidationError at once, for an out-of-range duration or a bad session name
 * @public
 */
export const fromRolesAnywhere = (init: RolesAnywhereInit): RolesAnywhereProvider => {
	// The body holds what was checked, in the types checked, never the caller's raw values.
	const body = JSON.stringify(validatedSession(init));
	const endpoint = resolveEndpoint(init);
	const clock = init.now ?? (() => new Date());
	let clockOffsetMs = 0;

	const attempt = (): Promise<Answer> => {
		const date = new Date(clock().getTime() + clockOffsetMs);
		checkStillValid(init.material, date);
		return send(init, endpoint, body, date);
	};

	return async () => {
		let answer = await attempt();
		if (!isSuccess(answer)) {
			const error = parseError(answer);
			const offset = correctedOffset(answer, clock().getTime(), clockOffsetMs);
			if (offset !== undefined && isClockSkewError(error)) {
				clockOffsetMs = offset;
				answer = await attempt();
			}
		}
		if (!isSuccess(answer)) throw toAuthError(answer, parseError(answer));
		return parseCredentials(answer, clockOffsetMs);
	};
};

/**
 * The material was checked when it was loaded, but the provider lives as long as n8n runs: a
 * certificate that has expired since is refused here, before AWS refuses the signature.
 */
function checkStillValid(material: CertificateMaterial, date: Date): void {
	const validTo = new Date(material.leaf.validTo);
	if (date.getTime() > validTo.getTime()) {
		throw new CredentialValidationError(
			material.leafField ?? 'Certificate',
			`certificate expired on ${validTo.toISOString().replace('.000Z', 'Z')} (serial ${material.serialDecimal}): issue a new certificate and paste it here`,
			'CertificateExpired',
		);
	}
}

/** The CreateSession body's fields, as JSON sends them. */
interface SessionRequest {
	durationSeconds: number;
	profileArn: string;
	roleArn: string;
	trustAnchorArn: string;
	roleSessionName?: string;
}

/**
 * Checks the session fields and returns them normalised (a duration as a number, ARNs trimmed):
 * callers outside TypeScript may pass text where a number belongs, and the body must carry what
 * passed the checks.
 */
function validatedSession(init: RolesAnywhereInit): SessionRequest {
	const F = ROLES_ANYWHERE_FIELDS;
	const arn = (field: string, value: unknown): string => {
		const trimmed = typeof value === 'string' ? value.trim() : '';
		if (!trimmed) {
			throw new CredentialValidationError(field, 'is empty: enter the ARN', 'InvalidArn');
		}
		return trimmed;
	};
	const session: SessionRequest = {
		durationSeconds: validateDurationSeconds(F.duration, init.durationSeconds),
		profileArn: arn(F.profileArn, init.profileArn),
		roleArn: arn(F.roleArn, init.roleArn),
		trustAnchorArn: arn(F.trustAnchorArn, init.trustAnchorArn),
	};
	if (init.roleSessionName !== undefined && init.roleSessionName !== '') {
		session.roleSessionName = validateSessionName(F.roleSessionName, shown(init.roleSessionName));
	}
	return session;
}

/** The CreateSession URL: the override, or the regional (FIPS, China) endpoint. */
export function resolveEndpoint(
	init: Pick<RolesAnywhereInit, 'region' | 'endpoint' | 'useFips'>,
): URL {
	if (init.endpoint) {
		let url: URL | undefined;
		try {
			url = new URL(init.endpoint);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
			throw new CredentialValidationError(
				ROLES_ANYWHERE_FIELDS.endpoint,
				'is not an http(s) URL: enter e.g. https://rolesanywhere.us-east-1.amazonaws.com',
				'InvalidEndpoint',
			);
		}
		validateEndpointUrl(ROLES_ANYWHERE_FIELDS.endpoint, url);
		return new URL(url.pathname.endsWith('/') ? 'sessions' : `${url.pathname}/sessions`, url);
	}
	const base = endpointUrl(
		{ endpoints: {}, useFips: init.useFips === true },
		'rolesanywhere',
		init.region,
	);
	return new URL(`${base}/sessions`);
}

async function send(
	init: RolesAnywhereInit,
	endpoint: URL,
	body: string,
	date: Date,
): Promise<Answer> {
	const signed = signRequest(
		{
			method: 'POST',
			host: endpoint.host,
			path: endpoint.pathname,
			contentType: 'application/json',
			body,
		},
		init.material,
		init.region,
		date,
	);
	const request = new HttpRequest({
		method: 'POST',
		protocol: endpoint.protocol,
		hostname: endpoint.hostname,
		port: endpoint.port ? Number(endpoint.port) : undefined,
		path: endpoint.pathname,
		headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) },
		body,
	});
	let response: HttpResponse;
	let text: string;
	try {
		({ response } = await init.requestHandler.handle(request));
		text = await readBody(response.body);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const failure = new AuthError(
			'authentication',
			`Could not reach IAM Roles Anywhere at ${endpoint.host}: ${reason}`,
			{ ...CREATE_SESSION, code: networkCode(error) },
		);
		Object.defineProperty(failure, 'cause', { value: error, enumerable: false });
		throw failure;
	}
	return {
		status: response.statusCode,
		headers: lowercaseHeaders(response.headers),
		body: text,
	};
}

function networkCode(error: unknown): string {
	const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
	if (typeof code === 'string' && code) return code;
	return typeof name === 'string' && name && name !== 'Error' ? name : 'NetworkingError';
}

function lowercaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
	return result;
}

async function readBody(body: unknown): Promise<string> {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	const bytes = await streamCollector(body as Parameters<typeof streamCollector>[0]);
	return Buffer.from(bytes).toString('utf8');
}
