/**
 * The Assignments panel: what the instructor released, what the student fetched and
 * submitted, with Fetch, Submit and Fetch feedback. nbgrader's `assignment_list` server
 * extension does the work (GET courses, GET assignments, POST assignments/<action>).
 */
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { Texts } from './i18n';
import { ServerError, requestJSON } from './server';

/** One submission of an assignment, as nbgrader's exchange lists it. */
export interface Submission {
  timestamp: string;
  has_local_feedback: boolean;
  has_exchange_feedback: boolean;
  feedback_updated: boolean;
  local_feedback_path: string | null;
}

/** An assignment in one of its states: released, fetched (downloaded) or submitted. */
export interface Assignment {
  course_id: string;
  assignment_id: string;
  status: 'released' | 'fetched' | 'submitted';
  path?: string;
  notebooks?: { notebook_id: string; path: string }[];
  submissions?: Submission[];
}

/** nbgrader's replies: `value` is the result, or on failure the reason (a traceback). */
interface Reply<T> {
  success: boolean;
  value: T | string;
}

export type Action = 'fetch' | 'submit' | 'fetch_feedback';

/** Thrown when nbgrader answers but reports a failure; `reason` is its last line. */
class ExchangeFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].trim();
}

function valueOf<T>(reply: Reply<T>): T {
  if (!reply.success || typeof reply.value === 'string') {
    throw new ExchangeFailure(String(reply.value));
  }
  return reply.value;
}

/** Every assignment of every course the exchange knows. */
async function listAssignments(): Promise<Assignment[]> {
  const courses = valueOf(await requestJSON<Reply<string[]>>('courses'));
  const lists = await Promise.all(
    courses.map(async course =>
      valueOf(
        await requestJSON<Reply<Assignment[]>>(
          `assignments?course_id=${encodeURIComponent(course)}`
        )
      )
    )
  );
  return lists.flat();
}

/** Ask nbgrader to fetch, submit or fetch feedback for one assignment. */
async function act(action: Action, assignment: Assignment): Promise<Assignment[]> {
  const reply = await requestJSON<Reply<Assignment[]>>(`assignments/${action}`, {
    method: 'POST',
    body: JSON.stringify({
      course_id: assignment.course_id,
      assignment_id: assignment.assignment_id
    })
  });
  return valueOf(reply);
}

/** nbgrader's timestamp (`2026-12-02 14:20:05.123456 UTC`) in the student's locale. */
export function formatTimestamp(timestamp: string, texts: Texts): string {
  const iso = timestamp
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d*/, '$1')
    .replace(/\s*UTC$/, 'Z');
  const date = new Date(iso);
  if (isNaN(date.getTime())) {
    return timestamp;
  }
  return date.toLocaleString(texts.language === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short'
  });
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

/** The left-sidebar panel. `open` opens a path (a notebook, a feedback folder). */
export class AssignmentsPanel extends Widget {
  constructor(
    private readonly texts: Texts,
    private readonly open: (path: string) => void
  ) {
    super();
    this.id = 'backprop-assignments';
    this.addClass('backprop-assignments');
    this.title.caption = texts.t('assignments.caption');
    const header = element('div', 'backprop-assignments-header');
    header.appendChild(element('h2', '', texts.t('assignments.title')));
    const refresh = element('button', 'jp-Button backprop-assignments-refresh');
    refresh.textContent = texts.t('assignments.refresh');
    refresh.onclick = () => void this.refresh();
    header.appendChild(refresh);
    this.node.appendChild(header);
    this.node.appendChild(this.status);
    this.node.appendChild(this.lists);
  }

  /** Whenever the student opens the panel, it lists what the exchange holds now. */
  protected onAfterShow(message: Message): void {
    super.onAfterShow(message);
    void this.refresh();
  }

  /** List the assignments again and show them. */
  async refresh(): Promise<void> {
    this.say(this.texts.t('assignments.loading'));
    try {
      this.render(await listAssignments());
      this.say('');
    } catch (error) {
      this.render([]);
      this.fail(this.explain(error, reason => this.texts.t('assignments.list_failed', { reason })));
    }
  }

  private readonly status = element('p', 'backprop-assignments-status');
  private readonly lists = element('div', 'backprop-assignments-lists');

  private say(text: string): void {
    this.status.textContent = text;
    this.status.classList.remove('backprop-mod-error');
  }

  private fail(text: string): void {
    this.status.textContent = text;
    this.status.classList.add('backprop-mod-error');
  }

  /** One sentence for a failure; `withReason` words a reason nbgrader gave. */
  private explain(error: unknown, withReason: (reason: string) => string): string {
    if (error instanceof ServerError) {
      return this.texts.t('server_unreachable', { status: error.status });
    }
    if (error instanceof ExchangeFailure) {
      if (/exchange directory does not exist/.test(error.reason)) {
        return this.texts.t('assignments.no_exchange');
      }
      return withReason(lastLine(error.reason));
    }
    return withReason(String(error));
  }

