// dist/controllerLoad.js: the controller manager as `podwright apply` starts it from the CLI bundle,
// dist/controllerMain.js with its code cache (backgroundLoad.ts).
import { join } from 'node:path';
import { loadBackground } from './backgroundLoad';

loadBackground(join(__dirname, 'controllerMain.js'));
