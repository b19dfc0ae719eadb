import type { LogStream } from '../runtime/types.ts';

interface LogLine {
  /** Cluster time (ms) the line's first byte arrived. */
  time: number;
  stream: LogStream;
  text: string;
  /** Not ended by a newline yet: the next output of its stream continues it. */
  partial: boolean;
}

interface ContainerLog {
  lines: LogLine[];
  bytes: number;
  /** The unfinished last line of each stream. */
  open: Partial<Record<LogStream, LogLine>>;
  listeners: Set<(text: string) => void>;
}

export interface LogReadOptions {
  /** Only the last this many lines. */
  tailLines?: number;
  /** Prefix each line with its RFC 3339 time at nanosecond precision, as `kubectl logs --timestamps`. */
  timestamps?: boolean;
}

/** Bytes of output kept per container instance before the oldest lines are dropped (1 MiB). */
export const defaultMaxLogBytes = 1 << 20;

/**
 * The output of container instances, kept by container ID as the kubelet keeps one log file
 * per instance: lines split on newlines with the time each began, bounded in size by dropping
 * the oldest lines (as log rotation would). stdout and stderr share one log, each keeping its
 * own unfinished line.
 */
export class LogStore {
  private readonly logs = new Map<string, ContainerLog>();

  constructor(private readonly maxBytes = defaultMaxLogBytes) {}

  /** Starts the (empty) log of a new instance. */
  open(containerID: string): void {
    if (!this.logs.has(containerID)) {
      this.logs.set(containerID, { lines: [], bytes: 0, open: {}, listeners: new Set() });
    }
  }

  /** Adds a chunk of output written at `time`. */
  append(containerID: string, stream: LogStream, chunk: string, time: number): void {
    this.open(containerID);
    const log = this.logs.get(containerID)!;
    const pieces = chunk.split('\n');
    pieces.forEach((piece, i) => {
      const ended = i < pieces.length - 1;
      if (!ended && piece === '') return;
      let line = log.open[stream];
      if (line) {
        line.text += piece;
      } else {
        line = { time, stream, text: piece, partial: true };
        log.lines.push(line);
        log.open[stream] = line;
      }
      log.bytes += piece.length + (ended ? 1 : 0);
      if (ended) {
        line.partial = false;
        delete log.open[stream];
      }
      for (const listener of log.listeners) listener(piece + (ended ? '\n' : ''));
    });
    this.trim(log);
  }

  /** The instance's log as `kubectl logs` prints it, or undefined when it has none. */
  read(containerID: string, options: LogReadOptions = {}): string | undefined {
    const log = this.logs.get(containerID);
    if (!log) return undefined;
    let lines = log.lines;
    if (options.tailLines !== undefined) {
      lines = options.tailLines <= 0 ? [] : lines.slice(-options.tailLines);
    }
    return lines.map((line) => formatLine(line, options.timestamps ?? false)).join('');
  }

  /**
   * Calls `listener` with each piece of output written from now on (what `kubectl logs -f`
   * streams after the existing lines). Returns the function that stops it.
   */
  follow(containerID: string, listener: (text: string) => void): () => void {
    this.open(containerID);
    const listeners = this.logs.get(containerID)!.listeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Forgets an instance's log (the instance was removed). */
  remove(containerID: string): void {
    this.logs.delete(containerID);
  }

  private trim(log: ContainerLog): void {
    while (log.bytes > this.maxBytes && log.lines.length > 1) {
      const dropped = log.lines.shift()!;
      log.bytes -= dropped.text.length + (dropped.partial ? 0 : 1);
      if (log.open[dropped.stream] === dropped) delete log.open[dropped.stream];
    }
  }
}

function formatLine(line: LogLine, timestamps: boolean): string {
  const text = line.partial ? line.text : `${line.text}\n`;
  return timestamps ? `${rfc3339NanoFixed(line.time)} ${text}` : text;
}

/** RFC 3339 with nine fraction digits, as the kubelet stamps log lines (RFC3339NanoFixed). */
export function rfc3339NanoFixed(ms: number): string {
  const whole = Math.floor(ms);
  const nanos = Math.round((ms - whole) * 1e6);
  const iso = new Date(whole).toISOString();
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}.${millis}${String(nanos).padStart(6, '0')}Z`;
}