  private render(assignments: Assignment[]): void {
    const t = this.texts.t.bind(this.texts);
    const multipleCourses = new Set(assignments.map(a => a.course_id)).size > 1;
    this.lists.replaceChildren(
      this.section('released', t('assignments.released'), t('assignments.none_released'),
        assignments.filter(a => a.status === 'released'), multipleCourses),
      this.section('fetched', t('assignments.fetched'), t('assignments.none_fetched'),
        assignments.filter(a => a.status === 'fetched'), multipleCourses),
      this.section('submitted', t('assignments.submitted'), t('assignments.none_submitted'),
        assignments.filter(a => a.status === 'submitted'), multipleCourses)
    );
  }

  private section(
    kind: Assignment['status'],
    heading: string,
    empty: string,
    assignments: Assignment[],
    showCourse: boolean
  ): HTMLElement {
    const section = element('section', `backprop-assignments-${kind}`);
    section.appendChild(element('h3', '', heading));
    if (assignments.length === 0) {
      section.appendChild(element('p', 'backprop-assignments-empty', empty));
      return section;
    }
    const list = element('ul', 'backprop-assignments-list');
    for (const assignment of assignments) {
      list.appendChild(this.item(kind, assignment, showCourse));
    }
    section.appendChild(list);
    return section;
  }

  private item(kind: Assignment['status'], assignment: Assignment, showCourse: boolean) {
    const t = this.texts.t.bind(this.texts);
    const item = element('li', 'backprop-assignment');
    item.dataset.assignment = assignment.assignment_id;
    const head = element('div', 'backprop-assignment-head');
    head.appendChild(element('span', 'backprop-assignment-name', assignment.assignment_id));
    if (showCourse) {
      head.appendChild(
        element('span', 'backprop-assignment-course', t('assignments.course', { course: assignment.course_id }))
      );
    }
    item.appendChild(head);
    const button = (action: Action, label: string) => {
      const node = element('button', `jp-Button backprop-assignment-${action}`, label);
      node.onclick = () => void this.run(action, assignment);
      head.appendChild(node);
    };
    if (kind === 'released') {
      button('fetch', t('assignments.fetch'));
    } else if (kind === 'fetched') {
      button('submit', t('assignments.submit'));
      const notebooks = element('ul', 'backprop-assignment-notebooks');
      for (const notebook of assignment.notebooks ?? []) {
        const entry = element('li', '');
        const link = element('a', 'backprop-assignment-notebook', notebook.notebook_id);
        link.href = '#';
        link.onclick = event => {
          event.preventDefault();
          this.open(notebook.path);
        };
        entry.appendChild(link);
        notebooks.appendChild(entry);
      }
      item.appendChild(notebooks);
    } else {
      const submissions = assignment.submissions ?? [];
      if (submissions.some(s => s.has_exchange_feedback)) {
        button('fetch_feedback', t('assignments.fetch_feedback'));
      }
      const list = element('ul', 'backprop-assignment-submissions');
      for (const submission of submissions) {
        const entry = element('li', '');
        entry.appendChild(
          element('span', 'backprop-assignment-timestamp',
            t('assignments.submitted_at', { timestamp: formatTimestamp(submission.timestamp, this.texts) }))
        );
        const feedback = submission.local_feedback_path;
        if (submission.has_local_feedback && feedback) {
          const link = element('a', 'backprop-assignment-feedback', t('assignments.open_feedback'));
          link.href = '#';
          link.onclick = event => {
            event.preventDefault();
            this.open(feedback);
          };
          entry.appendChild(link);
        }
        list.appendChild(entry);
      }
      item.appendChild(list);
    }
    return item;
  }

  private async run(action: Action, assignment: Assignment): Promise<void> {
    const name = assignment.assignment_id;
    const t = this.texts.t.bind(this.texts);
    this.say(t('assignments.working', { assignment: name }));
    try {
      await act(action, assignment);
      const assignments = await listAssignments();
      this.render(assignments);
      if (action === 'fetch') {
        const fetched = assignments.find(
          a => a.status === 'fetched' && a.assignment_id === name && a.course_id === assignment.course_id
        );
        if (fetched === undefined) {
          // nbgrader's fetch handler logs its failures and answers with the list alone.
          throw new ExchangeFailure(t('assignments.not_fetched'));
        }
        this.say(t('assignments.did_fetch', { assignment: name, path: fetched.path ?? name }));
      } else if (action === 'submit') {
        this.say(t('assignments.did_submit', { assignment: name }));
      } else {
        this.say(t('assignments.did_fetch_feedback', { assignment: name }));
      }
    } catch (error) {
      this.fail(
        this.explain(error, reason =>
          t('assignments.action_failed', {
            assignment: name,
            action: t(`assignments.action.${action}`),
            reason
          })
        )
      );
    }
  }
}
