/**
 * The parse tree of a Go template (text/template/parse's nodes), and how Go prints a node
 * back (`Node.String()`), which execution errors quote as `at <...>`.
 */

export interface TextNode {
  type: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  type: 'action';
  pos: number;
  pipe: PipeNode;
}
export interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}
export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}
export interface LoopNode {
  type: 'break' | 'continue';
  pos: number;
}
export interface TemplateNode {
  type: 'template';
  pos: number;
  name: string;
  pipe?: PipeNode;
}
/** `{{end}}` and `{{else}}`: only seen while parsing. */
export interface DelimiterNode {
  type: 'end' | 'else';
  pos: number;
}
export type Node = TextNode | ActionNode | ControlNode | ListNode | LoopNode | TemplateNode;

export interface PipeNode {
  type: 'pipe';
  pos: number;
  /** `$x = ...` rather than `$x := ...`. */
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  type: 'field';
  pos: number;
  /** `.a.b` → `['a', 'b']`. */
  idents: string[];
}
export interface VariableNode {
  type: 'variable';
  pos: number;
  /** `$x.a` → `['$x', 'a']`. */
  idents: string[];
}
export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  fields: string[];
}
export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  name: string;
}
export interface DotNode {
  type: 'dot';
  pos: number;
}
export interface NilNode {
  type: 'nil';
  pos: number;
}
export interface BoolNode {
  type: 'bool';
  pos: number;
  value: boolean;
}
export interface NumberNode {
  type: 'number';
  pos: number;
  text: string;
  /** What idealConstant makes of it: an int, a float64, or a rune (int32). */
  kind: 'int' | 'float' | 'rune';
  value: number;
}
export interface StringNode {
  type: 'string';
  pos: number;
  /** As written, quotes included. */
  quoted: string;
  text: string;
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** Go's Node.String(): the node as template text. */
export function nodeString(node: Node | ArgNode | CommandNode | DelimiterNode): string {
  switch (node.type) {
    case 'text':
      return JSON.stringify(node.text);
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range': {
      const elsePart = node.elseList ? `{{else}}${nodeString(node.elseList)}` : '';
      return `{{${node.type} ${nodeString(node.pipe)}}}${nodeString(node.list)}${elsePart}{{end}}`;
    }
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'break':
    case 'continue':
      return `{{${node.type}}}`;
    case 'template':
      return `{{template ${JSON.stringify(node.name)}${node.pipe ? ` ${nodeString(node.pipe)}` : ''}}}`;
    case 'end':
    case 'else':
      return `{{${node.type}}}`;
    case 'pipe': {
      const decl =
        node.decl.length > 0
          ? `${node.decl.map(nodeString).join(', ')} ${node.isAssign ? '=' : ':='} `
          : '';
      return decl + node.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return node.args
        .map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a)))
        .join(' ');
    case 'field':
      return node.idents.map((i) => `.${i}`).join('');
    case 'variable':
      return node.idents.join('.');
    case 'chain': {
      const inner =
        node.node.type === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return inner + node.fields.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
  }
}
