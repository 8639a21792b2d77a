/** The table `npm run bench` prints (Markdown, so docs/performance.md can hold it as is). */
import type { CredentialsResult } from './scenarios/credentials';
import type { MemoryResult } from './scenarios/memory';
import type { OverheadResult } from './scenarios/overhead';
import type { QuotaCase, QuotaResult } from './scenarios/quotas';
import type { StartupResult } from './scenarios/startup';
import type { StreamingResult } from './scenarios/streaming';
import type { ThroughputRow } from './scenarios/throughput';
import { round } from './stats';

export interface BenchResults {
	credentials: CredentialsResult;
	overhead: OverheadResult;
	throughput: ThroughputRow[];
	streaming: StreamingResult;
	startup: StartupResult;
	memory: MemoryResult;
	quotas: QuotaResult;
}

type Row = [string, string, string, string];

const met = (ok: boolean) => (ok ? 'yes' : '**no**');
const ms = (value: number, digits = 2) => `${round(value, digits)} ms`;
const x = (value: number) => `${round(value, 2)}x`;

export function renderTable(r: BenchResults): string {
	const rows: Row[] = [];
	const { credentials: c, overhead: o, streaming: s, startup: st, memory: m } = r;

	for (const [label, res] of [
		['Assume Role', c.assumeRole],
		['Roles Anywhere', c.rolesAnywhere],
	] as const) {
		rows.push([
			`1 Cached resolution, ${label} (median)`,
			`${res.cachedMedianUs} µs; cold ${ms(res.coldMedianMs)} (${res.coldOverCached.toLocaleString('en-US')}x the cached)`,
			'< 5 µs',
			met(res.cachedMedianUs < 5),
		]);
	}
	rows.push([
		'1 Per execution: credential data -> connection (SHA-256 key) -> cached credentials',
		`${c.assumeRole.perExecutionMedianUs} µs Assume Role, ${c.rolesAnywhere.perExecutionMedianUs} µs Roles Anywhere`,
		'',
		'',
	]);
	const w = c.workload;
	rows.push([
		'1 AssumeRole calls, 1,000 requests in 50 executions: node vs naive',
		`${w.assumeRole.authCalls} vs ${w.naiveAssumeRole.authCalls} (fresh fromTemporaryCredentials + client per execution)`,
		'1 per credential lifetime',
		met(w.assumeRole.authCalls === 1),
	]);
	rows.push([
		'1 CreateSession calls, same workload, Roles Anywhere',
		`${w.rolesAnywhere.authCalls}`,
		'1 per credential lifetime',
		met(w.rolesAnywhere.authCalls === 1),
	]);
	rows.push([
		'1 Wall time of that workload: node vs naive',
		`${ms(w.assumeRole.wallMs, 0)} vs ${ms(w.naiveAssumeRole.wallMs, 0)} (${x(w.naiveAssumeRole.wallMs / w.assumeRole.wallMs)} faster)`,
		'',
		'',
	]);
	rows.push([
		'2 Converse through the node vs bare SDK send (median)',
		`${ms(o.node.medianMs, 3)} vs ${ms(o.bare.medianMs, 3)}: ratio ${o.ratio}`,
		'<= 1.05',
		met(o.ratio <= 1.05),
	]);
	rows.push([
		"2 Same, bare SDK on the node's transport (HTTP/1.1 keep-alive)",
		`${ms(o.node.medianMs, 3)} vs ${ms(o.bareHttp1.medianMs, 3)}: ratio ${o.ratioSameTransport}; Assume Role node ${ms(o.nodeAssumeRole.medianMs, 3)}`,
		'<= 1.05',
		met(o.ratioSameTransport <= 1.05),
	]);
	rows.push([
		'2 Per item of a 10-item execution (concurrency 1) vs bare SDK, same transport',
		`${ms(o.nodePerItem.medianMs, 3)} vs ${ms(o.bareHttp1.medianMs, 3)}: ratio ${o.perItemRatioSameTransport}`,
		'<= 1.05',
		met(o.perItemRatioSameTransport <= 1.05),
	]);
	for (const t of r.throughput) {
		rows.push([
			`3 500 items, 50 ms model latency, concurrency ${t.concurrency}`,
			`${ms(t.nodeMs, 0)} vs floor ${ms(t.floorMs, 0)}: efficiency ${t.nodeEfficiency} (bare SDK, same transport: ${t.bareEfficiency})`,
			'>= 0.9',
			met(t.nodeEfficiency >= 0.9),
		]);
	}
	rows.push([
		`4 Time to first chunk, node vs bare ConverseStream (median, ${s.streamDelayMs} ms between events)`,
		`${ms(s.node.ttfcMedianMs)} vs ${ms(s.bare.ttfcMedianMs)}: ratio ${s.ratio}; HTTP/1.1 bare ${ms(s.bareHttp1.ttfcMedianMs)}: ratio ${s.ratioSameTransport}`,
		'',
		'',
	]);
	for (const mod of st.modules) {
		const sdk =
			mod.awsSdkModules === 0
				? 'AWS SDK not loaded'
				: `**${mod.awsSdkModules} @aws-sdk modules loaded**`;
		rows.push([
			`5 Load ${mod.module} (fresh process, median)`,
			`${ms(mod.loadMedianMs)}; ${sdk}; ${mod.smithyModules} @smithy modules`,
			mod.kind === 'node' ? '< 15 ms, SDK not loaded' : 'SDK not loaded',
			met((mod.kind !== 'node' || mod.loadMedianMs < 15) && mod.awsSdkModules === 0),
		]);
	}
	const described = st.modules.filter((e) => e.descriptionOnlyMedianMs !== undefined);
	rows.push([
		'5 Node description modules alone (the start-up cost of a node file that loaded its execute code on first use)',
		described
			.map((e) => `${e.module.replace('.node', '')} ${ms(e.descriptionOnlyMedianMs!)}`)
			.join(', '),
		'',
		'',
	]);
	rows.push([
		'5 Load all nodes and credentials in one process',
		`${ms(st.all.loadMedianMs)}; ${st.all.awsSdkModules} @aws-sdk modules`,
		'',
		'',
	]);
	const i = m.items;
	rows.push([
		'5 First execution in a fresh process (loads the SDK, assumes the role, builds clients)',
		ms(i.firstExecutionMs, 0),
		'',
		'',
	]);
	rows.push([
		`6 Peak RSS, one execution of ${i.items.toLocaleString('en-US')} items`,
		`${i.peakRssMb} MB (from ${i.baselineRssMb} MB warm; ${round(i.wallMs / 1000, 1)} s)`,
		'',
		'',
	]);
	const samples = m.credentials.samples;
	const first = samples.find((e) => e.label.includes('first use'));
	const again = samples.find((e) => e.label.includes('used again'));
	const last = samples[samples.length - 1];
	const at500 = samples.find((e) => e.distinctCredentials === 500);
	if (first && again) {
		rows.push([
			'6 RSS after 200 executions over 100 distinct credentials',
			`${again.rssMb} MB (${first.rssMb} MB after the first 100; heap ${first.heapUsedMb} -> ${again.heapUsedMb} MB); AssumeRole calls ${again.assumeRoleCalls} for ${again.distinctCredentials} credentials`,
			'bounded',
			met(again.heapUsedMb <= first.heapUsedMb * 1.1 + 1),
		]);
	}
	if (at500) {
		rows.push([
			`6 Past the cache bound: ${at500.distinctCredentials} -> ${last.distinctCredentials} distinct credentials`,
			`RSS ${at500.rssMb} -> ${last.rssMb} MB, heap ${at500.heapUsedMb} -> ${last.heapUsedMb} MB, resolver entries ${at500.resolverEntries} -> ${last.resolverEntries}`,
			'bounded (caches evict)',
			met(last.resolverEntries <= 500 && last.heapUsedMb <= at500.heapUsedMb * 1.1 + 1),
		]);
	}

	const q = r.quotas;
	const n = (value: number) => value.toLocaleString('en-US');
	const outcome = (c: QuotaCase) =>
		`lost ${n(c.lost)}; ${ms(c.wallMs, 0)} vs floor ${ms(c.floorMs, 0)}: ${x(c.wallOverFloor)}; ${n(c.requests)} requests, ${n(c.throttled)} throttled`;
	const within = (c: QuotaCase) => c.lost === 0 && c.wallOverFloor <= 1.1;
	const quota = `${n(q.requestsPerMinute)} requests/min (quota time x${q.timeScale})`;
	rows.push([
		`7 ${n(q.node.items)} items, ${q.concurrency} in flight, quota ${quota}: node`,
		outcome(q.node),
		'lost 0, <= 1.1x floor',
		met(within(q.node)),
	]);
	rows.push([
		`7 Same, bare SDK (standard retry, 3 attempts), ${q.concurrency} in flight`,
		outcome(q.bareSdk),
		'',
		'',
	]);
	const rof = q.retryOnFail;
	rows.push([
		`7 Same, n8n Retry On Fail (${rof.tries} tries, ${rof.waitMs} ms apart) around the node without the limiter (Throttling Budget 0)`,
		`${outcome(rof)}; tries used ${rof.triesUsed}`,
		'',
		'',
	]);
	rows.push([
		`7 Two executions of ${n(q.twoExecutions.items / 2)} items sharing the quota`,
		outcome(q.twoExecutions),
		'lost 0, <= 1.1x floor',
		met(within(q.twoExecutions)),
	]);
	const a = q.agents;
	rows.push([
		`7 ${a.executions} AI Agent executions at once on the Bedrock Chat Model (2 calls each), quota ${a.requestsPerMinute} requests/min, burst ${a.burstSeconds} s (quota and limiter time x${a.timeScale})`,
		`answers lost ${n(a.lost)}; ${ms(a.wallMs, 0)} vs floor ${ms(a.floorMs, 0)}: ${x(a.wallOverFloor)}; ${n(a.requests)} requests, ${n(a.throttled)} throttled`,
		'lost 0, <= 1.2x floor',
		met(a.lost === 0 && a.wallOverFloor <= 1.2),
	]);
	const t = q.tokens;
	rows.push([
		`7 Tokens: ${n(t.items)} prompts of 50-400 words, quota ${n(t.tokensPerMinute)} tokens/min and ${n(t.requestsPerMinute)} requests/min`,
		`${outcome(t)} (token floor: ${n(t.totalTokens)} tokens; by requests alone the floor would be ${ms(t.requestFloorMs, 0)})`,
		'lost 0',
		met(t.lost === 0),
	]);

	const header: Row = ['Measure', 'Result', 'Target', 'Met'];
	const lines = [header, ['---', '---', '---', '---'] as Row, ...rows].map(
		(row) => `| ${row.join(' | ')} |`,
	);
	return lines.join('\n');
}
