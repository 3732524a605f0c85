// dist/supervisorLoad.js: a pod's background supervisor as `podwright run` starts it from the CLI
// bundle, dist/supervisorMain.js with its code cache (backgroundLoad.ts).
import { join } from 'node:path';
import { loadBackground } from './backgroundLoad';

loadBackground(join(__dirname, 'supervisorMain.js'));
