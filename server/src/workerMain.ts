// Entry of the language server's worker threads (dist/workerMain.js, out/server/src/workerMain.js):
// the analysis and the parsing behind hover, completion and symbols run here, never on the thread
// that reads the protocol, so a document that takes seconds cannot hold up any answer. One job at a
// time; the main thread stops the whole thread when a job overruns its deadline (jobWorker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { analyze, fieldInfo } from '../../analysis/src';
import { AnalysisStore } from './analysisStore';
import { runJob, type Job, type Reply } from './workerJobs';

const port = parentPort;
if (port) {
  const store = new AnalysisStore();
  // The YAML library's process warnings go to the server's log, as on the main thread (main.ts).
  process.removeAllListeners('warning');
  process.on('warning', (w) => port.postMessage({ warning: `${w.name}: ${w.message}` }));
  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    let reply: Reply;
    try {
      reply = { id, result: runJob(store, job) };
    } catch (e) {
      // A bug in a job is answered as an error (the main thread logs it), never a dead thread.
      reply = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
  // Load the schema and its validators before saying it is ready: the first job's deadline is then
  // spent on the job. The index worker only parses: it needs neither.
  if (!(workerData as { light?: boolean } | null)?.light) analyze('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: b}]}\n');
  if (!(workerData as { light?: boolean } | null)?.light) fieldInfo('v1', 'Pod', ['spec'], '1.35');
  port.postMessage({ ready: true });
}
