/**
 * Runs a parsed Go template over a value as text/template's exec.go does: fields of maps,
 * variables, pipelines feeding the last argument, function calls checked against their
 * signatures, `if`/`with`/`range` (over lists, maps sorted by key, and integers) with `else`,
 * `break`/`continue`, `template`, and `<no value>` for what is missing (or Go's "map has no
 * entry for key" when missing keys are errors). Errors carry Go's message and the output
 * written before them.
 */
import { goSprint, goString } from './go-fmt.ts';
import { FunctionError, templateFunctions, type ParamType } from './template-functions.ts';
import {
  nodeString,
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type ControlNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from './template-nodes.ts';
import { GoTemplateError, type ParsedTemplate } from './template-parser.ts';
import {
  GoFloat,
  GoInt,
  GoRune,
  Iface,
  indirect,
  indirectInterface,
  isTrue,
  kindOf,
  mapIndex,
  numberOf,
  sortedKeys,
  truth,
  typeName,
} from './go-values.ts';

/** An execution error, with what the template had written before it. */
export class TemplateExecError extends GoTemplateError {
  constructor(
    message: string,
    readonly partial: string,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** The pipeline's previous value is absent (Go's missingVal). */
const missing = Symbol('missing');
type Final = unknown;

const breakLoop = Symbol('break');
const continueLoop = Symbol('continue');
const maxDepth = 1000;

interface Variable {
  name: string;
  value: unknown;
}

class Execution {
  out = '';
  private node: Node | ArgNode | CommandNode | undefined;
  private vars: Variable[];
  private depth = 0;

  constructor(
    private readonly template: ParsedTemplate,
    private name: string,
    data: unknown,
    private readonly missingKeyError: boolean,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  private at(node: Node | ArgNode | CommandNode): void {
    this.node = node;
  }

  private fail(message: string): never {
    const node = this.node;
    if (!node) throw new GoTemplateError(`template: ${this.name}: ${message}`);
    const before = this.template.text.slice(0, node.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = 1 + (before.match(/\n/g) ?? []).length;
    const column = new TextEncoder().encode(before.slice(lineStart)).length;
    throw new GoTemplateError(
      `template: ${this.template.name}:${line}:${column}: executing ${JSON.stringify(this.name)} at <${nodeString(node)}>: ${message}`,
    );
  }

  private mark(): number {
    return this.vars.length;
  }
  private pop(mark: number): void {
    this.vars.length = mark;
  }
  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    this.fail(`undefined variable: ${name}`);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node);
          this.out += value === undefined ? '<no value>' : goSprint([value]);
        }
        return;
      }
      case 'break':
        throw breakLoop;
      case 'continue':
        throw continueLoop;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out += node.text;
        return;
    }
  }

  private walkIfOrWith(dot: unknown, node: ControlNode): void {
    const mark = this.mark();
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const { truth: ok, ok: valid } = isTrue(indirectInterface(value));
      if (!valid) this.fail(`if/with can't use ${goString(value)}`);
      if (ok) this.walk(node.type === 'with' ? value : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: unknown, node: ControlNode): void {
    this.at(node);
    const outer = this.mark();
    try {
      const value = indirect(this.evalPipeline(dot, node.pipe)).value;
      const mark = this.mark();
      const decl = node.pipe.decl;
      const iteration = (index: unknown, elem: unknown) => {
        if (decl.length > 0) {
          if (node.pipe.isAssign) this.setVar(decl[0].idents[0], decl.length > 1 ? index : elem);
          else this.vars[this.vars.length - 1].value = elem;
        }
        if (decl.length > 1) {
          if (node.pipe.isAssign) this.setVar(decl[1].idents[0], elem);
          else this.vars[this.vars.length - 2].value = index;
        }
        try {
          this.walk(elem, node.list);
        } catch (err) {
          if (err !== continueLoop) throw err;
        } finally {
          this.pop(mark);
        }
      };
      let ran = false;
      try {
        switch (kindOf(value)) {
          case 'slice':
            (value as unknown[]).forEach((e, i) => {
              ran = true;
              iteration(new GoInt(i), new Iface(e));
            });
            break;
          case 'map': {
            const map = value as Record<string, unknown>;
            for (const key of sortedKeys(map)) {
              ran = true;
              iteration(key, new Iface(map[key]));
            }
            break;
          }
          case 'int': {
            if (decl.length > 1)
              this.fail(`can't use ${goString(value)} to iterate over more than one variable`);
            for (let i = 0; i < numberOf(value); i++) {
              ran = true;
              iteration(new GoInt(i), new GoInt(i));
            }
            break;
          }
          case 'invalid':
            break;
          default:
            this.fail(`range can't iterate over ${goString(value)}`);
        }
      } catch (err) {
        if (err !== breakLoop) throw err;
        return;
      }
      if (!ran && node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: unknown, node: TemplateNode): void {
    this.at(node);
    const tree = this.template.defined.get(node.name);
    if (!tree) this.fail(`template ${JSON.stringify(node.name)} not defined`);
    if (this.depth >= maxDepth) this.fail(`exceeded maximum template depth (${maxDepth})`);
    const value = this.evalPipeline(dot, node.pipe);
    const saved = { vars: this.vars, name: this.name };
    this.depth++;
    this.vars = [{ name: '$', value }];
    this.name = node.name;
    try {
      this.walk(value, tree);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.name = saved.name;
    }
  }

  private evalPipeline(dot: unknown, pipe: PipeNode | undefined): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: unknown = missing;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A value of type interface{} gives the value inside it (nothing for nil).
      if (value instanceof Iface) value = value.value === null ? undefined : value.value;
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.idents[0], value);
      else this.vars.push({ name: variable.idents[0], value });
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== missing)
      this.fail(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.fail('nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'number':
        return this.constant(first);
      case 'string':
        return first.text;
    }
  }

  private constant(node: NumberNode): unknown {
    this.at(node);
    if (node.kind === 'float') return new GoFloat(node.value);
    if (node.kind === 'rune') return new GoRune(node.value);
    return new GoInt(node.value);
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, field.idents, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    this.at(chain);
    if (chain.node.type === 'nil')
      this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(receiver, chain.fields, args, final);
  }

  private evalVariableNode(variable: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at(variable);
    const value = this.varValue(variable.idents[0]);
    if (variable.idents.length === 1) {
      this.notAFunction(args.length > 0 ? args : [variable], final);
      return value;
    }
    return this.evalFieldChain(value, variable.idents.slice(1), args, final);
  }

  private evalFieldChain(
    receiver: unknown,
    idents: string[],
    args: ArgNode[],
    final: Final,
  ): unknown {
    for (let i = 0; i < idents.length - 1; i++) {
      receiver = this.evalField(idents[i], [], missing, receiver);
    }
    return this.evalField(idents[idents.length - 1], args, final, receiver);
  }

  private evalField(name: string, args: ArgNode[], final: Final, receiver: unknown): unknown {
    if (receiver === undefined) {
      if (this.missingKeyError) this.fail(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    const type = typeName(receiver);
    const { value, nil } = indirect(receiver);
    if (nil) this.fail(`nil pointer evaluating ${type}.${name}`);
    if (kindOf(value) === 'map') {
      if (args.length > 1 || final !== missing)
        this.fail(`${name} is not a method but has arguments`);
      const result = mapIndex(value as Record<string, unknown>, name);
      if (result === undefined && this.missingKeyError)
        this.fail(`map has no entry for key ${JSON.stringify(name)}`);
      return result;
    }
    this.fail(`can't evaluate field ${name} in type ${type}`);
  }

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: CommandNode | IdentifierNode,
    args: ArgNode[] | undefined,
    final: Final,
  ): unknown {
    this.at(node);
    const fn = templateFunctions.get(node.name);
    if (!fn) this.fail(`${JSON.stringify(node.name)} is not a defined function`);
    const given = args ? args.slice(1) : [];
    const count = given.length + (final !== missing ? 1 : 0);
    const fixed = fn.params.length;
    if (fn.variadic) {
      if (count < fixed)
        this.fail(
          `wrong number of args for ${node.name}: want at least ${fixed} got ${given.length}`,
        );
    } else if (count !== fixed) {
      this.fail(`wrong number of args for ${node.name}: want ${fixed} got ${count}`);
    }
    if (node.name === 'and' || node.name === 'or') {
      let v: unknown;
      for (const arg of given) {
        v = this.evalArg(dot, 'value', arg);
        if (truth(v) === (node.name === 'or')) return v;
      }
      if (final !== missing) v = final;
      return v;
    }
    const argv: unknown[] = [];
    let i = 0;
    for (; i < fixed && i < given.length; i++) argv.push(this.evalArg(dot, fn.params[i], given[i]));
    for (; i < given.length; i++) argv.push(this.evalArg(dot, fn.variadic!, given[i]));
    if (final !== missing) {
      const type = fn.variadic && count - 1 >= fixed ? fn.variadic : fn.params[count - 1];
      argv.push(this.validateType(final, type));
    }
    try {
      return fn.call(argv);
    } catch (err) {
      if (!(err instanceof FunctionError)) throw err;
      this.at(cmd);
      this.fail(`error calling ${node.name}: ${err.message}`);
    }
  }

  private validateType(value: unknown, type: ParamType | undefined): unknown {
    if (type === undefined || type === 'value') return value;
    if (value === undefined) {
      if (type === 'any') return null;
      this.fail(`invalid value; expected ${type}`);
    }
    if (type === 'any') return value;
    if (typeof value === 'string') return value;
    const inner = value instanceof Iface && value.value !== null ? value.value : value;
    if (typeof inner === 'string') return inner;
    this.fail(`wrong type for value; expected string; got ${typeName(inner)}`);
  }

  private evalArg(dot: unknown, type: ParamType | undefined, node: ArgNode): unknown {
    this.at(node);
    switch (node.type) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'string') this.fail('cannot assign nil to string');
        return type === 'any' ? null : undefined;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, node, [node], missing), type);
      case 'variable':
        return this.validateType(this.evalVariableNode(node, [], missing), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, node), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, node, node, undefined, missing), type);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, node, [], missing), type);
    }
    if (type === 'string') {
      if (node.type === 'string') return node.text;
      this.fail(`expected string; found ${nodeString(node)}`);
    }
    switch (node.type) {
      case 'bool':
        return node.value;
      case 'number':
        return this.constant(node);
      case 'string':
        return node.text;
    }
  }
}

/**
 * Executes a parsed template over `data` (decoded JSON), returning what it writes. With
 * `missingKeyError`, a missing map key is an error (kubectl's --allow-missing-template-keys=false).
 * Throws TemplateExecError with Go's message and the output written so far.
 */
export function executeTemplate(
  template: ParsedTemplate,
  data: unknown,
  missingKeyError = false,
): string {
  const execution = new Execution(template, template.name, data, missingKeyError);
  try {
    execution.walk(data, template.defined.get(template.name) ?? template.root);
  } catch (err) {
    if (err instanceof GoTemplateError) throw new TemplateExecError(err.message, execution.out);
    throw err;
  }
  return execution.out;
}
