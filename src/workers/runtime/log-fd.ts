import { ConsoleStdout } from '@bjorn3/browser_wasi_shim';
import type { ContainerToNodeMessage } from './container-protocol.ts';

/**
 * A write-only descriptor whose bytes go to the node as `log` chunks of the container's
 * `stream`: what it was given is held until `flush`, which the fd_write import calls once per
 * write.
 */
export class LogFd extends ConsoleStdout {
  private pending = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly post: (message: ContainerToNodeMessage) => void,
  ) {
    // Streaming decode keeps a UTF-8 sequence split across two writes intact.
    const decoder = new TextDecoder('utf-8', { fatal: false });
    super((bytes) => (this.pending += decoder.decode(bytes, { stream: true })));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.post({ type: 'log', stream: this.stream, text: this.pending });
    this.pending = '';
  }
}
