// Records what PodReports says of a pod on the real engine, for the unit tests of runtime problems:
//   node scripts/recordPodReport.cjs MANIFEST OUT.json TEXT   (runs the pod until its report holds TEXT, then stops it)
// Build first (npx tsc -p .): it reads out/.
const { planManifest, PodRuntime } = require(__dirname + '/../out/runtime/src');
const { PodReports } = require(__dirname + '/../out/client/src/extension/podReports');
const fs = require('fs');
const os = require('os');
const path = require('path');
const text = fs.readFileSync(process.argv[2], 'utf8');
const out = process.argv[3];
const until = process.argv[4];
(async () => {
  const runtime = new PodRuntime({ stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'rec-')) });
  const { plans, problems } = planManifest(text, '/manifests/recorded.yaml');
  if (problems.length) throw new Error(JSON.stringify(problems));
  await runtime.run(plans[0], { supervise: 'inProcess', backoff: { initialMs: 60000, maxMs: 60000 } });
  const reports = new PodReports(runtime);
  for (let i = 0; i < 300; i++) {
    const r = (await reports.reports()).find((x) => x.name === plans[0].name);
    if (r && JSON.stringify(r).includes(until)) {
      r.uid = 'recorded'; r.manifest = '/manifests/recorded.yaml';
      r.events = r.events.map((e) => ({ ...e, time: 'T' }));
      fs.writeFileSync(out, JSON.stringify(r, null, 2) + '\n');
      break;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  await runtime.stop(plans[0].uid, { timeoutSeconds: 0 });
  runtime.close();
})().catch((e) => { console.error(e); process.exit(1); });
