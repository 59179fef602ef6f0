// `npm run bench [-- --quick] [--json FILE] [--only NAME]`: the command line around harness.ts.

import { writeFileSync } from 'node:fs';
import { effectiveMode, parseArgs, USAGE } from './config.ts';
import { runBench } from './harness.ts';
import { fmtNumber, formatTable, toJson } from './table.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const mode = effectiveMode(options);
  const t0 = performance.now();
  console.error(`gradschool bench, ${mode.name} mode: one process per engine, one at a time`);
  const report = await runBench(mode, options.only, {
    onResult: (r) => console.error(`  ${r.workload.padEnd(10)} ${r.engine.padEnd(18)} ` +
      (r.error !== undefined ? `error: ${r.error}` : `${fmtNumber(r.value!)} ${r.unit}`)),
  });
  const m = report.meta as Record<string, unknown> & { versions: Record<string, string> };
  const out = [
    '',
    `mode: ${m.mode}`,
    `machine: ${m.machine}; Node ${m.node}; load average ${Number(m.loadAverageAtStart).toFixed(2)} at start`,
    `peers: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `data: ${m.data}`,
    '',
    formatTable(report.results),
    '',
    ...Object.entries(report.notes).map(([engine, note]) => `- ${engine}: ${note}`),
    `(${((performance.now() - t0) / 1000).toFixed(0)} s in all)`,
  ];
  console.log(out.join('\n'));
  if (options.json) {
    writeFileSync(options.json, JSON.stringify(toJson(report.results, report.meta), null, 2) + '\n');
    console.error(`wrote ${options.json}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
