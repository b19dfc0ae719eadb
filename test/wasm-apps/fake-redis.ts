import type { NetSocket } from './net-harness.ts';

/** A RESP command as a client sends it. */
export function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${new TextEncoder().encode(a).length}\r\n${a}\r\n`).join('')}`;
}

/** A RESP bulk string reply (`$-1` for null). */
export const bulk = (value: string | null) =>
  value === null ? '$-1\r\n' : `$${new TextEncoder().encode(value).length}\r\n${value}\r\n`;

/**
 * Splits RESP commands off the front of `text`; returns them and what is left (an incomplete
 * command). Only arrays of bulk strings, which is what clients send.
 */
export function parseCommands(text: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let pos = 0;
  for (;;) {
    const start = pos;
    const line = (): string | undefined => {
      const end = text.indexOf('\r\n', pos);
      if (end < 0) return undefined;
      const value = text.slice(pos, end);
      pos = end + 2;
      return value;
    };
    const head = line();
    if (head === undefined || !head.startsWith('*')) return { commands, rest: text.slice(start) };
    const args: string[] = [];
    for (let i = 0; i < Number(head.slice(1)); i++) {
      const size = line();
      if (size === undefined || pos + Number(size.slice(1)) + 2 > text.length) {
        return { commands, rest: text.slice(start) };
      }
      args.push(text.slice(pos, pos + Number(size.slice(1))));
      pos += Number(size.slice(1)) + 2;
    }
    commands.push(args);
  }
}

export interface FakeRedisOptions {
  /** Every command received, in order, across connections. */
  log?: string[][];
  /** How long each reply takes, in virtual ms. */
  delayMs?: number;
}

/**
 * Scripts a socket as a small Redis (GET, SET, KEYS *, LRANGE, PTTL, REPLCONF, PING, QUIT)
 * over `data`: strings and lists by key.
 */
export function fakeRedis(data: Map<string, string | string[]>, options: FakeRedisOptions = {}) {
  return (socket: NetSocket): void => {
    let pending = '';
    socket.onSend = (text) => {
      const { commands, rest } = parseCommands(pending + text);
      pending = rest;
      for (const [name, ...args] of commands) {
        options.log?.push([name, ...args]);
        socket.deliver(answer(data, name.toUpperCase(), args), options.delayMs ?? 0);
        if (name.toUpperCase() === 'QUIT') socket.end(options.delayMs ?? 0);
      }
    };
    socket.onFinish = () => socket.end();
  };
}

function answer(data: Map<string, string | string[]>, name: string, args: string[]): string {
  const wrongType = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
  const value = data.get(args[0]);
  switch (name) {
    case 'PING':
      return '+PONG\r\n';
    case 'QUIT':
    case 'REPLCONF':
      return '+OK\r\n';
    case 'SET':
      data.set(args[0], args[1]);
      return '+OK\r\n';
    case 'GET':
      return Array.isArray(value) ? wrongType : bulk(value ?? null);
    case 'KEYS':
      return `*${data.size}\r\n${[...data.keys()].map(bulk).join('')}`;
    case 'LRANGE':
      if (typeof value === 'string') return wrongType;
      return `*${(value ?? []).length}\r\n${(value ?? []).map(bulk).join('')}`;
    case 'PTTL':
      return value === undefined ? ':-2\r\n' : ':-1\r\n';
    default:
      return `-ERR unknown command '${name}'\r\n`;
  }
}
