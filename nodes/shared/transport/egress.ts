/**
 * Where this package's HTTP stack may connect, checked on the address a connection is really
 * made to (a host name is checked on what it resolves to, when the socket is opened, so a name
 * that resolves to the metadata address is refused too).
 *
 * - Link-local addresses (169.254.0.0/16, fe80::/10), where cloud instance metadata answers, and
 *   the metadata addresses themselves (169.254.169.254, fd00:ec2::254), in any form, are always
 *   refused: no AWS endpoint is there, and the host's own credentials are.
 * - Plain `http://` connects only to loopback addresses.
 * - n8n's own SSRF protection, when its admin turned it on, with n8n's variables and semantics
 *   (`@n8n/config` SsrfProtectionConfig, `@n8n/backend-network` SsrfProtectionService in n8n 2.41):
 *   `N8N_SSRF_PROTECTION_ENABLED`, `N8N_SSRF_BLOCKED_IP_RANGES` (default: private, loopback,
 *   link-local and documentation ranges; `default` in the list stands for them),
 *   `N8N_SSRF_ALLOWED_IP_RANGES` (wins over blocked ranges), `N8N_SSRF_ALLOWED_HOSTNAMES` (skips
 *   the address check), `N8N_SSRF_BLOCKED_HOSTNAMES`; host name patterns are exact or `*.suffix`.
 */
import * as dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** n8n 2.41's `SSRF_DEFAULT_BLOCKED_IP_RANGES`. */
const N8N_DEFAULT_BLOCKED_RANGES = [
	'10.0.0.0/8',
	'172.16.0.0/12',
	'192.168.0.0/16',
	'127.0.0.0/8',
	'::1/128',
	'169.254.0.0/16',
	'fe80::/10',
	'fc00::/7',
	'fd00::/8',
	'0.0.0.0/8',
	'192.0.0.0/24',
	'192.0.2.0/24',
	'198.18.0.0/15',
	'198.51.100.0/24',
	'203.0.113.0/24',
];

const SSRF_ENV = {
	enabled: 'N8N_SSRF_PROTECTION_ENABLED',
	blockedIpRanges: 'N8N_SSRF_BLOCKED_IP_RANGES',
	allowedIpRanges: 'N8N_SSRF_ALLOWED_IP_RANGES',
	allowedHostnames: 'N8N_SSRF_ALLOWED_HOSTNAMES',
	blockedHostnames: 'N8N_SSRF_BLOCKED_HOSTNAMES',
} as const;

const METADATA = ['169.254.169.254', 'fd00:ec2::254'];
const LINK_LOCAL = ['169.254.0.0/16', 'fe80::/10'];
const LOOPBACK = ['127.0.0.0/8', '::1/128'];

const metadata = ranges(METADATA.map((address) => `${address}/${isIP(address) === 4 ? 32 : 128}`));
const linkLocal = ranges(LINK_LOCAL);
const loopback = ranges(LOOPBACK);

