// Logs and exec sessions, already demultiplexed: the engine interleaves a non-TTY container's
// stdout and stderr in 8-byte-headed frames, which dockerode's modem splits (demuxStream); callers
// get text per stream and never see a frame.
import type Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';

export interface LogLine {
  container: string;
  stream: StreamName;
  /** One line with its `\n`; the last line of a log that does not end in one comes without it. */
  text: string;
}

/** Splits chunks into whole lines per stream; `flush` gives out what is left. */
export class LineSplitter {
  private partial: Record<StreamName, string> = { stdout: '', stderr: '' };
  constructor(private readonly emit: (text: string, stream: StreamName) => void) {}

  push(text: string, stream: StreamName): void {
    const all = this.partial[stream] + text;
    const cut = all.lastIndexOf('\n');
    if (cut < 0) {
      this.partial[stream] = all;
      return;
    }
    this.partial[stream] = all.slice(cut + 1);
    for (const line of all.slice(0, cut + 1).split(/(?<=\n)/)) this.emit(line, stream);
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.emit(this.partial[stream], stream);
      this.partial[stream] = '';
    }
  }
}

/**
 * Reads a raw engine stream (logs or an exec's output) into stdout and stderr. `tty` streams carry
 * no frames: everything is stdout.
 */
export function demultiplex(docker: Docker, raw: NodeJS.ReadableStream, tty: boolean, onData: (data: Buffer, stream: StreamName) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      resolve();
    };
    if (tty) {
      raw.on('data', (b: Buffer) => onData(b, 'stdout'));
    } else {
      const out = new PassThrough();
      const err = new PassThrough();
      out.on('data', (b: Buffer) => onData(b, 'stdout'));
      err.on('data', (b: Buffer) => onData(b, 'stderr'));
      docker.modem.demuxStream(raw, out, err);
    }
    raw.on('end', end);
    raw.on('close', end);
    // A stream cut by the engine or by the caller (destroy) ends the read; what arrived was given out.
    raw.on('error', end);
  });
}

/** A log read to the end (no follow): dockerode returns it whole, as one Buffer. */
export function demultiplexBuffer(buffer: Buffer, tty: boolean, onData: (data: Buffer, stream: StreamName) => void): void {
  if (tty) {
    if (buffer.length) onData(buffer, 'stdout');
    return;
  }
  let rest = buffer;
  while (rest.length >= 8) {
    const size = rest.readUInt32BE(4);
    onData(rest.subarray(8, 8 + size), rest[0] === 2 ? 'stderr' : 'stdout');
    rest = rest.subarray(8 + size);
  }
}

export interface ExecOptions {
  /** Keep the command's standard input open for `write`. */
  stdin?: boolean;
  /** Give the command a terminal (output is then one stream). */
  tty?: boolean;
  env?: string[];
  /** Output as it arrives. */
  onOutput(data: Buffer, stream: StreamName): void;
}

export interface ExecSession {
  write(data: string | Buffer): void;
  /** Closes the command's standard input (end of input). */
  end(): void;
  resize(columns: number, rows: number): Promise<void>;
  /** Cuts the connection; the command may go on in the container until its input ends. */
  close(): void;
  /** The command's exit code, once its output has ended. */
  readonly exit: Promise<number>;
}

export async function startExec(docker: Docker, containerId: string, cmd: string[], opts: ExecOptions): Promise<ExecSession> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: cmd,
    AttachStdin: !!opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: !!opts.tty,
    Env: opts.env,
  });
  const stream = (await exec.start({ hijack: true, stdin: !!opts.stdin, Tty: !!opts.tty })) as NodeJS.ReadWriteStream & Readable;
  const ended = demultiplex(docker, stream, !!opts.tty, opts.onOutput);
  const exit = ended.then(async () => {
    try {
      return (await exec.inspect()).ExitCode ?? -1;
    } catch {
      // The engine went away with the stream: no exit code to read.
      return -1;
    }
  });
  return {
    write: (data) => void stream.write(data),
    end: () => stream.end(),
    resize: async (columns, rows) => {
      await exec.resize({ w: columns, h: rows });
    },
    close: () => {
      stream.end();
      stream.destroy();
    },
    exit,
  };
}
