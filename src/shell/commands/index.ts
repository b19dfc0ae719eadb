/**
 * The commands of the terminal's shell, by name. Add a command by writing its module and
 * listing it here.
 */
import { alias, unalias } from './alias.ts';
import { base64 } from './base64.ts';
import { cat } from './cat.ts';
import { cd } from './cd.ts';
import { clear } from './clear.ts';
import type { ShellCommand } from './command.ts';
import { curl } from './curl.ts';
import { cut } from './cut.ts';
import { date } from './date.ts';
import { docker } from './docker.ts';
import { echo } from './echo.ts';
import { env } from './env.ts';
import { exportCommand } from './export.ts';
import { falseCommand } from './false.ts';
import { fg } from './fg.ts';
import { grep } from './grep.ts';
import { head } from './head.ts';
import { help } from './help.ts';
import { history } from './history.ts';
import { hostname } from './hostname.ts';
import { jobs } from './jobs.ts';
import { kill } from './kill.ts';
import { kubectl } from './kubectl.ts';
import { ls } from './ls.ts';
import { minikube } from './minikube.ts';
import { mkdir } from './mkdir.ts';
import { printf } from './printf.ts';
import { pwd } from './pwd.ts';
import { read } from './read.ts';
import { rm } from './rm.ts';
import { seq } from './seq.ts';
import { set, shift } from './set.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { sudo } from './sudo.ts';
import { tail } from './tail.ts';
import { tee } from './tee.ts';
import { bracket, test } from './test.ts';
import { timeout } from './timeout.ts';
import { touch } from './touch.ts';
import { tr } from './tr.ts';
import { colon, trueCommand } from './true.ts';
import { type, which } from './type.ts';
import { uname } from './uname.ts';
import { uniq } from './uniq.ts';
import { unset } from './unset.ts';
import { wait } from './wait.ts';
import { watch } from './watch.ts';
import { wc } from './wc.ts';
import { wget } from './wget.ts';
import { whoami } from './whoami.ts';
import { xargs } from './xargs.ts';

const all: ShellCommand[] = [
  alias,
  base64,
  bracket,
  cat,
  cd,
  clear,
  colon,
  curl,
  cut,
  date,
  docker,
  echo,
  env,
  exportCommand,
  falseCommand,
  fg,
  grep,
  head,
  help,
  history,
  hostname,
  jobs,
  kill,
  kubectl,
  ls,
  minikube,
  mkdir,
  printf,
  pwd,
  read,
  rm,
  seq,
  set,
  shift,
  sleep,
  sort,
  sudo,
  tail,
  tee,
  test,
  timeout,
  touch,
  tr,
  trueCommand,
  type,
  unalias,
  uname,
  uniq,
  unset,
  wait,
  watch,
  wc,
  wget,
  whoami,
  which,
  xargs,
];

/** Every command by name. */
export const commandTable: ReadonlyMap<string, ShellCommand> = new Map(all.map((c) => [c.name, c]));