/** `[ip]` -> `ip`, and a trailing dot dropped: the form `net.isIP` and `BlockList` take. */
export function bareHost(hostname: string): string {
	const host =
		hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
	return host.endsWith('.') ? host.slice(0, -1) : host;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
	const version = isIP(address);
	return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/**
 * The IPv4 address inside an IPv6 one that carries it (IPv4-compatible `::a.b.c.d`, NAT64
 * `64:ff9b::/96`); `BlockList` already treats IPv4-mapped `::ffff:a.b.c.d` as IPv4.
 */
function embeddedIpv4(address: string): string | undefined {
	const lower = address.toLowerCase();
	for (const prefix of ['::', '64:ff9b::']) {
		if (!lower.startsWith(prefix)) continue;
		const rest = lower.slice(prefix.length);
		if (isIP(rest) === 4) return rest;
		const words = rest.split(':');
		if (words.length === 2 && words.every((word) => /^[0-9a-f]{1,4}$/.test(word))) {
			const [high, low] = words.map((word) => parseInt(word, 16));
			return [high >> 8, high & 255, low >> 8, low & 255].join('.');
		}
	}
	return undefined;
}

function inRanges(list: BlockList, address: string): boolean {
	const family = familyOf(address);
	if (!family) return false;
	if (list.check(address, family)) return true;
	const inner = family === 'ipv6' ? embeddedIpv4(address) : undefined;
	return inner !== undefined && list.check(inner, 'ipv4');
}

/** Why no request of this package may go to `address` whatever the settings; undefined if none. */
export function alwaysRefused(address: string): string | undefined {
	const bare = bareHost(address);
	if (inRanges(metadata, bare)) {
		return 'the instance metadata address, where the n8n host’s own credentials are: requests there are always refused';
	}
	if (inRanges(linkLocal, bare)) {
		return 'a link-local address (169.254.0.0/16, fe80::/10), where instance metadata answers: requests there are always refused';
	}
	return undefined;
}

/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, and their mapped forms). */
export function isLoopbackAddress(address: string): boolean {
	return inRanges(loopback, bareHost(address));
}

/** n8n's SSRF protection settings, as n8n reads them from its environment. */
interface SsrfSettings {
	blocked: BlockList;
	allowed: BlockList;
	allowedHostnames: HostnameMatcher;
	blockedHostnames: HostnameMatcher;
}

/** Exact names, and `*.suffix` for every name below the suffix (not the suffix itself). */
export class HostnameMatcher {
	private readonly exact = new Set<string>();
	private readonly suffixes: string[] = [];

	constructor(patterns: readonly string[]) {
		for (const pattern of patterns.map(normalisedName).filter(Boolean)) {
			if (pattern.startsWith('*.')) this.suffixes.push(pattern.slice(1));
			else this.exact.add(pattern);
		}
	}

	matches(hostname: string): boolean {
		const name = normalisedName(hostname);
		return (
			this.exact.has(name) ||
			this.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)
		);
	}
}

