import { register } from '../command.ts';
import { KubectlError } from '../errors.ts';

/**
 * Where the control plane is "running". The API server lives in this tab's kernel and kubectl
 * reaches it by a function call, not over a network, so no address is really listening. This
 * is the address a kubeconfig would name for it — kubeadm's default advertise address and port,
 * and where the HTTP bridge the design plans for (a real kubectl against the tab) would serve —
 * so tutorials that read it see the familiar shape rather than an invented host.
 */
export const controlPlaneAddress = 'https://127.0.0.1:6443';

register({
  path: ['cluster-info'],
  short: 'Display cluster information',
  examples: `  # Print the address of the control plane and cluster services
  kubectl cluster-info`,
  flags: [],
  async run(ctx, args) {
    // Like kubectl, other words are ignored; `dump` is a subcommand this kubectl lacks.
    if (args.positionals[0] === 'dump') {
      throw new KubectlError('cluster-info dump is not supported by this kubectl');
    }
    // kubectl lists kube-system Services labelled kubernetes.io/cluster-service=true (CoreDNS)
    // after this line; the cluster has no Services or DNS yet, so there are none to list.
    ctx.stdout.write(`Kubernetes control plane is running at ${controlPlaneAddress}\n`);
    ctx.stdout.write(
      "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    return 0;
  },
});
