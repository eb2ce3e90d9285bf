/**
 * The server-rendered pages: the list with its form, a note with its attachments, the live page,
 * and the sign-in/out links that hand over to the host. Every link and redirect is built from
 * `req.baseUrl`, so the app works under any mount point.
 */
import express, { type Request, type Response, type Router } from 'express';
import { attachmentFrom, sendAttachment, singleUpload } from './attachments.js';
import { html, page, rawHtml } from './html.js';
import { streamEvents } from './live-events.js';
import { parseNoteInput } from './note-input.js';
import type { Note, NotesStore } from './notes-store.js';
import { hostUrl, identityOf, pageContext } from './request-context.js';

function noteForm(base: string, error?: string) {
  return html`<form method="post" action="${base}/notes" enctype="multipart/form-data" data-testid="new-note">
  ${error ? html`<p role="alert">${error}</p>` : ''}
  <label>Title <input type="text" name="title" required maxlength="200"></label>
  <label>Text <textarea name="body" rows="3"></textarea></label>
  <label>Attachment (optional) <input type="file" name="file"></label>
  <button type="submit">Create note</button>
</form>`;
}

function noteSummary(base: string, note: Note) {
  return html`<div class="note"><a href="${base}/notes/${note.id}">${note.title}</a>
  <small>${note.attachments.length} attachment(s) · ${note.createdAt}</small></div>`;
}

/** A value as a JavaScript literal that is safe inside a <script> element. */
function scriptValue(value: unknown) {
  return rawHtml(JSON.stringify(value).replace(/</g, '\\u003c'));
}

function notFound(req: Request, res: Response): void {
  res
    .status(404)
    .type('html')
    .send(page(pageContext(req), 'Not found', html`<p>No such note of yours.</p>`));
}

/** Builds the page router. */
export function pageRoutes(store: NotesStore, uploadDir: string, maxFileSize: number): Router {
  const pages = express.Router();
  const upload = singleUpload(uploadDir, maxFileSize);

  // Without a host session these pages hand over to the host; everything else needs a user.
  pages.get('/login', (req, res) => {
    const target = hostUrl(req, 'signInUrl');
    if (target) return res.redirect(303, target);
    res
      .type('html')
      .send(page(pageContext(req), 'Sign in', html`<p>This app has no accounts of its own: sign in on the site that embeds it.</p>`));
  });
  pages.get('/logout', (req, res) => {
    const target = hostUrl(req, 'signOutUrl');
    if (target) return res.redirect(303, target);
    res.type('html').send(page(pageContext(req), 'Sign out', html`<p>Sign out on the site that embeds this app.</p>`));
  });

  pages.use((req, res, next) => {
    if (identityOf(req)) return next();
    res
      .status(401)
      .type('html')
      .send(page(pageContext(req), 'Sign-in required', html`<p>Please <a href="${req.baseUrl}/login">sign in</a> to see your notes.</p>`));
  });

  const owner = (req: Request) => identityOf(req)!.id;

  pages.get('/', (req, res) => {
    const notes = store.list(owner(req));
    res.type('html').send(
      page(
        pageContext(req),
        'My notes',
        html`${noteForm(req.baseUrl)}
<h2>${notes.length} note(s)</h2>
<div data-testid="notes">${notes.map((note) => noteSummary(req.baseUrl, note))}</div>`,
      ),
    );
  });

  pages.post('/notes', upload, (req, res) => {
    const input = parseNoteInput(req.body);
    if (!input.ok) {
      res
        .status(400)
        .type('html')
        .send(page(pageContext(req), 'My notes', noteForm(req.baseUrl, input.error)));
      return;
    }
    const note = store.create(owner(req), input);
    if (req.file) store.addAttachment(owner(req), note.id, attachmentFrom(req.file));
    res.redirect(303, `${req.baseUrl}/notes/${note.id}`);
  });

  pages.get('/notes/:id', (req, res) => {
    const note = store.get(owner(req), req.params.id);
    if (!note) return notFound(req, res);
    const base = req.baseUrl;
    res.type('html').send(
      page(
        pageContext(req),
        note.title,
        html`<p data-testid="note-body">${note.body}</p>
<h2>Attachments</h2>
<ul data-testid="attachments">${note.attachments.map(
          (a) => html`<li><a href="${base}/notes/${note.id}/attachments/${a.id}" download>${a.filename}</a> (${a.size} bytes)</li>`,
        )}</ul>
<form method="post" action="${base}/notes/${note.id}/attachments" enctype="multipart/form-data" data-testid="attach">
  <label>Attach a file <input type="file" name="file" required></label>
  <button type="submit">Upload</button>
</form>
<form method="post" action="${base}/notes/${note.id}/delete"><button type="submit">Delete note</button></form>
<p><a href="${base}/">Back to my notes</a></p>`,
      ),
    );
  });

  pages.post('/notes/:id/attachments', upload, (req, res) => {
    const note = store.get(owner(req), String(req.params.id));
    if (!note) return notFound(req, res);
    if (!req.file) {
      res.status(400).type('text/plain').send('No file in the form field "file".');
      return;
    }
    store.addAttachment(owner(req), note.id, attachmentFrom(req.file));
    res.redirect(303, `${req.baseUrl}/notes/${note.id}`);
  });

  pages.get('/notes/:id/attachments/:attachmentId', (req, res) => {
    const attachment = store.get(owner(req), req.params.id)?.attachments.find((a) => a.id === req.params.attachmentId);
    if (!attachment) return notFound(req, res);
    sendAttachment(res, attachment);
  });

  pages.post('/notes/:id/delete', (req, res) => {
    if (!store.remove(owner(req), req.params.id)) return notFound(req, res);
    res.redirect(303, `${req.baseUrl}/`);
  });

  pages.get('/live', (req, res) => {
    res.type('html').send(
      page(
        pageContext(req),
        'Live',
        html`<p>Server time (server-sent events): <strong data-testid="clock">…</strong></p>
<p>Notes you create (here, in another tab, or through the API) appear below as they are created.</p>
<ul data-testid="live-events"></ul>
<script>
  const source = new EventSource(${scriptValue(`${req.baseUrl}/events`)});
  source.addEventListener('clock', (e) => { document.querySelector('[data-testid=clock]').textContent = JSON.parse(e.data).now; });
  source.addEventListener('note-created', (e) => {
    const li = document.createElement('li');
    li.textContent = 'created: ' + JSON.parse(e.data).title;
    document.querySelector('[data-testid=live-events]').prepend(li);
  });
</script>`,
      ),
    );
  });

  pages.get('/events', (req, res) => streamEvents(res, store, owner(req)));

  return pages;
}