function normalisedName(hostname: string): string {
	const name = hostname.trim().toLowerCase();
	return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** n8n reads `NAME`, or the file `NAME_FILE` points to. */
function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
	if (name in env) return env[name];
	const file = env[`${name}_FILE`];
	if (!file) return undefined;
	try {
		return readFileSync(file, 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** Surrounding blanks and one pair of quotes removed, as n8n's config does. */
function unquoted(value: string): string {
	const trimmed = value.trim();
	const quote = trimmed[0];
	return (quote === '"' || quote === "'") && trimmed.length > 1 && trimmed.endsWith(quote)
		? trimmed.slice(1, -1)
		: trimmed;
}

function list(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

/** CIDR entries into a BlockList; entries that are not CIDR are skipped, as n8n skips them. */
function ranges(entries: readonly string[]): BlockList {
	const blockList = new BlockList();
	for (const entry of entries) {
		const [network, prefixText, extra] = entry.split('/');
		const family = familyOf(network);
		const prefix = Number(prefixText);
		const max = family === 'ipv4' ? 32 : 128;
		if (!family || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > max)
			continue;
		try {
			blockList.addSubnet(network, prefix, family);
		} catch {
			// as n8n: an entry it cannot add is skipped
		}
	}
	return blockList;
}

let cached: { key: string; settings: SsrfSettings | undefined } | undefined;

/** n8n's SSRF protection settings when it is on, else undefined. Read once per change. */
export function ssrfSettings(env: NodeJS.ProcessEnv = process.env): SsrfSettings | undefined {
	const raw = Object.values(SSRF_ENV).map((name) => readEnv(env, name));
	const key = JSON.stringify(raw);
	if (cached?.key === key) return cached.settings;
	const [enabled, blockedRanges, allowedRanges, allowedNames, blockedNames] = raw;
	const on = ['true', '1'].includes((enabled ?? '').trim().toLowerCase());
	const settings = on
		? {
				blocked: ranges(
					blockedRanges === undefined
						? N8N_DEFAULT_BLOCKED_RANGES
						: [
								...new Set(
									list(unquoted(blockedRanges)).flatMap((entry) =>
										entry.toLowerCase() === 'default' ? N8N_DEFAULT_BLOCKED_RANGES : [entry],
									),
								),
							],
				),
				allowed: ranges(list(allowedRanges)),
				allowedHostnames: new HostnameMatcher(list(allowedNames)),
				blockedHostnames: new HostnameMatcher(list(blockedNames)),
			}
		: undefined;
	cached = { key, settings };
	return settings;
}

/** A connection this package refuses to make; nothing was sent. */
export class EndpointRefusedError extends Error {
	readonly code = 'EndpointRefused';

	constructor(endpointName: string, detail: string) {
		super(`${endpointName}: ${detail}`);
		this.name = 'EndpointRefusedError';
	}
}

/** What one request handler enforces, for the endpoint it was made for. */
export interface EgressPolicy {
	/** How errors name the endpoint: the credential field when it is an override. */
	endpointName: string;
	/** `http:` targets may only resolve to loopback addresses. */
	plainHttp: boolean;
	/** n8n's SSRF protection settings, when on. */
	ssrf?: SsrfSettings;
}

/** Why a connection to `address` (a resolved one, or a literal) is refused; undefined if none. */
function addressRefusal(
	address: string,
	policy: EgressPolicy,
	allowedByName: boolean,
): string | undefined {
	const always = alwaysRefused(address);
	if (always) return always;
	if (policy.plainHttp && !isLoopbackAddress(address)) {
		return 'not a loopback address: plain http:// is accepted only on loopback';
	}
	const { ssrf } = policy;
	if (!ssrf || allowedByName || inRanges(ssrf.allowed, address)) return undefined;
	if (inRanges(ssrf.blocked, address)) {
		return `in a range n8n's SSRF protection blocks (${SSRF_ENV.blockedIpRanges}); an n8n admin can allow it with ${SSRF_ENV.allowedIpRanges} or ${SSRF_ENV.allowedHostnames}`;
	}
	return undefined;
}

/**
 * The check before a request is handed to a socket: a literal address (which no lookup sees), and
 * a host name on n8n's blocked list. Through a proxy, this is all that can be checked here: the
 * proxy resolves the name.
 */
export function hostRefusal(
	hostname: string,
	policy: EgressPolicy,
): EndpointRefusedError | undefined {
	const host = bareHost(hostname);
	if (isIP(host)) {
		const reason = addressRefusal(host, policy, false);
		return reason
			? new EndpointRefusedError(policy.endpointName, `${host} is ${reason}`)
			: undefined;
	}
	const { ssrf } = policy;
	if (ssrf && !ssrf.allowedHostnames.matches(host) && ssrf.blockedHostnames.matches(host)) {
		return new EndpointRefusedError(
			policy.endpointName,
			`${host} is on n8n's SSRF blocked host names (${SSRF_ENV.blockedHostnames})`,
		);
	}
	return undefined;
}

/**
 * A `lookup` for the HTTP agents: resolves as Node.js does, then refuses the connection when any
 * address the name resolves to is refused, before the socket connects.
 */
export function guardedLookup(policy: EgressPolicy): LookupFunction {
	return (hostname, options, callback) => {
		dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
			const fail = (reason: Error) =>
				options.all ? callback(reason, []) : callback(reason, '', undefined);
			if (error) return fail(error);
			const allowedByName = policy.ssrf?.allowedHostnames.matches(hostname) ?? false;
			for (const { address } of addresses) {
				const reason = addressRefusal(address, policy, allowedByName);
				if (reason) {
					return fail(
						new EndpointRefusedError(
							policy.endpointName,
							`${hostname} resolves to ${address}, ${reason}`,
						),
					);
				}
			}
			if (options.all) return callback(null, addresses);
			const [first] = addresses;
			return callback(null, first.address, first.family);
		});
	};
}
