/**
 * Validate: nbgrader's `assignments/validate` endpoint runs the saved notebook the way the
 * grader will; this module asks for it and turns the reply into what the student reads.
 */
import { requestJSON } from './server';
import { Texts } from './i18n';

/** A grade cell whose checks failed, as nbgrader's Validator reports it. */
export interface FailedCell {
  source: string;
  raw_error: string;
}

/** The `value` of a successful reply: which kind of problem, and in which cells. */
export interface ValidationValue {
  failed?: FailedCell[];
  changed?: { source: string }[];
  type_changed?: { source: string; old_type: string; new_type: string }[];
}

/** nbgrader's reply: `value` is the result, or the reason it could not validate. */
export interface ValidationReply {
  success: boolean;
  value: ValidationValue | string;
}

/** Ask nbgrader to validate the notebook at `path` (relative to the server's root). */
export function validateNotebook(path: string): Promise<ValidationReply> {
  return requestJSON<ValidationReply>('assignments/validate', {
    method: 'POST',
    body: JSON.stringify({ path })
  });
}

// nbgrader's own English texts for a failed cell without an error output.
const NO_RESPONSE = 'You did not provide a response.';
const PARTIAL = 'Partial credit; passed some but not all of the tests';
// The exception the course's public checks raise: its message alone is what to fix.
const CHECK_FAILED = 'CheckFailed';
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*): ?(.*)$/;

/** What a failed cell tells the student: its check's message, or the exception raised. */
export function reasonOf(rawError: string, texts: Texts): string {
  const text = rawError.replace(ANSI, '').trim();
  if (text === NO_RESPONSE) {
    return texts.t('validate.no_response');
  }
  if (text === PARTIAL) {
    return texts.t('validate.partial');
  }
  // A traceback ends with `Name: message`; the message may span several lines.
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = EXCEPTION_LINE.exec(lines[i]);
    if (match && !lines[i].startsWith(' ')) {
      const message = [match[2], ...lines.slice(i + 1)].join('\n').trim();
      return match[1].endsWith(CHECK_FAILED) ? message : `${match[1]}: ${message}`;
    }
  }
  return text;
}

/** The first line of a cell: enough to tell the student which check it is. */
function firstLine(source: string): string {
  return source.split('\n').find(line => line.trim() !== '') ?? '';
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The result dialog's body for nbgrader's reply. */
export function renderReply(reply: ValidationReply, texts: Texts): HTMLElement {
  const body = element('div', 'backprop-validate-result');
  if (!reply.success || typeof reply.value === 'string') {
    const reason = String(reply.value);
    const message = /nbgrader metadata format/.test(reason)
      ? texts.t('validate.old_format')
      : texts.t('validate.error', { reason: lastLine(reason) });
    body.classList.add('backprop-mod-error');
    body.appendChild(element('p', 'backprop-validate-summary', message));
    return body;
  }
  const value = reply.value;
  const sources = (summary: string, cells: { source: string }[]) => {
    body.classList.add('backprop-mod-failed');
    body.appendChild(element('p', 'backprop-validate-summary', summary));
    const list = element('ul', 'backprop-validate-cells');
    for (const cell of cells) {
      const item = element('li', '');
      item.appendChild(element('code', 'backprop-validate-source', firstLine(cell.source)));
      list.appendChild(item);
    }
    body.appendChild(list);
  };
  if (value.type_changed?.length) {
    sources(texts.t('validate.type_changed'), value.type_changed);
  } else if (value.changed?.length) {
    sources(texts.t('validate.changed'), value.changed);
  } else if (value.failed?.length) {
    body.classList.add('backprop-mod-failed');
    const failed = value.failed;
    body.appendChild(
      element('p', 'backprop-validate-summary', texts.t('validate.failed', { n: failed.length }))
    );
    const list = element('ol', 'backprop-validate-checks');
    failed.forEach((cell, index) => {
      const item = element('li', 'backprop-validate-check');
      const head = element('div', 'backprop-validate-check-head');
      head.appendChild(element('strong', '', texts.t('validate.check', { n: index + 1 })));
      head.appendChild(element('code', 'backprop-validate-source', firstLine(cell.source)));
      item.appendChild(head);
      item.appendChild(element('pre', 'backprop-validate-reason', reasonOf(cell.raw_error, texts)));
      list.appendChild(item);
    });
    body.appendChild(list);
  } else {
    body.classList.add('backprop-mod-success');
    body.appendChild(element('p', 'backprop-validate-summary', texts.t('validate.success')));
  }
  return body;
}

function lastLine(text: string): string {
  const lines = text.replace(ANSI, '').trim().split('\n');
  return lines[lines.length - 1];
}
