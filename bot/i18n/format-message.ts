/**
 * Fills a catalogue template: a small subset of ICU MessageFormat, the syntax translation tools know.
 *
 *   {name}                                           the parameter's value
 *   {n, plural, =0 {none} one {# item} other {# items}}   branch by the locale's plural rules; # is the number
 *   {channel, select, sms {SMS} other {email}}       branch by the value
 *
 * Branches may hold placeholders of their own. Unlike full ICU, apostrophes are plain text (the copy is full of
 * "don't" and "I'm") and there is no quoting: the copy never uses braces literally. A missing parameter renders
 * as nothing, like the `?? ''` of the texts this replaces.
 */

export type MessageParams = Readonly<Record<string, string | number | undefined>>;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'pound' }
  | { kind: 'plural' | 'select'; name: string; branches: Map<string, Part[]> };

/** A template that does not parse: a bug in the catalogue, caught by test/i18n. */
export class MessageSyntaxError extends Error {
  readonly code = 'message_syntax';
  constructor(template: string, reason: string) {
    super(`${reason} in message template "${template}"`);
    this.name = 'MessageSyntaxError';
  }
}

class Parser {
  private at = 0;
  constructor(private readonly template: string) {}

  parseAll(): Part[] {
    const parts = this.parseParts(false);
    if (this.at < this.template.length) this.fail(`unexpected "${this.template[this.at] ?? ''}"`);
    return parts;
  }

  /** Text and arguments up to the end, or up to the `}` closing a branch (not consumed). */
  private parseParts(inPlural: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.template.length) {
      const ch = this.template[this.at] ?? '';
      if (ch === '}') break;
      if (ch === '{') {
        flush();
        this.at += 1;
        parts.push(this.parseArgument());
        continue;
      }
      if (ch === '#' && inPlural) {
        flush();
        parts.push({ kind: 'pound' });
        this.at += 1;
        continue;
      }
      text += ch;
      this.at += 1;
    }
    flush();
    return parts;
  }

  /** After `{`: `name}`, or `name, plural|select, key {…} … }`. */
  private parseArgument(): Part {
    const name = this.word();
    if (!name) this.fail('argument without a name');
    this.spaces();
    if (this.eat('}')) return { kind: 'arg', name };
    if (!this.eat(',')) this.fail(`expected "," or "}" after "${name}"`);
    this.spaces();
    const type = this.word();
    if (type !== 'plural' && type !== 'select') this.fail(`unknown argument type "${type}"`);
    this.spaces();
    if (!this.eat(',')) this.fail(`expected "," after "${type}"`);
    const branches = new Map<string, Part[]>();
    for (;;) {
      this.spaces();
      if (this.eat('}')) break;
      const key = this.eat('=') ? `=${this.word()}` : this.word();
      if (!key || key === '=') this.fail(`branch without a key in "${name}"`);
      this.spaces();
      if (!this.eat('{')) this.fail(`expected "{" after branch "${key}"`);
      branches.set(key, this.parseParts(type === 'plural'));
      if (!this.eat('}')) this.fail(`unclosed branch "${key}"`);
    }
    if (!branches.has('other')) this.fail(`"${name}" has no "other" branch`);
    return { kind: type, name, branches };
  }

  private word(): string {
    const m = /^[\p{L}\p{N}_.-]+/u.exec(this.template.slice(this.at));
    this.at += m?.[0].length ?? 0;
    return m?.[0] ?? '';
  }

  private spaces(): void {
    while (/\s/u.test(this.template[this.at] ?? '')) this.at += 1;
  }

  private eat(ch: string): boolean {
    if (this.template[this.at] !== ch) return false;
    this.at += 1;
    return true;
  }

  private fail(reason: string): never {
    throw new MessageSyntaxError(this.template, `${reason} at ${this.at}`);
  }
}

const parsed = new Map<string, Part[]>();

function parse(template: string): Part[] {
  let parts = parsed.get(template);
  if (!parts) {
    parts = new Parser(template).parseAll();
    parsed.set(template, parts);
  }
  return parts;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: string, n: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(n);
}

function render(parts: readonly Part[], params: MessageParams, locale: string, count: number | undefined): string {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'arg':
        out += String(params[part.name] ?? '');
        break;
      case 'pound':
        out += count === undefined ? '' : String(count);
        break;
      case 'plural': {
        const value = params[part.name];
        const n = typeof value === 'number' ? value : undefined;
        const branch =
          (n !== undefined
            ? (part.branches.get(`=${n}`) ?? part.branches.get(pluralCategory(locale, n)))
            : undefined) ?? part.branches.get('other');
        out += render(branch ?? [], params, locale, n);
        break;
      }
      case 'select': {
        const value = params[part.name];
        const branch =
          (value !== undefined ? part.branches.get(String(value)) : undefined) ?? part.branches.get('other');
        out += render(branch ?? [], params, locale, count);
        break;
      }
    }
  }
  return out;
}

/** The template with its placeholders filled; `locale` (a BCP 47 tag) picks the plural rules. */
export function formatMessage(template: string, params: MessageParams, locale: string): string {
  return render(parse(template), params, locale, undefined);
}

/** The parameter names a template uses, branches included (for checking that translations agree). */
export function placeholdersOf(template: string): Set<string> {
  const names = new Set<string>();
  const walk = (parts: readonly Part[]): void => {
    for (const part of parts) {
      if (part.kind === 'arg') names.add(part.name);
      if (part.kind === 'plural' || part.kind === 'select') {
        names.add(part.name);
        for (const branch of part.branches.values()) walk(branch);
      }
    }
  };
  walk(parse(template));
  return names;
}
