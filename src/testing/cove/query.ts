/**
 * The statistics query language, as far as the mock understands it: console `Filter` expressions,
 * `OrderBy` lists and `Totals` aggregates.
 *
 * Filter support: literals (numbers, `'str'`/`"str"`, `true`/`false`), column codes in any notation,
 * `ANY` (any text column), `+ - * / %`, `== != <> < > <= >=`, `=~` (wildcards `*` and `?`,
 * case-insensitive), `in (a, b)`, `!`/`not`, `and`/`&&`, `or`/`||`, parentheses, `N.days().ago()`
 * (also `day`, `hours`, `minutes`, `weeks`) and `Session.<Status>` constants. Anything else is
 * rejected as invalid params. Column values are strings; comparisons are numeric when both sides
 * look numeric.
 *
 * @internal
 * @module
 */
import { parseColumnCode } from './codes';
import { invalidParams } from './rpc';

type Value = number | string | boolean;

/** A parsed expression. @internal */
export type Expr =
  | { readonly k: 'lit'; readonly v: Value }
  | { readonly k: 'col'; readonly code: string }
  | { readonly k: 'any' }
  | { readonly k: 'ago'; readonly a: Expr }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'in'; readonly a: Expr; readonly list: readonly Expr[] }
  | { readonly k: 'bin'; readonly op: string; readonly a: Expr; readonly b: Expr };

/** Reads a column's raw value for the row being evaluated. @internal */
export interface RowReader {
  value(code: string): string | undefined;
  /** Values `ANY =~ pattern` looks at. */
  anyValues(): readonly string[];
  /** Current time in Unix seconds (for `.ago()`). */
  readonly nowSecs: number;
}

const SESSION_CONSTANTS: Readonly<Record<string, number>> = {
  Undefined: 0,
  InProcess: 1,
  Failed: 2,
  Aborted: 3,
  Blocked: 4,
  Completed: 5,
  Interrupted: 6,
  NotStarted: 7,
  CompletedWithErrors: 8,
  InProcessWithFaults: 9,
  OverQuota: 10,
  NoSelection: 11,
  Restarted: 12,
};

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
  week: 604_800,
  weeks: 604_800,
};

type Token =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'id'; readonly v: string }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'eof' };

