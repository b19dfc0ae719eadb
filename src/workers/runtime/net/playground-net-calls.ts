import { Errno } from '../../net/protocol.ts';
import type { ContainerNet } from './container-net.ts';
import { andThen } from './wake-signal.ts';

type Result = number | Promise<number>;

/** The `playground_net` imports (wasm-apps/include/playground_net.h), each returning an errno. */
export interface PlaygroundNetCalls {
  listen(port: number, fdOut: number): Result;
  connect(hostPtr: number, hostLen: number, port: number, fdOut: number): Result;
  resolve(
    hostPtr: number,
    hostLen: number,
    namePtr: number,
    nameCap: number,
    nameLenOut: number,
    addrsPtr: number,
    addrCap: number,
    addrCountOut: number,
  ): Result;
}

/**
 * The module `playground_net`'s imports over the container's network, reading and writing
 * the module's memory as playground_net.h describes: listen and connect write the new
 * descriptor; resolve writes at most `nameCap` bytes of the canonical name (and that count)
 * and at most `addrCap` IPv4 addresses, 4 bytes each in network order (and their count).
 */
export function playgroundNetCalls(
  net: ContainerNet,
  memory: () => WebAssembly.Memory,
): PlaygroundNetCalls {
  const text = (ptr: number, len: number) =>
    new TextDecoder().decode(new Uint8Array(memory().buffer).slice(ptr, ptr + len));
  const opened = (fdOut: number) => (result: { errno: number; fd: number }) => {
    if (result.errno === Errno.SUCCESS) {
      new DataView(memory().buffer).setInt32(fdOut, result.fd, true);
    }
    return result.errno;
  };

  return {
    listen: (port, fdOut) => andThen(net.listen(port >>> 0), opened(fdOut)),

    connect: (hostPtr, hostLen, port, fdOut) =>
      net.connect(text(hostPtr, hostLen), port >>> 0).then(opened(fdOut)),

    resolve: (hostPtr, hostLen, namePtr, nameCap, nameLenOut, addrsPtr, addrCap, addrCountOut) =>
      net.resolve(text(hostPtr, hostLen)).then((answer) => {
        if (answer.errno !== Errno.SUCCESS) return answer.errno;
        const bytes = new Uint8Array(memory().buffer);
        const view = new DataView(memory().buffer);
        const name = new TextEncoder().encode(answer.canonicalName).subarray(0, nameCap >>> 0);
        bytes.set(name, namePtr);
        view.setUint32(nameLenOut, name.byteLength, true);
        const addresses = answer.addresses
          .map(ipv4Bytes)
          .filter((address) => address !== undefined)
          .slice(0, addrCap >>> 0);
        addresses.forEach((address, i) => bytes.set(address, addrsPtr + i * 4));
        view.setUint32(addrCountOut, addresses.length, true);
        return Errno.SUCCESS;
      }),
  };
}

/** A dotted IPv4 address's 4 bytes, or undefined for anything else. */
function ipv4Bytes(address: string): Uint8Array | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return Uint8Array.from(parts.map(Number));
}
