/**
 * A `<Form method="post">` into the mount, sent as the browser sends a plain HTML form (what
 * `reloadDocument` does): the app gets the submission and the browser shows whatever it answers.
 */

/** What to submit: a form the browser can send by itself. */
export interface NativeSubmission {
  /** The absolute URL to post to. */
  action: string;
  enctype: 'application/x-www-form-urlencoded' | 'multipart/form-data';
  /** The fields in order; a name may repeat. */
  entries: Array<[string, string | File]>;
}

/**
 * The native form for `request`, or `undefined` when a browser form cannot send it (a method
 * other than POST, or a JSON or plain-text body). Reads a clone: `request` keeps its body.
 */
export async function nativeSubmission(request: Request): Promise<NativeSubmission | undefined> {
  if (request.method !== 'POST') return undefined;
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  let enctype: NativeSubmission['enctype'];
  if (type.startsWith('application/x-www-form-urlencoded')) enctype = 'application/x-www-form-urlencoded';
  else if (type.startsWith('multipart/form-data')) enctype = 'multipart/form-data';
  else return undefined;
  const entries: NativeSubmission['entries'] = [];
  for (const [name, value] of await request.clone().formData()) entries.push([name, value]);
  return { action: request.url, enctype, entries };
}

/**
 * Builds a hidden `<form>` for `submission` in `doc` and submits it (the page then unloads).
 * Returns `false`, sending nothing, when the document cannot carry a file field (no `DataTransfer`).
 */
export function submitNatively(submission: NativeSubmission, doc: Document): boolean {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const hasFiles = submission.entries.some(([, value]) => typeof value !== 'string');
  if (!view || (hasFiles && typeof view.DataTransfer !== 'function')) return false;
  const form = doc.createElement('form');
  form.method = 'post';
  form.action = submission.action;
  form.enctype = submission.enctype;
  form.acceptCharset = 'UTF-8';
  form.hidden = true;
  for (const [name, value] of submission.entries) {
    const input = doc.createElement('input');
    input.name = name;
    if (typeof value === 'string') {
      input.type = 'hidden';
      input.value = value;
    } else {
      input.type = 'file';
      const files = new view.DataTransfer();
      files.items.add(value);
      input.files = files.files;
    }
    form.append(input);
  }
  doc.body.append(form);
  // The prototype's submit: a field named "submit" cannot shadow it, and no submit event fires.
  view.HTMLFormElement.prototype.submit.call(form);
  return true;
}
