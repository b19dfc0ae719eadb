import type { StdinMessage } from '../runtime/stdin-fd.ts';

/**
 * The standard input of containers whose spec asks for it (`stdin: true`, as `kubectl run -i`
 * sets): each running instance's stdin port, by pod uid and container name, so that an
 * attach (`kubectl run -i`, `kubectl attach`) can send what is typed to it. With `stdinOnce`
 * the input ends when the first attach session ends, as the kubelet closes it then.
 */
export class AttachableStdin {
  private readonly inputs = new Map<string, { port: MessagePort; once: boolean; used: boolean }>();

  /** A new stdin for a container instance about to start; returns the port to give it. */
  open(podUID: string, container: string, once: boolean): MessagePort {
    const channel = new MessageChannel();
    this.close(podUID, container);
    const input = { port: channel.port1, once, used: false };
    this.inputs.set(key(podUID, container), input);
    this.given.set(input, channel.port2);
    return channel.port2;
  }

  /**
   * The instance whose stdin is `given` (the port `open` returned) ended: its input goes,
   * unless a newer instance has opened its own since.
   */
  close(podUID: string, container: string, given?: MessagePort): void {
    const input = this.inputs.get(key(podUID, container));
    if (!input || (given && this.given.get(input) !== given)) return;
    input.port.close();
    this.inputs.delete(key(podUID, container));
  }

  private readonly given = new WeakMap<object, MessagePort>();

  /**
   * Relays an attach session's input (StdinMessage chunks, then the end) to the container's
   * stdin; false when the container has no open stdin.
   */
  attach(podUID: string, container: string, session: MessagePort): boolean {
    const input = this.inputs.get(key(podUID, container));
    if (!input || (input.once && input.used)) return false;
    input.used = true;
    session.onmessage = (event: MessageEvent<StdinMessage>) => {
      const message = event.data;
      if ('eof' in message) {
        session.close();
        // Without stdinOnce the container keeps its input open for the next attach.
        if (input.once) input.port.postMessage(message);
        return;
      }
      input.port.postMessage(message);
    };
    return true;
  }
}

function key(podUID: string, container: string): string {
  return `${podUID}/${container}`;
}
