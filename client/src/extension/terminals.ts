// Logs and shells in the terminal panel, through pseudoterminals: no `docker` CLI needed, and the
// stream stops when the person closes the terminal.
import * as vscode from 'vscode';
import { isTerminalReport } from '../flows/terminalInput';
import type { LogLine, PodRef, RuntimeBridge } from '../flows/runtimeApi';
import { followWorkloadLogs, type WorkloadLogSources, type WorkloadRef } from '../flows/workloadLogs';

const COLORS = [36, 35, 33, 32, 34, 31];

/** `[container] line`, each container in its own colour, as `kubectl logs --prefix` would. */
export function formatLogLine(line: LogLine, containers: string[]): string {
  const i = containers.indexOf(line.container);
  const color = COLORS[(i < 0 ? containers.length : i) % COLORS.length];
  const text = line.text.replace(/\r?\n$/, '').replace(/\r?\n/g, '\r\n');
  return `\x1b[${color}m[${line.container}]\x1b[0m ${text}\r\n`;
}

export function openLogsTerminal(bridge: RuntimeBridge, pod: PodRef, container: string | undefined, containers: string[]): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      write.fire(`\x1b[2mLogs of ${container ? `container ${container} of ` : ''}pod ${pod.name}; following (close the terminal to stop)\x1b[0m\r\n`);
      bridge
        .logs(pod, container, (line) => write.fire(formatLogLine(line, containers)), abort.signal)
        .then(
          () => write.fire('\r\n\x1b[2m— end of logs —\x1b[0m\r\n'),
          (e: Error) => write.fire(`\r\n\x1b[31m${e.message}\x1b[0m\r\n`),
        );
    },
    close: () => {
      abort.abort();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${pod.name}${container ? `/${container}` : ''}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

/**
 * Every pod of a workload, and those it makes while the terminal is open (workloadLogs.ts), each
 * line `[POD/CONTAINER]` in its pod's colour, as `kubectl logs -l … --prefix -f` prints them.
 */
export function openWorkloadLogsTerminal(sources: WorkloadLogSources, workload: WorkloadRef): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const colours = new Map<string, number>();
  const colour = (pod: string) => COLORS[(colours.get(pod) ?? colours.set(pod, colours.size).get(pod)!) % COLORS.length];
  let following: { dispose(): void } | undefined;
  const kind = workload.kind.toLowerCase();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      write.fire(`\x1b[2mLogs of every pod of ${kind} ${workload.name}, and of the pods it makes from now on (close the terminal to stop)\x1b[0m\r\n`);
      following = followWorkloadLogs(sources, workload, {
        line: (pod, line) => {
          const text = line.text.replace(/\r?\n$/, '').replace(/\r?\n/g, '\r\n');
          write.fire(`\x1b[${colour(pod.name)}m[${pod.name}/${line.container}]\x1b[0m ${text}\r\n`);
        },
        failed: (pod, container, message) => write.fire(`\x1b[31m[${pod.name}/${container}] ${message}\x1b[0m\r\n`),
      });
    },
    close: () => {
      following?.dispose();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${kind}/${workload.name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

/**
 * How a shell's end is shown. A shell the person exits closes its terminal (with the exit code, as
 * any terminal does); one whose container was stopped or killed under it (a signal's exit code, or
 * none when the engine cut the stream) says so in plain words and waits for a key, instead of VS
 * Code's red "terminal process terminated with exit code: 137".
 */
export function shellEnding(code: number): { close: number } | { message: string } {
  if (code >= 0 && code < 128) return { close: code };
  const signal = code > 128 ? ` (signal ${code - 128})` : '';
  return { message: `\r\n\x1b[2mThe shell ended: its container was stopped${signal}. Press any key to close this terminal.\x1b[0m\r\n` };
}

type StartShell = (onData: (data: string) => void, onExit: (code: number) => void) => Promise<import('../flows/runtimeApi').Shell>;

/** A shell in a container (`kubectl exec -it`), or in a debug container added to the pod (`start`). */
export function openShellTerminal(bridge: RuntimeBridge, pod: PodRef, container: string, start?: { title: string; shell: StartShell }): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<number | void>();
  let shell: Promise<import('../flows/runtimeApi').Shell | undefined> = Promise.resolve(undefined);
  let size: vscode.TerminalDimensions | undefined;
  let ended = false;
  const onExit = (code: number) => {
    const ending = shellEnding(code);
    if ('close' in ending) return closed.fire(ending.close);
    ended = true;
    write.fire(ending.message);
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: closed.event,
    open: (dims) => {
      size = dims;
      shell = (start ? start.shell((d) => write.fire(d), onExit) : bridge.shell(pod, container, (d) => write.fire(d), onExit))
        .then(
          (s) => {
            if (size) s.resize(size.columns, size.rows);
            return s;
          },
          (e: Error) => {
            ended = true;
            write.fire(`\x1b[31m${e.message}\x1b[0m\r\n\x1b[2mPress any key to close this terminal.\x1b[0m\r\n`);
            return undefined;
          },
        );
    },
    // After the container went away, any key closes the terminal without an error.
    // (Not a reply the terminal sends to a query the shell made just before it ended.)
    handleInput: (data) => (ended ? isTerminalReport(data) || closed.fire() : void shell.then((s) => s?.write(data))),
    setDimensions: (dims) => {
      size = dims;
      void shell.then((s) => s?.resize(dims.columns, dims.rows));
    },
    close: () => void shell.then((s) => s?.close()),
  };
  const terminal = vscode.window.createTerminal({ name: start?.title ?? `Shell: ${pod.name}/${container}`, pty, iconPath: new vscode.ThemeIcon(start ? 'debug' : 'terminal') });
  terminal.show();
  return terminal;
}
