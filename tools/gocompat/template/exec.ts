// text/template's execution: a parsed template run on JSON data with Go's rules (a missing map key
// is "no value", printed `<no value>`; `and`/`or` short-circuit and return an operand; a pipeline
// passes the previous result as the last argument; variables are scoped to their block).

import type { JsonValue } from '../json.js';
import { FUNCS, isFunction } from './funcmap.js';
import { parseTemplate, type Arg, type Cmd, type Node, type Pipe } from './parse.js';
import { fmtValue, GoInt, isMap, printResult, TemplateError, truth, type TValue } from './value.js';

class Exec {
  private vars: Array<[string, TValue]> = [];

  constructor(private readonly name: string, root: TValue) {
    this.vars.push(['$', root]);
  }

  private err(pipe: Pipe, msg: string, cmd?: Cmd): TemplateError {
    if (cmd?.pos !== undefined) return new TemplateError(`template: ${this.name}:${cmd.pos}: executing "${this.name}" at <${cmd.src}>: ${msg}`);
    return new TemplateError(`template: ${this.name}: executing "${this.name}" at <${pipe.src}>: ${msg}`);
  }

  private lookupVar(name: string, pipe: Pipe): TValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return this.vars[i][1];
    throw this.err(pipe, `undefined variable: ${name}`);
  }

  private field(v: TValue, names: string[], pipe: Pipe): TValue {
    let cur = v;
    for (const name of names) {
      if (cur === undefined) return undefined; // no value stays no value
      if (cur === null) throw this.err(pipe, `nil pointer evaluating interface {}.${name}`);
      if (!isMap(cur)) throw this.err(pipe, `can't evaluate field ${name} in type ${cur instanceof GoInt ? 'int' : 'interface {}'}`);
      cur = Object.prototype.hasOwnProperty.call(cur, name) ? cur[name] : undefined;
    }
    return cur;
  }

  private arg(a: Arg, dot: TValue, pipe: Pipe): TValue {
    switch (a.k) {
      case 'field':
        return this.field(dot, a.names, pipe);
      case 'var':
        return this.field(this.lookupVar(a.name, pipe), a.names, pipe);
      case 'const':
        return a.v;
      case 'nil':
        throw this.err(pipe, 'nil is not a command');
      case 'pipe':
        return this.field(this.pipe(a.pipe, dot), a.names, pipe);
      case 'ident': {
        if (!isFunction(a.name)) {
          throw new TemplateError(`template: ${this.name}: function "${a.name}" not defined`);
        }
        return this.call(a.name, [], dot, pipe, undefined, false);
      }
    }
  }

  private call(name: string, argNodes: Arg[], dot: TValue, pipe: Pipe, final: TValue, hasFinal: boolean, cmd?: Cmd): TValue {
    if (name === 'and' || name === 'or') {
      const total = argNodes.length + (hasFinal ? 1 : 0);
      if (total < 1) throw this.err(pipe, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: TValue = undefined;
      for (let i = 0; i < total; i++) {
        v = i < argNodes.length ? this.arg(argNodes[i], dot, pipe) : final;
        if (truth(v) === (name === 'or')) return v;
      }
      return v;
    }
    const fn = Object.hasOwn(FUNCS, name) ? FUNCS[name] : undefined;
    if (!fn) throw new TemplateError(`template: ${this.name}: function "${name}" not defined`);
    const args = argNodes.map((a) => {
      if (a.k === 'nil') return null;
      return this.arg(a, dot, pipe);
    });
    if (hasFinal) args.push(final);
    try {
      return fn(args, name);
    } catch (e) {
      if (e instanceof TemplateError && !e.message.startsWith('template:')) {
        // Go names the function alone for a wrong argument count, the whole command otherwise.
        const at = cmd && e.message.startsWith('wrong number of args') ? { ...cmd, src: name } : cmd;
        throw this.err(pipe, e.message, at);
      }
      throw e;
    }
  }

  pipe(p: Pipe, dot: TValue): TValue {
    let value: TValue = undefined;
    p.cmds.forEach((cmd, i) => {
      const hasFinal = i > 0;
      const first = cmd.args[0];
      if (first.k === 'ident') {
        value = this.call(first.name, cmd.args.slice(1), dot, p, value, hasFinal, cmd);
      } else {
        if (cmd.args.length > 1 || hasFinal) {
          const what = first.k === 'field' && first.names.length ? first.names[first.names.length - 1] : first.k;
          throw this.err(p, first.k === 'field' || first.k === 'var' ? `${what} is not a method but has arguments` : `can't give argument to non-function ${what}`);
        }
        if (first.k === 'nil') throw this.err(p, 'nil is not a command');
        value = this.arg(first, dot, p);
      }
    });
    // Interfaces are unwrapped at the end of a pipeline: a nil becomes "no value".
    if (value === null) value = undefined;
    if (p.decl.length) {
      if (p.assign) {
        const idx = this.vars.map((v) => v[0]).lastIndexOf(p.decl[0]);
        if (idx < 0) throw this.err(p, `undefined variable: ${p.decl[0]}`);
        this.vars[idx][1] = value;
      } else {
        this.vars.push([p.decl[0], value]);
      }
    }
    return value;
  }

  run(nodes: Node[], dot: TValue): string {
    let out = '';
    for (const node of nodes) {
      switch (node.n) {
        case 'text':
          out += node.s;
          break;
        case 'action': {
          const v = this.pipe(node.pipe, dot);
          if (node.pipe.decl.length === 0) out += printResult(v);
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const v = this.pipe(node.pipe, dot);
          if (truth(v)) out += this.run(node.body, node.n === 'with' ? v : dot);
          else out += this.run(node.else, dot);
          this.vars.length = mark;
          break;
        }
        case 'range': {
          const mark = this.vars.length;
          const decl = node.pipe.decl;
          const v = this.pipe({ ...node.pipe, decl: [] }, dot);
          const entries: Array<[TValue, TValue]> = Array.isArray(v)
            ? v.map((x, i) => [new GoInt(i), x])
            : isMap(v)
              ? Object.keys(v).sort().map((k) => [k, v[k]])
              : [];
          if (v !== undefined && v !== null && !Array.isArray(v) && !isMap(v)) {
            throw this.err(node.pipe, `range can't iterate over ${fmtValue(v)}`);
          }
          if (entries.length === 0) out += this.run(node.else, dot);
          for (const [k, x] of entries) {
            const inner = this.vars.length;
            if (decl.length === 1) this.vars.push([decl[0], x]);
            else if (decl.length === 2) this.vars.push([decl[0], k], [decl[1], x]);
            out += this.run(node.body, x);
            this.vars.length = inner;
          }
          this.vars.length = mark;
          break;
        }
      }
    }
    return out;
  }
}

/**
 * Parses a Go text/template (Tanka's name-format subset) once; the returned
 * function executes it on a JSON value. Throws TemplateError on parse or
 * execution errors.
 */
export function compileTemplate(src: string, name = ''): (data: JsonValue) => string {
  const nodes = parseTemplate(src, name);
  return (data: JsonValue) => new Exec(name, data).run(nodes, data);
}
