/**
 * The one way these pages create elements. Text always goes in as text nodes, never as HTML, so a
 * user-supplied string (an application named `<img onerror=…>`) can only ever be shown, not run.
 */
export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | EventListener;

export function h(tag: string, attrs: Record<string, AttrValue> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what the page's <main> shows, moves focus to its heading (screen readers hear the new page) and sets the title. */
export function showPage(title: string, appName: string, ...children: Child[]): void {
  const main = document.getElementById('main')!;
  main.replaceChildren();
  const heading = h('h1', { tabindex: '-1' }, title);
  append(main, [heading, ...children]);
  document.title = `${title} · ${appName}`;
  heading.focus();
}

let nextId = 0;
export const uniqueId = (prefix: string) => `${prefix}-${++nextId}`;

/** A labelled input with a place for its own error, tied together for assistive tools. */
export function field(label: string, name: string, opts: { type?: string; value?: string | null; required?: boolean; autocomplete?: string; multiline?: boolean; hint?: string } = {}): HTMLElement {
  const id = uniqueId(name);
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': name });
  const hint = opts.hint ? h('p', { class: 'hint', id: `${id}-hint` }, opts.hint) : null;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const common = { id, name, required: opts.required, autocomplete: opts.autocomplete ?? 'off', 'aria-describedby': describedBy };
  const input = opts.multiline
    ? h('textarea', { ...common, rows: 3 }, opts.value ?? '')
    : h('input', { ...common, type: opts.type ?? 'text', value: opts.value ?? undefined });
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint, input, error);
}

/** The form's trimmed text fields; empty optional ones are left out. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  return values;
}

/** Shows an error in words: beside each named field, and as a summary at the top of the form. */
export function showFormErrors(form: HTMLFormElement, summary: string, fields: Record<string, string> = {}): void {
  clearFormErrors(form);
  const box = form.querySelector<HTMLElement>('.form-error')!;
  box.textContent = summary;
  box.hidden = false;
  for (const [name, message] of Object.entries(fields)) {
    const slot = form.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
    const input = form.querySelector<HTMLElement>(`[name="${name}"]`);
    if (slot) slot.textContent = message;
    input?.setAttribute('aria-invalid', 'true');
  }
}

export function clearFormErrors(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLElement>('.form-error')!;
  box.textContent = '';
  box.hidden = true;
  form.querySelectorAll<HTMLElement>('.field-error').forEach((slot) => (slot.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

/** A form whose submit runs `onSubmit` with the button disabled meanwhile; errors show in words. */
export function form(label: string, submitLabel: string, fields: HTMLElement[], onSubmit: (form: HTMLFormElement) => Promise<void>): HTMLFormElement {
  const button = h('button', { type: 'submit' }, submitLabel) as HTMLButtonElement;
  const el = h('form', { 'aria-label': label, novalidate: true }, h('p', { class: 'form-error', role: 'alert', hidden: true }), ...fields, h('div', { class: 'actions' }, button)) as HTMLFormElement;
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    clearFormErrors(el);
    try {
      await onSubmit(el);
    } finally {
      button.disabled = false;
    }
  });
  return el;
}
