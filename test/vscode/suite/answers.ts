// Answers the extension's questions in the tests and records them, in place of dialogs a test cannot
// click. Each kind of question takes the answers queued for it, in order; none queued means "cancel".
import type { PickItem, Prompts } from '../../../client/src/extension/prompts';

export interface Asked {
  kind: 'confirm' | 'error' | 'info' | 'pick' | 'input';
  message: string;
  actions: string[];
}

export class Answers implements Prompts {
  readonly asked: Asked[] = [];
  private queued: Record<Asked['kind'], (string | number | undefined)[]> = { confirm: [], error: [], info: [], pick: [], input: [] };

  /** Queue an answer: an action's title, for `pick` the index of the item, for `input` the text typed. */
  answer(kind: Asked['kind'], value: string | number | undefined): this {
    this.queued[kind].push(value);
    return this;
  }

  reset(): void {
    this.asked.length = 0;
    for (const k of Object.keys(this.queued) as Asked['kind'][]) this.queued[k] = [];
  }

  async confirm(message: string, _detail: string, ...actions: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'confirm', message, actions });
    return this.queued.confirm.shift() as string | undefined;
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'error', message, actions });
    return this.queued.error.shift() as string | undefined;
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'info', message, actions });
    return this.queued.info.shift() as string | undefined;
  }

  async pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', message: placeHolder, actions: items.map((i) => i.label) });
    const i = this.queued.pick.shift();
    return typeof i === 'number' ? items[i]?.value : undefined;
  }

  /** The text queued, checked as the input box checks it: a value it would not take is recorded as its message, and cancels. */
  async input(message: string, value: string, validate: (value: string) => string | undefined): Promise<string | undefined> {
    this.asked.push({ kind: 'input', message, actions: [value] });
    const typed = this.queued.input.shift() as string | undefined;
    const problem = typed === undefined ? undefined : validate(typed);
    if (problem) {
      this.asked.push({ kind: 'input', message: problem, actions: [] });
      return undefined;
    }
    return typed;
  }
}