const OPERATORS = [
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '=~',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '(',
  ')',
  ',',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = /^\d+(?:\.\d+)?/.exec(rest);
    if (num) {
      tokens.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const quote = rest.charAt(0);
    if (quote === "'" || quote === '"') {
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw invalidParams(`Filter: unterminated string at ${i}`);
      tokens.push({ t: 'str', v: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const id = /^[A-Za-z_@][A-Za-z0-9_@]*/.exec(rest);
    if (id) {
      tokens.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (!op) throw invalidParams(`Filter: unexpected character '${rest.charAt(0)}' at ${i}`);
    tokens.push({ t: 'op', v: op === '=' ? '==' : op === '<>' ? '!=' : op });
    i += op.length;
  }
  tokens.push({ t: 'eof' });
  return tokens;
}

class Parser {
  #pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly what: string,
    private readonly isField: (name: string) => boolean = (name) => parseColumnCode(name) !== undefined,
  ) {}

  parse(): Expr {
    const expr = this.or();
    if (this.#peek().t !== 'eof') this.#fail('unexpected trailing input');
    return expr;
  }

  or(): Expr {
    let left = this.and();
    while (this.#isOp('||') || this.#isWord('or')) {
      this.#pos++;
      left = { k: 'bin', op: 'or', a: left, b: this.and() };
    }
    return left;
  }

  and(): Expr {
    let left = this.not();
    while (this.#isOp('&&') || this.#isWord('and')) {
      this.#pos++;
      left = { k: 'bin', op: 'and', a: left, b: this.not() };
    }
    return left;
  }

  not(): Expr {
    if (this.#isOp('!') || this.#isWord('not')) {
      this.#pos++;
      return { k: 'not', a: this.not() };
    }
    return this.comparison();
  }

  comparison(): Expr {
    const left = this.additive();
    const token = this.#peek();
    if (token.t === 'op' && ['==', '!=', '<', '>', '<=', '>=', '=~'].includes(token.v)) {
      this.#pos++;
      return { k: 'bin', op: token.v, a: left, b: this.additive() };
    }
    if (this.#isWord('in')) {
      this.#pos++;
      this.#expectOp('(');
      const list: Expr[] = [this.additive()];
      while (this.#isOp(',')) {
        this.#pos++;
        list.push(this.additive());
      }
      this.#expectOp(')');
      return { k: 'in', a: left, list };
    }
    return left;
  }

  additive(): Expr {
    let left = this.multiplicative();
    for (
      let token = this.#peek();
      token.t === 'op' && (token.v === '+' || token.v === '-');
      token = this.#peek()
    ) {
      this.#pos++;
      left = { k: 'bin', op: token.v, a: left, b: this.multiplicative() };
    }
    return left;
  }

  multiplicative(): Expr {
    let left = this.unary();
    for (
      let token = this.#peek();
      token.t === 'op' && ['*', '/', '%'].includes(token.v);
      token = this.#peek()
    ) {
      this.#pos++;
      left = { k: 'bin', op: token.v, a: left, b: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    if (this.#isOp('-')) {
      this.#pos++;
      return { k: 'neg', a: this.unary() };
    }
    if (this.#isOp('+')) {
      this.#pos++;
      return this.unary();
    }
    return this.postfix(this.primary());
  }

  primary(): Expr {
    const token = this.#next();
    switch (token.t) {
      case 'num':
        return { k: 'lit', v: token.v };
      case 'str':
        return { k: 'lit', v: token.v };
      case 'op':
        if (token.v === '(') {
          const inner = this.or();
          this.#expectOp(')');
          return inner;
        }
        return this.#fail(`unexpected '${token.v}'`);
      case 'id': {
        const word = token.v.toLowerCase();
        if (word === 'true' || word === 'false') return { k: 'lit', v: word === 'true' };
        if (token.v === 'ANY') return { k: 'any' };
        if (token.v === 'Session' && this.#isOp('.')) {
          this.#pos++;
          const member = this.#next();
          const value = member.t === 'id' ? SESSION_CONSTANTS[member.v] : undefined;
          if (value === undefined) return this.#fail('unknown Session constant');
          return { k: 'lit', v: value };
        }
        if (!this.isField(token.v)) return this.#fail(`unknown column '${token.v}'`);
        return { k: 'col', code: token.v };
      }
      case 'eof':
        return this.#fail('unexpected end of expression');
    }
  }

  postfix(expr: Expr): Expr {
    let current = expr;
    while (this.#isOp('.')) {
      this.#pos++;
      const name = this.#next();
      if (name.t !== 'id') return this.#fail("expected a method name after '.'");
      this.#expectOp('(');
      this.#expectOp(')');
      const unitSeconds = UNIT_SECONDS[name.v];
      if (unitSeconds !== undefined)
        current = { k: 'bin', op: '*', a: current, b: { k: 'lit', v: unitSeconds } };
      else if (name.v === 'ago') current = { k: 'ago', a: current };
      else return this.#fail(`unknown method '${name.v}()'`);
    }
    return current;
  }

  #peek(): Token {
    return this.tokens[this.#pos] ?? { t: 'eof' };
  }

  #next(): Token {
    const token = this.#peek();
    this.#pos++;
    return token;
  }

  #isOp(op: string): boolean {
    const token = this.#peek();
    return token.t === 'op' && token.v === op;
  }

  #isWord(word: string): boolean {
    const token = this.#peek();
    return token.t === 'id' && token.v.toLowerCase() === word;
  }

  #expectOp(op: string): void {
    if (!this.#isOp(op)) this.#fail(`expected '${op}'`);
    this.#pos++;
  }

  #fail(reason: string): never {
    throw invalidParams(`${this.what}: ${reason}`);
  }
}

/**
 * Parses a console filter expression; throws invalid params on syntax it does not support.
 * `isField` decides which identifiers are fields (default: column codes in any notation).
 */
export function parseExpression(text: string, what = 'Filter', isField?: (name: string) => boolean): Expr {
  return new Parser(tokenize(text), what, isField).parse();
}

/** The column codes an expression reads (as written). */
export function expressionColumns(expr: Expr): string[] {
  switch (expr.k) {
    case 'col':
      return [expr.code];
    case 'lit':
    case 'any':
      return [];
    case 'ago':
    case 'not':
    case 'neg':
      return expressionColumns(expr.a);
    case 'in':
      return [...expressionColumns(expr.a), ...expr.list.flatMap(expressionColumns)];
    case 'bin':
      return [...expressionColumns(expr.a), ...expressionColumns(expr.b)];
  }
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return NUMERIC.test(value.trim()) ? Number(value) : undefined;
}

/** Truthiness the way the console treats filter results. */
export function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value !== '' && value !== '0';
}

function compare(a: Value, b: Value): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y ? 0 : x < y ? -1 : 1;
  const s = String(a);
  const t = String(b);
  return s === t ? 0 : s < t ? -1 : 1;
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

/** Evaluates an expression against one row. */
export function evaluate(expr: Expr, row: RowReader): Value {
  switch (expr.k) {
    case 'lit':
      return expr.v;
    case 'col':
      return row.value(expr.code) ?? '';
    case 'any':
      return row.anyValues().join(' ');
    case 'ago':
      return row.nowSecs - (asNumber(evaluate(expr.a, row)) ?? 0);
    case 'not':
      return !truthy(evaluate(expr.a, row));
    case 'neg':
      return -(asNumber(evaluate(expr.a, row)) ?? 0);
    case 'in': {
      const left = evaluate(expr.a, row);
      return expr.list.some((item) => compare(left, evaluate(item, row)) === 0);
    }
    case 'bin':
      return evaluateBinary(expr.op, expr.a, expr.b, row);
  }
}

function evaluateBinary(op: string, a: Expr, b: Expr, row: RowReader): Value {
  if (op === 'and') return truthy(evaluate(a, row)) && truthy(evaluate(b, row));
  if (op === 'or') return truthy(evaluate(a, row)) || truthy(evaluate(b, row));
  if (op === '=~') {
    const pattern = wildcard(String(evaluate(b, row)));
    if (a.k === 'any') return row.anyValues().some((value) => pattern.test(value));
    return pattern.test(String(evaluate(a, row)));
  }
  const left = evaluate(a, row);
  const right = evaluate(b, row);
  switch (op) {
    case '==':
      return compare(left, right) === 0;
    case '!=':
      return compare(left, right) !== 0;
    case '<':
      return compare(left, right) < 0;
    case '>':
      return compare(left, right) > 0;
    case '<=':
      return compare(left, right) <= 0;
    case '>=':
      return compare(left, right) >= 0;
  }
  const x = asNumber(left) ?? 0;
  const y = asNumber(right) ?? 0;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? 0 : x / y;
    default:
      return y === 0 ? 0 : x % y;
  }
}

