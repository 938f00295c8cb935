/**
 * The student's grading workflow of Backprop from Scratch in JupyterLab, in the student's
 * language: Validate (a notebook toolbar button and a command) and the Assignments panel
 * (fetch, submit, fetch feedback). It talks to nbgrader's own
 * server extensions and replaces nbgrader's English student-side plugins (package.json's
 * `disabledExtensions`).
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, ToolbarButton, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';
import { listIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

import { AssignmentsPanel } from './assignments';
import { Texts, languageOf } from './i18n';
import { ServerError } from './server';
import { renderReply, validateNotebook } from './validate';

const VALIDATE = 'backprop:validate';
const ASSIGNMENTS = 'backprop:assignments';

function bodyOf(node: HTMLElement): Widget {
  return new Widget({ node });
}

function paragraph(text: string, className: string): HTMLElement {
  const node = document.createElement('p');
  node.className = className;
  node.textContent = text;
  return node;
}

/** Save the notebook, have nbgrader validate it, and show the result in a dialog. */
async function validate(panel: NotebookPanel, texts: Texts): Promise<void> {
  const close = Dialog.okButton({ label: texts.t('close') });
  await panel.context.save();
  const path = panel.context.path;
  const pending = new Dialog({
    title: texts.t('validate.title'),
    body: bodyOf(paragraph(texts.t('validate.running', { path }), 'backprop-validate-running')),
    buttons: [close]
  });
  void pending.launch();
  let body: HTMLElement;
  try {
    body = renderReply(await validateNotebook(path), texts);
  } catch (error) {
    const status = error instanceof ServerError ? error.status : String(error);
    body = paragraph(texts.t('server_unreachable', { status }), 'backprop-validate-result');
  }
  pending.dispose();
  await showDialog({ title: texts.t('validate.title'), body: bodyOf(body), buttons: [close] });
}

const validatePlugin: JupyterFrontEndPlugin<void> = {
  id: 'backprop-grading:validate',
  description: 'Validate a notebook with nbgrader and show the result in the student language.',
  autoStart: true,
  requires: [INotebookTracker, ITranslator],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    translator: ITranslator,
    palette: ICommandPalette | null
  ) => {
    const texts = new Texts(languageOf(translator.languageCode));
    app.commands.addCommand(VALIDATE, {
      label: texts.t('validate.label'),
      caption: texts.t('validate.caption'),
      execute: async () => {
        const panel = tracker.currentWidget;
        if (panel === null) {
          await showDialog({
            title: texts.t('validate.title'),
            body: texts.t('validate.no_notebook'),
            buttons: [Dialog.okButton({ label: texts.t('close') })]
          });
          return;
        }
        await validate(panel, texts);
      }
    });
    palette?.addItem({ command: VALIDATE, category: texts.t('category') });
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (panel: NotebookPanel) => {
        const button = new ToolbarButton({
          className: 'backprop-validate-button',
          label: texts.t('validate.label'),
          tooltip: texts.t('validate.caption'),
          onClick: () => void validate(panel, texts)
        });
        // After the cell-type selector, where nbgrader's own Validate button was.
        if (!panel.toolbar.insertAfter('cellType', 'backprop-validate', button)) {
          panel.toolbar.addItem('backprop-validate', button);
        }
        return button;
      }
    });
  }
};

const assignmentsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'backprop-grading:assignments',
  description: 'The Assignments panel (fetch, submit, fetch feedback) in the student language.',
  autoStart: true,
  requires: [ITranslator],
  optional: [ICommandPalette, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null
  ) => {
    const texts = new Texts(languageOf(translator.languageCode));
    const panel = new AssignmentsPanel(texts, path => {
      const command = path.endsWith('.ipynb') ? 'docmanager:open' : 'filebrowser:go-to-path';
      void app.commands.execute(command, { path });
    });
    panel.title.icon = listIcon;
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);
    app.commands.addCommand(ASSIGNMENTS, {
      label: texts.t('assignments.open'),
      caption: texts.t('assignments.caption'),
      execute: () => {
        app.shell.activateById(panel.id);
      }
    });
    palette?.addItem({ command: ASSIGNMENTS, category: texts.t('category') });
  }
};

export default [validatePlugin, assignmentsPlugin];
