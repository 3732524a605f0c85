import { test } from 'node:test';
import assert from 'node:assert/strict';
// The process an image will run given command/args (the Kubernetes rule), the hover that shows it,
// and containerPorts the image does not EXPOSE; with image configs recorded from `docker image
// inspect` (podwright-test/entrypoint:1, nginx:1.25).
import { imageProblems, imageUses } from '../../client/src/flows/imageChecks';
import { formatArgv, processFieldAt, processHover, processOf, unexposedPort } from '../../client/src/flows/imageProcess';
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import type { ImageFacts } from '../../runtime/src';

// {"Env":["PATH=/bin"],"Entrypoint":["echo","entrypoint"],"Cmd":["cmd"]}
const ENTRYPOINT: ImageFacts = { id: 'sha256:e1', user: '', entrypoint: ['echo', 'entrypoint'], cmd: ['cmd'], workingDir: '', exposedPorts: [] };
// nginx:1.25: "Entrypoint":["/docker-entrypoint.sh"],"Cmd":["nginx","-g","daemon off;"],"ExposedPorts":{"80/tcp":{}}
const NGINX: ImageFacts = { id: 'sha256:n1', user: '', entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], workingDir: '', exposedPorts: ['80/tcp'] };

test('command replaces ENTRYPOINT and drops CMD; args alone replace CMD; neither: ENTRYPOINT + CMD', () => {
  assert.deepEqual(processOf({}, ENTRYPOINT), { argv: ['echo', 'entrypoint', 'cmd'], entrypoint: 'image', rest: 'image CMD' });
  assert.deepEqual(processOf({ args: ['from-args', '$(MODE)'] }, ENTRYPOINT), { argv: ['echo', 'entrypoint', 'from-args', '$(MODE)'], entrypoint: 'image', rest: 'args' });
  assert.deepEqual(processOf({ command: ['echo', 'from-command'] }, ENTRYPOINT), { argv: ['echo', 'from-command'], entrypoint: 'command', rest: 'none' });
  assert.deepEqual(processOf({ command: ['sh', '-c'], args: ['echo hi'] }, ENTRYPOINT), { argv: ['sh', '-c', 'echo hi'], entrypoint: 'command', rest: 'args' });
  // An empty args list still replaces CMD.
  assert.deepEqual(processOf({ args: [] }, ENTRYPOINT).argv, ['echo', 'entrypoint']);
  assert.equal(formatArgv(NGINX.entrypoint.concat(NGINX.cmd)), "/docker-entrypoint.sh nginx -g 'daemon off;'");
});

test('the hover says what runs and where each part comes from', () => {
  assert.equal(
    processHover('web', 'nginx:1.25', {}, NGINX),
    "**web** will run: `/docker-entrypoint.sh nginx -g 'daemon off;'`\n\n- ENTRYPOINT [\"/docker-entrypoint.sh\"] and CMD [\"nginx\", \"-g\", \"daemon off;\"] from image `nginx:1.25`",
  );
  assert.equal(
    processHover('a', 'e:1', { args: ['from-args', '$(MODE)'] }, ENTRYPOINT),
    "**a** will run: `echo entrypoint from-args '$(MODE)'`\n\n- ENTRYPOINT [\"echo\", \"entrypoint\"] from image `e:1`\n- `args` replace the image's CMD [\"cmd\"]\n- `$(VAR)` is expanded from the container's env when it starts",
  );
  assert.equal(processHover('b', 'e:1', { command: ['echo', 'x'] }, ENTRYPOINT), '**b** will run: `echo x`\n\n- `command` replaces the image\'s ENTRYPOINT ["echo", "entrypoint"] and drops its CMD ["cmd"]');
});

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.25
      ports:
        - containerPort: 80
        - containerPort: 8080
        - containerPort: 80
          protocol: UDP
    - name: tool
      image: example/entry:1
      args: ["from-args"]
      ports:
        - containerPort: 9000
`;

test('a containerPort the image does not EXPOSE is information on it; an image that exposes nothing says nothing', () => {
  assert.equal(unexposedPort({ containerPort: 80 }, NGINX), false);
  assert.equal(unexposedPort({ containerPort: 80, protocol: 'UDP' }, NGINX), true);
  assert.equal(unexposedPort({ containerPort: 9000 }, ENTRYPOINT), false);
  const facts = new Map<string, ImageFacts | null>([['nginx:1.25', NGINX], ['example/entry:1', ENTRYPOINT]]);
  const placed = placeProblems(TEXT, imageProblems(imageUses(TEXT), facts));
  assert.deepEqual(
    placed.map((p) => [p.problem.code, p.problem.severity, p.path, TEXT.slice(p.range.start, p.range.end)]),
    [
      ['PortNotExposed', 'info', 'spec.containers[0].ports[1].containerPort', '8080'],
      ['PortNotExposed', 'info', 'spec.containers[0].ports[2].containerPort', '80'],
    ],
  );
  assert.equal(placed[0].problem.message, 'Image "nginx:1.25" does not EXPOSE 8080/tcp (it exposes 80/tcp): check the port number or the image. EXPOSE is only a declaration; the pod runs either way.');
  // No engine facts (absent image, or none at all): nothing.
  assert.deepEqual(imageProblems(imageUses(TEXT), new Map()), []);
});

test('the hover\'s field: image, command or args of a container, not its name or ports', () => {
  const at = (needle: string) => processFieldAt(TEXT, TEXT.indexOf(needle) + 1);
  assert.deepEqual(at('nginx:1.25'), { container: 'web', image: 'nginx:1.25', spec: { command: undefined, args: undefined } });
  assert.deepEqual(at('"from-args"'), { container: 'tool', image: 'example/entry:1', spec: { command: undefined, args: ['from-args'] } });
  assert.deepEqual(at('args:'), { container: 'tool', image: 'example/entry:1', spec: { command: undefined, args: ['from-args'] } });
  assert.equal(at('name: tool'), undefined);
  assert.equal(at('9000'), undefined);
});