/** One `OrderBy` key. */
export interface OrderKey {
  /** Column code as written, or `AccountId` / `PartnerId`. */
  readonly code: string;
  readonly descending: boolean;
}

/** Parses `"I1 ASC, TS DESC"`. Empty text gives no keys (order by AccountId). */
export function parseOrderBy(text: string): OrderKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const match = /^(\S+)(?:\s+(ASC|DESC))?$/i.exec(part);
      const code = match?.[1];
      if (!code || (code !== 'AccountId' && code !== 'PartnerId' && !parseColumnCode(code))) {
        throw invalidParams(`OrderBy: cannot sort by '${part}'`);
      }
      return { code, descending: match?.[2]?.toUpperCase() === 'DESC' };
    });
}

/** Compares two raw values for sorting (numeric when both look numeric). */
export function compareValues(a: string | undefined, b: string | undefined): number {
  return compare(a ?? '', b ?? '');
}

/** A parsed `Totals` entry such as `COUNT(AT==1)` or `SUM(I14)`. */
export interface TotalSpec {
  /** The text as requested (used as the result key). */
  readonly text: string;
  readonly fn: 'SUM' | 'COUNT' | 'MAX' | 'MIN';
  readonly expr: Expr;
}

/** Parses one `Totals` entry. */
export function parseTotal(text: string): TotalSpec {
  const match = /^\s*(SUM|COUNT|MAX|MIN)\s*\((.*)\)\s*$/is.exec(text);
  if (!match?.[1] || match[2] === undefined) throw invalidParams(`Totals: unsupported expression '${text}'`);
  return { text, fn: match[1].toUpperCase() as TotalSpec['fn'], expr: parseExpression(match[2], 'Totals') };
}

/** Computes a total over rows; the result is a string like every other value. */
export function computeTotal(spec: TotalSpec, rows: readonly RowReader[]): string {
  if (spec.fn === 'COUNT') return String(rows.filter((row) => truthy(evaluate(spec.expr, row))).length);
  const values = rows.map((row) => asNumber(evaluate(spec.expr, row)) ?? 0);
  if (spec.fn === 'SUM') return String(values.reduce((sum, v) => sum + v, 0));
  if (values.length === 0) return '0';
  return String(values.reduce((best, v) => (spec.fn === 'MAX' ? Math.max(best, v) : Math.min(best, v))));
}
