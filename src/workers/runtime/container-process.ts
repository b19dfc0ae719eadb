import { EXIT_CODE_START_ERROR } from './container-exit.ts';
import {
  hasUtility,
  runsProgram,
  standInByName,
  stopsOnSigterm,
  type StandIn,
} from './stand-ins.ts';
import type { ContainerExit, ContainerStartSpec, ImageConfig, ResolvedImage } from './types.ts';

/** What a container runs: the module (the image's, or the toolbox for a shell), argv and env. */
export interface ContainerProcess {
  image: ResolvedImage;
  argv: string[];
  env: [string, string][];
  /** What the image's entrypoint scripts printed before the program started. */
  stdout?: string;
  /** The program exits 0 when the kubelet stops it (StandIn.stopsOnSigterm); unset: killed. */
  stopsOnSigterm?: boolean;
}

/** The container cannot start (runc's reasons); it ends at once. */
export interface ProcessFailure {
  exit: Omit<ContainerExit, 'finishedAt'>;
}

/** How many entrypoint scripts may exec one another before the start is refused. */
const MAX_SCRIPTS = 8;

/**
 * Decides what a container runs, as a container runtime does from the image config and the
 * pod's command and args:
 * - argv is `command ?? entrypoint` followed by `args` when there are args or a command, and
 *   by the image's CMD when there are neither (Kubernetes' rule);
 * - the image's ENV comes first and the container's own variables replace same-named ones;
 * - a stand-in's entrypoint scripts run first (their output goes before the program's);
 * - argv[0] (its basename) must be a program of the image: the stand-in's module runs its own
 *   programs, and the toolbox runs shell applets (sh, echo, sleep...) of an image with a shell;
 *   anything else fails as runc fails an exec of a missing file.
 * An image without a config (a plain built-in or uploaded module) runs its one program:
 * argv is `[program, ...command, ...args]`, or `[...command, ...args]` when command[0] already
 * names the program.
 */
export async function containerProcess(
  spec: ContainerStartSpec,
): Promise<ContainerProcess | ProcessFailure> {
  const image = spec.image;
  const config = image.config;
  if (!config) {
    return { image, argv: plainArgv(image.image, spec), env: spec.env };
  }
  const env = mergeEnv(config.env, spec.env);
  let argv = configArgv(config, spec);
  if (argv.length === 0) return startError('no command specified');
  const standIn = standInByName(config.standIn);
  let stdout = '';
  for (let i = 0; standIn?.scripts && i < MAX_SCRIPTS; i++) {
    const script = standIn.scripts[basename(argv[0])];
    if (!script) break;
    const ran = script(argv, new Map(env));
    argv = ran.argv;
    stdout += ran.stdout ?? '';
    if (argv.length === 0) return startError('no command specified');
  }
  const program = basename(argv[0]);
  const found = await programImage(image, config, standIn, program);
  if (!found) {
    return startError(
      `exec: "${argv[0]}": executable file not found in $PATH` +
        (standIn ? notInStandIn(standIn) : ''),
    );
  }
  if ('reason' in found) return startError(`cannot load the image's shell: ${found.message}`);
  return {
    image: found,
    argv,
    env,
    ...(stdout ? { stdout } : {}),
    ...(standIn && stopsOnSigterm(standIn, program) ? { stopsOnSigterm: true } : {}),
  };
}

/** The module that runs `program` in this image, or undefined when the image has no such file. */
async function programImage(
  image: ResolvedImage,
  config: ImageConfig,
  standIn: StandIn | undefined,
  program: string,
): Promise<ResolvedImage | { reason: string; message: string } | undefined> {
  if (!standIn || runsProgram(standIn, program)) return image;
  if (!config.utilities || !hasUtility(standIn, program)) return undefined;
  return config.utilities();
}

/** Says which programs a stand-in has, so that a user knows what its image can run here. */
function notInStandIn(standIn: StandIn): string {
  const own = standIn.programs.map((p) => p.replace('*', '...')).join(', ');
  return ` (the built-in stand-in for this image runs ${own}${standIn.shell ? ' and the busybox applets' : ''})`;
}

/** argv from the image config and the pod's command and args, as Kubernetes combines them. */
function configArgv(config: ImageConfig, spec: ContainerStartSpec): string[] {
  const command = spec.process?.command;
  const args = spec.process?.args;
  if (!spec.process) return [...config.entrypoint, ...config.cmd, ...spec.args];
  const first = command && command.length > 0 ? command : config.entrypoint;
  const rest =
    (args && args.length > 0) || (command && command.length > 0) ? (args ?? []) : config.cmd;
  return [...first, ...rest];
}

/** argv for an image without a config (see containerProcess). */
function plainArgv(imageName: string, spec: ContainerStartSpec): string[] {
  const program = imageProgramName(imageName);
  const command = spec.process?.command ?? [];
  if (spec.process && command.length > 0 && basename(command[0]) === program) {
    return [...command, ...(spec.process.args ?? [])];
  }
  return [program, ...spec.args];
}

/** The image's env, less what the container sets itself, then the container's. */
export function mergeEnv(
  image: readonly [string, string][],
  own: readonly [string, string][],
): [string, string][] {
  const set = new Set(own.map(([name]) => name));
  return [...image.filter(([name]) => !set.has(name)), ...own];
}

function startError(cause: string): ProcessFailure {
  return {
    exit: {
      exitCode: EXIT_CODE_START_ERROR,
      reason: 'StartError',
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create ' +
        `failed: runc create failed: unable to start container process: ${cause}: unknown`,
    },
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** argv[0] of an image without a config: its name without registry, namespace or tag. */
export function imageProgramName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(0, colon) : last;
}
