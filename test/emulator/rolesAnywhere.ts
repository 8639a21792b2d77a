/**
 * IAM Roles Anywhere CreateSession (`POST /sessions`, REST-JSON): verifies the X.509 request
 * signature and certificate chain (see x509.ts), then hands out role credentials.
 * Reference: https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 */
import { createHash } from 'node:crypto';

import type { HandlerContext } from './context';
import { ApiError, jsonResult, type Reply } from './protocol';
import { clockSkewMessage, parseAmzDate } from './request';
import { arnAccount } from './state';
import {
	canonicalRequest,
	certificateFromBase64Der,
	certificatesFromPem,
	checkLeafKey,
	commonName,
	parseX509Authorization,
	serialToDecimal,
	stringToSign,
	verifyChain,
	verifyX509Signature,
} from './x509';

/** Message the service answers when the chain does not reach a trust anchor. */
export const UNTRUSTED_CERTIFICATE = 'Untrusted Signing Certificate';
export const INVALID_SIGNATURE = 'Invalid signature';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const denied = (message: string, reason?: string) =>
	new ApiError(403, 'AccessDeniedException', message, reason);
const invalid = (message: string, reason?: string) =>
	new ApiError(400, 'ValidationException', message, reason);
const notNull = (field: string) =>
	invalid(
		`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
	);

/** A stable subject ID for a certificate, shaped like a UUID. */
const subjectId = (fingerprint: string): string => {
	const h = createHash('sha256').update(fingerprint).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export function handleCreateSession(ctx: HandlerContext): Reply {
	const { req, state } = ctx;
	const now = state.now();

	// 1. The signature.
	const header = req.headers.authorization;
	if (!header) throw invalid('Missing Authorization header', 'no Authorization header');
	const auth = parseX509Authorization(header);
	if (typeof auth === 'string') throw invalid(`Malformed Authorization header: ${auth}`, auth);
	ctx.call.accessKeyId = auth.serial;

	const amzDate = req.headers['x-amz-date'];
	const signedAt = parseAmzDate(amzDate);
	if (!signedAt) throw invalid('Missing or malformed X-Amz-Date header');
	const skew = clockSkewMessage(signedAt, now, state.config.maxClockSkewSeconds);
	if (skew) throw denied(skew, 'X-Amz-Date too far from the server clock');
	if (auth.service !== 'rolesanywhere') {
		throw denied(INVALID_SIGNATURE, `credential scope service is '${auth.service}'`);
	}
	if (auth.terminator !== 'aws4_request' || auth.scopeDate !== amzDate!.slice(0, 8)) {
		throw denied(
			INVALID_SIGNATURE,
			'credential scope date or terminator does not match X-Amz-Date',
		);
	}

	const leafHeader = req.headers['x-amz-x509'];
	if (!leafHeader) throw invalid('Missing X-Amz-X509 header');
	const leaf = certificateFromBase64Der(leafHeader);
	if (!leaf) throw invalid('Invalid X-Amz-X509 header: not a base64 DER X.509 certificate');
	const chainHeader = req.headers['x-amz-x509-chain'];
	const intermediates = (chainHeader ?? '')
		.split(',')
		.filter((part) => part.trim().length > 0)
		.map((part) => certificateFromBase64Der(part));
	if (intermediates.some((c) => c === undefined)) {
		throw invalid('Invalid X-Amz-X509-Chain header: not comma-separated base64 DER certificates');
	}

	// host, or :authority over HTTP/2
	const hostName = auth.signedHeaders.includes(':authority') ? ':authority' : 'host';
	const mustSign = [
		hostName,
		'x-amz-date',
		'x-amz-x509',
		...(chainHeader ? ['x-amz-x509-chain'] : []),
	];
	const unsigned = mustSign.filter((name) => !auth.signedHeaders.includes(name));
	if (unsigned.length > 0) throw denied(INVALID_SIGNATURE, `not signed: ${unsigned.join(', ')}`);

	const leafSerial = serialToDecimal(leaf.serialNumber);
	if (auth.serial !== leafSerial) {
		throw denied(
			INVALID_SIGNATURE,
			`Credential serial ${auth.serial} is not the certificate serial ${leafSerial}`,
		);
	}
	const keyCheck = checkLeafKey(leaf, auth.algorithm);
	if (keyCheck !== true) {
		throw keyCheck.includes('does not fit')
			? denied(INVALID_SIGNATURE, keyCheck)
			: denied(UNTRUSTED_CERTIFICATE, keyCheck);
	}
	const canonical = canonicalRequest(req, auth.signedHeaders);
	if ('missing' in canonical) {
		throw denied(INVALID_SIGNATURE, `signed header '${canonical.missing}' is missing`);
	}
	const toSign = stringToSign(auth.algorithm, amzDate!, auth.credentialScope, canonical.text);
	if (!verifyX509Signature(leaf, auth.algorithm, toSign, auth.signature)) {
		throw denied(INVALID_SIGNATURE, 'signature does not verify with the certificate key');
	}

	// 2. The request.
	const body = ctx.body;
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new ApiError(400, 'SerializationException', 'Request body is not a JSON object');
	}
	const input = body as Record<string, unknown>;
	for (const field of ['profileArn', 'roleArn', 'trustAnchorArn']) {
		if (typeof input[field] !== 'string') throw notNull(field);
	}
	const profileArn = input.profileArn as string;
	const roleArn = input.roleArn as string;
	const trustAnchorArn = input.trustAnchorArn as string;

	// 3. The certificate chain.
	const anchor = state.config.trustAnchors.find((a) => a.arn === trustAnchorArn);
	if (!anchor) {
		throw new ApiError(404, 'ResourceNotFoundException', 'Trust anchor not found', trustAnchorArn);
	}
	const chain = verifyChain(
		leaf,
		intermediates as NonNullable<(typeof intermediates)[number]>[],
		anchor.certificatesPem.flatMap(certificatesFromPem),
		now,
	);
	if (!chain.ok) {
		const message =
			chain.problem === 'expired'
				? 'Certificate expired'
				: chain.problem === 'not-yet-valid'
					? 'Certificate not yet valid'
					: UNTRUSTED_CERTIFICATE;
		throw denied(message, chain.reason);
	}

	// 4. Profile, role, duration, session name.
	const profile = state.config.profiles.find((p) => p.arn === profileArn);
	if (!profile)
		throw new ApiError(404, 'ResourceNotFoundException', 'Profile not found', profileArn);
	const role = state.findRole(roleArn);
	if (!role || !profile.roleArns.includes(roleArn)) {
		throw denied(
			`Unable to assume role for ${roleArn}`,
			role ? 'the profile does not list the role' : 'no such role',
		);
	}
	const profileMax = profile.durationSeconds ?? 3600;
	let duration = profileMax;
	if (input.durationSeconds !== undefined) {
		const d = input.durationSeconds;
		if (typeof d !== 'number' || !Number.isInteger(d)) {
			throw invalid('durationSeconds must be an integer');
		}
		if (d < 900 || d > 43200) {
			throw invalid(
				`1 validation error detected: Value '${d}' at 'durationSeconds' failed to satisfy constraint: ` +
					`Member must have value ${d < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200'}`,
			);
		}
		if (d > profileMax) {
			throw invalid(
				`The requested DurationSeconds exceeds the duration of ${profileMax} seconds set for this profile.`,
			);
		}
		duration = d;
	}
	let sessionName = leaf.serialNumber.toLowerCase();
	if (input.roleSessionName !== undefined) {
		if (!profile.acceptRoleSessionName) {
			throw denied(
				'Not authorized to set roleSessionName.',
				'the profile does not accept roleSessionName',
			);
		}
		const name = input.roleSessionName;
		if (typeof name !== 'string' || !SESSION_NAME.test(name)) {
			throw invalid(
				`1 validation error detected: Value '${String(name)}' at 'roleSessionName' failed to satisfy ` +
					'constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}',
			);
		}
		sessionName = name;
	}

	// 5. The session.
	const anchorRegion = trustAnchorArn.split(':')[3];
	const subjectArn =
		`arn:aws:rolesanywhere:${anchorRegion}:${arnAccount(trustAnchorArn)}:subject/` +
		subjectId(leaf.fingerprint256);
	const cn = commonName(leaf);
	const session = state.issueSession({
		source: 'CreateSession',
		role,
		roleSessionName: sessionName,
		durationSeconds: duration,
		issuedTo: subjectArn,
		chained: false,
		notAfter: new Date(leaf.validTo),
		sourceIdentity: cn ? `CN=${cn}` : undefined,
	});
	ctx.call.principalArn = subjectArn;
	return jsonResult(
		{
			credentialSet: [
				{
					assumedRoleUser: { arn: session.assumedRoleArn, assumedRoleId: session.assumedRoleId },
					credentials: {
						accessKeyId: session.accessKeyId,
						secretAccessKey: session.secretAccessKey,
						sessionToken: session.sessionToken,
						expiration: session.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
					},
					packedPolicySize: 0,
					roleArn: role.arn,
					sourceIdentity: session.sourceIdentity,
				},
			],
			subjectArn,
		},
		201,
	);
}
